"""The quick lane: the plain `validate`, `list` and `build` command lines, read without importing click.

click's import is 30-70 ms here, more than Python's own start and a third of a one-shot Word build; these
three commands are what an editor runs again and again (issue 16). `parse` reads only what it can read
exactly as click would: memo's own options for these commands (``--root``, ``--strict``, ``-f html``,
``--format=html``, ``-fhtml``, ``-j 2``, ``--force``, ``--``), each value checked as click's type would
check it. Anything else (``--help``, an unknown or misspelt option, a missing value, a value click would
refuse, an abbreviation, shell completion) it leaves to click, which answers with its own words.
tests/test_quick.py holds both parsers to the same reading of thousands of generated command lines.

`run` then does what click's standalone `main` does around a command: it runs memo/actions.py with the
values, exits 0, 1 or 2, prints "Aborted!" on Ctrl-C; a memo usage error (an unknown topic or format)
sends the same command line to click, so the message and exit code are click's. Usage errors are raised
before a command prints or writes anything, so nothing is done twice.
"""

from __future__ import annotations

import contextlib
import gc
import io
import os
import stat
import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from typing import Any

ROOT = "--root"

# Per command: its flags (long names) and its options with a value (every name, long or short, to the
# keyword it fills and the check click's type makes of it).
FLAGS: dict[str, dict[str, str]] = {
    "validate": {"--strict": "strict"},
    "list": {},
    "build": {"--force": "force", "--keep-orphans": "keep_orphans"},
}
VALUES: dict[str, dict[str, tuple[str, str]]] = {
    "validate": {},
    "list": {},
    "build": {
        "--format": ("formats", "text"),
        "-f": ("formats", "text"),
        "--out": ("out", "folder"),
        "--template": ("template", "text"),
        "-t": ("template", "text"),
        "--jobs": ("jobs", "count"),
        "-j": ("jobs", "count"),
    },
}
TAKES_TOPICS = {"validate", "build"}


def parse(args: Sequence[str]) -> tuple[str, dict[str, Any]] | None:
    """The command and its keyword values, as click would read `args`; None for anything click must read."""
    root: str | None = None
    at = 0
    while at < len(args) and (args[at] == ROOT or args[at].startswith(ROOT + "=")):  # the group's one option
        if args[at] == ROOT:
            if at + 1 == len(args):
                return None
            root, at = args[at + 1], at + 2
        else:
            root, at = args[at][len(ROOT) + 1 :], at + 1
    if at == len(args) or args[at] not in FLAGS:
        return None
    command, rest = args[at], args[at + 1 :]
    values = _command_values(command, rest)
    if values is None:
        return None
    if root is None:
        values["root"] = None
    else:
        checked = _folder(root, must_exist=True)
        if checked is None:
            return None
        values["root"] = checked
    return command, values


def _command_values(command: str, rest: Sequence[str]) -> dict[str, Any] | None:
    flags, valued = FLAGS[command], VALUES[command]
    found: dict[str, tuple[str, str]] = {}
    flagged: set[str] = set()
    topics: list[str] = []
    at = 0
    while at < len(rest):
        token = rest[at]
        at += 1
        if token == "--":
            topics.extend(rest[at:])
            break
        if token[:1] != "-" or len(token) == 1:  # "-" alone is an argument, as in click
            topics.append(token)
            continue
        if token[:2] == "--":
            name, has_value, value = token.partition("=")
            if name in flags and not has_value:
                flagged.add(flags[name])
                continue
            if name not in valued:
                return None
            if not has_value:
                if at == len(rest):
                    return None
                value, at = rest[at], at + 1
        else:  # a short option: its value is the rest of the token, or else the next one
            name = token[:2]
            if name not in valued:
                return None
            value = token[2:]
            if not value:
                if at == len(rest):
                    return None
                value, at = rest[at], at + 1
        keyword, kind = valued[name]
        found[keyword] = (kind, value)  # the last given wins, as in click
    if topics and command not in TAKES_TOPICS:
        return None
    values: dict[str, Any] = {flag: flag in flagged for flag in flags.values()}
    values.update(dict.fromkeys((keyword for keyword, _ in valued.values()), None))
    for keyword, (kind, text) in found.items():  # checked once, the value that counts, as click does
        checked = text if kind == "text" else _count(text) if kind == "count" else _folder(text, must_exist=False)
        if checked is None:
            return None
        values[keyword] = checked
    if command in TAKES_TOPICS:
        values["topics"] = tuple(topics)
    return values


