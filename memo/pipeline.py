"""Build topics into output files: plan what changed, render it (in-process or on workers), record it.

One failing topic or format does not stop the others; each failure is one
problem line. Renderers are imported on first use, so a build that needs no
PDF never imports WeasyPrint, and a build with nothing to do imports none; the
builder and its models once the files are read, and multiprocessing only for
more than one worker (start-up, issue 16).
"""

from __future__ import annotations

import fcntl
import gc
import importlib
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from memo.cache import Cache, inputs_digest, topic_key
from memo.config import Settings
from memo.output import sha256, write_atomic, write_json
from memo.preflight.layout import collecting
from memo.problems import MemoError, Problem, Severity, UsageError, error
from memo.project import Loaded, Project, load_project, related_titles
from memo.templates import TemplateSet

if TYPE_CHECKING:
    from memo.document import Memo

RENDERERS = {"pdf": "memo.render.pdf", "docx": "memo.render.docx", "html": "memo.render.html"}
MANIFEST = "manifest.json"


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


@dataclass(frozen=True)
class Job:
    topic: str
    formats: tuple[str, ...]
    key: str


@dataclass
class TopicResult:
    topic: str
    files: dict[str, tuple[str, int, str]] = field(default_factory=dict)  # format -> (name, size, sha256)
    problems: list[Problem] = field(default_factory=list)
    up_to_date: bool = False

    @property
    def ok(self) -> bool:
        """Built: no errors. Warnings (such as the preflight's, on a written file) do not fail a topic."""
        return not any(p.is_error for p in self.problems)


@dataclass
class BuildReport:
    problems: list[Problem]
    results: list[TopicResult]
    notes: list[str] = field(default_factory=list)  # about the machine, not the content
    unrecorded: Problem | None = None  # the build record or manifest could not be written

    @property
    def ok(self) -> bool:
        """Exit 0 only when every topic built, no file has errors, and the manifest is written."""
        return not self.failed and self.unrecorded is None and not any(p.is_error for p in self.problems)

    @property
    def built(self) -> list[TopicResult]:
        return [r for r in self.results if r.files]

    @property
    def failed(self) -> list[TopicResult]:
        return [r for r in self.results if not r.ok]

    @property
    def up_to_date(self) -> list[TopicResult]:
        return [r for r in self.results if r.up_to_date]

    @property
    def file_count(self) -> int:
        return sum(len(r.files) for r in self.results)


class Progress(Protocol):
    def start(self, total: int) -> None: ...
    def advance(self, result: TopicResult) -> None: ...


@dataclass(frozen=True)
class Request:
    topics: list[str]
    formats: list[str]
    templates: TemplateSet
    out: Path
    jobs: int = 1
    force: bool = False


def build_all(project: Project, request: Request, progress: Progress | None = None) -> BuildReport:
    """Build the chosen topics; a topic whose briefing has errors is reported and skipped."""
    out = request.out
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise MemoError(f"{out}: cannot create the output folder: {exc.strerror or exc}") from None
    with _locked(out):
        cache = Cache.load(out)
        digest = request.templates.digest()
        settings = project.settings.model_dump(mode="json")
        files = [*map(project.briefing_path, project.topic_ids()), *project.seeds_dir.glob("*.yaml")]
        request_line = ",".join(sorted(request.formats)) + ":" + ",".join(sorted(request.topics))
        inputs = inputs_digest(files, digest + request_line, settings, project.settings.max_file_bytes)
        warm = _warm_up(request.formats) if request.force or inputs != cache.inputs else None
        everything = set(request.topics) == set(project.topic_ids())
        loaded = load_project(project, None if everything else request.topics)  # a few topics: read just those
        problems = list(loaded.problems)
        broken = {Path(p.file) for p in problems if p.is_error}
        results: list[TopicResult] = []
        jobs: list[Job] = []
        for topic in request.topics:
            path = project.briefing_path(topic)
            if topic not in loaded.briefings or path in broken:
                results.append(TopicResult(topic, problems=[error(path, 1, 1, "not built: the briefing has errors")]))
                continue
            if unread := _unread_sources(loaded, topic):  # their errors are reported at their own files, once
                message = f"not built: the source {unread} it cites has errors in its own file"
                results.append(TopicResult(topic, problems=[error(path, 1, 1, message)]))
                continue
            key = _key(loaded, topic, digest)
            todo = tuple(f for f in request.formats if request.force or not cache.fresh(topic, f, key, out))
            if todo:
                jobs.append(Job(topic, todo, key))
            else:
                results.append(TopicResult(topic, up_to_date=True))
        if warm is not None:
            warm.join()  # before any fork, and so the first topic does not pay for the import
        for result in _run(loaded, jobs, request, progress):
            job = next(j for j in jobs if j.topic == result.topic)
            for fmt, (name, size, digest_) in result.files.items():
                cache.record_hash(job.topic, fmt, name, size, digest_, job.key)
            results.append(result)
        _update_info(cache, loaded)
        cache.forget_except(set(project.topic_ids()))
        cache.inputs = inputs if all(r.ok for r in results) else ""
        try:
            cache.save()
            write_json(out / MANIFEST, manifest(cache))
        except OSError as exc:  # a full disk or a vanished folder: keep the per-topic lines, say this too
            where = Path(exc.filename or out)
            unrecorded = error(where, 1, 1, f"build record and manifest not written: {exc.strerror or exc}")
        else:
            unrecorded = None
    results.sort(key=lambda r: r.topic)
    notes = _machine_notes() if any("pdf" in j.formats for j in jobs) else []
    return BuildReport(problems, results, notes, unrecorded)


