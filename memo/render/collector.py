"""The cyclic garbage collector, paused while WeasyPrint lays out and writes a PDF.

A layout allocates hundreds of thousands of small objects and frees almost all
of them by reference counting; the collector, triggered by the allocations
alone, walks the whole heap again and again meanwhile. In a process that holds
a loaded project (`memo serve`, or a build before its fork) that walk is most of
the cost: a tagged memo's PDF took 1.65 s of CPU with the collector running and
1.17 s paused. The box trees a layout leaves are cyclic, so whoever renders
collects once afterwards (memo.pipeline after each memo but a build's only one;
the server when the response is sent, or at the collector's next natural turn).

A whole `memo build` runs paused as well (memo/actions.py): almost everything
it allocates before the first memo is rendered (modules, classes, the loaded
project) lives to the end and holds next to no cycles, yet the collector walked
it some fifty times, 20 ms of a 0.3 s one-memo build. What a build loads is
frozen before rendering (memo.workers), and the pipeline collects after each
memo but a build's only one, so memory stays as it was. The price: the few
cycles already garbage when it is frozen stay (about 340 objects, 50 KiB, from
click's import; 40 to 70 from a build's loading), where the collector would have
freed them.

Threads share one collector: it runs again only when the last render in any
thread is done, and only if it ran before the first began.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_renders = 0
_was_enabled = False


@contextmanager
def paused() -> Iterator[None]:
    global _renders, _was_enabled
    with _lock:
        if _renders == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _renders += 1
    try:
        yield
    finally:
        with _lock:
            _renders -= 1
            if _renders == 0 and _was_enabled:
                gc.enable()
