"""YAML traps an editor falls into (issue 11): each gives one line at the parser's position that says what to do."""

from __future__ import annotations

import pytest

from memo.checks import LIST_IN_PROSE
from memo.yamlio import COMMENT_EATS, MERGED_ITEM, QUOTE_IT
from tests.conftest import Tiny

P = "briefings/grain-talks.yaml"

SYNTAX = [
    pytest.param(
        'title: "Grain talks: a pause or a turning point?"',
        "title: Grain talks: a pause",
        f"{P}:1:19: error: YAML syntax: ': ' inside a value starts a mapping: {QUOTE_IT}; if this is a key, check "
        "its indentation",
        id="colon-in-value",
    ),
    pytest.param(
        "  - Keep channels open",
        "  - Keep: channels open",
        f"{P}:40:5: error: recommendations[0]: expected text, found a mapping: ': ' inside the text starts one; "
        f"{QUOTE_IT}",
        id="colon-in-bullet",
    ),
    pytest.param(
        "  - Keep channels open",
        "  - *Keep* channels open",
        f"{P}:40:5: error: YAML syntax: a value cannot start with '*' unquoted: {QUOTE_IT}",
        id="star",
    ),
    pytest.param(
        "  - A date for the next round",
        "  - [@gazette-2025-04-27] set a date",
        f"{P}:38:6: error: YAML syntax: a value cannot start with '[' unquoted: {QUOTE_IT}",
        id="citation-first",
    ),
    pytest.param(
        "audience: Director, Europe",
        "audience: {Director} Europe",
        f"{P}:5:22: error: YAML syntax: a value cannot start with '{{' unquoted: {QUOTE_IT}",
        id="brace",
    ),
    pytest.param(
        "  - Keep channels open",
        "  - !Important: keep channels open",
        f"{P}:40:5: error: a value cannot start with '!' unquoted (!Important: reads as a tag): {QUOTE_IT}",
        id="bang",
    ),
    pytest.param(
        "  - Keep channels open",
        "  - & keep channels open",
        f"{P}:40:6: error: YAML syntax: a value cannot start with '&' unquoted: {QUOTE_IT}",
        id="ampersand",
    ),
    pytest.param(
        "  - Keep channels open",
        "  - &keep channels open",
        f"{P}:40:5: error: a value cannot start with '&' unquoted (it names an anchor): {QUOTE_IT}",
        id="anchor-eats-a-word",
    ),
    pytest.param(
        "audience: Director, Europe",
        "audience: @director",
        f"{P}:5:11: error: YAML syntax: a value cannot start with '@' unquoted: {QUOTE_IT}",
        id="at",
    ),
    pytest.param(
        "  - Keep channels open",
        "  - `grain` deal",
        f"{P}:40:5: error: YAML syntax: a value cannot start with a backtick unquoted: {QUOTE_IT}",
        id="backtick",
    ),
    pytest.param(
        "after a pause [@gazette-2025-04-27].\n",
        "after a pause\n[@gazette-2025-04-27].\n",
        f"{P}:8:1: error: YAML syntax: this line is not indented, so it ends the value above and YAML reads it as a "
        "key; indent it as the lines of the value above (or, if it is a key, end the key with ':')",
        id="unindented-continuation",
    ),
    pytest.param(
        "after a pause [@gazette-2025-04-27].\n",
        "after a pause\nbefore the next round.\n",
        f"{P}:8:1: error: YAML syntax: this line is not indented, so it ends the value above and YAML reads it as a "
        "key; indent it as the lines of the value above (or, if it is a key, end the key with ':')",
        id="unindented-words",
    ),
]


@pytest.mark.parametrize(("old", "new", "expected"), SYNTAX)
def test_syntax_errors_say_what_to_do(tiny: Tiny, edit, old: str, new: str, expected: str) -> None:
    edit(old, new)
    result = tiny.run("validate", "grain-talks")
    assert result.exit_code == 1
    assert [line for line in result.stderr.splitlines() if ": error: " in line] == [expected]


G = "gazette-2025-04-27"
H = "herald-2025-03-01"

