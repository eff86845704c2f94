"""A blank stretch over a quarter of the text block on a page before the last."""

from __future__ import annotations

from pathlib import Path

from memo.preflight.blank import blank_stretches
from memo.preflight.sheet import Sheet
from tests.preflight.conftest import build, make_project, pages_of


def test_quiet_on_a_good_file(good_pages: list[Sheet]) -> None:
    assert blank_stretches(good_pages) == []


def test_a_giant_gap_before_a_forced_break(tmp_path: Path) -> None:
    project = make_project(tmp_path / "proj", css="section#background { break-before: page; }")
    pages = pages_of(build(project, "grain-talks", "-f", "pdf") / "grain-talks.pdf")
    found = blank_stretches(pages)
    assert [(f.page, f.severity) for f in found] == [(1, "warning")]
    assert found[0].message.startswith("page 1 is ")
    assert "% blank" in found[0].message and found[0].message.endswith("and it is not the last page")


def test_the_last_page_may_end_early(good_pages: list[Sheet]) -> None:
    assert blank_stretches(good_pages[-1:]) == []  # a single page is the last
