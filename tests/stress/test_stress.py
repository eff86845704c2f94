"""Every stress briefing builds to PDF and Word with zero preflight findings (issue 10, point 6).

`memo check` runs every check: page geometry, overprint, notes on their call's page, blank
stretches, glyphs, tags, PDF/Word parity, and the Word file's pages as LibreOffice lays them
out where LibreOffice is installed (scripts/setup installs it where it may).
"""

from __future__ import annotations

import pytest
import yaml

from tests.conftest import Tiny
from tests.stress.briefings import SOURCES, STRESS


@pytest.mark.parametrize("name", sorted(STRESS))
def test_builds_with_zero_preflight_findings(tiny: Tiny, name: str) -> None:
    for sid, text in SOURCES.items():
        tiny.write(f"seeds/{sid}.yaml", text)
    tiny.briefing(name, yaml.safe_dump(STRESS[name], allow_unicode=True, sort_keys=False))
    built = tiny.run("build", name, "-f", "pdf,docx")
    assert built.exit_code == 0 and built.stderr == "", built.output
    checked = tiny.run("check", name)
    assert checked.exit_code == 0, checked.stderr
    assert checked.stderr.strip() == "checked 1 memo (2 files): 0 errors, 0 warnings"