LOSSES = [
    pytest.param(
        "subtitle: Talks on a grain corridor",
        "subtitle: The last treaty limit #1 in importance",
        f"{P}:2:33: warning: {COMMENT_EATS}",
        id="comment-after-prose",
    ),
    pytest.param(
        "  - A date for the next round",
        "  - A date for the next round # or a venue",
        f"{P}:38:31: warning: {COMMENT_EATS}",
        id="comment-one-space",
    ),
    pytest.param(
        "  - Keep channels open",
        "  - Keep channels open\n    - Name an envoy",
        f"{P}:41:5: warning: {MERGED_ITEM}",
        id="merged-bullet",
    ),
    pytest.param(
        "Trust is thin [@herald-2025-03-01; @gazette-2025-04-27].",
        f"Trust is thin [@{H}, @{G}].",
        f"{P}:29:23: warning: perspectives.sceptical.points[0]: '[@{H}, @{G}]' is not a citation and prints as "
        f"typed; did you mean [@{H}; @{G}]?",
        id="comma-between-ids",
    ),
    pytest.param(
        f"Both sides want a result [@{G}].",
        f"Both sides want a result [@ {G}].",
        f"{P}:26:34: warning: perspectives.optimistic.points[0]: '[@ {G}]' is not a citation and prints as typed; "
        f"did you mean [@{G}]?",
        id="space-after-at",
    ),
    pytest.param(
        f"Both sides want a result [@{G}].",
        f"Both sides want a result [{G}].",
        f"{P}:26:34: warning: perspectives.optimistic.points[0]: '[{G}]' is not a citation and prints as typed; "
        f"did you mean [@{G}]?",
        id="id-without-at",
    ),
    pytest.param(
        f"Both sides want a result [@{G}].",
        f"Both sides want a result, says @{G}.",
        f"{P}:26:40: warning: perspectives.optimistic.points[0]: '@{G}' alone is not a citation; did you mean [@{G}]?",
        id="lone-at-id",
    ),
    pytest.param(
        f"Both sides want a result [@{G}].",
        f"Both sides want a result [@{G}.",
        f"{P}:26:34: warning: perspectives.optimistic.points[0]: '[@{G}' opens a citation that is never closed; "
        f"did you mean [@{G}]?",
        id="unclosed-citation",
    ),
    pytest.param(
        f"Both sides want a result [@{G}].",
        f"Both sides want a result [@{G}; p. 4].",
        f"{P}:26:34: warning: perspectives.optimistic.points[0]: '[@{G}; p. 4]' is not a citation and prints as "
        f"typed; did you mean [@{G}, p. 4]?",
        id="locator-after-semicolon",
    ),
    pytest.param(
        f"Both sides want a result [@{G}].",
        f"Both sides want a result [@{G}][@{H}].",
        f"{P}:26:34: warning: perspectives.optimistic.points[0]: '[@{G}][@{H}]' cites only the last of them; "
        f"did you mean [@{G}; @{H}]?",
        id="adjacent-citations",
    ),
    pytest.param(
        "  Second paragraph, with a [link](https://example.org/more).",
        "  Second paragraph:\n  - one item\n  1. a numbered item",
        [f"{P}:14:3: warning: background: {LIST_IN_PROSE}", f"{P}:15:3: warning: background: {LIST_IN_PROSE}"],
        id="list-in-background",
    ),
]


@pytest.mark.parametrize(("old", "new", "expected"), LOSSES)
def test_nothing_typed_is_lost_in_silence(tiny: Tiny, edit, old: str, new: str, expected: str | list[str]) -> None:
    edit(old, new)
    result = tiny.run("validate", "grain-talks")
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stderr.splitlines() if ": warning: " in line or ": error: " in line]
    uncited = [line for line in lines if line.endswith("a perspective point should cite a source")]
    assert [line for line in lines if line not in uncited] == (expected if isinstance(expected, list) else [expected])
    assert len(uncited) <= 1  # the point whose citation broke, no more


def problem_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ": error: " in line or ": warning: " in line]


