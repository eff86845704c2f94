"""Word output, read back with zipfile and lxml: what a reader of the .docx sees, and that it is reproducible."""

from __future__ import annotations

import importlib.util
import io
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from pypdf import PdfReader

from memo.document import Emph, Link, Quote, Strong, Text
from memo.problems import MemoError
from memo.render import docx as render_docx
from memo.templates import TemplateSet
from tests.conftest import Tiny
from tests.render.conftest import NS, REPO, Rendered, project_memo, text

W = f"{{{NS['w']}}}"
R_ID = f"{{{NS['r']}}}id"
SPEAKER, WORDS = "Дмитрий Песков", "Мы готовы к переговорам."


def plain(runs) -> str:
    return "".join(r.text if isinstance(r, Text) else plain(r.children) for r in runs if not hasattr(r, "number"))


def body(doc: Rendered):
    return doc.xml("word/document.xml").find("w:body", NS)


def paragraphs(doc: Rendered, style: str) -> list[str]:
    return [text(p) for p in body(doc).iter(W + "p") if p.find(f"w:pPr/w:pStyle[@w:val='{style}']", NS) is not None]


def tables(doc: Rendered) -> list:
    return body(doc).findall("w:tbl", NS)


def rows(table) -> list[list[str]]:
    return [[text(tc) for tc in tr.findall("w:tc", NS)] for tr in table.findall("w:tr", NS)]


# -- footnotes ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["tiny", "ukraine"])
def test_every_note_is_a_word_footnote_referenced_in_order(which: str, docx_of, ukraine: Rendered) -> None:
    doc = docx_of() if which == "tiny" else ukraine
    notes = doc.xml("word/footnotes.xml").findall("w:footnote", NS)
    real = [n for n in notes if n.get(W + "type") is None]
    assert [n.get(W + "type") for n in notes[:2]] == ["separator", "continuationSeparator"]
    assert [n.get(W + "id") for n in real] == [str(n.number) for n in doc.memo.notes]
    assert [text(n).strip() for n in real] == [plain(n.runs) for n in doc.memo.notes]
    refs = body(doc).findall(".//w:footnoteReference", NS)
    assert [r.get(W + "id") for r in refs] == [str(i) for i in range(1, len(doc.memo.notes) + 1)]


def test_footnote_text_as_the_builder_wrote_it(docx_of) -> None:
    notes = [text(n).strip() for n in docx_of().xml("word/footnotes.xml").findall("w:footnote", NS)[2:]]
    assert notes[0] == (
        "Jane Doe, \u2018Talks Resume\u2019, The Example Gazette, 27 April 2025, https://example.org/gazette-2025-04-27."
    )
    assert notes[5] == "Doe, \u2018Talks Open\u2019; Doe, \u2018Talks Resume\u2019."
    outlet = docx_of().xml("word/footnotes.xml").xpath(".//w:r[w:rPr/w:i]/w:t", namespaces=NS)[0]
    assert outlet.text == "The Example Gazette"


# -- content -----------------------------------------------------------------------------------------------


def test_header_block_then_sections_in_the_memos_order(docx_of) -> None:
    doc = docx_of()
    h = doc.memo.header
    assert paragraphs(doc, "Title") == ["MEMORANDUM DRAFT \u2014 FOR REVIEW"]  # status: review
    assert paragraphs(doc, "MemoField") == ["FOR:\tDirector, Europe", "FROM:\tTest Unit", "DATE:\t27 April 2025"]
    assert paragraphs(doc, "MemoSubject") == [f"SUBJECT:\t{h.title}", f"\t{h.subtitle}"]
    assert paragraphs(doc, "Heading1") == [s.title for s in doc.memo.sections]
    assert paragraphs(doc, "MemoBottomLine") == ["Talks resumed on Monday after a pause."]


def test_no_for_line_without_an_audience(docx_of, edit) -> None:
    edit("audience: Director, Europe\n", "")
    assert [p.split(":")[0] for p in paragraphs(docx_of(), "MemoField")] == ["FROM", "DATE"]


