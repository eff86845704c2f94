"""Read the ``[tool.memo]`` table of the project's pyproject.toml into typed settings.

A small reader rather than a pydantic model: every command reads the settings
before anything else, and importing pydantic and building a model for ten keys
cost each of them about 0.1 s of start-up. The messages are pydantic's, word for
word (tests/test_config.py holds the old model as the reference), so an editor
sees what they saw before; a wrong value is still an error, never a default.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from memo import toml_cache
from memo.problems import MemoError, error
from memo.record import Record, replace

# Patterns are compiled on their first match (re caches them), not at import: most projects set no language,
# no book and no number as text, and every command reads the settings before its first file.
# A BCP 47 language tag as editors write them: en-GB, en-US, fr, ar, zh-Hans-CN.
LANG_PATTERN = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"
# A whole number written as text, as pydantic's lax mode takes it: "90", "+5", "1_000", "90.0" (ASCII digits only).
_INT_TEXT = r"[+-]?[0-9](?:_?[0-9])*(?:\.0+)?"

Paper = Literal["A4", "Letter"]
# Security markings from least to most restrictive, for a briefing book's cover (its most restrictive memo's).
CLASSIFICATIONS = ("UNCLASSIFIED", "CONFIDENTIAL", "SECRET", "TOP SECRET")
_SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"
Format = Literal["pdf", "docx", "html"]
PdfVariant = Literal["pdf/ua-1", "pdf/a-3b"]


class Settings(Record):
    """Project settings; a wrong value is an error, never a silent fallback to a default."""

    classification: str = "UNCLASSIFIED"
    author: str = "Policy Analysis Unit"
    stale_days: int = 90
    paper: Paper = "A4"
    template: str = "memo"
    formats: tuple[Format, ...] = ("pdf", "docx", "html")
    output: str = "output"
    max_file_bytes: int = 256_000
    lang: str = "en-GB"
    classifications: tuple[str, ...] = CLASSIFICATIONS  # for books: least to most restrictive
    books: dict[str, BookSpec] = {}  # noqa: RUF012 (shared, as a default: read, never changed)
    pdf_variant: PdfVariant = "pdf/ua-1"
    # A bundled CSL style's name (memo.bundled_styles.BUNDLED) or a path to a .csl file, relative to pyproject.toml.
    # None: the template set's style (its set.toml), else memo.cite.DEFAULT_STYLE.
    citation_style: str | None = None

    def model_dump(self, mode: str = "json") -> dict[str, Any]:
        """Every setting a memo depends on, by field name, as JSON values (the cache key hashes this; the name
        is pydantic's). Books and the classifications list shape books only: editing them rebuilds no memo."""
        data = dict(self.__dict__)  # as dataclasses.asdict: the values kept are flat (strings, numbers, None)
        data["formats"] = list(self.formats)
        del data["classifications"], data["books"]
        return data

    def model_copy(self, update: dict[str, Any] | None = None) -> Settings:
        """A copy with some settings changed, unchecked (as pydantic's); tests render with other paper sizes."""
        return replace(self, **(update or {}))


class BookSpec(Record):
    """A briefing book as ``[tool.memo.books.NAME]`` defines it: its cover and its topics in order."""

    title: str
    topics: tuple[str, ...]
    subtitle: str | None = None
    audience: str | None = None
    edition: str | None = None  # printed on the cover; by default a fingerprint of the book's content


Loc = tuple[str | int, ...]


class Invalid(ValueError):
    """Wrong values, each as (key path below the value checked, pydantic's message)."""

    def __init__(self, *errors: tuple[Loc, str]) -> None:
        super().__init__("; ".join(message for _, message in errors))
        self.errors = errors


def _wrong(message: str) -> Invalid:
    return Invalid(((), message))


def _text(min_length: int = 0, pattern: str | None = None) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if not isinstance(value, str):
            raise _wrong("Input should be a valid string")
        if len(value) < min_length:
            raise _wrong(f"String should have at least {min_length} character{'s' if min_length > 1 else ''}")
        if pattern is not None and not re.fullmatch(pattern, value):
            raise _wrong(f"String should match pattern '{pattern}'")
        return value

    return check


def _whole(ge: int) -> Callable[[Any], int]:
    def check(value: Any) -> int:
        if isinstance(value, bool):  # pydantic took `true` as 1; a yes/no is not a number of days
            raise _wrong("Input should be a valid integer")
        if isinstance(value, float):
            if not math.isfinite(value):
                raise _wrong("Input should be a finite number")
            if not value.is_integer():
                raise _wrong("Input should be a valid integer, got a number with a fractional part")
            if abs(value) >= 2**63:  # pydantic-core reads a float as a whole number within a 64-bit integer
                raise _wrong("Unable to parse input string as an integer, exceeded maximum size")
            value = int(value)
        elif isinstance(value, str):
            text = value.strip()
            if not re.fullmatch(_INT_TEXT, text):
                raise _wrong("Input should be a valid integer, unable to parse string as an integer")
            from memo.rules import whole_text  # only for a number written as text, rare in pyproject.toml

            errors: list[dict[str, Any]] = []
            value = whole_text(text, (), errors, text)
            if errors:  # past 4,300 significant digits
                raise _wrong(errors[0]["msg"])
        elif not isinstance(value, int):
            raise _wrong("Input should be a valid integer")
        if value < ge:
            raise _wrong(f"Input should be greater than or equal to {ge}")
        return value

    return check


def _one_of(*choices: str) -> Callable[[Any], str]:
    expected = "Input should be " + (
        f"'{choices[0]}'" if len(choices) == 1 else ", ".join(f"'{c}'" for c in choices[:-1]) + f" or '{choices[-1]}'"
    )

    def check(value: Any) -> str:
        if not (isinstance(value, str) and value in choices):
            raise _wrong(expected)
        return value

    return check


def _list_of(item: Callable[[Any], Any]) -> Callable[[Any], tuple[Any, ...]]:
    def check(value: Any) -> tuple[Any, ...]:
        if not isinstance(value, list | tuple):
            raise _wrong("Input should be a valid list")
        out: list[Any] = []
        wrong: list[tuple[Loc, str]] = []
        for i, v in enumerate(value):
            try:
                out.append(item(v))
            except Invalid as exc:
                wrong.extend(((i, *loc), message) for loc, message in exc.errors)
        if wrong:
            raise Invalid(*wrong)
        return tuple(out)

    return check


_BOOK_KEYS = {
    "title": _text(min_length=1),
    "topics": _list_of(_text(pattern=_SLUG)),
    "subtitle": _text(min_length=1),
    "audience": _text(min_length=1),
    "edition": _text(min_length=1),
}


def _book(value: Any) -> BookSpec:
    if not isinstance(value, dict):
        raise _wrong("Input should be a table ([tool.memo.books.NAME] with title and topics)")
    wrong: list[tuple[Loc, str]] = []
    values: dict[str, Any] = {}
    for key, check in _BOOK_KEYS.items():
        if key in value:
            try:
                values[key] = check(value[key])
            except Invalid as exc:
                wrong.extend(((key, *loc), message) for loc, message in exc.errors)
        elif key in ("title", "topics"):
            wrong.append(((key,), "Field required"))
    wrong.extend(((k,), "Extra inputs are not permitted") for k in value if k not in _BOOK_KEYS)
    if not wrong and not values["topics"]:
        wrong.append((("topics",), "List should have at least 1 item"))
    if not wrong and len(set(values["topics"])) != len(values["topics"]):
        wrong.append((("topics",), "a topic is listed twice"))
    if wrong:
        raise Invalid(*wrong)
    return BookSpec(**values)


def _books(value: Any) -> dict[str, BookSpec]:
    if not isinstance(value, dict):
        raise _wrong("Input should be a table of books ([tool.memo.books.NAME])")
    out, wrong = {}, []
    for name, spec in value.items():
        if not re.fullmatch(_SLUG, name) or name == "all":
            wrong.append(((name,), "a book's name is its file's: lower-case letters, digits and hyphens, not 'all'"))
            continue
        try:
            out[name] = _book(spec)
        except Invalid as exc:
            wrong.extend(((name, *loc), message) for loc, message in exc.errors)
    if wrong:
        raise Invalid(*wrong)
    return out


def _classifications(value: Any) -> tuple[str, ...]:
    found = _list_of(_text(min_length=1))(value)
    if not found:
        raise _wrong("List should have at least 1 item")
    if len({c.strip().casefold() for c in found}) != len(found):
        raise _wrong("a marking is listed twice")
    return found


# (the Settings field, the key editors write in [tool.memo], its check)
_KEYS: tuple[tuple[str, str, Callable[[Any], Any]], ...] = (
    ("classification", "classification", _text(min_length=1)),
    ("author", "author", _text(min_length=1)),
    ("stale_days", "stale-days", _whole(ge=1)),
    ("paper", "paper", _one_of("A4", "Letter")),
    ("template", "template", _text()),
    ("formats", "formats", _list_of(_one_of("pdf", "docx", "html"))),
    ("output", "output", _text()),
    ("max_file_bytes", "max-file-bytes", _whole(ge=1_000)),
    ("lang", "lang", _text(pattern=LANG_PATTERN)),
    ("classifications", "classifications", _classifications),
    ("books", "books", _books),
    ("pdf_variant", "pdf-variant", _one_of("pdf/ua-1", "pdf/a-3b")),
    ("citation_style", "citation-style", _text(min_length=1)),
)


def parse_settings(table: Any) -> Settings:
    """The settings of a ``[tool.memo]`` table, or every wrong value at once as one ``Invalid``."""
    if not isinstance(table, dict):
        raise _wrong("Input should be a valid dictionary or instance of Settings")
    values: dict[str, Any] = {}
    wrong: list[tuple[Loc, str]] = []
    used: set[str] = set()
    for name, alias, check in _KEYS:
        # The editor's spelling (stale-days) first, then the field name (stale_days), as pydantic did.
        written = alias if alias in table else name if name in table else None
        if written is None:
            continue
        used.add(written)
        try:
            values[name] = check(table[written])
        except Invalid as exc:
            wrong.extend(((written, *loc), message) for loc, message in exc.errors)
    wrong.extend(((k,), "Extra inputs are not permitted") for k in table if k not in used)
    if wrong:
        raise Invalid(*wrong)
    return Settings(**values)


def table_line(text: str) -> int:
    """The line of the ``[tool.memo]`` header, where a problem with no line of its own is reported."""
    return next((i + 1 for i, t in enumerate(text.splitlines()) if t.strip() == "[tool.memo]"), 1)


def read_settings(pyproject: Path) -> Settings:
    text = pyproject.read_text(encoding="utf-8")
    try:
        table = toml_cache.loads(text).get("tool", {}).get("memo", {})
    except toml_cache.TomlError as exc:
        raise MemoError([error(pyproject, exc.line, exc.col, str(exc))]) from None
    line = table_line(text)
    try:
        settings = parse_settings(table)
    except Invalid as exc:
        raise MemoError(
            [
                error(pyproject, *key_line(text, loc, line), f"[tool.memo] {'.'.join(map(str, loc))}: {msg}")
                for loc, msg in exc.errors
            ]
        ) from None
    from memo.bundled_styles import BUNDLED

    style = settings.citation_style
    if style is not None and style not in BUNDLED:  # a path: made absolute here, so the builder needs no project root
        path = (pyproject.parent / style).resolve()
        if path.suffix != ".csl" or not path.is_file():
            message = f"[tool.memo] citation-style: '{style}' is neither a bundled style ({', '.join(BUNDLED)}) nor a .csl file"
            raise MemoError([error(pyproject, line, 1, message)])
        settings = settings.model_copy(update={"citation_style": str(path)})
    return settings


def key_line(text: str, loc: Loc, table_line: int) -> tuple[int, int]:
    """(line, column) of a wrong value: a book's key under its own ``[tool.memo.books.NAME]`` table, the
    ``classifications`` line; any other key at the ``[tool.memo]`` line, as before."""
    lines = text.splitlines()
    if loc[:1] == ("books",) and len(loc) > 1:
        header = next((i for i, t in enumerate(lines) if t.strip() == f"[tool.memo.books.{loc[1]}]"), None)
        if header is None:
            return table_line, 1
        if len(loc) > 2:
            for i in range(header + 1, len(lines)):
                if lines[i].lstrip().startswith("["):
                    break
                if re.match(rf"\s*{re.escape(str(loc[2]))}\s*=", lines[i]):
                    return i + 1, lines[i].index("=") + 3 if "=" in lines[i] else 1
        return header + 1, 1
    if loc[:1] == ("classifications",):
        for i, t in enumerate(lines):
            if re.match(r"\s*classifications\s*=", t):
                return i + 1, t.index("=") + 3
    return table_line, 1


def has_memo_table(pyproject: Path) -> bool:
    try:
        return "memo" in toml_cache.loads(pyproject.read_text(encoding="utf-8")).get("tool", {})
    except (OSError, UnicodeDecodeError, toml_cache.TomlError):
        return False
