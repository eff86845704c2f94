"""The Word file matches the PDF's design: status marking, related memos, page, fonts, perspectives, right-to-left.

Each test renders a tiny project's memo to .docx and reads the parts back as a
word processor would; the LibreOffice test lays the file out and measures it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from docx.shared import Mm

from memo.render import docx as render_docx
from tests.conftest import Tiny
from tests.render.conftest import NS, Rendered, project_memo, text
from tests.render.test_docx import R_ID, W, body, custom_reference, paragraphs

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
ARABIC = "نحن مستعدون للحوار."
# The East Asian typefaces python-docx's default template names in its theme and font table.
EAST_ASIAN = ("\uff2d\uff33 \u660e\u671d", "\uff2d\uff33 \u30b4\u30b7\u30c3\u30af", "宋体", "新細明體", "맑은 고딕")


# -- page and fonts ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_margins_are_the_pdfs(docx_of, paper: str) -> None:
    margins = body(docx_of(paper=paper)).find("w:sectPr/w:pgMar", NS)
    got = {side: int(margins.get(W + side)) for side in ("top", "right", "bottom", "left")}
    assert got == {"top": Mm(24).twips, "right": Mm(20).twips, "bottom": Mm(22).twips, "left": Mm(20).twips}


def test_fonts_are_the_pdfs_with_windows_fall_backs(docx_of) -> None:
    doc = docx_of()
    styles = doc.xml("word/styles.xml")
    default = styles.find("w:docDefaults/w:rPrDefault/w:rPr", NS)
    assert default.find("w:rFonts", NS).get(W + "ascii") == "Noto Serif"
    assert default.find("w:sz", NS).get(W + "val") == "21"  # 10.5 pt
    heading = styles.find("w:style[@w:styleId='Heading1']/w:rPr/w:rFonts", NS)
    assert heading.get(W + "ascii") == "Noto Sans"
    scheme = doc.xml("word/theme/theme1.xml").find(f"{A}themeElements/{A}fontScheme")
    assert scheme.find(f"{A}majorFont/{A}latin").get("typeface") == "Noto Sans"
    assert scheme.find(f"{A}minorFont/{A}latin").get("typeface") == "Noto Serif"
    table = {f.get(W + "name"): f for f in doc.xml("word/fontTable.xml").findall("w:font", NS)}
    for name, fall_backs, family in (
        ("Noto Serif", {"Cambria", "Georgia"}, "roman"),
        ("Noto Sans", {"Calibri", "Arial"}, "swiss"),
    ):
        assert fall_backs <= set(table[name].find("w:altName", NS).get(W + "val").split(","))
        assert table[name].find("w:family", NS).get(W + "val") == family
        assert len(table[name].find("w:panose1", NS).get(W + "val")) == 20


def test_compatibility_mode_15(docx_of) -> None:
    settings = docx_of().xml("word/settings.xml")
    compat = {s.get(W + "name"): s.get(W + "val") for s in settings.findall("w:compat/w:compatSetting", NS)}
    assert compat["compatibilityMode"] == "15"
    assert settings.find("w:compat/w:useFELayout", NS) is None


def test_no_east_asian_theme_fonts_left(docx_of) -> None:
    doc = docx_of()
    for part in ("word/theme/theme1.xml", "word/styles.xml", "word/fontTable.xml", "word/settings.xml"):
        xml = doc.zip.read(part).decode("utf-8")
        assert not [name for name in EAST_ASIAN if name in xml], part
        assert "eastAsiaTheme" not in xml and "ja-JP" not in xml, part
    scheme = doc.xml("word/theme/theme1.xml").find(f"{A}themeElements/{A}fontScheme")
    assert scheme.findall(f".//{A}font") == []  # no per-script typefaces (Jpan, Hang, Hans, ...)
    assert {ea.get("typeface") for ea in scheme.iter(f"{A}ea")} == {""}


# -- status marking ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "mark"), [("draft", "DRAFT"), ("review", "DRAFT \u2014 FOR REVIEW"), ("approved", "")]
)
def test_one_status_phrase_in_the_header_and_beside_memorandum(docx_of, edit, status: str, mark: str) -> None:
    edit("status: review", f"status: {status}")
    doc = docx_of()
    assert doc.memo.header.status_mark == mark
    [header] = doc.story("header")
    running = text(header.findall("w:p", NS)[1])
    assert running == (f"{doc.memo.header.title}\t{mark}" if mark else doc.memo.header.title)
    assert paragraphs(doc, "Title") == [f"MEMORANDUM {mark}".strip()]
    marks = [r for r in body(doc).iter(W + "r") if r.find("w:rPr/w:rStyle[@w:val='MemoDraft']", NS) is not None]
    assert [text(r) for r in marks] == ([mark] if mark else [])


# -- related memos -----------------------------------------------------------------------------------------


def test_related_memos_link_to_the_other_word_files_by_title(tiny: Tiny, docx_of, edit) -> None:
    tiny.briefing("third-topic", (tiny.root / "briefings/other-topic.yaml").read_text().replace("Another", "Third"))
    edit("related: [other-topic]", "related: [other-topic, third-topic]")
    doc = docx_of()
    assert paragraphs(doc, "MemoRelated") == ["Related memos: Another topic; Third topic"]
    related = next(p for p in body(doc).iter(W + "p") if text(p).startswith("Related memos"))
    assert related.getnext().tag == W + "sectPr"  # the last paragraph, as in the PDF and HTML
    rels = doc.xml("word/_rels/document.xml.rels")
    links = []
    for link in related.findall("w:hyperlink", NS):
        rel = rels.find(f"rel:Relationship[@Id='{link.get(R_ID)}']", NS)
        links.append((text(link), rel.get("Target"), rel.get("TargetMode")))
    assert links == [("Another topic", "other-topic.docx", "External"), ("Third topic", "third-topic.docx", "External")]


def test_no_related_memos_paragraph_without_related(docx_of, edit) -> None:
    edit("related: [other-topic]\n", "")
    assert paragraphs(docx_of(), "MemoRelated") == []


def test_a_reference_made_before_memo_related_existed_still_renders(tiny: Tiny, tmp_path: Path) -> None:
    def drop_related(document) -> None:
        element = document.styles["Memo Related"].element
        element.getparent().remove(element)

    templates = custom_reference(tmp_path, drop_related)
    memo, _, settings = project_memo(tiny.root, "grain-talks")
    doc = Rendered(memo, render_docx.render(memo, templates, settings))
    related = next(p for p in body(doc).iter(W + "p") if text(p).startswith("Related memos"))
    assert related.find("w:pPr/w:pStyle", NS).get(W + "val") == "BodyText"
