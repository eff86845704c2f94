"""The `memo` commands (click): parse arguments, call the library, print. No logic lives here.

`memo` starts in memo/cli.py, which answers a bare `--version` before click is
imported and hands everything else to the group here. Only click is imported
up front: the library is imported inside each command, so `--help` starts as
fast as click does, and renderers inside `build` only, so `list` and
`validate` stay fast however heavy rendering becomes (tests/test_startup.py
lists what each command may import).
"""

from __future__ import annotations

import functools
import gc
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

_collecting = gc.isenabled()
gc.disable()  # until the commands are defined: see the end of this module
try:
    import click

    from memo import __version__
    from memo.cli import VERSION
except BaseException:  # an import that fails must not leave the collector off for the rest of the process
    if _collecting:
        gc.enable()
    raise

if TYPE_CHECKING:
    from memo.problems import Problem
    from memo.project import Project


def reports(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn library errors into one clean line each and exit codes: 1 for content or the disk, 2 for usage."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from memo.problems import MemoError, UsageError, visible  # here: `--help` needs none of memo's own code

        try:
            return fn(*args, **kwargs)
        except UsageError as exc:
            raise click.UsageError(exc.text) from None
        except MemoError as exc:
            click.echo(exc.text if exc.problems else visible(exc.text), err=True)
            sys.exit(1)
        except OSError as exc:  # the disk, not the content: a full disk, a vanished or unwritable folder
            where = f"{exc.filename}: " if exc.filename else ""
            click.echo(visible(f"memo: error: {where}{exc.strerror or exc}"), err=True)
            sys.exit(1)

    return wrapper


def project_of(ctx: click.Context) -> Project:
    from memo.project import find_project

    return find_project(root=ctx.obj)


def print_problems(problems: list[Problem]) -> tuple[int, int]:
    for p in problems:
        click.echo(str(p), err=True)
    errors = sum(p.is_error for p in problems)
    return errors, len(problems) - errors


class _Command(click.Command):
    """A click command whose short options cost nothing extra to parse.

    click tries ``-f`` as a long option first, and the failed try looks up the closest long names with
    difflib (imported for it: 3 ms before a build reads its first briefing), which it then drops to read
    ``-f`` as a short option. Here a single-dash name no long option has fails that first try without the
    look-up; an unknown ``--name`` still gets click's own "Did you mean" (a parser without these private
    names is left as it is).
    """

    def make_parser(self, ctx: click.Context) -> Any:
        parser = super().make_parser(ctx)
        match, long_options = getattr(parser, "_match_long_opt", None), getattr(parser, "_long_opt", None)
        if callable(match) and isinstance(long_options, dict):

            def match_long(opt: str, explicit_value: str | None, state: Any) -> None:
                if opt not in long_options and not opt.startswith("--"):  # to be read as short options next
                    raise click.NoSuchOption(opt, ctx=ctx)
                match(opt, explicit_value, state)

            parser._match_long_opt = match_long  # type: ignore[method-assign]
        return parser


class _Group(click.Group):
    command_class = _Command
    group_class = type  # `memo sources` is one of these too


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--root",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Project folder (default: walk up to the pyproject.toml with [tool.memo]).",
)
@click.version_option(__version__, prog_name="memo", message=VERSION)
@click.pass_context
def main(ctx: click.Context, root: Path | None) -> None:
    """Build policy memos (PDF, Word, HTML) from briefings kept as YAML."""
    ctx.obj = root


@main.command()
@click.argument("topics", nargs=-1)
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.pass_context
@reports
def validate(ctx: click.Context, topics: tuple[str, ...], strict: bool) -> None:
    """Check briefings and sources; print every problem as path:line:col."""
    from memo.problems import counted
    from memo.project import load_project

    project = project_of(ctx)
    chosen = project.select(topics)
    loaded = load_project(project, chosen if topics else None)
    errors, warnings = print_problems(loaded.problems)
    click.echo(
        f"checked {counted(len(chosen), 'briefing')} and {counted(len(loaded.sources), 'source')}: "
        f"{counted(errors, 'error')}, {counted(warnings, 'warning')}",
        err=True,
    )
    if errors or (strict and warnings):
        sys.exit(1)


