"""A blank stretch over a quarter of the text block on a page before the last, and an empty shaded box."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from memo.cli import main
from memo.preflight.blank import blank_stretches, empty_boxes
from memo.preflight.sheet import Sheet
from tests.conftest import REPO
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


def test_no_empty_shaded_box_in_a_good_file(good_pages: list[Sheet]) -> None:
    assert [f for sheet in good_pages for f in empty_boxes(sheet)] == []


def test_a_shaded_box_with_nothing_in_it(tmp_path: Path) -> None:
    css = "section#background::after { content: ''; display: block; height: 20mm; background: #dde3ea; }"
    project = make_project(tmp_path / "proj", css=css)
    pages = pages_of(build(project, "grain-talks", "-f", "pdf") / "grain-talks.pdf")
    found = [f for sheet in pages for f in empty_boxes(sheet)]
    assert [(f.page, f.severity) for f in found] == [(1, "warning")]
    assert "empty shaded box 20 mm tall" in found[0].message


def test_side_by_side_perspectives_never_leave_an_empty_column(tmp_path: Path) -> None:
    """space-cooperation's sceptical view runs two lines past the optimistic one onto page 3: side by side, the
    finished optimistic column went on there as an empty shaded box (preflight.layout.empty_columns), so the
    renderer stacks the two views."""
    result = CliRunner().invoke(
        main, ["--root", str(REPO), "build", "space-cooperation", "-f", "pdf", "--out", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    pages = pages_of(tmp_path / "space-cooperation.pdf")
    assert [f for sheet in pages for f in empty_boxes(sheet)] == []
    optimistic = next(w for w in pages[1].words if w.text == "Optimistic")
    sceptical = next(w for w in pages[1].words if w.text == "Sceptical")
    assert sceptical.top > optimistic.bottom + 50  # one above the other, the optimistic first
