"""`memo serve` over plain HTTP: every route, the refusals, saves good and bad, and a clean Ctrl-C.

One server for the module, on a tiny project of its own; a test that changes a file puts it back.
"""

from __future__ import annotations

import http.client
import io
import json
import re
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Tiny
from tests.serving import Served, save, tiny_project

pytestmark = pytest.mark.xdist_group("serve")

OVERLAY = b'<aside id="memo-serve-problems"'
ADDED = re.compile(rb'<style nonce="[^"]+">.*?</script>', re.S)  # what the preview adds before </body>


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Tiny:
    return tiny_project(tmp_path_factory.mktemp("serve") / "proj")


@pytest.fixture(scope="module")
def served(project: Tiny) -> Iterator[Served]:
    server = Served(project.root)
    yield server
    server.stop()


@pytest.fixture
def briefing(project: Tiny, served: Served) -> Iterator[Path]:
    """grain-talks.yaml, put back as it was after the test, and its page with it."""
    path = project.root / "briefings/grain-talks.yaml"
    text = path.read_text(encoding="utf-8")
    yield path
    path.write_text(text, encoding="utf-8")
    served.eventually("/grain-talks", lambda body: OVERLAY not in body and b"Talks resumed on <em>Monday" in body)


def test_the_index_lists_every_topic_with_its_links(served: Served) -> None:
    status, headers, body = served.request("/")
    assert status == 200 and headers["content-type"] == "text/html; charset=utf-8"
    page = body.decode()
    for topic, title in (("grain-talks", "Grain talks: a pause or a turning point?"), ("other-topic", "Another topic")):
        assert f'href="/{topic}"' in page and f'href="/{topic}.pdf"' in page and f'href="/{topic}.docx"' in page
        assert f'href="/{topic}/pdf"' in page
        assert title in page
    assert "<td>review</td><td>2025-04-27" in page
    assert headers["cache-control"] == "no-store"
    assert "script-src 'nonce-" in headers["content-security-policy"]


def test_a_topic_page_is_the_built_html_plus_the_preview_script(served: Served, project: Tiny, tmp_path: Path) -> None:
    page = served.get("/grain-talks")
    assert project.run("build", "grain-talks", "-f", "html", "--out", str(tmp_path)).exit_code == 0
    built = (tmp_path / "grain-talks.html").read_bytes()
    added = ADDED.findall(page)
    assert len(added) == 1 and b"new EventSource" in added[0]
    assert ADDED.sub(b"", page) == built  # nothing else differs: `memo build`'s bytes
    assert OVERLAY not in page  # a clean briefing: no overlay
    assert not list(project.root.glob("output")), "the preview must write nothing"


def test_word_and_pdf_render_on_request_and_are_kept(served: Served) -> None:
    from docx import Document
    from pypdf import PdfReader

    status, headers, docx = served.request("/grain-talks.docx")
    assert status == 200 and headers["content-type"].endswith("wordprocessingml.document")
    assert headers["content-disposition"] == 'attachment; filename="grain-talks.docx"'
    assert "Grain talks: a pause or a turning point?" in "\n".join(
        p.text for p in Document(io.BytesIO(docx)).paragraphs
    )
    status, headers, pdf = served.request("/grain-talks.pdf")
    assert status == 200 and headers["content-type"] == "application/pdf"
    assert headers["content-disposition"] == 'inline; filename="grain-talks.pdf"'
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Grain talks" in text and "Talks resumed on Monday" in text
    assert served.get("/grain-talks.pdf") == pdf  # kept: nothing changed
    assert sum(line.startswith("grain-talks.pdf: rendered") for line in served.lines) == 1


