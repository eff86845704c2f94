"""What `validate`, `list` and `build` do once their command line is read: check, print, exit.

Two parsers call these: click's (memo/commands.py), for any command line, and the quick lane's
(memo/quick.py), for the plain command lines it reads without importing click at all. click's import is
a third of a one-shot build (issue 16), and these are the commands an editor runs again and again. Both
lanes must print the same bytes with the same exit code: `echo` is click's own wherever click is loaded,
and the quick lane runs only where writing a line to the stream is what click.echo would do
(memo/echo.py).
"""

from __future__ import annotations

import sys

from memo.echo import echo

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing for the quick lane
if TYPE_CHECKING:
    from pathlib import Path
    from typing import NoReturn

    from memo.problems import Problem
    from memo.project import Project


def fail(exc: Exception) -> NoReturn:
    """A library error (memo.problems.MemoError) or the disk's (OSError): its clean lines, then exit 1."""
    from memo.problems import MemoError, visible

    if isinstance(exc, MemoError):
        echo(exc.text if exc.problems else visible(exc.text), err=True)
    else:  # the disk, not the content: a full disk, a vanished or unwritable folder
        assert isinstance(exc, OSError)
        where = f"{exc.filename}: " if exc.filename else ""
        echo(visible(f"memo: error: {where}{exc.strerror or exc}"), err=True)
    sys.exit(1)


def project_of(root: Path | None) -> Project:
    from memo.project import find_project

    return find_project(root=root)


def print_problems(problems: list[Problem]) -> tuple[int, int]:
    for p in problems:
        echo(str(p), err=True)
    errors = sum(p.is_error for p in problems)
    return errors, len(problems) - errors


def validate(root: Path | None, topics: tuple[str, ...], strict: bool) -> None:
    from memo.problems import counted
    from memo.project import load_project

    project = project_of(root)
    chosen = project.select(topics)
    loaded = load_project(project, chosen if topics else None)
    errors, warnings = print_problems(loaded.problems)
    echo(
        f"checked {counted(len(chosen), 'briefing')} and {counted(len(loaded.sources), 'source')}: "
        f"{counted(errors, 'error')}, {counted(warnings, 'warning')}",
        err=True,
    )
    if errors or (strict and warnings):
        sys.exit(1)


def list_topics(root: Path | None) -> None:
    from datetime import date

    from memo.project import load_project

    project = project_of(root)
    loaded = load_project(project)
    from memo.checks import citations_of  # after the files are read: it brings the models (start-up, issue 16)

    today = date.today()
    rows = [("", "TOPIC", "STATUS", "AS OF", "SOURCES", "TITLE")]
    for topic in project.topic_ids():
        if topic not in loaded.briefings:
            rows.append(("", topic, "invalid", "-", "-", "(run memo validate)"))
            continue
        b, _ = loaded.briefings[topic]
        stale = "!" if (today - b.as_of).days > project.settings.stale_days else ""
        rows.append((stale, topic, b.status, b.as_of.isoformat(), str(len(citations_of(b))), b.title))
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    for row in rows:
        echo("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=False)) + "  " + row[5])
    if any(r[0] for r in rows):
        echo(f"! as_of is more than {project.settings.stale_days} days ago (stale-days in [tool.memo])", err=True)


def build(
    root: Path | None, topics: tuple[str, ...], formats: str | None, out: Path | None, template: str | None,
    jobs: int | None, force: bool, keep_orphans: bool,
) -> None:  # fmt: skip
    from memo.render.collector import paused

    with paused():  # a build runs without the cyclic collector: memo/render/collector.py says why
        _build(root, topics, formats, out, template, jobs, force, keep_orphans)


def _build(
    root: Path | None, topics: tuple[str, ...], formats: str | None, out: Path | None, template: str | None,
    jobs: int | None, force: bool, keep_orphans: bool,
) -> None:  # fmt: skip
    import time

    from memo.pipeline import Request, build_all, default_jobs, parse_formats
    from memo.problems import counted, display_path, visible
    from memo.record import replace
    from memo.report import progress_for_stream
    from memo.templates import find_template_set

    started = time.perf_counter()
    project = project_of(root)
    templates = find_template_set(project.templates_dir, template or project.settings.template)
    project = replace(project, settings=templates.settings_for(project.settings))  # the set's citation style
    request = Request(
        topics=project.select(topics),
        formats=parse_formats(formats, project.settings),
        templates=templates,
        out=out or project.output_dir,
        jobs=jobs or default_jobs(),
        force=force,
        keep_orphans=keep_orphans,
    )
    progress = progress_for_stream()
    try:
        report = build_all(project, request, progress)
    finally:
        progress.stop()
    last = [report.unrecorded] if report.unrecorded else []
    print_problems(report.problems + [p for r in report.results for p in r.problems] + last)
    for note in report.notes:
        echo(f"memo: warning: {note}", err=True)
    for path in report.removed:
        echo(visible(f"removed {display_path(str(path))}: its topic no longer exists"))
    echo(
        f"built {counted(len(report.built), 'memo')} ({counted(report.file_count, 'file')}), "
        f"{len(report.up_to_date)} up to date, "
        f"{len(report.failed)} failed in {time.perf_counter() - started:.1f} s"
    )
    if not report.ok:
        sys.exit(1)
