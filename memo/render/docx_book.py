"""Turn a Book into a Word document: a cover, a contents field already filled in, each memo a section of its own.

Each chapter is a Word section starting on a new page, with its own header (the chapter's title); the memo's
sections are Heading 2 under the chapter's Heading 1. Cross-references are hyperlinks to bookmarks
(`docx_runs.bookmark_name` of the HTML id).

Footnotes are numbered through the whole book (1, 2, 3 … across chapters), unlike the PDF's 1 per chapter:
no Word encoding of "per chapter" reads right in LibreOffice 7.4 as well as in Word. Word's "restart each
section" (``w:numRestart eachSect`` in each sectPr; any ``numStart``) LibreOffice reads as "per chapter"
and prints as 0 after the first chapter; only in settings.xml, Word restarts and LibreOffice does not. A
custom mark (``w:customMarkFollows``, the number typed after the reference and typed again, instead of
``w:footnoteRef``, in the note: the form Word writes and LibreOffice exports) LibreOffice prints twice at
the page foot once a document holds more than one. Keeping ``w:footnoteRef`` in such a note LibreOffice
shows right, but Word never writes that form, and ECMA-376 17.11.13 makes ``w:footnoteRef`` an
automatically numbered run, not the custom mark: Word's number there would not be the chapter's.

The contents is a real TOC field (Word's References > Update Table rebuilds it), but its result is written
here, entry by entry, with the page numbers of the PDF's layout: pandoc, Quarto and python-docx leave the
result empty, so the contents reads "press F9" until someone does, and a viewer that never updates fields
(LibreOffice with updates off, a phone) shows nothing. Word's own pages can differ from the PDF's; updating
the field then gives Word's numbers.
"""

from __future__ import annotations

from collections.abc import Mapping

from docx.document import Document
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm
from lxml.etree import _Element

from memo import provenance
from memo.config import Settings
from memo.dates import format_date
from memo.document import Book, Memo, Text
from memo.render.docx import _Writer
from memo.render.docx_notes import Footnotes
from memo.render.docx_package import REFERENCE, Styles, open_reference, save
from memo.render.docx_page import field, furnish_section, set_custom_properties, set_up_page, text_width
from memo.render.docx_runs import bookmark_name, make_run, paragraph_properties
from memo.render.measure import fit
from memo.templates import TemplateSet

COVER_VALUES = Mm(40)  # where the cover's values start: "CLASSIFICATION:" in bold is about 33 mm

# Styles a book needs beyond a memo's, added when the reference document lacks them (an office may define its own).
BOOK_STYLES = {
    "Heading 2": '<w:basedOn w:val="Heading1"/><w:next w:val="BodyText"/><w:uiPriority w:val="9"/><w:qFormat/>'
    '<w:pPr><w:spacing w:before="240" w:after="80"/><w:outlineLvl w:val="1"/></w:pPr>'
    '<w:rPr><w:sz w:val="23"/><w:szCs w:val="23"/></w:rPr>',
    "Memo Cover Title": '<w:basedOn w:val="Title"/><w:next w:val="BodyText"/><w:qFormat/>'
    '<w:pPr><w:spacing w:before="600" w:after="200"/></w:pPr>'
    '<w:rPr><w:spacing w:val="0"/><w:sz w:val="52"/><w:szCs w:val="52"/></w:rPr>',
    "TOC Heading": '<w:basedOn w:val="Title"/><w:next w:val="Normal"/><w:uiPriority w:val="39"/>'
    '<w:rPr><w:spacing w:val="0"/><w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr>',
    "toc 1": '<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="39"/>'
    '<w:pPr><w:spacing w:after="120"/></w:pPr>',
}


def render(book: Book, templates: TemplateSet, settings: Settings, pages: Mapping[str, int]) -> bytes:
    """The .docx bytes of ``book``; ``pages``: the page each chapter (by topic) and ``sources`` start on in the PDF."""
    document, styles = open_reference(templates.path(REFERENCE))
    styles = _with_book_styles(document, styles)
    set_up_page(document, settings.paper)
    notes = Footnotes.of(document, styles["Footnote Text"], styles["Footnote Reference"])
    writer = _Writer(document, styles, notes, heading="Heading 2", related_href=lambda t: book.href(t, "docx"))
    marks = _Bookmarks()
    c = book.cover
    _cover(writer, book)
    _page_break(writer)
    writer.paragraph("TOC Heading", (Text("Contents"),))
    entries = [(m.header.title, m.topic) for m in book.memos] + [("Sources", "sources")]
    _contents(writer, [(title, bookmark_name(name), pages.get(name, 0)) for title, name in entries])
    furnish_section(
        document.sections[0], c.classification, _running(c.title, c.status_mark), c.status_mark, styles, c.as_of
    )
    for memo in book.memos:
        _chapter(document, writer, marks, memo, book)
        writer.note_offset += len(memo.notes)
    document.add_section(WD_SECTION.NEW_PAGE)
    furnish_section(document.sections[-1], c.classification, "Sources", c.status_mark, styles, c.as_of)
    marks.mark(writer.paragraph("Heading 1", (Text("Sources"),)), "sources")
    for number, entry in enumerate(book.sources, 1):
        p = writer.paragraph("Memo Source", (Text(f"{number}.\t"), *entry.runs))
        marks.mark(p, f"source-{entry.source_id}")
    _properties(document, book)
    record = provenance.book_record(book)
    set_custom_properties(document, provenance.properties(record) if record else [])
    return save(document)