@main.command("list")
@click.pass_context
@reports
def list_(ctx: click.Context) -> None:
    """One line per topic: id, status, as_of, sources cited, title; '!' marks a stale topic."""
    from datetime import date

    from memo.project import load_project

    project = project_of(ctx)
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
        click.echo("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=False)) + "  " + row[5])
    if any(r[0] for r in rows):
        click.echo(f"! as_of is more than {project.settings.stale_days} days ago (stale-days in [tool.memo])", err=True)


@main.command()
@click.argument("topic")
@click.pass_context
@reports
def new(ctx: click.Context, topic: str) -> None:
    """Start briefings/TOPIC.yaml from a commented skeleton."""
    from datetime import date

    from memo.skeleton import write_skeleton

    path = write_skeleton(project_of(ctx), topic, date.today())
    click.echo(f"wrote {path}; fill in every TODO, then run: memo validate {topic}")


@main.command()
@click.argument("topics", nargs=-1)
@click.option("--check", is_flag=True, help="Write nothing; exit 1 and name each file that would change.")
@click.pass_context
@reports
def fmt(ctx: click.Context, topics: tuple[str, ...], check: bool) -> None:
    """Rewrite briefings (all, and sources, by default) in the safe style: prose in blocks, keys in order."""
    from memo.fmt import fmt_project
    from memo.problems import counted

    project = project_of(ctx)
    report = fmt_project(project, project.select(topics) if topics else None, check)
    print_problems(report.problems)
    for path in report.changed:
        click.echo(f"{'would reformat' if check else 'reformatted'} {path.relative_to(project.root)}")
    click.echo(
        f"{counted(len(report.changed), 'file')} {'would be ' if check else ''}reformatted, "
        f"{len(report.unchanged)} unchanged, {len({p.file for p in report.problems})} refused",
        err=True,
    )
    if report.problems or (check and report.changed):
        sys.exit(1)


@main.command()
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), help="Folder to write to (default: schemas/).")
@click.pass_context
@reports
def schema(ctx: click.Context, out: Path | None) -> None:
    """Write briefing.schema.json and source.schema.json, the JSON Schemas editors' tools read, from the models."""
    from memo.schema import write_schemas

    for path in write_schemas(out or project_of(ctx).root / "schemas"):
        click.echo(f"wrote {path}")


@main.command()
@click.argument("name", required=False)
@click.option("--all", "every", is_flag=True, help="A book of every topic, written as book-all.*")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), help="Output folder (default: output/).")
@click.option("--template", "-t", metavar="NAME", help="Template set under templates/ (default: memo).")
@click.pass_context
@reports
def book(ctx: click.Context, name: str | None, every: bool, out: Path | None, template: str | None) -> None:
    """Build the briefing book NAME of [tool.memo.books] (or --all topics) as book-NAME.pdf, .docx and .html."""
    from memo.book_output import build_book
    from memo.templates import find_template_set

    if every == (name is not None):
        raise click.UsageError("name one book, or give --all")
    project = project_of(ctx)
    templates = find_template_set(project.templates_dir, template or project.settings.template)
    result = build_book(project, name, out or project.output_dir, templates)
    print_problems(result.problems)
    files = ", ".join(f"{n} ({size // 1024} KB)" for n, size, _ in result.files.values())
    click.echo(f"built book '{result.name}': {files}")


