"""A note printed on a later page than its call, read from the finished PDF."""

from __future__ import annotations

from pathlib import Path

import pytest
import weasyprint

from memo.preflight.notes import _split, marks, notes_away_from_calls
from memo.preflight.sheet import Sheet
from tests.preflight.conftest import note_page, pages_of


def test_quiet_on_a_good_file(good_pages: list[Sheet]) -> None:
    found = marks(good_pages)
    assert sorted(found.calls) == sorted(found.notes) == list(range(1, 9))  # every call and note of the 8 seen
    assert notes_away_from_calls(good_pages) == []


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
