"""A character printed as a box: found in the PDF, and WeasyPrint's warning reaches `memo build`."""

from __future__ import annotations

from pathlib import Path

import pytest

from memo.preflight.glyphs import missing_glyphs
from memo.preflight.sheet import opened
from tests.conftest import BRIEFING
from tests.preflight.conftest import make_project


def test_quiet_on_a_good_file(good: Path) -> None:
    with opened(good / "grain-talks.pdf") as pdf:
        assert missing_glyphs(pdf) == []


def test_a_character_no_font_has(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = make_project(tmp_path / "proj", briefing=BRIEFING.replace("Keep channels open", "Keep \ue000 open"))
    monkeypatch.chdir(project.root)
    result = project.run("build", "grain-talks", "-f", "pdf")
    assert result.exit_code == 0  # a warning while building, never a failure
    assert (
        "output/grain-talks.pdf:1:1: warning: WeasyPrint: .notdef glyph rendered for Unicode string unsupported by "
        'fonts: "\ue000" (U+E000)'
    ) in result.stderr.splitlines()
    with opened(project.root / "output/grain-talks.pdf") as pdf:
        found = missing_glyphs(pdf)
    assert [(f.severity, f.message) for f in found] == [
        ("error", "no glyph for U+E000: printed as a box (install a font that has it)")
    ]
