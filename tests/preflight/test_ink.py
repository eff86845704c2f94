"""Ink near the paper edge or outside the text block: a column pushed off the page is caught."""

from __future__ import annotations

from pathlib import Path

from memo.preflight.ink import ink_near_edge, ink_outside_block
from memo.preflight.sheet import Sheet
from tests.conftest import BRIEFING
from tests.preflight.conftest import build, make_project, pages_of


def test_quiet_on_a_good_file(good_pages: list[Sheet]) -> None:
    assert [f for sheet in good_pages for f in ink_near_edge(sheet) + ink_outside_block(sheet)] == []


SCEPTICAL = "Trust is thin, and the talks could stall over the terms of the corridor at any moment"


def test_a_column_pushed_off_the_page(tmp_path: Path) -> None:
    briefing = BRIEFING.replace("      - Trust is thin", "      - " + SCEPTICAL)
    project = make_project(tmp_path / "proj", css=".perspectives { width: calc(100% + 60mm); }", briefing=briefing)
    pages = pages_of(build(project, "grain-talks", "-f", "pdf") / "grain-talks.pdf")
    edge = [f for sheet in pages for f in ink_near_edge(sheet)]
    outside = [f for sheet in pages for f in ink_outside_block(sheet)]
    assert [(f.page, f.severity) for f in edge] == [(1, "error")]
    assert edge[0].message.startswith("text \u201c")  # words of the sceptical point, not the shaded box
    assert edge[0].message.split("\u201d")[0][6:] in SCEPTICAL
    assert edge[0].message.endswith("runs off the right edge of the paper")
    assert [(f.page, f.severity) for f in outside] == [(1, "warning")]
    assert "mm into the right margin, outside the text block" in outside[0].message


def test_a_banner_at_the_edge_of_the_paper(tmp_path: Path) -> None:
    project = make_project(
        tmp_path / "proj", css="@media print { @page { @top-center { vertical-align: top; padding: 3mm 0 0; } } }"
    )
    pages = pages_of(build(project, "other-topic", "-f", "pdf") / "other-topic.pdf")
    found = [f for sheet in pages for f in ink_near_edge(sheet)]
    assert [f.message.split(" is ")[0] for f in found] == ["text \u201cOFFICIAL\u201d"]
    assert "from the top edge" in found[0].message
