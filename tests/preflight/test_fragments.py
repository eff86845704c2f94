"""A table row split across pages leaving one line under the repeated header."""

from __future__ import annotations

from pathlib import Path

import pytest
import weasyprint

from memo.preflight.fragments import row_fragments
from memo.preflight.sheet import Sheet
from tests.preflight.conftest import pages_of

TABLE = """<style>
@page {{ size: A4; margin: 24mm 20mm 22mm 20mm; }}
body {{ font: 10.5pt/1.4 "Noto Serif", serif; margin: 0; widows: {widows}; orphans: {widows}; }}
table {{ border-collapse: collapse; width: 100%; }} td, th {{ border: 1px solid black; padding: 2pt; }}
thead {{ display: table-header-group; }}
</style>
<div style="height: 209mm"></div>
<table><thead><tr><th>Optimistic view</th><th>Sceptical view</th></tr></thead>
<tbody><tr><td>{alpha}</td><td>{beta}</td></tr></tbody></table>
<p>After the table.</p>"""


def split_table(tmp_path: Path, widows: int) -> list[Sheet]:
    html = TABLE.format(widows=widows, alpha=" ".join(["alpha"] * 60), beta=" ".join(["beta"] * 40))
    weasyprint.HTML(string=html).write_pdf(tmp_path / "table.pdf")
    return pages_of(tmp_path / "table.pdf")


def test_quiet_on_a_good_file(good_pages: list[Sheet]) -> None:
    assert row_fragments(good_pages) == []


def test_one_line_of_a_row_under_the_repeated_header(tmp_path: Path) -> None:
    found = row_fragments(split_table(tmp_path, widows=1))
    assert [(f.page, f.severity, f.message) for f in found] == [
        (2, "warning", "a table row split across pages leaves one line under the repeated header")
    ]


@pytest.mark.parametrize("widows", [2])
def test_two_lines_are_not_a_fragment(tmp_path: Path, widows: int) -> None:
    assert row_fragments(split_table(tmp_path, widows)) == []