def test_the_pdf_page_frames_the_pdf_and_follows_saves_with_the_problems_over_it(
    served: Served, briefing: Path
) -> None:
    status, headers, body = served.request("/grain-talks/pdf")
    assert status == 200 and headers["content-type"] == "text/html; charset=utf-8"
    assert b'<iframe src="/grain-talks.pdf"' in body and b'data-topic="grain-talks"' in body
    assert b"new EventSource" in body and OVERLAY not in body
    policy = headers["content-security-policy"]
    assert "frame-src 'self';" in policy and "frame-ancestors 'none'" in policy
    assert "frame-src" not in served.request("/grain-talks")[1]["content-security-policy"]  # only this page frames
    save(briefing, briefing.read_text().replace("status: review", "status: reviewed"))
    page = served.eventually("/grain-talks/pdf", lambda body: OVERLAY in body)
    assert b"briefings/grain-talks.yaml:4:9</a>" in page
    assert b"the PDF is made again once they are fixed." in page
    assert b"<iframe" not in page  # no PDF to frame: a framed 409 page would be refused by its own policy
    assert "frame-src" not in served.request("/grain-talks/pdf")[1]["content-security-policy"]
    assert served.request("/grain-talks.pdf")[0] == 409


@pytest.mark.parametrize(
    "path",
    [
        "/../pyproject.toml",
        "/%2e%2e/pyproject.toml",
        "/..%2fpyproject.toml",
        "/pyproject.toml",
        "/briefings/grain-talks.yaml",
        "/grain-talks.yaml",
        "/grain-talks.html",
        "/grain-talks/",
        "/grain-talks/pdf/",
        "/grain-talks/docx",
        "/grain-talks/pdf.pdf",
        "/no-such-topic/pdf",
        "/Grain-Talks",
        "/no-such-topic",
        "/no-such-topic.pdf",
        "//etc/passwd",
        "/?x=1",
        "/grain-talks?x=1",
        "/_events?since=x",
        "/templates/memo/memo.css",
    ],
)
def test_nothing_but_the_routes_is_served(served: Served, path: str) -> None:
    status, _, body = served.request(path)
    assert status == 404, (path, body[:200])
    assert b"tool.memo" not in body and b"title:" not in body


@pytest.mark.parametrize(
    ("host", "status"),
    [
        ("evil.example", 403),
        ("evil.example:{port}", 403),
        ("localhost.evil.example:{port}", 403),
        ("192.168.1.5:{port}", 403),
        (None, 403),
        ("localhost:1", 421),
        ("localhost", 421),
        ("localhost:{port}", 200),
        ("LOCALHOST:{port}", 200),
        ("127.0.0.1:{port}", 200),
        ("[::1]:{port}", 200),
    ],
)
def test_only_requests_naming_this_server_are_answered(served: Served, host: str | None, status: int) -> None:
    got, _, body = served.request("/", host=host.format(port=served.port) if host else None)
    assert got == status
    if status != 200:
        assert b"grain-talks" not in body


def test_an_unknown_topic_is_named_with_a_suggestion(served: Served, project: Tiny) -> None:
    status, _, body = served.request("/grain-talk")
    assert (status, body) == (404, b"404 Not Found: no topic 'grain-talk' in briefings/; did you mean 'grain-talks'?\n")
    assert project.run("serve", "--template", "../memo").exit_code == 2  # a template set is a name, never a path


def test_other_methods_are_refused(served: Served) -> None:
    status, _, _ = served.request("/grain-talks", method="POST")
    assert status == 501


def test_a_save_reaches_the_page_and_the_event_stream(served: Served, briefing: Path) -> None:
    generation = int(re.search(rb'data-generation="(\d+)"', served.get("/grain-talks")).group(1))
    conn = http.client.HTTPConnection("127.0.0.1", served.port, timeout=20)
    conn.request("GET", f"/_events?since={generation}", headers={"Host": f"localhost:{served.port}"})
    stream = conn.getresponse()
    assert stream.getheader("Content-Type") == "text/event-stream"
    mark = len(served.lines)
    briefing.write_text(briefing.read_text().replace("Talks resumed on", "Talks restarted on"), encoding="utf-8")
    events = []
    while not any("grain-talks" in e.get("topics", ()) for e in events):  # (the last test's may come first)
        if (line := stream.readline()).startswith(b"data: "):
            events.append(json.loads(line[6:]))
    assert events[-1] == {"topics": ["grain-talks"], "index": False}
    conn.close()
    assert b"Talks restarted on" in served.get("/grain-talks")
    served.wait_line(re.compile(r"^grain-talks: reloaded in [0-9.]+ ms \(ok\)$"), start=mark)


