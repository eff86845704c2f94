"""The memos we ship, built from the real briefings as a reader gets them, read back in every format."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from memo.cli import main
from tests.conftest import REPO
from tests.readback import pdf_pages

pytestmark = pytest.mark.xdist_group("shipped")  # one worker builds them once for every test here
TOPICS = sorted(p.stem for p in (REPO / "briefings").glob("*.yaml"))
URL = re.compile(r"(https?://|mailto:)\S+")


@pytest.fixture(scope="session")  # module scope builds again when xdist interleaves another module's tests
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("shipped")
    result = CliRunner().invoke(main, ["--root", str(REPO), "build", "--out", str(out), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    return out


def _docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        parts = [n for n in z.namelist() if re.match(r"word/(document|footnotes|header\d*|footer\d*)\.xml$", n)]
        return "\n".join("".join(etree.fromstring(z.read(n)).itertext()) for n in parts)


def _html_text(path: Path) -> str:
    tree = etree.HTML(path.read_bytes())
    for bad in tree.xpath("//style|//script|//head"):
        bad.getparent().remove(bad)
    return "".join(tree.itertext())


@pytest.mark.parametrize("topic", TOPICS)
def test_no_straight_quotes_in_any_format(shipped: Path, topic: str) -> None:
    texts = {
        "pdf": "\n".join(pdf_pages(shipped / f"{topic}.pdf")),
        "docx": _docx_text(shipped / f"{topic}.docx"),
        "html": _html_text(shipped / f"{topic}.html"),
    }
    for fmt, text in texts.items():
        straight = [m.start() for m in re.finditer("[\"']", URL.sub("", text))]
        assert not straight, (fmt, [URL.sub("", text)[max(0, i - 30) : i + 30] for i in straight[:3]])


def test_the_preflight_finds_nothing_in_any_shipped_memo(shipped: Path) -> None:
    result = CliRunner().invoke(main, ["--root", str(REPO), "check", "--out", str(shipped)])
    assert result.exit_code == 0, result.stderr
    assert result.stderr.strip().endswith(
        f"checked {len(TOPICS)} memos ({2 * len(TOPICS)} files): 0 errors, 0 warnings"
    )


def test_a_wrapped_note_line_stands_under_its_notes_text_not_its_number(shipped: Path) -> None:
    """Notes hang: the number in a column of its own (memo.css ``::footnote-marker``), every line of the
    note's text, first or wrapped, starting at one edge."""
    from memo.preflight.notes import char_lines, markers
    from memo.preflight.sheet import opened, sheets

    starts, wrapped = [], []
    for topic in TOPICS:
        with opened(shipped / f"{topic}.pdf") as pdf:
            for sheet in sheets(pdf):
                area = min((top for _, top in markers(sheet)), default=sheet.height)
                for line in char_lines(sheet):
                    if line[0]["top"] < area - 1 or abs(line[0]["size"] - 8) > 0.3:  # not a note's line
                        continue
                    text = "".join(c["text"] for c in line)
                    if re.match(r"\d+\.\xa0", text):
                        starts.append(line[text.index("\xa0") + 1]["x0"])
                    else:
                        wrapped.append(line[0]["x0"])
    assert starts and wrapped, (starts, wrapped)
    edges = starts + wrapped
    assert max(edges) - min(edges) < 0.5, sorted(set(round(x, 1) for x in edges))
