"""The document model: what a memo says, in no particular format.

The builder produces it; each renderer consumes it. Nothing here knows about
HTML, PDF or Word, so the formats cannot drift apart: citations are numbered
once, here, and every renderer shows the same numbers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Generic, TypeAlias, TypeVar

from memo.dates import format_date


@dataclass(frozen=True)
class Text:
    text: str


# Emphasis, strong and links hold runs of the stage that made them: a parsed line's runs hold citations
# (``inline.Run``), the memo's hold numbered note marks (``Inline``). Generic, so each stage's type says which.
C = TypeVar("C")


@dataclass(frozen=True)
class Emph(Generic[C]):
    children: tuple[C, ...]


@dataclass(frozen=True)
class Strong(Generic[C]):
    children: tuple[C, ...]


@dataclass(frozen=True)
class Link(Generic[C]):
    href: str
    children: tuple[C, ...]


@dataclass(frozen=True)
class NoteRef:
    """A footnote mark; ``number`` indexes ``Memo.notes`` (1-based)."""

    number: int


Inline: TypeAlias = Text | Emph["Inline"] | Strong["Inline"] | Link["Inline"] | NoteRef
Runs: TypeAlias = tuple[Inline, ...]
R = TypeVar("R")


def plain_text(runs: Runs) -> str:
    """The words a reader sees in runs, without note marks: for an index or a manifest."""
    return "".join(
        run.text if isinstance(run, Text) else plain_text(run.children) if isinstance(run, Emph | Strong | Link) else ""
        for run in runs
    )


def merge_text(runs: Iterable[R]) -> list[R]:
    """Join neighbouring Text runs, so renderers and tests see one run per span of plain text."""
    out: list[R] = []
    for run in runs:
        if isinstance(run, Text) and out and isinstance(out[-1], Text):
            out[-1] = Text(out[-1].text + run.text)  # type: ignore[assignment]
        else:
            out.append(run)
    return out


@dataclass(frozen=True)
class Paragraph:
    runs: Runs
    role: str = "body"  # "body" or "bottom-line" (the boxed summary)


@dataclass(frozen=True)
class BulletList:
    items: tuple[Runs, ...]


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[Runs, ...], ...]
    widths: tuple[int, ...] = ()  # relative column widths, a hint renderers may use


@dataclass(frozen=True)
class Side:
    label: str
    summary: Runs | None
    points: tuple[Runs, ...]


@dataclass(frozen=True)
class Perspectives:
    optimistic: Side
    sceptical: Side


@dataclass(frozen=True)
class Quote:
    runs: Runs
    speaker: str
    role: str | None
    note: NoteRef | None


@dataclass(frozen=True)
class SourceList:
    entries: tuple[SourceEntry, ...]


@dataclass(frozen=True)
class SourceEntry:
    source_id: str
    runs: Runs  # the formatted reference
    url: str | None
    label: str = ""  # the citation style's own number for the entry (IEEE's "[1]"); "" and the list numbers it


Block = Paragraph | BulletList | Table | Perspectives | Quote | SourceList


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    blocks: tuple[Block, ...]


# The status marking, one phrase per status, printed the same in every format (approved: none).
STATUS_MARKS = {"draft": "DRAFT", "review": "DRAFT \u2014 FOR REVIEW", "approved": ""}


@dataclass(frozen=True)
class Header:
    title: str
    subtitle: str | None
    as_of: date
    status: str
    classification: str
    audience: str | None
    author: str
    lang: str = "en-GB"
    approved_by: str | None = None  # set (with approved_on) only when status is approved: validation sees to it
    approved_on: date | None = None

    @property
    def status_mark(self) -> str:
        """ "DRAFT", "DRAFT — FOR REVIEW", or "" for an approved memo."""
        return STATUS_MARKS[self.status]

    @property
    def clearance(self) -> str:
        """ "Approved by Jane Doe on 28 April 2025" for an approved memo (its date as the memo writes dates), else ""."""
        if self.status != "approved" or not self.approved_by or self.approved_on is None:
            return ""
        return f"Approved by {self.approved_by} on {format_date(self.approved_on)}"


@dataclass(frozen=True)
class Related:
    """Another memo this one points to: its topic id (its file's name) and its title (the link's text)."""

    topic: str
    title: str


@dataclass(frozen=True)
class Note:
    number: int
    runs: Runs
    source_ids: tuple[str, ...]


@dataclass(frozen=True)
class Provenance:
    """What a memo was built from, by hash: a reader holding an old copy can tell it is stale.

    The build fills it in from the files it loaded (renderers never read files); the YAML itself rides
    along so an archival PDF can carry its own data.
    """

    briefing_sha256: str
    sources_sha256: tuple[tuple[str, str], ...]  # (source id, sha256), in order of first citation
    templates_sha256: str
    memo_version: str
    git_commit: str | None = None  # None outside a git repository
    git_clean: bool | None = None
    files: tuple[tuple[str, bytes], ...] = ()  # (path in the project, bytes): the briefing, then its sources


@dataclass(frozen=True)
class Memo:
    topic: str
    header: Header
    sections: tuple[Section, ...]
    notes: tuple[Note, ...] = ()
    keywords: tuple[str, ...] = field(default=())
    related: tuple[Related, ...] = ()
    cited: tuple[str, ...] = ()  # source ids in order of first citation (an author-date memo has no notes)
    provenance: Provenance | None = None  # set by the build; None for a memo made without its files

    @property
    def is_draft(self) -> bool:
        return self.header.status != "approved"

    @property
    def cited_sources(self) -> tuple[str, ...]:
        if self.cited:
            return self.cited
        seen: dict[str, None] = {}
        for note in self.notes:
            seen.update(dict.fromkeys(note.source_ids))
        return tuple(seen)


# --- briefing books ------------------------------------------------------------------------------------

# The least advanced status first: a book is as far along as its least advanced memo.
STATUS_ORDER = ("draft", "review", "approved")


def anchor(topic: str, name: str) -> str:
    """A memo's id ``name`` (a section, a note) inside a book, where several memos share one file.

    Topic ids are lower-case letters, digits and hyphens, so a ``.`` cannot occur in one and two
    topics' anchors never meet.
    """
    return f"{topic}.{name}"


@dataclass(frozen=True)
class Cover:
    """What a book's cover and every page's furniture say: derived from its memos, never typed twice."""

    title: str
    subtitle: str | None
    as_of: date  # the latest as_of of its memos
    classification: str  # the most restrictive of its memos'
    status: str  # the least advanced of its memos'
    edition: str
    audience: str | None
    lang: str = "en-GB"

    @property
    def status_mark(self) -> str:
        return STATUS_MARKS[self.status]


@dataclass(frozen=True)
class Book:
    """Memos as chapters, in order, with one merged source list.

    Each memo keeps its own notes (numbered from 1 per chapter) and its ids, prefixed by its topic
    (`anchor`); its own source list is left out for ``sources``, where each source stands once and each
    note points to its entry (``#source-<id>``).
    """

    name: str
    cover: Cover
    memos: tuple[Memo, ...]
    sources: tuple[SourceEntry, ...]
    keywords: tuple[str, ...] = ()

    @property
    def is_draft(self) -> bool:
        return self.cover.status != "approved"

    @property
    def topics(self) -> tuple[str, ...]:
        return tuple(m.topic for m in self.memos)

    def href(self, topic: str, ext: str) -> str:
        """Where a link to a related memo goes: its chapter, when it is one of this book's, else its own file."""
        return f"#{topic}" if topic in self.topics else f"{topic}.{ext}"
