"""Turn a memo's citation clusters and its sources into note texts and a bibliography, by a CSL style.

The wording is the style's: citeproc-py (a CSL processor) formats every note and
entry, and decides each citation's position (first, subsequent, ibid., ibid.
with a locator) from the order the clusters are given in, which is the memo's
reading order. What comes back is document-model runs (Text, Emph, Strong, Link).

citeproc-py misses a few things the bundled styles use; ``memo/csl_fixes.py``
mends them in a small layer on top (README, "Citation styles", lists them).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from memo import inline
from memo.bundled_styles import BUNDLED, STYLES_DIR  # the settings check names without importing this module
from memo.document import Runs
from memo.record import Record

DEFAULT_STYLE = "chicago-note-bibliography"

# Locator labels as editors write them (pandoc's list, abridged) -> the CSL locator term.
LOCATOR_LABELS = {
    "p.": "page", "pp.": "page", "page": "page", "pages": "page",
    "para.": "paragraph", "paras.": "paragraph", "paragraph": "paragraph", "¶": "paragraph", "¶¶": "paragraph",
    "sec.": "section", "secs.": "section", "section": "section", "§": "section", "§§": "section",
    "ch.": "chapter", "chap.": "chapter", "chapter": "chapter",
    "fig.": "figure", "figs.": "figure", "figure": "figure",
    "n.": "note", "nn.": "note", "note": "note",
    "l.": "line", "ll.": "line", "line": "line",
    "vol.": "volume", "vols.": "volume", "volume": "volume",
    "col.": "column", "cols.": "column", "column": "column",
    "art.": "article", "bk.": "book", "pt.": "part", "tbl.": "table", "v.": "verse",
}  # fmt: skip
# Patterns a run may not need are compiled by re on first use (and kept in its cache), not at import.
_LOCATOR = r"^(?P<label>[^\s\d]+)\s*(?P<value>\S.*)$"  # only an uncached citation with a locator


class Rendered(Record):
    """What a style made of a memo's citations: one text per cluster, in order, and the bibliography."""

    citations: tuple[Runs, ...]
    bibliography: tuple[Entry, ...]  # in the style's order


class Entry(Record):
    """One bibliography entry; ``label`` is the style's own number for it (IEEE's "[1]"), or "" for none."""

    source_id: str
    label: str
    runs: Runs


def style_path(name: str | None) -> Path:
    """The .csl file a ``citation-style`` setting names: a bundled name, or a path (config made it absolute);
    None (neither [tool.memo] nor the template set names one) is the default style."""
    name = name or DEFAULT_STYLE
    return STYLES_DIR / BUNDLED[name] if name in BUNDLED else Path(name)


def style_digest(name: str | None) -> str:
    """A hash of the style file's bytes: the cache key holds it, so editing a .csl given by path rebuilds."""
    try:
        return hashlib.sha256(style_path(name).read_bytes()).hexdigest()
    except OSError:  # gone since the settings were read: the build itself reports it
        return ""


class CitationStyle:
    """One CSL style in one language: clusters in reading order -> note (or in-text) texts and a bibliography."""

    def __init__(self, path: Path, lang: str = "en-GB") -> None:
        self.path = path
        self.lang = lang
        self._xml = path.read_bytes()

    @property
    def is_note_style(self) -> bool:
        return _style_class(self._xml) == "note"

    def render(self, clusters: Sequence[Sequence[inline.CiteItem]], sources: Mapping[str, Any]) -> Rendered:
        """Format every cluster (a bracketed citation: items with prefixes and locators) and the bibliography.

        ``sources`` maps ids to register entries (memo.models.Source) of every source the clusters cite.
        """
        from memo import cite_html, csl_fixes

        keys = list(dict.fromkeys(item.key for cluster in clusters for item in cluster))
        items = [csl_item(sources[k], self.lang) for k in keys]
        citations, bibliography = csl_fixes.process(
            self._xml, _locale(self.lang), items, [_cluster(c) for c in clusters], note=self.is_note_style
        )
        links = {k: _links(sources[k]) for k in keys}
        all_links = {u for urls in links.values() for u in urls}
        return Rendered(
            tuple(cite_html.runs(html, all_links) for html in citations),
            tuple(Entry(key, *cite_html.labelled(cite_html.runs(html, links[key]))) for key, html in bibliography),
        )


def _cluster(items: Sequence[inline.CiteItem]) -> list[dict[str, str]]:
    out = []
    for item in items:
        cite: dict[str, str] = {"key": item.key}
        if item.prefix:
            cite["prefix"] = item.prefix + " "
        if item.locator:
            m = re.match(_LOCATOR, item.locator)
            label = LOCATOR_LABELS.get(m.group("label").lower()) if m else None
            if m and label:
                cite.update(label=label, locator=m.group("value"))
            elif item.locator[:1].isdigit():
                cite.update(label="page", locator=item.locator)
            else:
                cite["suffix"] = ", " + item.locator
        out.append(cite)
    return out


@lru_cache(maxsize=32)
def _style_class(xml: bytes) -> str:
    m = re.search(rb"<style\b[^>]*\bclass=\"(\w+)\"", xml)
    return m.group(1).decode() if m else "in-text"


def _locale(lang: str) -> str:
    from citeproc import LOCALES_PATH

    for candidate in (lang, {"en": "en-US", "de": "de-DE", "fr": "fr-FR", "ru": "ru-RU", "uk": "uk-UA"}.get(lang, "")):
        if candidate and (Path(LOCALES_PATH) / f"locales-{candidate}.xml").exists():
            return candidate
    return "en-US"


def _date(value: Any) -> dict[str, Any]:
    if isinstance(value, dict):
        return value
    if isinstance(value, date):
        return {"date-parts": [[value.year, value.month, value.day]]}
    return {"date-parts": [[int(p) for p in str(value).split("-")]]}


def csl_item(src: Any, lang: str) -> dict[str, Any]:
    """A register entry as a CSL-JSON item: the CSL variables only (never ``assessment`` or ``notes``).

    Titles get the language's quotation marks one level in, as a style sets them inside its own marks.
    """
    data = src.csl()
    for key in ("title", "title-short", "container-title", "collection-title", "genre"):
        if key in data:
            data[key] = inline.smart(data[key], lang, nested=True)
    for key, value in list(data.items()):
        if key in DATE_VARIABLES:
            data[key] = _date(value)
    return _escaped(data)


def _escaped(value: Any) -> Any:
    """Text of the register as text: citeproc-py reads CSL rich text (<i>, <b>) in variables, and our text is
    plain, so a typed "<b>" must stay those three characters (the runs parser unescapes them again). Not
    through the html module: it loads its table of 2,231 entities, ~4 ms of a Word build."""
    if isinstance(value, str):
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")  # html.escape's, quote=False
    if isinstance(value, dict):
        return {k: v if k in DATE_VARIABLES else _escaped(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_escaped(v) for v in value]
    return value


DATE_VARIABLES = ("issued", "accessed", "event-date", "original-date", "submitted", "available-date")


def _links(src: Any) -> set[str]:
    data = src.csl()
    urls = {data["URL"]} if data.get("URL") else set()
    if data.get("DOI"):
        urls.add("https://doi.org/" + data["DOI"])
    return urls