def test_inline_emphasis_strong_and_real_hyperlinks(docx_of) -> None:
    doc = docx_of()
    b = body(doc)
    italic = [t.text for t in b.xpath(".//w:r[w:rPr/w:i]/w:t", namespaces=NS)]
    assert italic[:3] == ["Talks on a grain corridor", "Monday", "A deal is within reach."]
    assert [t.text for t in b.xpath(".//w:tbl//w:r[w:rPr/w:b]/w:t", namespaces=NS)][:3] == [
        "Talks open",
        "Talks resume",
        "Technical work",
    ]
    links = {}
    rels = doc.xml("word/_rels/document.xml.rels")
    for link in b.iter(W + "hyperlink"):
        rel = rels.find(f"rel:Relationship[@Id='{link.get(R_ID)}']", NS)
        assert rel.get("TargetMode") == "External"
        assert all(r.find("w:rPr/w:rStyle", NS).get(W + "val") == "Hyperlink" for r in link.findall("w:r", NS))
        links[text(link)] = rel.get("Target")
    assert links == {
        "link": "https://example.org/more",
        "https://example.org/gazette-2025-04-27": "https://example.org/gazette-2025-04-27",
        "https://example.org/herald-2025-03-01": "https://example.org/herald-2025-03-01",
        "Another topic": "other-topic.docx",  # Related memos
    }


def test_developments_table_with_a_repeating_header_row(docx_of) -> None:
    doc = docx_of()
    table = tables(doc)[0]
    assert table.find("w:tblPr/w:tblStyle", NS).get(W + "val") == "MemoTable"
    trs = table.findall("w:tr", NS)
    assert len(trs) == 3 + 1
    assert trs[0].find("w:trPr/w:tblHeader", NS) is not None
    assert all(tr.find("w:trPr/w:tblHeader", NS) is None for tr in trs[1:])
    assert rows(table) == [
        ["Date", "Development"],
        ["1 Mar 2025", "Talks open. Delegations met."],
        ["Apr 2025", "Talks resume"],
        ["Ongoing", "Technical work"],
    ]
    widths = [int(c.get(W + "w")) for c in table.findall("w:tblGrid/w:gridCol", NS)]
    assert widths[1] == pytest.approx(5 * widths[0], abs=5)


def test_perspectives_one_table_a_view_one_row_a_point(docx_of) -> None:
    optimistic, sceptical = tables(docx_of())[1:3]
    for table in (optimistic, sceptical):
        assert len(table.findall("w:tblGrid/w:gridCol", NS)) == 1
        assert table.find("w:tr/w:trPr/w:tblHeader", NS) is not None  # the label repeats on each page
    assert rows(optimistic) == [["Optimistic view"], ["A deal is within reach.Both sides want a result."]]
    summary, point = optimistic.findall("w:tr", NS)[1].findall("w:tc/w:p", NS)
    assert summary.find("w:r/w:rPr/w:i", NS) is not None
    assert point.find("w:pPr/w:pStyle", NS).get(W + "val") == "MemoTableBullet"
    assert rows(sceptical) == [["Sceptical view"], ["Trust is thin."]]  # no summary given
    between = optimistic.getnext()
    assert between.tag == W + "p" and between.getnext() is sceptical  # Word would join touching tables


def test_quote_attribution_and_its_note(docx_of) -> None:
    doc = docx_of()
    assert paragraphs(doc, "Quote") == ["\u2018We are ready to talk.\u2019"]
    assert paragraphs(doc, "MemoAttribution") == ["\u2014 Jane Minister, Foreign minister"]
    [quote] = [b for s in doc.memo.sections for b in s.blocks if isinstance(b, Quote)]
    attribution = next(p for p in body(doc).iter(W + "p") if text(p).startswith("\u2014"))
    assert attribution.find("w:r/w:footnoteReference", NS).get(W + "id") == str(quote.note.number)


def test_numbered_source_list(docx_of) -> None:
    entries = paragraphs(docx_of(), "MemoSource")
    assert [e.split("\t")[0] for e in entries] == ["1.", "2."]
    assert entries[0].startswith("1.\tDoe, Jane. \u2018Talks Open\u2019. The Example Gazette, 27 April 2025.")


def test_cyrillic_text_is_kept_and_fonts_cover_it(docx_of, edit) -> None:
    edit("speaker: Jane Minister", f"speaker: {SPEAKER}")
    edit("We are ready to talk.", WORDS)
    doc = docx_of()
    assert paragraphs(doc, "Quote") == [f"\u2018{WORDS}\u2019"]
    assert paragraphs(doc, "MemoAttribution")[0].startswith(f"\u2014 {SPEAKER}")
    fonts = doc.xml("word/styles.xml").find("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", NS)
    assert {fonts.get(W + k) for k in ("ascii", "hAnsi")} == {"Noto Serif"}
    assert fonts.get(W + "eastAsia") is None and fonts.get(W + "cs") is None  # each script's own font


