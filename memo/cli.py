"""`memo` as the console script and `python -m memo` start it: a bare `memo --version` is answered here,
the plain `validate`, `list` and `build` command lines by the quick lane (memo/quick.py), and every other
command line by the click commands in memo/commands.py.

click is most of a bare command's start-up (about 30 ms of CPU, more than Python's own), and printing the
version needs none of it: `Main` answers with click's own words before importing click (a test holds the
two equal), and otherwise behaves as the click group it wraps (`main.commands`, `CliRunner().invoke(main)`).
"""

from __future__ import annotations

import os
import sys
import types
from functools import cached_property

from memo import __version__

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (about 5 ms) for a bare --version
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any, NoReturn

    import click

VERSION = "%(prog)s, version %(version)s"  # click.version_option's message, given to it in memo/commands.py


def _no_pydantic_plugins() -> None:
    """memo uses no pydantic plugins, so spare every command pydantic's look for them.

    The environment switch stops the search, but pydantic's plugin loader still
    imports importlib.metadata (about 25 ms) when the first model is built; a
    stand-in loader that finds none costs nothing.
    """
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    if os.environ["PYDANTIC_DISABLE_PLUGINS"] in ("__all__", "1", "true"):
        loader = types.ModuleType("pydantic.plugin._loader", "No pydantic plugins (memo.cli).")
        loader.get_plugins = tuple  # type: ignore[attr-defined]
        sys.modules.setdefault(loader.__name__, loader)


_no_pydantic_plugins()


class Main:
    """The `memo` command: the click group of memo/commands.py, imported on the first use that needs it."""

    @cached_property
    def group(self) -> click.Group:
        from memo.commands import main

        return main

    def __call__(self, args: Sequence[str] | None = None, prog_name: str | None = None, **extra: Any) -> Any:
        args = None if args is None else list(args)  # read once: an iterator given is read by whoever answers
        if (sys.argv[1:] if args is None else args) == ["--version"] and not extra:
            try:
                if sys.stdout is not None:  # None when memo runs with its standard output closed: click prints nothing
                    sys.stdout.write(VERSION % {"prog": "memo", "version": __version__} + "\n")
                    sys.stdout.flush()
            except BrokenPipeError:  # as click: no traceback, exit 1 (and nothing left to flush at exit)
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
                sys.exit(1)
            sys.exit(0)
        return self.main(args, prog_name, **extra)

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None, **extra: Any) -> Any:
        """click.Group.main, after the quick lane (memo/quick.py) has answered what it can without click."""
        args = None if args is None else list(args)
        if not extra:
            from memo.quick import run

            run(sys.argv[1:] if args is None else args, prog_name)  # exits, unless click must read the command line
        return self.group.main(args, prog_name, **extra)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.group, name)


main = Main()


def run(whole: bool = True) -> NoReturn:
    """The process's entry (the console script, ``python -m memo``): `main`, then an exit without Python's
    teardown, which frees every module and object one by one (3 ms of a 115 ms Word build, more after a PDF)
    when the process is about to end anyway. `main` itself exits as click's does, for callers in a process
    that goes on (tests, CliRunner); so does this with ``whole`` False, where memo's ``__main__`` runs inside
    another program's process (``runpy.run_module``)."""
    try:
        main(prog_name="memo")
    except SystemExit as exc:
        if not whole:
            raise
        leave(exc.code)
    if not whole:
        sys.exit(0)
    leave(0)


def leave(code: str | int | None) -> NoReturn:
    """Exit with ``code`` as ``sys.exit`` would: exit handlers run and the standard streams are flushed, but
    nothing is torn down. Every file memo writes is closed by then (memo/output.py writes each whole), and
    its caches are written by exit handlers. Anything unusual exits through Python as before: a message for
    an exit code, a thread still running, a stream that cannot be flushed, a profiler or debugger that
    reports when the program ends, ``python -i``."""
    threading = sys.modules.get("threading")
    running = threading is not None and any(
        t.is_alive() and not t.daemon for t in threading.enumerate() if t is not threading.main_thread()
    )
    watched = sys.getprofile() is not None or sys.gettrace() is not None  # cProfile, a debugger, coverage
    inspect = sys.flags.inspect or bool(os.environ.get("PYTHONINSPECT"))  # python -i: the prompt comes next
    if code is None:
        code = 0
    if not isinstance(code, int) or not 0 <= code <= 255 or running or watched or inspect:
        sys.exit(code)
    import atexit

    atexit._run_exitfuncs()
    try:
        for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):  # Python's own exit then reports it as it always has
        sys.exit(code)
    os._exit(code)
