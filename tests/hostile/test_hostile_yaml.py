"""Malformed YAML: every file that is not a readable mapping gives one exact line; BOM and CRLF just work."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from memo.yamlio import QUOTE_IT
from tests.conftest import BRIEFING, Tiny
from tests.hostile.conftest import P, errors, run_memo, validate
from tests.readback import pdf_pages

TITLE = "Grain talks: a pause or a turning point?"

BOMB = "\n".join(
    ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    + [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
)

CASES = [
    pytest.param(
        b"title: [unclosed\nas_of: 2025-04-27\n",
        f"{P}:2:6: error: YAML syntax: did not find expected ',' or ']' (while parsing a flow sequence at line 1, column 8)",
        id="unclosed-bracket",
    ),
    pytest.param(
        b'title: "unclosed\nas_of: 2025-04-27\n',
        f"{P}:3:1: error: YAML syntax: found unexpected end of stream (while scanning a quoted scalar at line 1, column 8)",
        id="unclosed-quote",
    ),
    pytest.param(
        b"title: a\n  as_of: b\n",
        f"{P}:2:8: error: YAML syntax: ': ' inside a value starts a mapping: {QUOTE_IT}; if this is a key, check its "
        "indentation",
        id="bad-indent",
    ),
    pytest.param(
        b"title: Grain\nkey_points:\n\t- one\n",
        f"{P}:3:1: error: YAML syntax: a tab character cannot indent YAML; use spaces",
        id="tab-indent",
    ),
    pytest.param(
        "title: Grain\nkey_points:\n\u00a0\u00a0- one\n\u00a0\u00a0- two\n".encode(),
        f"{P}:3:1: error: YAML syntax: a non-breaking space (U+00A0, often pasted from a web page) cannot indent "
        "YAML; use plain spaces",
        id="nbsp-indent",
    ),
    pytest.param(b"", f"{P}:1:1: error: file is empty; expected a mapping of keys such as 'title:'", id="empty"),
    pytest.param(
        b"   \n\n# nothing but a comment\n",
        f"{P}:1:1: error: file is empty; expected a mapping of keys such as 'title:'",
        id="only-comment",
    ),
    pytest.param(
        b"- title: Grain\n- as_of: 2025-04-27\n",
        f"{P}:1:1: error: expected a mapping of keys such as 'title:', found a list",
        id="top-level-list",
    ),
    pytest.param(
        b"Grain talks\n",
        f"{P}:1:1: error: expected a mapping of keys such as 'title:', found 'Grain talks'",
        id="top-level-text",
    ),
    pytest.param(
        b"title: Grain\n---\ntitle: Other\n",
        f"{P}:2:1: error: YAML syntax: a file holds one document, but a second '---' starts another; remove it",
        id="two-documents",
    ),
    pytest.param(
        b"title: Grain\nsummary: caf\xe9 au lait\n",
        f"{P}:2:13: error: not valid UTF-8 (byte 0xE9); save the file as UTF-8",
        id="latin-1",
    ),
    pytest.param(
        b"title: Grain\nsummary: \x93quoted\x94 from Word\n",
        f"{P}:2:10: error: not valid UTF-8 (byte 0x93); save the file as UTF-8",
        id="windows-1252",
    ),
    pytest.param(
        "title: Grain\n".encode("utf-16"),
        f"{P}:1:1: error: the file is UTF-16 (as some Windows editors save); save it as UTF-8",
        id="utf-16",
    ),
    pytest.param(
        b"title: " + b"[" * 3000 + b"]" * 3000 + b"\n",
        f"{P}:1:1007: error: YAML syntax: nesting is too deep (more than 40 levels)",
        id="deep-flow",
    ),
    pytest.param(
        b"title: " + b"[" * 45 + b"x" + b"]" * 45 + b"\n",
        f"{P}:1:48: error: nesting is too deep (more than 40 levels)",
        id="deep-41",
    ),
    pytest.param(
        "".join(f"{'  ' * i}k{i}:\n" for i in range(50)).encode() + b"  " * 50 + b"end\n",
        f"{P}:42:83: error: nesting is too deep (more than 40 levels)",
        id="deep-block",
    ),
    pytest.param(
        BOMB.encode(), f"{P}:1:55: error: more than 100,000 values (an alias expansion bomb?)", id="alias-bomb"
    ),
    pytest.param(b"title: &a [*a]\n", f"{P}:1:8: error: nesting is too deep (more than 40 levels)", id="alias-loop"),
    pytest.param(
        b"title: *nowhere\n",
        f"{P}:1:8: error: YAML syntax: a value cannot start with '*' unquoted: {QUOTE_IT}",
        id="undefined-alias",
    ),
    pytest.param(
        b"base: &b {title: Grain}\n<<: *b\n",
        f"{P}:2:1: error: merge keys ('<<') are not supported; write the keys out",
        id="merge-key",
    ),
    pytest.param(b"? [a, b]\n: c\n", f"{P}:1:3: error: a key must be a plain word such as 'title'", id="list-as-key"),
    pytest.param(b"1: one\n", f"{P}:1:1: error: a key must be a plain word such as 'title'", id="number-as-key"),
]

UNSAFE = [
    "!!python/object/apply:os.system ['touch {marker}']",
    "!!python/object/apply:subprocess.check_output [['touch', '{marker}']]",
    "!!python/object/new:os.system ['touch {marker}']",
    "!!python/name:os.system",
    "!!python/module:os",
    "!!python/tuple [a, b]",
    "!!python/object:builtins.dict {a: 1}",
    "!<tag:yaml.org,2002:python/object/apply:os.system> 'touch {marker}'",
    "!!binary aGVsbG8=",
    "!!set {a, b}",
    "!!omap [a: 1]",
    "!local thing",
]


@pytest.mark.parametrize(("content", "expected"), CASES)
def test_malformed_yaml_is_one_exact_line(tiny: Tiny, content: bytes, expected: str) -> None:
    tiny.write(P, content)
    assert validate(tiny, "grain-talks") == [expected]


@pytest.mark.parametrize("tag", UNSAFE)
def test_unsafe_tags_are_refused_and_run_nothing(tiny: Tiny, tmp_path: Path, tag: str) -> None:
    marker = tmp_path / "pwned"
    value = tag.replace("{marker}", str(marker))
    tiny.write(P, BRIEFING.replace("audience: Director, Europe", f"audience: {value}"))
    shown = value.split()[0].replace("!<tag:yaml.org,2002:", "!!").rstrip(">")
    expected = f"tag {shown} is not allowed"
    if shown == "!local":  # a local tag is more likely text that starts with '!'
        expected = f"a value cannot start with '!' unquoted (!local reads as a tag): {QUOTE_IT}"
    assert validate(tiny, "grain-talks") == [f"{P}:5:11: error: {expected}"]
    assert not marker.exists()


def test_tag_directive_cannot_smuggle_a_python_tag(tiny: Tiny) -> None:
    body = BRIEFING.replace("audience: Director, Europe", "audience: !py!object/apply:os.system [ls]")
    tiny.write(P, "%TAG !py! tag:yaml.org,2002:python/\n---\n" + body)
    assert validate(tiny, "grain-talks") == [f"{P}:7:11: error: tag !!python/object/apply:os.system is not allowed"]


def test_alias_bomb_is_refused_fast_by_a_real_process(tiny: Tiny) -> None:
    tiny.write(P, BOMB + "\n")
    started = time.perf_counter()
    done = run_memo(tiny.root, "build", "grain-talks", timeout=30)
    assert time.perf_counter() - started < 10
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.splitlines() == [
        f"{P}:1:55: error: more than 100,000 values (an alias expansion bomb?)",
        f"{P}:1:1: error: not built: the briefing has errors",
    ]
    assert not (tiny.root / "output/grain-talks.pdf").exists()


@pytest.mark.parametrize(
    ("encode", "name"),
    [
        (lambda text: b"\xef\xbb\xbf" + text.encode(), "bom"),
        (lambda text: text.replace("\n", "\r\n").encode(), "crlf"),
        (lambda text: text.replace("\n", "\r").encode(), "cr"),
    ],
)
def test_bom_crlf_and_cr_validate(tiny: Tiny, encode, name: str) -> None:
    tiny.write(P, encode(BRIEFING))
    result = tiny.run("validate", "--strict", "grain-talks")
    assert result.exit_code == 0, (name, result.output)


def test_bom_and_crlf_build_in_every_format(tiny: Tiny) -> None:
    tiny.write(P, b"\xef\xbb\xbf" + BRIEFING.replace("\n", "\r\n").encode())
    result = tiny.run("build", "grain-talks")
    assert errors(result) == [] and result.exit_code == 0, result.output
    text = "".join(pdf_pages(tiny.root / "output/grain-talks.pdf"))
    assert TITLE in text and "\ufeff" not in text and "\r" not in text
    html = (tiny.root / "output/grain-talks.html").read_text(encoding="utf-8")
    assert f"<title>{TITLE}</title>" in html and "\r" not in html


def test_crlf_keeps_line_numbers(tiny: Tiny) -> None:
    bad = BRIEFING.replace("status: review", "status: final")
    tiny.write(P, b"\xef\xbb\xbf" + bad.replace("\n", "\r\n").encode())
    assert validate(tiny, "grain-talks") == [
        f"{P}:4:9: error: status: expected one of draft, review, approved; found 'final'"
    ]


def test_a_very_long_line_is_fine_where_the_limits_allow(tiny: Tiny) -> None:
    tiny.write(P, "# " + "x" * 200_000 + "\n" + BRIEFING)
    assert tiny.run("validate", "grain-talks").exit_code == 0
    tiny.write(P, BRIEFING.replace("  - Keep channels open", "  - " + "word " * 4000))
    assert validate(tiny, "grain-talks") == [
        f"{P}:40:5: error: recommendations[0]: is 19,999 characters; the limit is 10,000 (split it, or move detail "
        "to a source)"
    ]
