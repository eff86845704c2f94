"""memo/bidi.py's quick test for right-to-left text: it must never miss a right-to-left letter."""

from __future__ import annotations

import sys
import unicodedata

from memo.bidi import MAYBE_RTL, direction_spans, has_rtl


def test_every_right_to_left_letter_of_unicode_is_in_the_quick_test() -> None:
    missed = [
        f"U+{c:04X}"
        for c in range(sys.maxunicode + 1)
        if unicodedata.bidirectional(chr(c)) in ("R", "AL") and not MAYBE_RTL.match(chr(c))
    ]
    assert missed == [], f"Unicode {unicodedata.unidata_version} has right-to-left letters outside MAYBE_RTL"


def test_left_to_right_text_with_typography_is_one_piece_and_hebrew_is_found() -> None:
    text = "Talks \u201cresumed\u201d \u2014 na\u00efve, \u041c\u043e\u0441\u043a\u0432\u0430, 50\u00a0%"
    assert not has_rtl(text)
    assert list(direction_spans(text, rtl=False)) == [(text, False)]
    assert has_rtl("a \u05e9\u05e8 b") and has_rtl("\u200f")
    assert list(direction_spans("a \u05e9\u05e8 b", rtl=False)) == [
        ("a ", False),
        ("\u05e9\u05e8", True),
        (" b", False),
    ]
