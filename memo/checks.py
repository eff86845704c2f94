"""Checks across fields and files: citations resolve, links are safe, sources are used.

These need the whole project (a citation names another file), so they run
after each file has been validated on its own.
"""

from __future__ import annotations

import re
from collections.abc import Generator, Iterator
from datetime import date
from typing import TYPE_CHECKING

from memo import inline
from memo.approval import approval_problems
from memo.models import MAX_CITATIONS, MAX_SPANS, Briefing
from memo.problems import Problem, error, warning
from memo.record import Record
from memo.validate import key_path, suggest
from memo.yamlio import Path_, YamlDoc

if TYPE_CHECKING:
    from memo.project import Loaded

PLACEHOLDER = "TODO"
TOO_MANY_SPANS = (
    f"more than {MAX_SPANS:,} emphasis, strong and link spans in one briefing, each a box to lay out; format less"
)
TOO_MANY_CITATIONS = (
    f"more than {MAX_CITATIONS} citations in one briefing, each a footnote to lay out; "
    "split the topic, or cite a source once for several points"
)


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


class Parts(Record):
    """What the cross-checks read of a briefing: from its model, or, when other keys have schema errors, from
    the raw values that are text (so all problems of a run come out together)."""

    fields: list[tuple[Path_, str]]
    headings: list[tuple[str, str]]
    quote_sources: list[tuple[int, str]]
    related: list[tuple[int, str]]
    as_of: date | None = None


def parts_of(b: Briefing) -> Parts:
    return Parts(
        fields=list(text_fields(b)),
        headings=[(k, v) for k in ("title", "subtitle", "audience", "author") if (v := getattr(b, k))],
        quote_sources=[(i, q.source) for i, q in enumerate(b.quotes)],
        related=list(enumerate(b.related)),
        as_of=b.as_of,
    )


def _items(value: object) -> list:
    return value if isinstance(value, list) else []


def _entries(value: object) -> dict:
    return value if isinstance(value, dict) else {}


def raw_parts(data: dict) -> Parts:
    """The Parts of a briefing that did not validate, read from its plain values in the order of text_fields."""
    fields: list[tuple[Path_, object]] = [(("summary",), data.get("summary"))]
    fields += [(("key_points", i), t) for i, t in enumerate(_items(data.get("key_points")))]
    fields.append((("background",), data.get("background")))
    for i, d in enumerate(_items(data.get("developments"))):
        fields += [(("developments", i, k), _entries(d).get(k)) for k in ("title", "detail")]
    for side in ("optimistic", "sceptical"):
        p = _entries(_entries(data.get("perspectives")).get(side))
        fields.append((("perspectives", side, "summary"), p.get("summary")))
        fields += [(("perspectives", side, "points", i), t) for i, t in enumerate(_items(p.get("points")))]
    quotes = [_entries(q) for q in _items(data.get("quotes"))]
    fields += [(("quotes", i, "text"), q.get("text")) for i, q in enumerate(quotes)]
    fields.append((("outlook",), data.get("outlook")))
    for key in ("indicators", "recommendations"):
        fields += [((key, i), t) for i, t in enumerate(_items(data.get(key)))]
    return Parts(
        fields=[(path, t) for path, t in fields if isinstance(t, str)],
        headings=[(k, v) for k in ("title", "subtitle", "audience", "author") if isinstance(v := data.get(k), str)],
        quote_sources=[(i, q["source"]) for i, q in enumerate(quotes) if isinstance(q.get("source"), str)],
        related=[(i, r) for i, r in enumerate(_items(data.get("related"))) if isinstance(r, str)],
    )


def citations_of(b: Briefing) -> list[str]:
    """Source ids a briefing cites, in order of first appearance (quotes' sources included)."""
    seen: dict[str, None] = {}
    for _, text in text_fields(b):
        for run in inline.walk(inline.parse(text)):
            if isinstance(run, inline.Cite):
                seen.update(dict.fromkeys(item.key for item in run.items))
    seen.update(dict.fromkeys(q.source for q in b.quotes))
    return list(seen)


class _Known(Record):
    """What a briefing may name: sources that loaded, sources whose file has errors, and topics."""

    sources: list[str]
    broken: set[str]
    topics: list[str]

    def source_problem(self, key: str) -> str | None:
        if key in self.sources:
            return None
        if key in self.broken:  # its own file's errors are reported there, once; a citation of it adds nothing
            return None
        return f"unknown source '{key}'{suggest(key, self.sources)}"