# -- page furniture and properties ------------------------------------------------------------------------


def test_banner_title_status_and_date_in_the_header_page_x_of_y_in_the_footer(docx_of) -> None:
    doc = docx_of()
    [header] = doc.story("header")
    lines = [text(p) for p in header.findall("w:p", NS)]
    # the PDF's running head: title, status mark and as-of date
    assert lines == ["OFFICIAL", f"{doc.memo.header.title}\tDRAFT \u2014 FOR REVIEW\u2003As of 27 April 2025"]
    assert header.find("w:p/w:pPr/w:pStyle", NS).get(W + "val") == "MemoBanner"
    [footer] = doc.story("footer")
    assert [text(p) for p in footer.findall("w:p", NS)] == ["Page 1 of 1", "OFFICIAL"]
    codes = [t.text.strip() for t in footer.iter(W + "instrText")]
    assert codes == ["PAGE", "NUMPAGES"]
    assert len(footer.findall(".//w:fldChar", NS)) == 6


def test_no_draft_mark_once_approved(docx_of) -> None:
    doc = docx_of("other-topic")
    [header] = doc.story("header")
    assert [text(p) for p in header.findall("w:p", NS)] == ["OFFICIAL", "Another topic\tAs of 1 April 2025"]


def test_document_properties_from_the_memo_never_the_clock(docx_of) -> None:
    props = docx.Document(io.BytesIO(docx_of().data)).core_properties
    midnight = datetime(2025, 4, 27, tzinfo=UTC).replace(tzinfo=None)
    assert (props.title, props.author, props.last_modified_by) == (
        "Grain talks: a pause or a turning point?",
        "Test Unit",
        "Test Unit",
    )
    assert (props.subject, props.keywords, props.revision) == (
        "Talks on a grain corridor",
        "grain-talks, other-topic",
        1,
    )
    assert [d.replace(tzinfo=None) for d in (props.created, props.modified, props.last_printed)] == [midnight] * 3
    assert docx.Document(io.BytesIO(docx_of("other-topic").data)).core_properties.subject == "Another topic"


@pytest.mark.parametrize(("paper", "size"), [("A4", (11906, 16838)), ("Letter", (12240, 15840))])
def test_paper_size_from_settings(docx_of, paper: str, size: tuple[int, int]) -> None:
    sect = body(docx_of(paper=paper)).find("w:sectPr", NS)
    page = sect.find("w:pgSz", NS)
    assert (int(page.get(W + "w")), int(page.get(W + "h"))) == size
    assert page.get(W + "orient") in (None, "portrait")
    assert int(sect.find("w:pgMar", NS).get(W + "left")) > 1000


# -- reproducible bytes, the reference document ------------------------------------------------------------


def test_two_renders_are_byte_identical(docx_of) -> None:
    first, second = docx_of().data, docx_of().data
    assert first == second
    entries = zipfile.ZipFile(io.BytesIO(first)).infolist()
    assert entries[0].filename == "[Content_Types].xml"
    assert {e.date_time for e in entries} == {(1980, 1, 1, 0, 0, 0)}


def test_the_committed_reference_docx_is_what_the_script_makes() -> None:
    spec = importlib.util.spec_from_file_location("make_reference_docx", REPO / "scripts/make_reference_docx.py")
    assert spec and spec.loader
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    made = script.make()
    assert made == script.make()
    assert made == (REPO / "templates/memo/reference.docx").read_bytes(), "run scripts/make_reference_docx.py"


def custom_reference(tmp_path: Path, change: Callable[[docx.document.Document], None]) -> TemplateSet:
    document = docx.Document(str(REPO / "templates/memo/reference.docx"))
    change(document)
    folder = tmp_path / "office"
    folder.mkdir()
    document.save(str(folder / "reference.docx"))
    return TemplateSet("office", folder)


def test_a_custom_reference_missing_a_style_is_a_clear_error(tiny: Tiny, tmp_path: Path) -> None:
    def drop_bottom_line(document) -> None:
        element = document.styles["Memo Bottom Line"].element
        element.getparent().remove(element)

    templates = custom_reference(tmp_path, drop_bottom_line)
    memo, _, settings = project_memo(tiny.root, "grain-talks")
    with pytest.raises(MemoError) as caught:
        render_docx.render(memo, templates, settings)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{templates.dir / 'reference.docx'}: the paragraph style 'Memo Bottom Line' is missing")


