"""Wrong content: every required key missing, every key with a wrong type, typos, duplicates, dangling names.

Each mistake gives exactly the lines listed, ``path:line:col: error: key: what was expected, what was
found``, with a did-you-mean where one helps.
"""

from __future__ import annotations

import pytest

from memo.models import CSL_DATES, CSL_NAMES, CSL_TEXT, MAX_CITATIONS, Briefing, Source
from tests.conftest import BRIEFING, Tiny
from tests.hostile.conftest import P, errors, validate

S = "seeds/extra-source.yaml"
EXTRA = """\
id: extra-source
type: report
title: A report
container-title: The Example Gazette
author: [{family: Doe, given: Jane}]
issued: 2025-04
URL: https://example.org/report
accessed: 2025-04-28
assessment: official figures
"""
A_LIST = "expected a list (lines starting with '- ')"
DATE_OR_WORD = "expected a date (2025-04-27), a year-month (2025-04) or a word such as Ongoing"
CSL_DATE = "expected a date (2025-04-27), a year-month (2025-04), a year, or CSL date-parts, raw or literal"


def top_level(text: str, key: str, value: str) -> tuple[str, int]:
    """``text`` with top-level ``key`` (and its indented block) replaced by ``key: value``; and its line."""
    lines = text.splitlines()
    at = next((n for n, line in enumerate(lines) if line.startswith(f"{key}:")), None)
    if at is None:  # an optional key the base text leaves out: add it after the audience line
        at = next(n for n, line in enumerate(lines) if line.startswith("audience:")) + 1
        end = at
    else:
        end = at + 1
        while end < len(lines) and (lines[end].startswith(" ") or not lines[end]):
            end += 1
    return "\n".join([*lines[:at], f"{key}: {value}", *lines[end:]]) + "\n", at + 1


# -- missing keys ---------------------------------------------------------------------------------------------

OPTIMISTIC = "  optimistic:\n    summary: A deal is within reach.\n    points:\n      - Both sides want a result [@gazette-2025-04-27].\n"
SCEPTICAL = "  sceptical:\n    points:\n      - Trust is thin [@herald-2025-03-01; @gazette-2025-04-27].\n"

MISSING = [
    ('title: "Grain talks: a pause or a turning point?"\n', "", 1, 1, "missing required key 'title'"),
    ("as_of: 2025-04-27\n", "", 1, 1, "missing required key 'as_of'"),
    ("status: review\n", "", 1, 1, "missing required key 'status'"),
    ("summary: >\n  Talks resumed on *Monday* after a pause [@gazette-2025-04-27].\n", "", 1, 1,
     "missing required key 'summary'"),
    ("perspectives:\n" + OPTIMISTIC + SCEPTICAL, "", 1, 1, "missing required key 'perspectives'"),
    (OPTIMISTIC, "", 22, 1, "perspectives: missing required key 'optimistic'"),
    (SCEPTICAL, "", 22, 1, "perspectives: missing required key 'sceptical'"),
    ("    points:\n      - Both sides want a result [@gazette-2025-04-27].\n", "", 23, 3,
     "perspectives.optimistic: missing required key 'points'"),
    ("    points:\n      - Trust is thin [@herald-2025-03-01; @gazette-2025-04-27].\n", "    summary: Doubtful.\n", 27, 3,
     "perspectives.sceptical: missing required key 'points'"),
    ("  - date: 2025-03-01\n    title: Talks open\n", "  - title: Talks open\n", 15, 5,
     "developments[0]: missing required key 'date'"),
    ("    title: Talks resume\n", "", 18, 5, "developments[1]: missing required key 'title'"),
    ('  - text: "We are ready to talk."\n    speaker', "  - speaker", 31, 5, "quotes[0]: missing required key 'text'"),
    ("    speaker: Jane Minister\n", "", 31, 5, "quotes[0]: missing required key 'speaker'"),
    ("    source: herald-2025-03-01\n", "", 31, 5, "quotes[0]: missing required key 'source'"),
]  # fmt: skip


