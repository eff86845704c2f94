"""Turn a validated briefing and its sources into a Memo.

Citations are resolved and numbered here, once, in reading order, so every
renderer shows the same notes. Pure: no I/O, no clock.
"""

from __future__ import annotations

from collections.abc import Mapping

from memo import inline
from memo.config import Settings
from memo.dates import format_date
from memo.document import (
    Block,
    BulletList,
    Emph,
    Header,
    Inline,
    Link,
    Memo,
    Note,
    NoteRef,
    Paragraph,
    Perspectives,
    Quote,
    Related,
    Runs,
    Section,
    Side,
    SourceEntry,
    SourceList,
    Strong,
    Table,
    Text,
    merge_text,
)
from memo.models import Briefing, Source


class _Notes:
    """Numbers citations 1..N in order of appearance; each citation is its own note."""

    def __init__(self, sources: Mapping[str, Source], lang: str) -> None:
        self.sources = sources
        self.lang = lang
        self.notes: list[Note] = []
        self.seen: set[str] = set()

    def cite(self, items: tuple[inline.CiteItem, ...]) -> NoteRef:
        runs: list[Inline] = []
        for i, item in enumerate(items):
            if i:
                runs.append(Text("; "))
            src = self.sources[item.key]
            full = item.key not in self.seen
            self.seen.add(item.key)
            runs.extend((_reference if full else _short_reference)(src, self.lang, item.prefix, item.locator))
        number = len(self.notes) + 1
        self.notes.append(
            Note(number, tuple(merge_text(_full_stop(merge_text(runs)))), tuple(item.key for item in items))
        )
        return NoteRef(number)

    def runs(self, text: str, nested: bool = False) -> Runs:
        return tuple(self._convert(inline.parse(text, self.lang, nested)))

    def quotation(self, text: str) -> Runs:
        """A quotation in the language's outer marks, its own quotes one level in (marks it was pasted with dropped)."""
        marks = inline.quote_marks(self.lang)
        return tuple(merge_text([Text(marks[0]), *self.runs(inline.unquote(text), nested=True), Text(marks[1])]))

    def _convert(self, runs: tuple[inline.Run, ...]) -> list[Inline]:
        out: list[Inline] = []
        for run in runs:
            if isinstance(run, inline.Cite):
                if out and isinstance(out[-1], Text):  # "claim [@a]." puts the mark after "claim", as pandoc does
                    out[-1] = Text(out[-1].text.rstrip())
                out.append(self.cite(run.items))
            elif isinstance(run, Emph):
                out.append(Emph(tuple(self._convert(run.children))))
            elif isinstance(run, Strong):
                out.append(Strong(tuple(self._convert(run.children))))
            elif isinstance(run, Link):
                children = tuple(self._convert(run.children))
                out.append(Link(run.href, children) if inline.is_safe_link(run.href) else Emph(children))
            else:
                out.append(run)
        return merge_text(out)


def _quoted(title: str, lang: str) -> str:
    marks = inline.quote_marks(lang)
    return f"{marks[0]}{inline.smart(title, lang, nested=True)}{marks[1]}"


def _reference(src: Source, lang: str, prefix: str = "", locator: str = "") -> list[Inline]:
    """One item of a footnote: [prefix] Author, 'Title' (in the language's marks), Outlet, 27 April 2025, locator."""
    parts: list[list[Inline]] = []
    if src.author:
        parts.append([Text(_names(src))])
    parts.append([Text(_quoted(src.title, lang))])
    if src.container_title:
        parts.append([Emph((Text(src.container_title),))])
    parts.append([Text(format_date(src.issued) if src.issued else "n.d.")])
    if locator:
        parts.append([Text(locator)])
    runs: list[Inline] = [Text(prefix + " ")] if prefix else []
    for i, part in enumerate(parts):
        if i:
            runs.append(Text(", "))
        runs.extend(part)
    return runs


def _short_reference(src: Source, lang: str, prefix: str = "", locator: str = "") -> list[Inline]:
    """A later note for a source already given in full: lead, “Short title”, locator (as Chicago does)."""
    words = src.title.split()
    title = " ".join(words[:5]) + ("\u2026" if len(words) > 5 else "")
    runs: list[Inline] = [Text(prefix + " ")] if prefix else []
    if src.author:
        runs.append(Text(", ".join(n.family or n.display() for n in src.author) + ", "))
    elif src.container_title:
        runs += [Emph((Text(src.container_title),)), Text(", ")]
    runs.append(Text(_quoted(title, lang)))
    if locator:
        runs.append(Text(", " + locator))
    return runs


