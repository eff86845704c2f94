"""`memo check` through click: findings per file and page, the summary line, exit codes 0, 1 and 2."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
import weasyprint

from memo.project import find_project
from memo.render.html import render_html
from memo.templates import find_template_set
from tests.conftest import Tiny, memo_of
from tests.preflight.conftest import build, make_project


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Tiny:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PATH", str(Path(sys.executable).parent))  # no LibreOffice: the Word pages are not laid out
    return make_project(tmp_path / "proj")


def tag(project: Tiny, topic: str) -> None:
    """Replace a built PDF by the same memo written tagged (PDF/UA-1), as the build will once tagging lands."""
    p = find_project(root=project.root)
    html = render_html(memo_of(project.root, topic), find_template_set(p.templates_dir, "memo"), p.settings, paged=True)
    weasyprint.HTML(string=html).write_pdf(project.root / f"output/{topic}.pdf", pdf_variant="pdf/ua-1")


def test_a_good_memo_has_no_findings(project: Tiny) -> None:
    build(project, "other-topic", "-f", "pdf,docx")
    tag(project, "other-topic")
    result = project.run("check", "other-topic")
    assert result.stderr == "checked 1 memo (2 files): 0 errors, 0 warnings\n"
    assert result.exit_code == 0


EDGE = "@media print { @page { @top-center { vertical-align: top; padding: 3mm 0 0; } } }"  # banner at the edge


def test_findings_name_the_file_and_page_and_exit_1(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PATH", str(Path(sys.executable).parent))
    project = make_project(tmp_path / "proj", css=EDGE)
    build(project, "-f", "pdf")
    result = project.run("check")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    for line, topic in zip(lines, ["grain-talks", "other-topic"], strict=False):
        assert re.fullmatch(
            rf"proj/output/{topic}.pdf:1:1: error: text \u201cOFFICIAL\u201d is [0-9.]+ mm from the top edge of the "
            r"paper \(a printer may cut off what is nearer than 10 mm\)( \(pages 1\u2013\d\))?",
            line,
        ), line
    assert lines[-1] == "checked 2 memos (2 files): 2 errors, 0 warnings"


def test_out_folder_and_only_the_topics_built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    project = make_project(tmp_path / "proj", css=EDGE)
    build(project, "other-topic", "-f", "pdf", "--out", str(project.root / "elsewhere"))
    result = project.run("check", "--out", str(project.root / "elsewhere"))
    assert result.stderr.splitlines()[-1] == "checked 1 memo (1 file): 1 error, 0 warnings"


def test_a_topic_named_but_not_built(project: Tiny) -> None:
    build(project, "other-topic", "-f", "pdf")
    result = project.run("check", "grain-talks")
    assert result.exit_code == 1
    assert (
        result.stderr.splitlines()[0]
        == "proj/output/grain-talks.pdf:1:1: error: not built; run: memo build grain-talks"
    )


def test_nothing_built(project: Tiny) -> None:
    result = project.run("check")
    assert result.exit_code == 1
    assert result.stderr == f"memo: error: nothing to check in {project.root / 'output'}; run: memo build\n"


@pytest.mark.parametrize(("args", "message"), [(["nope"], "no topic 'nope'"), (["../x"], "is not a topic id")])
def test_wrong_usage_exits_2(project: Tiny, args: list[str], message: str) -> None:
    result = project.run("check", *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_a_damaged_file_is_one_line_not_a_traceback(project: Tiny) -> None:
    out = build(project, "other-topic", "-f", "pdf")
    (out / "other-topic.pdf").write_bytes(b"%PDF-1.7\nnot really\n")
    result = project.run("check")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith("proj/output/other-topic.pdf:1:1: error: cannot read other-topic.pdf: ")
    assert lines[-1] == "checked 1 memo (1 file): 1 error, 0 warnings"
