"""Read WeasyPrint's laid-out pages: where the body text ends on each page, and how much is left blank.

WeasyPrint 70 cannot split a table row whose cells both hold footnote calls: the second
cell's notes grow the footnote area after the first cell was broken to fit, the row
overflows, and the whole row moves to the next page, leaving a blank stretch behind.
The PDF renderer asks this module whether that happened, and lays the memo out again
with the perspectives one above the other if so.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

BLANK_LIMIT = 0.25  # of the text block's height, on a page before the last


def blank_stretches(document: Any) -> list[tuple[int, float]]:
    """(page number, fraction of the text block left blank above the notes) for pages before the last
    whose blank stretch is over ``BLANK_LIMIT``."""
    from weasyprint.formatting_structure import boxes

    found = []
    for number, page in enumerate(document.pages[:-1], 1):
        page_box = page._page_box
        top, height = page_box.content_box_y(), page_box.height
        body = next((c for c in page_box.children if not isinstance(c, boxes.MarginBox | boxes.FootnoteAreaBox)), None)
        if body is None or not height:
            continue
        notes = next((c for c in page_box.children if isinstance(c, boxes.FootnoteAreaBox) and c.children), None)
        floor = notes.position_y if notes is not None else top + height
        ends = [leaf.position_y + leaf.height for leaf in _leaves(body, boxes) if leaf.height]
        blank = (floor - max(ends, default=top)) / height
        if blank > BLANK_LIMIT:
            found.append((number, blank))
    return found


def _leaves(box: Any, boxes: Any) -> Iterator[Any]:
    """Lines and childless boxes: what actually has ink (or space) on the page."""
    if isinstance(box, boxes.LineBox) or not isinstance(box, boxes.ParentBox) or not box.children:
        yield box
    else:
        for child in box.children:
            yield from _leaves(child, boxes)