@pytest.mark.parametrize(("old", "new", "line", "col", "message"), MISSING, ids=[m[-1] for m in MISSING])
def test_every_required_briefing_key_missing(tiny: Tiny, old: str, new: str, line: int, col: int, message: str):
    assert old in BRIEFING
    tiny.write(P, BRIEFING.replace(old, new, 1))
    assert validate(tiny, "grain-talks") == [f"{P}:{line}:{col}: error: {message}"]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("id: extra-source\n", "", f"{S}:1:1: error: missing required key 'id'"),
        ("type: report\n", "", f"{S}:1:1: error: missing required key 'type'"),
        (
            "title: A report\n",
            "",
            f"{S}:1:1: error: a source needs 'title' (the headline it shows) or, if it shows "
            "none, 'genre' (what it is, such as 'Commentary on the ceasefire')",
        ),
        (
            "[{family: Doe, given: Jane}]",
            "[{given: Jane}]",
            f"{S}:5:10: error: author[0]: a name needs 'family' (with optional 'given') or 'literal'",
        ),
    ],
)
def test_every_required_source_key_missing(tiny: Tiny, old: str, new: str, expected: str) -> None:
    tiny.write(S, EXTRA.replace(old, new, 1))
    assert validate(tiny) == [expected]


# -- wrong types, key by key ----------------------------------------------------------------------------------

WRONG_TOP = {
    "title": ("{a: 1}", "expected text, found a mapping"),
    "subtitle": ("[a, b]", "expected text, found a list"),
    "as_of": ("[2025]", "expected a date such as 2025-04-27, found a list"),
    "status": ("3", "expected one of draft, review, approved; found a number (3)"),
    "approved_by": ("[Jane, Doe]", "expected text, found a list"),
    "approved_on": ("someday", "expected a date such as 2025-04-27, found 'someday'"),
    "classification": ("true", "expected text, found a yes/no value (true)"),
    "audience": ("1.5", "expected text, found a number (1.5)"),
    "author": ("{name: Unit}", "expected text, found a mapping"),
    "summary": ("[a]", "expected text, found a list"),
    "key_points": ("{a: b}", f"{A_LIST}, found a mapping"),
    "background": ("2025-01-01", "expected text, found a date (2025-01-01)"),
    "developments": ("Ongoing", f"{A_LIST}, found 'Ongoing'"),
    "perspectives": ("[a]", "expected a mapping of keys, found a list"),
    "quotes": ("{text: x}", f"{A_LIST}, found a mapping"),
    "outlook": ("42", "expected text, found a number (42)"),
    "indicators": ("yes", f"{A_LIST}, found a yes/no value (true)"),
    "recommendations": ("Keep channels open", f"{A_LIST}, found 'Keep channels open'"),
    "related": ("other-topic", f"{A_LIST}, found 'other-topic'"),
    "lang": ("[en]", "expected text, found a list"),
}


def test_the_table_covers_every_briefing_and_source_key() -> None:
    assert set(WRONG_TOP) == {f.key for f in Briefing.FIELDS}
    assert set(WRONG_SOURCE) == {f.key for f in Source.FIELDS}


@pytest.mark.parametrize("key", WRONG_TOP)
def test_every_briefing_key_with_a_wrong_type(tiny: Tiny, key: str) -> None:
    value, message = WRONG_TOP[key]
    text, line = top_level(BRIEFING, key, value)
    tiny.write(P, text)
    assert validate(tiny, "grain-talks") == [f"{P}:{line}:{len(key) + 3}: error: {key}: {message}"]


