"""Every check of one finished PDF: a path in, Findings out (page checks first, then whole-file ones)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from memo.preflight import blank, fragments, glyphs, ink, notes, overprint, tags
from memo.preflight.findings import Finding
from memo.preflight.sheet import Sheet, opened, parts, sheets

PAGE_CHECKS = (ink.ink_near_edge, ink.ink_outside_block, overprint.overprinted, blank.empty_boxes)


def check_pdf(path: Path) -> list[Finding]:
    with opened(path) as pdf:
        return check_open(pdf, sheets(pdf))


def check_open(pdf: Any, pages: list[Sheet], starts: list[int] | tuple[int, ...] = ()) -> list[Finding]:
    """The checks of an open pdfplumber PDF whose pages are read already (`memo check` reads each file once);
    ``starts``: in a briefing book, the pages its parts start on (`sheet.part_starts`), each numbering its notes."""
    calls = [f for part in parts(pages, starts) for f in notes.notes_away_from_calls(part)]
    lone = notes.lone_calls(pages)  # per page: a book's restarted numbers do not matter
    return [*page_findings(pages, starts), *calls, *lone, *tags.untagged(pdf), *glyphs.missing_glyphs(pdf)]


def page_findings(pages: list[Sheet], starts: list[int] | tuple[int, ...] = ()) -> list[Finding]:
    """The checks of what a page shows, for any PDF (ours, or LibreOffice's of the Word file); ``starts``:
    the pages where a book's parts start."""
    found = [f for sheet in pages for check in PAGE_CHECKS for f in check(sheet)]
    return found + blank.blank_stretches(pages, starts) + fragments.row_fragments(pages, starts)
