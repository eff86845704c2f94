"""Reading YAML safely: positions kept, text never silently lost, hostile files refused clearly."""

from __future__ import annotations

from pathlib import Path

import pytest

from memo.yamlio import YamlProblem, load, parse

F = Path("t.yaml")


def problem(text: str) -> str:
    with pytest.raises(YamlProblem) as info:
        parse(F, text)
    return str(info.value.problem)


def test_values_keep_their_positions() -> None:
    doc = parse(F, "a: 1\nb:\n  - x\n  - 'y [@foo]'\n")
    assert doc.data == {"a": 1, "b": ["x", "y [@foo]"]}
    assert (doc.mark(("b", 1)).line, doc.mark(("b", 1)).col) == (4, 5)
    assert doc.locate(("b", 1), "@foo") == (4, 9)
    assert doc.mark(("b", 7, "deeper")).line == 3  # falls back to the nearest known parent (the list)


def test_bom_and_crlf_are_fine(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(b"\xef\xbb\xbftitle: T\r\nitems:\r\n  - one\r\n")
    doc = load(path, 10_000)
    assert doc.data == {"title": "T", "items": ["one"]}
    assert doc.mark(("items", 0)).line == 3


def test_invalid_utf8_names_the_byte(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(b"title: ok\nsummary: caf\xe9\n")
    with pytest.raises(YamlProblem) as info:
        load(path, 10_000)
    assert info.value.problem.message == "not valid UTF-8 (byte 0xE9); save the file as UTF-8"
    assert (info.value.problem.line, info.value.problem.col) == (2, 13)


def test_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("a: " + "x" * 5000)
    with pytest.raises(YamlProblem, match="file is 5,003 bytes; the limit is 1,000"):
        load(path, 1_000)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: b\x00c\n", "t.yaml:1:5: error: control character U+0000 is not allowed in text"),
        ("a: ok\nb: \x0b\n", "t.yaml:2:4: error: control character U+000B is not allowed in text"),
        ('a: "esc \\x01 aped"\n', "t.yaml:1:4: error: control character U+0001 is not allowed in text"),
        ("", "t.yaml:1:1: error: file is empty; expected a mapping of keys such as 'title:'"),
        ("# only a comment\n", "t.yaml:1:1: error: file is empty; expected a mapping of keys such as 'title:'"),
        (
            "a: 1\nb: 2\na: 3\n",
            "t.yaml:3:1: error: duplicate key 'a' (first at line 1); the earlier value would be lost",
        ),
        (
            "a:\n  x: 1\n  x: 2\n",
            "t.yaml:3:3: error: duplicate key 'x' (first at line 2); the earlier value would be lost",
        ),
        (
            "a: !!python/object/apply:os.system [ls]\n",
            "t.yaml:1:4: error: tag !!python/object/apply:os.system is not allowed",
        ),
        ("a: !!binary aGVsbG8=\n", "t.yaml:1:4: error: tag !!binary is not allowed"),
        (
            "a: !custom x\n",
            "t.yaml:1:4: error: a value cannot start with '!' unquoted (!custom reads as a tag): put the whole value "
            "in quotes (\"...\") or write it as a block ('>' and the text indented on the lines below)",
        ),
        (
            "base: &b {x: 1}\nmore:\n  <<: *b\n",
            "t.yaml:3:3: error: merge keys ('<<') are not supported; write the keys out",
        ),
        ("? [a, b]\n: c\n", "t.yaml:1:3: error: a key must be a plain word such as 'title'"),
        ("d: 2025-02-30\n", "t.yaml:1:4: error: '2025-02-30' is not a valid date (expected YYYY-MM-DD)"),
    ],
)
def test_refused(text: str, expected: str) -> None:
    assert problem(text) == expected


def test_alias_bomb_is_refused_quickly() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 10):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 10)}]")
    assert "more than 100,000 values (an alias expansion bomb?)" in problem("\n".join(lines) + "\n")


def test_recursive_alias_is_refused() -> None:
    assert "nesting is too deep" in problem("a: &a [*a]\n")


def test_deep_nesting_is_refused() -> None:
    assert "nesting is too deep" in problem("a: " + "[" * 2000 + "]" * 2000 + "\n")
    assert "nesting is too deep" in problem("a: " + "[" * 60 + "]" * 60 + "\n")


def test_very_long_line_is_fine() -> None:
    assert parse(F, "a: " + "word " * 50_000 + "\n").data["a"].startswith("word word")
