"""Every check of one finished PDF: a path in, Findings out (page checks first, then whole-file ones)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from memo.preflight import blank, fragments, glyphs, ink, notes, overprint, tags
from memo.preflight.findings import Finding
from memo.preflight.sheet import Sheet, opened, sheets

PAGE_CHECKS = (ink.ink_near_edge, ink.ink_outside_block, overprint.overprinted)


def check_pdf(path: Path) -> list[Finding]:
    with opened(path) as pdf:
        return check_open(pdf, sheets(pdf))


def check_open(pdf: Any, pages: list[Sheet]) -> list[Finding]:
    """The checks of an open pdfplumber PDF whose pages are read already (`memo check` reads each file once)."""
    return [*page_findings(pages), *notes.notes_away_from_calls(pages), *tags.untagged(pdf),
            *glyphs.missing_glyphs(pdf)]  # fmt: skip


def page_findings(pages: list[Sheet]) -> list[Finding]:
    """The checks of what a page shows, for any PDF (ours, or LibreOffice's of the Word file)."""
    found = [f for sheet in pages for check in PAGE_CHECKS for f in check(sheet)]
    return found + blank.blank_stretches(pages) + fragments.row_fragments(pages)
