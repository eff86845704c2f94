"""Properties: whatever briefing arrives, `memo validate` accepts it or reports problems, never a traceback;
and whatever it accepts builds in every format.

Hypothesis starts from a valid briefing and changes up to two places in it (to prose, to any Unicode text,
to any structure of mappings, lists and scalars, or drops the key), sometimes adds unknown keys, and
sometimes breaks the YAML itself.
"""

from __future__ import annotations

import copy
import functools
import re
from datetime import date
from typing import Any

import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests.conftest import Tiny
from tests.hostile.conftest import PROBLEM, P

CITE = " [@gazette-2025-04-27]"
VALID: dict[str, Any] = {
    "title": "Grain talks",
    "subtitle": "A corridor",
    "as_of": date(2025, 4, 27),
    "status": "draft",
    "classification": "OFFICIAL",
    "audience": "Director",
    "author": "Unit",
    "summary": "Talks resumed." + CITE,
    "key_points": ["Both sides met." + CITE],
    "background": "First.\n\nSecond.",
    "developments": [{"date": "2025-04", "title": "Talks resume", "detail": "Delegations met." + CITE}],
    "perspectives": {
        "optimistic": {"summary": "Within reach.", "points": ["Both want it." + CITE]},
        "sceptical": {"points": ["Trust is thin [@herald-2025-03-01]."]},
    },
    "quotes": [{"text": "We are ready.", "speaker": "Jane", "role": "Minister", "source": "herald-2025-03-01"}],
    "outlook": "More rounds.",
    "indicators": ["A date"],
    "recommendations": ["Keep talking"],
    "related": ["other-topic"],
}

wild = st.text(max_size=30)  # any code point but surrogates: controls, bidi, combining marks...
prose = st.text(st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=30)
text = prose | wild
scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.dates() | text
anything = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3), max_leaves=8
)


def paths(value: Any, path: tuple = ()) -> list[tuple]:
    """Every place in a nested value: keys of mappings and indexes of lists, outermost first."""
    if isinstance(value, dict):
        items = list(value.items())
    elif isinstance(value, list):
        items = list(enumerate(value))
    else:
        return []
    return [p for k, v in items for p in ((*path, k), *paths(v, (*path, k)))]


@st.composite
def briefings(draw: st.DrawFn) -> dict[str, Any]:
    """The valid briefing with a few places changed: to prose, to any text, to any structure, or gone."""
    data = copy.deepcopy(VALID)
    for _ in range(draw(st.integers(0, 2))):
        places = paths(data)
        if not places:
            break
        *parent_path, key = draw(st.sampled_from(places))
        parent = functools.reduce(lambda node, k: node[k], parent_path, data)
        kind = draw(st.sampled_from(["prose", "prose", "prose", "wild", "anything", "drop"]))
        if kind == "drop":
            del parent[key]
        else:
            parent[key] = draw({"prose": prose, "wild": wild, "anything": anything}[kind])
    if not draw(st.integers(0, 7)):
        data.update(draw(st.dictionaries(text, anything, min_size=1, max_size=2)))  # unknown keys
    return data


@st.composite
def files(draw: st.DrawFn) -> str:
    data = yaml.safe_dump(draw(briefings()), allow_unicode=True, sort_keys=False)
    if not draw(st.integers(0, 7)):  # now and then the YAML itself is broken
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(wild.filter(bool)) + data[at:]
    return data


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(content=files())
def test_validate_accepts_or_reports_and_what_it_accepts_builds(tiny: Tiny, content: str) -> None:
    tiny.write(P, content.encode("utf-8", errors="surrogatepass"))
    result = tiny.run("validate", "grain-talks")  # an exception here would fail the test: no traceback
    assert result.exit_code in (0, 1), result.output
    *lines, summary = result.stderr.splitlines()
    assert re.match(r"^checked 1 briefing and \d+ sources?: \d+ errors?, \d+ warnings?$", summary), summary
    assert all(PROBLEM.match(line) for line in lines), lines
    assert (result.exit_code == 1) == any(": error: " in line for line in lines)
    event("accepted" if result.exit_code == 0 else "refused")
    if result.exit_code == 0:
        built = tiny.run("build", "grain-talks", "-f", "pdf,docx,html", "-j", "1")
        assert built.exit_code == 0, built.output
        assert "Traceback" not in built.output
        assert not [line for line in built.stderr.splitlines() if ": error: " in line]
