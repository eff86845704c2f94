"""Read a finished PDF into Sheets: an open PDF in, per page its size, text block, words and other ink out.

The text block is the page box less the @page margins of the memo template set
(24 mm top, 20 mm right and left, 22 mm bottom); the margin boxes in the top
and bottom strips hold the banner, the running header and the page number.
The watermark is the only text set at an angle; it is kept apart from the words.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from memo.record import Record

MM = 72 / 25.4
MARGINS_MM = (24.0, 20.0, 22.0, 20.0)  # top, right, bottom, left, as @page in templates/memo/memo.css
EDGE_MM = 10.0  # closer to the paper edge than this, a printer may cut ink off


class Box(Record):
    """Anything with ink on a page, in points from the top left corner."""

    kind: str  # "text", "rule", "box", "image", "drawing"
    x0: float
    top: float
    x1: float
    bottom: float
    text: str = ""
    size: float = 0.0
    filled: bool = False  # a box or drawing painted inside in a colour, not only outlined (nor painted white)


class Sheet:
    """One page's ink (a plain class, as Box is a record: cheaper to define than dataclasses)."""

    __slots__ = ("angled", "chars", "height", "number", "shapes", "width", "words")

    def __init__(
        self,
        number: int,
        width: float,
        height: float,
        chars: list[dict] | None = None,
        words: list[Box] | None = None,
        angled: list[Box] | None = None,
        shapes: list[Box] | None = None,
    ) -> None:
        self.number, self.width, self.height = number, width, height
        self.chars = [] if chars is None else chars  # upright characters (pdfplumber's dicts)
        self.words = [] if words is None else words  # upright words
        self.angled = [] if angled is None else angled  # characters set at an angle: the watermark
        self.shapes = [] if shapes is None else shapes  # rules, boxes, images, drawings

    def __repr__(self) -> str:
        return f"Sheet({self.number}, {self.width}, {self.height}, words={len(self.words)})"

    @property
    def block(self) -> tuple[float, float, float, float]:
        """The text block: (left, top, right, bottom) in points."""
        top, right, bottom, left = (m * MM for m in MARGINS_MM)
        return left, top, self.width - right, self.height - bottom

    def ink(self) -> Iterator[Box]:
        yield from self.words
        yield from self.angled
        yield from self.shapes


@contextmanager
def opened(path: Path) -> Iterator[Any]:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        yield pdf


def sheets(pdf: Any) -> list[Sheet]:
    """Every page of an open pdfplumber PDF as a Sheet."""
    return [_sheet(page) for page in pdf.pages]


def _sheet(page: Any) -> Sheet:
    sheet = Sheet(page.page_number, float(page.width), float(page.height))
    for c in page.chars:
        if c["upright"] and _straight(c):
            sheet.chars.append(c)
        elif c["text"].strip():
            sheet.angled.append(Box("text", c["x0"], c["top"], c["x1"], c["bottom"], c["text"], c["size"]))
    upright = page.filter(lambda o: o.get("object_type") != "char" or (o["upright"] and _straight(o)))
    for w in upright.extract_words(keep_blank_chars=False, extra_attrs=["size"]):
        sheet.words.append(Box("text", w["x0"], w["top"], w["x1"], w["bottom"], w["text"], w["size"]))
    area = sheet.width * sheet.height
    for kind, objects in (("rule", page.lines), ("box", page.rects), ("image", page.images), ("drawing", page.curves)):
        for o in objects:
            if kind == "box" and (o["x1"] - o["x0"]) * (o["bottom"] - o["top"]) >= 0.95 * area:
                continue  # a page background
            if kind in ("box", "drawing") and not (o.get("fill") or o.get("stroke")):
                continue
            filled = bool(o.get("fill")) and not _white(o.get("non_stroking_color"))
            sheet.shapes.append(Box(kind, o["x0"], o["top"], o["x1"], o["bottom"], filled=filled))
    return sheet


def _white(colour: Any) -> bool:
    """Paper white in gray, RGB or CMYK, as pdfplumber gives a fill colour."""
    values = colour if isinstance(colour, tuple | list) else (colour,)
    if not values or not all(isinstance(v, int | float) for v in values):
        return False
    return all(v <= 0.01 for v in values) if len(values) == 4 else all(v >= 0.99 for v in values)


def _straight(c: dict) -> bool:
    a, b, _, _, _, _ = c["matrix"]
    return abs(b) < 1e-3 * max(abs(a), 1e-9)


def part_starts(pdf: Any) -> list[int]:
    """The pages the top-level bookmarks point to, in order: where a book's chapters (and its source list) start.

    A memo has one, its title, on page 1. pdfminer gives each bookmark's destination as a page reference,
    a named destination or a GoTo action; one that cannot be resolved is left out.
    """
    from pdfminer.pdftypes import resolve1

    try:
        entries = list(pdf.doc.get_outlines())
        pages = {page.page_obj.pageid: page.page_number for page in pdf.pages}
    except Exception:  # no outline at all (pdfminer raises PDFNoOutlines)
        return []
    found = set()
    for level, _title, dest, action, _se in entries:
        if level != 1:
            continue
        try:
            target = resolve1(dest) if dest is not None else resolve1(resolve1(action).get("D"))
            if isinstance(target, bytes | str):
                target = resolve1(pdf.doc.get_dest(target))
            if isinstance(target, dict):
                target = resolve1(target.get("D"))
            ref = target[0] if isinstance(target, list) and target else None
        except Exception:
            continue
        objid = getattr(ref, "objid", None)
        if objid in pages:
            found.add(pages[objid])
    return sorted(found)


def parts(sheets: list[Sheet], starts: Sequence[int]) -> list[list[Sheet]]:
    """The pages cut where each part starts (the pages before the first part are one part of their own)."""
    out: list[list[Sheet]] = []
    for sheet in sheets:
        if not out or sheet.number in starts:
            out.append([])
        out[-1].append(sheet)
    return out
