"""Answer the browser: a request in, one of the preview's few routes (or a refusal) out.

    /                 the topics, with their problems (follows every change)
    /<topic>          the memo's HTML as `memo build` writes it, plus the preview's problems and script
    /<topic>/pdf      the PDF in a page that follows every save, with the problems over it
    /<topic>.pdf      the PDF, rendered on request and kept until an input changes
    /<topic>.docx     the Word file, likewise
    /_events?since=N  the stream of changes the pages listen to (server-sent events)

Nothing else: no file is served by its path, so no path can lead out of the project. A request must name
this server by a loopback name and its port in ``Host``, so a web page elsewhere cannot reach it through a
name of its own that resolves here (DNS rebinding).
"""

from __future__ import annotations

import contextlib
import gc
import ipaddress
import json
import re
import secrets
import socket
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from memo.problems import Problem
from memo.serve import page
from memo.serve.state import Preview

TOPIC = re.compile(r"^/([a-z0-9]+(?:-[a-z0-9]+)*)(?:\.(pdf|docx)|/(pdf))?\Z")  # memo.ids.SLUG, on the raw path
EVENTS = re.compile(r"^/_events(?:\?since=([0-9]{1,12}))?\Z")
LOOPBACK = ("localhost", "127.0.0.1", "[::1]")
TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
HEARTBEAT_S = 15.0