def cross_check(loaded: Loaded, all_topics: bool) -> None:
    sources = sorted(loaded.sources)
    broken = {p.stem for p in loaded.project.seeds_dir.glob("*.yaml")} - set(sources)
    known = _Known(sources, broken, loaded.project.topic_ids())
    cited: set[str] = set()
    for topic, (b, doc) in loaded.briefings.items():
        loaded.problems.extend(_check_briefing(parts_of(b), doc, known, cited, topic))
        cited.update(q.source for q in b.quotes)
    # A briefing with schema errors: what did parse is checked too, but a value the schema refused is not
    # reported twice.
    refused = {(p.file, p.line, p.col) for p in loaded.problems if p.is_error}
    for topic, doc in loaded.unchecked.items():
        parts = raw_parts(doc.data)
        found = _check_briefing(parts, doc, known, cited, topic)
        loaded.problems.extend(p for p in found if (p.file, p.line, p.col) not in refused)
    loaded.problems.extend(approval_problems(loaded))  # last: it reads every other problem of each briefing
    if all_topics and loaded.ok:
        for sid in sources:
            if sid not in cited:
                _, doc = loaded.sources[sid]
                m = doc.mark(("id",))
                loaded.problems.append(warning(doc.path, m.line, m.col, f"source '{sid}' is not cited by any briefing"))


class _Tally:
    """Footnotes and formatted spans so far in one briefing: what costs a PDF most to lay out."""

    __slots__ = ("notes", "spans")

    def __init__(self, notes: int = 0) -> None:
        self.notes = notes
        self.spans = 0


def _check_text(
    path: Path_, text: str, doc: YamlDoc, known: _Known, cited: set[str], tally: _Tally
) -> Generator[Problem, None, bool]:
    """The problems of one field's inline text: citations, links, and the briefing's running tallies.

    Returns whether the text cites a source.
    """
    seen: dict[str, int] = {}
    has_cite = False
    for run in inline.walk(inline.parse(text)):
        if isinstance(run, inline.Cite):
            has_cite = True
            tally.notes += 1
            for i, item in enumerate(run.items):
                n = seen.get(item.key, 0)
                seen[item.key] = n + 1
                cited.add(item.key)
                line, col = doc.locate(path, "@" + item.key, n)
                if i == 0 and tally.notes == MAX_CITATIONS + 1:
                    yield error(doc.path, line, col, TOO_MANY_CITATIONS)
                if problem := known.source_problem(item.key):
                    yield error(doc.path, line, col, f"citation of {problem}")
            continue
        if isinstance(run, inline.Emph | inline.Strong | inline.Link):
            tally.spans += 1
            if tally.spans == MAX_SPANS + 1:
                m = doc.mark(path)
                yield error(doc.path, m.line, m.col, f"{key_path(path)}: {TOO_MANY_SPANS}")
        if isinstance(run, inline.Link) and not inline.is_safe_link(run.href):
            line, col = doc.locate(path, run.href)
            yield error(doc.path, line, col, f"link to '{run.href}': only http, https and mailto links are allowed")
    return has_cite


_BRACKETS = re.compile(r"\[([^\[\]]*)\]")
_ADJACENT = re.compile(r"\[[^\[\]]*@[^\[\]]*\](?:\[[^\[\]]*@[^\[\]]*\])+")
_OPEN = re.compile(r"\[\s*-?@([\w-]+)")
_LONE = re.compile(r"(?<![\w@.\[/])@([a-z0-9]+(?:-[a-z0-9]+)*)")
CITE_FORMS = "write [@id], several as [@a; @b], with a locator as [@a, p. 4]"


def _fixed(content: str) -> str | None:
    """A well-formed citation for what an editor wrote in brackets: ids split by ';', locators after ','."""
    items: list[str] = []
    for part in re.split(r"[;,]", re.sub(r"@\s+", "@", content)):
        part = part.strip()
        if "@" in part or not items:
            items.append(part)
        elif part:
            items[-1] += f", {part}"
    fixed = "; ".join(i for i in items if i)
    return f"[{fixed}]" if fixed and inline.parse_citation(fixed) is not None else None


def lookalikes(text: str, ids: set[str]) -> Iterator[tuple[int, str, str]]:
    """Text that looks like a citation but does not parse as one (it would print as typed, or cite less):
    (offset, the text, the message)."""
    taken: list[range] = []
    for m in _ADJACENT.finditer(text):
        taken.append(range(m.start(), m.end()))
        fix = _fixed("; ".join(_BRACKETS.findall(m.group())))
        hint = f"did you mean {fix}?" if fix else CITE_FORMS
        yield m.start(), m.group(), f"'{m.group()}' cites only the last of them; {hint}"
    for m in _BRACKETS.finditer(text):
        if any(m.start() in r for r in taken) or text[m.end() : m.end() + 1] == "(":
            continue  # part of the above, or a link's text
        taken.append(range(m.start(), m.end()))
        content = m.group(1)
        if "@" in content and inline.parse_citation(content) is None:
            fix = _fixed(content)
            hint = f"did you mean {fix}?" if fix else CITE_FORMS
            yield m.start(), m.group(), f"'{m.group()}' is not a citation and prints as typed; {hint}"
        elif content.strip() in ids:
            yield (
                m.start(),
                m.group(),
                f"'{m.group()}' is not a citation and prints as typed; did you mean [@{content.strip()}]?",
            )
    for m in _OPEN.finditer(text):
        close, reopen = text.find("]", m.start()), text.find("[", m.start() + 1)
        if close < 0 or 0 <= reopen < close:
            taken.append(range(m.start(), m.end()))
            yield (
                m.start(),
                m.group(),
                f"'{m.group()}' opens a citation that is never closed; did you mean [@{m.group(1)}]?",
            )
    for m in _LONE.finditer(text):
        if m.group(1) in ids and not any(m.start() in r for r in taken):
            yield m.start(), m.group(), f"'{m.group()}' alone is not a citation; did you mean [{m.group()}]?"


