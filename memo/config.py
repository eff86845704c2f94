"""Read the ``[tool.memo]`` table of the project's pyproject.toml into typed settings.

A small reader rather than a pydantic model: every command reads the settings
before anything else, and importing pydantic and building a model for ten keys
cost each of them about 0.1 s of start-up. The messages are pydantic's, word for
word (tests/test_config.py holds the old model as the reference), so an editor
sees what they saw before; a wrong value is still an error, never a default.
"""

from __future__ import annotations

import dataclasses
import math
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from memo.problems import MemoError, error

# A BCP 47 language tag as editors write them: en-GB, en-US, fr, ar, zh-Hans-CN.
LANG_PATTERN = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"
_LANG = re.compile(LANG_PATTERN)
# A whole number written as text, as pydantic's lax mode takes it: "90", "+5", "1_000", "90.0" (ASCII digits only).
_INT_TEXT = re.compile(r"[+-]?[0-9](?:_?[0-9])*(?:\.0*)?")

Paper = Literal["A4", "Letter"]
Format = Literal["pdf", "docx", "html"]
PdfVariant = Literal["pdf/ua-1", "pdf/a-3b"]


@dataclass(frozen=True)
class Settings:
    """Project settings; a wrong value is an error, never a silent fallback to a default."""

    classification: str = "UNCLASSIFIED"
    author: str = "Policy Analysis Unit"
    stale_days: int = 90
    paper: Paper = "A4"
    template: str = "memo"
    formats: tuple[Format, ...] = ("pdf", "docx", "html")
    output: str = "output"
    max_file_bytes: int = 256_000
    lang: str = "en-GB"
    pdf_variant: PdfVariant = "pdf/ua-1"
    # A bundled CSL style's name (memo.bundled_styles.BUNDLED) or a path to a .csl file, relative to pyproject.toml.
    # None: the template set's style (its set.toml), else memo.cite.DEFAULT_STYLE.
    citation_style: str | None = None

    def model_dump(self, mode: str = "json") -> dict[str, Any]:
        """Every setting by field name, as JSON values (the cache key hashes this; the name is pydantic's)."""
        data = dataclasses.asdict(self)
        data["formats"] = list(self.formats)
        return data

    def model_copy(self, update: dict[str, Any] | None = None) -> Settings:
        """A copy with some settings changed, unchecked (as pydantic's); tests render with other paper sizes."""
        return dataclasses.replace(self, **(update or {}))


Loc = tuple[str | int, ...]


class Invalid(ValueError):
    """Wrong values, each as (key path below the value checked, pydantic's message)."""

    def __init__(self, *errors: tuple[Loc, str]) -> None:
        super().__init__("; ".join(message for _, message in errors))
        self.errors = errors


def _wrong(message: str) -> Invalid:
    return Invalid(((), message))


def _text(min_length: int = 0, pattern: re.Pattern[str] | None = None) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if not isinstance(value, str):
            raise _wrong("Input should be a valid string")
        if len(value) < min_length:
            raise _wrong(f"String should have at least {min_length} character{'s' if min_length > 1 else ''}")
        if pattern is not None and not pattern.fullmatch(value):
            raise _wrong(f"String should match pattern '{pattern.pattern}'")
        return value

    return check


def _whole(ge: int) -> Callable[[Any], int]:
    def check(value: Any) -> int:
        if isinstance(value, bool):  # pydantic took `true` as 1; a yes/no is not a number of days
            raise _wrong("Input should be a valid integer")
        if isinstance(value, float):
            if not math.isfinite(value):
                raise _wrong("Input should be a finite number")
            if not value.is_integer():
                raise _wrong("Input should be a valid integer, got a number with a fractional part")
            value = int(value)
        elif isinstance(value, str):
            text = value.strip()
            if not _INT_TEXT.fullmatch(text):
                raise _wrong("Input should be a valid integer, unable to parse string as an integer")
            value = int(text.split(".")[0])
        elif not isinstance(value, int):
            raise _wrong("Input should be a valid integer")
        if value < ge:
            raise _wrong(f"Input should be greater than or equal to {ge}")
        return value

    return check


