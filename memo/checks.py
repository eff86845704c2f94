"""Checks across fields and files: citations resolve, links are safe, sources are used.

These need the whole project (a citation names another file), so they run
after each file has been validated on its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING

from memo import inline
from memo.models import Briefing
from memo.problems import Problem, error, warning
from memo.validate import key_path, suggest
from memo.yamlio import Path_, YamlDoc

if TYPE_CHECKING:
    from memo.project import Loaded

PLACEHOLDER = "TODO"


def text_fields(b: Briefing) -> Iterator[tuple[Path_, str]]:
    """Every field that holds inline text, with its key path, in reading order."""
    yield ("summary",), b.summary
    for i, t in enumerate(b.key_points):
        yield ("key_points", i), t
    if b.background:
        yield ("background",), b.background
    for i, d in enumerate(b.developments):
        yield ("developments", i, "title"), d.title
        if d.detail:
            yield ("developments", i, "detail"), d.detail
    for side in ("optimistic", "sceptical"):
        p = getattr(b.perspectives, side)
        if p.summary:
            yield ("perspectives", side, "summary"), p.summary
        for i, t in enumerate(p.points):
            yield ("perspectives", side, "points", i), t
    for i, q in enumerate(b.quotes):
        yield ("quotes", i, "text"), q.text
    if b.outlook:
        yield ("outlook",), b.outlook
    for key in ("indicators", "recommendations"):
        for i, t in enumerate(getattr(b, key)):
            yield (key, i), t


def citations_of(b: Briefing) -> list[str]:
    """Source ids a briefing cites, in order of first appearance (quotes' sources included)."""
    seen: dict[str, None] = {}
    for _, text in text_fields(b):
        for run in inline.walk(inline.parse(text)):
            if isinstance(run, inline.Cite):
                seen.update(dict.fromkeys(item.key for item in run.items))
    seen.update(dict.fromkeys(q.source for q in b.quotes))
    return list(seen)


def cross_check(loaded: Loaded, all_topics: bool) -> None:
    sources = sorted(loaded.sources)
    topics = loaded.project.topic_ids()
    cited: set[str] = set()
    for topic, (b, doc) in loaded.briefings.items():
        loaded.problems.extend(_check_briefing(b, doc, sources, topics, cited, topic))
        cited.update(q.source for q in b.quotes)
    if all_topics and loaded.ok:
        for sid in sources:
            if sid not in cited:
                _, doc = loaded.sources[sid]
                m = doc.mark(("id",))
                loaded.problems.append(warning(doc.path, m.line, m.col, f"source '{sid}' is not cited by any briefing"))


def _check_briefing(
    b: Briefing, doc: YamlDoc, sources: list[str], topics: list[str], cited: set[str], topic: str
) -> Iterator[Problem]:
    for path, text in text_fields(b):
        runs = inline.parse(text)
        seen: dict[str, int] = {}
        has_cite = False
        for run in inline.walk(runs):
            if isinstance(run, inline.Cite):
                has_cite = True
                for item in run.items:
                    n = seen.get(item.key, 0)
                    seen[item.key] = n + 1
                    cited.add(item.key)
                    if item.key not in sources:
                        line, col = doc.locate(path, "@" + item.key, n)
                        yield error(
                            doc.path, line, col, f"citation of unknown source '{item.key}'{suggest(item.key, sources)}"
                        )
            elif isinstance(run, inline.Link) and not inline.is_safe_link(run.href):
                line, col = doc.locate(path, run.href)
                yield error(doc.path, line, col, f"link to '{run.href}': only http, https and mailto links are allowed")
        if path[0] == "perspectives" and path[2] == "points" and not has_cite:
            m = doc.mark(path)
            yield warning(doc.path, m.line, m.col, f"{key_path(path)}: a perspective point should cite a source")
        if PLACEHOLDER in text:
            line, col = doc.locate(path, PLACEHOLDER)
            yield warning(doc.path, line, col, f"{key_path(path)}: placeholder '{PLACEHOLDER}' left in the text")
    for key in ("title", "subtitle", "audience", "author"):
        value = getattr(b, key)
        if value and PLACEHOLDER in value:
            line, col = doc.locate((key,), PLACEHOLDER)
            yield warning(doc.path, line, col, f"{key}: placeholder '{PLACEHOLDER}' left in the text")
    for i, q in enumerate(b.quotes):
        if q.source not in sources:
            m = doc.mark(("quotes", i, "source"))
            yield error(
                doc.path, m.line, m.col, f"quotes[{i}].source: unknown source '{q.source}'{suggest(q.source, sources)}"
            )
    for i, rel in enumerate(b.related):
        m = doc.mark(("related", i))
        if rel == topic:
            yield warning(doc.path, m.line, m.col, f"related[{i}]: a topic need not name itself")
        elif rel not in topics:
            yield error(doc.path, m.line, m.col, f"related[{i}]: no topic '{rel}'{suggest(rel, topics)}")
    if b.as_of > date.today():
        m = doc.mark(("as_of",))
        yield warning(doc.path, m.line, m.col, f"as_of: {b.as_of} is in the future")
