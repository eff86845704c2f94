"""`memo build`: topics, formats, template sets, output folder, failures that lose nothing."""

from __future__ import annotations

import pytest

from tests.conftest import Tiny


def test_builds_every_topic_by_default(tiny: Tiny) -> None:
    result = tiny.run("build", "-f", "html")
    assert result.exit_code == 0
    outputs = sorted(p.name for p in (tiny.root / "output").iterdir() if not p.name.startswith("."))
    assert outputs == ["grain-talks.html", "index.html", "manifest.json", "other-topic.html"]
    assert result.stdout.splitlines()[-1].startswith("built 2 memos (2 files), 0 up to date, 0 failed in ")


def test_out_folder(tiny: Tiny) -> None:
    assert tiny.run("build", "other-topic", "-f", "html", "--out", "elsewhere/deeper").exit_code == 0
    assert (tiny.root / "elsewhere/deeper/other-topic.html").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-f", "pdf,odt"], "unknown format 'odt'; choose from pdf, docx, html"),
        (["--template", "../memo"], "'../memo' is not a template set name"),
        (["--template", "fancy"], "no template set 'fancy' in"),
        (["nope"], "no topic 'nope'"),
    ],
)
def test_wrong_usage_exits_2(tiny: Tiny, args: list[str], message: str) -> None:
    result = tiny.run("build", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert not (tiny.root / "output").exists()


def test_a_broken_topic_does_not_stop_the_others(tiny: Tiny, edit) -> None:
    assert tiny.run("build", "-f", "html").exit_code == 0
    before = (tiny.root / "output/grain-talks.html").read_bytes()
    edit("status: review", "status: final")
    (tiny.root / "output/other-topic.html").unlink()
    result = tiny.run("build", "-f", "html")
    assert result.exit_code == 1
    assert "briefings/grain-talks.yaml:4:9: error: status:" in result.stderr
    assert "briefings/grain-talks.yaml:1:1: error: not built: the briefing has errors" in result.stderr
    assert (tiny.root / "output/other-topic.html").exists()
    assert (tiny.root / "output/grain-talks.html").read_bytes() == before
    assert result.stdout.splitlines()[-1].startswith("built 1 memo (1 file), 0 up to date, 1 failed")


def test_unwritable_output_is_one_clear_line(tiny: Tiny) -> None:
    (tiny.root / "blocker").write_text("a file, not a folder")
    result = tiny.run("build", "-f", "html", "--out", "blocker/out")
    assert result.exit_code == 1
    assert "cannot create the output folder" in result.stderr
    assert "Traceback" not in result.output


def test_missing_harfbuzz_subset_is_named(tiny: Tiny, monkeypatch: pytest.MonkeyPatch) -> None:
    import weasyprint.text.ffi

    monkeypatch.setattr(weasyprint.text.ffi, "harfbuzz_subset", None)  # as on a machine without the library
    result = tiny.run("build", "other-topic", "-f", "pdf")
    assert result.exit_code == 0
    assert "memo: warning: libharfbuzz-subset0 is not installed" in result.stderr
    assert "apt-get install libharfbuzz-subset0" in result.stderr
    monkeypatch.undo()
    assert "libharfbuzz" not in tiny.run("build", "other-topic", "-f", "pdf", "--force").stderr
