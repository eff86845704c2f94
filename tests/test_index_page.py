"""The reader's index, output/index.html (issue 13, point 2): every memo and book, working links, tidy-clean."""

from __future__ import annotations

import json
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from memo.index_page import first_sentence, human_size, render_index
from tests.conftest import Tiny

TIDY = pytest.mark.skipif(shutil.which("tidy") is None, reason="tidy is not installed (scripts/setup installs it)")


class _Page(HTMLParser):
    """What the index offers a reader: its links, the ids they may point at, its text, and what it would load."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []  # (href, link text)
        self.ids: set[str] = set()
        self.loads: list[str] = []  # src= attributes, <link>s and <script>s: a self-contained page has none
        self.text: list[str] = []
        self._open: list[list[str]] = []
        self._href: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"] or "")
        if tag in ("script", "link", "img", "iframe", "object") or "src" in a:
            self.loads.append(tag)
        if tag == "a" and a.get("href"):
            self._href.append(a["href"] or "")
            self._open.append([])

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href:
            self.links.append((self._href.pop(), " ".join("".join(self._open.pop()).split())))

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        for words in self._open:
            words.append(data)


def read(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def tidy(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["tidy", "-q", "-e", str(path)], capture_output=True, text=True, check=False)


def test_every_build_writes_an_index_whose_links_all_open(tiny: Tiny) -> None:
    result = tiny.run("build", "-f", "html,docx")
    assert result.exit_code == 0, result.output
    out = tiny.root / "output"
    page = read(out / "index.html")
    assert page.loads == []
    text = " ".join("".join(page.text).split())
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [m["topic"] for m in manifest["memos"]] == ["grain-talks", "other-topic"]
    for memo in manifest["memos"]:
        for fmt, label in (("html", "HTML"), ("docx", "Word")):
            size = human_size(memo["files"][fmt]["size"])
            assert (memo["files"][fmt]["name"], f"{label} of {memo['title']} ({size})") in page.links
    grain = next(m for m in manifest["memos"] if m["topic"] == "grain-talks")
    assert (grain["subtitle"], grain["bottom_line"]) == (
        "Talks on a grain corridor",
        "Talks resumed on Monday after a pause.",
    )
    assert "Talks on a grain corridor" in text and "Talks resumed on Monday after a pause." in text
    other = next(m for m in manifest["memos"] if m["topic"] == "other-topic")
    assert (other["approved_by"], other["approved_on"], grain["approved_by"]) == ("Jane Director", "2025-04-02", None)
    assert "Approved by Jane Director on 2 April 2025 As of 1 April 2025 OFFICIAL" in text
    # newest first: grain-talks (27 April) before other-topic (1 April)
    assert text.index("Grain talks") < text.index("Another topic")
    opened = 0
    for href, _ in page.links:
        parts = urlsplit(href)
        assert not parts.scheme and not parts.netloc, href  # relative, so the folder can move as a whole
        if parts.path:
            assert (out / unquote(parts.path)).is_file(), href
            opened += len((out / unquote(parts.path)).read_bytes()) > 0
        else:
            assert parts.fragment in page.ids, href
    assert opened == 2 * 3  # two memos: title link, Word, HTML


@TIDY
def test_the_built_index_passes_tidy(tiny: Tiny) -> None:
    assert tiny.run("build", "-f", "html").exit_code == 0
    done = tidy(tiny.root / "output/index.html")
    assert done.returncode == 0 and done.stderr == "", done.stderr


MANIFEST = {
    "memos": [
        {
            "topic": "older",
            "title": "An older memo",
            "subtitle": None,
            "bottom_line": "It was so.",
            "status": "approved",
            "approved_by": "Jane O'Brien",
            "approved_on": "2025-01-06",
            "as_of": "2025-01-05",
            "classification": "OFFICIAL",
            "files": {"pdf": {"name": "older.pdf", "size": 61_234, "sha256": "0" * 64}},
        },
        {
            "topic": "newer",
            "title": "The 'newer' memo & <friends>",
            "subtitle": "With a subtitle",
            "bottom_line": "It is so.",
            "status": "review",
            "as_of": "2025-04-27",
            "classification": "SECRET",
            "files": {
                "pdf": {"name": "newer.pdf", "size": 1_234_567, "sha256": "0" * 64},
                "docx": {"name": "newer.docx", "size": 512, "sha256": "0" * 64},
                "html": {"name": "newer.html", "size": 24_000, "sha256": "0" * 64},
            },
        },
    ],
    "books": [
        {
            "name": "all",
            "title": "Every topic",
            "subtitle": None,
            "as_of": "2025-04-27",
            "status": "draft",
            "classification": "SECRET",
            "topics": ["newer", "older", "gone"],
            "files": {"pdf": {"name": "book-all.pdf", "size": 2_000_000, "sha256": "0" * 64}},
        }
    ],
}


def test_books_and_memos_newest_first_with_their_files_and_sizes(tmp_path: Path) -> None:
    path = tmp_path / "index.html"
    path.write_bytes(render_index(MANIFEST, lang="en-US"))
    html = path.read_text(encoding="utf-8")
    assert html.startswith('<!DOCTYPE html>\n<html lang="en-US">')
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert "<script" not in html and "&lt;friends&gt;" in html  # editors' text is escaped, never markup
    page = read(path)
    links = dict((words, href) for href, words in page.links)
    assert links["PDF of Every topic (2.0 MB)"] == "book-all.pdf"
    assert links["PDF of The \u2018newer\u2019 memo & <friends> (1.2 MB)"] == "newer.pdf"
    assert links["Word of The \u2018newer\u2019 memo & <friends> (512 bytes)"] == "newer.docx"
    assert links["PDF of An older memo (61 KB)"] == "older.pdf"
    assert links["The \u2018newer\u2019 memo & <friends>"] == "newer.html"  # the title opens the HTML memo
    assert links["An older memo"] == "older.pdf"  # or the first file there is
    assert [href for words, href in links.items() if words in ("An older memo", "gone")] == ["older.pdf"]
    assert links["All (3)"] == "#all"
    for status, count in (("approved", 1), ("review", 1), ("draft", 1)):
        assert f"#only-{status}" in links.values() and f"only-{status}" in page.ids
        assert html.count(f'class="entry status-{status}"') == count
    assert html.index("Every topic") < html.index("newer") < html.index("An older memo")
    assert "Memos in this book:" in html and '<a href="#memo-newer">' in html and "; gone</p>" in html
    text = " ".join("".join(page.text).split())
    assert "DRAFT \u2014 FOR REVIEW As of 27 April 2025 SECRET" in text
    assert "Approved by Jane O\u2019Brien on 6 January 2025 As of 5 January 2025 OFFICIAL" in text


def test_the_status_filter_is_css_on_target_markers(tmp_path: Path) -> None:
    html = render_index(MANIFEST).decode("utf-8")
    assert "#only-draft:target ~ main .entry:not(.status-draft)" in html
    assert html.index('<div id="only-draft" class="filter-target"></div>') < html.index("<main>")
    assert '<p class="empty none none-review">None for review.</p>' in html  # the books list under that filter


@TIDY
@pytest.mark.parametrize("manifest", [MANIFEST, {"memos": []}], ids=["books-and-memos", "empty"])
def test_tidy_finds_nothing_to_warn_about(tmp_path: Path, manifest: dict) -> None:
    path = tmp_path / "index.html"
    path.write_bytes(render_index(manifest))
    done = tidy(path)
    assert done.returncode == 0 and done.stderr == "", done.stderr


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("One. Two.", "One."),
        ("Only one sentence", "Only one sentence"),
        ("Talks, said J. Doe, resumed. Then more.", "Talks, said J. Doe, resumed."),
        ("The U.S. Secretary spoke. Then more.", "The U.S. Secretary spoke."),
        ("Dr. Who and Mr. Smith met (see para. 4). More.", "Dr. Who and Mr. Smith met (see para. 4)."),
        ("Is it over? No.", "Is it over?"),
        ("\u2018It is over.\u2019 He left.", "\u2018It is over.\u2019"),
        ("Costs rose 3.5 per cent. More.", "Costs rose 3.5 per cent."),
        ("Over\n  two lines. Next.", "Over two lines."),
    ],
)
def test_first_sentence(text: str, first: str) -> None:
    assert first_sentence(text) == first


@pytest.mark.parametrize(
    ("size", "shown"),
    [(0, "0 bytes"), (999, "999 bytes"), (1000, "1 KB"), (61_234, "61 KB"), (999_499, "999 KB"),
     (999_500, "1.0 MB"), (1_234_567, "1.2 MB")],
)  # fmt: skip
def test_human_size(size: int, shown: str) -> None:
    assert human_size(size) == shown


def test_the_index_follows_the_manifest_and_is_left_alone_when_it_did_not_change(tiny: Tiny) -> None:
    assert tiny.run("build", "-f", "html").exit_code == 0
    index = tiny.root / "output/index.html"
    first = index.stat().st_ino
    assert tiny.run("build", "-f", "html").exit_code == 0
    assert index.stat().st_ino == first  # nothing changed: not rewritten (and no Jinja imported for it)
    text = (tiny.root / "briefings/grain-talks.yaml").read_text()
    tiny.briefing("grain-talks", text.replace("related: [other-topic]", "related: []"))
    (tiny.root / "briefings/other-topic.yaml").unlink()
    assert tiny.run("build", "-f", "html").exit_code == 0
    html = index.read_text(encoding="utf-8")
    assert "Grain talks" in html and "Another topic" not in html and "other-topic.html" not in html


def test_no_topic_may_be_called_index(tiny: Tiny) -> None:
    tiny.briefing("index", (tiny.root / "briefings/other-topic.yaml").read_text())
    result = tiny.run("validate")
    assert result.exit_code == 1
    assert (
        "briefings/index.yaml:1:1: error: the topic id 'index' is taken: output/index.html is the readers' index "
        "of every memo; rename the file"
    ) in result.stderr.splitlines()


def test_a_topic_id_starting_book_is_taken(tiny: Tiny) -> None:
    tiny.briefing("book-all", (tiny.root / "briefings/other-topic.yaml").read_text())
    result = tiny.run("validate")
    assert result.exit_code == 1
    assert (
        "briefings/book-all.yaml:1:1: error: topic ids starting 'book-' are taken: output/book-all.pdf would be a "
        "briefing book's file; rename the file"
    ) in result.stderr.splitlines()


def test_an_index_html_memo_did_not_write_is_left_alone_with_a_warning(tiny: Tiny) -> None:
    """An output folder that is also a website keeps its own front page."""
    (tiny.root / "output").mkdir()
    site = tiny.root / "output/index.html"
    site.write_text("<h1>our site</h1>\n")
    result = tiny.run("build", "-f", "html")
    assert result.exit_code == 0
    assert site.read_text() == "<h1>our site</h1>\n"
    assert (
        "output/index.html:1:1: warning: not the readers' index memo writes; left as it is (move it to keep both)"
    ) in result.stderr.splitlines()


def test_the_index_template_is_compiled_once_then_read_compiled_from_jinjas_cache(monkeypatch) -> None:
    """Compiling the page's template cost a build 30 ms each time the index changed; Jinja's bytecode cache keeps it."""
    import jinja2

    from memo import index_page

    index_page._template.cache_clear()
    render_index({"memos": []})  # compiles the template, or reads what an earlier run compiled
    index_page._template.cache_clear()  # as a fresh process: a new environment, only Jinja's cache kept
    compiled: list[str] = []
    compile_ = jinja2.Environment.compile
    monkeypatch.setattr(
        jinja2.Environment, "compile", lambda env, *a, **k: compiled.append(str(a[1:2])) or compile_(env, *a, **k)
    )
    try:
        page = render_index({"memos": []})
    finally:
        index_page._template.cache_clear()
    assert compiled == []
    assert b'<meta name="memo-index"' in page