def _chapter(document: Document, writer: _Writer, marks: _Bookmarks, memo: Memo, book: Book) -> None:
    document.add_section(WD_SECTION.NEW_PAGE)
    c = book.cover
    h = memo.header
    title = _running(h.title, h.status_mark)
    furnish_section(document.sections[-1], c.classification, title, h.status_mark, writer.styles, h.as_of)
    marks.mark(writer.paragraph("Heading 1", (Text(memo.header.title),)), memo.topic)
    writer.memo(memo)


def _running(title: str, status_mark: str) -> str:
    """A running head's title, shortened as the PDF's (book.html.j2) so the mark and the date fit beside it."""
    return fit(title, 36 if status_mark else 48)


def _cover(writer: _Writer, book: Book) -> None:
    c = book.cover
    kind = writer.paragraph("Title", (Text("BRIEFING BOOK"),))
    if c.status_mark:
        kind.append(make_run(" "))
        kind.append(make_run(c.status_mark, style=writer.styles["Memo Draft"]))
    writer.paragraph("Memo Cover Title", (Text(c.title),))
    if c.subtitle:
        writer.paragraph("Memo Subject", (), italic=True).append(make_run(c.subtitle, italic=True))
    fields = [
        ("FOR", c.audience),
        ("DATE", format_date(c.as_of)),
        ("CLASSIFICATION", c.classification),
        ("STATUS", c.status_mark or "Approved"),
        ("EDITION", c.edition),
        ("MEMOS", str(len(book.memos))),
    ]
    # A memo's labels (FOR, FROM, DATE) fit the style's tab stop; CLASSIFICATION does not, and would push its
    # value to the next stop: the cover's values stand at a stop of their own, past the longest label.
    stops = writer.document.styles["Memo Field"].paragraph_format.tab_stops
    cleared = "".join(f'<w:tab w:val="clear" w:pos="{stop.position.twips}"/>' for stop in stops)
    at = COVER_VALUES.twips
    tabs = f'<w:tabs {nsdecls("w")}>{cleared}<w:tab w:val="left" w:pos="{at}"/></w:tabs>'
    indent = f'<w:ind {nsdecls("w")} w:left="{at}" w:hanging="{at}"/>'
    for label, value in fields:
        if value:
            p = writer.paragraph("Memo Field", ())
            paragraph_properties(p).extend([parse_xml(tabs), parse_xml(indent)])
            p.append(make_run(f"{label}:", bold=True))
            p.append(make_run(f"\t{value}"))


def _contents(writer: _Writer, entries: list[tuple[str, str, int]]) -> None:
    """A TOC field over Heading 1, its result the entries (title, bookmark, page), each a link to its bookmark."""
    section = writer.document.sections[0]
    width = text_width(section)
    paragraphs = []
    for title, name, page in entries:
        p = writer.paragraph("toc 1", ())
        tabs = parse_xml(f'<w:tabs {nsdecls("w")}><w:tab w:val="right" w:leader="dot" w:pos="{width.twips}"/></w:tabs>')
        paragraph_properties(p).append(tabs)
        link = OxmlElement("w:hyperlink", {qn("w:anchor"): name, qn("w:history"): "1"})
        link.append(make_run(title))
        link.append(make_run("\t"))
        for run in field(f"PAGEREF {name} \\h", str(page)):
            link.append(run)
        p.append(link)
        paragraphs.append(p)
    begin = field('TOC \\o "1-1" \\h \\z \\u')
    ppr = paragraph_properties(paragraphs[0])
    for run in reversed(begin[:3]):  # begin, the field code, separate: before the first entry
        ppr.addnext(run)
    paragraphs[-1].append(begin[-1])  # end: after the last


class _Bookmarks:
    """Bookmarks around whole paragraphs, numbered in the order they are made."""

    def __init__(self) -> None:
        self.count = 0

    def mark(self, p: _Element, name: str) -> None:
        self.count += 1
        ident = str(self.count)
        start = OxmlElement("w:bookmarkStart", {qn("w:id"): ident, qn("w:name"): bookmark_name(name)})
        paragraph_properties(p).addnext(start)
        p.append(OxmlElement("w:bookmarkEnd", {qn("w:id"): ident}))


def _page_break(writer: _Writer) -> None:
    p = writer.paragraph("Body Text", ())
    run = OxmlElement("w:r")
    run.append(OxmlElement("w:br", {qn("w:type"): "page"}))
    p.append(run)


def _with_book_styles(document: Document, styles: Styles) -> Styles:
    found = {(s.name or "").lower(): s.style_id for s in document.styles if s.type == WD_STYLE_TYPE.PARAGRAPH}
    ids = dict(styles.ids)
    for name, body in BOOK_STYLES.items():
        if name.lower() not in found:
            style_id = name.title().replace(" ", "")
            custom = "" if name in ("Heading 2", "TOC Heading", "toc 1") else ' w:customStyle="1"'
            document.styles.element.append(
                parse_xml(
                    f'<w:style {nsdecls("w")} w:type="paragraph"{custom} w:styleId="{style_id}">'
                    f'<w:name w:val="{name}"/>{body}</w:style>'
                )
            )
            found[name.lower()] = style_id
        ids[name] = found[name.lower()]
    return Styles(ids)


def _properties(document: Document, book: Book) -> None:
    from datetime import UTC, datetime

    c = book.cover
    props = document.core_properties
    props.title = c.title
    props.author = props.last_modified_by = "memo"
    props.subject = c.subtitle or c.title
    props.keywords = ", ".join(book.keywords)[:255]
    props.category = c.classification[:255]
    props.content_status = c.status
    props.identifier = f"book-{book.name}"
    props.comments = ""
    props.language = c.lang
    midnight = datetime(c.as_of.year, c.as_of.month, c.as_of.day, tzinfo=UTC)
    props.created = props.modified = props.last_printed = midnight
    props.revision = 1
