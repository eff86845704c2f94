"""Settings from [tool.memo]: the small reader answers exactly as the pydantic model it replaced.

The reference model below is the one memo used until start-up time made it too dear
(issue 16): every table here must give the same settings, or the same messages at
the same keys, from both.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any, Literal

import pytest
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from memo import config
from memo.config import LANG_PATTERN, Invalid, parse_settings, read_settings
from memo.problems import MemoError


class Settings(BaseModel):  # the reference, named as it was: its messages name it
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    classification: str = Field("UNCLASSIFIED", min_length=1)
    author: str = Field("Policy Analysis Unit", min_length=1)
    stale_days: int = Field(90, alias="stale-days", ge=1)
    paper: Literal["A4", "Letter"] = "A4"
    template: str = "memo"
    formats: list[Literal["pdf", "docx", "html"]] = ["pdf", "docx", "html"]
    output: str = "output"
    max_file_bytes: int = Field(256_000, alias="max-file-bytes", ge=1_000)
    lang: str = Field("en-GB", pattern=LANG_PATTERN)
    pdf_variant: Literal["pdf/ua-1", "pdf/a-3b"] = Field("pdf/ua-1", alias="pdf-variant")
    citation_style: str | None = Field(None, alias="citation-style", min_length=1)  # None: the template set's


TABLES: list[Any] = [
    {},
    {"classification": "SECRET", "author": "Unit", "stale-days": 30, "paper": "Letter", "template": "house"},
    {"formats": ["pdf"], "output": "out", "max-file-bytes": 5000, "lang": "fr", "pdf-variant": "pdf/a-3b"},
    {"stale_days": 5, "max_file_bytes": 5000, "pdf_variant": "pdf/a-3b"},
    {"stale-days": "90"},
    {"stale-days": " 7 "},
    {"stale-days": "+5"},
    {"stale-days": "1_000"},
    {"stale-days": "9.0"},
    {"stale-days": 90.0},
    {"stale-days": 90.5},
    {"stale-days": "x"},
    {"stale-days": "9.5"},
    {"stale-days": "1e3"},
    {"stale-days": "0x10"},
    {"stale-days": ""},
    {"stale-days": "\u0663"},
    {"stale-days": "-0"},
    {"stale-days": 0},
    {"stale-days": -3},
    {"stale-days": float("nan")},
    {"stale-days": float("inf")},
    {"stale-days": datetime.date(2020, 1, 1)},
    {"stale-days": [1]},
    {"stale-days": "90."},
    {"stale-days": "1" * 5000},
    {"stale-days": "0" * 5000 + "90"},
    {"stale-days": 1e19},
    {"stale-days": 9.2e18},
    {"stale_days": 0},
    {"max-file-bytes": 999},
    {"paper": "A5"},
    {"paper": "a4"},
    {"paper": 1},
    {"paper": None},
    {"formats": "pdf"},
    {"formats": {"a": 1}},
    {"formats": []},
    {"formats": ["pdf", "pdf"]},
    {"formats": ["pdf", "odt", 3]},
    {"formats": [["pdf"]]},
    {"lang": "EN"},
    {"lang": "en-gb-"},
    {"lang": "en\n"},
    {"lang": 3},
    {"lang": "zh-Hans-CN"},
    {"pdf-variant": "x"},
    {"pdf-variant": None},
    {"classification": ""},
    {"classification": 5},
    {"classification": "  x "},
    {"author": ""},
    {"template": True},
    {"output": ["a"]},
    {"foo": 1},
    {"foo": 1, "paper": "B"},
    {"formats": "pdf", "foo": 2, "paper": 3, "stale-days": "x"},
    {"stale_days": 3, "stale-days": 4},
    {"sheet-size": "A4", "stale_days": "y"},
    5,
    [],
    "A4",
]


def reference(table: Any) -> config.Settings | list[tuple[str, str]]:
    try:
        return config.Settings(**{k: tuple(v) if k == "formats" else v for k, v in Settings.model_validate(table)})
    except ValidationError as exc:
        return [(".".join(map(str, e["loc"])), e["msg"]) for e in exc.errors()]


def ours(table: Any) -> config.Settings | list[tuple[str, str]]:
    try:
        return parse_settings(table)
    except Invalid as exc:
        return [(".".join(map(str, loc)), message) for loc, message in exc.errors]


@pytest.mark.parametrize("table", TABLES, ids=repr)
def test_the_reader_answers_as_the_pydantic_model_did(table: Any) -> None:
    assert ours(table) == reference(table)


def test_a_yes_no_is_not_a_number_of_days() -> None:
    """The one deliberate difference: pydantic took `stale-days = true` as 1 day (and false as 0)."""
    assert ours({"stale-days": True}) == [("stale-days", "Input should be a valid integer")]
    assert ours({"stale-days": False}) == [("stale-days", "Input should be a valid integer")]


def test_the_cache_key_sees_the_same_settings_as_before() -> None:
    table = {"stale-days": 30, "formats": ["html"], "pdf-variant": "pdf/a-3b"}
    assert parse_settings(table).model_dump(mode="json") == Settings.model_validate(table).model_dump(mode="json")


def test_settings_are_frozen() -> None:
    with pytest.raises(AttributeError):
        config.Settings().paper = "Letter"  # type: ignore[misc]


def test_every_wrong_value_is_a_line_of_pyproject(tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text("[project]\nname = 'x'\n\n[tool.memo]\npaper = 'A5'\nformats = ['pdf', 'odt']\ncolour = 1\n")
    with pytest.raises(MemoError) as caught:
        read_settings(pyproject)
    assert [str(p).split(": ", 1)[1] for p in caught.value.problems] == [
        "error: [tool.memo] paper: Input should be 'A4' or 'Letter'",
        "error: [tool.memo] formats.1: Input should be 'pdf', 'docx' or 'html'",
        "error: [tool.memo] colour: Extra inputs are not permitted",
    ]
    assert {p.line for p in caught.value.problems} == {4}