NESTED = [
    ("  - date: 2025-03-01\n    title: Talks open\n    detail: Delegations met [@herald-2025-03-01].\n", "  - 5\n",
     "15:5: error: developments[0]: expected a mapping of keys, found a number (5)"),
    ("  - date: 2025-03-01", "  - date: [1]", f"15:11: error: developments[0].date: {DATE_OR_WORD}, found a list"),
    ("  - date: 2025-03-01", "  - date: true",
     f"15:11: error: developments[0].date: {DATE_OR_WORD}, found a yes/no value (true)"),
    ("    title: Talks open", "    title: {a: 1}", "16:12: error: developments[0].title: expected text, found a mapping"),
    ("    detail: Delegations met [@herald-2025-03-01].", "    detail: [x]",
     "17:13: error: developments[0].detail: expected text, found a list"),
    (OPTIMISTIC, "  optimistic: hopeful\n",
     "23:15: error: perspectives.optimistic: expected a mapping of keys, found 'hopeful'"),
    (SCEPTICAL, "  sceptical: [x]\n", "27:14: error: perspectives.sceptical: expected a mapping of keys, found a list"),
    ("    summary: A deal is within reach.", "    summary: [x]",
     "24:14: error: perspectives.optimistic.summary: expected text, found a list"),
    ("    points:\n      - Both sides want a result [@gazette-2025-04-27].", "    points: Both",
     f"25:13: error: perspectives.optimistic.points: {A_LIST}, found 'Both'"),
    ("      - Trust is thin [@herald-2025-03-01; @gazette-2025-04-27].", "      - {a: 1}",
     "29:9: error: perspectives.sceptical.points[0]: expected text, found a mapping"),
    ('  - text: "We are ready to talk."\n    speaker: Jane Minister\n    role: Foreign minister\n'
     "    source: herald-2025-03-01\n", "  - We are ready\n",
     "31:5: error: quotes[0]: expected a mapping of keys, found 'We are ready'"),
    ('  - text: "We are ready to talk."', "  - text: 5", "31:11: error: quotes[0].text: expected text, found a number (5)"),
    ("    speaker: Jane Minister", "    speaker: [x]", "32:14: error: quotes[0].speaker: expected text, found a list"),
    ("    role: Foreign minister", "    role: {x: 1}", "33:11: error: quotes[0].role: expected text, found a mapping"),
    ("    source: herald-2025-03-01", "    source: 7", "34:13: error: quotes[0].source: expected text, found a number (7)"),
    ("  - Both sides met in Riyadh [@gazette-2025-04-27, para. 2].", "  - [a]",
     "9:5: error: key_points[0]: expected text, found a list"),
    ("  - A date for the next round", "  - 2025-01-01",
     "38:5: error: indicators[0]: expected text, found a date (2025-01-01)"),
    ("  - Keep channels open", "  - true", "40:5: error: recommendations[0]: expected text, found a yes/no value (true)"),
    ("related: [other-topic]", "related: [1]", "41:11: error: related[0]: expected text, found a number (1)"),
]  # fmt: skip


@pytest.mark.parametrize(("old", "new", "expected"), NESTED, ids=[n[2].split(": ")[2] for n in NESTED])
def test_every_nested_key_with_a_wrong_type(tiny: Tiny, old: str, new: str, expected: str) -> None:
    assert old in BRIEFING
    tiny.write(P, BRIEFING.replace(old, new, 1))
    assert validate(tiny, "grain-talks") == [f"{P}:{expected}"]


WRONG_SOURCE = {
    "id": ("[x]", "expected text, found a list"),
    "type": (
        "5",
        "expected one of article, article-journal, article-magazine, article-newspaper, bill, book, ...; "
        "found a number (5)",
    ),
    "title": ("{a: b}", "expected text, found a mapping"),
    "container-title": ("[x]", "expected text, found a list"),
    "author": ("Jane Doe", f"{A_LIST}, found 'Jane Doe'"),
    "issued": ("[1]", f"{CSL_DATE}, found a list"),
    "URL": ("[x]", "expected text, found a list"),
    "accessed": ("soon", f"{CSL_DATE}, found 'soon'"),
    "assessment": ("12", "expected text, found a number (12)"),
    "notes": ("[x]", "expected text, found a list"),
}
# Every other CSL variable, by kind: text (numbers such as volume also take a number), names, dates.
WRONG_SOURCE.update({key: ("[x]", "expected text, found a list") for key in CSL_TEXT})
WRONG_SOURCE.update({key: ("Jane Doe", f"{A_LIST}, found 'Jane Doe'") for key in CSL_NAMES if key != "author"})
WRONG_SOURCE.update({key: ("soon", f"{CSL_DATE}, found 'soon'") for key in CSL_DATES if key not in WRONG_SOURCE})


