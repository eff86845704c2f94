"""Turn the memos of a book's topics into a Book: a cover, the memos as chapters, one merged source list.

Pure: no I/O. Each memo is built as for its own file (memo/build.py), so a chapter reads exactly as the
memo does; the book drops each memo's own source list for one list of every source, each once, and ends
each note with the number of its sources' entries there, a link into it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from memo.bidi import plain_text
from memo.config import BookSpec
from memo.document import (
    STATUS_ORDER,
    Book,
    Cover,
    Inline,
    Link,
    Memo,
    Note,
    SourceEntry,
    SourceList,
    Text,
    merge_text,
)
from memo.record import replace

ALL = "all"  # `memo book --all`: every topic, in the order `memo list` shows them


def all_topics_spec(topics: Sequence[str]) -> BookSpec:
    """The book of every topic, for ``memo book --all``."""
    return BookSpec(title="Briefing book", topics=tuple(topics), subtitle="All current memos")


def assemble_book(
    name: str, spec: BookSpec, memos: Sequence[Memo], classifications: Sequence[str]
) -> tuple[Book, list[str]]:
    """The book of ``memos`` (in the spec's order), and warnings about it (a marking the settings do not rank)."""
    sources = merged_sources(memos)
    numbers = {entry.source_id: i for i, entry in enumerate(sources, 1)}
    chapters = tuple(_chapter(memo, numbers) for memo in memos)
    classification, warnings = most_restrictive([m.header.classification for m in memos], classifications)
    cover = Cover(
        title=spec.title,
        subtitle=spec.subtitle,
        as_of=max(m.header.as_of for m in memos),
        classification=classification,
        status=least_advanced([m.header.status for m in memos]),
        edition=spec.edition or fingerprint(memos),
        audience=spec.audience,
        lang=memos[0].header.lang,
    )
    return Book(name, cover, chapters, sources, keywords=tuple(m.topic for m in memos)), warnings


def least_advanced(statuses: Sequence[str]) -> str:
    return min(statuses, key=STATUS_ORDER.index)


def most_restrictive(markings: Sequence[str], order: Sequence[str]) -> tuple[str, list[str]]:
    """The most restrictive marking by ``order`` (least to most restrictive), and warnings.

    Markings compare without case and outer spaces. One the list does not rank counts as more restrictive
    than every one it does, so a book is never marked below a memo inside it; several such markings are
    all printed, joined by " / ", since memo cannot tell which is higher. Either way a warning says so.
    """
    rank = {m.strip().casefold(): i for i, m in enumerate(order)}
    distinct: dict[str, str] = {}
    for marking in markings:
        distinct.setdefault(marking.strip().casefold(), marking.strip())
    unknown = [shown for key, shown in distinct.items() if key not in rank]
    if len(distinct) == 1:
        return next(iter(distinct.values())), []
    if not unknown:
        return max(distinct.values(), key=lambda m: rank[m.casefold()]), []
    marking = " / ".join(unknown)
    warnings = [
        f"classification '{m}' is not in [tool.memo] classifications, so it counts as the most restrictive: "
        f"the book is marked '{marking}'"
        for m in unknown
    ]
    return marking, warnings


def merged_sources(memos: Sequence[Memo]) -> tuple[SourceEntry, ...]:
    """Every source the memos list, once (the first memo's wording of it), sorted as a bibliography is: by its text."""
    found: dict[str, SourceEntry] = {}
    for memo in memos:
        for section in memo.sections:
            for block in section.blocks:
                if isinstance(block, SourceList):
                    for entry in block.entries:
                        found.setdefault(entry.source_id, entry)
    return tuple(sorted(found.values(), key=lambda e: (plain_text(e.runs).casefold(), e.source_id)))


def fingerprint(memos: Sequence[Memo]) -> str:
    """Eight hex digits that change when any chapter's content does: two copies with one edition read the same."""
    return hashlib.sha256(repr(tuple(memos)).encode("utf-8")).hexdigest()[:8]


def _chapter(memo: Memo, numbers: dict[str, int]) -> Memo:
    """The memo without its own source list, each note ending with links to its sources in the book's list."""
    sections = tuple(s for s in memo.sections if s.id != "sources")
    notes = tuple(_pointing(note, numbers) for note in memo.notes)
    return replace(memo, sections=sections, notes=notes)


def _pointing(note: Note, numbers: dict[str, int]) -> Note:
    ids = [sid for sid in note.source_ids if sid in numbers]
    if not ids:
        return note
    runs: list[Inline] = [*note.runs, Text(" [")]
    for i, sid in enumerate(ids):
        runs += [Text(", ")] if i else []
        runs.append(Link(f"#source-{sid}", (Text(str(numbers[sid])),)))
    runs.append(Text("]"))
    return replace(note, runs=tuple(merge_text(runs)))
