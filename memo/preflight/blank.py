"""Blank where a reader expects something: Sheets in, Findings (warnings) out.

A blank stretch on a page before the last is the tallest band of the text
block, full width, with no ink in it but the watermark: typically a block that
could not split and jumped whole to the next page. More than a quarter of the
block's height is reported.

An empty shaded box is a box painted on a page with nothing in it: a box drawn
on past its content, as the finished column of two side by side is when the
other runs on to the next page.
"""

from __future__ import annotations

from memo.preflight.findings import Finding, warn
from memo.preflight.sheet import MM, Box, Sheet

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


EMPTY_MIN = 12.0  # points: a shaded box smaller than a line of text may be a mark or a swatch


def empty_boxes(sheet: Sheet) -> list[Finding]:
    """Shaded boxes of at least a line's height and width with no ink inside: no character (upright or
    turned), image or rule."""
    _, block_top, _, _ = sheet.block
    contents = [
        *(Box("text", c["x0"], c["top"], c["x1"], c["bottom"]) for c in sheet.chars if c["text"].strip()),
        *sheet.angled,
        *(b for b in sheet.shapes if b.kind in ("image", "rule")),
    ]
    out = []
    for box in sheet.shapes:
        if box.kind != "box" or not box.filled or min(box.bottom - box.top, box.x1 - box.x0) < EMPTY_MIN:
            continue
        if not any(_inside(ink, box) for ink in contents):
            out.append(warn(sheet.number, f"page {sheet.number} has an empty shaded box {(box.bottom - box.top) / MM:.0f} "
                            f"mm tall, {max(box.top - block_top, 0) / MM:.0f} mm below the top of the text block: a box "
                            "drawn on past its content"))  # fmt: skip
    return out


def _inside(ink: Box, box: Box) -> bool:
    return box.x0 - 1 <= ink.x0 and ink.x1 <= box.x1 + 1 and box.top - 1 <= ink.top and ink.bottom <= box.bottom + 1
