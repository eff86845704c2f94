"""Keep a project loaded and each viewed memo rendered, in memory: the paths a save touched in, the topics
whose page changed out.

A save of one briefing is answered in two steps: that topic alone is loaded again (its file; the others are
kept), rendered and announced; then the whole project is checked again, as `memo validate` does, for what
the save changed elsewhere (a related memo's title, a source no longer cited), and only topics whose inputs
or problems changed are rendered or announced again. Only topics someone has opened are rendered on a
change; the others wait for their first request. PDF and Word files are rendered on request and kept until
their topic's inputs change. Nothing is written to disk.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from memo.config import read_settings
from memo.problems import MemoError, Problem, counted, error
from memo.project import Loaded, Project, load_project, related_titles
from memo.provenance import Git, read_git
from memo.serve.kept import KeptFiles, KeptStyles
from memo.templates import TemplateSet, find_template_set

if TYPE_CHECKING:
    from memo.document import Memo

ON_REQUEST = ("pdf", "docx")


@dataclass(frozen=True)
class Page:
    """The last good render of a topic's HTML, and the inputs it was made from."""

    key: str
    html: bytes
    memo: Memo
    at: float = field(default_factory=time.time)


@dataclass(frozen=True)
class Row:
    """One topic on the index."""

    topic: str
    title: str
    status: str
    as_of: str
    problems: int
    errors: int
    stale: bool


@dataclass(frozen=True)
class Event:
    generation: int
    topics: frozenset[str]
    index: bool


