"""Page furniture of a Word memo: paper and margins, the banner, running header and page numbers, and properties
(core, and custom: the provenance).

Headers and footers are rebuilt for every memo (not taken from the reference
document) because they carry the memo's own classification, title and status.
Dates come from the memo's as-of day, never from the clock.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section, _Footer, _Header
from docx.shared import Length, Mm, Twips
from docx.text.paragraph import Paragraph
from lxml import etree
from lxml.etree import _Element

from memo.dates import format_date
from memo.document import Memo
from memo.render.docx_package import Styles
from memo.render.docx_runs import make_run
from memo.render.measure import fit

PAPER = {"A4": (Mm(210), Mm(297)), "Letter": (Twips(12240), Twips(15840))}
# The PDF's page margins (@page in templates/memo/memo.css: 24mm 20mm 22mm 20mm), so both have the same text block.
MARGINS = {"top": Mm(24), "right": Mm(20), "bottom": Mm(22), "left": Mm(20)}
EDGE = Mm(11)  # header and footer distance from the paper's edge: over 10 mm, so no printer cuts the banner


def set_up_page(document: Document, paper: str) -> None:
    """One portrait section on the chosen paper, with the same header and footer on every page."""
    width, height = PAPER[paper]
    document.settings.odd_and_even_pages_header_footer = False
    for section in document.sections:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = width, height
        section.top_margin, section.right_margin = MARGINS["top"], MARGINS["right"]
        section.bottom_margin, section.left_margin = MARGINS["bottom"], MARGINS["left"]
        section.header_distance = section.footer_distance = EDGE
        section.gutter = Twips(0)
        section.different_first_page_header_footer = False


def furnish(document: Document, memo: Memo, styles: Styles) -> None:
    """Banner top and bottom, title, status mark and as-of date in the header (as the PDF's running head),
    ``Page X of Y`` in the footer."""
    h = memo.header
    title = fit(h.title, 36 if h.status_mark else 48)  # shortened as the PDF's, so the mark and the date fit
    for section in document.sections:
        furnish_section(section, h.classification, title, h.status_mark, styles, h.as_of)


def text_width(section: Section) -> Length:
    """The width between a section's margins. python-docx reads each as optional (the XML may lack it);
    ``set_up_page`` sets them all, and the reference document's section has them."""
    width, left, right = section.page_width, section.left_margin, section.right_margin
    if width is None or left is None or right is None:
        raise ValueError("a Word section without its page width or margins")
    return Length(width - left - right)


def furnish_section(
    section: Section, classification: str, title: str, status_mark: str, styles: Styles, as_of: date | None = None
) -> None:
    """One section's own header and footer (a book's chapter carries its title in its header, and its own
    as-of date at the right, as the book's PDF does: a chapter may be older than the book)."""
    width = text_width(section)
    header = _fresh(section.header)
    _banner(header.paragraphs[0], classification, styles)
    running = header.add_paragraph()
    _style(running, styles["Header"])
    running.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
    running._p.append(make_run(title))
    if status_mark or as_of:  # the tab stays outside the mark's box
        running._p.append(make_run("\t"))
    if status_mark:  # "DRAFT" or "DRAFT — FOR REVIEW", as the PDF prints it
        running._p.append(make_run(status_mark, style=styles["Memo Draft"]))
    if as_of:
        gap = "\u2003" if status_mark else ""  # an em space between the mark's box and the date
        running._p.append(make_run(f"{gap}As of {format_date(as_of)}"))
    footer = _fresh(section.footer)
    numbers = footer.paragraphs[0]
    _style(numbers, styles["Footer"])
    for piece in ("Page ", "PAGE", " of ", "NUMPAGES"):
        for run in field(piece) if piece.isupper() else [make_run(piece)]:
            numbers._p.append(run)
    _banner(footer.add_paragraph(), classification, styles)
    for unused in (section.first_page_header, section.first_page_footer):
        unused.is_linked_to_previous = True
    for unused in (section.even_page_header, section.even_page_footer):
        unused.is_linked_to_previous = True


def set_properties(document: Document, memo: Memo) -> None:
    """Title, author, subject, keywords and dates a file browser or Word's Info pane shows."""
    h = memo.header
    midnight = datetime(h.as_of.year, h.as_of.month, h.as_of.day, tzinfo=UTC)
    props = document.core_properties
    props.title = _short(h.title)
    props.author = props.last_modified_by = _short(h.author)
    props.subject = _short(h.subtitle or h.title)
    props.keywords = _short(", ".join(memo.keywords))
    props.category = _short(h.classification)
    props.content_status = h.status
    props.identifier = memo.topic
    props.comments = ""
    props.language = h.lang
    _set_language(document, h.lang)
    props.created = props.modified = props.last_printed = midnight
    props.revision = 1


CUSTOM_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
CUSTOM_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the one format id Office uses for custom properties


def set_custom_properties(document: Document, properties: list[tuple[str, str | bool]]) -> None:
    """docProps/custom.xml: what Word lists under File > Info > Properties > Custom (memo's provenance).

    python-docx reads and writes only the core properties, so the part is written here; any custom
    properties the reference document had are replaced, never mixed in.
    """
    package = document.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype == RT.CUSTOM_PROPERTIES:
            del package.rels[rid]
    if not properties:
        return
    # lxml takes None as the default namespace's prefix; lxml-stubs' nsmap allows only str keys.
    root = etree.Element(f"{{{CUSTOM_NS}}}Properties", nsmap={None: CUSTOM_NS, "vt": VT_NS})  # type: ignore[dict-item]
    for pid, (name, value) in enumerate(properties, start=2):  # Office numbers custom properties from 2
        prop = etree.SubElement(root, f"{{{CUSTOM_NS}}}property", fmtid=CUSTOM_FMTID, pid=str(pid), name=name[:255])
        kind, text = ("bool", "true" if value else "false") if isinstance(value, bool) else ("lpwstr", value)
        etree.SubElement(prop, f"{{{VT_NS}}}{kind}").text = text
    blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    package.relate_to(Part(PackURI("/docProps/custom.xml"), CUSTOM_TYPE, blob, package), RT.CUSTOM_PROPERTIES)


def read_custom_properties(document: Document) -> dict[str, str | bool]:
    """The custom properties of a Word document, by name (booleans as bool, the rest as text)."""
    try:
        part = document.part.package.part_related_by(RT.CUSTOM_PROPERTIES)
    except KeyError:
        return {}
    out: dict[str, str | bool] = {}
    for prop in etree.fromstring(part.blob).iter(f"{{{CUSTOM_NS}}}property"):
        value = next(iter(prop), None)
        if value is not None:
            text = value.text or ""
            out[prop.get("name", "")] = text == "true" if value.tag == f"{{{VT_NS}}}bool" else text
    return out


def _set_language(document: Document, lang: str) -> None:
    """The memo's language as every run's default, so Word checks spelling and hyphenates in it."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is None:
        return
    rpr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
    if rpr is None:
        return
    found = rpr.find(qn("w:lang"))
    if found is None:
        found = OxmlElement("w:lang")
        rpr.append(found)
    found.set(qn("w:val"), lang)


def _fresh(story: _Header | _Footer) -> _Header | _Footer:
    """A header or footer of this section's own, emptied of whatever the reference document had."""
    story.is_linked_to_previous = True  # drops any definition the reference document had
    story.is_linked_to_previous = False  # a new, empty one with a single paragraph
    return story


def _banner(paragraph: Paragraph, classification: str, styles: Styles) -> None:
    _style(paragraph, styles["Memo Banner"])
    paragraph._p.append(make_run(classification))


def _style(paragraph: Paragraph, style_id: str) -> None:
    paragraph._p.get_or_add_pPr().style = style_id


def field(code: str, result: str = "1") -> list[_Element]:
    """A complex field (begin, code, separate, result, end) as Word writes it; Word fills in the number."""

    def char(kind: str) -> _Element:
        run = OxmlElement("w:r")
        run.append(OxmlElement("w:fldChar", {qn("w:fldCharType"): kind}))
        return run

    instr = OxmlElement("w:r")
    text = OxmlElement("w:instrText", {qn("xml:space"): "preserve"})
    text.text = f" {code} "
    instr.append(text)
    return [char("begin"), instr, char("separate"), make_run(result), char("end")]


def _short(text: str) -> str:
    """Core properties hold at most 255 characters."""
    return text if len(text) <= 255 else text[:254] + "\u2026"
