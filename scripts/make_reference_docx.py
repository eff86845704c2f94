"""Make templates/memo/reference.docx: every style the Word renderer uses, each shown once in sample text.

    .venv/bin/python scripts/make_reference_docx.py [OUT]

An office may instead restyle the file in Word (as with pandoc's
--reference-doc); the renderer takes styles by name from whatever file the
template set holds. The output is deterministic: the same python-docx gives
the same bytes, and tests check the committed file is what this script makes.
It starts from python-docx's own default template, drops the parts a memo
does not need, and sets what the PDF's design sets (templates/memo/memo.css):
Noto Serif 10.5 pt for text and Noto Sans for headings (theme fonts too, so Word's
Design tab shows them), each declared in the font table with the Windows fonts
Word should use where Noto is not installed (Cambria, Georgia; Calibri, Arial).
It also takes out what the default template carried over from Word 2010 on a
Japanese system: compatibility mode 14 and East Asian theme fonts (MS Mincho,
MS Gothic and their kin in the theme and the font table).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import docx
from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from memo.document import Link, NoteRef, Text  # noqa: E402
from memo.render.docx_notes import Footnotes  # noqa: E402
from memo.render.docx_package import save  # noqa: E402
from memo.render.docx_page import set_up_page  # noqa: E402
from memo.render.docx_runs import RunWriter, make_run  # noqa: E402

OUT = ROOT / "templates/memo/reference.docx"
NAVY, GREY, RULE, BANNER, MARK = "1F3864", "404040", "BFBFBF", "7A0000", "BB0000"
# Latin text only: East Asian and complex-script (Arabic, Hebrew) text is left to the application's own
# font for that script. Naming a Latin font there too (or the theme's empty ea/cs slots) makes
# LibreOffice draw no Chinese at all.
SERIF, SANS = "Noto Serif", "Noto Sans"
FONTS = f'<w:rFonts w:ascii="{SERIF}" w:hAnsi="{SERIF}" w:asciiTheme="minorHAnsi" w:hAnsiTheme="minorHAnsi"/>'
HEADING_FONTS = f'<w:rFonts w:ascii="{SANS}" w:hAnsi="{SANS}" w:asciiTheme="majorHAnsi" w:hAnsiTheme="majorHAnsi"/>'
# The font table: how Word finds a font, or its nearest match where it is missing (ECMA-376 17.8.3): first
# each w:altName in turn, then a font of the same PANOSE class, family and scripts (w:sig, the font's OS/2
# unicode and code-page ranges). PANOSE and ranges are Noto's own (fonts-noto-core 2.x), written out so the
# file does not depend on the fonts of the machine that makes it. Symbol draws the bullets of List Bullet.
FONT_TABLE = [
    (
        SERIF,
        "Cambria,Georgia,Times New Roman",
        "02020502060505020204",
        "roman",
        "E00002FF 4000201F 08000029 00100000 0000019F 00000000",
    ),
    (SANS, "Calibri,Arial", "020B0502040504020204", "swiss", "E00002FF 4000201F 08000029 00100000 0000019F 00000000"),
    ("Symbol", "", "05050102010706020507", "roman", "00000000 10000000 00000000 00000000 80000000 00000000"),
    ("Times New Roman", "", "02020603050405020304", "roman", "E0002AFF C0007841 00000009 00000000 000001FF 00000000"),
]
# A Word 2013+ document (compatibility mode 15), with the settings Word writes for a new one.
COMPAT = (
    ("compatibilityMode", "15"),
    ("overrideTableStyleFontSizeAndJustification", "1"),
    ("enableOpenTypeFeatures", "1"),
    ("doNotFlipMirrorIndents", "1"),
    ("differentiateMultirowTableHeaders", "1"),
)
KEEP = {"Normal", "DefaultParagraphFont", "TableNormal", "NoList"}
TIGHT = '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'

# (type, id, name, based on, next, pPr children, rPr children, extra): Word's ids and names for built-in styles.
STYLES = [
    ("paragraph", "Title", "Title", "Normal", "Normal",
     '<w:keepNext/><w:spacing w:before="0" w:after="200"/>',
     f'{HEADING_FONTS}<w:b/><w:bCs/><w:color w:val="{NAVY}"/><w:spacing w:val="40"/><w:sz w:val="34"/><w:szCs w:val="34"/>', ""),
    ("paragraph", "MemoField", "Memo Field", "Normal", None,
     '<w:tabs><w:tab w:val="left" w:pos="1418"/></w:tabs><w:spacing w:after="40"/><w:ind w:left="1418" w:hanging="1418"/>',
     "", ""),
    ("paragraph", "MemoSubject", "Memo Subject", "MemoField", "BodyText",
     f'<w:pBdr><w:bottom w:val="single" w:sz="12" w:space="6" w:color="{NAVY}"/></w:pBdr>', "", ""),
    ("paragraph", "Heading1", "heading 1", "Normal", "BodyText",
     '<w:keepNext/><w:keepLines/><w:spacing w:before="320" w:after="100"/><w:outlineLvl w:val="0"/>',
     f'{HEADING_FONTS}<w:b/><w:bCs/><w:color w:val="{NAVY}"/><w:sz w:val="25"/><w:szCs w:val="25"/>', ""),
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
     f'{HEADING_FONTS}<w:color w:val="{GREY}"/><w:sz w:val="18"/><w:szCs w:val="18"/>', ""),
    ("paragraph", "MemoSource", "Memo Source", "Normal", None,
     '<w:tabs><w:tab w:val="left" w:pos="397"/></w:tabs><w:spacing w:after="80"/><w:ind w:left="397" w:hanging="397"/>',
     '<w:sz w:val="19"/><w:szCs w:val="19"/>', ""),
    ("paragraph", "MemoTableText", "Memo Table Text", "Normal", None,
     '<w:spacing w:before="20" w:after="40"/>', '<w:sz w:val="20"/><w:szCs w:val="20"/>', ""),
    ("paragraph", "MemoTableBullet", "Memo Table Bullet", "ListBullet", None,
     '<w:spacing w:before="20" w:after="40"/>', '<w:sz w:val="20"/><w:szCs w:val="20"/>', ""),
    ("paragraph", "FootnoteText", "footnote text", "Normal", None, TIGHT,
     '<w:sz w:val="16"/><w:szCs w:val="16"/>', ""),
    ("paragraph", "Header", "header", "Normal", None,
     f'<w:pBdr><w:bottom w:val="single" w:sz="4" w:space="3" w:color="{RULE}"/></w:pBdr>{TIGHT}',
     f'{HEADING_FONTS}<w:color w:val="{GREY}"/><w:sz w:val="15"/><w:szCs w:val="15"/>', ""),
    ("paragraph", "Footer", "footer", "Normal", None, TIGHT.replace("/>", "/><w:jc w:val=\"center\"/>"),
     f'{HEADING_FONTS}<w:color w:val="{GREY}"/><w:sz w:val="16"/><w:szCs w:val="16"/>', ""),
    ("paragraph", "MemoBanner", "Memo Banner", "Normal", None,
     '<w:spacing w:before="60" w:after="60" w:line="240" w:lineRule="auto"/><w:jc w:val="center"/>',
     f'{HEADING_FONTS}<w:b/><w:bCs/><w:caps/><w:color w:val="{BANNER}"/><w:spacing w:val="20"/><w:sz w:val="18"/><w:szCs w:val="18"/>', ""),
    ("paragraph", "MemoRelated", "Memo Related", "Normal", None, '<w:spacing w:before="240"/>',
     f'<w:color w:val="{GREY}"/><w:sz w:val="18"/><w:szCs w:val="18"/>', ""),
    ("character", "Hyperlink", "Hyperlink", "DefaultParagraphFont", None, None,
     '<w:color w:val="0563C1"/><w:u w:val="single"/>', ""),
    ("character", "FootnoteReference", "footnote reference", "DefaultParagraphFont", None, None,
     '<w:vertAlign w:val="superscript"/>', ""),
    ("character", "MemoDraft", "Memo Draft", "DefaultParagraphFont", None, None,
     f'{HEADING_FONTS}<w:b/><w:bCs/><w:color w:val="{MARK}"/><w:spacing w:val="18"/><w:sz w:val="18"/><w:szCs w:val="18"/>'
     f'<w:bdr w:val="single" w:sz="6" w:space="1" w:color="{MARK}"/>', ""),
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
    _fonts(document)
    _settings(document)
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


def _replace_part(document: Document, reltype: str, change: Callable[[etree._Element], None]) -> None:
    """Parse a part python-docx keeps as bytes (font table, theme), ``change`` it, and put it back in its place."""
    part = document.part
    for rid, rel in list(part.rels.items()):
        if rel.reltype == reltype:
            old = rel.target_part
            root = etree.fromstring(old.blob)
            change(root)
            blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            part.load_rel(reltype, Part(PackURI(old.partname), old.content_type, blob, part.package), rid)


def _fonts(document: Document) -> None:
    """Noto in the theme and the font table, with Windows fall-backs; no East Asian theme fonts."""

    def font_table(root: etree._Element) -> None:
        for font in root.findall(qn("w:font")):
            root.remove(font)
        for name, alt, panose, family, sig in FONT_TABLE:
            usb, csb = sig.split()[:4], sig.split()[4:]
            xml = f'<w:font {nsdecls("w")} w:name="{name}">'
            xml += f'<w:altName w:val="{alt}"/>' if alt else ""
            xml += f'<w:panose1 w:val="{panose}"/><w:charset w:val="{"02" if name == "Symbol" else "00"}"/>'
            xml += f'<w:family w:val="{family}"/><w:pitch w:val="variable"/><w:sig'
            xml += "".join(f' w:usb{i}="{v}"' for i, v in enumerate(usb))
            xml += "".join(f' w:csb{i}="{v}"' for i, v in enumerate(csb)) + "/></w:font>"
            root.append(parse_xml(xml))

    def theme(root: etree._Element) -> None:
        # Headings (major) in Noto Sans, text (minor) in Noto Serif. The script slots (Jpan "MS Mincho", Hang,
        # Hans, Arab...) go: Word then takes its own font for each script, as LibreOffice does.
        a = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
        scheme = root.find(f"{a}themeElements/{a}fontScheme")
        scheme.set("name", "Memo")
        for kind, latin in (("major", SANS), ("minor", SERIF)):
            fonts = scheme.find(f"{a}{kind}Font")
            for child in list(fonts):
                if child.tag == f"{a}latin":
                    child.set("typeface", latin)
                elif child.tag in (f"{a}ea", f"{a}cs"):
                    child.set("typeface", "")  # required, and left empty: naming a font here hides CJK in LibreOffice
                else:
                    fonts.remove(child)

    _replace_part(document, RT.FONT_TABLE, font_table)
    _replace_part(document, RT.THEME, theme)


def _settings(document: Document) -> None:
    """Compatibility mode 15 (no "Compatibility Mode" in Word's title bar) and an English theme-font language."""
    settings = document.settings.element
    compat = settings.find(qn("w:compat"))
    for child in list(compat):
        compat.remove(child)  # useFELayout and the Word 2010 settings of the default template
    uri = "http://schemas.microsoft.com/office/word"
    for name, value in COMPAT:
        compat.append(parse_xml(f'<w:compatSetting {nsdecls("w")} w:name="{name}" w:uri="{uri}" w:val="{value}"/>'))
    lang = settings.find(qn("w:themeFontLang"))
    lang.attrib.clear()
    lang.set(qn("w:val"), "en-GB")


def _define_styles(document: Document) -> None:
    root = document.styles.element
    defaults = root.find(qn("w:docDefaults"))
    defaults.getparent().replace(
        defaults,
        parse_xml(
            f"<w:docDefaults {nsdecls('w')}><w:rPrDefault><w:rPr>{FONTS}"
            '<w:sz w:val="21"/><w:szCs w:val="21"/><w:lang w:val="en-GB" w:eastAsia="en-US" w:bidi="ar-SA"/>'
            '</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="247" w:lineRule="auto"/>'
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
    add("Related memos: Another memo; A third (Memo Related)", "Memo Related")
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