def test_a_style_with_no_type_is_a_paragraph_style(tiny: Tiny, tmp_path: Path) -> None:
    """OOXML's default for a w:style without w:type is a paragraph style, as Word reads it; names are compared
    without case ("memo field" is "Memo Field")."""

    def untype(document) -> None:
        element = document.styles["Memo Field"].element
        del element.attrib[qn("w:type")]
        element.find(qn("w:name")).set(qn("w:val"), "memo field")

    templates = custom_reference(tmp_path, untype)
    memo, _, settings = project_memo(tiny.root, "grain-talks")
    read = docx.Document(io.BytesIO(render_docx.render(memo, templates, settings)))
    field = next(p for p in read.paragraphs if p.text.startswith("FOR:"))
    untyped = next(s for s in read.styles.element.style_lst if s.name_val == "memo field")
    assert untyped.type is None
    assert field._p.pPr.find(qn("w:pStyle")).get(qn("w:val")) == untyped.styleId


def test_a_restyled_reference_is_used(tiny: Tiny, tmp_path: Path) -> None:
    def restyle(document) -> None:
        document.styles["Body Text"].font.name = "Georgia"

    templates = custom_reference(tmp_path, restyle)
    memo, _, settings = project_memo(tiny.root, "grain-talks")
    data = render_docx.render(memo, templates, settings)
    assert b'w:ascii="Georgia"' in zipfile.ZipFile(io.BytesIO(data)).read("word/styles.xml")


def test_a_reference_that_is_not_a_word_file_is_a_clear_error(tiny: Tiny, tmp_path: Path) -> None:
    (tmp_path / "reference.docx").write_text("not a zip")
    memo, _, settings = project_memo(tiny.root, "grain-talks")
    with pytest.raises(MemoError, match=r"reference\.docx: not a Word document"):
        render_docx.render(memo, TemplateSet("broken", tmp_path), settings)


def test_runs_module_handles_nesting(docx_of) -> None:
    # Strong inside Emph inside a link keeps all three: bold, italic, Hyperlink style.
    from docx.oxml import OxmlElement

    from memo.render.docx_runs import RunWriter

    document = docx.Document()
    p = OxmlElement("w:p")
    RunWriter(document.part, "Hyperlink").write(p, (Link("https://x.org", (Emph((Strong((Text("a"),)),)),)),))
    run = p.find("w:hyperlink/w:r", NS)
    assert [c.tag.split("}")[1] for c in run.find("w:rPr", NS)] == ["rStyle", "b", "i"]


# -- a real word processor ---------------------------------------------------------------------------------


def libreoffice_pages(data: bytes, tmp_path: Path) -> list[str]:
    """The text of each page LibreOffice makes of ``data``; the test skips where LibreOffice is not installed."""
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        pytest.skip("LibreOffice is not installed")
    source = tmp_path / "memo.docx"
    source.write_bytes(data)
    profile = tmp_path / "profile"  # its own profile, so a running LibreOffice does not swallow the job
    command = [office, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf"]
    try:
        subprocess.run([*command, "--outdir", str(tmp_path), str(source)], check=True, capture_output=True, timeout=180)
    except subprocess.TimeoutExpired:
        pytest.skip("LibreOffice did not finish within 180 s")
    return [page.extract_text() or "" for page in PdfReader(tmp_path / "memo.pdf").pages]


def test_libreoffice_opens_it_and_shows_the_footnotes(ukraine: Rendered, tmp_path: Path) -> None:
    pages = libreoffice_pages(ukraine.data, tmp_path)
    squashed = re.sub(r"\s+", "", "".join(pages))
    for note in ukraine.memo.notes:
        assert re.sub(r"\s+", "", plain(note.runs)) in squashed
    assert "Page 1 of" in pages[0] and "UNCLASSIFIED" in pages[0] and ukraine.memo.header.status_mark in pages[0]
    assert f"Page {len(pages)} of {len(pages)}" in pages[-1]


def test_libreoffice_shows_cyrillic(docx_of, edit, tmp_path: Path) -> None:
    edit("speaker: Jane Minister", f"speaker: {SPEAKER}")
    edit("We are ready to talk.", WORDS)
    text = "".join(libreoffice_pages(docx_of().data, tmp_path))
    assert SPEAKER in text and WORDS in text


def test_the_renderer_reads_no_yaml_and_imports_no_builder() -> None:
    code = (
        "import sys\nimport memo.render.docx\n"
        "print(sorted(m for m in ('yaml', 'memo.build', 'memo.yamlio', 'memo.project') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
