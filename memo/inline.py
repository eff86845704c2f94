"""Turn a line of editor text into inline runs: emphasis, strong, links and citations.

markdown-it-py does the Markdown (a real parser: escapes, nesting and stray
brackets behave as CommonMark says); one small rule of ours adds pandoc's
citation syntax: ``[@a]``, ``[@a; @b]``, ``[see @a, para. 4]``. Anything that is
not well-formed markup stays literal text, so ``[`` or ``@`` in prose is safe.

Typography is markdown-it's too: its typographer turns straight quotes into the
document language's marks (``QUOTES``), and linkify turns a bare URL into a link
while the inline text is parsed, so ``_`` inside a URL never becomes emphasis.
"""

from __future__ import annotations

import re
from contextlib import suppress
from functools import lru_cache
from typing import TYPE_CHECKING, TypeAlias

from memo import inline_cache, runs_json
from memo.document import Emph, Link, Strong, Text, merge_text
from memo.record import Record

SAFE_SCHEMES = ("http://", "https://", "mailto:")

# Quotation marks by language: outer open, outer close, inner open, inner close. An editor types
# "outer" and 'inner' quotes straight; the typographer sets these. README ("Quotation marks") says why
# en-GB is Hart's Rules (single outside, as the New Oxford Style Manual and Chatham House set them)
# and en-US is Chicago (double outside).
QUOTES = {
    "en-GB": "\u2018\u2019\u201c\u201d",
    "en-US": "\u201c\u201d\u2018\u2019",
    "en": "\u2018\u2019\u201c\u201d",
    "de": "\u201e\u201c\u201a\u2018",
    "fr": "\u00ab\u00bb\u2039\u203a",
    "ru": "\u00ab\u00bb\u201e\u201c",
    "uk": "\u00ab\u00bb\u201e\u201c",
}
DEFAULT_QUOTES = QUOTES["en-US"]
# Marks an editor may paste around a quotation's text, which the memo sets itself.
# Pairs of marks an editor may paste around a whole quotation: opening mark -> the closing marks that match it.
_PAIRS = {
    '"': '"',
    "\u201c": "\u201d",
    "\u201e": "\u201c\u201d",
    "\u00ab": "\u00bb",
    "\u2018": "\u2019",  # but not straight single quotes: 'Tis ... the rebels' begins and ends with apostrophes
}
_PASTED = r"(?s)^\s*(?P<open>\S) ?(?P<text>.*?) ?(?P<close>\S)\s*$"  # compiled by re on first use: quotes only

_KEY = r"[A-Za-z0-9_][\w:.#$%&+?<>~/-]*"
_ITEM = re.compile(rf"^\s*(?P<prefix>[^@;\[\]]*?)\s*-?@(?P<key>{_KEY})(?P<suffix>[^;\[\]@]*)$")


class CiteItem(Record):
    key: str
    prefix: str = ""
    locator: str = ""


class Cite(Record):
    """A bracketed citation as written; the builder turns it into a numbered note."""

    items: tuple[CiteItem, ...]


if TYPE_CHECKING:  # markdown-it is imported on first parse: `memo --help` and the YAML reading do without it
    from markdown_it import MarkdownIt
    from markdown_it.rules_inline import StateInline
    from markdown_it.token import Token

Run: TypeAlias = Text | Emph["Run"] | Strong["Run"] | Link["Run"] | Cite


def parse_citation(content: str) -> tuple[CiteItem, ...] | None:
    items = []
    for part in content.split(";"):
        m = _ITEM.match(part)
        if not m:
            return None
        key = m.group("key").rstrip(".:,/?")
        suffix = m.group("key")[len(key) :] + m.group("suffix")
        locator = suffix.strip().lstrip(",").strip()
        items.append(CiteItem(key=key, prefix=m.group("prefix").strip(), locator=locator))
    return tuple(items)