def _full_stop(runs: list[Inline]) -> list[Inline]:
    last = runs[-1] if runs else None
    if isinstance(last, Text) and last.text.rstrip("\u201d\u2019\u00bb\u201c").endswith((".", "?", "!")):
        return runs
    return [*runs, Text(".")]


def _names(src: Source) -> str:
    names = [n.display() for n in src.author]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _entry(src: Source, lang: str) -> SourceEntry:
    """A source-list line: Author. 'Title.' Outlet, 27 April 2025. URL. Assessment."""
    runs: list[Inline] = []
    if src.author:
        runs.append(Text(_names(src) + ". "))
    title = src.title if src.title.endswith((".", "?", "!")) else src.title + "."
    runs.append(Text(_quoted(title, lang) + " "))
    if src.container_title:
        runs += [Emph((Text(src.container_title),)), Text(", ")]
    runs.append(Text(format_date(src.issued) + "." if src.issued else "n.d."))
    if src.url:
        runs += [Text(" "), Link(src.url, (Text(src.url),))]
    if src.assessment:
        runs += [Text(" "), Emph((Text("Assessment: " + inline.smart(src.assessment.strip(), lang)),))]
    return SourceEntry(src.id, tuple(merge_text(runs)), src.url)


def build_memo(
    topic: str,
    b: Briefing,
    sources: Mapping[str, Source],
    settings: Settings,
    titles: Mapping[str, str] | None = None,
) -> Memo:
    """The memo of one topic; ``titles`` gives the titles of the topics it names as related."""
    lang = b.lang or settings.lang
    notes = _Notes(sources, lang)
    smart = lambda text: inline.smart(text, lang) if text else text  # noqa: E731
    paras = lambda text: tuple(Paragraph(notes.runs(p)) for p in inline.paragraphs(text))  # noqa: E731
    bullets = lambda items: BulletList(tuple(notes.runs(t) for t in items))  # noqa: E731
    sections: list[tuple[str, str, tuple[Block, ...]]] = [
        (
            "bottom-line",
            "Bottom line",
            tuple(Paragraph(notes.runs(p), role="bottom-line") for p in inline.paragraphs(b.summary)),
        )
    ]
    if b.key_points:
        sections.append(("key-points", "Key points", (bullets(b.key_points),)))
    if b.background:
        sections.append(("background", "Background", paras(b.background)))
    if b.developments:
        rows = []
        for d in b.developments:
            cell: list[Inline] = [Strong(notes.runs(d.title))]
            if d.detail:
                cell += [Text(". " if d.title[-1] not in ".?!" else " "), *notes.runs(d.detail)]
            rows.append(((Text(format_date(d.date, short=True)),), tuple(merge_text(cell))))
        table = Table(("Date", "Development"), tuple(rows), widths=(1, 5))
        sections.append(("developments", "Key developments", (table,)))
    sides = []
    for key, label in (("optimistic", "Optimistic view"), ("sceptical", "Sceptical view")):
        p = getattr(b.perspectives, key)
        sides.append(Side(label, notes.runs(p.summary) if p.summary else None, tuple(notes.runs(t) for t in p.points)))
    sections.append(("perspectives", "Perspectives", (Perspectives(*sides),)))
    if b.quotes:
        quotes = tuple(
            Quote(notes.quotation(q.text), smart(q.speaker), smart(q.role), notes.cite((inline.CiteItem(q.source),)))
            for q in b.quotes
        )
        sections.append(("quotes", "In their words", quotes))
    if b.outlook:
        sections.append(("outlook", "Outlook", paras(b.outlook)))
    if b.indicators:
        sections.append(("indicators", "Indicators to watch", (bullets(b.indicators),)))
    if b.recommendations:
        sections.append(("recommendations", "Recommendations", (bullets(b.recommendations),)))
    memo_notes = tuple(notes.notes)
    cited = list(dict.fromkeys(sid for note in memo_notes for sid in note.source_ids))
    sections.append(("sources", "Sources", (SourceList(tuple(_entry(sources[sid], lang) for sid in cited)),)))
    header = Header(
        title=smart(b.title),
        subtitle=smart(b.subtitle),
        as_of=b.as_of,
        status=b.status,
        classification=smart(b.classification or settings.classification),
        audience=smart(b.audience),
        author=smart(b.author or settings.author),
        lang=lang,
    )
    return Memo(
        topic=topic,
        header=header,
        sections=tuple(Section(i, t, blocks) for i, t, blocks in sections),
        notes=memo_notes,
        keywords=(topic, *b.related),
        related=tuple(Related(t, smart((titles or {}).get(t, t))) for t in b.related),
    )
