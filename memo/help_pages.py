"""`memo --help` and `memo COMMAND --help`, answered from click's own page kept from an earlier run.

click's import is most of a help page's cost (about 80 ms of 110 here, four times Python's own start), and
the page only changes with memo's commands, click and the terminal's width. So the first `--help` asks
click for the page, exactly as its help option would print it, and keeps it as text; the next prints the
text without importing click. Only `memo --help`, `memo -h` and the same after one command name are
answered here, and only where click is not loaded (where it is, as under click's test runner, it answers).

A kept page is used only while everything that shaped it is as it was: Python, its import path, the
folder `import click` would load click from, and the size and modification time of every file of that
click and of memo's command definitions; and only whole (its length is kept with it). Otherwise click
makes it afresh. The pages live in the user's private cache folder (memo/user_cache.py's rules), found here
without importing tempfile, json or pathlib, which would cost as much as the page saves.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from collections.abc import Sequence

HELP = ("--help", "-h")  # memo's help_option_names (memo/commands.py)
FOLDER = "memo-help"
OURS = ("__init__.py", "cli.py", "commands.py", "help_pages.py")  # what memo's help pages are made from


def answer(args: Sequence[str], prog_name: str | None) -> bool:
    """Print the help page `args` ask for and return True; False where click must answer."""
    if "click" in sys.modules or prog_name not in (None, "memo"):
        return False
    if prog_name is None and os.path.basename(sys.argv[0]) != "memo":  # click names the program after argv[0]
        return False
    if len(args) == 1 and args[0] in HELP:
        command = ""
    elif len(args) == 2 and args[1] in HELP and args[0].isascii() and args[0].isalpha() and args[0].islower():
        command = args[0]  # a command's name: never a path to a file (memo's are all plain words)
    else:
        return False
    width = _width()
    name = f"{command or 'memo'}-{width}.txt"
    page = _kept(name)
    if page is None:
        page = _made(command)
        if page is None:
            return False
        _keep(name, page)
    from memo.echo import echo

    echo(page)
    return True


def _width() -> int:
    """click's help width: the terminal's columns (as shutil.get_terminal_size finds them), 50 to 78."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns or 80  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 80
    return max(min(columns, 80) - 2, 50)


def _click_dir() -> str | None:
    """The folder `import click` would load click from now, found as import finds it (without importing it)."""
    for finder in sys.meta_path:
        find_spec = getattr(finder, "find_spec", None)
        spec = find_spec("click", None) if find_spec else None
        if spec is not None:
            return os.path.dirname(spec.origin) if spec.origin else None
    return None


def _stamp(click_dir: str) -> str:
    """What a page depends on, as one line: Python, its import path, and memo's and click's files."""
    here = os.path.dirname(os.path.abspath(__file__))
    files = [os.path.join(here, name) for name in OURS]
    try:
        files += sorted(entry.path for entry in os.scandir(click_dir) if entry.name.endswith(".py"))
        parts = [sys.version, os.pathsep.join(sys.path), click_dir]
        for path in files:
            info = os.stat(path)
            parts.append(f"{path}:{info.st_size}:{info.st_mtime_ns}")
    except OSError:
        return ""
    return ascii(parts)  # one line, whatever the paths hold (a line break, bytes no encoding reads)


def _folder() -> str | None:
    """The private folder memo/user_cache.py makes in the temp folder, if it is there and ours alone."""
    base = os.environ.get("TMPDIR") or os.environ.get("TEMP") or os.environ.get("TMP") or "/tmp"
    try:
        uid = os.getuid()
        path = os.path.join(base, f"{FOLDER}-{uid}")
        info = os.lstat(path)
    except (OSError, AttributeError):
        return None
    if (info.st_mode & 0o170000) != 0o040000 or info.st_uid != uid or info.st_mode & 0o077:
        return None  # not a real folder, another user's, or open to others: not ours to trust
    return path


def _kept(name: str) -> str | None:
    """The page kept under ``name``, if what made it is still what click would use, and it is whole."""
    folder, click_dir = _folder(), _click_dir()
    if folder is None or click_dir is None:
        return None
    try:
        with open(os.path.join(folder, name), encoding="utf-8") as file:
            stamp = file.readline().rstrip("\n")
            length = file.readline().rstrip("\n")
            page = file.read()
    except (OSError, UnicodeDecodeError):
        return None
    if not stamp or stamp != _stamp(click_dir) or length != str(len(page)):
        return None  # made by another click or memo, or cut short (a write the machine lost)
    return page


def _made(command: str) -> str | None:
    """The page click's help option prints for `memo [COMMAND] --help`, or None for a command it lacks."""
    import click

    from memo.commands import main

    ctx = click.Context(main, info_name="memo", **main.context_settings)
    if command:
        sub = main.get_command(ctx, command)
        if sub is None:
            return None
        ctx = click.Context(sub, info_name=command, parent=ctx, **sub.context_settings)
    return ctx.get_help()


def _keep(name: str, page: str) -> None:
    import click

    from memo import user_cache

    click_dir = _click_dir()
    if click_dir is None or click_dir != os.path.dirname(os.path.abspath(click.__file__ or "")):
        return  # the click that made the page is not the one a later run would find
    folder, stamp = user_cache.folder(FOLDER), _stamp(click_dir)
    if folder is not None and stamp:
        user_cache.store(folder / name, f"{stamp}\n{len(page)}\n{page}".encode("utf-8", "surrogateescape"))
