"""Which way text runs: Unicode's bidirectional classes, for every format and the preflight alike.

One place answers "is this right to left?" and "where does the direction change?", so the
HTML (dir, <bdi>), the Word file (w:bidi, w:rtl) and the preflight's reading of a PDF agree.
These are the parts of Unicode's bidirectional algorithm a memo needs: a paragraph's direction
from its first strong letter (rules P2, P3), and neutrals between letters of one direction
taking it (N1, N2).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator

from memo.document import Emph, Inline, Link, Strong, Text


def plain_text(runs: Iterable[Inline] | str) -> str:
    """The text of ``runs``, emphasis and links included, note marks left out: what decides its direction."""
    if isinstance(runs, str):
        return runs
    out = []
    for run in runs:
        if isinstance(run, Text):
            out.append(run.text)
        elif isinstance(run, Emph | Strong | Link):
            out.append(plain_text(run.children))
    return "".join(out)


# Every character of bidi class R or AL lies in these blocks (Hebrew to Arabic Extended-A, the right-to-left
# mark, the Hebrew and Arabic presentation forms, and the right-to-left ranges of planes 1): text with none of
# them is left to right, found by one regex search instead of a look-up per character (a Word or HTML build
# asked this of every character of the memo). tests/test_bidi.py checks the blocks against all of Unicode.
MAYBE_RTL = re.compile("[\u0590-\u08ff\u200f\ufb1d-\ufdff\ufe70-\ufeff\U00010800-\U00010fff\U0001e800-\U0001efff]")


def has_rtl(text: str) -> bool:
    """Whether ``text`` holds any right-to-left letter (Hebrew, Arabic, Syriac, Thaana...)."""
    return MAYBE_RTL.search(text) is not None and any(_strong(c) for c in text)


def _strong(char: str) -> bool | None:
    """True for a right-to-left letter (bidi class R or AL), False for a left-to-right one, None otherwise."""
    kind = unicodedata.bidirectional(char)
    return True if kind in ("R", "AL") else False if kind == "L" else None


def is_rtl(text: str) -> bool:
    """Whether a paragraph of ``text`` reads right to left: its first strong character does (UBA rules P2, P3)."""
    return next((d for d in map(_strong, text) if d is not None), False)


def direction_spans(text: str, rtl: bool) -> Iterator[tuple[str, bool]]:
    """``text`` cut where its direction changes, each piece with whether it is right-to-left.

    Letters have their own direction; anything else (spaces, punctuation, digits) takes the direction
    of the letters on both sides when they agree, else the paragraph's (``rtl``), as Unicode's
    bidirectional algorithm resolves neutrals (rules N1, N2). Text with no right-to-left letter in a
    left-to-right paragraph is one piece.
    """
    if not text or (not rtl and not has_rtl(text)):
        if text:
            yield text, False
        return
    strong = [_strong(c) for c in text]
    after: list[bool] = []
    following = rtl
    for d in reversed(strong):
        following = following if d is None else d
        after.append(following)
    after.reverse()
    before, start, current = rtl, 0, None
    for i, d in enumerate(strong):
        before = before if d is None else d
        resolved = d if d is not None else (before if before == after[i] else rtl)
        if current is not None and resolved != current:
            yield text[start:i], current
            start = i
        current = resolved
    yield text[start:], bool(current)
