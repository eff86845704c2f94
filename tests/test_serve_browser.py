"""`memo serve` in a real browser: headless Chromium follows an editor's saves, good and bad.

One server and one browser session for the module; skipped where Chromium or its driver is not installed
(`scripts/setup` installs both with apt where it may). With MEMO_UPDATE_SCREENSHOT=1 the test of a broken
save writes the README's screenshot, docs/serve.png.
"""

from __future__ import annotations

import io
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.browser import Browser, available, small_png
from tests.conftest import REPO, Tiny
from tests.serving import Served, tiny_project

pytestmark = [
    pytest.mark.xdist_group("serve-browser"),
    pytest.mark.skipif(not available(), reason="needs Debian's chromium and chromium-driver"),
]

TITLE = "Grain talks: a pause or a turning point?"
OVERLAY = "document.getElementById('memo-serve-problems')"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Tiny:
    return tiny_project(tmp_path_factory.mktemp("serve-browser") / "proj")


@pytest.fixture(scope="module")
def served(project: Tiny) -> Iterator[Served]:
    server = Served(project.root)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    chromium = Browser(resolve=("evil.example",))
    yield chromium
    chromium.quit()


@pytest.fixture
def briefing(project: Tiny) -> Iterator[Path]:
    path = project.root / "briefings/grain-talks.yaml"
    text = path.read_text(encoding="utf-8")
    yield path
    path.write_text(text, encoding="utf-8")


def test_the_index_lists_the_topics(served: Served, browser: Browser) -> None:
    browser.open(served.url + "/")
    rows = browser.run("return [...document.querySelectorAll('tbody tr')].map(r => r.innerText)")
    assert [row.split("\t")[:3] for row in rows] == [
        ["grain-talks", TITLE, "review"],
        ["other-topic", "Another topic", "approved"],
    ]


def test_the_index_follows_a_topic_added_and_removed(served: Served, browser: Browser, project: Tiny) -> None:
    browser.open(served.url + "/")
    browser.run("window.notReloaded = true")
    other = (project.root / "briefings/other-topic.yaml").read_text()
    path = project.briefing("added-topic", other.replace("Another topic", "A topic just added"))
    try:
        browser.wait("document.body.innerText.includes('A topic just added')")
        assert browser.run("return window.notReloaded") is None  # it reloaded itself
    finally:
        path.unlink()
    browser.wait("!document.body.innerText.includes('added-topic')")


def test_a_topic_page_shows_the_memo(served: Served, browser: Browser) -> None:
    browser.open(served.url + "/grain-talks")
    assert browser.run("return document.querySelector('h1').innerText") == TITLE
    assert "Talks resumed on Monday after a pause" in browser.text()
    assert browser.run(f"return {OVERLAY}") is None
    # the related memo's link, "other-topic.html" beside the built file, leads to its preview
    assert browser.run("return document.querySelector('p.related a').getAttribute('href')") == "/other-topic"


def test_a_save_changes_the_page_by_itself_and_keeps_the_scroll_position(
    served: Served, browser: Browser, briefing: Path
) -> None:
    browser.open(served.url + "/grain-talks")
    browser.run("window.scrollTo(0, 250); window.notReloaded = true")
    assert browser.run("return window.scrollY") == 250
    briefing.write_text(briefing.read_text().replace("Talks resumed on", "Talks restarted on"), encoding="utf-8")
    browser.wait("document.body.innerText.includes('Talks restarted on Monday')")
    assert browser.run("return window.notReloaded") is None  # the page reloaded itself: nobody pressed F5
    assert browser.run("return window.scrollY") == 250


def test_the_pdf_page_reloads_its_pdf_after_a_save(served: Served, browser: Browser, briefing: Path) -> None:
    browser.open(served.url + "/grain-talks/pdf")
    assert browser.run("return document.querySelector('iframe').getAttribute('src')") == "/grain-talks.pdf"
    browser.run("window.notReloaded = true")
    rendered = sum(line.startswith("grain-talks.pdf: rendered") for line in served.lines)
    briefing.write_text(briefing.read_text().replace("Talks resumed on", "Talks began again on"), encoding="utf-8")
    browser.wait("window.notReloaded === undefined")  # the page reloaded itself, and its frame asked again
    deadline = time.monotonic() + 60
    while sum(line.startswith("grain-talks.pdf: rendered") for line in served.lines) == rendered:
        assert time.monotonic() < deadline, "the frame never asked for the new PDF"
        time.sleep(0.1)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(served.get("/grain-talks.pdf"))).pages)
    assert "Talks began again on Monday" in text


def test_a_broken_save_shows_its_line_over_the_memo_and_the_fix_clears_it(
    served: Served, browser: Browser, briefing: Path
) -> None:
    text = briefing.read_text()
    browser.open(served.url + "/grain-talks")
    browser.run("window.scrollTo(0, 0)")  # the top of the memo, for the screenshot
    briefing.write_text(text.replace("status: review", "status: reviewed"), encoding="utf-8")
    browser.wait(OVERLAY)
    lines = browser.run(f"return [...{OVERLAY}.querySelectorAll('li')].map(li => li.innerText)")
    assert lines == [
        "briefings/grain-talks.yaml:4:9: error: status: expected one of draft, review, approved; "
        "found 'reviewed'; did you mean 'review'?"
    ]
    link = browser.run(f"return {OVERLAY}.querySelector('a').getAttribute('href')")
    assert link == f"vscode://file{briefing.resolve()}:4:9"
    assert browser.run("return document.querySelector('h1').innerText") == TITLE  # the memo, underneath
    assert "Talks resumed on Monday" in browser.text()
    shot = browser.screenshot()
    assert shot.startswith(b"\x89PNG")
    if os.environ.get("MEMO_UPDATE_SCREENSHOT"):
        small_png(shot, REPO / "docs" / "serve.png")
    briefing.write_text(text, encoding="utf-8")
    browser.wait(f"!{OVERLAY} && document.body.innerText.includes('Talks resumed on Monday')")


def test_a_page_reached_through_another_name_is_refused(served: Served, browser: Browser) -> None:
    browser.open(f"http://evil.example:{served.port}/grain-talks")  # resolved to 127.0.0.1, as by DNS rebinding
    assert browser.text().startswith("403 Forbidden")
    assert "Grain talks" not in browser.text()


@pytest.mark.parametrize("path", ["/../pyproject.toml", "/%2e%2e/pyproject.toml", "/pyproject.toml"])
def test_no_file_is_served_by_its_path(served: Served, browser: Browser, path: str) -> None:
    browser.open(served.url + path)  # Chromium resolves the dots itself; the plain HTTP tests send them raw
    assert browser.text().startswith("404 Not Found")
    assert "tool.memo" not in browser.text()
