"""Problems an editor can cause, and the one line each prints as.

Level policy: an *error* means the memo cannot be built or would be wrong; a
*warning* means suspicious content (an uncited point, an unused source, a
placeholder left in). ``--strict`` treats warnings as errors.
"""

from __future__ import annotations

import os
from enum import StrEnum
from pathlib import Path

from memo.record import Record


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class Problem(Record, order=True):
    file: str
    line: int
    col: int
    severity: Severity
    message: str

    def __str__(self) -> str:
        return visible(f"{display_path(self.file)}:{self.line}:{self.col}: {self.severity}: {self.message}")

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def error(file: str | Path, line: int, col: int, message: str) -> Problem:
    return Problem(str(file), line, col, Severity.ERROR, message)


def warning(file: str | Path, line: int, col: int, message: str) -> Problem:
    return Problem(str(file), line, col, Severity.WARNING, message)


def counted(n: int, noun: str) -> str:
    """'1 error', '2 errors', '0 warnings': summary lines an editor reads, not a programmer's 'error(s)'."""
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


def visible(text: str) -> str:
    """Escape what would break the one-line shape or hide in it: line breaks, terminal escapes, bidi and
    zero-width characters, from a hostile file name or a key typed with an invisible character."""
    if text.isprintable():  # false for every Cc, Cf, Zl and Zp character (and some harmless ones, kept below)
        return text
    import unicodedata  # here: most lines need no escape, and every command imports this module early

    hidden = ("Cc", "Cf", "Zl", "Zp")  # but ZWJ, which joins emoji
    return "".join(_escape(c) if unicodedata.category(c) in hidden and c != "\u200d" else c for c in text)


def _escape(c: str) -> str:
    n = ord(c)
    return f"\\x{n:02x}" if n < 0x100 else f"\\u{n:04x}" if n < 0x10000 else f"\\U{n:08x}"


def display_path(file: str) -> str:
    """Paths relative to the working directory when below it, so editors can click them."""
    try:
        rel = os.path.relpath(file)
    except ValueError:
        return file
    return file if rel.startswith("..") else rel


class MemoError(Exception):
    """A failure the command line reports as problems and exit code 1, never as a traceback."""

    def __init__(self, problems: list[Problem] | str) -> None:
        if isinstance(problems, str):
            self.problems: list[Problem] = []
            self.text = problems
        else:
            self.problems = problems
            self.text = "\n".join(str(p) for p in problems)
        super().__init__(self.text)


class UsageError(MemoError):
    """Wrong usage (a bad topic name, a missing template set): exit code 2."""
