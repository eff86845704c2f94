"""Write templates/memo/watermark-draft.svg: the word DRAFT as outlines, diagonal, for the PDF's page background.

Outlines, not text: a watermark drawn as text ends up as stray letters in every
copy-paste and screen reader's view of the page, and WeasyPrint draws page
backgrounds as artifacts, outside the tagged content. Run it again only to change
the word, the face or the colour (it needs Noto Sans Bold, from fonts-noto-core).
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools.pens.boundsPen import BoundsPen
from fontTools.pens.svgPathPen import SVGPathPen
from fontTools.pens.transformPen import TransformPen
from fontTools.ttLib import TTFont

FONT = Path("/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf")
WORD = "DRAFT"
TRACKING = 0.1  # of the em, between letters, as the old text watermark had
ANGLE = -35


def outline(word: str, font: TTFont) -> tuple[str, tuple[float, float, float, float]]:
    glyphs = font.getGlyphSet()
    cmap = font.getBestCmap()
    upem = font["head"].unitsPerEm
    path = SVGPathPen(glyphs)
    bounds = BoundsPen(glyphs)
    x = 0.0
    for char in word:
        name = cmap[ord(char)]
        # SVG's y axis points down, a font's up: flip each glyph as it is placed.
        for pen in (path, bounds):
            glyphs[name].draw(TransformPen(pen, (1, 0, 0, -1, x, 0)))
        x += glyphs[name].width + TRACKING * upem
    assert bounds.bounds is not None
    return path.getCommands(), bounds.bounds


def main() -> None:
    font = TTFont(FONT)
    d, (x0, y0, x1, y1) = outline(WORD, font)
    w, h = x1 - x0, y1 - y0
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    side = round(max(w, h) * 1.05)
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {side} {side}" width="{side}" height="{side}">'
        f'<path transform="translate({side / 2:.0f} {side / 2:.0f}) rotate({ANGLE}) translate({-cx:.0f} {-cy:.0f})" '
        f'fill="#b40000" fill-opacity="0.09" d="{d}"/></svg>\n'
    )
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parents[1] / "templates/memo/watermark-draft.svg"
    out.write_text(svg, encoding="utf-8")
    print(f"wrote {out} ({len(svg):,} bytes)")


if __name__ == "__main__":
    main()
