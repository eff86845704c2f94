"""Find the project, discover its briefings and sources, and load them all with their problems.

Every file is read before PyYAML, the models and their rules are imported: a
command reads its first file within the start-up budget of issue 16.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from memo.config import Settings, has_memo_table, read_settings
from memo.ids import SLUG
from memo.problems import MemoError, Problem, UsageError, error
from memo.record import Record, replace
from memo.yamlio import YamlDoc, YamlProblem, load

if TYPE_CHECKING:
    from memo.models import Briefing, Source


class Project(Record):
    root: Path
    settings: Settings

    @property
    def briefings_dir(self) -> Path:
        return self.root / "briefings"

    @property
    def seeds_dir(self) -> Path:
        return self.root / "seeds"

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    @property
    def output_dir(self) -> Path:
        return self.root / self.settings.output

    @property
    def pyproject(self) -> Path:
        return self.root / "pyproject.toml"

    def topic_ids(self) -> list[str]:
        return sorted(p.stem for p in self.briefings_dir.glob("*.yaml"))

    def briefing_path(self, topic: str) -> Path:
        return self.briefings_dir / f"{topic}.yaml"

    def select(self, topics: tuple[str, ...] | list[str]) -> list[str]:
        """Check topic names from the command line: plain slugs naming existing briefings, never paths."""
        known = self.topic_ids()
        misnamed = []  # briefings/x.yml named as x: the line validating all gives, for each such topic
        for topic in topics:
            if not SLUG.match(topic):
                raise UsageError(f"'{topic}' is not a topic id (lower-case letters, digits and hyphens, no paths)")
            if topic not in known:
                if (path := self.briefings_dir / f"{topic}.yml").exists():
                    misnamed.append(_misnamed(path))
                    continue
                from memo.validate import suggest

                raise UsageError(f"no topic '{topic}' in {self.briefings_dir}{suggest(topic, known)}")
        if misnamed:
            raise MemoError(misnamed)
        return list(dict.fromkeys(topics)) if topics else known


def find_project(start: Path | None = None, root: Path | None = None) -> Project:
    """Walk up from ``start`` to the pyproject.toml that has a [tool.memo] table, as git finds .git."""
    if root is not None:
        pyproject = root / "pyproject.toml"
        if not has_memo_table(pyproject):
            raise UsageError(f"{root} is not a memo project: no pyproject.toml with a [tool.memo] table")
        return Project(root.resolve(), read_settings(pyproject))
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if has_memo_table(folder / "pyproject.toml"):
            return Project(folder, read_settings(folder / "pyproject.toml"))
    raise UsageError(f"not inside a memo project: no pyproject.toml with a [tool.memo] table in {here} or above")


class Loaded:
    """Every file of a project that could be read, and every problem found on the way (a plain class:
    cheaper to define than a dataclass)."""

    __slots__ = ("briefings", "problems", "project", "sources", "titles", "unchecked")

    def __init__(
        self,
        project: Project,
        briefings: dict[str, tuple[Briefing, YamlDoc]] | None = None,
        sources: dict[str, tuple[Source, YamlDoc]] | None = None,
        unchecked: dict[str, YamlDoc] | None = None,
        problems: list[Problem] | None = None,
        titles: dict[str, str | None] | None = None,
    ) -> None:
        self.project = project
        self.briefings = {} if briefings is None else briefings
        self.sources = {} if sources is None else sources
        self.unchecked = {} if unchecked is None else unchecked  # briefings with schema errors: cross-checked raw
        self.problems = [] if problems is None else problems
        self.titles = {} if titles is None else titles  # briefings read only for a related memo's title

    def __repr__(self) -> str:
        return f"Loaded(briefings={sorted(self.briefings)!r}, sources={sorted(self.sources)!r}, problems={self.problems!r})"

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)


Reader = Callable[[Project, Path, list[Problem]], YamlDoc | None]


def load_project(project: Project, topics: list[str] | None = None, read: Reader | None = None) -> Loaded:
    """Load the chosen briefings (all by default) and every source, then cross-check them.

    ``read``: how one file is read (default `read_file`); `memo serve` keeps files a save did not touch.
    """
    loaded = Loaded(project)
    read = read or read_file
    chosen = topics if topics is not None else project.topic_ids()
    briefings = [(topic, read(project, project.briefing_path(topic), loaded.problems)) for topic in chosen]
    sources = [(path, read(project, path, loaded.problems)) for path in sorted(project.seeds_dir.glob("*.yaml"))]
    from memo import inline_cache
    from memo.checks import cross_check

    inline_cache.use(project.root)  # this project's parsed paragraphs (memo/inline_cache.py)
    from memo.models import Briefing, Source

    for topic, doc in briefings:
        model = _check(doc, Briefing, loaded.problems)
        if model is not None and doc is not None:
            loaded.briefings[topic] = (model, doc)
        elif doc is not None and isinstance(doc.data, dict):
            loaded.unchecked[topic] = doc
    for path, doc in sources:
        model = _check(doc, Source, loaded.problems)
        if model is not None and doc is not None:
            if model.id != path.stem:
                m = doc.mark(("id",))
                loaded.problems.append(
                    error(path, m.line, m.col, f"id: '{model.id}' must equal the file name '{path.stem}'")
                )
            loaded.sources[path.stem] = (model, doc)
    loaded.problems.extend(_unread(project, None if topics is None else chosen))
    cross_check(loaded, all_topics=topics is None or set(chosen) == set(project.topic_ids()))
    loaded.problems.sort(key=lambda p: (p.file, p.line, p.col))
    return loaded


def _unread(project: Project, topics: list[str] | None) -> list[Problem]:
    """Files memo would otherwise pass over in silence: '.yml' for '.yaml'.

    Every source is read, so every 'seeds/*.yml' is reported; a 'briefings/x.yml' when x is among the
    topics asked for (all of them by default), whether it is named alone or beside an 'x.yaml'.
    """
    briefings = sorted(project.briefings_dir.glob("*.yml"))
    if topics is not None:
        briefings = [path for path in briefings if path.stem in topics]
    return [_misnamed(path) for path in [*briefings, *sorted(project.seeds_dir.glob("*.yml"))]]


def _misnamed(path: Path) -> Problem:
    if path.with_suffix(".yaml").exists():
        fix = f"move what it holds into {path.stem}.yaml and delete it"
    else:
        fix = f"rename it to {path.stem}.yaml"
    return error(path, 1, 1, f"memo reads only '.yaml' files, so this one would be ignored; {fix}")


def _load_one(project: Project, path: Path, model: type, problems: list[Problem]):
    doc = read_file(project, path, problems)
    return _check(doc, model, problems), doc


def read_file(project: Project, path: Path, problems: list[Problem]) -> YamlDoc | None:
    """One briefing or source as YAML, or None with its problems added: never a link out, never a raise."""
    if not SLUG.match(path.stem):
        problems.append(
            error(path, 1, 1, f"file name '{path.name}' is not an id (lower-case letters, digits, hyphens)")
        )
        return None
    try:
        real = path.resolve()
    except (OSError, RuntimeError):  # Python 3.11 raises RuntimeError for a link that leads back to itself
        problems.append(error(path, 1, 1, "is a link that leads back to itself; put the file here instead"))
        return None
    if not real.is_relative_to(project.root):
        problems.append(error(path, 1, 1, "is a link to a file outside the project; copy the file in instead"))
        return None
    try:
        doc = load(real, project.settings.max_file_bytes)
    except YamlProblem as exc:
        problems.append(replace(exc.problem, file=str(path)))
        return None
    except OSError as exc:
        problems.append(error(path, 1, 1, f"cannot read: {exc.strerror}"))
        return None
    doc.path = path
    problems.extend(replace(w, file=str(path)) for w in doc.warnings)
    return doc


def _check(doc: YamlDoc | None, model: type, problems: list[Problem]):
    if doc is None:
        return None
    from memo.validate import check

    value, found = check(doc, model)
    problems.extend(found)
    return value


def related_titles(loaded: Loaded, topic: str) -> dict[str, str]:
    """The titles of the topics ``topic`` names as related, reading a briefing not loaded yet (a partial build).

    Such a briefing is kept apart from ``loaded.briefings`` (it was not cross-checked, and is not being
    built); one that cannot be read is left out: its own problems are reported when it is built.
    """
    from memo.models import Briefing

    briefing, _ = loaded.briefings[topic]
    titles = {}
    known: set[str] | None = None
    for other in briefing.related:
        if other in loaded.briefings:
            titles[other] = loaded.briefings[other][0].title
            continue
        if other not in loaded.titles:
            known = set(loaded.project.topic_ids()) if known is None else known
            model = None
            if other in known:
                model, _ = _load_one(loaded.project, loaded.project.briefing_path(other), Briefing, [])
            loaded.titles[other] = model.title if model is not None else None
        if (title := loaded.titles[other]) is not None:
            titles[other] = title
    return titles


def load_or_fail(project: Project, topics: list[str] | None = None) -> Loaded:
    loaded = load_project(project, topics)
    if not loaded.ok:
        raise MemoError(loaded.problems)
    return loaded
