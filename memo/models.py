"""Typed models of a briefing and a source, as DESIGN.md names their keys, each with its field table.

The key names are part of the product: editors and their tools depend on them.
Unknown keys are refused so a mistyped key never silently drops content.

Plain frozen classes, not pydantic models: building pydantic's validators for
these (a source has about 90 keys) cost every command 0.15 s of start-up. One
table per model (``FIELDS``: key, rule, default) drives the check (memo.rules),
the did-you-mean (``rules.known_keys``) and the key order of `memo fmt`. The pydantic
models in memo.schema_models remain the specification `memo schema` publishes;
tests/test_models_parity.py holds the two to the same answers.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Literal

from memo import rules as r
from memo.config import LANG_PATTERN
from memo.ids import SLUG  # here too: the models check ids with it
from memo.rules import Field, Model, as_json, slots_of

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


def _paragraphs(value: str) -> str:
    count = sum(1 for p in re.split(r"\n\s*\n", value) if p.strip())  # as inline.paragraphs splits them
    if count > MAX_PARAGRAPHS:
        raise ValueError(f"has {count:,} paragraphs; the limit is {MAX_PARAGRAPHS} (split the topic)")
    return value


def _slug(value: str) -> str:
    if not SLUG.match(value):
        raise ValueError(f"'{value}' is not an id: use lower-case letters, digits and single hyphens")
    return value


NO_TIME = "expected a date such as 2025-04-27, without a time of day"
DATE_PATTERN = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


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


def _csl_date(value: Any) -> Any:
    """A day, a year-month or a year as an editor types them; a CSL date mapping as Zotero exports it."""
    if isinstance(value, dict):
        return value
    dated = _dated(value)
    if dated is not None:
        return dated
    raise Expected("expected a date (2025-04-27), a year-month (2025-04), a year, or CSL date-parts, raw or literal")


def _number(value: Any) -> Any:
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


def _url(value: str) -> str:
    if not re.match(r"^https?://[^\s/]+", value):
        raise Expected("expected an http(s) address")
    return value


MAX_ASSESSMENT_WORDS = 40


def _assessment(value: str) -> str:
    words = len(value.split())
    if words > MAX_ASSESSMENT_WORDS:
        raise ValueError(
            f"is {words} words; the limit is {MAX_ASSESSMENT_WORDS}: one line for the reader "
            "(working notes go in 'notes', which is never printed)"
        )
    return value


TEXT = r.Rule(r.text(1, MAX_TEXT))
LINE = r.Rule(r.text(1, MAX_LINE))
TEXTS = r.Rule(r.items(TEXT.check, max_length=MAX_ITEMS))
PARAGRAPHS = r.Rule(r.after(TEXT.check, _paragraphs))
SLUG_TEXT = r.Rule(r.after(r.text(), _slug))
ISO_DATE = r.Rule(r.before(_iso_date, r.is_date))
# A union's members are named as pydantic named them ('date', 'constrained-str', 'CslDate'): the names stand in
# error locations, where memo.validate looks for the file's own keys, and an editor may write a key so named.
PARTIAL_DATE = r.Rule(
    r.before(
        _partial_date, r.union(("date", r.is_date, r.exactly(date)), ("constrained-str", r.text(), r.exactly(str)))
    )
)


def _optional(rule: r.Rule) -> r.Rule:
    return r.Rule(r.optional(rule.check), rule.model)


def _nested(model: Any) -> r.Rule:
    return r.Rule(r.nested(model), model)


def _list(rule: r.Rule, min_length: int = 0, max_length: int | None = None) -> r.Rule:
    return r.Rule(r.items(rule.check, min_length, max_length), rule.model)


class Perspective(Model):
    FIELDS = (Field("summary", _optional(TEXT), None), Field("points", _list(TEXT, 1, MAX_ITEMS)))
    __slots__ = slots_of(FIELDS)
    summary: str | None
    points: list[str]


class Perspectives(Model):
    FIELDS = (Field("optimistic", _nested(Perspective)), Field("sceptical", _nested(Perspective)))
    __slots__ = slots_of(FIELDS)
    optimistic: Perspective
    sceptical: Perspective


class Development(Model):
    FIELDS = (Field("date", PARTIAL_DATE), Field("title", TEXT), Field("detail", _optional(TEXT), None))
    __slots__ = slots_of(FIELDS)
    date: date | str
    title: str
    detail: str | None


class Quote(Model):
    FIELDS = (
        Field("text", TEXT),
        Field("speaker", TEXT),
        Field("role", _optional(TEXT), None),
        Field("source", SLUG_TEXT),
    )
    __slots__ = slots_of(FIELDS)
    text: str
    speaker: str
    role: str | None
    source: str


Status = Literal["draft", "review", "approved"]


class Briefing(Model):
    """A briefing: briefings/<topic>.yaml (keys and their meaning: memo.schema_models.Briefing)."""

    FIELDS = (
        Field("title", LINE),
        Field("subtitle", _optional(LINE), None),
        Field("as_of", ISO_DATE),
        Field("status", r.Rule(r.one_of(("draft", "review", "approved")))),
        Field("approved_by", _optional(LINE), None),
        Field("approved_on", _optional(ISO_DATE), None),
        Field("classification", _optional(LINE), None),
        Field("audience", _optional(LINE), None),
        Field("author", _optional(LINE), None),
        Field("summary", PARAGRAPHS),
        Field("key_points", TEXTS, []),
        Field("background", _optional(PARAGRAPHS), None),
        Field("developments", _list(_nested(Development), max_length=MAX_ROWS), []),
        Field("perspectives", _nested(Perspectives)),
        Field("quotes", _list(_nested(Quote), max_length=MAX_ITEMS), []),
        Field("outlook", _optional(PARAGRAPHS), None),
        Field("indicators", TEXTS, []),
        Field("recommendations", TEXTS, []),
        Field("related", _list(SLUG_TEXT, max_length=MAX_ITEMS), []),
        Field("lang", _optional(r.Rule(r.text(pattern=LANG_PATTERN))), None),
    )
    __slots__ = slots_of(FIELDS)
    title: str
    subtitle: str | None
    as_of: date
    status: Status
    approved_by: str | None
    approved_on: date | None
    classification: str | None
    audience: str | None
    author: str | None
    summary: str
    key_points: list[str]
    background: str | None
    developments: list[Development]
    perspectives: Perspectives
    quotes: list[Quote]
    outlook: str | None
    indicators: list[str]
    recommendations: list[str]
    related: list[str]
    lang: str | None


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
# CSL numbers: a whole number in the file becomes its text ("12"), as CSL prints it.
NUMBERS = (
    "volume", "issue", "page", "page-first", "edition", "number", "number-of-pages", "number-of-volumes",
    "chapter-number", "collection-number", "part-number", "printing-number", "supplement-number", "section",
)  # fmt: skip
_DECLARED = {"author", "issued", "accessed", "URL", "title"}  # the CSL variables Source names itself

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


class Name(Model):
    """A CSL name: family and given (with particles and suffix), or a literal such as an organisation."""

    _YES_NO = _optional(r.Rule(r.yes_no))
    FIELDS = (
        Field("family", _optional(TEXT), None),
        Field("given", _optional(TEXT), None),
        Field("dropping_particle", _optional(TEXT), None, "dropping-particle"),
        Field("non_dropping_particle", _optional(TEXT), None, "non-dropping-particle"),
        Field("suffix", _optional(TEXT), None),
        Field("comma_suffix", _YES_NO, None, "comma-suffix"),
        Field("static_ordering", _YES_NO, None, "static-ordering"),
        Field("parse_names", _YES_NO, None, "parse-names"),
        Field("literal", _optional(TEXT), None),
    )
    __slots__ = slots_of(FIELDS)
    family: str | None
    given: str | None
    dropping_particle: str | None
    non_dropping_particle: str | None
    suffix: str | None
    comma_suffix: bool | None
    static_ordering: bool | None
    parse_names: bool | None
    literal: str | None

    def invalid(self) -> str | None:
        if not (self.family or self.literal):
            return "a name needs 'family' (with optional 'given') or 'literal'"
        return None

    def display(self) -> str:
        if self.literal:
            return self.literal
        return " ".join(p for p in (self.given, self.family) if p)


class CslDate(Model):
    """A date as CSL writes it: date-parts (one date, or two for a range), or raw or literal text."""

    _STR = ("constrained-str", r.text(), r.exactly(str))
    FIELDS = (
        Field("date_parts", _optional(r.Rule(r.items(r.items(r.whole, 1, 3), 1, 2))), None, "date-parts"),
        Field("season", _optional(r.Rule(r.union(("int", r.whole, r.exactly(int)), _STR))), None),
        Field(
            "circa",
            _optional(r.Rule(r.union(("bool", r.yes_no, r.exactly(bool)), ("int", r.whole, r.exactly(int)), _STR))),
            None,
        ),
        Field("literal", _optional(LINE), None),
        Field("raw", _optional(LINE), None),
    )
    __slots__ = slots_of(FIELDS)
    date_parts: list[list[int]] | None
    season: int | str | None
    circa: bool | int | str | None
    literal: str | None
    raw: str | None

    def invalid(self) -> str | None:
        if not (self.date_parts or self.literal or self.raw):
            return "a CSL date needs 'date-parts', 'raw' or 'literal'"
        return None


SOURCE_DATE = r.Rule(
    r.optional(
        r.before(
            _csl_date,
            r.union(
                ("date", r.is_date, r.exactly(date)),
                ("constrained-str", r.text(), r.exactly(str)),
                ("CslDate", r.nested(CslDate), r.exactly(dict)),
            ),
        )
    ),
    CslDate,
)
NAMES = _list(_nested(Name), max_length=MAX_ITEMS)


def _csl_field(key: str) -> Field:
    name = key.replace("-", "_").lower()
    if key in CSL_NAMES:
        return Field(name, NAMES, [], key)
    if key in CSL_DATES:
        return Field(name, SOURCE_DATE, None, key)
    if key in NUMBERS:
        return Field(name, _optional(r.Rule(r.before(_number, r.text()))), None, key)
    return Field(name, _optional(TEXT), None, key)


class Source(Model):
    """One entry of the source register: CSL variables with their CSL meaning, and our assessment and notes."""

    FIELDS = (
        Field("id", SLUG_TEXT),
        Field("type", r.Rule(r.one_of(CSL_TYPES))),
        Field("title", _optional(TEXT), None),
        Field("author", NAMES, []),
        Field("issued", SOURCE_DATE, None),
        Field("url", _optional(r.Rule(r.after(r.text(), _url))), None, "URL"),
        Field("accessed", SOURCE_DATE, None),
        Field("assessment", _optional(r.Rule(r.after(TEXT.check, _assessment))), None),
        Field("notes", _optional(TEXT), None),
        *(_csl_field(key) for key in (*CSL_TEXT, *CSL_NAMES, *CSL_DATES) if key not in _DECLARED),
    )
    __slots__ = slots_of(FIELDS)
    id: str
    type: str
    title: str | None
    author: list[Name]
    issued: date | str | CslDate | None
    url: str | None
    accessed: date | str | CslDate | None
    assessment: str | None
    notes: str | None
    genre: str | None

    if TYPE_CHECKING:  # the other CSL variables, by their names in FIELDS

        def __getattr__(self, name: str) -> Any: ...

    def invalid(self) -> str | None:
        if not (self.title or self.genre):
            return (
                "a source needs 'title' (the headline it shows) or, if it shows none, "
                "'genre' (what it is, such as 'Commentary on the ceasefire')"
            )
        return None

    def csl(self) -> dict[str, Any]:
        """The CSL-JSON item of this source: its CSL variables only (never `assessment` or `notes`)."""
        data = {f.key: as_json(getattr(self, f.name)) for f in self.FIELDS if f.name not in ("assessment", "notes")}
        return {k: v for k, v in data.items() if v is not None and v != []}
