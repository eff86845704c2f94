"""The field tables (memo.models, memo.rules) answer exactly as the pydantic models of memo.schema_models.

pydantic checked every file until its start-up cost each command 0.15 s (issue 16); the pydantic models
remain the specification `memo schema` publishes, and here the reference: every document below must give
the same problems (message, line, column, order) or the same values, from both.
"""

from __future__ import annotations

import copy
import datetime
import math
import pickle
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from memo import models, schema_models
from memo.validate import check, problems_of
from memo.yamlio import YamlDoc, YamlProblem, parse
from tests.conftest import REPO

PAIRS = {models.Briefing: schema_models.Briefing, models.Source: schema_models.Source}
FILE = Path("briefings/x.yaml")


def reference(doc: YamlDoc, model: type[models.Model]) -> tuple[Any, list[Any]]:
    """What memo.validate.check answered when the models were pydantic's."""
    if not isinstance(doc.data, dict):
        return check(doc, model)  # answered before any model is asked
    try:
        return PAIRS[model].model_validate(doc.data), []
    except ValidationError as exc:
        return None, problems_of(doc, model, list(exc.errors()))


def dump(value: Any) -> str:
    """Both kinds of model as one text, types included (True is not 1): every key, None too."""

    def plain(v: Any) -> Any:
        if isinstance(v, BaseModel):
            v = {(f.alias or n): getattr(v, n) for n, f in type(v).model_fields.items()}
        elif isinstance(v, models.Model):
            v = {f.key: getattr(v, f.name) for f in v.FIELDS}
        if isinstance(v, dict):
            return {k: plain(x) for k, x in v.items()}
        if isinstance(v, list):
            return [plain(x) for x in v]
        return (type(v).__name__, v)

    return repr(plain(value))


def assert_same(doc: YamlDoc, model: type[models.Model]) -> None:
    want, want_problems = reference(doc, model)
    got, got_problems = check(doc, model)
    assert got_problems == want_problems
    assert dump(got) == dump(want)
    if model is models.Source and got is not None:
        assert got.csl() == want.csl()


def doc_of(data: Any) -> YamlDoc | None:
    """The document as an editor would have written it, with the positions of its keys and values."""
    text = yaml.dump(data, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), allow_unicode=True, sort_keys=False)
    try:
        return parse(FILE, text)
    except YamlProblem:  # text YAML refuses to read back; not what this test is about
        return None


@pytest.mark.parametrize("path", sorted([*REPO.glob("briefings/*.yaml"), *REPO.glob("seeds/*.yaml")]), ids=str)
def test_every_shipped_file_checks_the_same(path: Path) -> None:
    doc = parse(path, path.read_text(encoding="utf-8"))
    model = models.Source if path.parent.name == "seeds" else models.Briefing
    assert_same(doc, model)
    value = check(doc, model)[0]
    assert value is not None
    assert pickle.loads(pickle.dumps(value)) == value  # as a build sends it to its worker processes


def test_the_tables_have_the_models_keys_in_their_order() -> None:
    for model, spec in PAIRS.items():
        assert [f.key for f in model.FIELDS] == [f.alias or n for n, f in spec.model_fields.items()]
        assert [f.name for f in model.FIELDS] == list(spec.model_fields)


BRIEFING = {
    "title": "Grain talks",
    "as_of": datetime.date(2025, 4, 27),
    "status": "draft",
    "summary": "The talks resume.",
    "developments": [{"date": "2025-04", "title": "Talks", "detail": "Met."}],
    "perspectives": {"optimistic": {"summary": "Hope.", "points": ["A deal [@a]."]}, "sceptical": {"points": ["No."]}},
    "quotes": [{"text": "We will.", "speaker": "A. Minister", "role": "Minister", "source": "a"}],
}
SOURCE = {
    "id": "a",
    "type": "report",
    "title": "A report",
    "author": [{"family": "Doe", "given": "Jane"}],
    "issued": {"date-parts": [[2025, 4, 27]]},
}
# Every key of every model, at one place each: the value there is replaced by each edge value in turn.
PLACES = [
    *[("briefing", (f.key,)) for f in models.Briefing.FIELDS],
    *[("briefing", ("perspectives", "optimistic", key)) for key in ("summary", "points")],
    ("briefing", ("perspectives", "sceptical")),
    ("briefing", ("perspectives", "optimistic", "points", 0)),
    *[("briefing", ("developments", 0, key)) for key in ("date", "title", "detail")],
    *[("briefing", ("quotes", 0, key)) for key in ("text", "speaker", "role", "source")],
    ("briefing", ("key_points", 0)),
    *[("source", (key,)) for key in [f.key for f in models.Source.FIELDS][:10]],
    *[("source", (key,)) for key in ("volume", "editor", "event-date", "container-title", "DOI")],
    *[("source", ("author", 0, f.key)) for f in models.Name.FIELDS],
    ("source", ("author", 0)),
    *[("source", ("issued", f.key)) for f in models.CslDate.FIELDS],
    ("source", ("issued", "date-parts", 0)),
    ("source", ("issued", "date-parts", 0, 0)),
]
REMOVE = object()