def _count(value: str) -> int | None:
    """click.IntRange(min=1), for plain digits only: int() takes more ("+2", " 2", "٢"), left to click."""
    if not (value.isascii() and value.isdigit()):
        return None
    try:
        number = int(value)
    except ValueError:  # past Python's 4300 digits: click says it is no integer
        return None
    return number if number >= 1 else None


def _folder(value: str, must_exist: bool) -> Any:
    """click.Path(file_okay=False, path_type=Path) with `exists` as given: None where click would refuse it."""
    try:
        info = os.stat(value)
    except (OSError, ValueError):  # ValueError: a NUL in the name, which click reports
        if must_exist or "\0" in value:
            return None
    else:
        if stat.S_ISREG(info.st_mode) or not os.access(value, os.R_OK):
            return None
    from pathlib import Path

    return Path(value)


def _writes_as_click_does(stream: object) -> bool:
    """click.echo writes a text stream with a real encoding as it is; it rewraps others (an ASCII one)."""
    if stream is None:
        return True
    if not isinstance(stream, io.TextIOBase) or getattr(stream, "errors", None) is None:
        return False
    encoding = getattr(stream, "encoding", None)
    if not encoding:
        return False
    import codecs

    try:
        return codecs.lookup(encoding).name != "ascii"
    except LookupError:
        return False


def _completing() -> bool:
    """click's shell completion is asked for through _PROG_COMPLETE in the environment."""
    return any(key.startswith("_") and key.endswith("_COMPLETE") for key in os.environ)


def run(args: Sequence[str], prog_name: str | None = None) -> None:
    """Run `args` in the quick lane and exit; return only if click must read them."""
    if _completing() or not (_writes_as_click_does(sys.stdout) and _writes_as_click_does(sys.stderr)):
        return
    collecting = gc.isenabled()
    gc.disable()  # a build runs with the collector paused from here (memo/render/collector.py says why)
    try:
        if len(args) in (1, 2) and args[-1] in ("--help", "-h"):  # `memo [COMMAND] --help`: memo/help_pages.py
            from memo import help_pages

            try:
                answered = help_pages.answer(args, prog_name)
            except BrokenPipeError:
                raise
            except OSError as exc:  # the page could not be written (`memo --help > /dev/full`): one line, exit 1
                from memo.actions import fail

                fail(exc)
            if answered:
                sys.exit(0)
        parsed = parse(args)
        if parsed is None:
            return
        if parsed[0] != "build" and collecting:
            gc.enable()
        if not _perform(*parsed):
            return
    except BrokenPipeError:  # as click: a reader gone (`memo list | head -1`) ends memo quietly with exit 1
        for stream in (sys.stdout, sys.stderr):  # and what is left unflushed goes nowhere at exit, not to a traceback
            with contextlib.suppress(AttributeError, OSError, ValueError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())
        sys.exit(1)
    finally:
        if collecting and not gc.isenabled():  # for click, or the caller of a test
            gc.enable()
    sys.exit(0)


def _perform(command: str, values: dict[str, Any]) -> bool:
    """Run the command as click's standalone main would; False for a usage error, which click must word."""
    from memo import actions
    from memo.echo import echo
    from memo.problems import MemoError, UsageError

    actions_by_name: dict[str, Callable[..., None]] = {
        "validate": actions.validate,
        "list": actions.list_topics,
        "build": actions.build,
    }
    try:
        actions_by_name[command](**values)
    except UsageError:
        return False  # to click: its usage line and "Error: ...", exit 2
    except BrokenPipeError:  # a reader gone: `run` ends quietly, as click does
        raise
    except (MemoError, OSError) as exc:
        actions.fail(exc)
    except (EOFError, KeyboardInterrupt):
        echo("", err=True)
        echo("Aborted!", err=True)
        sys.exit(1)
    return True
