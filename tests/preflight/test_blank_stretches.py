"""The PDF renderer's reading of WeasyPrint's laid-out pages, on small pages made to show one thing."""

from __future__ import annotations

import weasyprint

from memo.preflight.layout import blank_stretches

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
