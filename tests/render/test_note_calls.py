"""A note call stays on the line of the word it marks.

Pango, and so WeasyPrint, may break a line between punctuation and a digit: a citation typed after a
sentence's full stop (``deal. [@a]``) put its call alone at the start of the next line whenever the stop
fitted the line and the call did not. The bullets below end at many different places on their last line,
so some of them meet that edge; the same page without the word joiner memo puts before each call is laid
out too, to show the bullets do meet it.
"""

from __future__ import annotations

import io
from pathlib import Path

import pdfplumber
import weasyprint

from memo.preflight.notes import lone_calls
from memo.preflight.sheet import Sheet, sheets
from memo.project import find_project
from memo.render.html import JOIN, render_html
from memo.templates import find_template_set
from tests.conftest import Tiny, memo_of

SENTENCE = (
    "Both delegations met again in Riyadh on Monday and agreed to keep talking about the grain corridor, "
    "its insurance, the inspection of ships and the ports it should serve until a deal is reached or one "
    "side walks away"
)


def briefing() -> str:
    """The tiny project's briefing with 40 key points, one word longer each, cited after a full stop or a
    question mark (a break may fall after either)."""
    words = SENTENCE.split()
    points = "".join(f"  - {' '.join(words[: 3 + i])}{'.?'[i % 2]} [@gazette-2025-04-27]\n" for i in range(40))
    return (
        "title: Grain talks\nas_of: 2025-04-27\nstatus: draft\nsummary: Talks resumed [@herald-2025-03-01].\n"
        f"key_points:\n{points}"
        "perspectives:\n  optimistic:\n    points: ['Good [@herald-2025-03-01]']\n"
        "  sceptical:\n    points: ['Bad [@gazette-2025-04-27]']\n"
    )


def read(pdf: bytes | Path) -> list[Sheet]:
    with pdfplumber.open(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf) as opened:
        return sheets(opened)


def unjoined(root: Path) -> bytes:
    """The memo's page as memo renders it for the PDF, less the joiners, laid out by WeasyPrint."""
    project = find_project(root=root)
    templates = find_template_set(project.templates_dir, project.settings.template)
    html = render_html(memo_of(root, "grain-talks"), templates, project.settings, paged=True)
    return weasyprint.HTML(string=html.replace(JOIN, "")).write_pdf()


def test_no_call_wraps_onto_a_line_of_its_own(tiny: Tiny) -> None:
    tiny.briefing("grain-talks", briefing())
    result = tiny.run("build", "grain-talks", "--format", "pdf")
    assert result.exit_code == 0, result.output
    pages = read(tiny.root / "output/grain-talks.pdf")
    assert lone_calls(pages) == []
    assert "\u2060" not in "".join(c["text"] for page in pages for c in page.chars)  # the joiner is no text
    alone = lone_calls(read(unjoined(tiny.root)))  # without the joiners, some calls do stand alone
    assert alone, "no bullet met the edge: the test no longer shows the fault"
    assert all("alone on a line, apart from the word it marks" in f.message for f in alone)


def test_the_html_page_glues_its_calls_too(tiny: Tiny) -> None:
    """A browser breaks before a call after "?", "…" or "—" (Chromium, tried by hand): the page has the joiner."""
    tiny.briefing("grain-talks", briefing())
    assert tiny.run("build", "grain-talks", "--format", "html").exit_code == 0
    html = (tiny.root / "output/grain-talks.html").read_text(encoding="utf-8")
    calls = 43  # 40 points, the bottom line, two views
    assert html.count('<sup class="note-ref"') == html.count('\u2060<sup class="note-ref"') == calls
