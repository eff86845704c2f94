"""Build topics into output files: load, build the Memo, render each format, write atomically.

One failing topic or format does not stop the others; each failure is one
problem line. Renderers are imported on first use, so a build that needs no
PDF never imports WeasyPrint.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from memo.build import build_memo
from memo.config import Settings
from memo.document import Memo
from memo.output import write_atomic
from memo.problems import MemoError, Problem, UsageError, error
from memo.project import Loaded, Project
from memo.templates import TemplateSet

RENDERERS = {"pdf": "memo.render.pdf", "docx": "memo.render.docx", "html": "memo.render.html"}


class Renderer(Protocol):
    def __call__(self, memo: Memo, templates: TemplateSet, settings: Settings) -> bytes: ...


def renderer(fmt: str) -> Renderer:
    return importlib.import_module(RENDERERS[fmt]).render  # type: ignore[no-any-return]


def parse_formats(text: str | None, settings: Settings) -> list[str]:
    formats = [f.strip().lower() for f in text.split(",") if f.strip()] if text else list(settings.formats)
    unknown = [f for f in formats if f not in RENDERERS]
    if unknown or not formats:
        raise UsageError(f"unknown format '{','.join(unknown)}'; choose from {', '.join(RENDERERS)}")
    return list(dict.fromkeys(formats))


@dataclass
class TopicResult:
    topic: str
    files: dict[str, Path] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def build_topic(
    loaded: Loaded,
    topic: str,
    formats: list[str],
    templates: TemplateSet,
    out: Path,
    on_file: Callable[[Path, bytes], None] | None = None,
) -> TopicResult:
    project = loaded.project
    result = TopicResult(topic)
    briefing, _ = loaded.briefings[topic]
    sources = {sid: src for sid, (src, _) in loaded.sources.items()}
    memo = build_memo(topic, briefing, sources, project.settings)
    for fmt in formats:
        path = out / f"{topic}.{fmt}"
        try:
            data = renderer(fmt)(memo, templates, project.settings)
            write_atomic(path, data)
        except MemoError as exc:
            result.problems.append(_failure(project, topic, fmt, exc.text))
            continue
        except OSError as exc:
            result.problems.append(_failure(project, topic, fmt, f"cannot write {path}: {exc.strerror or exc}"))
            continue
        except Exception as exc:  # a renderer bug must not stop the other topics
            result.problems.append(_failure(project, topic, fmt, f"{type(exc).__name__}: {exc}"))
            continue
        result.files[fmt] = path
        if on_file:
            on_file(path, data)
    return result


def _failure(project: Project, topic: str, fmt: str, message: str) -> Problem:
    first = message.strip().splitlines()[0] if message.strip() else "failed"
    return error(project.briefing_path(topic), 1, 1, f"{fmt} not built: {first}")


def build_all(
    project: Project,
    topics: list[str],
    formats: list[str],
    templates: TemplateSet,
    out: Path,
    progress: Callable[[TopicResult], None] | None = None,
) -> tuple[list[Problem], list[TopicResult]]:
    """Build the chosen topics; a topic whose briefing has errors is reported and skipped."""
    from memo.project import load_project

    loaded = load_project(project)
    problems = list(loaded.problems)
    broken = {Path(p.file) for p in problems if p.is_error}
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise MemoError(f"{out}: cannot create the output folder: {exc.strerror or exc}") from None
    results = []
    for topic in topics:
        path = project.briefing_path(topic)
        if topic not in loaded.briefings or path in broken:
            result = TopicResult(topic, problems=[error(path, 1, 1, "not built: the briefing has errors (above)")])
        else:
            result = build_topic(loaded, topic, formats, templates, out)
        results.append(result)
        if progress:
            progress(result)
    return problems, results
