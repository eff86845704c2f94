"""Check a PDF while WeasyPrint lays it out: WeasyPrint's laid-out Document in, Findings out.

`lay_out` (or `steer`, which returns its findings rather than reporting them) renders an `weasyprint.HTML`, finds notes printed on a later page than
their call, and steers WeasyPrint out of it: it lays the page out again with
``footnote-policy: line`` on those notes (the line holding the call moves to the
page its note fits on), up to three rounds, and reports only the notes that
still land on a later page or on none (`lost_notes`: a round that loses more notes
is not kept). A document of more than 12 pages is not laid out again (each round
would cost seconds); its deferred notes are reported. `listening` captures WeasyPrint's own warnings
(ignored CSS, a refused URL) instead of dropping them.

Findings reach whoever listens (`collecting`, as `memo build` does), the way log
records reach a handler, so a renderer keeps returning plain bytes.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from memo.preflight.blank import LIMIT  # one limit for the blank stretch, in layout and in the finished file
from memo.preflight.findings import Finding, warn

STEERING_ROUNDS = 3
STEERING_PAGES = 12  # a memo is 3 to 6 pages; laying out a document of 50 again costs seconds (README's bound)
_listener: ContextVar[list[Finding] | None] = ContextVar("memo_preflight_listener", default=None)


@contextmanager
def collecting() -> Iterator[list[Finding]]:
    """Collect the findings of every render inside the block."""
    found: list[Finding] = []
    token = _listener.set(found)
    try:
        yield found
    finally:
        _listener.reset(token)


def report(findings: list[Finding]) -> None:
    """Hand findings to the current listener; with none listening (a bare render), they are dropped."""
    found = _listener.get()
    if found is not None:
        found.extend(findings)


def note_pages(document: Any) -> dict[int, tuple[int, int | None]]:
    """Note number -> (page of its call, page of its note text or None), from the laid-out pages.

    A call is a box whose ``footnote`` is set; a note is a child of a page's footnote area.
    Both are found by the note's element id, ``note-N`` (memo.render.html).
    """
    calls: dict[int, int] = {}
    notes: dict[int, int] = {}
    for number, page in enumerate(document.pages, 1):
        for box in _descendants(page._page_box):
            if getattr(box, "footnote", None) is not None:
                n = _note_number(box.footnote)
                if n is not None:
                    calls.setdefault(n, number)
            if type(box).__name__ == "FootnoteAreaBox":
                for child in box.children:
                    n = _note_number(child)
                    if n is not None:
                        notes.setdefault(n, number)
    return {n: (page, notes.get(n)) for n, page in calls.items()}


def deferred(document: Any) -> dict[int, tuple[int, int | None]]:
    """The notes whose text is not on their call's page (``None``: on no page at all)."""
    return {n: pages for n, pages in note_pages(document).items() if pages[0] != pages[1]}


def lost_notes(document: Any) -> list[int]:
    """Notes whose call WeasyPrint laid out but whose text it never did: a reader sees the number and no note,
    and every later note's text under the wrong number (memo/render/weasyprint_fixes.py has the cause)."""
    return _lost(deferred(document))


def _lost(moved: dict[int, tuple[int, int | None]]) -> list[int]:
    return [n for n, (_, note) in sorted(moved.items()) if note is None]


def lay_out(html: Any) -> Any:
    """Render a `weasyprint.HTML`, steering deferred notes back to their call's page; report what is left."""
    document, findings = steer(html)
    report(findings)
    return document


def steer(html: Any) -> tuple[Any, list[Finding]]:
    """Render a `weasyprint.HTML`, steering deferred notes back to their call's page; return the document and
    the findings left, for a caller that lays out more than once and reports only the layout it keeps."""
    import weasyprint

    document = html.render()
    moved = deferred(document)
    kept = document, moved
    steered: set[int] = set()
    for _ in range(STEERING_ROUNDS if len(document.pages) <= STEERING_PAGES else 0):
        if not moved or set(moved) <= steered:
            break
        steered |= set(moved)
        css = ", ".join(f"#note-{n}" for n in sorted(steered)) + " { footnote-policy: line; }"
        document = html.render(stylesheets=[weasyprint.CSS(string=css)])
        moved = deferred(document)
        if len(_lost(moved)) <= len(_lost(kept[1])):  # a late note is better than one never printed
            kept = document, moved
    document, moved = kept
    return document, [_deferred_finding(n, call, note) for n, (call, note) in sorted(moved.items())]