def _machine_notes() -> list[str]:
    with suppress(Exception):  # no WeasyPrint at all is already a per-topic failure
        return list(importlib.import_module(RENDERERS["pdf"]).missing_speedups())
    return []


def _warm_up(formats: list[str]) -> threading.Thread | None:
    """Import WeasyPrint on a thread while YAML is read: most of a one-memo PDF build is that import."""
    if "pdf" not in formats:
        return None

    def load() -> None:
        with suppress(Exception):  # a failure is reported where the PDF is rendered
            importlib.import_module(RENDERERS["pdf"]).warm_up()

    thread = threading.Thread(target=load, name="memo-warm-up", daemon=True)
    thread.start()
    return thread


def _unread_sources(loaded: Loaded, topic: str) -> str:
    from memo.checks import citations_of

    return ", ".join(f"'{sid}'" for sid in citations_of(loaded.briefings[topic][0]) if sid not in loaded.sources)


def _key(loaded: Loaded, topic: str, templates_digest: str) -> str:
    from memo.checks import citations_of

    briefing, doc = loaded.briefings[topic]
    sources = {}
    for sid in citations_of(briefing):
        _, sdoc = loaded.sources[sid]
        sources[sid] = sdoc.text.encode("utf-8")
    settings = loaded.project.settings.model_dump(mode="json")
    settings["related-titles"] = related_titles(loaded, topic)  # a related memo's new title changes the link text
    return topic_key(doc.text.encode("utf-8"), sources, templates_digest, settings)


def _update_info(cache: Cache, loaded: Loaded) -> None:
    from memo.checks import citations_of

    for topic, (b, _) in loaded.briefings.items():
        if topic in cache.files:
            cache.info[topic] = {
                "title": b.title,
                "status": b.status,
                "as_of": b.as_of.isoformat(),
                "classification": b.classification or loaded.project.settings.classification,
                "sources": citations_of(b),
            }


def manifest(cache: Cache) -> dict:
    memos = []
    for topic in sorted(cache.files):
        if topic not in cache.info:
            continue
        files = {
            fmt: {"name": rec.name, "size": rec.size, "sha256": rec.sha256}
            for fmt, rec in sorted(cache.files[topic].items())
        }
        memos.append({"topic": topic, **cache.info[topic], "files": files})
    return {"memos": memos}


@contextmanager
def _locked(out: Path) -> Iterator[None]:
    """One build at a time per output folder: a second `memo build` waits for the first."""
    with open(out / ".memo.lock", "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


# --- running the jobs -------------------------------------------------------------------------

_STATE: tuple[Loaded, Request] | None = None


def _run(loaded: Loaded, jobs: list[Job], request: Request, progress: Progress | None) -> Iterator[TopicResult]:
    global _STATE
    for fmt in {f for job in jobs for f in job.formats}:
        with suppress(Exception):  # a failure here is reported per topic, where it is rendered
            renderer(fmt)  # import once here; forked workers inherit it instead of importing it each
    gc.freeze()  # what is loaded by now lives to the end: later collections need not walk it (14 ms, not 50)
    workers = min(request.jobs, len(jobs))
    if workers <= 1:
        if progress:
            progress.start(len(jobs))
        for job in jobs:
            result = build_topic(loaded, job, request)
            if progress:
                progress.advance(result)
            yield result
        return
    import multiprocessing

    _STATE = (loaded, request)
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            if progress:  # only now: a progress bar runs a thread, and threads must not cross a fork
                progress.start(len(jobs))
            for result in pool.imap_unordered(_work, jobs):
                if progress:
                    progress.advance(result)
                yield result
    finally:
        _STATE = None


def _work(job: Job) -> TopicResult:
    assert _STATE is not None
    loaded, request = _STATE
    return build_topic(loaded, job, request)


def build_topic(loaded: Loaded, job: Job, request: Request) -> TopicResult:
    from memo.build import build_memo

    project = loaded.project
    result = TopicResult(job.topic)
    briefing, _ = loaded.briefings[job.topic]
    sources = {sid: src for sid, (src, _) in loaded.sources.items()}
    try:
        memo = build_memo(job.topic, briefing, sources, project.settings, related_titles(loaded, job.topic))
    except Exception as exc:  # one topic's bug must not stop the others
        result.problems.append(_failure(project, job.topic, "memo", f"{type(exc).__name__}: {exc}"))
        return result
    for fmt in job.formats:
        path = request.out / f"{job.topic}.{fmt}"
        try:
            with collecting() as findings:  # what the renderer's preflight saw while laying the file out
                data = renderer(fmt)(memo, request.templates, project.settings)
            write_atomic(path, data)
        except MemoError as exc:
            result.problems.append(_failure(project, job.topic, fmt, exc.text))
        except OSError as exc:
            result.problems.append(_failure(project, job.topic, fmt, f"cannot write {path}: {exc.strerror or exc}"))
        except Exception as exc:  # a renderer bug must not stop the other topics
            result.problems.append(_failure(project, job.topic, fmt, f"{type(exc).__name__}: {exc}"))
        else:
            result.files[fmt] = (path.name, len(data), sha256(data))
            # a warning, whatever the check: the file is built and written; `memo check` judges it
            result.problems.extend(replace(f, severity=Severity.WARNING).at(path) for f in findings)
    gc.collect()  # WeasyPrint's box trees are cyclic; free one memo's before the next (peak memory)
    return result


def _failure(project: Project, topic: str, fmt: str, message: str) -> Problem:
    first = message.strip().splitlines()[0] if message.strip() else "failed"
    return error(project.briefing_path(topic), 1, 1, f"{fmt} not built: {first}")


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
