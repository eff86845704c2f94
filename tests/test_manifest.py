"""manifest.json describes the files beside it: a failed topic keeps its entry, a gone topic loses its files."""

from __future__ import annotations

import json

import pytest

from memo.output import write_json
from memo.render import docx as docx_renderer
from tests.conftest import Tiny


def visible_files(tiny: Tiny) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((tiny.root / "output").iterdir()) if not p.name.startswith(".")}


def manifest(tiny: Tiny) -> dict:
    return json.loads((tiny.root / "output/manifest.json").read_text())


def drop_other_topic(tiny: Tiny) -> None:
    text = (tiny.root / "briefings/grain-talks.yaml").read_text()
    tiny.briefing("grain-talks", text.replace("related: [other-topic]", "related: []"))
    (tiny.root / "briefings/other-topic.yaml").unlink()


def test_a_failed_build_leaves_the_manifest_byte_identical(tiny: Tiny) -> None:
    """Byte-identical: the failing topic's entry, and the books `memo book` recorded there too."""
    assert tiny.run("build", "-f", "html,docx", "-j", "1").exit_code == 0
    path = tiny.root / "output/manifest.json"
    write_json(path, {**manifest(tiny), "books": [{"name": "all", "title": "All", "files": {}}]})
    before = path.read_bytes()
    text = (tiny.root / "briefings/grain-talks.yaml").read_text()
    tiny.briefing("grain-talks", text.replace("Keep channels open", "Keep channels open [@no-such-source]"))
    result = tiny.run("build", "-f", "html,docx", "-j", "1")
    assert result.exit_code == 1 and "no-such-source" in result.stderr
    assert (tiny.root / "output/manifest.json").read_bytes() == before
    verified = tiny.run("verify")  # the files still match their entry; the briefing moved on
    assert verified.stdout == "4 files verified, 1 stale: grain-talks (briefing changed since build)\n"


def test_a_deleted_topic_loses_its_files_and_nothing_else(tiny: Tiny) -> None:
    assert tiny.run("build", "-f", "html,docx", "-j", "1").exit_code == 0
    assert tiny.run("build", "other-topic", "-f", "pdf", "-j", "1").exit_code == 0  # one short PDF: all three
    tiny.write("output/other-topic.txt", "an editor's note, not memo's")
    tiny.write("output/notes.html", "<p>kept</p>")
    before = visible_files(tiny)
    drop_other_topic(tiny)
    result = tiny.run("build", "-f", "html,docx", "-j", "1")
    assert result.exit_code == 0, result.output
    assert "removed output/other-topic.docx: its topic no longer exists" in result.stdout
    after = visible_files(tiny)
    assert set(before) - set(after) == {"other-topic.docx", "other-topic.html", "other-topic.pdf"}
    assert after["other-topic.txt"] == before["other-topic.txt"] and after["notes.html"] == before["notes.html"]
    assert [m["topic"] for m in manifest(tiny)["memos"]] == ["grain-talks"]
    assert tiny.run("verify").exit_code == 0


def test_keep_orphans_keeps_the_files_and_their_entry(tiny: Tiny) -> None:
    assert tiny.run("build", "-f", "html", "-j", "1").exit_code == 0
    drop_other_topic(tiny)
    assert tiny.run("build", "-f", "html", "--keep-orphans", "-j", "1").exit_code == 0
    assert (tiny.root / "output/other-topic.html").exists()
    assert [m["topic"] for m in manifest(tiny)["memos"]] == ["grain-talks", "other-topic"]
    (tiny.root / "output/other-topic.html").write_text("changed by hand")  # not what memo wrote: never removed
    result = tiny.run("build", "-f", "html", "-j", "1")
    assert "output/other-topic.html:1:1: warning: not removed: topic 'other-topic' is gone" in result.stderr
    assert (tiny.root / "output/other-topic.html").read_text() == "changed by hand"
    assert [m["topic"] for m in manifest(tiny)["memos"]] == ["grain-talks"]


def test_a_format_that_fails_leaves_its_old_file_listed_with_its_own_provenance(
    tiny: Tiny, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert tiny.run("build", "grain-talks", "-f", "html,docx", "-j", "1").exit_code == 0
    old = manifest(tiny)["memos"][0]

    def explode(*_: object) -> bytes:
        raise RuntimeError("renderer bug")

    monkeypatch.setattr(docx_renderer, "render", explode)
    tiny.write("seeds/herald-2025-03-01.yaml", (tiny.root / "seeds/herald-2025-03-01.yaml").read_text() + "# x\n")
    assert tiny.run("build", "grain-talks", "-f", "html,docx", "-j", "1").exit_code == 1
    new = manifest(tiny)["memos"][0]
    assert new["provenance"] != old["provenance"]
    assert new["files"]["docx"] == {**old["files"]["docx"], "provenance": old["provenance"]}
    assert "provenance" not in new["files"]["html"]
    monkeypatch.undo()
    assert tiny.run("verify").exit_code == 0