def put(data: Any, path: tuple[str | int, ...], value: Any) -> Any:
    """``data`` with the value at ``path`` replaced (or removed), copying only the containers on the path."""
    head, *rest = path
    data = copy.copy(data)
    if rest:
        data[head] = put(data[head], tuple(rest), value)
    elif value is REMOVE:
        if head in data or isinstance(data, list):
            del data[head]
    else:
        data[head] = value
    return data


# Values chosen at the edges of each rule: whitespace, lengths at and past the limits, dates and times,
# numbers as text, yes/no words, and near-misses of keys and choices.
EDGES = [
    "", " ", "x", " x ", "Draft", "draft", " draft", "review", "approved", "report", "webpage", "Report",
    "2025", "2025-04", " 2025-04 ", "2025-13", "2025-04-27", " 2025-04-27 ", "2025-02-30", "20250427",
    "Ongoing", "ongoing talks", "1", "0", "yes", "Off", " true ", "t", "2", "1_000", "+5", "90.0", "1e3",
    "http://example.org/a", " https://a.b ", "ftp://x", "www.x.org", "en", "EN", " en-GB ", "zh-Hans-CN",
    "a-b", "A", "a--b", "grain-talks", "Talks: next", "l" * 300, "m" * 301, " " + "n" * 300 + " ",
    "t" * 10_000, "u" * 10_001, "w " * 40, "w " * 41, "a\n\nb", "\n\n".join(["p"] * 101), "p\n\n" * 100,
    "2025.", "2025.00", "1" * 4300, "1" * 4301, "0" * 4301 + "7", "-" + "9" * 4301,
]  # fmt: skip
NUMBERS = [0, 1, 2, -1, 12, 999, 1000, 2025, 9999, 10000, 0.0, 1.0, 1.5, 2025.0, math.inf, -math.inf, math.nan]
# where pydantic-core's 64-bit integers end: a float past them is no whole number, an int past them no yes/no
NUMBERS += [2**63 - 1, 2**63, -(2**63), -(2**63) - 1, 9.2e18, 1e19, float(2**63), -float(2**63)]
SCALAR = st.one_of(
    st.none(),
    st.booleans(),
    st.sampled_from(NUMBERS),
    st.sampled_from(EDGES),
    st.text(st.sampled_from("ab -:#'\u00e9\u0663\t\n\u00a0"), max_size=6),
    st.dates(datetime.date(999, 1, 1), datetime.date(3000, 1, 1)),
    st.datetimes(datetime.datetime(2000, 1, 1), datetime.datetime(2030, 1, 1)),
)
NEAR_MISSES = ["titel", "Title", "url", "date_parts", "comma_suffix", "dropping_particle", "as-of", "foo"]
NEAR_MISSES += ["date", "constrained-str", "CslDate", "int", "str", "points", "family"]
JUNK = st.recursive(
    SCALAR,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(NEAR_MISSES), inner, max_size=2),
    max_leaves=6,
)
TEXT = st.sampled_from(["Talks", " Grain deal ", "x", "A point [@a]", "Ceasefire: next"]) | st.text(
    st.sampled_from("abc ,.\u00e9"), min_size=1, max_size=10
)
SLUGS = st.sampled_from(["a", "grain-talks", "x1", " a "]) | st.sampled_from(["Bad", "a--b", ""])
DAY = st.dates(datetime.date(2000, 1, 1), datetime.date(2030, 1, 1))
GOOD: dict[str, st.SearchStrategy[Any]] = {
    "as_of": DAY | st.just("2025-04-27"),
    "approved_on": DAY,
    "status": st.sampled_from(["draft", "review", "approved"]),
    "related": st.lists(SLUGS, max_size=3),
    "lang": st.sampled_from(["en", "fr", "en-GB", " ar "]),
    "date": DAY | st.sampled_from(["Ongoing", "2025-04", 2025, "2025", "Late April"]),
    "source": SLUGS,
    "id": SLUGS,
    "type": st.sampled_from(["report", "webpage", "article-newspaper", "book"]),
    "URL": st.sampled_from(["https://example.org/a", "http://x.y"]),
    "date-parts": st.lists(
        st.lists(st.sampled_from([2025, 4, 27, "2025", 1.0, True]), min_size=1, max_size=3), min_size=1, max_size=2
    ),
    "season": st.sampled_from([1, "Spring", True, 2.0]),
    "circa": st.sampled_from([True, False, 1, 0, 2, "yes", 1.0, 2.0]),
    "comma-suffix": st.sampled_from([True, False, 0, 1, "yes", "off"]),
    "volume": st.sampled_from([12, "12", "iv", 3.0]),
}
for key in ("key_points", "indicators", "recommendations"):
    GOOD[key] = st.lists(TEXT, max_size=3)
