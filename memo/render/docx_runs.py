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

import hashlib
import re
from collections.abc import Callable
from functools import cache

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml.etree import SubElement, _Element

from memo.bidi import direction_spans
from memo.document import Emph, Inline, Link, NoteRef, Strong, Text


class RunWriter:
    """What writing runs needs to know: the part links are related from, and the styles and notes to use.

    A plain class: a frozen dataclass would cost every Word build 1.5 ms to define, for no use of its equality.
    """

    def __init__(
        self, part: Part, hyperlink_style: str, note_reference: Callable[[int], _Element] | None = None
    ) -> None:
        self.part = part
        self.hyperlink_style = hyperlink_style
        self.note_reference = note_reference  # None where notes cannot be (in a footnote)

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
        """A w:hyperlink to an external relationship, or, for ``#name``, to the bookmark `bookmark_name` makes of
        ``name`` in this document (a book's cross-references); its runs in the Hyperlink character style."""
        if link.href.startswith("#"):
            target = {qn("w:anchor"): bookmark_name(link.href[1:])}
        else:
            target = {qn("r:id"): self.part.relate_to(link.href, RT.HYPERLINK, is_external=True)}
        element = OxmlElement("w:hyperlink", {**target, qn("w:history"): "1"})
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


def bookmark_name(name: str) -> str:
    """The Word bookmark for an HTML id (``ukraine-ceasefire``, ``source-a``): Word takes a letter first, then
    letters, digits and underscores, at most 40 characters; a longer name is cut and ends in a hash of it."""
    out = "m_" + re.sub(r"[^A-Za-z0-9]", "_", name)
    return out if len(out) <= 40 else out[:31] + "_" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]


def child(parent: _Element, tag: str, attrs: dict[str, str] | None = None) -> _Element:
    """A new ``tag`` element (``w:rPr``) appended to ``parent``, with ``attrs`` (``{"w:val": "x"}``).

    Made inside the parent's tree, where ``OxmlElement`` makes a loose element, a document of its own,
    that lxml then moves into the parent's: the same XML in half the time (~5 us, not ~10, an element;
    a memo has some 1,400). It takes python-docx's element class as OxmlElement's does.
    """
    return SubElement(parent, _qn(tag), {_qn(k): v for k, v in attrs.items()} if attrs else None)


@cache
def _qn(tag: str) -> str:
    return qn(tag)


def paragraph_properties(p: _Element) -> _Element:
    """A paragraph's w:pPr. Every paragraph memo writes has one (its style is there), so it is found, not made."""
    ppr = p.find(qn("w:pPr"))
    if ppr is None:
        raise ValueError("a w:p written by memo without its w:pPr")
    return ppr


def make_run(
    text: str, bold: bool = False, italic: bool = False, style: str | None = None, rtl: bool = False
) -> _Element:
    """One w:r; tabs in ``text`` become w:tab, so a numbered line can use the style's tab stop.

    A right-to-left run (``rtl``) is set with Word's complex-script properties, so it is bold and italic
    through w:bCs and w:iCs as well.
    """
    run = OxmlElement("w:r")
    if bold or italic or style or rtl:
        rpr = child(run, "w:rPr")
        if style:
            child(rpr, "w:rStyle", {"w:val": style})
        if bold:
            child(rpr, "w:b")
            if rtl:
                child(rpr, "w:bCs")
        if italic:
            child(rpr, "w:i")
            if rtl:
                child(rpr, "w:iCs")
        if rtl:
            child(rpr, "w:rtl")
    for i, piece in enumerate(text.split("\t")):
        if i:
            child(run, "w:tab")
        if piece:
            child(run, "w:t", {"xml:space": "preserve"}).text = piece
    return run
