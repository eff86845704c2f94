"""Files built to trip each preflight check, and a good one that trips none.

Tiny projects are built in tmp_path with the real template set, copied, plus
a stylesheet appended: ``GOOD`` mends the faults issue 10 found in the shipped
template (banners 7 mm from the edge, the sceptical column off the page), so
"quiet on a good file" does not wait for those fixes; each trip adds one fault.
Notes are tripped with a page of plain HTML, where their geometry is certain.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from memo.preflight.sheet import Sheet, opened, sheets
from tests.conftest import OTHER, PYPROJECT, REPO, SOURCE, Tiny

GOOD = "\n"  # the shipped template set is good as it stands; a test appends the fault it needs

# the note rules of templates/memo/memo.css, on a page whose geometry the test sets
NOTE_PAGE = """<html><head><style>
@page {{ size: A4; margin: 24mm 20mm 22mm 20mm; }}
body {{ font: 10.5pt/1.4 "Noto Serif", "DejaVu Serif", serif; margin: 0; }}
p {{ margin: 0 0 0.5em; }}
.footnote {{ float: footnote; font-size: 8pt; line-height: 1.3; }}
.footnote::footnote-call {{ font-size: 6.5pt; vertical-align: super; line-height: 0; }}
.footnote::footnote-marker {{ content: counter(footnote) ".\\00a0"; }}
</style></head><body>
<p>Opening text<span class="footnote" id="note-1">A short note.</span> here.</p>
<div style="height: {spacer}mm"></div>
<p>Text with a call<span class="footnote" id="note-2">{note}</span> near the foot of the page.</p>
<p>More text after it<span class="footnote" id="note-3">Third note.</span>.</p>
</body></html>"""


def note_page(note_lines: int, spacer_mm: float = 212) -> str:
    """A page whose second note does not fit under its call: with 8 lines it fits on the next page with
    its line; with 80 it fits nowhere."""
    return NOTE_PAGE.format(spacer=spacer_mm, note="<br>".join(f"Line {i} of a long note." for i in range(note_lines)))


# a page where WeasyPrint 70 loses note 3: the second line of the last paragraph, which calls it, overflows
# the page; the paragraph cannot break before that line (orphans: 2) but can after it, so WeasyPrint
# reports note 2 to the next page to make room, keeps the line, and never lays out the note it calls
LOST_NOTE_PAGE = NOTE_PAGE.replace(
    '<p>More text after it<span class="footnote" id="note-3">Third note.</span>.</p>',
    """<p>The first line of a paragraph of four, long enough to fill its line to the right margin and wrap,
then the second line<span class="footnote" id="note-3">The note that must not be lost.</span>, and on for a
third line of the same paragraph, so that the page may break after its second line, and on to a fourth and
last line of it, which ends here with a few more words to be sure that it wraps.</p>""",
)


def lost_note_page() -> str:
    """A page whose note 3 WeasyPrint 70 lays out nowhere, though it prints its call (spacer found by a scan:
    the loss happens from 204 to 209 mm)."""
    return LOST_NOTE_PAGE.format(spacer=206.5, note="<br>".join(f"Line {i} of a long note." for i in range(4)))


def make_project(root: Path, css: str = "", briefing: str | None = None, classification: str = "OFFICIAL") -> Tiny:
    """The tiny project of tests/conftest.py, its template set mended by GOOD, then ``css`` appended."""
    from tests.conftest import BRIEFING

    project = Tiny(root)
    project.write("pyproject.toml", PYPROJECT.replace('"OFFICIAL"', f'"{classification}"'))
    project.write("seeds/gazette-2025-04-27.yaml", SOURCE.format(id="gazette-2025-04-27", title="Talks resume"))
    project.write("seeds/herald-2025-03-01.yaml", SOURCE.format(id="herald-2025-03-01", title="Talks open"))
    project.briefing("grain-talks", briefing or BRIEFING)
    project.briefing("other-topic", OTHER)
    shutil.copytree(REPO / "templates", root / "templates")
    with open(root / "templates/memo/memo.css", "a", encoding="utf-8") as f:
        f.write(GOOD + css)
    return project


def build(project: Tiny, *args: str) -> Path:
    result = project.run("build", "-j", "1", *args)
    assert result.exit_code == 0, result.output
    return project.root / "output"


def pages_of(path: Path) -> list[Sheet]:
    with opened(path) as pdf:
        return sheets(pdf)


@pytest.fixture(scope="session")
def good(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The output folder of a good project: PDF and Word of both topics."""
    return build(make_project(tmp_path_factory.mktemp("good") / "proj"), "-f", "pdf,docx")


@pytest.fixture(scope="session")
def good_pages(good: Path) -> list[Sheet]:
    return pages_of(good / "grain-talks.pdf")
