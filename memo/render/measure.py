"""How wide a line of text will print, guessed without laying it out: for running heads and banners that
must stay on one line in every format (the PDF's templates and the Word renderer share it)."""

from __future__ import annotations

import unicodedata


def fit(text: str, width: float) -> str:
    """``text`` cut at a word and ended with an ellipsis so that it is at most ``width`` ems of a sans face.

    A running header must stay on one line; CSS text-overflow only hides the rest, which a copy or a
    screen reader still finds past the page's edge, so the template shortens the text itself.
    """
    if _ems_text(text) <= width:
        return text
    words = text.split()
    while len(words) > 1 and _ems_text(" ".join(words) + "\u2026") > width:
        words.pop()
    cut = " ".join(words)
    if _ems_text(cut) < width / 2:  # a long word (or text with no spaces, CJK) would leave too little: cut inside it
        cut = text
    while cut and _ems_text(cut + "\u2026") > width:
        cut = cut[:-1]
    return cut.rstrip(",;:.-\u2013\u2014 ") + "\u2026"


def _ems_text(text: str) -> float:
    """A generous width of mixed text in ems of a sans face: wide CJK 1, capitals 0.7, narrow letters 0.3."""
    total = 0.0
    for c in text:
        if unicodedata.east_asian_width(c) in "WF":
            total += 1.0
        elif c in "ijlI.,;:'!|\u2019 ":
            total += 0.3
        elif c.isupper() or c in "mwMW":
            total += 0.75
        else:
            total += 0.56
    return total


def ems(text: str) -> float:
    """A generous width of ``text`` in ems of a bold capital sans face (wide CJK characters count 1), for
    templates that must reserve room for a line they cannot measure, such as a long banner in the margin."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.78 for c in text)
