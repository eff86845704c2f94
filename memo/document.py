"""The document model: what a memo says, in no particular format.

The builder produces it; each renderer consumes it. Nothing here knows about
HTML, PDF or Word, so the formats cannot drift apart: citations are numbered
once, here, and every renderer shows the same numbers.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Generic, TypeAlias, TypeVar

from memo.dates import format_date
from memo.record import Record


class Text(Record):
    text: str


# Emphasis, strong and links hold runs of the stage that made them: a parsed line's runs hold citations
# (``inline.Run``), the memo's hold numbered note marks (``Inline``). Generic, so each stage's type says which.
C = TypeVar("C")


class Emph(Record, Generic[C]):
    children: tuple[C, ...]


class Strong(Record, Generic[C]):
    children: tuple[C, ...]


class Link(Record, Generic[C]):
    href: str
    children: tuple[C, ...]


class NoteRef(Record):
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


class Paragraph(Record):
    runs: Runs
    role: str = "body"  # "body" or "bottom-line" (the boxed summary)


class BulletList(Record):
    items: tuple[Runs, ...]


class Table(Record):
    header: tuple[str, ...]
    rows: tuple[tuple[Runs, ...], ...]
    widths: tuple[int, ...] = ()  # relative column widths, a hint renderers may use


class Side(Record):
    label: str
    summary: Runs | None
    points: tuple[Runs, ...]


class Perspectives(Record):
    optimistic: Side
    sceptical: Side


class Quote(Record):
    runs: Runs
    speaker: str
    role: str | None
    note: NoteRef | None


class SourceList(Record):
    entries: tuple[SourceEntry, ...]


class SourceEntry(Record):
    source_id: str
    runs: Runs  # the formatted reference
    url: str | None
    label: str = ""  # the citation style's own number for the entry (IEEE's "[1]"); "" and the list numbers it


Block = Paragraph | BulletList | Table | Perspectives | Quote | SourceList


class Section(Record):
    id: str
    title: str
    blocks: tuple[Block, ...]


# The status marking, one phrase per status, printed the same in every format (approved: none).
STATUS_MARKS = {"draft": "DRAFT", "review": "DRAFT \u2014 FOR REVIEW", "approved": ""}


class Header(Record):
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


class Related(Record):
    """Another memo this one points to: its topic id (its file's name) and its title (the link's text)."""

    topic: str
    title: str


class Note(Record):
    number: int
    runs: Runs
    source_ids: tuple[str, ...]


class Provenance(Record):
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


class Memo(Record):
    topic: str
    header: Header
    sections: tuple[Section, ...]
    notes: tuple[Note, ...] = ()
    keywords: tuple[str, ...] = ()
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


class Cover(Record):
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


class Book(Record):
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
