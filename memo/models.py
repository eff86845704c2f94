"""Typed models of a briefing and a source, as DESIGN.md names their keys.

The key names are part of the product: editors and their tools depend on them.
Unknown keys are refused (``extra="forbid"``) so a mistyped key never silently
drops content.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, WithJsonSchema

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

    title: Line = Field(description="the question or subject, as the memo's title")
    subtitle: Line | None = Field(None, description="one line of context")
    as_of: IsoDate = Field(description="date the content is current to (`2025-04-27`)")
    status: Literal["draft", "review", "approved"] = Field(
        description='`draft`, `review` or `approved`; draft prints "DRAFT", review "DRAFT — FOR REVIEW"'
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

    model_config = ConfigDict(json_schema_extra={"anyOf": [{"required": ["family"]}, {"required": ["literal"]}]})

    family: Text | None = Field(None, description="family name")
    given: Text | None = Field(None, description="given names")
    literal: Text | None = Field(None, description="a name as it stands, such as an organisation")

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

    id: Slug = Field(description="equals the file name")
    type: Literal[CSL_TYPES] = Field(  # type: ignore[valid-type]
        description="a CSL type: `article-newspaper`, `article`, `post-weblog`, `report`, ..."
    )
    title: Text = Field(description="the source's headline")
    container_title: Text | None = Field(None, alias="container-title", description="the outlet")
    author: list[Name] = Field(
        [], max_length=MAX_ITEMS, description="list of `{family: Doe, given: Jane}` or `{literal: Reuters}`"
    )
    issued: IssuedDate | None = Field(None, description="date of publication (`2025-04-27` or `2025-04`)")
    url: (
        Annotated[str, AfterValidator(_url), WithJsonSchema({"type": "string", "pattern": "^https?://[^\\s/]+"})] | None
    ) = Field(None, alias="URL", description="where it was read")
    accessed: IsoDate | None = Field(None, description="when it was read")
    assessment: Text | None = Field(None, description="the editor's judgement of the source")


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
