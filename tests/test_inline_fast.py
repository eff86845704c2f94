"""Inline text's shortcuts give what the full path gives, whatever the text: text that cannot hold a bare link is
parsed without linkify (its regexes cost ~30 ms to compile on the first text), and plain text without quote
marks skips the typographer."""

from __future__ import annotations

from unittest.mock import patch

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from memo import inline
from memo.document import Link, Text

FRAGMENTS = [
    "https://example.org/a_b_c",
    "http://ex.org/x*y*",
    "HTTPS://EXAMPLE.ORG/Path.",
    "Http://e.org),",
    "mailto:desk@example.org",
    "MAILTO:a@b.co",
    "desk@example.org",
    "www.example.org",
    "ftp://host/x",
    "//host/y",
    "example.org",
    "https:",
    "http//x.org",
    "https:/x.org",
    "xhttps://e.org",
    "http\u017f://e.org",  # a long s: IGNORECASE folds it to s
    "ma\u0130lto:x@y.org",  # a dotted capital I
    "[@a]",
    "[@a; @b]",
    "[see @gazette-2025, p. 4]",
    "[@https://e.org]",
    "[x](https://e.org/x_y)",
    "[@handle](https://e.org)",
    "<https://e.org/auto>",
    "<mailto:a@b.org>",
    "*emph*",
    "_under_",
    "**strong**",
    "`code https://e.org`",
    "&amp;",
    "http&#58;//e.org",
    "\\*",
    "http\\://e.org",
    "'",
    '"',
    "O'Brien",
    "Note:",
    "p. 4:",
    "U.S.",
    "@handle",
    "\n",
]
_WORDS = st.text(alphabet="abhtpsmilo:/.@_*[]()<>'\"-; \n", max_size=12)
TEXTS = st.lists(st.sampled_from(FRAGMENTS) | _WORDS, max_size=8).flatmap(
    lambda parts: st.lists(st.sampled_from(["", " ", "  ", "\n", ", "]), min_size=len(parts), max_size=len(parts)).map(
        lambda seps: "".join(p + s for p, s in zip(parts, seps, strict=True))
    )
)


def _always_linkified(text: str, lang: str) -> tuple[inline.Run, ...]:
    with patch.object(inline, "_may_link", lambda text: True):
        return inline.parsed_afresh(text, inline.quote_marks(lang))


@settings(max_examples=400, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS, st.sampled_from(["en-GB", "en-US", "de"]))
def test_the_fast_path_gives_the_runs_of_always_linkifying(text: str, lang: str) -> None:
    assert inline.parsed_afresh(text, inline.quote_marks(lang)) == _always_linkified(text, lang)


def test_only_text_with_a_link_scheme_is_linkified() -> None:
    assert not inline._may_link("Talks resumed [@a; @b], the U.S. said: see desk@example.org or www.e.org")
    assert inline._may_link("see HTTPS://e.org") and inline._may_link("mailto:desk@e.org")
    url = "https://example.org/a_b"
    assert inline.parse(f"*x* {url} [@a]")[2] == Link(url, (Text(url),))


@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=30) | TEXTS, st.sampled_from(["en-GB", "fr"]))
def test_smart_without_quote_marks_is_the_text_itself(text: str, lang: str) -> None:
    tokens = inline._plain_parser(inline.quote_marks(lang)).parseInline(text)
    full = "".join(t.content if t.type == "text" else " " for t in (tokens[0].children or [])) if tokens else text
    assert inline.smart.__wrapped__(text, lang) == full  # type: ignore[attr-defined]
    assert inline.smartened_afresh(text, inline.quote_marks(lang)) == full
