"""`memo validate`: every kind of editor mistake gives one exact `path:line:col:` line."""

from __future__ import annotations

import pytest

from tests.conftest import Tiny

P = "briefings/grain-talks.yaml"

CASES = [
    pytest.param(
        "  sceptical:",
        "  sceptic:",
        [
            f"{P}:22:1: error: perspectives: missing required key 'sceptical'",
            f"{P}:27:3: error: 'sceptic' is not a known key in perspectives; did you mean 'sceptical'?",
        ],
        id="mistyped-key",
    ),
    pytest.param(
        "subtitle: Talks",
        "title: Again\nsubtitle: Talks",
        [f"{P}:2:1: error: duplicate key 'title' (first at line 1); the earlier value would be lost"],
        id="duplicate-key",
    ),
    pytest.param(
        "background [@herald-2025-03-01]",
        "background [@herald-2025-03-02]",
        [f"{P}:11:34: error: citation of unknown source 'herald-2025-03-02'; did you mean 'herald-2025-03-01'?"],
        id="unknown-citation",
    ),
    pytest.param(
        "audience: Director, Europe",
        "audience: [Director, Europe",
        [
            f"{P}:6:8: error: YAML syntax: did not find expected ',' or ']' "
            "(while parsing a flow sequence at line 5, column 11)"
        ],
        id="yaml-syntax",
    ),
    pytest.param(
        "as_of: 2025-04-27",
        "as_of: 2025-02-30",
        [f"{P}:3:8: error: '2025-02-30' is not a valid date (expected YYYY-MM-DD)"],
        id="wrong-date",
    ),
    pytest.param(
        "as_of: 2025-04-27",
        "as_of: soon",
        [f"{P}:3:8: error: as_of: expected a date such as 2025-04-27, found 'soon'"],
        id="date-word",
    ),
    pytest.param(
        "status: review",
        "status: final",
        [f"{P}:4:9: error: status: expected one of draft, review, approved; found 'final'"],
        id="bad-status",
    ),
    pytest.param(
        'title: "Grain talks: a pause or a turning point?"',
        "title: 42",
        [f"{P}:1:8: error: title: expected text, found a number (42)"],
        id="title-number",
    ),
    pytest.param(
        'title: "Grain talks: a pause or a turning point?"\n',
        "",
        [f"{P}:1:1: error: missing required key 'title'"],
        id="missing-title",
    ),
    pytest.param(
        "    title: Talks open",
        "    title: ''",
        [f"{P}:16:12: error: developments[0].title: must not be empty"],
        id="empty-title",
    ),
    pytest.param(
        "  - date: 2025-04\n",
        "  - date: 2025-13\n",
        [
            f"{P}:18:11: error: developments[1].date: expected a date (2025-04-27), a year-month (2025-04) "
            "or a word such as Ongoing, found '2025-13'"
        ],
        id="bad-month",
    ),
    pytest.param(
        "    source: herald-2025-03-01",
        "    source: herald",
        [f"{P}:34:13: error: quotes[0].source: unknown source 'herald'"],
        id="unknown-quote-source",
    ),
    pytest.param(
        "related: [other-topic]",
        "related: [other-topics]",
        [f"{P}:41:11: error: related[0]: no topic 'other-topics'; did you mean 'other-topic'?"],
        id="unknown-related",
    ),
    pytest.param(
        "key_points:\n  - Both",
        "key_points: Both",
        [
            f"{P}:8:13: error: key_points: expected a list (lines starting with '- '), found 'Both sides met in Riyadh [@gazette-20...'"
        ],
        id="list-expected",
    ),
    pytest.param(
        "[link](https://example.org/more)",
        "[link](file:///etc/passwd)",
        [f"{P}:13:35: error: link to 'file:///etc/passwd': only http, https and mailto links are allowed"],
        id="file-link",
    ),
    pytest.param(
        "audience: Director, Europe",
        "audience: !!python/object/apply:os.system [ls]",
        [f"{P}:5:11: error: tag !!python/object/apply:os.system is not allowed"],
        id="unsafe-tag",
    ),
    pytest.param(
        "key_points:\n  - Both",
        "key_points:\n\t- Both",
        [f"{P}:9:1: error: YAML syntax: a tab character cannot indent YAML; use spaces"],
        id="tab",
    ),
]


