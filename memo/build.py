"""Turn a validated briefing and its sources into a Memo.

Citations are resolved and numbered here, once, in reading order, so every
renderer shows the same notes. Pure: no I/O, no clock.
"""

from __future__ import annotations

from collections.abc import Mapping
from itertools import pairwise

from memo import cite_cache, inline
from memo.cite import CitationStyle, Entry, style_path
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
from memo.record import replace


class _Notes:
    """Collects citations in reading order and numbers them 1..N: one note per citation, except that
    consecutive citations of the same sources (and locators) in one paragraph or bullet are one note, marked
    where the last of them stands. The wording comes later, from the citation style, for all notes at once."""

    def __init__(self, lang: str, in_text: bool = False) -> None:
        self.lang = lang
        self.in_text = in_text  # an author-date style: citations print in the text, not as notes
        self.clusters: list[tuple[inline.CiteItem, ...]] = []

    def cite(self, items: tuple[inline.CiteItem, ...]) -> NoteRef:
        self.clusters.append(items)
        return NoteRef(len(self.clusters))

    def runs(self, text: str, nested: bool = False) -> Runs:
        parsed = inline.parse(text, self.lang, nested)
        cites = [run for run in inline.walk(parsed) if isinstance(run, inline.Cite)]
        merged = {id(a) for a, b in pairwise(cites) if a.items == b.items}
        return tuple(self._convert(parsed, merged))

    def quotation(self, text: str) -> Runs:
        """A quotation in the language's outer marks, its own quotes one level in (marks it was pasted with dropped)."""
        marks = inline.quote_marks(self.lang)
        return tuple(merge_text([Text(marks[0]), *self.runs(inline.unquote(text), nested=True), Text(marks[1])]))

    def _convert(self, runs: tuple[inline.Run, ...], merged: set[int]) -> list[Inline]:
        out: list[Inline] = []
        for run in runs:
            if isinstance(run, inline.Cite):
                # "claim [@a]." puts the mark after "claim"; so does a citation dropped for a later one ("deal.")
                if out and isinstance(out[-1], Text) and (not self.in_text or id(run) in merged):
                    out[-1] = Text(out[-1].text.rstrip())
                if id(run) in merged:  # the same sources again before the next citation: one note, at the last
                    continue
                out.append(self.cite(run.items))
            elif isinstance(run, Emph):
                out.append(Emph(tuple(self._convert(run.children, merged))))
            elif isinstance(run, Strong):
                out.append(Strong(tuple(self._convert(run.children, merged))))
            elif isinstance(run, Link):
                children = tuple(self._convert(run.children, merged))
                out.append(Link(run.href, children) if inline.is_safe_link(run.href) else Emph(children))
            else:
                out.append(run)
        return merge_text(out)


def _entry(entry: Entry, src: Source, lang: str) -> SourceEntry:
    """A source-list line: the style's bibliography entry, then the editor's one-line assessment for the reader."""
    out: list[Inline] = list(entry.runs)
    if src.assessment:
        out += [Text(" ")] if out else []  # a style may print nothing of an item with no title, author or genre
        out += [Emph((Text(inline.smart(src.assessment.strip(), lang)),))]
    return SourceEntry(entry.source_id, tuple(merge_text(out)), src.url, entry.label)


def _in_text(runs: Runs, texts: tuple[Runs, ...]) -> Runs:
    """Runs with each citation mark replaced by the style's in-text citation (an author-date style)."""
    out: list[Inline] = []
    for run in runs:
        if isinstance(run, NoteRef):
            out.extend(texts[run.number - 1])
        elif isinstance(run, Emph | Strong | Link):
            out.append(replace(run, children=_in_text(run.children, texts)))
        else:
            out.append(run)
    return tuple(merge_text(out))


def _in_text_block(block: Block, texts: tuple[Runs, ...]) -> Block:
    def fix(runs: Runs) -> Runs:
        return _in_text(runs, texts)

    if isinstance(block, Paragraph):
        return replace(block, runs=fix(block.runs))
    if isinstance(block, BulletList):
        return replace(block, items=tuple(map(fix, block.items)))
    if isinstance(block, Table):
        return replace(block, rows=tuple(tuple(map(fix, row)) for row in block.rows))
    if isinstance(block, Perspectives):
        sides = [
            replace(
                side, summary=None if side.summary is None else fix(side.summary), points=tuple(map(fix, side.points))
            )
            for side in (block.optimistic, block.sceptical)
        ]
        return Perspectives(*sides)
    if isinstance(block, Quote) and block.note is not None:
        cite = (Text(" "), *texts[block.note.number - 1])
        return replace(block, runs=tuple(merge_text([*fix(block.runs), *cite])), note=None)
    return block


def build_memo(
    topic: str,
    b: Briefing,
    sources: Mapping[str, Source],
    settings: Settings,
    titles: Mapping[str, str] | None = None,
    citation_style: CitationStyle | None = None,
) -> Memo:
    """The memo of one topic; ``titles`` gives the titles of the topics it names as related.

    Citations are worded by ``citation_style`` (by default the one the settings name, in the memo's language).
    """
    lang = b.lang or settings.lang
    style = citation_style or CitationStyle(style_path(settings.citation_style), lang)
    notes = _Notes(lang, in_text=not style.is_note_style)
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
    rendered = cite_cache.render(style, notes.clusters, sources)
    entries = tuple(_entry(e, sources[e.source_id], lang) for e in rendered.bibliography)
    sections.append(("sources", "Sources", (SourceList(entries),)))
    memo_notes = tuple(
        Note(i, runs, tuple(dict.fromkeys(item.key for item in cluster)))
        for i, (cluster, runs) in enumerate(zip(notes.clusters, rendered.citations, strict=True), 1)
    )
    if notes.in_text:
        sections = [(i, t, tuple(_in_text_block(b, rendered.citations) for b in blocks)) for i, t, blocks in sections]
    header = Header(
        title=smart(b.title),
        subtitle=smart(b.subtitle),
        as_of=b.as_of,
        status=b.status,
        classification=smart(b.classification or settings.classification),
        audience=smart(b.audience),
        author=smart(b.author or settings.author),
        lang=lang,
        approved_by=smart(b.approved_by) if b.status == "approved" else None,
        approved_on=b.approved_on if b.status == "approved" else None,
    )
    return Memo(
        topic=topic,
        header=header,
        sections=tuple(Section(i, t, blocks) for i, t, blocks in sections),
        notes=() if notes.in_text else memo_notes,
        cited=tuple(dict.fromkeys(sid for note in memo_notes for sid in note.source_ids)),
        keywords=(topic, *b.related),
        related=tuple(Related(t, smart((titles or {}).get(t, t))) for t in b.related),
    )