def _one_of(*choices: str) -> Callable[[Any], str]:
    expected = "Input should be " + (
        f"'{choices[0]}'" if len(choices) == 1 else ", ".join(f"'{c}'" for c in choices[:-1]) + f" or '{choices[-1]}'"
    )

    def check(value: Any) -> str:
        if not (isinstance(value, str) and value in choices):
            raise _wrong(expected)
        return value

    return check


def _list_of(item: Callable[[Any], Any]) -> Callable[[Any], tuple[Any, ...]]:
    def check(value: Any) -> tuple[Any, ...]:
        if not isinstance(value, list | tuple):
            raise _wrong("Input should be a valid list")
        out, wrong = [], []
        for i, v in enumerate(value):
            try:
                out.append(item(v))
            except Invalid as exc:
                wrong.extend(((i, *loc), message) for loc, message in exc.errors)
        if wrong:
            raise Invalid(*wrong)
        return tuple(out)

    return check


@dataclass(frozen=True)
class _Key:
    name: str  # the Settings field
    alias: str  # the key editors write in [tool.memo]
    check: Callable[[Any], Any] = field(repr=False)


_KEYS = (
    _Key("classification", "classification", _text(min_length=1)),
    _Key("author", "author", _text(min_length=1)),
    _Key("stale_days", "stale-days", _whole(ge=1)),
    _Key("paper", "paper", _one_of("A4", "Letter")),
    _Key("template", "template", _text()),
    _Key("formats", "formats", _list_of(_one_of("pdf", "docx", "html"))),
    _Key("output", "output", _text()),
    _Key("max_file_bytes", "max-file-bytes", _whole(ge=1_000)),
    _Key("lang", "lang", _text(pattern=_LANG)),
    _Key("pdf_variant", "pdf-variant", _one_of("pdf/ua-1", "pdf/a-3b")),
    _Key("citation_style", "citation-style", _text(min_length=1)),
)


def parse_settings(table: Any) -> Settings:
    """The settings of a ``[tool.memo]`` table, or every wrong value at once as one ``Invalid``."""
    if not isinstance(table, dict):
        raise _wrong("Input should be a valid dictionary or instance of Settings")
    values: dict[str, Any] = {}
    wrong: list[tuple[Loc, str]] = []
    used: set[str] = set()
    for key in _KEYS:
        # The editor's spelling (stale-days) first, then the field name (stale_days), as pydantic did.
        written = key.alias if key.alias in table else key.name if key.name in table else None
        if written is None:
            continue
        used.add(written)
        try:
            values[key.name] = key.check(table[written])
        except Invalid as exc:
            wrong.extend(((written, *loc), message) for loc, message in exc.errors)
    wrong.extend(((k,), "Extra inputs are not permitted") for k in table if k not in used)
    if wrong:
        raise Invalid(*wrong)
    return Settings(**values)


def read_settings(pyproject: Path) -> Settings:
    text = pyproject.read_text(encoding="utf-8")
    try:
        table = tomllib.loads(text).get("tool", {}).get("memo", {})
    except tomllib.TOMLDecodeError as exc:
        raise MemoError(
            [error(pyproject, getattr(exc, "lineno", 1) or 1, getattr(exc, "colno", 1) or 1, str(exc))]
        ) from None
    line = next((i + 1 for i, t in enumerate(text.splitlines()) if t.strip() == "[tool.memo]"), 1)
    try:
        settings = parse_settings(table)
    except Invalid as exc:
        raise MemoError(
            [error(pyproject, line, 1, f"[tool.memo] {'.'.join(map(str, loc))}: {msg}") for loc, msg in exc.errors]
        ) from None
    from memo.bundled_styles import BUNDLED

    style = settings.citation_style
    if style is not None and style not in BUNDLED:  # a path: made absolute here, so the builder needs no project root
        path = (pyproject.parent / settings.citation_style).resolve()
        if path.suffix != ".csl" or not path.is_file():
            message = f"[tool.memo] citation-style: '{settings.citation_style}' is neither a bundled style ({', '.join(BUNDLED)}) nor a .csl file"
            raise MemoError([error(pyproject, line, 1, message)])
        settings = settings.model_copy(update={"citation_style": str(path)})
    return settings


def has_memo_table(pyproject: Path) -> bool:
    try:
        return "memo" in tomllib.loads(pyproject.read_text(encoding="utf-8")).get("tool", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
