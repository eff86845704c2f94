"""Reaching out: no field can make a build read a local file or open a connection, in any format.

The proof is twofold: a listener on loopback that counts connections (it must see none), and a file the
test plants (its content must appear in no output). Links to http(s) addresses are kept as links, never
fetched; anything else in a link is a validation error at its line.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import BRIEFING, Tiny
from tests.hostile.conftest import EVERY_FIELD, INLINE_FIELDS, PLAIN_FIELDS, P, errors, fill_every_field, validate
from tests.listener import Listener
from tests.readback import pdf_pages

SECRET = "TOP-SECRET-PLANTED-7f3a"
# The tags memo's own template writes; anything else in the HTML would be markup an editor smuggled in.
TEMPLATE_TAGS = {
    "html", "head", "meta", "title", "style", "body", "div", "header", "p", "span", "table", "tr", "th", "td",
    "h1", "h2", "h3", "main", "section", "ul", "ol", "li", "em", "strong", "a", "sup", "figure", "blockquote",
    "figcaption", "br", "colgroup", "col", "thead", "tbody",
}  # fmt: skip


@pytest.fixture
def planted(tmp_path: Path) -> Path:
    """A secret text file and a real PNG image beside it, outside the project."""
    (tmp_path / "secret.txt").write_text(SECRET)
    png = bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d4944415478da63f8cfc0f01f0005000201ad6e2a0b0000000049454e44ae426082"
    )
    (tmp_path / "secret.png").write_bytes(png)
    return tmp_path


def reaching(url: str, secret: Path):
    def value(field: str) -> str:
        if field in PLAIN_FIELDS:  # heading fields hold at most a line
            return (
                f'<img src="file://{secret}/secret.png"><link rel="stylesheet" href="{url}/{field}.css">'
                f'<style>@import url("{url}/{field}.css")</style>'
            )
        text = (
            f'<img src="file://{secret}/secret.png"><img src="{url}/{field}.png">'
            f'<link rel="stylesheet" href="{url}/{field}.css"><iframe src="file://{secret}/secret.txt"></iframe>'
            f'<style>@import url("{url}/{field}-import.css"); body {{ background: url("file://{secret}/secret.png") }}'
            f'</style><object data="{url}/{field}.svg"></object>'
        )
        if field in INLINE_FIELDS:  # links to http(s) are allowed: they must stay links, never be fetched
            text += f" [a link]({url}/{field}/link) <{url}/{field}/autolink>"
        return text

    return value


def test_nothing_in_any_field_is_fetched_in_any_format(tiny: Tiny, listener: Listener, planted: Path) -> None:
    fill_every_field(tiny, reaching(listener.url, planted), url=f"{listener.url}/source")
    result = tiny.run("build", "grain-talks")
    # every field full of the same long probe lays out badly (a note may land a page late): the preflight may say
    # so, which is not what this test is about
    assert [e for e in errors(result) if ": warning: note " not in e] == [] and result.exit_code == 0, result.output
    assert listener.hits == 0
    out = tiny.root / "output"
    pdf = (out / "grain-talks.pdf").read_bytes()
    pdf_text = "".join(pdf_pages(out / "grain-talks.pdf"))
    html = (out / "grain-talks.html").read_text(encoding="utf-8")
    with zipfile.ZipFile(io.BytesIO((out / "grain-talks.docx").read_bytes())) as z:
        docx = b"".join(z.read(name) for name in z.namelist())
        assert not [n for n in z.namelist() if n.startswith("word/media/")]  # no image was taken in
    for data in (pdf, pdf_text.encode(), html.encode(), docx):
        assert SECRET.encode() not in data
        assert b"\x89PNG" not in data
    for page in PdfReader(out / "grain-talks.pdf").pages:
        xobjects = page["/Resources"].get("/XObject", {})
        assert not [x for x in xobjects.values() if x.get_object().get("/Subtype") == "/Image"]
    assert set(re.findall(r"<([a-zA-Z][a-zA-Z0-9]*)", html)) <= TEMPLATE_TAGS
    assert html.count("<style>") == 1
    assert all(h.startswith(("http://", "https://", "mailto:", "#")) for h in re.findall(r'href="([^"]*)"', html))
    for field in EVERY_FIELD:
        assert f"&lt;img src=&#34;file://{planted}/secret.png&#34;&gt;" in html, field
    assert f'<a href="{listener.url}/summary/link">a link</a>' in html


BAD_LINK = "![an image](file:///etc/passwd)"


@pytest.mark.parametrize("field", INLINE_FIELDS)
def test_a_markdown_image_of_a_local_file_is_an_error_at_its_line_in_every_inline_field(tiny: Tiny, field: str) -> None:
    fill_every_field(tiny, lambda f: f"{f} {BAD_LINK}" if f == field else f"plain {f}")
    text = (tiny.root / P).read_text().splitlines()
    line = next(n for n, t in enumerate(text, 1) if BAD_LINK in t)
    col = text[line - 1].index("file:///etc/passwd") + 1
    assert validate(tiny, "grain-talks") == [
        f"{P}:{line}:{col}: error: link to 'file:///etc/passwd': only http, https and mailto links are allowed"
    ]


@pytest.mark.parametrize(
    ("written", "href"),
    [
        ("![x](file:///etc/passwd)", "file:///etc/passwd"),
        ("[x](file:secret.txt)", "file:secret.txt"),
        ("[x](javascript:alert(1))", "javascript:alert(1)"),
        ("[x](JavaScript:alert(1))", "JavaScript:alert(1)"),
        ("[x](vbscript:msgbox(1))", "vbscript:msgbox(1)"),
        ("[x](data:text/html;base64,PHNjcmlwdD4=)", "data:text/html;base64,PHNjcmlwdD4="),
        ("[x](/etc/passwd)", "/etc/passwd"),
        ("[x](../secret.txt)", "../secret.txt"),
        ("[x](//127.0.0.1:9/x)", "//127.0.0.1:9/x"),
        ("[x](ftp://127.0.0.1/x)", "ftp://127.0.0.1/x"),
        ("<file:///etc/passwd>", "file:///etc/passwd"),
        ("<javascript:alert(1)>", "javascript:alert(1)"),
    ],
)
def test_links_other_than_http_https_and_mailto_are_errors(tiny: Tiny, written: str, href: str) -> None:
    tiny.write(P, BRIEFING.replace("  - Keep channels open", f"  - Keep channels open {written}"))
    col = len("  - Keep channels open ") + written.index(href) + 1
    assert validate(tiny, "grain-talks") == [
        f"{P}:40:{col}: error: link to '{href}': only http, https and mailto links are allowed"
    ]


def test_a_development_date_word_cannot_carry_markup(tiny: Tiny) -> None:
    tiny.write(P, BRIEFING.replace("  - date: Ongoing", "  - date: '<img src=\"file:///etc/passwd\">'"))
    assert validate(tiny, "grain-talks") == [
        f"{P}:20:11: error: developments[2].date: expected a date (2025-04-27), a year-month (2025-04) or a word "
        "such as Ongoing, found '<img src=\"file:///etc/passwd\">'"
    ]