def test_all_problems_of_a_run_come_out_together_each_once(tiny: Tiny, edit) -> None:
    edit("status: review", "status: final")
    edit(f"Both sides want a result [@{G}].", "Both sides want a result [@nowhere].")
    tiny.write("seeds/later-1.yaml", "id: later-1\ntype: report\ntitle: T\nissued: someday\n")
    result = tiny.run("validate", "grain-talks")
    assert result.exit_code == 1
    assert problem_lines(result.stderr) == [
        f"{P}:4:9: error: status: expected one of draft, review, approved; found 'final'",
        f"{P}:26:35: error: citation of unknown source 'nowhere'",
        "seeds/later-1.yaml:4:9: error: issued: expected a date (2025-04-27), a year-month (2025-04), a year, or CSL date-parts, raw or literal, found 'someday'",
    ]
    assert result.stderr.splitlines()[-1] == "checked 1 briefing and 2 sources: 3 errors, 0 warnings"


def test_a_broken_source_is_reported_once_at_its_own_file(tiny: Tiny) -> None:
    path = tiny.root / f"seeds/{H}.yaml"
    path.write_text(path.read_text().replace("type: article-newspaper", "type: newspaper"))
    result = tiny.run("validate")
    assert [line.split(": error: ")[0] for line in problem_lines(result.stderr)] == [f"seeds/{H}.yaml:2:7"]
    assert result.stderr.splitlines()[-1] == "checked 2 briefings and 1 source: 1 error, 0 warnings"


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        (P, "  - date: 2025-03-01", "  - date: 2025-03-01T09:30:00",
         f"{P}:15:11: error: developments[0].date: expected a date such as 2025-04-27, without a time of day, "
         "found a date and time (2025-03-01 09:30:00)"),
        (f"seeds/{G}.yaml", "issued: 2025-04-27", "issued: 2025-04-27 10:00:00",
         f"seeds/{G}.yaml:6:9: error: issued: expected a date such as 2025-04-27, without a time of day, "
         "found a date and time (2025-04-27 10:00:00)"),
        (f"seeds/{G}.yaml", "issued: 2025-04-27", "issued: 2025-04-27\naccessed: yesterday",
         f"seeds/{G}.yaml:7:11: error: accessed: expected a date (2025-04-27), a year-month (2025-04), a year, or CSL date-parts, raw or literal, found 'yesterday'"),
    ],
)  # fmt: skip
def test_dates_in_plain_words(tiny: Tiny, file: str, old: str, new: str, expected: str) -> None:
    path = tiny.root / file
    path.write_text(path.read_text().replace(old, new))
    result = tiny.run("validate")
    assert problem_lines(result.stderr) == [expected]
    assert "constrained-str" not in result.stderr and "function-" not in result.stderr


def test_a_yml_file_is_refused_not_ignored(tiny: Tiny) -> None:
    tiny.write("briefings/more-talks.yml", "title: T\n")
    tiny.write("seeds/more-talks.yml", "id: more-talks\n")
    result = tiny.run("validate")
    assert result.exit_code == 1
    assert problem_lines(result.stderr) == [
        f"{folder}/more-talks.yml:1:1: error: memo reads only '.yaml' files, so this one would be ignored; "
        "rename it to more-talks.yaml"
        for folder in ("briefings", "seeds")
    ]


def test_a_yml_briefing_named_alone_gets_the_same_line(tiny: Tiny) -> None:
    """`memo validate more-talks` with only more-talks.yml says what validating all says, not 'no topic'."""
    tiny.write("briefings/more-talks.yml", "title: T\n")
    for command in ("validate", "build"):
        result = tiny.run(command, "more-talks")
        assert result.exit_code == 1
        assert problem_lines(result.stderr) == [
            "briefings/more-talks.yml:1:1: error: memo reads only '.yaml' files, so this one would be ignored; "
            "rename it to more-talks.yaml"
        ]


def test_a_yml_beside_its_yaml_is_reported_with_its_topic_only(tiny: Tiny) -> None:
    tiny.write("briefings/grain-talks.yml", "title: T\n")
    tiny.write("briefings/more-talks.yml", "title: T\n")
    result = tiny.run("validate", "grain-talks")
    assert result.exit_code == 1
    assert problem_lines(result.stderr) == [
        "briefings/grain-talks.yml:1:1: error: memo reads only '.yaml' files, so this one would be ignored; "
        "move what it holds into grain-talks.yaml and delete it"
    ]
    assert problem_lines(tiny.run("validate", "other-topic").stderr) == []