def _citation_rule(state: StateInline, silent: bool) -> bool:
    src, start = state.src, state.pos
    if src[start] != "[" or "@" not in src[start : start + 200]:
        return False
    end = src.find("]", start + 1)
    if end < 0 or "[" in src[start + 1 : end]:
        return False
    if end + 1 < len(src) and src[end + 1] in "([":
        return False  # a link such as [@handle](https://...) is a link
    items = parse_citation(src[start + 1 : end])
    if items is None:
        return False
    if not silent:
        token = state.push("citation", "", 0)
        token.meta = {"items": items}
    state.pos = end + 1
    return True


def quote_marks(lang: str, nested: bool = False) -> str:
    """The four marks (open, close, inner open, inner close) of ``lang``; ``nested`` swaps levels, for the text
    of a quotation the memo itself puts in outer marks."""
    marks = QUOTES.get(lang) or QUOTES.get(lang.split("-")[0]) or DEFAULT_QUOTES
    return marks[2:] + marks[:2] if nested else marks


def unquote(text: str) -> str:
    """A quotation's text without the marks an editor pasted around it (the memo adds its own).

    Only a matching pair that encloses the whole text goes: not when the same marks open or close
    again inside (``'Peace' is near, they said 'soon'`` is two quotations, not one in marks).
    """
    m = re.match(_PASTED, text)
    if not m or m.group("close") not in _PAIRS.get(m.group("open"), ""):
        return text
    inner = m.group("text")
    if any(mark in inner for mark in {m.group("open"), *_PAIRS[m.group("open")]}):
        return text
    return inner


# The schemes linkify is left (see _parser): a bare link begins with one of them, in any letter case as
# linkify_it's IGNORECASE reads it. Text without one is parsed without linkify, whose regexes (huge Unicode
# classes) take ~30 ms to compile on their first text; the runs are the same (tests/test_inline_fast.py).
_LINK_SCHEME = r"(?i)(?:https?|mailto):"


def _may_link(text: str) -> bool:
    return ":" in text and re.search(_LINK_SCHEME, text) is not None


@lru_cache(maxsize=32)
def _parser(quotes: str = DEFAULT_QUOTES, linkify: bool = True) -> MarkdownIt:
    from markdown_it import MarkdownIt  # on first parse, after the YAML is read (see TYPE_CHECKING above)

    rules = ["emphasis", "link", "escape", "backticks", "entity", "newline", "autolink", "smartquotes"]
    md = MarkdownIt("zero", {"typographer": True, "quotes": quotes, "linkify": linkify})
    md.enable([*rules, "linkify"] if linkify else rules)
    if linkify:
        links = md.linkify
        assert links is not None, "markdown-it-py[linkify] installs linkify-it-py"  # None only without it
        links.set({"fuzzy_link": False, "fuzzy_email": False})  # only what is written as a URL: no "U.S." links
        links.add("ftp:", None).add("//", None)  # web and mail addresses only: the links memo allows
    md.inline.ruler.before("link", "citation", _citation_rule)
    # We judge links ourselves, so a bad one is reported, not hidden. Replacing the instance's validateLink is
    # markdown-it's documented hook, which mypy takes for an accidental method assignment.
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


@lru_cache(maxsize=16)
def _plain_parser(quotes: str) -> MarkdownIt:
    from markdown_it import MarkdownIt

    return MarkdownIt("zero", {"typographer": True, "quotes": quotes}).enable(["smartquotes"])


@lru_cache(maxsize=4096)
def parse(text: str, lang: str = "en-GB", nested: bool = False) -> tuple[Run, ...]:
    """Parse one paragraph of editor text into runs, with the quotation marks of ``lang``.

    An answer given before comes from memo/inline_cache.py, without markdown-it."""
    marks = quote_marks(lang, nested)
    key = "p" + marks + text  # four marks: the text starts at the same place in every key
    kept = inline_cache.recall(key)
    if kept is not None:
        with suppress(TypeError, LookupError, ValueError):  # a damaged answer is parsed afresh
            return runs_json.load(kept)
    parsed = parsed_afresh(text, marks)
    inline_cache.keep(key, runs_json.dump(parsed))
    return parsed


