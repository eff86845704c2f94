"""An untagged PDF is an error; a tagged one (WeasyPrint's PDF/UA-1) passes."""

from __future__ import annotations

from pathlib import Path

import weasyprint

from memo.preflight.sheet import opened
from memo.preflight.tags import untagged
from tests.preflight.conftest import note_page


def write(path: Path, **options: object) -> Path:
    weasyprint.HTML(string=note_page(2, spacer_mm=10)).write_pdf(path, **options)
    return path


def test_an_untagged_pdf(tmp_path: Path) -> None:
    with opened(write(tmp_path / "plain.pdf")) as pdf:
        assert [(f.page, f.severity, f.message) for f in untagged(pdf)] == [
            (1, "error", "the PDF is not tagged (no structure tree): screen readers cannot follow it")
        ]


def test_quiet_on_a_tagged_pdf(tmp_path: Path) -> None:
    with opened(write(tmp_path / "tagged.pdf", pdf_variant="pdf/ua-1")) as pdf:
        assert untagged(pdf) == []
