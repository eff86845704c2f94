"""Ink where it should not be: a Sheet in, Findings out.

Within 10 mm of the paper edge is an error, for anything (a printer may cut it
off). Outside the text block to the left or right is a warning for anything:
the margin boxes of the top and bottom strips lie within the block's width
too. Above or below the block only the margin boxes may print, so that is
judged by the edge rule alone (text run into the banner is `overprint`'s).
One finding per side of a page, naming text before shapes, then the furthest out.
"""

from __future__ import annotations

from memo.preflight.findings import Finding, err, quoted, warn
from memo.preflight.sheet import EDGE_MM, MM, Box, Sheet

TOLERANCE = 1.0  # points: anti-aliasing, a border drawn half outside its box


def ink_near_edge(sheet: Sheet) -> list[Finding]:
    edge = EDGE_MM * MM
    worst: dict[str, tuple[float, Box]] = {}
    for box in sheet.ink():
        gaps = {"left": box.x0, "right": sheet.width - box.x1, "top": box.top, "bottom": sheet.height - box.bottom}
        for side, gap in gaps.items():
            if gap < edge - TOLERANCE:
                _keep(worst, side, edge - gap, box)
    return [err(sheet.number, _edge_message(box, side, edge - depth)) for side, (depth, box) in worst.items()]


def _edge_message(box: Box, side: str, gap: float) -> str:
    if gap < 0:
        return f"{_what(box)} runs off the {side} edge of the paper"
    return (
        f"{_what(box)} is {gap / MM:.1f} mm from the {side} edge of the paper "
        f"(a printer may cut off what is nearer than {EDGE_MM:.0f} mm)"
    )


def ink_outside_block(sheet: Sheet) -> list[Finding]:
    left, _, right, _ = sheet.block
    worst: dict[str, tuple[float, Box]] = {}
    for box in sheet.ink():
        for side, over in (("left", left - box.x0), ("right", box.x1 - right)):
            if over > TOLERANCE:
                _keep(worst, side, over, box)
    return [
        warn(sheet.number, f"{_what(box)} runs {over / MM:.1f} mm into the {side} margin, outside the text block")
        for side, (over, box) in worst.items()
    ]


def _keep(worst: dict[str, tuple[float, Box]], side: str, depth: float, box: Box) -> None:
    """Keep the worst offender of a side: text first (a reader loses words, not a background), then depth."""
    old = worst.get(side)
    if old is None or ((box.kind == "text", depth) > (old[1].kind == "text", old[0])):
        worst[side] = (depth, box)


def _what(box: Box) -> str:
    if box.kind == "text":
        return f"text {quoted(box.text)}"
    return {"rule": "a rule", "box": "a shaded or bordered box", "image": "an image"}.get(box.kind, "a drawing")
