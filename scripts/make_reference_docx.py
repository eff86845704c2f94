"""Make templates/memo/reference.docx: every style the Word renderer uses, each shown once in sample text.

    .venv/bin/python scripts/make_reference_docx.py [OUT]

An office may instead restyle the file in Word (as with pandoc's
--reference-doc); the renderer takes styles by name from whatever file the
template set holds. The output is deterministic: the same python-docx gives
the same bytes, and tests check the committed file is what this script makes.
It starts from python-docx's own default template (theme fonts Cambria for
text and Calibri for headings, both with Cyrillic and Greek; other scripts take
the application's font for them), drops the parts
a memo does not need, and defines the memo's styles in WordprocessingML.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

import docx
from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from memo.document import Link, NoteRef, Text  # noqa: E402
from memo.render.docx_notes import Footnotes  # noqa: E402
from memo.render.docx_package import save  # noqa: E402
from memo.render.docx_page import set_up_page  # noqa: E402
from memo.render.docx_runs import RunWriter, make_run  # noqa: E402

OUT = ROOT / "templates/memo/reference.docx"
NAVY, GREY, RULE = "1F3864", "404040", "BFBFBF"
# Latin text only: East Asian and complex-script (Arabic, Hebrew) text is left to the application's own
# font for that script. Naming a Latin font there too (or the theme's empty ea/cs slots) makes
# LibreOffice draw no Chinese at all.
FONTS = '<w:rFonts w:ascii="Cambria" w:hAnsi="Cambria" w:asciiTheme="minorHAnsi" w:hAnsiTheme="minorHAnsi"/>'
HEADING_FONTS = '<w:rFonts w:ascii="Calibri" w:hAnsi="Calibri" w:asciiTheme="majorHAnsi" w:hAnsiTheme="majorHAnsi"/>'
KEEP = {"Normal", "DefaultParagraphFont", "TableNormal", "NoList"}
TIGHT = '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'

# (type, id, name, based on, next, pPr children, rPr children, extra): Word's ids and names for built-in styles.
STYLES = [
    ("paragraph", "Title", "Title", "Normal", "Normal",
     '<w:keepNext/><w:spacing w:before="0" w:after="200"/>',
     f'{HEADING_FONTS}<w:b/><w:bCs/><w:color w:val="{NAVY}"/><w:spacing w:val="40"/><w:sz w:val="36"/><w:szCs w:val="36"/>', ""),
    ("paragraph", "MemoField", "Memo Field", "Normal", None,
     '<w:tabs><w:tab w:val="left" w:pos="1418"/></w:tabs><w:spacing w:after="40"/><w:ind w:left="1418" w:hanging="1418"/>',
     "", ""),
    ("paragraph", "MemoSubject", "Memo Subject", "MemoField", "BodyText",
     f'<w:pBdr><w:bottom w:val="single" w:sz="12" w:space="6" w:color="{NAVY}"/></w:pBdr>', "", ""),
    ("paragraph", "Heading1", "heading 1", "Normal", "BodyText",
     '<w:keepNext/><w:keepLines/><w:spacing w:before="320" w:after="100"/><w:outlineLvl w:val="0"/>',
     f'{HEADING_FONTS}<w:b/><w:bCs/><w:color w:val="{NAVY}"/><w:sz w:val="26"/><w:szCs w:val="26"/>', ""),
    ("paragraph", "BodyText", "Body Text", "Normal", None, '<w:spacing w:after="120"/>', "", ""),
    ("paragraph", "MemoBottomLine", "Memo Bottom Line", "BodyText", None,
     f'<w:pBdr><w:top w:val="single" w:sz="4" w:space="6" w:color="{NAVY}"/>'
     f'<w:left w:val="single" w:sz="24" w:space="8" w:color="{NAVY}"/>'
     f'<w:bottom w:val="single" w:sz="4" w:space="6" w:color="{NAVY}"/>'
     f'<w:right w:val="single" w:sz="4" w:space="8" w:color="{NAVY}"/></w:pBdr>'
     '<w:shd w:val="clear" w:color="auto" w:fill="E8EEF7"/><w:spacing w:before="120" w:after="120"/>'
     '<w:ind w:left="227" w:right="198"/>', "", ""),
    ("paragraph", "ListBullet", "List Bullet", "Normal", None,
     '<w:numPr><w:numId w:val="1"/></w:numPr><w:spacing w:after="60"/>', "", ""),
    ("paragraph", "Quote", "Quote", "Normal", "MemoAttribution",
     '<w:keepNext/><w:spacing w:before="120" w:after="40"/><w:ind w:left="567" w:right="567"/>',
     f'<w:i/><w:iCs/><w:color w:val="{GREY}"/>', ""),
    ("paragraph", "MemoAttribution", "Memo Attribution", "Normal", "BodyText",
     '<w:spacing w:after="160"/><w:ind w:left="567" w:right="567"/>',
     f'<w:color w:val="{GREY}"/><w:sz w:val="20"/><w:szCs w:val="20"/>', ""),
    ("paragraph", "MemoSource", "Memo Source", "Normal", None,
     '<w:tabs><w:tab w:val="left" w:pos="397"/></w:tabs><w:spacing w:after="80"/><w:ind w:left="397" w:hanging="397"/>',
     '<w:sz w:val="20"/><w:szCs w:val="20"/>', ""),
    ("paragraph", "MemoTableText", "Memo Table Text", "Normal", None,
     '<w:spacing w:before="20" w:after="40"/>', '<w:sz w:val="20"/><w:szCs w:val="20"/>', ""),
    ("paragraph", "MemoTableBullet", "Memo Table Bullet", "ListBullet", None,
     '<w:spacing w:before="20" w:after="40"/>', '<w:sz w:val="20"/><w:szCs w:val="20"/>', ""),
    ("paragraph", "FootnoteText", "footnote text", "Normal", None, TIGHT,
     '<w:sz w:val="18"/><w:szCs w:val="18"/>', ""),
    ("paragraph", "Header", "header", "Normal", None,
     f'<w:pBdr><w:bottom w:val="single" w:sz="4" w:space="3" w:color="{RULE}"/></w:pBdr>{TIGHT}',
     f'<w:color w:val="{GREY}"/><w:sz w:val="18"/><w:szCs w:val="18"/>', ""),
    ("paragraph", "Footer", "footer", "Normal", None, TIGHT.replace("/>", "/><w:jc w:val=\"center\"/>"),
     f'<w:color w:val="{GREY}"/><w:sz w:val="18"/><w:szCs w:val="18"/>', ""),
    ("paragraph", "MemoBanner", "Memo Banner", "Normal", None,
     '<w:spacing w:before="60" w:after="60" w:line="240" w:lineRule="auto"/><w:jc w:val="center"/>',
     '<w:b/><w:bCs/><w:caps/><w:color w:val="000000"/><w:spacing w:val="20"/><w:sz w:val="20"/><w:szCs w:val="20"/>', ""),
    ("character", "Hyperlink", "Hyperlink", "DefaultParagraphFont", None, None,
     '<w:color w:val="0563C1"/><w:u w:val="single"/>', ""),
    ("character", "FootnoteReference", "footnote reference", "DefaultParagraphFont", None, None,
     '<w:vertAlign w:val="superscript"/>', ""),
    ("character", "MemoDraft", "Memo Draft", "DefaultParagraphFont", None, None,
     '<w:b/><w:bCs/><w:color w:val="C00000"/><w:spacing w:val="20"/>', ""),
    ("table", "MemoTable", "Memo Table", "TableNormal", None, '<w:spacing w:after="0"/>', "",
     "<w:tblPr><w:tblBorders>"
     f'<w:top w:val="single" w:sz="8" w:space="0" w:color="{NAVY}"/>'
     f'<w:bottom w:val="single" w:sz="8" w:space="0" w:color="{NAVY}"/>'
     f'<w:insideH w:val="single" w:sz="4" w:space="0" w:color="{RULE}"/>'
     f'<w:insideV w:val="single" w:sz="4" w:space="0" w:color="{RULE}"/></w:tblBorders>'
     '<w:tblCellMar><w:top w:w="57" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
     '<w:bottom w:w="57" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr>'
     '<w:tblStylePr w:type="firstRow"><w:pPr><w:keepNext/></w:pPr>'
     f'<w:rPr><w:b/><w:bCs/><w:color w:val="{NAVY}"/></w:rPr><w:tblPr/>'
     '<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="DCE3EE"/></w:tcPr></w:tblStylePr>'),
]  # fmt: skip


def make() -> bytes:
    document = docx.Document()
    _drop_extras(document)
    _define_styles(document)
    set_up_page(document, "A4")
    _sample(document)
    props = document.core_properties
    props.title, props.author, props.last_modified_by = "Memo reference document", "memo", "memo"
    props.subject, props.keywords, props.comments, props.category = "Styles for Word memos", "", "", ""
    props.created = props.modified = props.last_printed = datetime(2025, 1, 1, tzinfo=UTC)
    props.revision = 1
    return save(document)


def _drop_extras(document: Document) -> None:
    """No thumbnail of an empty page, no Word 2010 style copy, no bibliography store; a truthful app.xml."""
    part = document.part
    for rid, rel in list(part.rels.items()):
        if rel.reltype.endswith(("/stylesWithEffects", "/customXml")):
            part.drop_rel(rid)
    package = part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package.rels[rid]
        elif rel.reltype == RT.EXTENDED_PROPERTIES:
            app = (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.'
                'openxmlformats.org/officeDocument/2006/extended-properties"><Application>memo</Application>'
                "<DocSecurity>0</DocSecurity></Properties>"
            )
            old = rel.target_part
            package.load_rel(rel.reltype, Part(PackURI(old.partname), old.content_type, app.encode(), package), rid)


def _define_styles(document: Document) -> None:
    root = document.styles.element
    defaults = root.find(qn("w:docDefaults"))
    defaults.getparent().replace(
        defaults,
        parse_xml(
            f"<w:docDefaults {nsdecls('w')}><w:rPrDefault><w:rPr>{FONTS}"
            '<w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="en-GB" w:eastAsia="en-US" w:bidi="ar-SA"/>'
            '</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="264" w:lineRule="auto"/>'
            "</w:pPr></w:pPrDefault></w:docDefaults>"
        ),
    )
    for kind, sid, name, based, nxt, ppr, rpr, extra in STYLES:
        custom = ' w:customStyle="1"' if name.startswith("Memo") else ""
        xml = f'<w:style {nsdecls("w")} w:type="{kind}"{custom} w:styleId="{sid}">'
        xml += f'<w:name w:val="{name}"/><w:basedOn w:val="{based}"/>'
        xml += f'<w:next w:val="{nxt}"/>' if nxt else ""
        xml += '<w:uiPriority w:val="1"/><w:qFormat/>' if kind == "paragraph" and name[0].isupper() else ""
        xml += f"<w:pPr>{ppr}</w:pPr>" if ppr else ""
        xml += f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
        new = parse_xml(xml + extra + "</w:style>")
        old = root.get_by_id(sid)
        if old is not None:
            root.replace(old, new)
        else:
            root.append(new)
    keep = {sid for _, sid, *_ in STYLES} | KEEP
    for style in root.findall(qn("w:style")):
        if style.get(qn("w:styleId")) not in keep:
            root.remove(style)  # the default template's 150 table and list styles; Word still offers them


def _sample(document: Document) -> None:
    """One paragraph in each style, so an editor opening the file in Word sees what to restyle."""
    notes = Footnotes.of(document, "FootnoteText", "FootnoteReference")
    add = document.add_paragraph
    add("MEMORANDUM", "Title")
    for label, value in (("FOR:", "Audience (Memo Field)"), ("FROM:", "Author"), ("DATE:", "27 April 2025")):
        add(f"{label}\t{value}", "Memo Field")
    add("SUBJECT:\tTitle of the memo (Memo Subject)", "Memo Subject")
    add("\tSubtitle", "Memo Subject")
    add("Bottom line (Heading 1)", "Heading 1")
    add("The bottom line up front, set off in a box (Memo Bottom Line).", "Memo Bottom Line")
    runs = RunWriter(document.part, "Hyperlink", notes.reference)
    link = Link("https://example.org", (Text("a link"),))
    runs.write(add("", "Body Text")._p, (Text("Body text with a note"), NoteRef(1), Text(" and "), link, Text(".")))
    notes.add(1).append(make_run("Footnote text (Footnote Text), marked with a Footnote Reference."))
    add("A bullet point (List Bullet).", "List Bullet")
    table = document.add_table(2, 2, document.styles["Memo Table"])
    cells = [cell for row in table.rows for cell in row.cells]
    for cell, text in zip(cells, ("Date", "Development", "Apr 2025", "A row (Memo Table Text)"), strict=True):
        cell.paragraphs[0].text = text
        cell.paragraphs[0].style = document.styles["Memo Table Text"]
    cells[-1].add_paragraph("A point in a table (Memo Table Bullet)", document.styles["Memo Table Bullet"])
    add("\u201cA quotation (Quote).\u201d", "Quote")
    add("\u2014 Speaker, Role (Memo Attribution)", "Memo Attribution")
    add("1.\tA source-list entry (Memo Source).", "Memo Source")
    section = document.sections[0]
    section.header.paragraphs[0].text = "UNCLASSIFIED (Memo Banner)"
    section.header.paragraphs[0].style = document.styles["Memo Banner"]
    running = section.header.add_paragraph("Running title (Header)  ", "Header")
    running.add_run("DRAFT (Memo Draft)").style = document.styles["Memo Draft"]
    section.footer.paragraphs[0].text = "Page 1 of 1 (Footer)"
    section.footer.paragraphs[0].style = document.styles["Footer"]


if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(make())
    print(f"wrote {out}")
