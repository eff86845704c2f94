"""The PDF renderer's reading of WeasyPrint's laid-out pages, on small pages made to show one thing:
blank stretches, and a perspective's column going on empty beside the other's last lines."""

from __future__ import annotations

import weasyprint

from memo.preflight.layout import blank_stretches, empty_columns

PAGE = "<style>@page { size: A6; margin: 10mm } p { margin: 0; line-height: 20mm }</style>"


def lay_out(body: str) -> object:
    return weasyprint.HTML(string=PAGE + body).render()


def test_a_page_cut_short_has_a_blank_stretch() -> None:
    document = lay_out("<p>one</p><p style='break-after: page'>two</p>" + "<p>more</p>" * 12)
    found = blank_stretches(document)
    assert [page for page, _ in found] == [1]
    assert 0.5 < found[0][1] < 0.75  # 40 mm of text on a 128 mm text block


def test_full_pages_and_a_short_last_page_have_none() -> None:
    assert blank_stretches(lay_out("<p>text</p>" * 14)) == []  # the last page may end where it ends


# Two perspectives side by side as memo.css sets them, after a page and a half of text: the row breaks.
SIDES = (
    "<style>.perspectives { display: table; width: 100%; table-layout: fixed }"
    " .side { display: table-cell; background: #eee } .gap { display: table-cell; width: 4mm }"
    " .stacked, .stacked .side { display: block }</style>" + "<p>text</p>" * 8 +
    "<div class='perspectives{stacked}'><div class='side'>{left}</div><div class='gap'></div>"
    "<div class='side'>{right}</div></div>"
)  # fmt: skip


def sides(left: int, right: int, stacked: bool = False) -> object:
    return lay_out(
        SIDES.replace("{stacked}", " stacked" if stacked else "")
        .replace("{left}", "<p>left</p>" * left)
        .replace("{right}", "<p>right</p>" * right)
    )


def test_a_column_that_ended_on_the_page_before_is_an_empty_column_on_the_next() -> None:
    document = sides(left=1, right=6)
    assert len(document.pages) == 3
    assert empty_columns(document) == [3]


def test_columns_with_lines_on_every_page_and_stacked_ones_have_none() -> None:
    assert empty_columns(sides(left=6, right=6)) == []
    assert empty_columns(sides(left=1, right=6, stacked=True)) == []
