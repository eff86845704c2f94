"""`memo fmt`: the data read back is the data before, comments survive, and a second run changes nothing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from memo.fmt import comments, format_text
from memo.models import Briefing, Source
from memo.validate import check
from memo.yamlio import parse
from tests.conftest import REPO, Tiny

SHIPPED = sorted((REPO / "briefings").glob("*.yaml")) + sorted((REPO / "seeds").glob("*.yaml"))


def stripped(value):
    """The data as memo's models see it: every string stripped at its ends (a block's last newline is YAML's)."""
    if isinstance(value, dict):
        return {k: stripped(v) for k, v in value.items()}
    if isinstance(value, list):
        return [stripped(v) for v in value]
    return value.strip() if isinstance(value, str) else value


def assert_round_trip(text: str, model: type) -> str:
    path = Path("x.yaml")
    before_doc = parse(path, text)
    before, problems = check(before_doc, model)
    assert before is not None, problems
    once = format_text(text, source=model is Source)
    after_doc = parse(path, once)
    after, _ = check(after_doc, model)
    assert after == before  # through memo's own loader and models
    assert stripped(after_doc.data) == stripped(before_doc.data)  # every character of every value
    assert list(after_doc.data) == [k for k in _order(model) if k in before_doc.data]
    assert comments(once) == comments(text)
    assert format_text(once, source=model is Source) == once  # a second run changes nothing
    return once


def _order(model: type) -> list[str]:
    from memo.fmt import _order_of

    return list(_order_of(model is Source))


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fmt_keeps_every_shipped_file_and_is_stable(path: Path) -> None:
    assert_round_trip(path.read_text(encoding="utf-8"), Source if path.parent.name == "seeds" else Briefing)


def test_shipped_files_are_formatted() -> None:
    for path in SHIPPED:
        text = path.read_text(encoding="utf-8")
        assert format_text(text, source=path.parent.name == "seeds") == text, f"run memo fmt: {path.name}"


# Prose an editor types, with what bites YAML: ': ', ' #', leading symbols, quotes, blank-line paragraphs.
WORDS = st.sampled_from(
    [
        "Talks",
        "resume:",
        "#1",
        "*Suspended*",
        "!Important",
        "&co",
        "`code`",
        "'quoted'",
        '"said"',
        "-",
        "—",
        "naïve",
        "Москва",
        "تقرير",
        "50%",
        "a:b",
        "{x}",
        "[note]",
        "@handle",
        "yes",
        "no",
        "2025-04-27",
        "1.5",
        "null",
        "~",
        "|",
        ">",
        "%",
        "?",
    ]
)
LINE = st.lists(WORDS, min_size=1, max_size=12).map(" ".join)
PARAGRAPHS = st.lists(LINE, min_size=1, max_size=3).map("\n\n".join)
SHORT = st.sampled_from(["Director, Europe", "Policy Unit", "OFFICIAL", "yes", "2025", "Jane Doe", "on"])


@st.composite
def briefings(draw) -> str:
    data = {
        "status": draw(st.sampled_from(["draft", "review", "approved"])),
        "summary": draw(PARAGRAPHS),
        "title": draw(LINE),
        "as_of": "2025-04-27",
        "perspectives": {
            "sceptical": {"points": draw(st.lists(LINE, min_size=1, max_size=3))},
            "optimistic": {"points": draw(st.lists(LINE, min_size=1, max_size=3)), "summary": draw(LINE)},
        },
    }
    if draw(st.booleans()):
        data["audience"] = draw(SHORT)
    if draw(st.booleans()):
        data["key_points"] = draw(st.lists(LINE, min_size=1, max_size=3))
    if draw(st.booleans()):
        data["background"] = draw(PARAGRAPHS)
    if draw(st.booleans()):
        data["developments"] = [{"title": draw(LINE), "date": draw(st.sampled_from(["2025-04", "Ongoing", 2025]))}]
    keys = list(data)
    order = draw(st.permutations(keys))
    text = yaml.safe_dump(
        {k: data[k] for k in order},
        sort_keys=False,
        allow_unicode=True,
        width=draw(st.sampled_from([40, 80, 1000])),
        default_style=draw(st.sampled_from([None, '"'])),
        default_flow_style=draw(st.sampled_from([False, None])),
    )
    lines = text.split("\n")
    # a full-line comment above some keys (top-level and a view of perspectives): it must travel with its key
    for i in sorted(draw(st.lists(st.integers(0, len(lines) - 1), max_size=4, unique=True)), reverse=True):
        if key := KEY_LINE.match(lines[i]):
            lines.insert(i, f"{key['indent'] or ''}# about {key['view'] or key['key']}")
    text = "\n".join(lines)
    if draw(st.booleans()):
        text = "# a comment above everything\n" + text
    lines = text.split("\n")
    for i in draw(st.lists(st.integers(0, len(lines) - 1), max_size=3, unique=True)):
        if lines[i].startswith(("status:", '"status"', "as_of:", '"as_of"')):
            lines[i] += f"  # note {i}"
    for i in draw(st.lists(st.integers(0, len(lines) - 2), max_size=8, unique=True)):
        # a one-line list item (the next line no deeper: a wrapped item may go on with "- ..."): comment it
        if LIST_ITEM.match(lines[i]) and ITEM_ENDS.match(lines[i + 1]) and _indent(lines[i + 1]) <= _indent(lines[i]):
            lines[i] += f"  # item note {i}"
    return "\n".join(lines)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


