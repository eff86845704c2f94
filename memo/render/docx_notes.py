"""Give a python-docx Document real Word footnotes: the footnotes part, its separators, the reference runs.

python-docx has no footnote API (its issue #1 is still open) and its default
template ships no footnotes part, so this module adds what Word itself writes,
on python-docx's low-level layer (``docx.opc`` parts, ``OxmlElement``) rather
than a fork: ``word/footnotes.xml`` with the separator (id -1) and continuation
separator (id 0), the relationship from ``document.xml`` (python-docx derives
the content-type override from the part), ``w:footnotePr`` in the settings, and
``w:footnoteReference`` runs in the text. Word numbers the notes itself, in the
order their references appear, so the text holds no hard-coded numbers.
"""

from __future__ import annotations

from docx.document import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml.etree import _Element

from memo.render.docx_runs import child

PARTNAME = "/word/footnotes.xml"
SEPARATORS = (("-1", "separator"), ("0", "continuationSeparator"))
# w:settings children that come after w:footnotePr, in schema order.
_SETTINGS_AFTER = [
    "w:endnotePr",
    "w:compat",
    "w:docVars",
    "w:rsids",
    "m:mathPr",
    "w:attachedSchema",
    "w:themeFontLang",
    "w:clrSchemeMapping",
    "w:doNotIncludeSubdocsInStats",
    "w:doNotAutoCompressPictures",
    "w:forceUpgrade",
    "w:captions",
    "w:readModeInkLockDown",
    "w:smartTagType",
    "sl:schemaLibrary",
    "w:shapeDefaults",
    "w:doNotEmbedSmartTags",
    "w:decimalSymbol",
    "w:listSeparator",
]


class Footnotes:
    """The footnotes part of one document: add notes to it, and write the runs that refer to them."""

    def __init__(self, part: XmlPart, text_style: str, reference_style: str) -> None:
        self.part = part
        self.text_style = text_style
        self.reference_style = reference_style

    @classmethod
    def of(cls, document: Document, text_style: str, reference_style: str) -> Footnotes:
        """The document's footnotes, emptied of notes: its own part if it has one (separators kept), else a new one.

        ``text_style`` and ``reference_style`` are style ids (Footnote Text, Footnote Reference).
        """
        part = _footnotes_part(document)
        root = part.element
        for note in root.findall(qn("w:footnote")):
            if note.get(qn("w:type"), "normal") == "normal":
                root.remove(note)
        present = {note.get(qn("w:type")) for note in root.findall(qn("w:footnote"))}
        for position, (note_id, kind) in enumerate(SEPARATORS):
            if kind not in present:
                root.insert(position, _separator(note_id, kind))
        _declare_separators(document)
        return cls(part, text_style, reference_style)

    def add(self, note_id: int) -> _Element:
        """Add footnote ``note_id`` (1, 2, ...) and return its paragraph, holding only the note mark, to fill."""
        note = child(self.part.element, "w:footnote", {"w:id": str(note_id)})
        p = child(note, "w:p")
        _style_ppr(p, self.text_style)
        mark = child(p, "w:r")
        _rstyle(mark, self.reference_style)
        child(mark, "w:footnoteRef")
        p.append(text_run(" "))
        return p

    def reference(self, note_id: int) -> _Element:
        """The run that marks footnote ``note_id`` in the text; Word shows its number."""
        run = OxmlElement("w:r")
        _rstyle(run, self.reference_style)
        child(run, "w:footnoteReference", {"w:id": str(note_id)})
        return run


def text_run(text: str) -> _Element:
    run = OxmlElement("w:r")
    t = child(run, "w:t")
    t.text = text
    t.set(qn("xml:space"), "preserve")
    return run


def _footnotes_part(document: Document) -> XmlPart:
    """Reuse the reference document's footnotes part, or add one; either way as an XmlPart we can edit.

    python-docx loads a part it has no class for as opaque bytes, so an existing
    footnotes part is parsed and put back under the same relationship id.
    """
    doc_part = document.part
    for rel in doc_part.rels.values():
        if rel.reltype == RT.FOOTNOTES and not rel.is_external:
            old = rel.target_part
            if isinstance(old, XmlPart):
                return old
            part = XmlPart.load(old.partname, CT.WML_FOOTNOTES, old.blob, doc_part.package)
            doc_part.load_rel(RT.FOOTNOTES, part, rel.rId)
            return part
    root = parse_xml(f"<w:footnotes {nsdecls('w', 'r')}/>")
    part = XmlPart(PackURI(PARTNAME), CT.WML_FOOTNOTES, root, doc_part.package)
    doc_part.relate_to(part, RT.FOOTNOTES)
    return part


def _separator(note_id: str, kind: str) -> _Element:
    return parse_xml(
        f'<w:footnote {nsdecls("w")} w:type="{kind}" w:id="{note_id}"><w:p><w:pPr>'
        f'<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:{kind}/></w:r></w:p></w:footnote>'
    )


def _declare_separators(document: Document) -> None:
    """``w:footnotePr`` in the settings names the separator notes, as Word writes it."""
    settings = document.settings.element
    if settings.find(qn("w:footnotePr")) is not None:
        return
    pr = OxmlElement("w:footnotePr")
    for note_id, _ in SEPARATORS:
        pr.append(OxmlElement("w:footnote", {qn("w:id"): note_id}))
    settings.insert_element_before(pr, *_SETTINGS_AFTER)


def _style_ppr(p: _Element, style_id: str) -> None:
    child(child(p, "w:pPr"), "w:pStyle", {"w:val": style_id})


def _rstyle(run: _Element, style_id: str) -> None:
    child(child(run, "w:rPr"), "w:rStyle", {"w:val": style_id})
