"""How a build shows its progress: a rich bar on a terminal, plain lines in a pipe or CI."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from memo.echo import echo

if TYPE_CHECKING:
    from memo.pipeline import TopicResult


class PlainProgress:
    """One line per topic built, for logs that are read later."""

    def start(self, total: int) -> None:
        self.total, self.done = total, 0

    def advance(self, result: TopicResult) -> None:
        self.done += 1
        what = ", ".join(result.files) or "nothing"
        state = "failed" if not result.ok else "built"
        echo(f"[{self.done}/{self.total}] {state} {result.topic} ({what})")

    def stop(self) -> None:
        pass


class BarProgress:
    """A live bar (rich) for people watching a terminal."""

    def __init__(self, console: Any = None) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.bar = Progress(
            TextColumn("building"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            TextColumn("{task.description}"), transient=True, console=console or Console(stderr=True),
        )  # fmt: skip
        self.task: Any = None

    def start(self, total: int) -> None:
        if total > 1:
            self.bar.start()
            self.task = self.bar.add_task("", total=total)

    def advance(self, result: TopicResult) -> None:
        if self.task is not None:
            self.bar.update(self.task, advance=1, description=result.topic)

    def stop(self) -> None:
        if self.task is not None:
            self.bar.stop()


def progress_for_stream() -> PlainProgress | BarProgress:
    return BarProgress() if sys.stderr.isatty() else PlainProgress()
