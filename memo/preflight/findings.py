"""A preflight finding (page, severity, message) and the Problem line it prints as for one file."""

from __future__ import annotations

from pathlib import Path

from memo.problems import Problem, Severity
from memo.record import Record


class Finding(Record, order=True):
    page: int  # 1-based; 1 for a finding about the whole file
    severity: Severity
    message: str

    def at(self, path: str | Path) -> Problem:
        """The usual problem line, with the page in the line position: ``output/x.pdf:3:1: warning: ...``."""
        return Problem(str(path), self.page, 1, self.severity, self.message)


def err(page: int, message: str) -> Finding:
    return Finding(page, Severity.ERROR, message)


def warn(page: int, message: str) -> Finding:
    return Finding(page, Severity.WARNING, message)


def quoted(text: str, limit: int = 40) -> str:
    """A sample of page text for a message: one line, shortened with an ellipsis."""
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1] + "\u2026"
    return f"\u201c{text}\u201d"
