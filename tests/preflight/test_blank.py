"""A blank stretch over a quarter of the text block on a page before the last, and an empty shaded box."""

from __future__ import annotations

from pathlib import Path

import pytest

from memo.preflight.blank import blank_stretches, empty_boxes
from memo.preflight.sheet import Box, Sheet, _white
from tests.conftest import BRIEFING
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
    """The sceptical view runs onto the next page after the optimistic one has ended: side by side, the
    finished optimistic column would go on there as an empty shaded box (preflight.layout.empty_columns), so
    the renderer stacks the two views."""
    points = "".join(f"      - Point {i} of the sceptical case, long enough to wrap onto a second line of its column.\n"
                     for i in range(14))  # fmt: skip
    briefing = BRIEFING.replace("      - Trust is thin [@herald-2025-03-01; @gazette-2025-04-27].\n", points)
    css = "section#perspectives::before { content: ''; display: block; height: 120mm; }"
    project = make_project(tmp_path / "proj", css=css, briefing=briefing)
    pages = pages_of(build(project, "grain-talks", "-f", "pdf") / "grain-talks.pdf")
    assert [f for sheet in pages for f in empty_boxes(sheet)] == []
    words = [w for sheet in pages for w in sheet.words]
    optimistic = next(w for w in words if w.text == "Optimistic")
    sceptical = next(w for w in words if w.text == "Sceptical")
    assert (sceptical.top, sceptical.x0) != (optimistic.top, optimistic.x0)
    assert abs(sceptical.x0 - optimistic.x0) < 1  # one above the other, not side by side


def shaded_page(*inside: Box, chars: str = "") -> Sheet:
    """An A4 page with one 30 mm shaded box in its text block, holding ``inside`` and the characters ``chars``."""
    sheet = Sheet(1, 595.3, 841.9)
    sheet.shapes.append(Box("box", 100, 200, 400, 285, filled=True))
    sheet.shapes.extend(b for b in inside if b.kind != "text")
    sheet.angled.extend(b for b in inside if b.kind == "text")  # text set at an angle
    sheet.chars.extend(
        {"text": c, "x0": 110 + 6 * i, "x1": 115 + 6 * i, "top": 210, "bottom": 220} for i, c in enumerate(chars)
    )
    return sheet


@pytest.mark.parametrize(
    ("inside", "chars", "empty"),
    [
        ((), "", True),
        ((), " \u00a0 ", True),  # spaces, a no-break space: nothing a reader sees
        ((), "Text", False),
        ((Box("image", 120, 210, 200, 260),), "", False),
        ((Box("rule", 120, 240, 380, 241),), "", False),
        ((Box("text", 150, 220, 170, 240, "D", 60),), "", False),  # turned text
        ((Box("image", 0, 0, 595, 842),), "", True),  # a page-sized image behind it is not in it
    ],
)
def test_an_empty_shaded_box_is_one_with_no_ink_inside(inside: tuple[Box, ...], chars: str, empty: bool) -> None:
    assert bool(empty_boxes(shaded_page(*inside, chars=chars))) is empty


def test_a_box_painted_white_or_only_outlined_is_not_shaded() -> None:
    outlined = Sheet(1, 595.3, 841.9, shapes=[Box("box", 100, 200, 400, 285, filled=False)])
    assert empty_boxes(outlined) == []
    assert _white((1, 1, 1)) and _white((1.0,)) and _white((0, 0, 0, 0))
    assert not _white((0.95, 0.96, 0.97)) and not _white((0.0,)) and not _white((0, 0, 0, 0.05))