class PreviewServer(ThreadingHTTPServer):
    """One thread per request; on close, every open connection is cut and every thread joined."""

    daemon_threads = False
    block_on_close = True

    def __init__(self, host: str, port: int, preview: Preview) -> None:
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.preview = preview
        self.names = set(LOOPBACK) | (
            {host.lower() if ":" not in host else f"[{host.lower()}]"} - {"", "0.0.0.0", "[::]"}
        )
        self.any_address = host in ("", "0.0.0.0", "::")
        self.open: set[socket.socket] = set()
        self.open_lock = threading.Lock()
        super().__init__((host, port), Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self.open_lock:
            self.open.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self.open_lock:
            self.open.discard(request)
        super().shutdown_request(request)

    def cut_connections(self) -> None:
        """End every open connection, so a thread waiting on a silent client returns at once."""
        with self.open_lock:
            for conn in self.open:
                with contextlib.suppress(OSError):
                    conn.shutdown(socket.SHUT_RDWR)

    def refusal(self, host: str | None) -> HTTPStatus | None:
        """Why a request naming ``host`` is refused: 403 for another name, 421 for another port."""
        if not host:
            return HTTPStatus.FORBIDDEN
        m = re.fullmatch(r"(\[[0-9A-Fa-f:.]+\]|[^:\[\]]+)(?::([0-9]{1,5}))?", host.strip())
        if m is None:
            return HTTPStatus.FORBIDDEN
        name, port = m.group(1).lower(), m.group(2)
        if name not in self.names and not (self.any_address and _ip_literal(name)):
            return HTTPStatus.FORBIDDEN
        if (int(port) if port else 80) != self.server_port:
            return HTTPStatus.MISDIRECTED_REQUEST
        return None


def _ip_literal(name: str) -> bool:
    """An address, not a name: no DNS answer can point it elsewhere."""
    try:
        ipaddress.ip_address(name.strip("[]"))
    except ValueError:
        return False
    return True


class Handler(BaseHTTPRequestHandler):
    server: PreviewServer
    protocol_version = "HTTP/1.0"  # one request per connection: nothing lingers at shutdown
    timeout = 10  # a client that connects and says nothing
    server_version = "memo-serve"
    sys_version = ""

    def do_GET(self) -> None:
        self.answer(body=True)

    def do_HEAD(self) -> None:
        self.answer(body=False)

    def answer(self, body: bool) -> None:
        self.body = body
        refused = self.server.refusal(self.headers.get("Host"))
        if refused is not None:
            self.send_text(refused, f"{refused.value} {refused.phrase}: this preview answers only to "
                           f"localhost:{self.server.server_port}\n")  # fmt: skip
            return
        preview = self.server.preview
        try:
            if self.path == "/":
                self.index(preview)
            elif m := EVENTS.match(self.path):
                self.events(preview, int(m.group(1) or 0))
            elif (m := TOPIC.match(self.path)) and m.group(1) in preview.topics():
                if m.group(2):
                    self.file(preview, m.group(1), m.group(2))
                elif m.group(3):
                    self.pdf_view(preview, m.group(1))
                else:
                    self.memo(preview, m.group(1))
            elif m:  # a topic id, as on the command line, that names no briefing
                from memo.validate import suggest

                hint = suggest(m.group(1), sorted(preview.topics()))
                self.send_text(HTTPStatus.NOT_FOUND, f"404 Not Found: no topic '{m.group(1)}' in briefings/{hint}\n")
            else:
                self.send_text(
                    HTTPStatus.NOT_FOUND,
                    "404 Not Found: the preview serves /, /TOPIC, /TOPIC/pdf, /TOPIC.pdf and /TOPIC.docx\n",
                )
        except (BrokenPipeError, ConnectionResetError, TimeoutError):  # the browser went away, or stopped reading
            pass
        except Exception as exc:  # a bug of ours must not end the server: say it, answer 500
            preview.say(
                f"memo serve: internal error (still serving) on {self.path[:200]!r}: {type(exc).__name__}: {exc}"
            )
            self.send_text(HTTPStatus.INTERNAL_SERVER_ERROR, f"500: {type(exc).__name__}: {exc}\n")

    def index(self, preview: Preview) -> None:
        nonce = secrets.token_urlsafe(16)
        generation = preview.generation  # before the content: a change in between means one reload too many, not a miss
        html = page.index_page(nonce, generation, preview.root, preview.rows(), preview.other_problems())
        self.send(HTTPStatus.OK, "text/html; charset=utf-8", html, nonce)

    def memo(self, preview: Preview, topic: str) -> None:
        nonce = secrets.token_urlsafe(16)
        generation = preview.generation
        shown = preview.page(topic)
        problems = preview.problems(topic)
        at, html = (shown.at, shown.html) if shown is not None else (None, None)
        added = page.preview_additions(nonce, generation, topic, preview.root, problems, at)
        self.send(HTTPStatus.OK, "text/html; charset=utf-8", page.topic_page(html, added), nonce)
        preview.fetched_page(generation)

    def pdf_view(self, preview: Preview, topic: str) -> None:
        """The PDF in a frame, under the preview's problems and script: a save reloads the page, and with it
        the PDF (a browser's PDF viewer runs no script of ours, so a bare /TOPIC.pdf cannot follow saves)."""
        nonce = secrets.token_urlsafe(16)
        generation = preview.generation
        problems = preview.problems(topic)
        added = page.preview_additions(nonce, generation, topic, preview.root, problems, None, pdf=True)
        framed = not any(p.is_error for p in problems)  # else there is no PDF to show: the problems say why
        self.send(
            HTTPStatus.OK, "text/html; charset=utf-8", page.pdf_page(topic, nonce, added, framed), nonce, frames=framed
        )
        preview.fetched_page(generation)

    def file(self, preview: Preview, topic: str, fmt: str) -> None:
        rendered = preview.pdfs_rendered
        data, problems = preview.file(topic, fmt)
        if data is not None:
            disposition = "inline" if fmt == "pdf" else "attachment"
            self.send(
                HTTPStatus.OK,
                TYPES[fmt],
                data,
                extra={"Content-Disposition": f'{disposition}; filename="{topic}.{fmt}"'},
            )
            if preview.pdfs_rendered != rendered:  # a layout's box trees are cyclic and the collector was paused:
                gc.collect()  # free them now, once the reader has the file (memo/render/collector.py)
            return
        self.not_built(preview, topic, fmt, problems)

    def not_built(self, preview: Preview, topic: str, fmt: str, problems: list[Problem]) -> None:
        """409 and the problems, on a page that reloads (and so asks for the file again) once they are fixed."""
        nonce = secrets.token_urlsafe(16)
        generation = preview.generation
        added = page.preview_additions(nonce, generation, topic, preview.root, problems, None)
        heading = f"<h1>{topic}.{fmt} cannot be rendered yet</h1>".encode()
        html = page.topic_page(None, added).replace(b"<body>\n", b"<body>\n" + heading, 1)
        self.send(HTTPStatus.CONFLICT, "text/html; charset=utf-8", html, nonce)

    def events(self, preview: Preview, since: int) -> None:
        last = max(since, _int(self.headers.get("Last-Event-ID")))
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if not self.body:
            return
        self.wfile.write(b"retry: 1000\n\n")
        if last > preview.generation:  # a page from before a restart of the server
            self.event({"reload": True}, preview.generation)
            return
        with preview.listening():
            self.stream(preview, last)

    def stream(self, preview: Preview, last: int) -> None:
        while True:
            events = preview.wait(last, HEARTBEAT_S)
            if preview.stopping:
                return
            if events is None:  # too many changes to tell which: reload
                last = preview.generation
                self.event({"reload": True}, last)
                continue
            if not events:
                self.wfile.write(b": still here\n\n")  # finds a closed page, whose thread then ends
                self.wfile.flush()
            for e in events:
                self.event({"topics": sorted(e.topics), "index": e.index}, e.generation)
                last = e.generation

    def event(self, data: dict, generation: int) -> None:
        self.wfile.write(f"id: {generation}\ndata: {json.dumps(data)}\n\n".encode())
        self.wfile.flush()

    def send_text(self, status: HTTPStatus, text: str) -> None:
        self.send(status, "text/plain; charset=utf-8", text.encode("utf-8"))

    def send(
        self,
        status: HTTPStatus,
        kind: str,
        data: bytes,
        nonce: str = "",
        extra: dict[str, str] | None = None,
        frames: bool = False,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        # The memo's own CSS is inline, its images data: URLs; the only script is the preview's.
        if kind.startswith("text/"):  # not on a PDF: a browser's PDF viewer is a plugin the policy would block
            script = f"'nonce-{nonce}'" if nonce else "'none'"
            frame = " frame-src 'self';" if frames else ""  # the PDF page's frame holds this server's PDF, nothing else
            self.send_header(
                "Content-Security-Policy",
                f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; script-src {script};"
                f"{frame} connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
            )
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.body:
            self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the terminal shows what was rebuilt, not every request."""


def _int(text: str | None) -> int:
    return int(text) if text and text.isdigit() and len(text) < 13 else 0