def test_a_broken_save_keeps_the_memo_under_the_problems_and_the_fix_clears_them(
    served: Served, briefing: Path
) -> None:
    text = briefing.read_text()
    served.get("/grain-talks")
    briefing.write_text(text.replace("status: review", "status: reviewed"), encoding="utf-8")
    page = served.eventually("/grain-talks", lambda body: OVERLAY in body).decode()
    assert "Talks resumed on <em>Monday</em>" in page  # the last good render, under the overlay
    where = f"{briefing.resolve()}:4:9"
    assert (
        f'<a href="vscode://file{where}">briefings/grain-talks.yaml:4:9</a>: <span class="error">error</span>: ' in page
    )
    assert "status: expected one of draft, review, approved; found &#x27;reviewed&#x27;" in page
    status, _, body = served.request("/grain-talks.pdf")
    assert status == 409 and b"briefings/grain-talks.yaml:4:9" in body  # no file from a broken briefing
    index = served.eventually("/", lambda body: b'<span class="bad">1</span>' in body).decode()
    assert "<td>invalid</td>" in index
    briefing.write_text(text, encoding="utf-8")
    page = served.eventually("/grain-talks", lambda body: OVERLAY not in body).decode()
    assert "Talks resumed on <em>Monday</em>" in page


@pytest.mark.parametrize(
    "bad",
    [
        b"title: [unclosed\n",  # a save caught half-way: YAML that ends mid-value
        b"",  # a file truncated to be written again
        b"\xff\xfe not utf-8",
        b"summary: &a [*a]\n",
    ],
)
def test_no_file_content_stops_the_server(served: Served, briefing: Path, bad: bytes) -> None:
    text = briefing.read_bytes()
    served.get("/grain-talks")
    briefing.write_bytes(bad)
    page = served.eventually("/grain-talks", lambda body: b'class="error"' in body)
    assert b"briefings/grain-talks.yaml:" in page
    briefing.write_bytes(text)
    served.eventually("/grain-talks", lambda body: OVERLAY not in body)


def test_a_save_renders_again_only_the_topics_it_affects(served: Served, project: Tiny) -> None:
    other = project.root / "briefings/other-topic.yaml"
    text = other.read_text()
    served.get("/grain-talks")  # grain-talks names other-topic as related, by its title
    served.get("/other-topic")
    mark = served.settle()  # only this test's saves below
    reloaded = re.compile(r"^([a-z-]+): reloaded in")
    try:
        save(other, text.replace("Short [@herald", "Shorter [@herald"))  # its prose: itself only
        served.eventually("/other-topic", lambda body: b"Shorter" in body)
        save(other, text.replace("title: Another topic", "title: Another topic, renamed"))  # and who names it
        served.wait_line(re.compile(r"^grain-talks: reloaded"), start=mark)
        assert b"Another topic, renamed" in served.get("/grain-talks")
        topics = [m.group(1) for line in served.lines[mark:] if (m := reloaded.match(line))]
        assert topics == ["other-topic", "other-topic", "grain-talks"]
    finally:
        other.write_text(text)
    served.eventually("/grain-talks", lambda body: b"renamed" not in body)


def test_settings_are_read_again_and_a_bad_one_is_shown_on_the_page(served: Served, project: Tiny) -> None:
    pyproject = project.root / "pyproject.toml"
    text = pyproject.read_text()
    served.get("/grain-talks")
    try:
        pyproject.write_text(text.replace('author = "Test Unit"', 'author = "Another Unit"'))
        served.eventually("/grain-talks", lambda body: b"Another Unit" in body)
        pyproject.write_text(text.replace('author = "Test Unit"', 'author = "Another Unit"\nstale-days = 0'))
        page = served.eventually("/grain-talks", lambda body: OVERLAY in body).decode()
        assert 'pyproject.toml:4:1</a>: <span class="error">error</span>: [tool.memo] stale-days:' in page
        assert "Another Unit" in page  # the last good settings go on
    finally:
        pyproject.write_text(text)
    served.eventually("/grain-talks", lambda body: OVERLAY not in body and b"Test Unit" in body)


