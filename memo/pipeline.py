"""Build topics into output files: plan what changed, render it (`memo.produce`, on `memo.workers`), write
it, and record it in the cache and the manifest. Only this module writes a build.

One failing topic or format does not stop the others; each failure is one
problem line. The manifest describes the files on disk: a topic that wrote nothing keeps its entry as
it was, and a topic whose briefing is gone loses its entry and the files the build record lists. Renderers are imported on first use (`memo.render`), so a build that needs no
PDF never imports WeasyPrint, and a build with nothing to do imports none; the
builder and its models once the files are read, and multiprocessing only for
more than one worker (start-up, issue 16). A build reads its input files first of all
(`memo.cache.files_digest`); the index page, provenance and git come after.
"""

from __future__ import annotations

import fcntl
import gc
import importlib
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from memo.cache import Cache, files_digest, inputs_digest, topic_key
from memo.output import sha256, write_atomic, write_json
from memo.problems import MemoError, Problem, Severity, error, warning
from memo.project import Loaded, Project, load_project, related_titles
from memo.record import Record, replace
from memo.render import RENDERERS, parse_formats
from memo.templates import TemplateSet

if TYPE_CHECKING:
    from memo.document import Memo
    from memo.provenance import Origin

__all__ = ["BuildReport", "Request", "TopicResult", "build_all", "default_jobs", "parse_formats"]

MANIFEST = "manifest.json"


class Job(NamedTuple):
    """One topic to render, in these formats, under this cache key (a named tuple, as memo.cache.FileRecord)."""

    topic: str
    formats: tuple[str, ...]
    key: str


class TopicResult:
    """What building one topic gave (a plain class, as BuildReport: cheaper to define than a dataclass)."""

    __slots__ = ("files", "info", "problems", "topic", "up_to_date")

    def __init__(
        self,
        topic: str,
        files: dict[str, tuple[str, int, str]] | None = None,
        problems: list[Problem] | None = None,
        up_to_date: bool = False,
        info: dict[str, Any] | None = None,
    ) -> None:
        self.topic = topic
        self.files = {} if files is None else files  # format -> (name, size, sha256)
        self.problems = [] if problems is None else problems
        self.up_to_date = up_to_date
        self.info = info  # the manifest's details of the memo these files hold

    def __repr__(self) -> str:
        return f"TopicResult({self.topic!r}, files={self.files!r}, problems={self.problems!r})"

    @property
    def ok(self) -> bool:
        """Built: no errors. Warnings (such as the preflight's, on a written file) do not fail a topic."""
        return not any(p.is_error for p in self.problems)


class BuildReport:
    __slots__ = ("notes", "problems", "removed", "results", "unrecorded")

    def __init__(
        self,
        problems: list[Problem],
        results: list[TopicResult],
        notes: list[str] | None = None,
        unrecorded: Problem | None = None,
        removed: list[Path] | None = None,
    ) -> None:
        self.problems = problems
        self.results = results
        self.notes = [] if notes is None else notes  # about the machine, not the content
        self.unrecorded = unrecorded  # the build record or manifest could not be written
        self.removed = [] if removed is None else removed  # files of topics that no longer exist

    def __repr__(self) -> str:
        return f"BuildReport(problems={self.problems!r}, results={self.results!r}, unrecorded={self.unrecorded!r})"

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


class Request(Record):
    topics: list[str]
    formats: list[str]
    templates: TemplateSet
    out: Path
    jobs: int = 1
    force: bool = False
    keep_orphans: bool = False  # keep the files (and manifest entries) of topics whose briefing is gone


def build_all(project: Project, request: Request, progress: Progress | None = None) -> BuildReport:
    """Build the chosen topics; a topic whose briefing has errors is reported and skipped."""
    out = request.out
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise MemoError(f"{out}: cannot create the output folder: {exc.strerror or exc}") from None
    with locked(out):
        files = [*map(project.briefing_path, project.topic_ids()), *project.seeds_dir.glob("*.yaml")]
        read = files_digest(files, project.settings.max_file_bytes)  # the first read: briefings and sources
        cache = Cache.load(out)
        digest = request.templates.digest()
        settings = project.settings.model_dump(mode="json")
        request_line = ",".join(sorted(request.formats)) + ":" + ",".join(sorted(request.topics))
        inputs = inputs_digest(read, digest + request_line, settings)
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
        from memo.provenance import Origin, ask_git

        formats = {f for job in jobs for f in job.formats}
        git = ask_git(project.root, out) if jobs else None  # git: once per build, if any, answering while
        workers.load(formats)  # the renderers are imported
        origin = Origin(digest, git()) if git else None
        work = partial(build_topic, loaded, request, origin, collect=len(jobs) > 1)
        for result in workers.run(jobs, work, request.jobs, formats, progress):
            job = next(j for j in jobs if j.topic == result.topic)
            record = (result.info or {}).get("provenance")
            for fmt, (name, size, digest_) in result.files.items():
                cache.record_hash(job.topic, fmt, name, size, digest_, job.key, record)
            if result.files and result.info is not None:  # a topic that wrote nothing keeps its entry as it was
                cache.info[job.topic] = result.info
            results.append(result)
        removed: list[Path] = []
        if not request.keep_orphans:
            removed = _remove_orphans(cache, set(project.topic_ids()), out, problems)
        cache.inputs = inputs if all(r.ok for r in results) else ""
        unrecorded: Problem | None
        from memo.index_page import write_index

        try:
            cache.save()
            write_json(out / MANIFEST, listing := manifest(cache, _books(out)))
            if kept := write_index(out, listing, project.settings.lang):
                problems.append(kept)
        except OSError as exc:  # a full disk or a vanished folder: keep the per-topic lines, say this too
            where = Path(exc.filename or out)
            unrecorded = error(where, 1, 1, f"build record and manifest not written: {exc.strerror or exc}")
        else:
            unrecorded = None
    results.sort(key=lambda r: r.topic)
    notes = _machine_notes() if any("pdf" in j.formats for j in jobs) else []
    return BuildReport(problems, results, notes, unrecorded, removed)


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
    """Everything a memo's files hold, their embedded provenance included (the bytes of the briefing and of each
    source it cites, the template set, settings, memo's code), except the git commit: a new commit alone does
    not rebuild a memo whose inputs are unchanged, and its files keep the commit they were rendered at."""
    from memo.checks import citations_of
    from memo.cite import style_digest

    briefing, doc = loaded.briefings[topic]
    sources = {}
    for sid in citations_of(briefing):
        _, sdoc = loaded.sources[sid]
        sources[sid] = sdoc.raw
    settings = loaded.project.settings.model_dump(mode="json")
    settings["citation-style-file"] = style_digest(loaded.project.settings.citation_style)  # an edited .csl rebuilds
    settings["related-titles"] = related_titles(loaded, topic)  # a related memo's new title changes the link text
    return topic_key(doc.raw, sources, templates_digest, settings)