@pytest.mark.parametrize(("old", "new", "expected"), CASES)
def test_bad_input_gives_exact_lines(tiny: Tiny, edit, old: str, new: str, expected: list[str]) -> None:
    edit(old, new)
    result = tiny.run("validate", "grain-talks")
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if ": error: " in line or ": warning: " in line]
    assert lines == expected
    assert "Traceback" not in result.output


def test_clean_project_passes_strict(tiny: Tiny) -> None:
    result = tiny.run("validate", "--strict")
    assert result.exit_code == 0, result.output
    assert "checked 2 briefings and 2 sources: 0 errors, 0 warnings" in result.stderr


def test_all_problems_of_all_files_in_one_run(tiny: Tiny, edit) -> None:
    edit("status: review", "status: final")
    tiny.briefing("other-topic", "title: [unclosed\n")
    result = tiny.run("validate")
    assert result.exit_code == 1
    assert f"{P}:4:9: error:" in result.stderr
    assert "briefings/other-topic.yaml:2:1: error: YAML syntax" in result.stderr


def test_uncited_point_is_a_warning_and_strict_fails(tiny: Tiny, edit) -> None:
    edit("Trust is thin [@herald-2025-03-01; @gazette-2025-04-27].", "Trust is thin.")
    assert tiny.run("validate").exit_code == 0
    result = tiny.run("validate", "--strict")
    assert result.exit_code == 1
    assert (
        f"{P}:29:9: warning: perspectives.sceptical.points[0]: a perspective point should cite a source"
        in result.stderr
    )


def test_unused_source_is_a_warning(tiny: Tiny) -> None:
    tiny.write("seeds/unused-1.yaml", "id: unused-1\ntype: report\ntitle: Nobody cites me\n")
    result = tiny.run("validate", "--strict")
    assert result.exit_code == 1
    assert "seeds/unused-1.yaml:1:5: warning: source 'unused-1' is not cited by any briefing" in result.stderr


def test_source_id_must_match_file_name(tiny: Tiny) -> None:
    tiny.write(
        "seeds/gazette-2025-04-27.yaml",
        tiny.root.joinpath("seeds/gazette-2025-04-27.yaml")
        .read_text()
        .replace("id: gazette-2025-04-27", "id: gazette-2025"),
    )
    result = tiny.run("validate")
    assert "seeds/gazette-2025-04-27.yaml:1:5: error: id: 'gazette-2025' must equal the file name" in result.stderr


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("type: blog\n", "3:7: error: type: expected one of article, article-journal"),
        (
            "type: report\ncontainer_title: X\n",
            "4:1: error: 'container_title' is not a known key; did you mean 'container-title'?",
        ),
        ("type: report\nURL: ftp://x\n", "4:6: error: URL: expected an http(s) address, found 'ftp://x'"),
        ("type: report\nauthor: [{given: Jane}]\n", "4:10: error: author[0]: a name needs 'family'"),
    ],
)
def test_bad_sources(tiny: Tiny, text: str, message: str) -> None:
    tiny.write("seeds/bad-source.yaml", "id: bad-source\ntitle: T\n" + text)
    result = tiny.run("validate")
    assert result.exit_code == 1
    assert f"seeds/bad-source.yaml:{message}" in result.stderr


def test_quote_source_counts_as_cited(tiny: Tiny, edit) -> None:
    edit("First paragraph of background [@herald-2025-03-01].", "First paragraph.")
    edit("Delegations met [@herald-2025-03-01].", "Delegations met.")
    edit("Trust is thin [@herald-2025-03-01; @gazette-2025-04-27].", "Trust is thin [@gazette-2025-04-27].")
    tiny.briefing(
        "other-topic",
        tiny.root.joinpath("briefings/other-topic.yaml").read_text().replace("herald-2025-03-01", "gazette-2025-04-27"),
    )
    assert tiny.run("validate", "--strict").exit_code == 0
