"""Spread a build's jobs over forked worker processes (or run them here, for one).

Only `memo build` uses this: it freezes the garbage collector's view of what is loaded, and forks. A
long-running process such as `memo serve` renders with `memo.produce` and never comes here.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import suppress
from typing import Any, Protocol, TypeVar

from memo.render import renderer

J = TypeVar("J")
R = TypeVar("R")


class Progress(Protocol):
    def start(self, total: int) -> None: ...
    def advance(self, result: Any) -> None: ...


_work: Callable[[Any], Any] | None = None  # set before the fork, so workers inherit it instead of pickling it


def _call(job: Any) -> Any:
    """In a worker: the job's result, and the paragraphs it parsed afresh (a worker runs no exit handler to
    keep them itself: memo/inline_cache.py)."""
    assert _work is not None
    from memo import inline_cache

    return _work(job), inline_cache.learned()


def load(formats: set[str]) -> None:
    """Import the renderers of ``formats`` once, here: forked workers inherit them instead of importing them each."""
    for fmt in formats:
        with suppress(Exception):  # a failure here is reported per topic, where it is rendered
            renderer(fmt)


def run(
    jobs: Sequence[J], work: Callable[[J], R], workers: int, formats: set[str], progress: Progress | None = None
) -> Iterator[R]:
    """Yield ``work(job)`` for each job, in completion order, on up to ``workers`` forked processes."""
    global _work
    load(formats)
    gc.freeze()  # what is loaded by now lives to the end: later collections need not walk it (14 ms, not 50)
    workers = min(workers, len(jobs))
    if workers <= 1:
        if progress:
            progress.start(len(jobs))
        for job in jobs:
            result = work(job)
            if progress:
                progress.advance(result)
            yield result
        return
    import multiprocessing

    _work = work
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            if progress:  # only now: a progress bar runs a thread, and threads must not cross a fork
                progress.start(len(jobs))
            from memo import inline_cache

            for result, learned in pool.imap_unordered(_call, jobs):
                inline_cache.learn(*learned)
                if progress:
                    progress.advance(result)
                yield result
    finally:
        _work = None
