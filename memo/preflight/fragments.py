"""A table row split across pages leaving one line under the repeated header: Sheets in, Findings (warnings) out.

A repeated header is a page's first line that an earlier page already showed
(LibreOffice and WeasyPrint repeat a table's header row on each page). The
row it continues ends at the second horizontal rule below that line (the
first is the header's own border); one line of text between the two is a
fragment a reader has to turn the page for.
"""

from __future__ import annotations

from memo.preflight.findings import Finding, warn
from memo.preflight.sheet import Box, Sheet

RULE_WIDTH = 30.0  # points: shorter horizontal strokes are not row borders
MESSAGE = "a table row split across pages leaves one line under the repeated header"


def row_fragments(sheets: list[Sheet], starts: list[int] | tuple[int, ...] = ()) -> list[Finding]:
    """``starts``: where a book's parts start; a chapter's first line may repeat another chapter's heading."""
    out = []
    seen: set[tuple[str, ...]] = set()
    for sheet in sheets:
        if sheet.number in starts:
            seen = set()
        lines = _lines(sheet)
        if lines and tuple(lines[0][2].split()) in seen and _one_line_row(sheet, lines):
            out.append(warn(sheet.number, MESSAGE))
        seen |= {tuple(text.split()) for _, _, text in lines}
    return out


def _one_line_row(sheet: Sheet, lines: list[tuple[float, float, str]]) -> bool:
    header_bottom = lines[0][1]
    tops = sorted(
        s.top for s in sheet.shapes
        if s.bottom - s.top < 2 and s.x1 - s.x0 > RULE_WIDTH and s.top > header_bottom - 1
    )  # fmt: skip
    rules = [t for i, t in enumerate(tops) if i == 0 or t - tops[i - 1] > 1]  # a border drawn cell by cell: once
    if len(rules) < 2:
        return False
    start, end = rules[0], rules[1]
    return sum(1 for top, bottom, _ in lines[1:] if top > start and bottom < end + 1) == 1


def _lines(sheet: Sheet) -> list[tuple[float, float, str]]:
    """(top, bottom, text) of the lines of the text block, top to bottom; words at one height make one line."""
    _, top, _, bottom = sheet.block
    rows: list[list[Box]] = []
    for w in sorted((w for w in sheet.words if top <= w.top < bottom), key=lambda w: (w.top, w.x0)):
        if rows and abs(rows[-1][0].top - w.top) < 1.5:
            rows[-1].append(w)
        else:
            rows.append([w])
    return [
        (min(w.top for w in r), max(w.bottom for w in r), " ".join(w.text for w in sorted(r, key=lambda w: w.x0)))
        for r in rows
    ]