class Preview:
    """The warm project. Thread-safe: the watcher refreshes it while request threads read pages from it."""

    HISTORY = 64  # events kept for a page whose stream reconnects

    def __init__(self, project: Project, template: str, say: Callable[[str], None]) -> None:
        self.root = project.root
        self.project = project
        self.template = template
        self.say = say
        self.files = KeptFiles()
        self.styles = KeptStyles()
        self.work = threading.RLock()  # one refresh or HTML render at a time
        self.lock = threading.Lock()  # the fields below
        self.render_lock = threading.Lock()  # one PDF or Word file at a time: WeasyPrint's warnings are global
        self.changed = threading.Condition(threading.Lock())
        self.loaded = Loaded(project)
        self.templates: TemplateSet | None = None
        self.digest = ""
        self.git: Git | None = None  # the project's commit, read when the settings are: provenance, as a build has it
        self.project_problems: list[Problem] = []  # pyproject.toml or the template set
        self.keys: dict[str, str] = {}  # topic -> its inputs now; absent when it cannot be built
        self.pages: dict[str, Page] = {}
        self.failures: dict[str, list[Problem]] = {}  # the last HTML render's failures
        self.tried: dict[str, str] = {}  # topic -> the inputs of its last HTML render, good or failed
        self.known: set[str] = set()  # the topics of the last full check
        self.cited: dict[str, list[str]] = {}  # topic -> the sources its briefing cites
        self.pdfs_rendered = 0  # the server collects the garbage a PDF's layout leaves once it is sent
        # (topic, format) -> (key, git, bytes): a file records the commit it was made at, as `memo build`'s do
        self.outputs: dict[tuple[str, str], tuple[str, Git | None, bytes]] = {}
        self.generation = 0
        self.fetched = 0  # the generation of the newest page sent
        self.listeners = 0  # open event streams
        self.events: deque[Event] = deque(maxlen=self.HISTORY)
        self.stopping = False
        with self.work:
            self._settings()
            self._apply(load_project(self.project, read=self.files.read), time.perf_counter(), quiet=True)

    # ---- reading, for request threads

    def topics(self) -> set[str]:
        """The topics as of the last full check (a briefing saved a moment ago counts once it is read)."""
        with self.lock:
            return set(self.known)

    def rows(self) -> list[Row]:
        with self.lock:
            loaded, project = self.loaded, self.project
        today = date.today()
        rows = []
        for topic in sorted(self.topics()):
            found = self.problems(topic)
            errors = sum(p.is_error for p in found)
            if topic in loaded.briefings:
                b, _ = loaded.briefings[topic]
                stale = (today - b.as_of).days > project.settings.stale_days
                rows.append(Row(topic, b.title, b.status, b.as_of.isoformat(), len(found), errors, stale))
            else:
                raw = loaded.unchecked.get(topic)
                title = raw.data.get("title") if raw is not None else None
                shown = title if isinstance(title, str) else "(cannot be read)"
                rows.append(Row(topic, shown, "invalid", "-", len(found), errors, False))
        return rows

    def problems(self, topic: str) -> list[Problem]:
        """What the editor should see over the topic's page: its briefing's problems, those of the sources it
        cites, the project's, and its last render's failures."""
        with self.lock:
            loaded, project = self.loaded, self.project
            found = list(self.project_problems) + self.failures.get(topic, [])
            cited = self.cited.get(topic, ())
        files = {str(project.briefing_path(topic))} | {str(project.seeds_dir / f"{sid}.yaml") for sid in cited}
        return sorted(dict.fromkeys(found + [p for p in loaded.problems if p.file in files]))

    def other_problems(self) -> list[Problem]:
        """Problems at no briefing: the settings, the template set, sources, misnamed files."""
        with self.lock:
            loaded, project = self.loaded, self.project
            found = list(self.project_problems)
        briefings = {str(project.briefing_path(t)) for t in project.topic_ids()}
        return sorted(dict.fromkeys(found + [p for p in loaded.problems if p.file not in briefings]))

    def page(self, topic: str) -> Page | None:
        """The topic's last good render, rendering it now if its inputs changed since (or it never was)."""
        with self.lock:
            page, key, tried = self.pages.get(topic), self.keys.get(topic), self.tried.get(topic)
        if key is None or key == tried:
            return page
        with self.work:
            self._render({topic})
        with self.lock:
            return self.pages.get(topic)

    def file(self, topic: str, fmt: str) -> tuple[bytes | None, list[Problem]]:
        """A PDF or Word file of the topic as it is now, rendered on request and kept until an input changes.

        git is asked again each time (two commands, against a second or so of PDF): a file may leave the
        editor's machine, so its provenance says the commit and clean state of now, not of the server's start."""
        page = self.page(topic)
        with self.lock:
            key, loaded, templates, project, digest = (
                self.keys.get(topic),
                self.loaded,
                self.templates,
                self.project,
                self.digest,
            )
            kept = self.outputs.get((topic, fmt))
        if key is None or page is None or page.key != key or templates is None:
            return None, self.problems(topic)
        git = read_git(self.root, project.output_dir)
        if kept is not None and kept[:2] == (key, git):
            return kept[2], []
        from memo.produce import render_topic
        from memo.provenance import Origin, stamp

        with self.render_lock:
            with self.lock:
                kept = self.outputs.get((topic, fmt))
            if kept is not None and kept[:2] == (key, git):
                return kept[2], []
            started = time.perf_counter()
            memo = stamp(page.memo, loaded, Origin(digest, git))
            rendered = render_topic(loaded, topic, [fmt], templates, memo=memo)
            if fmt not in rendered.outputs:
                return None, rendered.problems
            data = rendered.outputs[fmt].data
            with self.lock:
                self.outputs[(topic, fmt)] = (key, git, data)
                self.pdfs_rendered += fmt == "pdf"
        self.say(f"{topic}.{fmt}: rendered in {(time.perf_counter() - started) * 1000:.0f} ms")
        for finding in rendered.outputs[fmt].findings:
            self.say(f"{topic}.{fmt}: page {finding.page}: warning: {finding.message}")
        return data, []

    def wait(self, after: int, timeout: float) -> list[Event] | None:
        """Events after generation ``after``, waiting up to ``timeout`` s for one; None when some were lost
        (the page should reload) or the server is stopping (the stream should end: check ``stopping``)."""
        with self.changed:
            if self.generation == after and not self.stopping:
                self.changed.wait(timeout)
            if self.stopping:
                return None
            events = [e for e in self.events if e.generation > after]
            if events and events[0].generation != after + 1:
                return None
            return events

    def stop(self) -> None:
        with self.changed:
            self.stopping = True
            self.changed.notify_all()

    # ---- changing, for the watcher

    def refresh(self, changed: set[Path], seen: float) -> None:
        """Bring the preview up to date with the files a save touched; ``seen``: when the save was noticed."""
        with self.work:
            if self.project.pyproject in changed:
                self._settings()
            briefings = {p.stem for p in changed if p.parent == self.project.briefings_dir and p.suffix == ".yaml"}
            with self.lock:
                known = self.known
            same_topics = known == set(self.project.topic_ids())
            if briefings and len(briefings) == len(changed) and briefings <= known and same_topics:
                self._first(sorted(briefings), seen)
                self._let_pages_fetch()
            self._apply(load_project(self.project, read=self.files.read), seen)
            files = {self.project.briefing_path(t) for t in self.project.topic_ids()}
            self.files.forget_except(files | set(self.project.seeds_dir.glob("*.yaml")))

    def _let_pages_fetch(self) -> None:
        """Wait (briefly) for the open pages the save reloads to fetch their new HTML before checking the rest
        of the project: a request thread would otherwise share the interpreter with that check."""
        with self.changed:
            if self.listeners and self.generation > self.fetched:
                self.changed.wait_for(lambda: self.fetched >= self.generation or self.stopping, timeout=0.1)

    def fetched_page(self, generation: int) -> None:
        """A page made at ``generation`` was sent."""
        with self.changed:
            self.fetched = max(self.fetched, generation)
            self.changed.notify_all()

    @contextmanager
    def listening(self) -> Iterator[None]:
        """An open page's event stream, while it lasts."""
        with self.changed:
            self.listeners += 1
        try:
            yield
        finally:
            with self.changed:
                self.listeners -= 1

    def _settings(self) -> None:
        """Read pyproject.toml and the template set again; on a problem keep the last good ones and show it."""
        problems: list[Problem] = []
        try:
            settings = read_settings(self.project.pyproject)
        except MemoError as exc:
            problems += exc.problems or [error(self.project.pyproject, 1, 1, exc.text)]
            settings = self.project.settings
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(error(self.project.pyproject, 1, 1, f"cannot read: {exc}"))
            settings = self.project.settings
        templates = self.templates
        try:
            templates = find_template_set(self.root / "templates", self.template or settings.template)
        except MemoError as exc:
            problems.append(error(self.root / "templates", 1, 1, exc.text))
        if templates is not None:
            settings = templates.settings_for(settings)  # the set's citation style, as `memo build` takes it
        project = Project(self.root, settings)
        git = read_git(self.root, project.output_dir)
        with self.lock:
            if settings != self.project.settings:
                self.styles = KeptStyles()
            self.project, self.templates, self.project_problems = project, templates, problems
            self.git = git

    def _first(self, topics: list[str], seen: float) -> None:
        """The saved briefings alone, read and rendered before the rest of the project is checked again."""
        with self.lock:
            previous = self.loaded
        part = load_project(self.project, topics, read=self.files.read)
        part.titles.update({t: b.title for t, (b, _) in previous.briefings.items() if t not in topics})
        paths = {str(self.project.briefing_path(t)) for t in topics}
        problems = [p for p in previous.problems if p.file not in paths] + [p for p in part.problems if p.file in paths]
        briefings = {t: v for t, v in previous.briefings.items() if t not in topics} | part.briefings
        unchecked = {t: v for t, v in previous.unchecked.items() if t not in topics} | part.unchecked
        merged = Loaded(self.project, briefings, part.sources, unchecked, sorted(problems), part.titles)
        self._apply(merged, seen, only=set(topics))

    def _apply(self, loaded: Loaded, seen: float, only: set[str] | None = None, quiet: bool = False) -> None:
        """Take ``loaded`` as the project's state; render and announce the topics (of ``only``) it changed."""
        from memo.checks import citations_of
        from memo.pipeline import _key as inputs_key  # which inputs a topic depends on: the build's own answer

        with self.lock:
            project, templates = self.project, self.templates
        digest = templates.digest() if templates is not None else ""
        topics = only if only is not None else set(project.topic_ids())
        broken = {p.file for p in loaded.problems if p.is_error}
        cited = {t: citations_of(loaded.briefings[t][0]) for t in topics if t in loaded.briefings}
        keys = {}
        for topic in topics:
            buildable = topic in cited and str(project.briefing_path(topic)) not in broken and templates
            if buildable and all(sid in loaded.sources for sid in cited[topic]):
                keys[topic] = inputs_key(loaded, topic, digest)
        before = {t: self.problems(t) for t in topics}
        rows = self.rows() if only is None else []
        with self.lock:
            old_keys = dict(self.keys)
            self.loaded = loaded
            for topic in topics:
                self.cited[topic] = cited.get(topic, [])
            self.digest = digest
            for topic in topics:
                if topic in keys:
                    self.keys[topic] = keys[topic]
                else:
                    self.keys.pop(topic, None)
            if only is None:
                for gone in set(self.keys) - topics:
                    del self.keys[gone]
                for kept in (self.pages, self.tried, self.failures, self.cited):
                    for gone in set(kept) - topics:
                        del kept[gone]
                for output in {k for k in self.outputs if k[0] not in topics}:
                    del self.outputs[output]
            viewed = set(self.tried) & topics
            if only is None:
                self.known = topics
        self._render({t for t in viewed if t in keys and keys[t] != old_keys.get(t)})
        announce = {t for t in topics if self.problems(t) != before[t] or keys.get(t) != old_keys.get(t)}
        index = only is None and self.rows() != rows
        for topic in sorted(announce) if not quiet else ():
            found = self.problems(topic)
            errors = sum(p.is_error for p in found)
            state = counted(errors, "error") if errors else counted(len(found), "warning") if found else "ok"
            self.say(f"{topic}: reloaded in {(time.perf_counter() - seen) * 1000:.1f} ms ({state})")
        if quiet:
            return
        if announce or index:
            self._announce(frozenset(announce), index)

    def _render(self, topics: set[str]) -> None:
        """Render each topic's HTML; a failure keeps the last good page and is shown over it."""
        from memo.build import build_memo
        from memo.cite import style_path
        from memo.produce import failure, render_topic
        from memo.provenance import Origin, stamp

        with self.lock:
            loaded, templates, styles, keys = self.loaded, self.templates, self.styles, dict(self.keys)
            origin = Origin(self.digest, self.git)
        for topic in sorted(topics):
            if topic not in keys or templates is None:
                continue
            settings = loaded.project.settings
            briefing = loaded.briefings[topic][0]
            sources = {sid: src for sid, (src, _) in loaded.sources.items()}
            page = None
            try:
                style = styles.get(style_path(settings.citation_style), briefing.lang or settings.lang)
                memo = build_memo(topic, briefing, sources, settings, related_titles(loaded, topic), style)
                memo = stamp(memo, loaded, origin)  # the provenance `memo build` embeds, so the page is its page
            except Exception as exc:  # a bug in one memo must not stop the server
                problems = [failure(loaded, topic, "memo", f"{type(exc).__name__}: {exc}")]
            else:
                rendered = render_topic(loaded, topic, ["html"], templates, memo=memo)
                problems = rendered.problems
                if "html" in rendered.outputs:
                    page = Page(keys[topic], rendered.outputs["html"].data, memo)
            with self.lock:
                self.failures[topic] = problems
                self.tried[topic] = keys[topic]
                if page is not None:
                    self.pages[topic] = page

    def _announce(self, topics: frozenset[str], index: bool) -> None:
        with self.changed:
            self.generation += 1
            self.events.append(Event(self.generation, topics, index))
            self.changed.notify_all()
