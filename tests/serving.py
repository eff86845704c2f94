"""`memo serve` in a child process on a tiny project, for the HTTP and browser tests: start it on a free port,
ask it for pages as a browser would (raw paths, any Host), follow its log, stop it with Ctrl-C."""

from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from tests.conftest import BRIEFING, OTHER, PYPROJECT, REPO, SOURCE, Tiny

STARTED = re.compile(r"^serving .* at http://(?:localhost|\S+?):(\d+)/")


def tiny_project(root: Path) -> Tiny:
    """The conftest's tiny project, in a folder of the caller's choosing (a module's, not a test's)."""
    project = Tiny(root)
    project.write("pyproject.toml", PYPROJECT)
    project.write("seeds/gazette-2025-04-27.yaml", SOURCE.format(id="gazette-2025-04-27", title="Talks resume"))
    project.write("seeds/herald-2025-03-01.yaml", SOURCE.format(id="herald-2025-03-01", title="Talks open"))
    project.briefing("grain-talks", BRIEFING)
    project.briefing("other-topic", OTHER)
    shutil.copytree(REPO / "templates", root / "templates")
    return project


def save(path: Path, text: str) -> None:
    """Save as many editors do, whole or not at all: a new file renamed over the old (the watcher could
    otherwise catch a file half-written, show its problem for a moment, then the file)."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


class Served:
    """A running `memo serve`; every line it prints is kept in ``lines``."""

    def __init__(self, root: Path, *args: str) -> None:
        self.root = root
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "memo", "--root", str(root), "serve", "--port", "0", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
            cwd=root,
        )
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.port = int(self.wait_line(STARTED, 60).group(1))
        self.url = f"http://localhost:{self.port}"

    def _read(self) -> None:
        assert self.proc.stdout is not None
        with self.proc.stdout:
            for line in self.proc.stdout:
                self.lines.append(line.rstrip("\n"))

    def settle(self, quiet: float = 0.75, timeout: float = 20) -> int:
        """Wait until the server has printed nothing for ``quiet`` seconds (an earlier test's saves, a file
        written in two steps, can still be reloading); the number of lines by then."""
        deadline = time.monotonic() + timeout
        seen, since = len(self.lines), time.monotonic()
        while time.monotonic() - since < quiet and time.monotonic() < deadline:
            time.sleep(0.05)
            if len(self.lines) != seen:
                seen, since = len(self.lines), time.monotonic()
        return seen

    def wait_line(self, pattern: re.Pattern[str], timeout: float = 20, start: int = 0) -> re.Match[str]:
        """The first line from line ``start`` on (0: the first it printed) that matches, waiting for it."""
        deadline = time.monotonic() + timeout
        while True:
            for line in self.lines[start:]:
                if m := pattern.search(line):
                    return m
            if time.monotonic() > deadline:
                raise AssertionError(f"no line like {pattern.pattern!r} in:\n" + "\n".join(self.lines))
            time.sleep(0.02)

    def request(
        self, path: str, host: str | None = "default", method: str = "GET"
    ) -> tuple[int, dict[str, str], bytes]:
        """(status, headers, body) of a request sent as is: the path not normalised, ``host`` the Host header
        (the server's own by default; None sends none)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        if host is not None:
            conn.putheader("Host", f"localhost:{self.port}" if host == "default" else host)
        conn.endheaders()
        response = conn.getresponse()
        body = response.read()
        conn.close()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body

    def get(self, path: str) -> bytes:
        status, _, body = self.request(path)
        assert status == 200, (status, body[:500])
        return body

    def eventually(self, path: str, check: Callable[[bytes], bool], timeout: float = 20) -> bytes:
        """The page at ``path`` once ``check`` holds for it (the server picks a save up in a few ms)."""
        deadline = time.monotonic() + timeout
        while True:
            status, _, body = self.request(path)
            if status == 200 and check(body):
                return body
            if time.monotonic() > deadline:
                raise AssertionError(f"{path} never changed as expected; last: {body[-3000:]!r}")
            time.sleep(0.05)

    def interrupt(self, timeout: float = 15) -> tuple[int, str]:
        """Ctrl-C: (exit code, everything printed)."""
        self.proc.send_signal(signal.SIGINT)
        code = self.proc.wait(timeout=timeout)
        self._reader.join(timeout=5)  # the last lines
        return code, "\n".join(self.lines)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._reader.join(timeout=5)
