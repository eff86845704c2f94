"""Characters: what XML (and so Word) cannot hold is refused at its line; every script renders; markup stays text."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from tests.conftest import BRIEFING, Tiny
from tests.hostile.conftest import EVERY_FIELD, P, errors, fill_every_field, validate
from tests.readback import missing_glyphs, pdf_pages

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
RAW = ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x7f", "\ufffe", "\uffff"]


@pytest.mark.parametrize("char", RAW, ids=[f"U+{ord(c):04X}" for c in RAW])
def test_raw_control_characters_are_refused_where_they_are(tiny: Tiny, char: str) -> None:
    tiny.write(P, BRIEFING.replace("audience: Director, Europe", f"audience: Director,{char} Europe"))
    assert validate(tiny, "grain-talks") == [
        f"{P}:5:20: error: control character U+{ord(char):04X} is not allowed in text"
    ]


@pytest.mark.parametrize(
    ("where", "text", "position"),
    [
        ("comment", "# a comment with a NUL \x00\n" + BRIEFING, "1:24"),
        ("key", BRIEFING.replace("audience:", "audi\x00ence:"), "5:5"),
        ("block text", BRIEFING.replace("  First paragraph", "  First\x00 paragraph"), "11:8"),
    ],
)
def test_raw_nul_anywhere_in_a_briefing(tiny: Tiny, where: str, text: str, position: str) -> None:
    tiny.write(P, text)
    assert validate(tiny, "grain-talks") == [f"{P}:{position}: error: control character U+0000 is not allowed in text"]


def test_raw_control_character_in_a_source(tiny: Tiny) -> None:
    path = tiny.root / "seeds/herald-2025-03-01.yaml"
    path.write_text(path.read_text().replace("title: ", "title: \x07"))
    found = validate(tiny)
    assert [f for f in found if f.startswith("seeds/")] == [
        "seeds/herald-2025-03-01.yaml:3:8: error: control character U+0007 is not allowed in text"
    ]
    assert [f for f in found if not f.startswith("seeds/")] == []  # reported once, at its own file


ESCAPES = {
    "\\x01": 0x01,
    "\\0": 0x00,
    "\\a": 0x07,
    "\\b": 0x08,
    "\\e": 0x1B,
    "\\v": 0x0B,
    "\\f": 0x0C,
    "\\x7f": 0x7F,
    "\\u0000": 0x00,
    "\\U0000001B": 0x1B,
    "\\uFFFE": 0xFFFE,
}


@pytest.mark.parametrize("escape", ESCAPES)
def test_yaml_escapes_cannot_smuggle_control_characters(tiny: Tiny, escape: str) -> None:
    tiny.write(P, BRIEFING.replace("audience: Director, Europe", f'audience: "Director {escape} Europe"'))
    assert validate(tiny, "grain-talks") == [
        f"{P}:5:11: error: control character U+{ESCAPES[escape]:04X} is not allowed in text"
    ]


def test_escaped_control_character_in_a_key(tiny: Tiny) -> None:
    tiny.write(P, BRIEFING.replace("audience:", '"audi\\x01ence":'))
    assert validate(tiny, "grain-talks") == [f"{P}:5:1: error: control character U+0001 is not allowed in text"]


def test_a_lone_surrogate_escape_is_refused(tiny: Tiny) -> None:
    tiny.write(P, BRIEFING.replace("audience: Director, Europe", 'audience: "half \\ud800 a pair"'))
    assert validate(tiny, "grain-talks") == [
        f"{P}:5:19: error: YAML syntax: found invalid Unicode character escape code (while parsing a quoted scalar)"
    ]


@pytest.mark.parametrize(
    ("char", "name"), [("\x85", "next line"), ("\u2028", "line separator"), ("\u2029", "paragraph separator")]
)
def test_raw_line_separators_are_refused_before_yaml_moves_text(tiny: Tiny, char: str, name: str) -> None:
    # YAML would start a new line here, so "Europe" would silently become a key of its own
    tiny.write(P, BRIEFING.replace("audience: Director, Europe", f"audience: Director,{char}Europe: x"))
    assert validate(tiny, "grain-talks") == [
        f"{P}:5:20: error: U+{ord(char):04X} ({name}) starts a new line in YAML but not on screen; remove it"
    ]


def test_odd_but_legal_characters_build_in_every_format(tiny: Tiny) -> None:
    odd = "tab\\there, next\\x85line, line\\u2028sep, para\\u2029sep, zero\\u200bwidth, \\u202eright-to-left\\u202c, nbsp\\_"
    tiny.write(P, BRIEFING.replace("  - Keep channels open", f'  - "{odd}"'))
    result = tiny.run("build", "grain-talks")
    assert result.exit_code == 0, result.output
    # WeasyPrint's own warnings are reported now (memo.preflight.layout): no font draws these two
    assert errors(result) == [
        f'output/grain-talks.pdf:1:1: warning: WeasyPrint: .notdef glyph rendered for Unicode string unsupported by fonts: " " ({u})'
        for u in ("U+0085", "U+2028")
    ], result.output
    assert "zero\u200bwidth" in (tiny.root / "output/grain-talks.html").read_text(encoding="utf-8")


# -- every script renders -------------------------------------------------------------------------------------

WORDS = ("Сделка близка", "اتفاق قريب", "协议即将达成", "🌾🕊")


def world(field: str) -> str:
    return f"{field}: {WORDS[0]}. {WORDS[1]}. {WORDS[2]}。 {WORDS[3]}"


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_cyrillic_arabic_chinese_and_emoji_render_in_the_pdf(tiny: Tiny) -> None:
    fill_every_field(tiny, world)
    result = tiny.run("build", "grain-talks", "-f", "pdf")
    assert errors(result) == [] and result.exit_code == 0, result.output
    pdf = tiny.root / "output/grain-talks.pdf"
    assert missing_glyphs(pdf) == set()
    text = _flat("".join(pdf_pages(pdf)))
    for word in WORDS:
        assert _flat(word) in text, word


def _docx_text(data: bytes) -> str:
    """Every w:t of the document, its headers, footers and footnotes."""
    from lxml import etree

    out = []
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if name.startswith("word/") and name.endswith(".xml"):
                out += [t.text or "" for t in etree.fromstring(z.read(name)).iter(f"{W}t")]
    return "".join(out)


def test_cyrillic_arabic_chinese_and_emoji_are_in_the_word_file_with_fonts_that_fall_back(tiny: Tiny) -> None:
    from lxml import etree

    fill_every_field(tiny, world)
    result = tiny.run("build", "grain-talks", "-f", "docx")
    assert errors(result) == [] and result.exit_code == 0, result.output
    data = (tiny.root / "output/grain-talks.docx").read_bytes()
    text = _docx_text(data)
    for field in EVERY_FIELD:
        assert world(field).casefold() in text.casefold(), field  # a style may set a title in title case
    pinned = []
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in ("word/styles.xml", "word/document.xml"):
            for fonts in etree.fromstring(z.read(name)).iter(f"{W}rFonts"):
                pinned += [(name, k) for k in ("eastAsia", "cs", "eastAsiaTheme", "cstheme") if fonts.get(W + k)]
    assert pinned == []  # East Asian and Arabic text take the reader's font for their script


@pytest.mark.skipif(shutil.which("libreoffice") is None, reason="libreoffice is not on PATH")
def test_word_file_shows_every_script_in_libreoffice(tiny: Tiny, tmp_path: Path) -> None:
    fill_every_field(tiny, world)
    assert tiny.run("build", "grain-talks", "-f", "docx").exit_code == 0
    env = {**os.environ, "HOME": str(tmp_path)}  # a profile of its own: never the user's, never shared
    done = subprocess.run(
        ["libreoffice", "--headless", "--norestore", "--convert-to", "pdf", "--outdir", str(tmp_path),
         str(tiny.root / "output/grain-talks.docx")],
        capture_output=True, text=True, timeout=120, env=env, check=False,
    )  # fmt: skip
    pdf = tmp_path / "grain-talks.pdf"
    assert pdf.exists(), done.stdout + done.stderr
    assert missing_glyphs(pdf) == set()
    text = _flat("".join(pdf_pages(pdf)))
    for word in WORDS:
        assert _flat(word) in text, word


# -- markup in text stays text ----------------------------------------------------------------------------------


def markup(field: str) -> str:
    # no quotation marks: the typographer curls them (tests/test_inline.py), which is not what this tests
    return f"<b>{field}</b><script>alert({field})</script>"


def _straight(text: str) -> str:
    """Quotation marks as typed: memo sets typographic ones (and a citation style may title-case a title)."""
    return re.sub("[\u2018\u2019\u201c\u201d]", '"', text.replace("&#34;", '"')).casefold()


def test_html_and_script_are_escaped_once_in_the_html(tiny: Tiny) -> None:
    fill_every_field(tiny, markup)
    result = tiny.run("build", "grain-talks", "-f", "html")
    assert errors(result) == [] and result.exit_code == 0, result.output
    html = (tiny.root / "output/grain-talks.html").read_text(encoding="utf-8")
    assert not re.search(r"<(script|b)\b", html, re.I)
    assert "&amp;lt;" not in html and "&amp;#" not in html  # escaped once, never twice
    for field in EVERY_FIELD:
        assert f"&lt;b&gt;{field}&lt;/b&gt;&lt;script&gt;alert({field})&lt;/script&gt;" in html, field


def test_html_and_script_show_as_literal_text_in_the_pdf_and_word_file(tiny: Tiny) -> None:
    fill_every_field(tiny, markup)
    result = tiny.run("build", "grain-talks", "-f", "pdf,docx")
    assert errors(result) == [] and result.exit_code == 0, result.output
    pdf = _straight(_flat("".join(pdf_pages(tiny.root / "output/grain-talks.pdf"))))
    docx = _straight(_docx_text((tiny.root / "output/grain-talks.docx").read_bytes()))
    for field in EVERY_FIELD:  # the banner shows classification in capitals
        assert _straight(_flat(markup(field))) in pdf, field
        assert _straight(markup(field)) in docx, field
