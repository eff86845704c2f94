"""Renderers: each turns a Memo and a template set into the bytes of one format.

The registry names each renderer's module; a renderer is imported on first use, so a build that needs no
PDF never imports WeasyPrint, and `memo --help`, `list` and `validate` import none (start-up, issue 16).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Protocol

from memo.problems import UsageError

if TYPE_CHECKING:
    from memo.config import Settings
    from memo.document import Memo
    from memo.templates import TemplateSet

RENDERERS = {"pdf": "memo.render.pdf", "docx": "memo.render.docx", "html": "memo.render.html"}
# The formats whose renderer lays pages out and tells the preflight what it saw (memo.preflight.layout).
LAID_OUT = frozenset({"pdf"})


class Renderer(Protocol):
    def __call__(self, memo: Memo, templates: TemplateSet, settings: Settings) -> bytes: ...


def renderer(fmt: str) -> Renderer:
    return importlib.import_module(RENDERERS[fmt]).render


def parse_formats(text: str | None, settings: Settings) -> list[str]:
    """The formats a command names (comma-separated), or the settings' default; unknown ones are a usage error."""
    formats = [f.strip().lower() for f in text.split(",") if f.strip()] if text else list(settings.formats)
    unknown = [f for f in formats if f not in RENDERERS]
    if unknown or not formats:
        raise UsageError(f"unknown format '{','.join(unknown)}'; choose from {', '.join(RENDERERS)}")
    return list(dict.fromkeys(formats))
