"""A blank stretch on a page before the last: Sheets in, Findings (warnings) out.

The stretch is the tallest band of the text block, full width, with no ink in
it but the watermark: typically a block that could not split and jumped whole
to the next page. More than a quarter of the block's height is reported.
"""

from __future__ import annotations

from memo.preflight.findings import Finding, warn
from memo.preflight.sheet import MM, Sheet

LIMIT = 0.25


def tallest_gap(sheet: Sheet) -> tuple[float, float]:
    """(top, bottom) of the tallest band of the text block with no ink."""
    _, top, _, bottom = sheet.block
    spans = sorted((max(b.top, top), min(b.bottom, bottom)) for b in [*sheet.words, *sheet.shapes])
    best, edge = (top, top), top
    for start, end in spans:
        if end <= top or start >= bottom:
            continue
        if start - edge > best[1] - best[0]:
            best = (edge, start)
        edge = max(edge, end)
    if bottom - edge > best[1] - best[0]:
        best = (edge, bottom)
    return best


def blank_stretches(sheets: list[Sheet], starts: list[int] | tuple[int, ...] = ()) -> list[Finding]:
    """``starts``: the pages where parts of a book start (`sheet.part_starts`); the page before one ends a
    chapter where it ends, and the pages before the first (a cover, the contents) are laid out by design."""
    out = []
    for sheet in sheets[:-1]:
        if starts and (sheet.number < starts[0] or sheet.number + 1 in starts):
            continue
        _, top, _, bottom = sheet.block
        start, end = tallest_gap(sheet)
        share = (end - start) / (bottom - top)
        if share > LIMIT:
            out.append(warn(sheet.number, f"page {sheet.number} is {share:.0%} blank: nothing in the "
                            f"{(end - start) / MM:.0f} mm from {(start - top) / MM:.0f} mm below the top of the "
                            "text block, and it is not the last page"))  # fmt: skip
    return out
