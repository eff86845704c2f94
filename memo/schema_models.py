"""The pydantic models of a briefing and a source: the specification `memo schema` turns into JSON Schemas.

Only `memo schema` and the tests import this module: every other command checks files with memo.models'
field tables (memo.rules), which tests/test_models_parity.py holds to these models message for message.
The key names are part of the product: editors and their tools depend on them. Unknown keys are refused
(``extra="forbid"``) so a mistyped key never silently drops content.
"""

from __future__ import annotations

from datetime import date
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
from memo.ids import SLUG
from memo.models import (  # the rules both validators share
    _DECLARED,
    CSL_DATES,
    CSL_NAMES,
    CSL_TEXT,
    CSL_TYPES,
    DATE_PATTERN,
    DESCRIBED,
    MAX_ITEMS,
    MAX_LINE,
    MAX_ROWS,
    MAX_TEXT,
    NUMBERS,
    _assessment,
    _csl_date,
    _iso_date,
    _issued,
    _paragraphs,
    _partial_date,
    _slug,
    _url,
)

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_TEXT)]
Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_LINE)]


Paragraphs = Annotated[Text, AfterValidator(_paragraphs)]  # text a blank line splits into paragraphs


Slug = Annotated[
    str, AfterValidator(_slug), WithJsonSchema({"type": "string", "pattern": SLUG.pattern.replace("\\Z", "$")})
]


# The JSON Schema of a date as an editor's tools see it: YAML 1.2 (VS Code's) reads 2025-04-27 as text.
IsoDate = Annotated[
    date, BeforeValidator(_iso_date), WithJsonSchema({"type": "string", "format": "date", "pattern": DATE_PATTERN})
]


PartialDate = Annotated[
    date | str,
    BeforeValidator(_partial_date),
    WithJsonSchema(
        {"anyOf": [{"type": "string", "minLength": 1}, {"type": "integer", "minimum": 1000, "maximum": 9999}]}
    ),
]


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
    if name in NUMBERS:
        return Number | None, Field(None, alias=name)
    return Text | None, Field(None, alias=name, description=DESCRIBED.get(name))


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
