"""Notes printed away from their call, and calls wrapped onto a line of their own, read from a finished PDF:
Sheets in, Findings (warnings) out.

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
SEGMENT_GAP = 4.0  # points: glyphs further apart than this on one line stand in different columns or cells


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


def lone_calls(sheets: Iterable[Sheet]) -> list[Finding]:
    """Note calls with no text beside them on their line: the number wrapped away from the word it marks.

    A line is found around each call (glyphs whose height spans the call's middle; the call is raised, so
    grouping by baseline would put every call on a line of its own), and cut where glyphs stand apart, so
    the other column of the perspectives or another table cell beside it is not counted as its line.
    """
    out: list[Finding] = []
    for sheet in sheets:
        body, limit = _body(sheet, _note_area(sheet))
        for call in _calls(body, limit):
            middle, own = (call[0]["top"] + call[-1]["bottom"]) / 2, {id(c) for c in call}
            line = sorted((c for c in body if c["top"] <= middle <= c["bottom"] or id(c) in own), key=lambda c: c["x0"])
            if not any(c["text"].strip() for c in _segment(line, call) if id(c) not in own):
                number = "".join(c["text"] for c in call)
                out.append(warn(sheet.number, f"note call {number} alone on a line, apart from the word it marks"))
    return out


def _segment(line: list[dict], call: list[dict]) -> list[dict]:
    """The glyphs of ``line`` that run on, without a gap, into ``call``'s."""
    start = end = next(i for i, c in enumerate(line) if c is call[0])
    while start > 0 and line[start]["x0"] - line[start - 1]["x1"] < SEGMENT_GAP:
        start -= 1
    while end + 1 < len(line) and line[end + 1]["x0"] - line[end]["x1"] < SEGMENT_GAP:
        end += 1
    return line[start : end + 1]


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


def _note_area(sheet: Sheet) -> float:
    """The top of the page's note area (its first marker), or the page's foot if it has no notes."""
    return min((top for _, top in markers(sheet)), default=sheet.height)


def _body(sheet: Sheet, area_top: float) -> tuple[list[dict], float]:
    """The characters of the text block above the note area, and the largest size a call is set in."""
    _, top, _, bottom = sheet.block
    body = [c for c in sheet.chars if top - 1 <= c["top"] < min(bottom, area_top)]
    sizes = Counter(round(c["size"], 1) for c in body if c["text"].strip())
    return body, CALL_RATIO * sizes.most_common(1)[0][0] if sizes else 0.0


def _calls(body: list[dict], limit: float) -> list[list[dict]]:
    """Runs of digits set small enough to be note calls, each a list of its characters, in reading order."""
    runs: list[list[dict]] = []
    last: dict | None = None
    for c in sorted(body, key=lambda c: (round(c["bottom"]), c["x0"])):
        small = c["text"].isdigit() and c["size"] <= limit
        if small and last is not None and abs(last["x1"] - c["x0"]) < 1.0 and abs(last["bottom"] - c["bottom"]) < 1:
            runs[-1].append(c)
        elif small:
            runs.append([c])
        last = c if small else None
    return runs


def _call_runs(sheet: Sheet, area_top: float) -> list[str]:
    return ["".join(c["text"] for c in run) for run in _calls(*_body(sheet, area_top))]


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
