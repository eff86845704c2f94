"""A note printed on a later page than its call, read from the finished PDF."""

from __future__ import annotations

from pathlib import Path

import pytest
import weasyprint

from memo.preflight.findings import warn
from memo.preflight.notes import _split, lone_calls, marks, notes_away_from_calls
from memo.preflight.sheet import Sheet
from tests.preflight.conftest import note_page, pages_of

# A cell 60 pt wide whose line "Deal." fills all but 5 pt (the word in a box 55 pt wide): the stop fits, the
# call after it does not, so a break after the stop puts the call on a line of its own, beside the second
# line of the next cell. `join` glues the call to the stop, as memo.render.html does.
LONE_PAGE = """<html><head><style>
@page {{ size: A4; margin: 24mm 20mm 22mm 20mm; }}
body {{ font: 10.5pt/1.4 "Noto Serif", "DejaVu Serif", serif; margin: 0; }}
table {{ table-layout: fixed; width: 100%; border-collapse: collapse; }}
td {{ vertical-align: top; padding: 0; }}
td + td {{ padding-left: 1em; }}
.word {{ display: inline-block; width: 55pt; }}
.footnote {{ float: footnote; font-size: 8pt; line-height: 1.3; }}
.footnote::footnote-call {{ font-size: 6.5pt; vertical-align: super; line-height: 0; }}
.footnote::footnote-marker {{ content: counter(footnote) ".\\00a0"; }}
</style></head><body>
<table><tr><td style="width: 60pt"><span class="word">Deal</span>.{join}<span class="footnote">A note.</span></td>
<td>{beside}<span class="footnote">Second note.</span></td></tr></table>
<p>A call in the running text<span class="footnote">Third note.</span>, and a call at the end.<span class="footnote">Fourth.</span></p>
</body></html>"""


def test_quiet_on_a_good_file(good_pages: list[Sheet]) -> None:
    found = marks(good_pages)
    assert sorted(found.calls) == sorted(found.notes) == list(range(1, 9))  # every call and note of the 8 seen
    assert notes_away_from_calls(good_pages) == []
    assert lone_calls(good_pages) == []


@pytest.mark.parametrize(("join", "found"), [("", [warn(1, "note call 1 alone on a line, apart from the word it marks")]),
                                             ("\u2060", [])])  # fmt: skip
def test_a_call_alone_on_a_line(tmp_path: Path, join: str, found: list) -> None:
    path = tmp_path / "lone.pdf"
    beside = " ".join(["Text in the next cell, on the call's line too."] * 6)
    weasyprint.HTML(string=LONE_PAGE.format(join=join, beside=beside)).write_pdf(path)
    pages = pages_of(path)
    assert sorted(marks(pages).calls) == [1, 2, 3, 4]  # every call is read, alone or not
    assert lone_calls(pages) == found


def test_a_deferred_note(tmp_path: Path) -> None:
    path = tmp_path / "deferred.pdf"
    weasyprint.HTML(string=note_page(8)).write_pdf(path)  # laid out as WeasyPrint does, not steered
    found = notes_away_from_calls(pages_of(path))
    assert [(f.page, f.severity, f.message) for f in found] == [
        (1, "warning", "note 2 is printed on page 2, its call on page 1"),
        (1, "warning", "note 3 is printed on page 2, its call on page 1"),
    ]


@pytest.mark.parametrize(
    ("run", "known", "calls"),
    [("21", {20, 21, 22}, [21]), ("2122", {21, 22}, [21, 22]), ("91011", {9, 10, 11}, [9, 10, 11]),
     ("12", {1, 2}, [1, 2]), ("12", {1, 2, 12}, [12]), ("7", set(), [7])],
)  # fmt: skip
def test_calls_set_together_are_split_into_notes_that_exist(run: str, known: set[int], calls: list[int]) -> None:
    assert _split(run, known) == calls
