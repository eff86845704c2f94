"""Turn one loaded YAML document into a typed model, or into problems at exact positions.

memo.rules checks types and keys against the models' field tables and lists its
errors as pydantic did (the models were pydantic's); this module translates them
into the one-line shape editors see, pointing at the offending value (or, for an
unknown key, at the key) with a did-you-mean where one helps.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, TypeVar

from memo.models import MAX_TEXT, Expected
from memo.problems import Problem, error
from memo.rules import FAIL, Model, known_keys, validate_model
from memo.yamlio import QUOTE_IT, YamlDoc

M = TypeVar("M", bound=Model)

_EXPECTED = {
    "string_type": "expected text",
    "list_type": "expected a list (lines starting with '- ')",
    "dict_type": "expected a mapping of keys",
    "model_type": "expected a mapping of keys",
    "model_attributes_type": "expected a mapping of keys",
    "date_type": "expected a date such as 2025-04-27",
    "int_type": "expected a whole number",
}


def key_path(loc: tuple[str | int, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def suggest(word: str, choices: list[str]) -> str:
    """A did-you-mean, ignoring case: 'url' finds 'URL', 'Draft' finds 'draft'."""
    import difflib  # only for a mistake: a build of good files need not load it

    lower = {c.lower(): c for c in choices}
    match = difflib.get_close_matches(word.lower(), list(lower), n=1, cutoff=0.6)
    return f"; did you mean '{lower[match[0]]}'?" if match else ""


def check(doc: YamlDoc, model: type[M]) -> tuple[M | None, list[Problem]]:
    if not isinstance(doc.data, dict):
        m = doc.mark(())
        found = describe_value(doc.data)
        return None, [error(doc.path, m.line, m.col, f"expected a mapping of keys such as 'title:', found {found}")]
    errors: list[dict[str, Any]] = []
    value = validate_model(model, doc.data, (), errors)
    if value is not FAIL:
        return value, []
    return None, problems_of(doc, model, errors)


def problems_of(doc: YamlDoc, model: type[Model], errors: list[dict[str, Any]]) -> list[Problem]:
    """One problem per error, in pydantic's error shape; the alternatives of a union (a source's date) make
    several errors about one value, of which the first is kept."""
    problems, seen = [], set()
    for e in errors:
        loc = _real_loc(doc.data, tuple(e["loc"]))
        if loc != tuple(e["loc"]):  # one of several alternatives pydantic tried (a union): one line per value
            if loc in seen:
                continue
            seen.add(loc)
        problems.append(_problem(doc, model, {**e, "loc": loc}))
    return problems


def _real_loc(data: Any, loc: tuple[str | int, ...]) -> tuple[str | int, ...]:
    """The part of an error's location that names keys and items of the file; a union (as pydantic's) appends
    the names of its alternatives ('date', 'constrained-str', 'CslDate') when a value has several."""
    for n, part in enumerate(loc):
        in_dict = isinstance(data, dict) and part in data
        if in_dict or (isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data)):
            data = data[part]
        elif isinstance(data, dict) and n == len(loc) - 1:
            return loc  # a missing or unknown key, named by the file's own words
        else:
            return loc[:n]
    return loc


def _problem(doc: YamlDoc, model: type[Model], e: Any) -> Problem:
    loc: tuple[str | int, ...] = tuple(e["loc"])
    kind = e["type"]
    if kind == "missing":
        parent = loc[:-1]
        m = doc.key_marks.get(parent) or doc.mark(parent)
        where = f"{key_path(parent)}: " if parent else ""
        return error(doc.path, m.line, m.col, f"{where}missing required key '{loc[-1]}'")
    if kind == "extra_forbidden":
        m = doc.key_marks.get(loc) or doc.mark(loc)
        hint = suggest(str(loc[-1]), known_keys(model, loc[:-1]))
        where = f" in {key_path(loc[:-1])}" if loc[:-1] else ""
        return error(doc.path, m.line, m.col, f"'{loc[-1]}' is not a known key{where}{hint}")
    m = doc.mark(loc)
    value = e.get("input")
    if kind == "string_type" and isinstance(value, dict) and len(value) == 1 and doc.text[m.start : m.start + 1] != "{":
        # '- Talks: what next' reads as a key and its value
        what = f"expected text, found a mapping: ': ' inside the text starts one; {QUOTE_IT}"
        return error(doc.path, m.line, m.col, f"{key_path(loc)}: {what}")
    where = f"{key_path(loc)}: " if loc else ""  # a rule about the whole file, such as title-or-genre
    return error(doc.path, m.line, m.col, f"{where}{_describe(e)}")


def _describe(e: Any) -> str:
    kind, value = e["type"], e.get("input")
    if kind == "value_error":
        problem = e["ctx"]["error"]
        return f"{problem}, found {describe_value(value)}" if isinstance(problem, Expected) else str(problem)
    if kind == "literal_error":
        choices = [c.strip(" '") for c in e["ctx"]["expected"].replace(" or ", ", ").split(",")]
        shown = ", ".join(choices) if len(choices) <= 6 else ", ".join(choices[:6]) + ", ..."
        hint = suggest(str(value), choices) if isinstance(value, str) else ""
        return f"expected one of {shown}; found {describe_value(value)}{hint}"
    if kind in ("string_too_short", "too_short"):
        return "must not be empty" if kind == "string_too_short" else "needs at least one item"
    if kind == "string_too_long":
        limit = e["ctx"]["max_length"]
        hint = "split it, or move detail to a source" if limit >= MAX_TEXT else "a heading: keep it to a line"
        return f"is {len(value):,} characters; the limit is {limit:,} ({hint})"
    if kind == "too_long":
        return f"has {len(value):,} items; the limit is {e['ctx']['max_length']:,} (split the topic)"
    expected = _EXPECTED.get(kind, e["msg"].lower())
    return f"{expected}, found {describe_value(value)}"


def describe_value(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"a yes/no value ({str(value).lower()})"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, datetime):
        return f"a date and time ({value.isoformat(sep=' ')})"
    if isinstance(value, date):
        return f"a date ({value.isoformat()})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    text = str(value)
    return repr(text if len(text) <= 40 else text[:37] + "...")
