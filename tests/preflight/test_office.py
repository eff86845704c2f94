"""The Word file's pages as LibreOffice lays them out (skipped where LibreOffice is not installed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from memo.preflight.office import check_docx_pages, office


@pytest.mark.skipif(office() is None, reason="LibreOffice is not installed")
def test_a_blank_stretch_in_the_word_file_and_a_good_one(good: Path, tmp_path: Path) -> None:
    import docx
    from docx.enum.text import WD_BREAK

    document = docx.Document(str(good / "other-topic.docx"))
    document.paragraphs[2].add_run().add_break(WD_BREAK.PAGE)  # after the memo's FROM line
    broken = tmp_path / "broken.docx"
    document.save(str(broken))
    tables = [split_table(tmp_path / f"table-{n}.docx", n) for n in range(16, 21)]
    whole = [whole_rows(tmp_path / f"whole-{n}.docx", n) for n in (85, 90)]  # in the same LibreOffice run: cheaper
    found = check_docx_pages([good / "other-topic.docx", broken, *tables, *whole])
    assert found[good / "other-topic.docx"] == []
    assert [(f.page, f.severity) for f in found[broken]] == [(1, "warning")]
    assert found[broken][0].message.startswith("as LibreOffice lays it out: page 1 is ")
    fragment = "as LibreOffice lays it out: a table row split across pages leaves one line under the repeated header"
    assert any(f.message == fragment for t in tables for f in found[t]), found  # one of the five lands so
    # rows that cannot split (w:cantSplit, as memo's): a one-line row moved whole under the header is no fragment
    assert [found[w] for w in whole] == [[], []]


def whole_rows(path: Path, words: int) -> Path:
    """A Word file whose table rows cannot split, its last row (one line) moved whole to page 2 under the header."""
    import docx
    from docx.oxml import OxmlElement

    document = docx.Document()
    for i in range(18):
        document.add_paragraph(f"Filler line {i}.")
    table = document.add_table(rows=3, cols=1)
    table.style = "Table Grid"
    for n, row in enumerate(table.rows):
        properties = row._tr.get_or_add_trPr()
        if n == 0:
            properties.append(OxmlElement("w:tblHeader"))
        properties.append(OxmlElement("w:cantSplit"))
    table.rows[0].cells[0].text = "Sceptical view"
    table.rows[1].cells[0].text = " ".join(["gamma"] * words)
    table.rows[2].cells[0].text = "One whole row of one line."
    document.save(str(path))
    return path


def split_table(path: Path, lines_before: int) -> Path:
    """A Word file with a two-column table, its header row repeated, whose long row a page break splits."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    for i in range(lines_before):
        document.add_paragraph(f"Filler line {i}.")
    table = document.add_table(rows=2, cols=2)
    table.style = "Table Grid"
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    table.rows[0]._tr.get_or_add_trPr().append(header)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Optimistic view", "Sceptical view"
    table.rows[1].cells[0].text = " ".join(["alpha"] * 60)
    table.rows[1].cells[1].text = " ".join(["beta"] * 40)
    document.add_paragraph("After the table.")
    document.save(str(path))
    return path


def test_skipped_silently_without_libreoffice(good: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(Path(__file__).parent))  # a PATH with no office on it
    assert office() is None
    assert check_docx_pages([good / "other-topic.docx"]) == {}
