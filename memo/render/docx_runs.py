"""Turn the model's inline runs into WordprocessingML runs: italic, bold, real hyperlinks, footnote references.

Works on lxml elements, so the same code fills a body paragraph, a table cell,
a header or a footnote: only the part that owns the hyperlink relationships
differs, and the caller names it.

Right-to-left text (Arabic, Hebrew) is marked as Word needs it: a paragraph
whose first strong character is right-to-left gets ``w:bidi`` (as HTML's
``dir="auto"`` decides), and each stretch of right-to-left text its own run
with ``w:rtl``, so its full stop and quote marks land at its end, not at the
left-to-right end of the line.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml.etree import _Element

from memo.document import Emph, Inline, Link, NoteRef, Strong, Text


@dataclass(frozen=True)
class RunWriter:
    """What writing runs needs to know: the part links are related from, and the styles and notes to use."""

    part: Part
    hyperlink_style: str
    note_reference: Callable[[int], _Element] | None = None  # None where notes cannot be (in a footnote)

    def write(
        self, parent: _Element, runs: tuple[Inline, ...], bold: bool = False, italic: bool = False, rtl: bool = False
    ) -> None:
        """Append ``runs`` to ``parent`` (a w:p or w:hyperlink); ``rtl`` when the paragraph is right-to-left."""
        for run in runs:
            if isinstance(run, Text):
                for piece, piece_rtl in direction_spans(run.text, rtl):
                    parent.append(make_run(piece, bold=bold, italic=italic, rtl=piece_rtl))
            elif isinstance(run, Emph):
                self.write(parent, run.children, bold, True, rtl)
            elif isinstance(run, Strong):
                self.write(parent, run.children, True, italic, rtl)
            elif isinstance(run, Link):
                parent.append(self.hyperlink(run, bold, italic, rtl))
            elif isinstance(run, NoteRef) and self.note_reference is not None:
                parent.append(self.note_reference(run.number))

    def hyperlink(self, link: Link, bold: bool, italic: bool, rtl: bool = False) -> _Element:
        """A w:hyperlink to an external relationship, its runs in the Hyperlink character style."""
        rid = self.part.relate_to(link.href, RT.HYPERLINK, is_external=True)
        element = OxmlElement("w:hyperlink", {qn("r:id"): rid, qn("w:history"): "1"})
        inner = RunWriter(self.part, self.hyperlink_style, self.note_reference)
        inner.write(element, link.children, bold, italic, rtl)
        for run in element.findall(qn("w:r")):
            rpr = run.find(qn("w:rPr"))
            if rpr is None:
                rpr = OxmlElement("w:rPr")
                run.insert(0, rpr)
            if rpr.find(qn("w:rStyle")) is None:
                rpr.insert(0, OxmlElement("w:rStyle", {qn("w:val"): self.hyperlink_style}))
        return element


def make_run(
    text: str, bold: bool = False, italic: bool = False, style: str | None = None, rtl: bool = False
) -> _Element:
    """One w:r; tabs in ``text`` become w:tab, so a numbered line can use the style's tab stop.

    A right-to-left run (``rtl``) is set with Word's complex-script properties, so it is bold and italic
    through w:bCs and w:iCs as well.
    """
    run = OxmlElement("w:r")
    if bold or italic or style or rtl:
        rpr = OxmlElement("w:rPr")
        if style:
            rpr.append(OxmlElement("w:rStyle", {qn("w:val"): style}))
        if bold:
            rpr.append(OxmlElement("w:b"))
            if rtl:
                rpr.append(OxmlElement("w:bCs"))
        if italic:
            rpr.append(OxmlElement("w:i"))
            if rtl:
                rpr.append(OxmlElement("w:iCs"))
        if rtl:
            rpr.append(OxmlElement("w:rtl"))
        run.append(rpr)
    for i, piece in enumerate(text.split("\t")):
        if i:
            run.append(OxmlElement("w:tab"))
        if piece:
            t = OxmlElement("w:t", {qn("xml:space"): "preserve"})
            t.text = piece
            run.append(t)
    return run


def _strong(char: str) -> bool | None:
    """True for a right-to-left letter (bidi class R or AL), False for a left-to-right one, None otherwise."""
    kind = unicodedata.bidirectional(char)
    return True if kind in ("R", "AL") else False if kind == "L" else None


def is_rtl(text: str) -> bool:
    """Whether a paragraph of ``text`` reads right to left: its first strong character does (UBA rules P2, P3)."""
    return next((d for d in map(_strong, text) if d is not None), False)


def direction_spans(text: str, rtl: bool) -> Iterator[tuple[str, bool]]:
    """``text`` cut where its direction changes, each piece with whether it is right-to-left.

    Letters have their own direction; anything else (spaces, punctuation, digits) takes the direction
    of the letters on both sides when they agree, else the paragraph's (``rtl``), as Unicode's
    bidirectional algorithm resolves neutrals (rules N1, N2). Text with no right-to-left letter in a
    left-to-right paragraph is one piece.
    """
    if not text or (not rtl and not any(_strong(c) for c in text)):
        if text:
            yield text, False
        return
    strong = [_strong(c) for c in text]
    after: list[bool] = []
    following = rtl
    for d in reversed(strong):
        following = following if d is None else d
        after.append(following)
    after.reverse()
    before, start, current = rtl, 0, None
    for i, d in enumerate(strong):
        before = before if d is None else d
        resolved = d if d is not None else (before if before == after[i] else rtl)
        if current is not None and resolved != current:
            yield text[start:i], current
            start = i
        current = resolved
    yield text[start:], bool(current)