for key in ("static-ordering", "parse-names"):
    GOOD[key] = GOOD["comma-suffix"]


def value_for(field: models.Field, depth: int, noise: int) -> st.SearchStrategy[Any]:
    """A right value for the field, or at ``noise`` percent anything at all, or a list past its limit."""
    model = field.rule.model
    if field.key in GOOD:
        good = GOOD[field.key]
    elif model is models.CslDate:
        good = DAY | st.sampled_from(["2025", "2025-04", 2025]) | mapping(models.CslDate, depth + 1, noise)
    elif model is not None:
        many = field.key in ("developments", "quotes") or model is models.Name
        inner = mapping(model, depth + 1, noise)
        good = st.lists(inner, min_size=1, max_size=2) if many else inner
    elif field.key == "points":
        good = st.lists(TEXT, min_size=1, max_size=3)
    else:
        good = TEXT
    too_many = st.sampled_from([[], ["x"] * 61, ["x"] * 201, [{"family": "F"}] * 61, [[1], [2], [3]]])
    return st.integers(0, 99).flatmap(lambda n: good if n >= noise else (JUNK if n % 4 else too_many))


@st.composite
def mapping(draw: st.DrawFn, model: type[models.Model], depth: int = 0, noise: int = 10) -> dict[str, Any]:
    """A mapping for ``model``: the keys it needs, most others (a source's rarer CSL keys seldom), and at
    ``noise`` percent a key left out or a near-miss added."""
    out: dict[str, Any] = {}
    for n, field in enumerate(model.FIELDS):
        likely = n < 10 or field.key in ("genre", "container-title", "volume", "editor", "event-date")
        roll = draw(st.integers(0, 99))
        if (field.required and roll >= noise) or roll < (60 if likely and depth < 2 else 1):
            out[field.key] = draw(value_for(field, depth, noise))
    if draw(st.integers(0, 99)) < noise:
        for key in draw(st.lists(st.sampled_from(NEAR_MISSES), min_size=1, max_size=2, unique=True)):
            out[key] = draw(JUNK)
    order = draw(st.permutations(list(out)))
    return {k: out[k] for k in order}


DOCUMENTS = st.tuples(st.sampled_from(list(PAIRS)), st.sampled_from([0, 0, 2, 5, 15, 40])).flatmap(
    lambda c: st.tuples(st.just(c[0]), mapping(c[0], 0, c[1]) if c[1] < 40 else JUNK | mapping(c[0], 0, c[1]))
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(DOCUMENTS)
def test_any_document_checks_the_same(case: tuple[type[models.Model], Any]) -> None:
    model, data = case
    doc = doc_of(data)
    if doc is not None:
        assert_same(doc, model)


VALUES = [
    *EDGES, *NUMBERS, None, True, False, datetime.date(2025, 4, 27), datetime.datetime(2025, 4, 27, 10, 0),
    [], {}, ["x"], [" x ", ""], [1], [[2025]], [[2025, 4, 27, 1]], [["2025", " 4 ", 27.0]], [[2025], [2026], [2027]],
    [[]], {"raw": "x"}, {"family": "F"}, {"literal": "Reuters", "comma-suffix": "yes"}, {"a": 1}, {"points": []},
    {"Talks": "next"}, {"date-parts": [[2025]], "circa": 1.0, "season": " 2 "}, ["x"] * 61, ["x"] * 201,
    [{"family": "F"}] * 61, [{"given": "G"}], [{"date": "Ongoing", "title": "T"}], REMOVE,
]  # fmt: skip


@pytest.mark.parametrize(("kind", "path"), PLACES, ids=lambda p: p if isinstance(p, str) else ".".join(map(str, p)))
def test_every_edge_value_at_every_key_checks_the_same(kind: str, path: tuple[str | int, ...]) -> None:
    """Documents one value away from a right one: the errors a real editor makes, one at a time."""
    model, base = (models.Briefing, BRIEFING) if kind == "briefing" else (models.Source, SOURCE)
    for value in VALUES:
        try:
            data = put(base, path, value)
        except (KeyError, IndexError, TypeError):  # the place is under a value left out by the base
            data = put(put(base, path[:-1], {}), path, value)
        assert_same(YamlDoc(FILE, "", data), model)