# -- blank stretches ----------------------------------------------------------------------------------------
# WeasyPrint 70 cannot split a table row whose cells both hold footnote calls: the second cell's notes grow
# the footnote area after the first cell was broken to fit, the row overflows, and the whole row moves to
# the next page, leaving a blank stretch behind. The PDF renderer asks whether that happened, and lays the
# memo out again with the perspectives one above the other if so.


def blank_stretches(document: Any) -> list[tuple[int, float]]:
    """(page number, fraction of the text block left blank above the notes) for pages before the last
    whose blank stretch is over ``LIMIT``."""
    from weasyprint.formatting_structure import boxes

    found = []
    for number, page in enumerate(document.pages[:-1], 1):
        page_box = page._page_box
        top, height = page_box.content_box_y(), page_box.height
        body = next((c for c in page_box.children if not isinstance(c, boxes.MarginBox | boxes.FootnoteAreaBox)), None)
        if body is None or not height:
            continue
        notes = next((c for c in page_box.children if isinstance(c, boxes.FootnoteAreaBox) and c.children), None)
        floor = notes.position_y if notes is not None else top + height
        ends = [leaf.position_y + leaf.height for leaf in _leaves(body, boxes) if leaf.height]
        blank = (floor - max(ends, default=top)) / height
        if blank > LIMIT:
            found.append((number, blank))
    return found


def empty_columns(document: Any) -> list[int]:
    """Pages where a perspective's column goes on with nothing in it (no line, no image): a box laid out side
    by side breaks across pages as a table row does, and a column that ended on the page before still draws
    its shaded cell beside the last lines of the other. The template set marks each view's column ``.side``
    (templates/memo/memo.css); a set that does not is not steered, and `memo check` still finds the box."""
    from weasyprint.formatting_structure import boxes

    found = []
    for number, page in enumerate(document.pages, 1):
        for cell in _cells(page._page_box, boxes):
            if "side" in (cell.element.get("class") or "").split() and not any(
                isinstance(leaf, boxes.LineBox | boxes.ReplacedBox) for leaf in _leaves(cell, boxes)
            ):
                found.append(number)
                break
    return found


def _cells(box: Any, boxes: Any) -> Iterator[Any]:
    if isinstance(box, boxes.TableCellBox):
        yield box
    elif isinstance(box, boxes.ParentBox):
        for child in box.children:
            yield from _cells(child, boxes)


def _leaves(box: Any, boxes: Any) -> Iterator[Any]:
    """Lines and childless boxes: what actually has ink (or space) on the page."""
    if isinstance(box, boxes.LineBox) or not isinstance(box, boxes.ParentBox) or not box.children:
        yield box
    else:
        for child in box.children:
            yield from _leaves(child, boxes)


def _deferred_finding(n: int, call: int, note: int | None) -> Finding:
    if note is None:
        return warn(call, f"note {n} is not printed in the PDF; its call is on page {call}")
    return warn(call, f"note {n} is printed on page {note}, its call on page {call}")


@contextmanager
def listening() -> Iterator[None]:
    """Turn WeasyPrint's warnings and errors during the block into warning findings for the listener."""
    handler = _Collect()
    log = logging.getLogger("weasyprint")
    log.addHandler(handler)
    try:
        yield
    finally:
        log.removeHandler(handler)
        report([warn(1, f"WeasyPrint: {message}") for message in dict.fromkeys(handler.messages)])


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = " ".join(record.getMessage().split())
        self.messages.append(message if len(message) <= 300 else message[:299] + "\u2026")


def _note_number(box: Any) -> int | None:
    element = getattr(box, "element", None)
    ident = element.get("id", "") if element is not None else ""
    return int(ident[5:]) if ident.startswith("note-") and ident[5:].isdigit() else None


def _descendants(box: Any) -> Iterator[Any]:
    stack = [box]
    while stack:
        box = stack.pop()
        yield box
        stack.extend(reversed(getattr(box, "children", None) or ()))
