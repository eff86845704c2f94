"""Turn a Memo into a Word document built on the template set's reference.docx, with real footnotes.

The memo header block, then the Memo's sections in order and its related
memos, as the PDF shows them; every paragraph, run and table takes a named
style of the reference document, so an office restyles its memos in Word, not
here. Citations become Word footnotes (see docx_notes), which Word renumbers
when an editor adds text.
"""

from __future__ import annotations

from collections.abc import Callable

from docx.document import Document
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.table import CT_Row, CT_Tbl, CT_Tc
from docx.shared import Length
from lxml.etree import _Element

from memo import provenance
from memo.bidi import is_rtl, plain_text
from memo.config import Settings
from memo.dates import format_date
from memo.document import (
    Block,
    BulletList,
    Inline,
    Link,
    Memo,
    NoteRef,
    Paragraph,
    Perspectives,
    Quote,
    Runs,
    SourceList,
    Table,
    Text,
)
from memo.render.docx_notes import Footnotes
from memo.render.docx_package import REFERENCE, Styles, open_reference, save
from memo.render.docx_page import furnish, set_custom_properties, set_properties, set_up_page, text_width
from memo.render.docx_runs import RunWriter, child, make_run, paragraph_properties
from memo.templates import TemplateSet


def render(memo: Memo, templates: TemplateSet, settings: Settings) -> bytes:
    """The .docx bytes of ``memo``; the same memo, templates and settings give the same bytes."""
    document, styles = open_reference(templates.path(REFERENCE))
    set_up_page(document, settings.paper)
    notes = Footnotes.of(document, styles["Footnote Text"], styles["Footnote Reference"])
    _Writer(document, styles, notes).memo(memo)
    furnish(document, memo, styles)
    set_properties(document, memo)
    record = provenance.record(memo)
    set_custom_properties(document, provenance.properties(record) if record else [])
    return save(document)