@pytest.mark.parametrize("key", WRONG_SOURCE)
def test_every_source_key_with_a_wrong_type(tiny: Tiny, key: str) -> None:
    value, message = WRONG_SOURCE[key]
    lines = EXTRA.splitlines()
    line = next((n for n, text in enumerate(lines, 1) if text.startswith(f"{key}:")), len(lines) + 1)
    lines[line - 1 : line] = [f"{key}: {value}"]
    tiny.write(S, "\n".join(lines) + "\n")
    assert validate(tiny) == [f"{S}:{line}:{len(key) + 3}: error: {key}: {message}"]


@pytest.mark.parametrize(
    ("author", "expected"),
    [
        ("[Jane]", "5:10: error: author[0]: expected a mapping of keys, found 'Jane'"),
        ("[{family: [Doe]}]", "5:19: error: author[0].family: expected text, found a list"),
        ("[{family: Doe, given: 1}]", "5:31: error: author[0].given: expected text, found a number (1)"),
        ("[{literal: {a: 1}}]", "5:20: error: author[0].literal: expected text, found a mapping"),
    ],
)
def test_source_author_names_with_wrong_types(tiny: Tiny, author: str, expected: str) -> None:
    tiny.write(S, EXTRA.replace("[{family: Doe, given: Jane}]", author))
    assert validate(tiny) == [f"{S}:{expected}"]


# -- right type, wrong value ----------------------------------------------------------------------------------

WRONG_VALUES = [
    ("status: review", "status: final", "4:9: error: status: expected one of draft, review, approved; found 'final'"),
    ("status: review", "status: Draft",
     "4:9: error: status: expected one of draft, review, approved; found 'Draft'; did you mean 'draft'?"),
    ("as_of: 2025-04-27", "as_of: 2025-02-30", "3:8: error: '2025-02-30' is not a valid date (expected YYYY-MM-DD)"),
    ("as_of: 2025-04-27", "as_of: soon", "3:8: error: as_of: expected a date such as 2025-04-27, found 'soon'"),
    ("as_of: 2025-04-27", "as_of: '٢٠٢٥-٠٤-٢٧'",
     "3:8: error: as_of: expected a date such as 2025-04-27, found '٢٠٢٥-٠٤-٢٧'"),
    ("  - date: 2025-04\n", "  - date: 2025-13\n", f"18:11: error: developments[1].date: {DATE_OR_WORD}, found '2025-13'"),
    ("  - date: 2025-04\n", "  - date: '٢٠٢٥-٠٤'\n",
     f"18:11: error: developments[1].date: {DATE_OR_WORD}, found '٢٠٢٥-٠٤'"),
    ("audience: Director, Europe", "audience: '   '", "5:11: error: audience: must not be empty"),
    ("    points:\n      - Trust is thin [@herald-2025-03-01; @gazette-2025-04-27].", "    points: []",
     "28:13: error: perspectives.sceptical.points: needs at least one item"),
    ("    source: herald-2025-03-01", "    source: Herald!",
     "34:13: error: quotes[0].source: 'Herald!' is not an id: use lower-case letters, digits and single hyphens"),
    ("related: [other-topic]", "related: [Other Topic]",
     "41:11: error: related[0]: 'Other Topic' is not an id: use lower-case letters, digits and single hyphens"),
]  # fmt: skip