def test_a_briefing_that_cannot_be_read_is_a_line_on_its_page(served: Served, project: Tiny) -> None:
    folder = project.root / "briefings/odd-topic.yaml"
    folder.mkdir()  # not a file at all
    try:
        page = served.eventually("/odd-topic", lambda body: OVERLAY in body).decode()
        assert 'briefings/odd-topic.yaml:1:1</a>: <span class="error">error</span>: cannot read: Is a directory' in page
        assert "no good render of this memo yet" in page
        assert "(cannot be read)" in served.get("/").decode()
    finally:
        folder.rmdir()
    served.eventually("/", lambda body: b"odd-topic" not in body)


def test_a_template_that_raises_is_shown_and_the_server_goes_on(served: Served, project: Tiny) -> None:
    template = project.root / "templates/memo/memo.html.j2"
    text = template.read_text()
    served.get("/grain-talks")
    try:
        template.write_text(text.replace("<body", "{{ 1 // 0 }}<body", 1))
        page = served.eventually("/grain-talks", lambda body: b"template error" in body).decode()
        assert "ZeroDivisionError" in page and "Talks resumed on <em>Monday</em>" in page
    finally:
        template.write_text(text)
    served.eventually("/grain-talks", lambda body: OVERLAY not in body)


def test_the_index_follows_topics_coming_and_going(served: Served, project: Tiny) -> None:
    path = project.briefing("new-topic", (project.root / "briefings/other-topic.yaml").read_text().replace(
        "Another topic", "A topic just added"))  # fmt: skip
    try:
        served.eventually("/", lambda body: b"A topic just added" in body)
        assert b"A topic just added" in served.get("/new-topic")
    finally:
        path.unlink()
    served.eventually("/", lambda body: b"new-topic" not in body)
    assert served.request("/new-topic")[0] == 404


def test_ctrl_c_ends_the_server_cleanly_with_connections_open(tmp_path: Path) -> None:
    project = tiny_project(tmp_path / "proj")
    server = Served(project.root, "--host", "0.0.0.0")
    try:
        assert any("warning: listening on 0.0.0.0" in line for line in server.lines)
        stream = socket.create_connection(("127.0.0.1", server.port))
        stream.sendall(f"GET /_events HTTP/1.0\r\nHost: localhost:{server.port}\r\n\r\n".encode())
        assert stream.recv(100).startswith(b"HTTP/1.0 200")
        idle = socket.create_connection(("127.0.0.1", server.port))  # connected, never asks
        code, output = server.interrupt(timeout=10)
        stream.close()
        idle.close()
    finally:
        server.stop()
    # every thread of the server (each request's, the watcher) is a non-daemon thread: had one been left,
    # the process could not have ended
    assert code == 0, output
    assert "Traceback" not in output and output.rstrip().endswith("stopped")


def test_a_busy_port_is_one_line(served: Served, project: Tiny) -> None:
    result = project.run("serve", "--port", str(served.port))
    assert result.exit_code == 1
    assert (
        result.stderr == f"memo: error: cannot listen on 127.0.0.1:{served.port}: Address already in use; try --port\n"
    )


def test_a_file_records_the_commit_and_clean_state_of_when_it_is_asked_for(tmp_path: Path) -> None:
    """The preview's Word and PDF files may leave the machine: their provenance is git's answer of now."""
    from docx import Document

    from memo import provenance
    from memo.render.docx_page import read_custom_properties
    from tests.test_verify import GIT, git_commit

    project = tiny_project(tmp_path / "proj")
    first = git_commit(project)
    server = Served(project.root)
    try:

        def git_of_word() -> tuple[str, bool]:
            record = provenance.read_properties(
                read_custom_properties(Document(io.BytesIO(server.get("/grain-talks.docx"))))
            )
            assert record is not None
            return record["git_commit"], record["git_clean"]

        assert git_of_word() == (first, True)
        (project.root / "notes.txt").write_text("not an input of any memo\n")
        assert git_of_word() == (first, False)  # the same inputs, kept no longer: the tree is not clean now
        subprocess.run([*GIT, "add", "-A"], cwd=project.root, check=True)
        subprocess.run([*GIT, "commit", "-qm", "notes"], cwd=project.root, check=True)
        second = subprocess.run(["git", "rev-parse", "HEAD"], cwd=project.root, capture_output=True, text=True).stdout
        assert git_of_word() == (second.strip(), True)
    finally:
        server.stop()
