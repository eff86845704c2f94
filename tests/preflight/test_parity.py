"""A topic's PDF and Word file: the same notes, headings and words, or each difference named."""

from __future__ import annotations

import zipfile
from pathlib import Path

from memo.preflight.parity import differences, read_docx, read_pdf


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
