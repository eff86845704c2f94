"""While building: deferred notes steered back to their call's page, the rest reported; WeasyPrint's warnings."""

from __future__ import annotations

from pathlib import Path

import pytest
import weasyprint

from memo.preflight import layout
from memo.preflight.findings import warn
from memo.preflight.sheet import opened
from memo.render.pdf import _refusing_fetcher
from memo.render.weasyprint_fixes import keep_lost_notes
from tests.preflight.conftest import lost_note_page, note_page


def test_the_notes_weasyprint_defers_are_found_in_its_layout() -> None:
    document = weasyprint.HTML(string=note_page(8)).render()
    assert layout.deferred(document) == {2: (1, 2), 3: (1, 2)}


def test_a_deferred_note_is_steered_back_and_not_reported() -> None:
    with layout.collecting() as found:
        document = layout.lay_out(weasyprint.HTML(string=note_page(8)))
    assert found == []
    assert layout.deferred(document) == {}
    assert layout.note_pages(document) == {1: (1, 1), 2: (2, 2), 3: (2, 2)}  # the line went with its note


def test_a_note_that_fits_nowhere_is_reported() -> None:
    with layout.collecting() as found:
        layout.lay_out(weasyprint.HTML(string=note_page(80)))
    assert [(f.page, f.severity, f.message) for f in found] == [
        (2, "warning", "note 2 is printed on page 3, its call on page 2"),
        (3, "warning", "note 3 is printed on page 4, its call on page 3"),
    ]


@pytest.fixture
def unmended(monkeypatch: pytest.MonkeyPatch) -> None:
    """WeasyPrint 70 as it ships, without memo's wrapper around the line layout that loses a note."""
    from weasyprint.layout import block

    monkeypatch.setattr(block, "_linebox_layout", getattr(block._linebox_layout, "__wrapped__", block._linebox_layout))


@pytest.mark.usefixtures("unmended")
def test_a_note_weasyprint_never_lays_out_is_found_and_reported() -> None:
    html = weasyprint.HTML(string=lost_note_page())
    document = html.render()
    assert layout.lost_notes(document) == [3]
    assert layout.note_pages(document) == {1: (1, 1), 2: (1, 2), 3: (1, None)}
    with layout.collecting() as found:
        layout.lay_out(html)  # footnote-policy: line cannot bring it back: the line never reaches that step
    assert [(f.page, f.severity, f.message) for f in found] == [
        (1, "warning", "note 2 is printed on page 2, its call on page 1"),
        (1, "warning", "note 3 is not printed in the PDF; its call is on page 1"),
    ]


def test_memo_keeps_the_note_weasyprint_would_lose() -> None:
    assert keep_lost_notes()  # installed once by memo.render.pdf; installing again changes nothing
    from weasyprint.layout import block

    assert not hasattr(block._linebox_layout.__wrapped__, "memo_keeps_notes")  # wrapped once, not twice
    document = weasyprint.HTML(string=lost_note_page()).render()
    assert layout.lost_notes(document) == []
    assert layout.note_pages(document) == {1: (1, 1), 2: (1, 2), 3: (1, 2)}  # after note 2, as WeasyPrint orders
    # and a page that loses nothing is laid out as before: the note that fits stays under its call
    assert layout.note_pages(weasyprint.HTML(string=note_page(8)).render()) == {1: (1, 1), 2: (1, 2), 3: (1, 2)}


def test_nothing_is_reported_with_no_one_listening() -> None:
    layout.report([warn(1, "heard by no one")])  # a bare render of pdf.render: no error, nowhere to report
    with layout.collecting() as found:
        pass
    assert found == []


def test_weasyprint_warnings_become_findings(tmp_path: Path) -> None:
    html = '<p style="colour: red">text <img src="https://example.org/x.png" alt="x"></p>'

    with layout.collecting() as found, layout.listening():
        page = weasyprint.HTML(string=html, url_fetcher=_refusing_fetcher())
        layout.lay_out(page).write_pdf(tmp_path / "x.pdf")
    messages = [f.message for f in found]
    assert all(f.severity == "warning" and f.page == 1 for f in found)
    assert any(m.startswith("WeasyPrint: Ignored `colour: red`") for m in messages), messages
    assert any("https://example.org/x.png" in m for m in messages), messages


@pytest.mark.parametrize("topic", ["grain-talks"])
def test_memo_build_reports_a_late_note_as_a_warning_and_succeeds(tmp_path: Path, topic: str) -> None:
    from tests.preflight.conftest import make_project

    big = "@media print { .footnote { font-size: 200pt; line-height: 1; } }"  # no note fits under its call
    project = make_project(tmp_path / "proj", css=big)
    result = project.run("build", topic, "-f", "pdf")
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stderr.splitlines() if ": warning: note " in line]
    assert lines and all(f"output/{topic}.pdf:" in line for line in lines), result.stderr
    assert result.stdout.splitlines()[-1].startswith("built 1 memo (1 file), 0 up to date, 0 failed")
    with opened(project.root / f"output/{topic}.pdf") as pdf:
        assert len(pdf.pages) > 1
