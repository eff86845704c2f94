"""HTML output: one self-contained page, text escaped once, notes listed at the end."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from tests.conftest import Tiny


def build_html(tiny: Tiny, topic: str = "grain-talks") -> str:
    result = tiny.run("build", topic, "-f", "html")
    assert result.exit_code == 0, result.output
    return (tiny.root / f"output/{topic}.html").read_text(encoding="utf-8")


def test_self_contained_with_css_inlined(tiny: Tiny) -> None:
    html = build_html(tiny)
    assert "<style>" in html and "float: footnote" in html
    assert not re.search(r"<(link|script|img)\b", html)
    # the only relative links are to sibling memos in the same folder (related memos)
    assert not re.search(r"(src|href)=\"(?!https?://|mailto:|#|[a-z0-9-]+\.html\")", html)


def test_related_memos_link_by_title(tiny: Tiny) -> None:
    html = build_html(tiny)
    assert '<a href="other-topic.html">Another topic</a>' in html


def test_notes_are_linked_both_ways(tiny: Tiny) -> None:
    html = build_html(tiny)
    refs = re.findall(r'<sup class="note-ref" id="ref-(\d+)"><a href="#note-(\d+)">(\d+)</a></sup>', html)
    assert [int(r[0]) for r in refs] == list(range(1, 9))
    assert all(a == b == c for a, b, c in refs)
    assert (
        '<li id="note-1">Jane Doe, \u2018Talks Resume\u2019, <em>The Example Gazette</em>, 27 April 2025, '
        '<a href="https://example.org/gazette-2025-04-27">https://example.org/gazette-2025-04-27</a>.'
    ) in html


def test_markup_in_text_is_escaped_once(tiny: Tiny, edit) -> None:
    edit("Keep channels open", "<script>alert('x')</script> & <b>bold</b> &amp; Tom's")
    html = build_html(tiny)
    assert "<script>" not in html and "<b>" not in html
    # the typographer curls the quotes and the apostrophe; everything else is shown as typed
    assert "&lt;script&gt;alert(\u201cx\u201d)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt; &amp; Tom\u2019s" in html


def test_header_fields(tiny: Tiny) -> None:
    html = build_html(tiny)
    assert "<th>For</th><td>Director, Europe</td>" in html
    assert '<th>Date</th><td class="as-of">27 April 2025</td>' in html
    assert 'class="screen draft"' in html and "OFFICIAL" in html
    assert 'class="screen final"' in build_html(tiny, "other-topic")


def test_template_error_names_the_file_and_keeps_old_output(tiny: Tiny) -> None:
    build_html(tiny)
    before = (tiny.root / "output/grain-talks.html").read_bytes()
    page = tiny.root / "templates/memo/memo.html.j2"
    text = page.read_text()
    line = text[: text.index("{{ h.title }}</title>")].count("\n") + 1
    page.write_text(text.replace("{{ h.title }}</title>", "{{ h.no_such_field }}</title>"))
    result = tiny.run("build", "grain-talks", "-f", "html")
    assert result.exit_code == 1
    assert f"html not built: templates/memo/memo.html.j2:{line}: template error:" in result.stderr
    assert "no_such_field" in result.stderr and "Traceback" not in result.output
    assert (tiny.root / "output/grain-talks.html").read_bytes() == before
    assert sorted(p.name for p in (tiny.root / "output").iterdir() if not p.name.startswith(".")) == [
        "grain-talks.html",
        "index.html",
        "manifest.json",
    ]


def test_language_from_settings_or_briefing_drives_lang_and_quotes(tiny: Tiny, edit) -> None:
    html = build_html(tiny)
    assert '<html lang="en-GB">' in html and "\u2018We are ready to talk.\u2019" in html
    edit("status: review\n", "status: review\nlang: en-US\n")
    html = build_html(tiny)
    assert '<html lang="en-US">' in html and "\u201cWe are ready to talk.\u201d" in html


def test_right_to_left_text_is_isolated_and_its_block_runs_right_to_left(tiny: Tiny, edit) -> None:
    edit('text: "We are ready to talk."', 'text: "\u0646\u062d\u0646 \u0645\u0633\u062a\u0639\u062f\u0648\u0646."')
    edit("Keep channels open", "Keep channels open with \u05e9\u05e8 \u05d4\u05d7\u05d5\u05e5 today")
    html = build_html(tiny)
    assert (
        '<blockquote dir="rtl">\u2018<bdi>\u0646\u062d\u0646 \u0645\u0633\u062a\u0639\u062f\u0648\u0646</bdi>.\u2019'
        in html
    )
    assert '<li dir="auto">Keep channels open with <bdi>\u05e9\u05e8 \u05d4\u05d7\u05d5\u05e5</bdi> today' in html


@pytest.mark.skipif(shutil.which("tidy") is None, reason="tidy is not installed (scripts/setup installs it)")
def test_tidy_finds_nothing_to_warn_about(tiny: Tiny, edit) -> None:
    edit(
        "Keep channels open",
        "Keep channels open with \u05e9\u05e8 \u05d4\u05d7\u05d5\u05e5 and https://example.org/a_b",
    )
    build_html(tiny)
    done = subprocess.run(
        ["tidy", "-q", "-e", str(tiny.root / "output/grain-talks.html")], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0 and done.stderr == "", done.stderr


@pytest.mark.parametrize(
    "title",
    ["Talks " * 40, "\u4e2d" * 80, "A " + "x" * 120],
    ids=["words", "cjk-no-spaces", "one-long-word"],
)
def test_a_running_title_is_cut_to_fit_one_line(title: str) -> None:
    from memo.render.measure import _ems_text, fit

    cut = fit(title.strip(), 36)
    assert cut.endswith("\u2026") and _ems_text(cut) <= 36
    assert _ems_text(cut) > 18  # never cut to a stub
