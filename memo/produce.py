"""Render one topic to bytes, in memory: the part of a build that `memo build` and `memo serve` share.

Nothing here writes a file, records the cache or touches worker state; `memo.pipeline` does that for a
build. One format's failure is reported and does not stop the others.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import AbstractContextManager, nullcontext
from typing import TYPE_CHECKING

from memo.problems import MemoError, Problem, error
from memo.project import Loaded, related_titles
from memo.provenance import Origin, stamp
from memo.render import LAID_OUT, renderer
from memo.templates import TemplateSet

if TYPE_CHECKING:
    from memo.document import Memo
    from memo.preflight.findings import Finding


class Output:
    """One format's bytes, and what the renderer's preflight saw while laying it out (not yet placed at a file).

    This and Rendered are plain classes: cheaper to define than dataclasses, on every build's path."""

    __slots__ = ("data", "findings")

    def __init__(self, data: bytes, findings: list[Finding] | None = None) -> None:
        self.data = data
        self.findings = [] if findings is None else findings

    def __repr__(self) -> str:
        return f"Output(<{len(self.data)} bytes>, findings={self.findings!r})"


class Rendered:
    __slots__ = ("memo", "outputs", "problems", "topic")

    def __init__(
        self,
        topic: str,
        memo: Memo | None = None,
        outputs: dict[str, Output] | None = None,
        problems: list[Problem] | None = None,
    ) -> None:
        self.topic = topic
        self.memo = memo
        self.outputs = {} if outputs is None else outputs
        self.problems = [] if problems is None else problems  # failures, at the briefing

    def __repr__(self) -> str:
        return f"Rendered({self.topic!r}, outputs={sorted(self.outputs)!r}, problems={self.problems!r})"


def memo_of(loaded: Loaded, topic: str, origin: Origin | None = None, templates: TemplateSet | None = None) -> Memo:
    """The document model of a topic whose briefing and cited sources have loaded; with an ``origin`` (a
    build's), it carries its provenance, which every file it renders embeds. With ``templates``, the set's
    own settings (its citation style) apply where [tool.memo] names none."""
    from memo.build import build_memo

    briefing, _ = loaded.briefings[topic]
    sources = {sid: src for sid, (src, _) in loaded.sources.items()}
    settings = templates.settings_for(loaded.project.settings) if templates else loaded.project.settings
    memo = build_memo(topic, briefing, sources, settings, related_titles(loaded, topic))
    return stamp(memo, loaded, origin) if origin is not None else memo


def render_topic(
    loaded: Loaded,
    topic: str,
    formats: Iterable[str],
    templates: TemplateSet,
    origin: Origin | None = None,
    memo: Memo | None = None,
) -> Rendered:
    """Each format's bytes of one topic; a bug in one topic or renderer is a problem line, never a raise.

    ``memo``: the topic's Memo, built already (`memo serve` keeps one per save and renders it on request).
    """
    result = Rendered(topic, memo)
    try:
        result.memo = result.memo or memo_of(loaded, topic, origin, templates)
    except Exception as exc:  # one topic's bug must not stop the others
        result.problems.append(failure(loaded, topic, "memo", f"{type(exc).__name__}: {exc}"))
        return result
    settings = templates.settings_for(loaded.project.settings)
    for fmt in formats:
        try:
            with _listening(fmt) as findings:  # what the renderer's preflight saw while laying the file out
                data = renderer(fmt)(result.memo, templates, settings)
        except MemoError as exc:
            result.problems.append(failure(loaded, topic, fmt, exc.text))
        except Exception as exc:  # a renderer bug must not stop the other formats
            result.problems.append(failure(loaded, topic, fmt, f"{type(exc).__name__}: {exc}"))
        else:
            result.outputs[fmt] = Output(data, list(findings))
    return result


def _listening(fmt: str) -> AbstractContextManager[list[Finding]]:
    """Where the preflight's findings go while ``fmt`` renders: only a laid-out format has any, so only its
    build imports the listener (memo.preflight.layout, which brings logging: 5 ms)."""
    if fmt not in LAID_OUT:
        return nullcontext([])
    from memo.preflight.layout import collecting

    return collecting()


def failure(loaded: Loaded, topic: str, fmt: str, message: str) -> Problem:
    first = message.strip().splitlines()[0] if message.strip() else "failed"
    return error(loaded.project.briefing_path(topic), 1, 1, f"{fmt} not built: {first}")