@pytest.mark.parametrize(("old", "new", "expected"), WRONG_VALUES, ids=[w[1] for w in WRONG_VALUES])
def test_wrong_values(tiny: Tiny, old: str, new: str, expected: str) -> None:
    tiny.write(P, BRIEFING.replace(old, new, 1))
    assert validate(tiny, "grain-talks") == [f"{P}:{expected}"]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("type: report", "type: newspaper",
         "2:7: error: type: expected one of article, article-journal, article-magazine, article-newspaper, bill, "
         "book, ...; found 'newspaper'; did you mean 'article-newspaper'?"),
        ("URL: https://example.org/report", "URL: ftp://example.org/x",
         "7:6: error: URL: expected an http(s) address, found 'ftp://example.org/x'"),
        ("URL: https://example.org/report", "URL: javascript:alert(1)",
         "7:6: error: URL: expected an http(s) address, found 'javascript:alert(1)'"),
        ("URL: https://example.org/report", "URL: file:///etc/passwd",
         "7:6: error: URL: expected an http(s) address, found 'file:///etc/passwd'"),
        ("id: extra-source", "id: Extra Source",
         "1:5: error: id: 'Extra Source' is not an id: use lower-case letters, digits and single hyphens"),
        ("issued: 2025-04", "issued: 2025-00", f"6:9: error: issued: {CSL_DATE}, found '2025-00'"),
    ],
)  # fmt: skip
def test_wrong_source_values(tiny: Tiny, old: str, new: str, expected: str) -> None:
    tiny.write(S, EXTRA.replace(old, new, 1))
    assert validate(tiny) == [f"{S}:{expected}"]


# -- typos and duplicates -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("summary: >", "sumary: >", ["1:1: error: missing required key 'summary'",
                                     "6:1: error: 'sumary' is not a known key; did you mean 'summary'?"]),
        ("title:", "Title:", ["1:1: error: missing required key 'title'",
                              "1:1: error: 'Title' is not a known key; did you mean 'title'?"]),
        ("key_points:", "key-points:", ["8:1: error: 'key-points' is not a known key; did you mean 'key_points'?"]),
        ("  sceptical:", "  sceptic:", ["22:1: error: perspectives: missing required key 'sceptical'",
                                        "27:3: error: 'sceptic' is not a known key in perspectives; did you mean 'sceptical'?"]),
        ("    points:\n      - Both", "    point:\n      - Both",
         ["23:3: error: perspectives.optimistic: missing required key 'points'",
          "25:5: error: 'point' is not a known key in perspectives.optimistic; did you mean 'points'?"]),
        ("  - date: 2025-03-01", "  - dat: 2025-03-01",
         ["15:5: error: developments[0]: missing required key 'date'",
          "15:5: error: 'dat' is not a known key in developments[0]; did you mean 'date'?"]),
        ("    speaker: Jane", "    speeker: Jane",
         ["31:5: error: quotes[0]: missing required key 'speaker'",
          "32:5: error: 'speeker' is not a known key in quotes[0]; did you mean 'speaker'?"]),
        ("audience: Director", "audience\u200b: Director",
         ["5:1: error: 'audience\\u200b' is not a known key; did you mean 'audience'?"]),
    ],
)  # fmt: skip
def test_mistyped_keys_suggest_the_right_one(tiny: Tiny, old: str, new: str, expected: list[str]) -> None:
    tiny.write(P, BRIEFING.replace(old, new, 1))
    assert validate(tiny, "grain-talks") == [f"{P}:{e}" for e in expected]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("container-title:", "container_title:",
         "4:1: error: 'container_title' is not a known key; did you mean 'container-title'?"),
        ("URL:", "url:", "7:1: error: 'url' is not a known key; did you mean 'URL'?"),
        ("assessment:", "assesment:", "9:1: error: 'assesment' is not a known key; did you mean 'assessment'?"),
        ("{family: Doe", "{famly: Doe",
         "5:11: error: 'famly' is not a known key in author[0]; did you mean 'family'?"),
    ],
)  # fmt: skip
def test_mistyped_source_keys(tiny: Tiny, old: str, new: str, expected: str) -> None:
    tiny.write(S, EXTRA.replace(old, new, 1))
    assert validate(tiny) == [f"{S}:{expected}"]


@pytest.mark.parametrize(
    ("path", "old", "new", "expected"),
    [
        (P, "subtitle: Talks", "title: Again\nsubtitle: Talks",
         f"{P}:2:1: error: duplicate key 'title' (first at line 1); the earlier value would be lost"),
        (P, "    title: Talks open\n", "    title: Talks open\n    title: Talks opened\n",
         f"{P}:17:5: error: duplicate key 'title' (first at line 16); the earlier value would be lost"),
        (P, "  sceptical:", "  optimistic:\n    points: [x]\n  sceptical:",
         f"{P}:27:3: error: duplicate key 'optimistic' (first at line 23); the earlier value would be lost"),
        (S, "title: A report\n", "title: A report\ntitle: Another\n",
         f"{S}:4:1: error: duplicate key 'title' (first at line 3); the earlier value would be lost"),
    ],
)  # fmt: skip
def test_duplicate_keys_are_refused(tiny: Tiny, path: str, old: str, new: str, expected: str) -> None:
    base = BRIEFING if path == P else EXTRA
    tiny.write(path, base.replace(old, new, 1))
    assert validate(tiny) == [expected]


