"""Problems an editor can cause, and the one line each prints as.

Level policy: an *error* means the memo cannot be built or would be wrong; a
*warning* means suspicious content (an uncited point, an unused source, a
placeholder left in). ``--strict`` treats warnings as errors.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    col: int
    severity: Severity
    message: str

    def __str__(self) -> str:
        return f"{display_path(self.file)}:{self.line}:{self.col}: {self.severity}: {self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def error(file: str | Path, line: int, col: int, message: str) -> Problem:
    return Problem(str(file), line, col, Severity.ERROR, message)


def warning(file: str | Path, line: int, col: int, message: str) -> Problem:
    return Problem(str(file), line, col, Severity.WARNING, message)


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
