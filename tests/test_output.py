"""Writing outputs: whole files or none, and a set of files that belong together whole or none of them."""

from __future__ import annotations

from pathlib import Path

import pytest

from memo.output import write_all_atomic


def test_files_that_belong_together_are_all_replaced_or_none(tmp_path: Path) -> None:
    pdf, docx = tmp_path / "book-all.pdf", tmp_path / "book-all.docx"
    pdf.write_bytes(b"old pdf")
    docx.mkdir()  # a folder where the Word file should go: its write fails
    with pytest.raises(OSError) as failed:
        write_all_atomic({pdf: b"new pdf", docx: b"new docx"})
    assert pdf.read_bytes() == b"old pdf"  # the PDF written first is not put in place alone
    assert sorted(p.name for p in tmp_path.iterdir()) == ["book-all.docx", "book-all.pdf"]  # no temporary left
    assert failed.value.filename == str(docx)
    docx.rmdir()
    write_all_atomic({pdf: b"new pdf", docx: b"new docx"})
    assert (pdf.read_bytes(), docx.read_bytes()) == (b"new pdf", b"new docx")
