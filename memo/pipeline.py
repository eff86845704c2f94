"""Build topics into output files: plan what changed, render it (`memo.produce`, on `memo.workers`), write
it, and record it in the cache and the manifest. Only this module writes a build.

One failing topic or format does not stop the others; each failure is one
problem line. Renderers are imported on first use (`memo.render`), so a build that needs no
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
from functools import partial
from pathlib import Path
from typing import Protocol

from memo.cache import Cache, inputs_digest, topic_key
from memo.output import sha256, write_atomic, write_json
from memo.problems import MemoError, Problem, Severity, error
from memo.project import Loaded, Project, load_project, related_titles
from memo.render import RENDERERS, parse_formats
from memo.templates import TemplateSet

__all__ = ["BuildReport", "Request", "TopicResult", "build_all", "default_jobs", "parse_formats"]

MANIFEST = "manifest.json"


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
        from memo import workers

        formats = {f for job in jobs for f in job.formats}
        for result in workers.run(jobs, partial(build_topic, loaded, request), request.jobs, formats, progress):
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


def build_topic(loaded: Loaded, request: Request, job: Job) -> TopicResult:
    """Render one topic's formats and write each file that rendered; the others keep their previous file."""
    from memo.produce import failure, render_topic

    rendered = render_topic(loaded, job.topic, job.formats, request.templates)
    result = TopicResult(job.topic, problems=list(rendered.problems))
    for fmt, output in rendered.outputs.items():
        path = request.out / f"{job.topic}.{fmt}"
        try:
            write_atomic(path, output.data)
        except OSError as exc:
            result.problems.append(failure(loaded, job.topic, fmt, f"cannot write {path}: {exc.strerror or exc}"))
        else:
            result.files[fmt] = (path.name, len(output.data), sha256(output.data))
            # a warning, whatever the check: the file is built and written; `memo check` judges it
            result.problems.extend(replace(f, severity=Severity.WARNING).at(path) for f in output.findings)
    gc.collect()  # WeasyPrint's box trees are cyclic; free one memo's before the next (peak memory)
    return result


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