class _Writer:
    """Appends a memo's blocks to the document body, one method per kind of block."""

    def __init__(
        self,
        document: Document,
        styles: Styles,
        notes: Footnotes,
        heading: str = "Heading 1",
        related_href: Callable[[str], str] = lambda topic: f"{topic}.docx",
    ) -> None:
        self.document = document
        self.body = document.element.body
        self.end = self.body.find(qn("w:sectPr"))  # the body's last element, which its paragraphs come before
        self.styles = styles
        self.notes = notes
        self.heading = heading  # a book's chapters are Heading 1, their sections Heading 2
        self.related_href = related_href  # a book links a memo inside it to its chapter (#topic)
        self.note_offset = 0  # a book's notes after the first chapter's: ids and numbers run on
        self.runs = RunWriter(document.part, styles["Hyperlink"], lambda n: notes.reference(self.note_offset + n))
        section = document.sections[0]
        self.width = text_width(section)

    def memo(self, memo: Memo) -> None:
        self.header_block(memo)
        if not any(section.id == "sources" for section in memo.sections):  # a book's chapter: under its header
            self.related(memo)
        for section in memo.sections:
            if section.id == "sources":
                self.related(memo)  # before the source list, as in the PDF
            if not any(_has_content(block) for block in section.blocks):
                continue
            self.paragraph(self.heading, (Text(section.title),))
            for block in section.blocks:
                self.block(block)
        note_runs = RunWriter(self.notes.part, self.styles["Hyperlink"])
        for note in memo.notes:
            p = self.notes.add(self.note_offset + note.number)
            rtl = is_rtl(plain_text(note.runs))
            if rtl:
                paragraph_properties(p).append(OxmlElement("w:bidi"))
            note_runs.write(p, note.runs, rtl=rtl)

    def related(self, memo: Memo) -> None:
        """The line "Related memos:" with each one's title, linked to its Word file beside this one (``<topic>.docx``).

        It stands before the source list, as in the PDF, where a last page holding only this line would waste paper.
        """
        if not memo.related:
            return
        runs: list[Inline] = [Text("Related memos: ")]
        for i, related in enumerate(memo.related):
            runs += [Text("; ")] if i else []
            runs.append(Link(self.related_href(related.topic), (Text(related.title),)))
        self.paragraph("Memo Related", tuple(runs))

    def header_block(self, memo: Memo) -> None:
        """MEMORANDUM and the status mark beside it (or the clearance line under it), then FOR / FROM / DATE /
        SUBJECT, as a paper memo opens."""
        h = memo.header
        title = self.paragraph("Title", (Text("MEMORANDUM"),))
        if h.status_mark:
            title.append(make_run(" "))
            title.append(make_run(h.status_mark, style=self.styles["Memo Draft"]))
        if h.clearance:  # "Approved by ... on ...": in place of the status mark, under MEMORANDUM, as the PDF has it
            self.paragraph("Memo Field", ()).append(make_run(h.clearance, italic=True))
        fields = [("FOR", h.audience), ("FROM", h.author), ("DATE", format_date(h.as_of))]
        for label, value in fields:
            if value:
                p = self.paragraph("Memo Field", ())
                p.append(make_run(f"{label}:", bold=True))
                p.append(make_run(f"\t{value}"))
        p = self.paragraph("Memo Subject", ())
        p.append(make_run("SUBJECT:", bold=True))
        p.append(make_run(f"\t{h.title}", bold=True))
        if h.subtitle:
            self.paragraph("Memo Subject", ()).append(make_run(f"\t{h.subtitle}", italic=True))

    def block(self, block: Block) -> None:
        if isinstance(block, Paragraph):
            self.paragraph("Memo Bottom Line" if block.role == "bottom-line" else "Body Text", block.runs)
        elif isinstance(block, BulletList):
            for item in block.items:
                self.paragraph("List Bullet", item)
        elif isinstance(block, Table):
            self.table(block)
        elif isinstance(block, Perspectives):
            self.perspectives(block)
        elif isinstance(block, Quote):
            self.quote(block)
        elif isinstance(block, SourceList):
            for number, entry in enumerate(block.entries, 1):  # numbered once: by the style's label, else here
                self.paragraph("Memo Source", (Text(f"{entry.label or f'{number}.'}\t"), *entry.runs))

    def paragraph(self, style: str, runs: Runs, parent: _Element | None = None, italic: bool = False) -> _Element:
        """A w:p in ``style`` appended to ``parent`` (the body by default), holding ``runs``.

        A paragraph whose text reads right to left is marked w:bidi (Word then aligns it to the right).
        """
        p = OxmlElement("w:p")
        ppr = child(p, "w:pPr")
        child(ppr, "w:pStyle", {"w:val": self.styles[style]})
        rtl = is_rtl(plain_text(runs))
        if rtl:
            child(ppr, "w:bidi")
        self.runs.write(p, runs, italic=italic, rtl=rtl)
        if parent is not None:
            parent.append(p)
        elif self.end is not None:
            self.end.addprevious(p)
        else:
            self.body.append(p)
        return p

    def quote(self, quote: Quote) -> None:
        self.paragraph("Quote", quote.runs)  # the builder set the quotation marks of the memo's language
        who = f"\u2014 {quote.speaker}, {quote.role}" if quote.role else f"\u2014 {quote.speaker}"
        note: tuple[NoteRef, ...] = (quote.note,) if quote.note else ()
        self.paragraph("Memo Attribution", (Text(who), *note))

    def table(self, table: Table) -> None:
        weights = table.widths or (1,) * len(table.header)
        _, (header, *rows) = self.grid(len(table.rows) + 1, weights)
        for tc, title in zip(header.tc_lst, table.header, strict=True):
            self.fill(tc, [("Memo Table Text", (Text(title),), False)])
        for tr, values in zip(rows, table.rows, strict=True):
            _row_property(tr, "w:cantSplit")
            for tc, runs in zip(tr.tc_lst, values, strict=True):
                self.fill(tc, [("Memo Table Text", runs, False)])

    def perspectives(self, block: Perspectives) -> None:
        """Each view as a table of its own: its label (repeated on each page), then a row for each point.

        A page may end only between rows, and no row splits (w:cantSplit), so it ends between two points,
        never inside a sentence; the summary (italic) opens the first point's row, so it never stands
        alone. The views follow each other rather than stand side by side, because Word numbers notes
        in reading order and a table reads row by row: a row for each pair of points would number the
        notes of the two views alternately, unlike the PDF. (One row holding each view's whole list
        keeps the order, but LibreOffice then moves it whole to the next page when it does not fit,
        leaving a half-empty page, or splits it inside a point, keepLines or not; w:keepNext in a
        table makes it keep the whole table on one page.)
        """
        for n, side in enumerate((block.optimistic, block.sceptical)):
            if n:
                self.paragraph("Memo Table Text", ())  # a gap: Word joins two tables that touch into one
            # one row a point, but the last two share a row: the last point never stands alone on a page
            # under the repeated label (LibreOffice ignores keep-with-next between table rows)
            groups = [[point] for point in side.points[:-2]] + [list(side.points[-2:])]
            tbl, (header, *rows) = self.grid(1 + len(groups), (1,))
            _as_one_box(tbl, rows)
            self.fill(header.tc_lst[0], [("Memo Table Text", (Text(side.label),), False)])
            for i, (tr, points) in enumerate(zip(rows, groups, strict=True)):
                _row_property(tr, "w:cantSplit")
                content = [("Memo Table Text", side.summary, True)] if i == 0 and side.summary else []
                self.fill(tr.tc_lst[0], [*content, *(("Memo Table Bullet", point, False) for point in points)])

    def grid(self, rows: int, weights: tuple[int, ...]) -> tuple[CT_Tbl, list[CT_Row]]:
        """A table across the text width in the Memo Table style, its first row a header repeated on each page,
        and its rows (w:tr), each cell (w:tc) holding one empty paragraph. Rows and cells are reached as elements,
        not through python-docx's Table: its row.cells maps the whole grid again on each call."""
        table = self.document.add_table(rows, len(weights))
        tbl = table._tbl
        tbl.tblStyle_val = self.styles["Memo Table"]
        tbl_pr = tbl.tblPr
        tbl_pr.find(qn("w:tblW")).attrib.update({qn("w:w"): str(self.width.twips), qn("w:type"): "dxa"})
        tbl_pr.find(qn("w:tblLook")).set(qn("w:firstColumn"), "0")  # the style's header row, no first-column look
        tbl_pr.find(qn("w:tblLook")).set(qn("w:val"), "0420")
        total = sum(weights)
        widths = [Length(self.width * weight // total) for weight in weights]
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width
        trs = tbl.tr_lst
        for tr in trs:  # each cell by its row's w:tc: a new table has no merged cells
            for tc, width in zip(tr.tc_lst, widths, strict=True):
                tc.width = width
        _row_property(trs[0], "w:tblHeader")
        _row_property(trs[0], "w:cantSplit")
        return tbl, trs

    def fill(self, tc: CT_Tc, content: list[tuple[str, Runs | None, bool]]) -> None:
        """Replace the cell's empty paragraph with (style, runs, italic) paragraphs."""
        for p in tc.findall(qn("w:p")):
            tc.remove(p)
        for style, runs, italic in content or [("Memo Table Text", (), False)]:
            self.paragraph(style, runs or (), parent=tc, italic=italic)


def _as_one_box(tbl: CT_Tbl, points: list[CT_Row]) -> None:
    """A view's points as one box, as in the PDF. Its rows are there only so a page ends between points: the
    style's rules between rows (a data table's) are left out, top and bottom kept, and the points' rows lose
    the cell margins between them, so two points in two rows stand as close as two sharing the last row."""
    tbl_pr = tbl.tblPr
    borders = parse_xml(f'<w:tblBorders {nsdecls("w")}><w:insideH w:val="nil"/></w:tblBorders>')
    _insert_before(tbl_pr, borders, ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook"))
    for i, tr in enumerate(points):
        sides = ("top",) * (i > 0) + ("bottom",) * (i < len(points) - 1)
        if sides:
            margins = "".join(f'<w:{side} w:w="0" w:type="dxa"/>' for side in sides)
            tc_pr = tr.tc_lst[0].get_or_add_tcPr()
            later = ("w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark")
            _insert_before(tc_pr, parse_xml(f"<w:tcMar {nsdecls('w')}>{margins}</w:tcMar>"), later)


def _insert_before(parent: _Element, child: _Element, later: tuple[str, ...]) -> None:
    """``child`` into ``parent`` before the first of the ``later`` elements the schema orders after it."""
    following = next((e for e in (parent.find(qn(tag)) for tag in later) if e is not None), None)
    if following is None:
        parent.append(child)
    else:
        following.addprevious(child)


def _row_property(tr: CT_Row, tag: str) -> None:
    tr.get_or_add_trPr().append(OxmlElement(tag))


def _has_content(block: Block) -> bool:
    return not isinstance(block, SourceList) or bool(block.entries)
