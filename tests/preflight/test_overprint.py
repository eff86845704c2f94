"""Text printed over other text: a wrapped banner running into the page."""

from __future__ import annotations

from pathlib import Path

from memo.preflight.overprint import overprinted
from memo.preflight.sheet import Sheet
from tests.preflight.conftest import build, make_project, pages_of


def test_quiet_on_a_good_file(good_pages: list[Sheet]) -> None:
    assert [f for sheet in good_pages for f in overprinted(sheet)] == []


def test_a_long_marking_run_into_the_running_line(tmp_path: Path) -> None:
    project = make_project(
        tmp_path / "proj",
        css="@media print { .page-head .banner { margin-bottom: -3mm; } }",
        classification="OFFICIAL-SENSITIVE // UK AND US EYES ONLY",
    )
    pages = pages_of(build(project, "grain-talks", "-f", "pdf") / "grain-talks.pdf")
    found = [f for sheet in pages for f in overprinted(sheet)]
    assert found and {f.severity for f in found} == {"error"}
    assert found[0].page == 1 and " is printed over " in found[0].message