KEY_LINE = re.compile(r'^((?P<indent>  )"?(?P<view>optimistic|sceptical)|"?(?P<key>[a-z_]+))"?:')
LIST_ITEM = re.compile(r"^ *- (?![>|])")
ITEM_ENDS = re.compile(r'^( *- |[a-z_"]|$)')


@settings(max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(briefings())
def test_fmt_keeps_generated_briefings_and_is_stable(text: str) -> None:
    assert_key_comments_travel(text, assert_round_trip(text, Briefing))


def assert_key_comments_travel(before: str, after: str) -> None:
    """Each '# about KEY' comment is still right above KEY, at its indent, wherever fmt moved the key."""
    lines = after.split("\n")
    about = [(i, line) for i, line in enumerate(lines) if "# about " in line]
    assert len(about) == before.count("# about ")
    for i, line in about:
        indent, _, key = line.partition("# about ")
        assert lines[i + 1].startswith(f"{indent}{key}:"), after


def test_a_plain_value_comment_moves_onto_its_block_line() -> None:
    text = "title: Talks  # keep me\nas_of: 2025-04-27\nstatus: draft\nsummary: S.\nperspectives:\n  optimistic:\n    points: [a]\n  sceptical:\n    points: [b]\n"
    out = format_text(text)
    assert out.startswith("title: >-  # keep me\n  Talks\n")
    assert_round_trip(text, Briefing)


def test_a_comment_above_a_key_moves_with_it() -> None:
    text = (
        "# file header, kept at the top\n\nsummary: S.\n# why draft\nstatus: draft  # for now\n"
        "perspectives:\n  # the sceptics\n  sceptical:\n    points: [b]\n  optimistic:\n    points:\n"
        "      - a\n# the date\n# in two lines\nas_of: 2025-04-27\ntitle: T\n# the end\n"
    )
    assert format_text(text) == (
        "# file header, kept at the top\n\ntitle: >-\n  T\n# the date\n# in two lines\nas_of: 2025-04-27\n"
        "# why draft\nstatus: draft  # for now\nsummary: >-\n  S.\nperspectives:\n  optimistic:\n    points:\n"
        '      - >-\n        a\n  # the sceptics\n  sceptical:\n    points: ["b"]\n# the end\n'
    )
    assert_round_trip(text, Briefing)


def test_comments_in_lists_stay_below_their_item() -> None:
    text = (
        "title: T\nas_of: 2025-04-27\nstatus: draft\nsummary: S.\nkey_points:\n  - one  # c1\n  # full line\n"
        "  - two\n\n  - three # c3\nperspectives:\n  optimistic:\n    points: [a]   # c4\n  sceptical:\n"
        "    points:\n      - b    # c5\n      - c\n# end\n"
    )
    assert "  - >-\n    one\n   # c1\n  # full line\n" in format_text(text)
    assert_round_trip(text, Briefing)


def test_fmt_check_names_files_and_fmt_makes_it_pass(tiny: Tiny) -> None:
    result = tiny.run("fmt", "--check")
    assert result.exit_code == 1
    assert "would reformat briefings/grain-talks.yaml" in result.output
    before = (tiny.root / "briefings/grain-talks.yaml").read_text(encoding="utf-8")
    assert tiny.run("fmt", "--check", "grain-talks").exit_code == 1
    assert (tiny.root / "briefings/grain-talks.yaml").read_text(encoding="utf-8") == before  # --check writes nothing
    result = tiny.run("fmt")
    assert result.exit_code == 0, result.output
    assert "reformatted briefings/grain-talks.yaml" in result.output
    assert tiny.run("fmt", "--check").exit_code == 0
    assert tiny.run("validate").exit_code == 0


def test_fmt_refuses_a_file_that_does_not_validate(tiny: Tiny, edit) -> None:
    path = edit("status: review", "status: someday")
    before = path.read_text(encoding="utf-8")
    result = tiny.run("fmt")
    assert result.exit_code == 1
    assert "briefings/grain-talks.yaml:4:9: error: status:" in result.output
    assert path.read_text(encoding="utf-8") == before
    assert "reformatted briefings/other-topic.yaml" in result.output  # the valid files are still formatted


def test_a_new_skeleton_is_already_formatted(tiny: Tiny) -> None:
    assert tiny.run("new", "fresh-topic").exit_code == 0
    result = tiny.run("fmt", "--check", "fresh-topic")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("rewrite", "why"),
    [
        (lambda t: t.replace("Talks open", "Talks closed"), "change the data read from it"),
        (lambda t: "# a comment\n" + t, "lose or change a comment"),
        (lambda t: t.replace("status: review", "status: [review"), "write YAML memo cannot read"),
    ],
)
def test_fmt_refuses_a_rewrite_that_would_change_the_file(tiny: Tiny, monkeypatch, rewrite, why) -> None:
    import memo.fmt

    monkeypatch.setattr(memo.fmt, "format_text", lambda text, source=False: rewrite(text))
    path = tiny.root / "briefings/grain-talks.yaml"
    before = path.read_text(encoding="utf-8")
    result = tiny.run("fmt", "grain-talks")
    assert result.exit_code == 1
    assert f"briefings/grain-talks.yaml:1:1: error: memo fmt would {why}" in result.output
    assert path.read_text(encoding="utf-8") == before
