"""Typed models of a briefing and a source, as DESIGN.md names their keys.

The key names are part of the product: editors and their tools depend on them.
Unknown keys are refused (``extra="forbid"``) so a mistyped key never silently
drops content.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
    create_model,
)

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


Slug = Annotated[
    str, AfterValidator(_slug), WithJsonSchema({"type": "string", "pattern": SLUG.pattern.replace("\\Z", "$")})
]


NO_TIME = "expected a date such as 2025-04-27, without a time of day"


def _iso_date(value: Any) -> Any:
    if isinstance(value, datetime):
        raise Expected(NO_TIME)
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise Expected("expected a date such as 2025-04-27")


DATE_PATTERN = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
# The JSON Schema of a date as an editor's tools see it: YAML 1.2 (VS Code's) reads 2025-04-27 as text.
IsoDate = Annotated[
    date, BeforeValidator(_iso_date), WithJsonSchema({"type": "string", "format": "date", "pattern": DATE_PATTERN})
]


def _dated(value: Any) -> Any:
    """A day, a year-month or a year as an editor types them (a date, or the text), or None if it is none."""
    if isinstance(value, datetime):  # YAML reads 2025-04-27 10:00 as a date and time
        raise Expected(NO_TIME)
    if isinstance(value, date):
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
    return None


def _partial_date(value: Any) -> Any:
    """A day, a year-month, a year, or a word such as 'Ongoing' (developments are not always dated to the day)."""
    dated = _dated(value)
    if dated is not None:
        return dated
    if isinstance(value, str) and _WORDS.match(value.strip()) and not _YEAR_MONTH.match(value.strip()):
        return value.strip()
    raise Expected("expected a date (2025-04-27), a year-month (2025-04) or a word such as Ongoing")


PartialDate = Annotated[
    date | str,
    BeforeValidator(_partial_date),
    WithJsonSchema(
        {"anyOf": [{"type": "string", "minLength": 1}, {"type": "integer", "minimum": 1000, "maximum": 9999}]}
    ),
]


def _issued(value: Any) -> Any:
    """A source's date: a day, a year-month or a year; never a word (no source was published 'someday')."""
    if isinstance(value, str | int) and not isinstance(value, bool):
        text = str(value).strip()
        m = _YEAR_MONTH.match(text)
        if not ((m and 1 <= int(m.group(2)) <= 12) or _YEAR.match(text)):
            try:
                date.fromisoformat(text)
            except ValueError:
                raise Expected("expected a date (2025-04-27), a year-month (2025-04) or a year (2025)") from None
    return _partial_date(value)


IssuedDate = Annotated[
    date | str,
    BeforeValidator(_issued),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"},
                {"type": "integer", "minimum": 1000, "maximum": 9999},
            ]
        }
    ),
]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=False, str_strip_whitespace=True)


class Perspective(Strict):
    summary: Text | None = Field(None, description="the reading in one sentence")
    points: list[Text] = Field(
        min_length=1, max_length=MAX_ITEMS, description="at least one; every point should cite a source"
    )


class Perspectives(Strict):
    optimistic: Perspective = Field(description="the hopeful reading")
    sceptical: Perspective = Field(description="the doubtful reading")


class Development(Strict):
    date: PartialDate = Field(description="`2025-04-27`, `2025-04`, or a word such as `Ongoing`")
    title: Text = Field(description="what happened")
    detail: Text | None = Field(None, description="one sentence, cited")


class Quote(Strict):
    text: Text = Field(description="the exact words, as published")
    speaker: Text = Field(description="who said them")
    role: Text | None = Field(None, description="the speaker's title")
    source: Slug = Field(description="a source id")


