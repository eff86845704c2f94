"""Read the ``[tool.memo]`` table of the project's pyproject.toml into typed settings."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from memo.problems import MemoError, error

# A BCP 47 language tag as editors write them: en-GB, en-US, fr, ar, zh-Hans-CN.
LANG_PATTERN = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"


class Settings(BaseModel):
    """Project settings; a wrong value is an error, never a silent fallback to a default."""

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
    # A bundled CSL style's name (memo.cite.BUNDLED) or a path to a .csl file, relative to pyproject.toml.
    citation_style: str = Field("chicago-note-bibliography", alias="citation-style", min_length=1)


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
        settings = Settings.model_validate(table)
    except ValidationError as exc:
        raise MemoError(
            [error(pyproject, line, 1, f"[tool.memo] {'.'.join(map(str, e['loc']))}: {e['msg']}") for e in exc.errors()]
        ) from None
    from memo.cite import BUNDLED

    if settings.citation_style not in BUNDLED:  # a path: made absolute here, so the builder needs no project root
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
