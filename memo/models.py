"""Typed models of a briefing and a source, as DESIGN.md names their keys.

The key names are part of the product: editors and their tools depend on them.
Unknown keys are refused (``extra="forbid"``) so a mistyped key never silently
drops content.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, create_model

from memo.config import LANG_PATTERN
from memo.ids import SLUG  # here too: the models check ids with it

# ASCII digits only: \d also takes Arabic-Indic or full-width digits, which no date format expects.
_YEAR_MONTH = re.compile(r"^([0-9]{4})-([0-9]{2})\Z")
_YEAR = re.compile(r"^[0-9]{4}\Z")
_WORDS = re.compile(r"^[^\W\d_][\w .,'\u2019/-]*$")

# Bounds that keep any one memo renderable in seconds; README ("Untrusted input") states them.
MAX_TEXT = 10_000  # characters in one field
MAX_LINE = 300  # characters in a heading field (title, banner, FOR, FROM), which a PDF repeats on every page
MAX_ITEMS = 60  # bullets, points or quotes in one list
MAX_ROWS = 200  # rows of the developments table
MAX_CITATIONS = 100  # citations in one briefing: each is a footnote, the slowest thing a PDF lays out
MAX_SPANS = 2_000  # emphasis, strong and links in one briefing: 48,000 of them took a PDF 30 s
MAX_PARAGRAPHS = 100  # in one summary, background or outlook: 10,000 one-line paragraphs took a PDF 8 s


class Expected(ValueError):
    """A value of the wrong kind: the message says what was expected; validate adds what was found."""


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_TEXT)]
Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_LINE)]


def _paragraphs(value: str) -> str:
    count = sum(1 for p in re.split(r"\n\s*\n", value) if p.strip())  # as inline.paragraphs splits them
    if count > MAX_PARAGRAPHS:
        raise ValueError(f"has {count:,} paragraphs; the limit is {MAX_PARAGRAPHS} (split the topic)")
    return value


Paragraphs = Annotated[Text, AfterValidator(_paragraphs)]  # text a blank line splits into paragraphs


def _slug(value: str) -> str:
    if not SLUG.match(value):
        raise ValueError(f"'{value}' is not an id: use lower-case letters, digits and single hyphens")
    return value


Slug = Annotated[str, AfterValidator(_slug)]


def _iso_date(value: Any) -> Any:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise Expected("expected a date such as 2025-04-27")


IsoDate = Annotated[date, BeforeValidator(_iso_date)]


def _partial_date(value: Any) -> Any:
    """A day, a year-month, a year, or a word such as 'Ongoing' (developments are not always dated to the day)."""
    if isinstance(value, date):
        return value
    if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
        return str(value)
    if isinstance(value, str):
        text = value.strip()
        m = _YEAR_MONTH.match(text)
        if m and 1 <= int(m.group(2)) <= 12:
            return text
        if _YEAR.match(text):
            return text
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
        if _WORDS.match(text) and not m:
            return text
    raise Expected("expected a date (2025-04-27), a year-month (2025-04) or a word such as Ongoing")


PartialDate = Annotated[date | str, BeforeValidator(_partial_date)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=False, str_strip_whitespace=True)


class Perspective(Strict):
    summary: Text | None = None
    points: list[Text] = Field(min_length=1, max_length=MAX_ITEMS)


class Perspectives(Strict):
    optimistic: Perspective
    sceptical: Perspective


class Development(Strict):
    date: PartialDate
    title: Text
    detail: Text | None = None


class Quote(Strict):
    text: Text
    speaker: Text
    role: Text | None = None
    source: Slug


class Briefing(Strict):
    title: Line
    subtitle: Line | None = None
    as_of: IsoDate
    status: Literal["draft", "review", "approved"]
    classification: Line | None = None
    audience: Line | None = None
    author: Line | None = None
    summary: Paragraphs
    key_points: list[Text] = Field([], max_length=MAX_ITEMS)
    background: Paragraphs | None = None
    developments: list[Development] = Field([], max_length=MAX_ROWS)
    perspectives: Perspectives
    quotes: list[Quote] = Field([], max_length=MAX_ITEMS)
    outlook: Paragraphs | None = None
    indicators: list[Text] = Field([], max_length=MAX_ITEMS)
    recommendations: list[Text] = Field([], max_length=MAX_ITEMS)
    related: list[Slug] = Field([], max_length=MAX_ITEMS)
    lang: Annotated[str, StringConstraints(pattern=LANG_PATTERN)] | None = None


# Every item type of CSL 1.0.2, the citation format pandoc and Zotero use.
CSL_TYPES = (
    "article", "article-journal", "article-magazine", "article-newspaper", "bill", "book", "broadcast",
    "chapter", "classic", "collection", "dataset", "document", "entry", "entry-dictionary",
    "entry-encyclopedia", "event", "figure", "graphic", "hearing", "interview", "legal_case", "legislation",
    "manuscript", "map", "motion_picture", "musical_score", "pamphlet", "paper-conference", "patent",
    "performance", "periodical", "personal_communication", "post", "post-weblog", "regulation", "report",
    "review", "review-book", "software", "song", "speech", "standard", "thesis", "treaty", "webpage",
)  # fmt: skip

# The CSL 1.0.2 variables a register entry may carry, each with its CSL meaning. Left out: what a processor
# generates (citation-number, locator, year-suffix...), and `note`, which styles print and Zotero fills
# with working notes: an import moves it into our own `notes`, which is never printed.
CSL_TEXT = (
    "abstract", "annotation", "archive", "archive_collection", "archive_location", "archive-place",
    "authority", "call-number", "chapter-number", "collection-number", "collection-title",
    "container-title", "container-title-short", "dimensions", "division", "DOI", "edition", "event",
    "event-title", "event-place", "genre", "ISBN", "ISSN", "issue", "jurisdiction", "keyword", "language",
    "license", "medium", "number", "number-of-pages", "number-of-volumes", "original-publisher",
    "original-publisher-place", "original-title", "page", "page-first", "part-number", "part-title",
    "PMCID", "PMID", "printing-number", "publisher", "publisher-place", "references", "reviewed-genre",
    "reviewed-title", "scale", "section", "source", "status", "supplement-number", "title-short",
    "version", "volume", "volume-title", "volume-title-short",
)  # fmt: skip
CSL_NAMES = (
    "author", "chair", "collection-editor", "compiler", "composer", "container-author", "contributor",
    "curator", "director", "editor", "editorial-director", "executive-producer", "guest", "host",
    "interviewer", "illustrator", "narrator", "organizer", "original-author", "performer", "producer",
    "recipient", "reviewed-author", "script-writer", "series-creator", "translator",
)  # fmt: skip
CSL_DATES = ("accessed", "available-date", "event-date", "issued", "original-date", "submitted")
MAX_ASSESSMENT_WORDS = 40


class Name(Strict):
    """A CSL name: family and given (with particles and suffix), or a literal such as an organisation."""

    family: Text | None = None
    given: Text | None = None
    dropping_particle: Text | None = Field(None, alias="dropping-particle")
    non_dropping_particle: Text | None = Field(None, alias="non-dropping-particle")
    suffix: Text | None = None
    comma_suffix: bool | None = Field(None, alias="comma-suffix")
    static_ordering: bool | None = Field(None, alias="static-ordering")
    parse_names: bool | None = Field(None, alias="parse-names")
    literal: Text | None = None

    def model_post_init(self, _: Any) -> None:
        if not (self.family or self.literal):
            raise ValueError("a name needs 'family' (with optional 'given') or 'literal'")

    def display(self) -> str:
        if self.literal:
            return self.literal
        return " ".join(p for p in (self.given, self.family) if p)


class CslDate(Strict):
    """A date as CSL writes it: date-parts (one date, or two for a range), or raw or literal text."""

    date_parts: list[Annotated[list[int], Field(min_length=1, max_length=3)]] | None = Field(
        None, alias="date-parts", min_length=1, max_length=2
    )
    season: int | str | None = None
    circa: bool | int | str | None = None
    literal: Line | None = None
    raw: Line | None = None

    def model_post_init(self, _: Any) -> None:
        if not (self.date_parts or self.literal or self.raw):
            raise ValueError("a CSL date needs 'date-parts', 'raw' or 'literal'")


def _csl_date(value: Any) -> Any:
    """A day, a year-month or a year as an editor types them; a CSL date mapping as Zotero exports it."""
    if isinstance(value, date | dict):
        return value
    if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
        return str(value)
    if isinstance(value, str):
        text = value.strip()
        m = _YEAR_MONTH.match(text)
        if (m and 1 <= int(m.group(2)) <= 12) or _YEAR.match(text):
            return text
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    raise Expected("expected a date (2025-04-27), a year-month (2025-04), a year, or CSL date-parts, raw or literal")


SourceDate = Annotated[date | str | CslDate, BeforeValidator(_csl_date)]
Number = Annotated[str, BeforeValidator(lambda v: str(v) if isinstance(v, int) and not isinstance(v, bool) else v)]


def _url(value: str) -> str:
    if not re.match(r"^https?://[^\s/]+", value):
        raise Expected("expected an http(s) address")
    return value


def _assessment(value: str) -> str:
    words = len(value.split())
    if words > MAX_ASSESSMENT_WORDS:
        raise ValueError(
            f"is {words} words; the limit is {MAX_ASSESSMENT_WORDS}: one line for the reader "
            "(working notes go in 'notes', which is never printed)"
        )
    return value


class _SourceBase(Strict):
    """What every source has, and our two keys; the other CSL variables are added below."""

    id: Slug
    type: Literal[CSL_TYPES]  # type: ignore[valid-type]
    title: Text | None = None
    author: list[Name] = Field([], max_length=MAX_ITEMS)
    issued: SourceDate | None = None
    url: Annotated[str, AfterValidator(_url)] | None = Field(None, alias="URL")
    accessed: SourceDate | None = None
    assessment: Annotated[Text, AfterValidator(_assessment)] | None = None
    notes: Text | None = None

    def model_post_init(self, _: Any) -> None:
        if not (self.title or getattr(self, "genre", None)):
            raise ValueError(
                "a source needs 'title' (the headline it shows) or, if it shows none, "
                "'genre' (what it is, such as 'Commentary on the ceasefire')"
            )

    def csl(self) -> dict[str, Any]:
        """The CSL-JSON item of this source: its CSL variables only (never `assessment` or `notes`)."""
        data = self.model_dump(by_alias=True, exclude_none=True, exclude={"assessment", "notes"}, mode="json")
        return {k: v for k, v in data.items() if v != []}


def _field(name: str) -> tuple[Any, Any]:
    if name in CSL_NAMES:
        return list[Name], Field([], alias=name, max_length=MAX_ITEMS)
    if name in CSL_DATES:
        return SourceDate | None, Field(None, alias=name)
    if name in ("volume", "issue", "page", "page-first", "edition", "number", "number-of-pages", "number-of-volumes",
                "chapter-number", "collection-number", "part-number", "printing-number", "supplement-number", "section"):  # fmt: skip
        return Number | None, Field(None, alias=name)
    return Text | None, Field(None, alias=name)


_DECLARED = {"author", "issued", "accessed", "URL", "title"}
Source = create_model(  # type: ignore[call-overload]
    "Source",
    __base__=_SourceBase,
    __module__=__name__,
    **{
        name.replace("-", "_").lower(): _field(name)
        for name in (*CSL_TEXT, *CSL_NAMES, *CSL_DATES)
        if name not in _DECLARED
    },
)
Source.__doc__ = "One entry of the source register: CSL variables with their CSL meaning, and our assessment and notes."


def known_keys(model: type[BaseModel], loc: tuple[str | int, ...]) -> list[str]:
    """The key names allowed at a location, for did-you-mean suggestions."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", {})
        info = next((f for name, f in fields.items() if (f.alias or name) == part), None)
        if info is None:
            return []
        current = _model_in(info.annotation)
    return [f.alias or n for n, f in getattr(current, "model_fields", {}).items()]


def _model_in(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    return None
