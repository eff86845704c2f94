"""The approval gate (issue 13, point 3): who cleared a memo and when, refused at the status line when the
briefing is not clean, and one status phrase or clearance line in every format."""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import pytest

from tests.conftest import OTHER, Tiny
from tests.readback import pdf_pages

P = "briefings/grain-talks.yaml"
APPROVED = "status: approved\napproved_by: Jane Director\napproved_on: 2025-04-28"
STATUS = f"{P}:4:9: error: status: "

CASES = [
    pytest.param(
        "Keep channels open",
        "Keep TODO open",
        [
            f"{STATUS}an approved memo must have no warnings, and this briefing has 1 (line 42: recommendations[0]: "
            "placeholder 'TODO' left in the text); fix them, or set status to review",
            f"{P}:42:10: warning: recommendations[0]: placeholder 'TODO' left in the text",
        ],
        id="todo",
    ),
    pytest.param(
        "Trust is thin [@herald-2025-03-01; @gazette-2025-04-27].",
        "Trust is thin.",
        [
            f"{STATUS}an approved memo must have no warnings, and this briefing has 1 (line 31: "
            "perspectives.sceptical.points[0]: a perspective point should cite a source); fix them, or set status "
            "to review",
            f"{P}:31:9: warning: perspectives.sceptical.points[0]: a perspective point should cite a source",
        ],
        id="uncited-point",
    ),
    pytest.param(
        "approved_by: Jane Director\n",
        "",
        [f"{STATUS}an approved memo needs 'approved_by' (who cleared it); add it, or set status to review"],
        id="no-approved-by",
    ),
    pytest.param(
        "approved_by: Jane Director\napproved_on: 2025-04-28\n",
        "",
        [
            f"{STATUS}an approved memo needs 'approved_by' (who cleared it) and 'approved_on' (the day it was "
            "cleared, such as 2025-04-28); add them, or set status to review"
        ],
        id="no-clearance",
    ),
    pytest.param(
        "approved_on: 2025-04-28",
        "approved_on: 2025-04-26",
        [
            f"{P}:6:14: error: approved_on: 2025-04-26 is before as_of 2025-04-27: a memo is cleared no earlier "
            "than the day its content is current to"
        ],
        id="approved-before-as-of",
    ),
    pytest.param(
        "approved_on: 2025-04-28",
        "approved_on: 2025-04-28 10:00",
        [f"{P}:6:14: error: approved_on: expected a date such as 2025-04-27, found '2025-04-28 10:00'"],
        id="approved-on-with-time",
    ),
    pytest.param(
        APPROVED,
        "status: review\napproved_by: Jane Director",
        [
            f"{P}:5:1: warning: approved_by: printed only once status is approved (it is review); remove it, "
            "or approve the memo"
        ],
        id="clearance-on-review",
    ),
]


@pytest.mark.parametrize(("old", "new", "expected"), CASES)
def test_the_gate_speaks_at_the_status_line(tiny: Tiny, edit, old: str, new: str, expected: list[str]) -> None:
    edit("status: review", APPROVED)
    if old != APPROVED:
        edit(old, new)
    else:
        tiny.briefing("grain-talks", (tiny.root / P).read_text().replace(old, new))
    result = tiny.run("validate", "grain-talks")
    lines = [line for line in result.stderr.splitlines() if ": error: " in line or ": warning: " in line]
    assert lines == expected
    assert result.exit_code == (1 if any(": error: " in line for line in expected) else 0)


def test_a_clean_approved_briefing_passes_strict(tiny: Tiny, edit) -> None:
    edit("status: review", APPROVED)
    result = tiny.run("validate", "--strict")
    assert result.exit_code == 0, result.output


def test_a_briefing_with_schema_errors_is_gated_too(tiny: Tiny, edit) -> None:
    """All problems of a run come out together: the gate reads the raw values of a briefing that did not validate."""
    edit("status: review", "status: approved")
    edit("as_of: 2025-04-27", "as_of: soon")
    lines = tiny.run("validate").stderr.splitlines()
    assert f"{P}:3:8: error: as_of: expected a date such as 2025-04-27, found 'soon'" in lines
    assert any(line.startswith(f"{STATUS}an approved memo needs 'approved_by'") for line in lines)


def test_build_refuses_an_unclean_approved_memo_and_writes_nothing(tiny: Tiny, edit) -> None:
    edit("status: review", APPROVED)
    edit("Keep channels open", "Keep TODO open")
    result = tiny.run("build", "grain-talks", "-f", "html")
    assert result.exit_code == 1
    assert f"{STATUS}an approved memo must have no warnings" in result.stderr
    assert not (tiny.root / "output/grain-talks.html").exists()


# -- what readers see ----------------------------------------------------------------------------------------


def _word_text(path: Path) -> tuple[list[str], list[str]]:
    document = docx.Document(io.BytesIO(path.read_bytes()))
    header = [p.text for p in document.sections[0].header.paragraphs]
    return [p.text for p in document.paragraphs], header


@pytest.fixture
def three(tiny: Tiny) -> Path:
    """One memo in each status: grain-talks under review, other-topic approved, a third a draft. Word and HTML of
    each; the PDF of the draft only (tests/render/test_pdf.py reads the other two from the PDFs it builds anyway)."""
    tiny.briefing("third-topic", OTHER.replace("Another topic", "Third topic").replace("status: approved", "status: draft")
                  .replace("approved_by: Jane Director\napproved_on: 2025-04-02\n", ""))  # fmt: skip
    for args in (["-f", "docx,html"], ["third-topic", "-f", "pdf"]):
        result = tiny.run("build", "-j", "1", *args)
        assert result.exit_code == 0, result.output
    return tiny.root / "output"


def test_one_status_phrase_or_the_clearance_in_every_format(three: Path) -> None:
    clearance = "Approved by Jane Director on 2 April 2025"
    for topic, mark in (("grain-talks", "DRAFT \u2014 FOR REVIEW"), ("third-topic", "DRAFT"), ("other-topic", None)):
        body, header = _word_text(three / f"{topic}.docx")
        html = (three / f"{topic}.html").read_text(encoding="utf-8")
        if mark is None:
            assert body[:2] == ["MEMORANDUM", clearance]
            assert not any("DRAFT" in line for line in body + header)
            assert f'<p class="clearance">{clearance}</p>' in html and "DRAFT" not in html
            continue
        assert body[0] == f"MEMORANDUM {mark}"
        assert re.search(f"\t{mark}\u2003As of [0-9]+ [A-Z][a-z]+ 2025$", header[1]), header[1]  # as the PDF's head
        assert f'<span class="status">{mark}</span>' in html and "Approved by" not in html
    pages = pdf_pages(three / "third-topic.pdf")
    assert all("DRAFT" in page for page in pages)
    assert not any("FOR REVIEW" in page or "Approved by" in page for page in pages)
