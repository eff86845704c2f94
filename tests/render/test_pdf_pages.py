"""What a reader sees on the printed page: geometry, page furniture, tags, links, marks, reading order.

Each test renders a real PDF and reads where things landed with pdfplumber, or the PDF's structure
with pypdf. The stress briefings (tests/stress/briefings.py) push one part of the layout each.
"""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pytest
import yaml
from pypdf import PdfReader

from tests.conftest import Tiny
from tests.stress.briefings import SOURCES, STRESS

MM = 72 / 25.4
A4_WIDTH = 210 * MM
SIDE_MARGIN = 20 * MM


def stress(tiny: Tiny, name: str, fmt: str = "pdf") -> Path:
    for sid, text in SOURCES.items():
        tiny.write(f"seeds/{sid}.yaml", text)
    tiny.briefing(name, yaml.safe_dump(STRESS[name], allow_unicode=True, sort_keys=False))
    result = tiny.run("build", name, "-f", fmt)
    assert result.exit_code == 0, result.output
    return tiny.root / f"output/{name}.{fmt}"


def test_perspectives_split_across_pages_inside_the_text_block_read_in_order(tiny: Tiny) -> None:
    path = stress(tiny, "long-perspectives")
    with pdfplumber.open(path) as pdf:
        pages_with = {"optimistic": set(), "sceptical": set()}
        for page in pdf.pages:
            for char in page.chars:
                assert char["x0"] >= SIDE_MARGIN - 1 and char["x1"] <= A4_WIDTH - SIDE_MARGIN + 1, (
                    page.page_number,
                    char,
                )
            for rect in page.rects:
                assert rect["x1"] <= A4_WIDTH - SIDE_MARGIN + 1, (page.page_number, rect)
            words = page.extract_words()
            middle = A4_WIDTH / 2
            if any(w["x1"] < middle and w["text"] == "Delegations" for w in words):
                pages_with["optimistic"].add(page.page_number)
            if any(w["x0"] > middle and w["text"] == "Delegations" for w in words):
                pages_with["sceptical"].add(page.page_number)
    # both columns run on together over more than one page, side by side
    assert len(pages_with["optimistic"]) >= 2
    assert pages_with["optimistic"] & pages_with["sceptical"]
    # and the text reads in the document's order: the optimistic view, then the sceptical one
    text = "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)
    assert text.index("Optimistic view") < text.index("Optimists see") < text.index("Sceptical view")
    assert text.index("Sceptical view") < text.index("Sceptics see")


def test_a_long_title_and_marking_never_run_into_each_other(tiny: Tiny) -> None:
    path = stress(tiny, "long-head")
    marking = STRESS["long-head"]["classification"]
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            top = page.crop((0, 0, page.width, 40 * MM)).extract_words(keep_blank_chars=True, extra_attrs=["size"])
            lines = sorted({round(w["top"]) for w in top})
            banner = [w for w in top if round(w["size"]) == 8 and w["text"] in marking]
            running = [w for w in top if w["size"] < 8 and ("Delegations" in w["text"] or "As of" in w["text"])]
            assert banner and running
            # the running line is one line, below every line of the banner
            assert len({round(w["top"]) for w in running}) == 1, lines
            assert max(w["bottom"] for w in banner) <= min(w["top"] for w in running)
            running_text = " ".join(w["text"] for w in running)
            assert "\u2026" in running_text or "..." in running_text  # the title is cut, not wrapped
            body = [c for c in page.chars if c["top"] > 30 * MM and c["bottom"] < page.height - 30 * MM]
            assert min(c["top"] for c in body) > max(w["bottom"] for w in running)


def test_the_pdf_is_tagged_in_the_memo_language_and_opens_on_its_bookmarks(built_pdf: Path) -> None:
    reader = PdfReader(built_pdf)
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"] in (True, "true")
    assert root["/Lang"] == "en-GB"
    assert root["/PageMode"] == "/UseOutlines"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] in (True, "true")


@pytest.fixture
def built_pdf(tiny: Tiny) -> Path:
    result = tiny.run("build", "grain-talks", "-f", "pdf")
    assert result.exit_code == 0, result.output
    return tiny.root / "output/grain-talks.pdf"


def _annotations(path: Path) -> list[dict]:
    found = []
    for page in PdfReader(path).pages:
        for ref in page.get("/Annots", []):
            annot = ref.get_object()
            action = annot.get("/A", {})
            found.append({"uri": action.get("/URI"), "dest": annot.get("/Dest") or action.get("/D")})
    return found


def test_links_to_sources_related_memos_and_from_each_note_call_to_its_note(built_pdf: Path) -> None:
    annots = _annotations(built_pdf)
    uris = {a["uri"] for a in annots if a["uri"]}
    assert "other-topic.pdf" in uris  # the related memo, by its file
    assert "https://example.org/gazette-2025-04-27" in uris  # a source
    dests = {str(a["dest"]) for a in annots if a["dest"]}
    assert {"note-1", "note-2", "note-3"} <= dests


def test_the_watermark_is_no_text_and_the_status_mark_is_in_the_head(built_pdf: Path) -> None:
    with pdfplumber.open(built_pdf) as pdf:
        for page in pdf.pages:
            text = page.extract_text()
            assert text.count("DRAFT \u2014 FOR REVIEW") == (2 if page.page_number == 1 else 1)
            assert not re.search(r"(?m)^\s*[DRAFT]\s*$", text)  # no stray watermark letters
            assert len(re.findall(r"DRAFT", text)) == text.count("DRAFT \u2014 FOR REVIEW")


def test_right_to_left_quotations_run_right_to_left(tiny: Tiny) -> None:
    path = stress(tiny, "scripts")
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        arabic = [c for c in page.chars if "\u0600" <= c["text"] <= "\u06ff"]
        assert arabic
        # right-aligned: the quotation ends at the right edge of the text block
        assert max(c["x1"] for c in arabic) > A4_WIDTH - SIDE_MARGIN - 30


def test_pdf_a_3b_for_archives(tiny: Tiny) -> None:
    pyproject = tiny.root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + 'pdf-variant = "pdf/a-3b"\n')
    assert tiny.run("build", "grain-talks", "-f", "pdf").exit_code == 0
    reader = PdfReader(tiny.root / "output/grain-talks.pdf")
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged too
    xmp = reader.xmp_metadata
    assert xmp is not None
    assert b"pdfaid:part>3<" in xmp.stream.get_data().replace(b'="', b">").replace(b'"', b"<")
