"""The Word file matches the PDF's design: status marking, related memos, page, fonts, perspectives, right-to-left.

Each test renders a tiny project's memo to .docx and reads the parts back as a
word processor would; the LibreOffice test lays the file out and measures it.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pdfplumber
import pytest
from docx.shared import Mm

from memo.render import docx as render_docx
from tests.conftest import Tiny
from tests.render.conftest import NS, Rendered, project_memo, text
from tests.render.test_docx import R_ID, W, body, custom_reference, libreoffice_pages, paragraphs, rows, tables

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
    clearance = "\napproved_by: Jane Director\napproved_on: 2025-04-28" if status == "approved" else ""
    edit("status: review", f"status: {status}{clearance}")
    doc = docx_of()
    assert doc.memo.header.status_mark == mark
    [header] = doc.story("header")
    running = text(header.findall("w:p", NS)[1])
    dated = f"{mark}\u2003As of 27 April 2025" if mark else "As of 27 April 2025"  # as the PDF's running head
    assert running == f"{doc.memo.header.title}\t{dated}"
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
    assert text(related.getnext()) == "Sources"  # just before the source list, as in the PDF and HTML
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


# -- perspectives ------------------------------------------------------------------------------------------


def many_points(n: int) -> str:
    """A perspectives block of ``n`` cited points a side, each about two lines long."""
    lines = ["perspectives:"]
    for side, source in (("optimistic", "gazette-2025-04-27"), ("sceptical", "herald-2025-03-01")):
        lines += [f"  {side}:", f"    summary: The {side} reading of the talks, in one sentence.", "    points:"]
        lines += [
            f"      - Point {i} of the {side} view, long enough to run onto a second line of the column in which it "
            f"stands, as real points do [@{source}]."
            for i in range(1, n + 1)
        ]
    return "\n".join(lines) + "\n"


def replace_perspectives(edit, tiny: Tiny, block: str) -> None:
    text_ = (tiny.root / "briefings/grain-talks.yaml").read_text()
    start, end = text_.index("perspectives:"), text_.index("quotes:")
    edit(text_[start:end], block)


def test_perspectives_rows_never_split_one_per_point_the_last_two_together(docx_of, edit, tiny: Tiny) -> None:
    replace_perspectives(edit, tiny, many_points(7))
    doc = docx_of()
    optimistic, sceptical = tables(doc)[1:3]
    for table, side in ((optimistic, "optimistic"), (sceptical, "sceptical")):
        trs = table.findall("w:tr", NS)
        assert len(trs) == 1 + 6  # points 1-5 a row each; 6 and 7 share the last, so 7 never stands alone
        assert all(tr.find("w:trPr/w:cantSplit", NS) is not None for tr in trs)
        assert [tr.find("w:trPr/w:tblHeader", NS) is not None for tr in trs] == [True] + [False] * 6
        body_rows = rows(table)[1:]
        assert body_rows[0][0].startswith(f"The {side} reading of the talks")  # the summary stands with point 1
        assert [r[0].split("sentence.")[-1][:8] for r in body_rows] == [f"Point {i} " for i in range(1, 7)]
        assert "Point 7 " in body_rows[-1][0]


def test_notes_in_the_perspectives_keep_the_pdfs_order(docx_of, edit, tiny: Tiny) -> None:
    replace_perspectives(edit, tiny, many_points(3))
    doc = docx_of()
    refs = [int(r.get(W + "id")) for r in body(doc).iter(W + "footnoteReference")]
    assert refs == sorted(refs)  # Word numbers notes in reading order: the same numbers as the PDF


def blank_stretches(pdf: Path) -> list[float]:
    """For each page, the tallest stretch of the text block with nothing printed in it, as a fraction of the block."""
    out = []
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            top, bottom = float(Mm(24).pt), float(page.height) - float(Mm(22).pt)
            ink = sorted((o["top"], o["bottom"]) for o in page.chars + page.rects + page.lines if o["bottom"] > top)
            ink = [(max(a, top), min(b, bottom)) for a, b in ink if a < bottom]
            gap, reached = 0.0, top
            for a, b in ink:
                gap = max(gap, a - reached)
                reached = max(reached, b)
            out.append(max(gap, bottom - reached) / (bottom - top))
    return out


def test_libreoffice_splits_25_points_a_side_without_blank_stretches(docx_of, edit, tiny: Tiny, tmp_path: Path) -> None:
    replace_perspectives(edit, tiny, many_points(25))
    doc = docx_of()
    pages = libreoffice_pages(doc.data, tmp_path)
    assert len(pages) > 2
    stretches = blank_stretches(tmp_path / "memo.pdf")
    assert max(stretches[:-1]) <= 0.25, [f"{s:.0%}" for s in stretches]
    squashed = [re.sub(r"\s+", "", page) for page in pages]
    for side in ("optimistic", "sceptical"):
        for i in range(1, 26):  # every point whole on one page: never split inside its sentence
            point = re.sub(r"\s+", "", f"Point {i} of the {side} view, long enough to run onto a second line")
            assert any(point + "ofthecolumninwhichitstands,asrealpointsdo" in page for page in squashed), (side, i)
    assert sum("Optimisticview" in page for page in squashed) > 1  # the label repeats on the next page


# -- right to left -----------------------------------------------------------------------------------------


def test_an_arabic_quote_is_a_right_to_left_paragraph(docx_of, edit) -> None:
    edit("We are ready to talk.", ARABIC)
    doc = docx_of()
    [quote] = [p for p in body(doc).iter(W + "p") if p.find("w:pPr/w:pStyle[@w:val='Quote']", NS) is not None]
    assert text(quote) == f"\u2018{ARABIC}\u2019"  # en-GB marks, set by the builder
    assert quote.find("w:pPr/w:bidi", NS) is not None
    runs = quote.findall("w:r", NS)
    assert all(r.find("w:rPr/w:rtl", NS) is not None for r in runs)  # the marks and the full stop too
    attribution = next(p for p in body(doc).iter(W + "p") if text(p).startswith("\u2014"))
    assert attribution.find("w:pPr/w:bidi", NS) is None


def test_arabic_words_in_english_text_are_right_to_left_runs(docx_of, edit) -> None:
    edit("Talks resumed on *Monday*", "Talks resumed on *Monday* (\u0627\u0644\u0627\u062b\u0646\u064a\u0646)")
    [bottom_line] = [p for p in body(docx_of()).iter(W + "p") if text(p).startswith("Talks resumed")]
    assert bottom_line.find("w:pPr/w:bidi", NS) is None
    pieces = [(text(r), r.find("w:rPr/w:rtl", NS) is not None) for r in bottom_line.findall("w:r", NS) if text(r)]
    assert ("\u0627\u0644\u0627\u062b\u0646\u064a\u0646", True) in pieces
    assert all(not rtl for piece, rtl in pieces if piece != "\u0627\u0644\u0627\u062b\u0646\u064a\u0646")


def test_libreoffice_sets_the_arabic_quote_right_to_left(docx_of, edit, tmp_path: Path) -> None:
    if not (shutil.which("libreoffice") or shutil.which("soffice")):
        pytest.skip("LibreOffice is not installed")
    edit("We are ready to talk.", ARABIC)
    libreoffice_pages(docx_of().data, tmp_path)
    with pdfplumber.open(tmp_path / "memo.pdf") as pdf:
        for page in pdf.pages:
            letters = [c for c in page.chars if c["text"] in ARABIC and c["text"].strip(". ")]
            if letters:
                break
        line = [c for c in page.chars if abs(c["top"] - letters[0]["top"]) < 3]
    stop = [c for c in line if c["text"] == "."]
    assert stop, "the full stop is on the quote's line"
    # Right to left: the sentence ends at the left, so its full stop is left of every letter, and the
    # paragraph is set against the right margin.
    assert stop[0]["x0"] < min(c["x0"] for c in letters)
    assert max(c["x1"] for c in line) > float(page.width) / 2


def test_the_memo_language_is_word_s_language(docx_of, edit) -> None:
    edit("status: review\n", "status: review\nlang: en-US\n")
    doc = docx_of()
    core = doc.xml("docProps/core.xml")
    assert core.findtext("{http://purl.org/dc/elements/1.1/}language") == "en-US"
    styles = doc.xml("word/styles.xml")
    assert styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS).get(W + "val") == "en-US"