@main.command()
@click.argument("topics", nargs=-1)
@click.option(
    "--format", "-f", "formats", metavar="LIST", help="Comma-separated formats: pdf,docx,html (default: all)."
)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), help="Output folder (default: output/).")
@click.option("--template", "-t", metavar="NAME", help="Template set under templates/ (default: memo).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), help="Worker processes (default: one per CPU).")
@click.option("--force", is_flag=True, help="Rebuild even what is up to date.")
@click.option("--keep-orphans", is_flag=True, help="Keep the files of topics whose briefing is gone.")
@click.pass_context
@reports
def build(
    ctx: click.Context, topics: tuple[str, ...], formats: str | None, out: Path | None, template: str | None,
    jobs: int | None, force: bool, keep_orphans: bool,
) -> None:  # fmt: skip
    """Render memos (all topics by default) into output/ as PDF, Word and HTML; skip what is up to date."""
    from memo.render.collector import paused

    with paused():  # a build runs without the cyclic collector: memo/render/collector.py says why
        _build(ctx, topics, formats, out, template, jobs, force, keep_orphans)


def _build(
    ctx: click.Context, topics: tuple[str, ...], formats: str | None, out: Path | None, template: str | None,
    jobs: int | None, force: bool, keep_orphans: bool,
) -> None:  # fmt: skip
    import time

    from memo.pipeline import Request, build_all, default_jobs, parse_formats
    from memo.problems import counted, display_path, visible
    from memo.record import replace
    from memo.report import progress_for_stream
    from memo.templates import find_template_set

    started = time.perf_counter()
    project = project_of(ctx)
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
        click.echo(f"memo: warning: {note}", err=True)
    for path in report.removed:
        click.echo(visible(f"removed {display_path(str(path))}: its topic no longer exists"))
    click.echo(
        f"built {counted(len(report.built), 'memo')} ({counted(report.file_count, 'file')}), "
        f"{len(report.up_to_date)} up to date, "
        f"{len(report.failed)} failed in {time.perf_counter() - started:.1f} s"
    )
    if not report.ok:
        sys.exit(1)


@main.command()
@click.argument("topics", nargs=-1)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), help="Output folder (default: output/).")
@click.pass_context
@reports
def check(ctx: click.Context, topics: tuple[str, ...], out: Path | None) -> None:
    """Preflight built memos: page geometry, notes on their call's page, tags, glyphs, PDF/Word parity."""
    from memo.preflight.run import check_output
    from memo.problems import counted

    project = project_of(ctx)
    report = check_output(project, list(topics), out or project.output_dir)
    errors, warnings = print_problems(report.problems)
    click.echo(
        f"checked {counted(report.memos, 'memo')} ({counted(report.files, 'file')}): "
        f"{counted(errors, 'error')}, {counted(warnings, 'warning')}",
        err=True,
    )
    if report.problems:
        sys.exit(1)


@main.command()
@click.argument("folder", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.pass_context
@reports
def verify(ctx: click.Context, folder: Path | None) -> None:
    """Check built files against manifest.json: present, same size and sha256, same embedded provenance;
    inside a project, built from today's briefings and sources."""
    from memo.verify import verify_folder

    report = verify_folder(folder, ctx.obj)
    print_problems(report.problems)
    click.echo(report.summary())
    if not report.ok:
        sys.exit(1)


@main.command()
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True, help="Port (0: any free one).")
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Address to listen on; anything but loopback warns."
)
@click.option("--open", "open_browser", is_flag=True, help="Open the index in the default browser.")
@click.option("--template", "-t", metavar="NAME", help="Template set under templates/ (default: memo).")
@click.pass_context
@reports
def serve(ctx: click.Context, port: int, host: str, open_browser: bool, template: str | None) -> None:
    """Live preview on 127.0.0.1: each save re-renders what it affects, problems shown over the page."""
    from memo.serve import serve as run
    from memo.templates import find_template_set

    project = project_of(ctx)
    if template:
        find_template_set(project.templates_dir, template)  # a wrong name is a usage error, before serving
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"memo: warning: listening on {host}: other machines may reach the preview", err=True)
    run(project, template, host, port, open_browser, lambda line: click.echo(line, err=True))


@main.group()
def sources() -> None:
    """Work on the source register (seeds/)."""


@sources.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_context
@reports
def import_(ctx: click.Context, file: Path) -> None:
    """Write one seeds/<id>.yaml per item of a CSL JSON or CSL YAML export; never overwrite."""
    from memo.sources_import import import_sources

    project = project_of(ctx)
    for path in import_sources(project.seeds_dir, file, project.settings.max_file_bytes):
        click.echo(f"wrote {path.relative_to(project.root)}")


# What click and these commands allocated lives as long as the process: set it aside (gc.freeze), so that the
# cyclic collector, which walked it a dozen times while it was made, never walks it again (~4 ms a command).
gc.freeze()
if _collecting:
    gc.enable()