PARAGRAPH_FIELDS = ("background", "outlook")
_LIST_ITEM = re.compile(r"^( *)([-*+]|[0-9]{1,2}[.)]) +\S")
LIST_IN_PROSE = (
    "a list item here runs into the paragraph (this key holds paragraphs, not lists); write it as a sentence, "
    "or move the items to key_points, indicators or recommendations"
)


def _list_lines(path: Path_, doc: YamlDoc) -> Iterator[Problem]:
    """Lines of a paragraph field that look like a Markdown list, which the memo would run together."""
    m = doc.mark(path)
    warned = {(w.line, w.col) for w in doc.warnings}
    lines = doc.text[m.start : m.end].split("\n")
    for n, raw in enumerate(lines[1:], start=m.line + 1):
        found = _LIST_ITEM.match(raw)
        if found and (n, len(found.group(1)) + 1) not in warned:
            yield warning(doc.path, n, len(found.group(1)) + 1, f"{key_path(path)}: {LIST_IN_PROSE}")


# Topic ids whose output files memo writes for something else.
RESERVED = {"index": "output/index.html is the readers' index of every memo"}
BOOK_PREFIX = "book-"  # memo book NAME writes output/book-NAME.pdf, .docx and .html


def _check_briefing(b: Parts, doc: YamlDoc, known: _Known, cited: set[str], topic: str) -> Iterator[Problem]:
    if topic in RESERVED:
        yield error(doc.path, 1, 1, f"the topic id '{topic}' is taken: {RESERVED[topic]}; rename the file")
    elif topic.startswith(BOOK_PREFIX):
        yield error(
            doc.path,
            1,
            1,
            f"topic ids starting '{BOOK_PREFIX}' are taken: output/{topic}.pdf would be a briefing "
            "book's file; rename the file",
        )
    tally = _Tally(notes=len(b.quote_sources))  # each quote's source is a note too
    ids = set(known.sources) | known.broken
    for path, text in b.fields:
        has_cite = yield from _check_text(path, text, doc, known, cited, tally)
        seen: dict[str, int] = {}
        for _, found, message in lookalikes(text, ids):
            needle = found.split()[0]
            line, col = doc.locate(path, needle, seen.get(needle, 0))
            seen[needle] = seen.get(needle, 0) + 1
            yield warning(doc.path, line, col, f"{key_path(path)}: {message}")
        if path[0] in PARAGRAPH_FIELDS:
            yield from _list_lines(path, doc)
        if path[0] == "perspectives" and path[2] == "points" and not has_cite:
            m = doc.mark(path)
            yield warning(doc.path, m.line, m.col, f"{key_path(path)}: a perspective point should cite a source")
        if PLACEHOLDER in text:
            line, col = doc.locate(path, PLACEHOLDER)
            yield warning(doc.path, line, col, f"{key_path(path)}: placeholder '{PLACEHOLDER}' left in the text")
    for key, value in b.headings:
        if PLACEHOLDER in value:
            line, col = doc.locate((key,), PLACEHOLDER)
            yield warning(doc.path, line, col, f"{key}: placeholder '{PLACEHOLDER}' left in the text")
    for i, source in b.quote_sources:
        if problem := known.source_problem(source):
            m = doc.mark(("quotes", i, "source"))
            yield error(doc.path, m.line, m.col, f"quotes[{i}].source: {problem}")
    for i, rel in b.related:
        m = doc.mark(("related", i))
        if rel == topic:
            yield warning(doc.path, m.line, m.col, f"related[{i}]: a topic need not name itself")
        elif rel not in known.topics:
            yield error(doc.path, m.line, m.col, f"related[{i}]: no topic '{rel}'{suggest(rel, known.topics)}")
    if b.as_of and b.as_of > date.today():
        m = doc.mark(("as_of",))
        yield warning(doc.path, m.line, m.col, f"as_of: {b.as_of} is in the future")
