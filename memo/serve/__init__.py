"""`memo serve`: a live preview of a project that follows every save, in one warm process.

The preview renders in memory and writes nothing (`memo build` publishes). Its parts: `state` keeps the
project loaded and the viewed memos rendered, `watch` feeds it each save, `app` answers the browser, `page`
is the HTML the preview adds, `kept` what a save does not change.
"""

from __future__ import annotations

import signal
import threading
import webbrowser
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from memo.problems import MemoError
from memo.project import Project

if TYPE_CHECKING:
    from memo.serve.app import PreviewServer


def serve(
    project: Project, template: str | None, host: str, port: int, open_browser: bool, say: Callable[[str], None]
) -> None:
    """Serve until Ctrl-C (or SIGTERM); then cut every connection, join every thread and return."""
    from memo.serve.app import PreviewServer
    from memo.serve.state import Preview
    from memo.serve.watch import watch

    with _interrupts_end_it():
        preview = Preview(project, template or "", say)
        try:
            server = PreviewServer(host, port, preview)
        except OSError as exc:
            raise MemoError(f"memo: error: cannot listen on {host}:{port}: {exc.strerror or exc}; try --port") from None
        stop = threading.Event()
        watcher = threading.Thread(target=watch, args=(preview, stop), name="memo-serve-watch")
        try:
            watcher.start()
            shown = f"[{host}]" if ":" in host else host
            url = f"http://{'localhost' if host == '127.0.0.1' else shown}:{server.server_port}/"
            say(f"serving {project.root} at {url} (Ctrl-C to stop)")
            if open_browser:
                webbrowser.open(url)
            with _signals_stop(server):
                server.serve_forever(poll_interval=0.25)
        finally:
            if _main_thread():
                signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C waits for the clean end
            stop.set()
            preview.stop()
            server.cut_connections()
            server.server_close()  # joins the request threads
            if watcher.is_alive():
                watcher.join()
            say("stopped")


@contextmanager
def _signals_stop(server: PreviewServer) -> Iterator[None]:
    """While serving, Ctrl-C and SIGTERM ask serve_forever to return at its next poll, rather than raise
    KeyboardInterrupt wherever the main thread happens to be (half-way through starting a request's thread,
    say, which then finds its socket closed and prints a traceback)."""
    if not _main_thread():
        yield
        return

    def stop(signum: int, frame: object) -> None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C waits for the clean end
        threading.Thread(target=server.shutdown, name="memo-serve-stop").start()  # not on serve_forever's thread

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            if sig != signal.SIGINT:
                signal.signal(sig, handler)


def _main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


@contextmanager
def _interrupts_end_it() -> Iterator[None]:
    """Ctrl-C and SIGTERM end the server quietly: no traceback, exit code 0."""
    if not _main_thread():
        yield
        return

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    interrupt = signal.getsignal(signal.SIGINT)  # ignored while the server winds down; given back after
    try:
        yield
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        signal.signal(signal.SIGINT, interrupt)
