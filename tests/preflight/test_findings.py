"""How findings print: the output file, the page in the line position; repeats merged across pages."""

from __future__ import annotations

from memo.preflight.findings import err, quoted, warn
from memo.preflight.run import merged


def test_a_finding_prints_with_the_page_as_its_line() -> None:
    line = str(warn(3, "note 21 is printed on page 4, its call on page 3").at("/nowhere/output/x.pdf"))
    assert line == "/nowhere/output/x.pdf:3:1: warning: note 21 is printed on page 4, its call on page 3"


def test_the_same_finding_on_several_pages_prints_once() -> None:
    found = [err(p, "banner too near the edge") for p in (1, 2, 3, 5)] + [warn(2, "page 2 is 30% blank")]
    assert [(f.page, f.message) for f in merged(found)] == [
        (1, "banner too near the edge (pages 1\u20133, 5)"),
        (2, "page 2 is 30% blank"),
    ]


def test_quoted_text_is_one_short_line() -> None:
    assert quoted("a\n b") == "\u201ca b\u201d"
    assert quoted("x" * 50, 10) == "\u201c" + "x" * 9 + "\u2026\u201d"
