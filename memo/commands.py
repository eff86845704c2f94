"""The `memo` commands (click): parse arguments, call the library, print. No logic lives here.

`memo` starts in memo/cli.py, which answers a bare `--version` before click is
imported, the plain `validate`, `list` and `build` command lines and a kept
help page without click (memo/quick.py, memo/help_pages.py), and hands
everything else to the group here. `validate`, `list` and `build` do their work
in memo/actions.py, which both lanes call. Only click is imported up front: the
library is imported inside each command, and renderers inside `build` only, so
`list` and `validate` stay fast however heavy rendering becomes
(tests/test_startup.py lists what each command may import).
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

    from memo import __version__, actions
    from memo.actions import print_problems
    from memo.cli import VERSION
except BaseException:  # an import that fails must not leave the collector off for the rest of the process
    if _collecting:
        gc.enable()
    raise

if TYPE_CHECKING:
    from memo.project import Project


def reports(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn library errors into one clean line each and exit codes: 1 for content or the disk, 2 for usage."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from memo.problems import MemoError, UsageError  # here: `--help` needs none of memo's own code

        try:
            return fn(*args, **kwargs)
        except UsageError as exc:
            raise click.UsageError(exc.text) from None
        except BrokenPipeError:  # a reader gone (`memo check | head -1`): click ends quietly with exit 1
            raise
        except (MemoError, OSError) as exc:  # OSError: the disk, not the content (a full disk, a vanished folder)
            actions.fail(exc)

    return wrapper


def project_of(ctx: click.Context) -> Project:
    return actions.project_of(ctx.obj)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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
    actions.validate(ctx.obj, topics, strict)


@main.command("list")
@click.pass_context
@reports
def list_(ctx: click.Context) -> None:
    """One line per topic: id, status, as_of, sources cited, title; '!' marks a stale topic."""
    actions.list_topics(ctx.obj)


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
    actions.build(ctx.obj, topics, formats, out, template, jobs, force, keep_orphans)


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
