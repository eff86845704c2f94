"""Turn a line of editor text into inline runs: emphasis, strong, links and citations.

markdown-it-py does the Markdown (a real parser: escapes, nesting and stray
brackets behave as CommonMark says); one small rule of ours adds pandoc's
citation syntax: ``[@a]``, ``[@a; @b]``, ``[see @a, para. 4]``. Anything that is
not well-formed markup stays literal text, so ``[`` or ``@`` in prose is safe.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from memo.document import Emph, Link, Strong, Text, merge_text

SAFE_SCHEMES = ("http://", "https://", "mailto:")

_KEY = r"[A-Za-z0-9_][\w:.#$%&+?<>~/-]*"
_ITEM = re.compile(rf"^\s*(?P<prefix>[^@;\[\]]*?)\s*-?@(?P<key>{_KEY})(?P<suffix>[^;\[\]@]*)$")


@dataclass(frozen=True)
class CiteItem:
    key: str
    prefix: str = ""
    locator: str = ""


@dataclass(frozen=True)
class Cite:
    """A bracketed citation as written; the builder turns it into a numbered note."""

    items: tuple[CiteItem, ...]


if TYPE_CHECKING:  # markdown-it is imported on first parse: `memo --help` and the YAML reading do without it
    from markdown_it import MarkdownIt
    from markdown_it.rules_inline import StateInline
    from markdown_it.token import Token

Run = Text | Emph | Strong | Link | Cite


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


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    md = MarkdownIt("zero").enable(["emphasis", "link", "escape", "backticks", "entity", "newline", "autolink"])
    md.inline.ruler.before("link", "citation", _citation_rule)
    md.validateLink = lambda url: True  # we judge links ourselves, so a bad one is reported, not hidden
    return md


@lru_cache(maxsize=4096)
def parse(text: str) -> tuple[Run, ...]:
    """Parse one paragraph of editor text into runs."""
    tokens = _parser().parseInline(text)
    children = tokens[0].children or [] if tokens else []
    runs, _ = _runs(children, 0, None)
    return tuple(merge_text(runs))


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