def memo_info(memo: Memo) -> dict[str, Any]:
    """A memo's entry in the manifest, besides its files: read from the Memo, as its files show it."""
    from memo.document import Paragraph, plain_text
    from memo.index_page import first_sentence
    from memo.provenance import record as provenance_record

    h = memo.header
    bottom = next((s for s in memo.sections if s.id == "bottom-line"), None)
    first = bottom.blocks[0] if bottom and bottom.blocks else None
    return {
        "title": h.title,
        "subtitle": h.subtitle,
        "bottom_line": first_sentence(plain_text(first.runs)) if isinstance(first, Paragraph) else "",
        "status": h.status,
        "approved_by": h.approved_by,
        "approved_on": h.approved_on.isoformat() if h.approved_on else None,
        "as_of": h.as_of.isoformat(),
        "classification": h.classification,
        "sources": list(memo.cited_sources),
        "provenance": provenance_record(memo),
    }


def manifest(cache: Cache, books: list[Any] | None = None) -> dict[str, Any]:
    """Each memo's entry and files (a file left from an earlier build, when a format failed, carries the
    provenance it embeds), and the books `memo book` recorded, kept as they were."""
    memos = []
    for topic in sorted(cache.files):
        if topic not in cache.info:
            continue
        info = cache.info[topic]
        files = {}
        for fmt, rec in sorted(cache.files[topic].items()):
            files[fmt] = {"name": rec.name, "size": rec.size, "sha256": rec.sha256}
            if rec.provenance != info.get("provenance"):
                files[fmt]["provenance"] = rec.provenance
        memos.append({"topic": topic, **info, "files": files})
    return {"memos": memos} if books is None else {"memos": memos, "books": books}


def _books(out: Path) -> list[Any] | None:
    """The books the manifest lists now: `memo book` writes them, a build keeps them."""
    import json

    try:
        books = json.loads((out / MANIFEST).read_text(encoding="utf-8")).get("books")
    except (OSError, ValueError, AttributeError):
        return None
    return books if isinstance(books, list) else None


def _remove_orphans(cache: Cache, topics: set[str], out: Path, problems: list[Problem]) -> list[Path]:
    """Remove the files of topics that no longer exist, and forget them: only files the build record lists,
    by the name memo gives them, and only while they hold what memo wrote (a file changed since is kept)."""
    removed = []
    for topic in sorted(set(cache.files) - topics):
        for fmt, rec in sorted(cache.files[topic].items()):
            path = out / rec.name
            if rec.name != f"{topic}.{fmt}" or fmt not in RENDERERS:
                continue  # not a name memo gives its files: never touch it
            try:
                if sha256(path.read_bytes()) != rec.sha256:
                    problems.append(warning(path, 1, 1, f"not removed: topic '{topic}' is gone, but the file "
                                                        "changed since memo wrote it"))  # fmt: skip
                    continue
                path.unlink()
            except FileNotFoundError:
                continue
            except OSError as exc:
                problems.append(error(path, 1, 1, f"cannot remove the file of topic '{topic}', which is gone: "
                                                  f"{exc.strerror or exc}"))  # fmt: skip
                continue
            removed.append(path)
    cache.forget_except(topics)
    return removed


@contextmanager
def locked(out: Path) -> Iterator[None]:
    """One build at a time per output folder: a second `memo build` waits for the first."""
    with open(out / ".memo.lock", "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def build_topic(loaded: Loaded, request: Request, origin: Origin | None, job: Job, collect: bool = True) -> TopicResult:
    """Render one topic's formats and write each file that rendered; the others keep their previous file.

    ``collect``: free the memo's cyclic garbage afterwards, before the next memo (not needed after the only one:
    the build is then all but done, and the collection took a one-memo build 2 ms)."""
    from memo.produce import failure, render_topic

    rendered = render_topic(loaded, job.topic, job.formats, request.templates, origin)
    result = TopicResult(job.topic, problems=list(rendered.problems))
    if rendered.memo is not None:
        result.info = memo_info(rendered.memo)
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
    if collect:
        gc.collect()  # WeasyPrint's box trees are cyclic; free one memo's before the next (peak memory)
    return result


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
