"""Notes printed away from their call, read from a finished PDF: Sheets in, Findings (warnings) out.

A note's text starts with its marker, ``N.`` and a no-break space (memo.css:
``counter(footnote) ".\\00a0"``), at the start of a line; the lowest part of a
page that starts with a marker is its note area. A call is a run of digits set
much smaller than the page's body text (6.5 pt against 10.5 pt in memo.css)
above the note area. Run-together calls (``2122``) are split into the numbers
of notes that exist, in ascending order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from memo.preflight.findings import Finding, warn
from memo.preflight.sheet import Sheet

CALL_RATIO = 0.7  # a call is set at most this size of the page's body text


@dataclass(frozen=True)
class NoteMarks:
    """Where each note's call and text are: note number -> page."""

    calls: dict[int, int]
    notes: dict[int, int]


def marks(sheets: Iterable[Sheet]) -> NoteMarks:
    sheets = list(sheets)
    notes: dict[int, int] = {}
    areas: dict[int, float] = {}
    for sheet in sheets:
        for n, top in markers(sheet):
            notes.setdefault(n, sheet.number)
            areas[sheet.number] = min(areas.get(sheet.number, top), top)
    calls: dict[int, int] = {}
    for sheet in sheets:
        for run in _call_runs(sheet, areas.get(sheet.number, sheet.height)):
            for n in _split(run, set(notes)):
                calls.setdefault(n, sheet.number)
    return NoteMarks(calls, notes)


def notes_away_from_calls(sheets: Iterable[Sheet]) -> list[Finding]:
    found = marks(sheets)
    out = []
    for n, page in sorted(found.calls.items()):
        note = found.notes.get(n)
        if note is None:
            out.append(warn(page, f"note {n} is called on page {page} but its text is on no page"))
        elif note != page:
            out.append(warn(page, f"note {n} is printed on page {note}, its call on page {page}"))
    return out


def char_lines(sheet: Sheet) -> list[list[dict]]:
    """Characters grouped into lines (same baseline, within a point), each sorted left to right.

    By baseline, not by box: the boxes of two fonts on one line (an Arabic word in Latin text, its vowel
    signs) sit points apart, which read a line as two.
    """
    rows: list[list[dict]] = []
    for c in sorted(sheet.chars, key=lambda c: (round(_baseline(c)), c["x0"])):
        if rows and abs(_baseline(rows[-1][-1]) - _baseline(c)) < 1.0:
            rows[-1].append(c)
        else:
            rows.append([c])
    return [sorted(r, key=lambda c: c["x0"]) for r in rows]


def _baseline(c: dict) -> float:
    """How far down the page a character's baseline is (pdfplumber's text matrix counts up), or its box's
    bottom for a character without one."""
    matrix = c.get("matrix")
    return -matrix[5] if matrix else c["bottom"]


def markers(sheet: Sheet) -> list[tuple[int, float]]:
    found = []
    for line in char_lines(sheet):
        text = "".join(c["text"] for c in line[:8])
        digits = len(text) - len(text.lstrip("0123456789"))
        if digits > 0 and text[digits : digits + 2] == ".\xa0":
            found.append((int(text[:digits]), min(c["top"] for c in line)))
    return found


def _call_runs(sheet: Sheet, area_top: float) -> list[str]:
    _, top, _, bottom = sheet.block
    body = [c for c in sheet.chars if top - 1 <= c["top"] < min(bottom, area_top)]
    sizes = Counter(round(c["size"], 1) for c in body if c["text"].strip())
    if not sizes:
        return []
    limit = CALL_RATIO * sizes.most_common(1)[0][0]
    runs: list[str] = []
    last: dict | None = None
    for c in sorted(body, key=lambda c: (round(c["bottom"]), c["x0"])):
        small = c["text"].isdigit() and c["size"] <= limit
        if small and last is not None and abs(last["x1"] - c["x0"]) < 1.0 and abs(last["bottom"] - c["bottom"]) < 1:
            runs[-1] += c["text"]
        elif small:
            runs.append(c["text"])
        last = c if small else None
    return runs


def _split(run: str, known: set[int]) -> list[int]:
    """``"2122"`` -> [21, 22] when those notes exist; a run that is a known number is that number."""
    if not known or int(run) in known:
        return [int(run)]
    for cut in range(1, len(run)):
        head = int(run[:cut])
        if head in known and run[cut] != "0":
            rest = _split(run[cut:], known)
            if rest and all(n in known for n in rest) and rest[0] > head:
                return [head, *rest]
    return [int(run)]