# -- names that lead nowhere ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("background [@herald-2025-03-01]", "background [@herald-2025-03-02]",
         ["11:34: error: citation of unknown source 'herald-2025-03-02'; did you mean 'herald-2025-03-01'?"]),
        ("after a pause [@gazette-2025-04-27]", "after a pause *see [@nowhere, p. 3]*",
         ["7:49: error: citation of unknown source 'nowhere'"]),
        ("[@herald-2025-03-01; @gazette-2025-04-27]", "[@herald-2025-03-01; @gazete-2025-04-27]",
         ["29:44: error: citation of unknown source 'gazete-2025-04-27'; did you mean 'gazette-2025-04-27'?"]),
        ("    source: herald-2025-03-01", "    source: herald",
         ["34:13: error: quotes[0].source: unknown source 'herald'"]),
        ("related: [other-topic]", "related: [other-topics]",
         ["41:11: error: related[0]: no topic 'other-topics'; did you mean 'other-topic'?"]),
    ],
)  # fmt: skip
def test_names_that_lead_nowhere(tiny: Tiny, old: str, new: str, expected: list[str]) -> None:
    tiny.write(P, BRIEFING.replace(old, new, 1))
    assert validate(tiny, "grain-talks") == [f"{P}:{e}" for e in expected]


def test_a_source_whose_id_differs_from_its_file_name(tiny: Tiny) -> None:
    tiny.write(S, EXTRA.replace("id: extra-source", "id: other-source"))
    assert validate(tiny) == [f"{S}:1:5: error: id: 'other-source' must equal the file name 'extra-source'"]


def test_citing_a_source_whose_file_has_errors_reports_it_once_at_its_file(tiny: Tiny) -> None:
    tiny.write(S, EXTRA.replace("type: report", "type: newspaper"))
    tiny.write(P, BRIEFING.replace("Keep channels open", "Keep channels open [@extra-source]"))
    found = validate(tiny)
    assert not [f for f in found if f.startswith(P)]  # the citation adds no line: the cause is in the source
    assert [f for f in found if f.startswith(S)] == [
        f"{S}:2:7: error: type: expected one of article, article-journal, article-magazine, article-newspaper, "
        "bill, book, ...; found 'newspaper'; did you mean 'article-newspaper'?"
    ]
    build = tiny.run("build", "grain-talks", "-f", "html")
    message = "not built: the source 'extra-source' it cites has errors in its own file"
    assert build.exit_code == 1 and f"{P}:1:1: error: {message}" in errors(build)


def test_related_to_itself_is_only_a_warning(tiny: Tiny) -> None:
    tiny.write(P, BRIEFING.replace("related: [other-topic]", "related: [grain-talks]"))
    result = tiny.run("validate", "grain-talks")
    assert result.exit_code == 0
    assert errors(result) == [f"{P}:41:11: warning: related[0]: a topic need not name itself"]


def test_too_many_citations_is_an_error_at_the_first_one_over(tiny: Tiny) -> None:
    cites = " ".join(f"Claim {i} [@gazette-2025-04-27]." for i in range(MAX_CITATIONS))
    tiny.write(P, BRIEFING.replace("  - Keep channels open", f"  - '{cites}'"))
    over = MAX_CITATIONS + 1 - 8  # the quote and seven citations come before the recommendations
    found = validate(tiny, "grain-talks")
    assert found == [
        f"{P}:40:{cites.index('@gazette', cites.index(f'Claim {over - 1} ')) + 6}: error: more than {MAX_CITATIONS} "
        "citations in one briefing, each a footnote to lay out; split the topic, or cite a source once for "
        "several points"
    ]
