"""Headless Chromium for the tests, driven through Debian's chromedriver with the W3C WebDriver protocol.

The protocol is JSON over HTTP, so a few urllib calls speak it; Selenium (which pulls in trio, whose
hypothesis plugin warns at import and so fails this suite's `filterwarnings = error`) is not needed, and
nothing is ever downloaded: the browser and the driver are the system's (apt: chromium, chromium-driver).
"""

from __future__ import annotations

import base64
import json
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1100,760",
]


def available() -> bool:
    return CHROMIUM.exists() and CHROMEDRIVER.exists()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Browser:
    """One Chromium session. ``resolve``: host names Chromium must resolve to 127.0.0.1 (a rebinding attack)."""

    def __init__(self, resolve: tuple[str, ...] = ()) -> None:
        self.profile = tempfile.mkdtemp(prefix="memo-chromium-")
        self.port = _free_port()
        self.driver = subprocess.Popen(
            [str(CHROMEDRIVER), f"--port={self.port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        self.base = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 20
        while True:
            try:
                if self._call("GET", "/status")["ready"]:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("chromedriver did not start")
            time.sleep(0.05)
        args = [*FLAGS, f"--user-data-dir={self.profile}"]
        if resolve:
            args.append("--host-resolver-rules=" + ", ".join(f"MAP {name} 127.0.0.1" for name in resolve))
        options = {"binary": str(CHROMIUM), "args": args}
        capabilities = {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": options}}
        self.session = self._call("POST", "/session", {"capabilities": capabilities})["sessionId"]

    def _call(self, method: str, path: str, body: dict | None = None) -> Any:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data=data, method=method)
        request.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read())["value"]

    def command(self, method: str, path: str, body: dict | None = None) -> Any:
        return self._call(method, f"/session/{self.session}{path}", body)

    def open(self, url: str) -> None:
        """Go to ``url`` from a blank page: a preview page left open may reload itself (a save of an earlier
        test) while the next navigation is under way, and its reload would win."""
        self.command("POST", "/url", {"url": "about:blank"})
        self.command("POST", "/url", {"url": url})

    def run(self, script: str, *args: Any) -> Any:
        return self.command("POST", "/execute/sync", {"script": script, "args": list(args)})

    def text(self) -> str:
        return self.run("return document.body ? document.body.innerText : ''")

    def wait(self, condition: str, timeout: float = 20) -> Any:
        """The value of the JavaScript expression ``condition`` once it is truthy."""
        deadline = time.monotonic() + timeout
        while True:
            value = self.run(f"return ({condition})")
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError(f"never true: {condition}\npage: {self.text()[-2000:]}")
            time.sleep(0.05)

    def screenshot(self) -> bytes:
        return base64.b64decode(self.command("GET", "/screenshot"))

    def quit(self) -> None:
        try:
            self.command("DELETE", "")
        finally:
            self.driver.terminate()
            self.driver.wait(timeout=10)
            shutil.rmtree(self.profile, ignore_errors=True)


def small_png(png: bytes, path: Path, colours: int = 64) -> None:
    """A screenshot for the README, in a palette of ``colours``: text and flat colour need few."""
    import io

    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        image.convert("RGB").quantize(colours, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)
