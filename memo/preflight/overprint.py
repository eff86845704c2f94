"""Text printed over other text: a Sheet in, Findings (errors) out.

Two words overlap when their boxes share more than a third of the smaller
one's area; a note call raised above its own line touches the line above by a
point or two, well under that. The watermark, set at an angle, is left out.
"""

from __future__ import annotations

from memo.preflight.findings import Finding, err, quoted
from memo.preflight.sheet import Box, Sheet

SHARE = 1 / 3


def overprinted(sheet: Sheet) -> list[Finding]:
    words = sorted((w for w in sheet.words if w.x1 > w.x0 and w.bottom > w.top), key=lambda w: w.top)
    found: list[tuple[Box, Box]] = []
    for i, a in enumerate(words):
        for b in words[i + 1 :]:
            if b.top >= a.bottom:
                break
            if _share(a, b) > SHARE:
                found.append((a, b))
    if not found:
        return []
    a, b = found[0]
    more = f" (and {len(found) - 1} more pairs of words)" if len(found) > 1 else ""
    return [err(sheet.number, f"text {quoted(a.text)} is printed over {quoted(b.text)}{more}")]


def _share(a: Box, b: Box) -> float:
    w = min(a.x1, b.x1) - max(a.x0, b.x0)
    h = min(a.bottom, b.bottom) - max(a.top, b.top)
    if w <= 0 or h <= 0:
        return 0.0
    smaller = min((a.x1 - a.x0) * (a.bottom - a.top), (b.x1 - b.x0) * (b.bottom - b.top))
    return w * h / smaller
