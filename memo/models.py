"""Typed models of a briefing and a source, as DESIGN.md names their keys.

The key names are part of the product: editors and their tools depend on them.
Unknown keys are refused (``extra="forbid"``) so a mistyped key never silently
drops content.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

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


IsoDate = Annotated[date, BeforeValidator(_iso_date)]


def _partial_date(value: Any) -> Any:
    """A day, a year-month, a year, or a word such as 'Ongoing' (developments are not always dated to the day)."""
    if isinstance(value, datetime):
        raise Expected(NO_TIME)
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


IssuedDate = Annotated[date | str, BeforeValidator(_issued)]


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


CSL_TYPES = (
    "article",
    "article-journal",
    "article-magazine",
    "article-newspaper",
    "book",
    "broadcast",
    "chapter",
    "dataset",
    "document",
    "entry-encyclopedia",
    "interview",
    "legislation",
    "legal_case",
    "manuscript",
    "motion_picture",
    "paper-conference",
    "personal_communication",
    "post",
    "post-weblog",
    "report",
    "speech",
    "treaty",
    "webpage",
)


class Name(Strict):
    """A CSL name: family and given, or a literal such as an organisation."""

    family: Text | None = None
    given: Text | None = None
    literal: Text | None = None

    def model_post_init(self, _: Any) -> None:
        if not (self.family or self.literal):
            raise ValueError("a name needs 'family' (with optional 'given') or 'literal'")

    def display(self) -> str:
        if self.literal:
            return self.literal
        return " ".join(p for p in (self.given, self.family) if p)


def _url(value: str) -> str:
    if not re.match(r"^https?://[^\s/]+", value):
        raise Expected("expected an http(s) address")
    return value


class Source(Strict):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=False)

    id: Slug
    type: Literal[CSL_TYPES]  # type: ignore[valid-type]
    title: Text
    container_title: Text | None = Field(None, alias="container-title")
    author: list[Name] = Field([], max_length=MAX_ITEMS)
    issued: IssuedDate | None = None
    url: Annotated[str, AfterValidator(_url)] | None = Field(None, alias="URL")
    accessed: IsoDate | None = None
    assessment: Text | None = None


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