class Briefing(Strict):
    """A briefing: briefings/<topic>.yaml. Each key's description is the README's editor guide (a test keeps
    them equal), and the JSON Schema an editor's tools read (`memo schema`)."""

    # An editor's tools ask for the clearance as soon as the status says approved; `memo validate` checks the rest.
    model_config = ConfigDict(
        json_schema_extra={
            "if": {"properties": {"status": {"const": "approved"}}, "required": ["status"]},
            "then": {"required": ["approved_by", "approved_on"]},
        }
    )

    title: Line = Field(description="the question or subject, as the memo's title")
    subtitle: Line | None = Field(None, description="one line of context")
    as_of: IsoDate = Field(description="date the content is current to (`2025-04-27`)")
    status: Literal["draft", "review", "approved"] = Field(
        description='`draft`, `review` or `approved`; draft prints "DRAFT", review "DRAFT — FOR REVIEW", '
        "approved a clearance line instead (it needs `approved_by` and `approved_on`, and a briefing with no "
        "warning, no `TODO` and no uncited point)"
    )
    approved_by: Line | None = Field(
        None, description="who cleared the memo (`Jane Doe, Head of Unit`); required when `status: approved`"
    )
    approved_on: IsoDate | None = Field(
        None,
        description="the day it was cleared (`2025-04-28`), no earlier than `as_of`; required when `status: approved`",
    )
    classification: Line | None = Field(None, description="banner text; default from `[tool.memo]`")
    audience: Line | None = Field(None, description="the memo's FOR line")
    author: Line | None = Field(None, description="the memo's FROM line; default from `[tool.memo]`")
    summary: Paragraphs = Field(description="the bottom line up front, one paragraph")
    key_points: list[Text] = Field([], max_length=MAX_ITEMS, description="short bullets")
    background: Paragraphs | None = Field(None, description="paragraphs")
    developments: list[Development] = Field(
        [],
        max_length=MAX_ROWS,
        description="list of `date` (`2025-04-27`, `2025-04`, or a word such as `Ongoing`), `title`, `detail`",
    )
    perspectives: Perspectives = Field(
        description="`optimistic` and `sceptical`, each with an optional `summary` and at least one of `points`; "
        "every point should cite a source"
    )
    quotes: list[Quote] = Field(
        [], max_length=MAX_ITEMS, description="list of `text` (verbatim), `speaker`, `role`, `source` (a source id)"
    )
    outlook: Paragraphs | None = Field(None, description="paragraphs")
    indicators: list[Text] = Field([], max_length=MAX_ITEMS, description="what to watch, as bullets")
    recommendations: list[Text] = Field([], max_length=MAX_ITEMS, description="bullets")
    related: list[Slug] = Field(
        [], max_length=MAX_ITEMS, description="ids of other topics; printed as links by their titles"
    )
    lang: Annotated[str, StringConstraints(pattern=LANG_PATTERN)] | None = Field(
        None, description="the memo's language, if not the project's (`en-US`, `fr`...)"
    )


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

    model_config = ConfigDict(json_schema_extra={"anyOf": [{"required": ["family"]}, {"required": ["literal"]}]})

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
    if isinstance(value, dict):
        return value
    dated = _dated(value)
    if dated is not None:
        return dated
    raise Expected("expected a date (2025-04-27), a year-month (2025-04), a year, or CSL date-parts, raw or literal")


_CSL_DATE_SCHEMA = {
    "anyOf": [
        {"type": "string", "pattern": "^[0-9]{4}(-(0[1-9]|1[0-2])(-[0-9]{2})?)?$"},
        {"type": "integer", "minimum": 1000, "maximum": 9999},
        {
            "type": "object",
            "properties": {
                "date-parts": {"type": "array", "minItems": 1, "maxItems": 2, "items": {"type": "array"}},
                "season": {},
                "circa": {},
                "literal": {"type": "string"},
                "raw": {"type": "string"},
            },
            "additionalProperties": False,
            "anyOf": [{"required": ["date-parts"]}, {"required": ["raw"]}, {"required": ["literal"]}],
        },
    ]
}
SourceDate = Annotated[date | str | CslDate, BeforeValidator(_csl_date), WithJsonSchema(_CSL_DATE_SCHEMA)]
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


# What a source's keys mean, in the words of README's editor guide ("Source keys"); the JSON Schema carries them
# to editors' tools, and tests/test_schema.py holds the README and these to each other.
DESCRIBED = {
    "id": "equals the file name",
    "type": "a CSL type: `article-newspaper`, `article`, `article-journal`, `post-weblog`, `report`, `webpage`, ...",
    "title": "the headline the source shows",
    "genre": "what the source is, when it shows no headline (`Commentary on the ceasefire`): printed as a description, "
    "never in quotation marks as if it were a title",
    "title-short": "the short title later notes use; without it the style decides",
    "container-title": "the outlet, journal or site",
    "author": "list of `{family: Doe, given: Jane}` (also `dropping-particle`, `non-dropping-particle`, `suffix`) or "
    "`{literal: Reuters}`; every CSL name role is a key",
    "issued": "date of publication: `2025-04-27`, `2025-04`, `2025`, or CSL `{date-parts: [[2025, 4, 27]]}`, "
    "`{raw: ...}`, `{literal: ...}`; `accessed` and the other CSL dates likewise",
    "URL": "where it is; both become links in every format",
    "assessment": "printed: one line for the reader after the source's entry in the source list, at most 40 words "
    '(more is an error), e.g. "Pro-Moscow commentary; gives no source for its figures"',
    "notes": "never printed: the editor's working notes on the source (why the type, what the page did not show, "
    "where the date comes from)",
}


class _SourceBase(Strict):
    """What every source has, and our two keys; the other CSL variables are added below."""

    id: Slug = Field(description=DESCRIBED["id"])
    type: Literal[CSL_TYPES] = Field(description=DESCRIBED["type"])  # type: ignore[valid-type]
    title: Text | None = Field(None, description=DESCRIBED["title"])
    author: list[Name] = Field([], max_length=MAX_ITEMS, description=DESCRIBED["author"])
    issued: SourceDate | None = Field(None, description=DESCRIBED["issued"])
    url: (
        Annotated[str, AfterValidator(_url), WithJsonSchema({"type": "string", "pattern": "^https?://[^\\s/]+"})] | None
    ) = Field(None, alias="URL", description=DESCRIBED["URL"])
    accessed: SourceDate | None = None
    assessment: Annotated[Text, AfterValidator(_assessment)] | None = Field(None, description=DESCRIBED["assessment"])
    notes: Text | None = Field(None, description=DESCRIBED["notes"])

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
    return Text | None, Field(None, alias=name, description=DESCRIBED.get(name))


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