def parsed_afresh(text: str, marks: str) -> tuple[Run, ...]:
    """`parse` by markdown-it itself, never from the cache: what the cache keeps, and what tests compare."""
    tokens = _parser(marks, _may_link(text)).parseInline(text)
    children = tokens[0].children or [] if tokens else []
    runs, _ = _runs(children, 0, None)
    return tuple(_straighten_leftovers(merge_text(runs), marks))


def _straighten_leftovers(runs: list[Run], marks: str) -> list[Run]:
    """Marks the typographer could not pair (a quote closed after a citation, an apostrophe at a word's end
    before a link) still get curly ones: an apostrophe, or the outer mark that opens or closes there."""
    out: list[Run] = []
    for run in runs:
        if isinstance(run, Text) and ('"' in run.text or "'" in run.text):
            text = re.sub(r"'", "\u2019", run.text)
            text = re.sub(r'"(?=\w)', marks[0], text)
            run = Text(text.replace('"', marks[1]))
        elif isinstance(run, Emph | Strong):
            run = type(run)(tuple(_straighten_leftovers(list(run.children), marks)))
        out.append(run)
    return out


@lru_cache(maxsize=1024)
def smart(text: str, lang: str = "en-GB", nested: bool = False) -> str:
    """Plain text (a title, a name) with the quotation marks and apostrophes of ``lang``, and no other markup."""
    if not any(c in text for c in "'\"\r\0"):
        return text  # no mark to set, nothing for the parser to normalise: markdown-it would give it back unchanged
    marks = quote_marks(lang, nested)
    key = "s" + marks + text
    kept = inline_cache.recall(key)
    if isinstance(kept, str):
        return kept
    out = smartened_afresh(text, marks)
    inline_cache.keep(key, out)
    return out


def smartened_afresh(text: str, marks: str) -> str:
    """`smart` by markdown-it itself, never from the cache."""
    tokens = _plain_parser(marks).parseInline(text)
    return "".join(t.content if t.type == "text" else " " for t in (tokens[0].children or [])) if tokens else text


def paragraphs(text: str) -> list[str]:
    """Split a block of text into paragraphs at blank lines."""
    return [p.strip() for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]


def _runs(tokens: list[Token], i: int, close: str | None) -> tuple[list[Run], int]:
    out: list[Run] = []
    while i < len(tokens):
        tok = tokens[i]
        kind = tok.type
        if close and kind == close:
            return out, i + 1
        if kind in ("text", "code_inline"):
            out.append(Text(tok.content))
        elif kind in ("softbreak", "hardbreak"):
            out.append(Text(" "))
        elif kind == "citation":
            out.append(Cite(tok.meta["items"]))
        elif kind == "em_open":
            inner, i = _runs(tokens, i + 1, "em_close")
            out.append(Emph(tuple(merge_text(inner))))
            continue
        elif kind == "strong_open":
            inner, i = _runs(tokens, i + 1, "strong_close")
            out.append(Strong(tuple(merge_text(inner))))
            continue
        elif kind == "link_open":
            inner, i = _runs(tokens, i + 1, "link_close")
            out.append(Link(str(tok.attrs.get("href", "")), tuple(merge_text(inner))))
            continue
        elif tok.content:
            out.append(Text(tok.content))
        i += 1
    return out, i


def walk(runs: tuple[Run, ...]):
    """Every run, depth first (citations inside emphasis count too)."""
    for run in runs:
        yield run
        if isinstance(run, Emph | Strong | Link):
            yield from walk(run.children)


def is_safe_link(href: str) -> bool:
    return href.lower().startswith(SAFE_SCHEMES)
