"""A topic's PDF and Word file: the same notes, headings and words, or each difference named."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from memo.preflight.notes import char_lines
from memo.preflight.parity import differences, read_docx, read_pdf
from tests.conftest import OTHER
from tests.preflight.conftest import build, make_project, pages_of


def edited(docx: Path, to: Path, part: str, old: str, new: str) -> Path:
    """A copy of a Word file with one string of one XML part replaced."""
    with zipfile.ZipFile(docx) as src, zipfile.ZipFile(to, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == part:
                assert old.encode() in data, old
                data = data.replace(old.encode(), new.encode(), 1)
            dst.writestr(item, data)
    return to


def test_both_formats_read_alike(good: Path) -> None:
    pdf, word = read_pdf(good / "other-topic.pdf"), read_docx(good / "other-topic.docx")
    assert pdf["headings"] == word["headings"] == ["Bottom line", "Perspectives", "Sources"]
    assert len(pdf["notes"]) == len(word["notes"]) == 3


def test_quiet_when_they_agree(good: Path) -> None:
    assert differences(good / "other-topic.pdf", good / "other-topic.docx") == []


def test_a_note_that_differs(good: Path, tmp_path: Path) -> None:
    docx = edited(good / "other-topic.docx", tmp_path / "x.docx", "word/footnotes.xml", "Talks Open", "Talks Closed")
    [finding] = differences(good / "other-topic.pdf", docx)
    assert finding.severity == "error"
    assert finding.message.startswith(
        "note 1 differs: the PDF has \u201cJane Doe, \u2018Talks Open\u2019, The Example Gazette, 27 April 2025"
    )
    assert "the Word file \u201cJane Doe, \u2018Talks Closed\u2019, The Example Gazette" in finding.message


def test_a_heading_and_words_that_differ(good: Path, tmp_path: Path) -> None:
    docx = edited(good / "other-topic.docx", tmp_path / "x.docx", "word/document.xml", ">Perspectives<", ">Views<")
    docx = edited(docx, tmp_path / "y.docx", "word/document.xml", ">Short<", ">Brief<")
    messages = [f.message for f in differences(good / "other-topic.pdf", docx)]
    assert messages == [
        "section headings differ: the PDF has [Bottom line, Perspectives, Sources], "
        "the Word file [Bottom line, Views, Sources]",
        "section \u201cBottom line\u201d: the PDF alone has 1 word: \u201cshort\u201d",
        "section \u201cBottom line\u201d: the Word file alone has 1 word: \u201cbrief\u201d",
    ]


# --- what a reader sees alike reads alike (issue: a Background word mismatch in one variant of ~330) ------

SOFT = "Donaudampfschifffahrts\u00adelektrizitätenhauptbetriebswerk\u00adbauunterbeamtengesellschaft"
LONG = "A word on five lines: " + "\u00ad".join(["Verwaltungs"] * 40) + "."
READ_ALIKE = {
    # a font draws é and e + U+0301 with one glyph, which the PDF maps back to the form it met first
    "accents": ("A cafe\u0301 comes first, decomposed.", "Then a café, composed, and an invisible x\u200by."),
    # the PDF breaks the word at a soft hyphen and prints a hyphen there; Word has it whole
    "soft-hyphen": (f"Background text before a long compound: {SOFT} and more words after it.", LONG),
    # WeasyPrint prints the space between two links as no character at all
    "links": (
        "See https://example.org/a?q=1&r=2 https://example.org/b and [one](https://example.org/c) "
        "[two](https://example.org/d) too.",
        "",
    ),
    # an Arabic word with its vowel signs: Word's text splits at each sign, the PDF's glyph boxes sit lower
    "arabic": ("Two scripts on one line: \u0643\u064e\u062a\u064e\u0628\u064e 2025, with its vowel signs.", ""),
    # a short paragraph that reads as an earlier one lands at the top of a page
    "repeats": ("\n\n".join(["The talks stalled."] * 60), ""),
}


def briefing(background: str, outlook: str = "", developments: int = 0) -> str:
    """OTHER with a background, an outlook and ``developments`` rows of the dated table."""
    text = OTHER + f"background: {json.dumps(background)}\n"
    text += f"outlook: {json.dumps(outlook)}\n" if outlook else ""
    rows = [f"  - date: 2025-03-{1 + i % 28:02d}\n    title: Round {i} of talks\n" for i in range(developments)]
    return text + ("developments:\n" + "".join(rows) if rows else "")


@pytest.fixture(scope="module")
def alike(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("alike") / "proj")
    for topic, (background, outlook) in READ_ALIKE.items():
        project.briefing(topic, briefing(background, outlook))
    project.briefing("long-table", briefing("A table runs onto a second page.", developments=45))
    return build(project, "-f", "pdf,docx", *READ_ALIKE, "long-table")


def pdf_lines(path: Path) -> list[list[str]]:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return [(page.extract_text() or "").splitlines() for page in pdf.pages]


@pytest.mark.parametrize("topic", [*READ_ALIKE, "long-table"])
def test_what_reads_alike_is_no_difference(alike: Path, topic: str) -> None:
    assert differences(alike / f"{topic}.pdf", alike / f"{topic}.docx") == []


def test_each_case_is_what_it_says(alike: Path) -> None:
    """The layouts the cases above rely on, so that they cannot pass by the layout changing."""
    text = "\n".join(line for page in pdf_lines(alike / "accents.pdf") for line in page)
    assert text.count("cafe\u0301") == 2  # the composed é of the outlook read back decomposed
    assert sum(line.endswith("\u2010") for page in pdf_lines(alike / "soft-hyphen.pdf") for line in page) >= 5
    lines = ["".join(c["text"] for c in line) for sheet in pages_of(alike / "arabic.pdf") for line in char_lines(sheet)]
    assert any(line.startswith("Two scripts") and "\u0643" in line for line in lines)  # one line, not two
    pages = pdf_lines(alike / "repeats.pdf")
    assert any("The talks stalled." in page[:4] for page in pages[1:])  # under the banner and running head
    assert sum(line.startswith("Date Development") for page in pdf_lines(alike / "long-table.pdf") for line in page) > 1


def test_a_real_difference_still_counts(alike: Path, tmp_path: Path) -> None:
    """A word one side lacks is found though a line that reads as it tops a page, and a repeated row
    is counted when the Word file does not mark it a header; accents still count."""
    docx = edited(alike / "repeats.docx", tmp_path / "r.docx", "word/document.xml", ">The talks stalled.<", "><")
    assert [f.message for f in differences(alike / "repeats.pdf", docx)] == [
        "section \u201cBackground\u201d: the PDF alone has 3 words: \u201cthe talks stalled\u201d"
    ]
    docx = edited(alike / "long-table.docx", tmp_path / "t.docx", "word/document.xml", "<w:tblHeader/>", "")
    [finding] = differences(alike / "long-table.pdf", docx)
    assert (
        finding.message
        == "section \u201cKey developments\u201d: the PDF alone has 2 words: \u201cdate development\u201d"
    )
    docx = edited(alike / "accents.docx", tmp_path / "a.docx", "word/document.xml", "café", "cafe")
    assert [f.message for f in differences(alike / "accents.pdf", docx)] == [
        "section \u201cOutlook\u201d: the PDF alone has 1 word: \u201ccafé\u201d",
        "section \u201cOutlook\u201d: the Word file alone has 1 word: \u201ccafe\u201d",
    ]
