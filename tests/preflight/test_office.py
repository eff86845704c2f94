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
    found = check_docx_pages([good / "other-topic.docx", broken])
    assert found[good / "other-topic.docx"] == []
    assert [(f.page, f.severity) for f in found[broken]] == [(1, "warning")]
    assert found[broken][0].message.startswith("as LibreOffice lays it out: page 1 is ")


def test_skipped_silently_without_libreoffice(good: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(Path(__file__).parent))  # a PATH with no office on it
    assert office() is None
    assert check_docx_pages([good / "other-topic.docx"]) == {}
