"""Paths: names are ids, never paths; links out of the project are refused; an output folder that cannot be
written is one clear line."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import OTHER, Tiny
from tests.hostile.conftest import errors, outputs, problems, run_memo, temp_files, validate

NOT_IDS = ["../briefings/grain-talks", "/etc/passwd", "grain-talks/../other-topic", "grain-talks.yaml", "~root",
           "grain-talks\n", "-rf", "Grain-Talks", "grain talks", "grain-talks\x00"]  # fmt: skip


@pytest.mark.parametrize("command", ["validate", "build", "new"])
@pytest.mark.parametrize("name", NOT_IDS, ids=[repr(n) for n in NOT_IDS])
def test_topic_names_are_never_paths(tiny: Tiny, command: str, name: str) -> None:
    before = sorted(p.name for p in (tiny.root / "briefings").iterdir())
    result = tiny.run(command, "--", name)  # '--': so '-rf' is a name, not an option
    assert result.exit_code == 2, result.output
    assert "is not a topic id" in result.stderr and "Traceback" not in result.output
    assert sorted(p.name for p in (tiny.root / "briefings").iterdir()) == before
    assert not (tiny.root / "output").exists()


@pytest.mark.parametrize("name", ["../memo", "/tmp", "memo/../memo", ".", "..", "memo\n", "~", "templates/memo"])
def test_template_names_are_never_paths(tiny: Tiny, name: str) -> None:
    result = tiny.run("build", "--template", name)
    assert result.exit_code == 2, result.output
    assert "is not a template set name" in result.stderr and "Traceback" not in result.output
    assert not (tiny.root / "output").exists()


def test_a_briefing_linked_to_a_file_outside_is_refused_and_the_rest_builds(tiny: Tiny, tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text(OTHER.replace("Another topic", "OUTSIDE-CONTENT"))
    (tiny.root / "briefings/leak.yaml").symlink_to(outside)
    result = tiny.run("build", "-f", "html")
    assert result.exit_code == 1
    assert errors(result) == [
        "briefings/leak.yaml:1:1: error: is a link to a file outside the project; copy the file in instead",
        "briefings/leak.yaml:1:1: error: not built: the briefing has errors",
    ]
    assert sorted(outputs(tiny.root / "output")) == [
        "grain-talks.html",
        "index.html",
        "manifest.json",
        "other-topic.html",
    ]
    assert "OUTSIDE-CONTENT" not in "".join(d.decode() for d in outputs(tiny.root / "output").values())


def test_a_source_linked_to_a_file_outside_is_refused(tiny: Tiny, tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text("id: outside-source\ntype: report\ntitle: OUTSIDE-CONTENT\n")
    (tiny.root / "seeds/outside-source.yaml").symlink_to(outside)
    assert validate(tiny) == [
        "seeds/outside-source.yaml:1:1: error: is a link to a file outside the project; copy the file in instead"
    ]


@pytest.mark.parametrize("target", ["/dev/zero", "/dev/urandom", "/proc/self/environ", "/etc/passwd"])
def test_links_to_devices_and_system_files_are_refused(tiny: Tiny, target: str) -> None:
    (tiny.root / "briefings/device.yaml").symlink_to(target)
    assert validate(tiny, "device") == [
        "briefings/device.yaml:1:1: error: is a link to a file outside the project; copy the file in instead"
    ]


def test_a_fifo_or_a_folder_in_place_of_a_briefing_is_refused_not_waited_on(tiny: Tiny) -> None:
    os.mkfifo(tiny.root / "briefings/pipe.yaml")
    (tiny.root / "briefings/folder.yaml").mkdir()
    done = run_memo(tiny.root, "validate", timeout=30)  # a read of the FIFO would block until the timeout
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert problems(done.stderr) == [
        "briefings/folder.yaml:1:1: error: cannot read: Is a directory",
        "briefings/pipe.yaml:1:1: error: is not a regular file; a briefing or source must be a plain text file",
    ]


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("evil\n.yaml", "evil\\x0a.yaml"),
        ("\x1b[31mred.yaml", "\\x1b[31mred.yaml"),
        ("right\u202eto-left.yaml", "right\\u202eto-left.yaml"),
        ("Grain.yaml", "Grain.yaml"),
    ],
)
def test_hostile_file_names_are_one_visible_line(tiny: Tiny, name: str, shown: str) -> None:
    (tiny.root / "briefings" / name).write_text(OTHER)
    done = run_memo(tiny.root, "validate")
    assert done.returncode == 1
    assert done.stderr.splitlines()[0] == (
        f"briefings/{shown}:1:1: error: file name '{shown}' is not an id (lower-case letters, digits, hyphens)"
    )
    assert "\x1b" not in done.stderr and "\u202e" not in done.stderr


def test_a_template_file_linked_outside_the_set_is_refused(tiny: Tiny, tmp_path: Path) -> None:
    (tmp_path / "outside.css").write_text("body { color: red } /* OUTSIDE-CONTENT */")
    linked = tiny.root / "templates/linked"
    shutil.copytree(tiny.root / "templates/memo", linked)
    (linked / "memo.css").unlink()
    (linked / "memo.css").symlink_to(tmp_path / "outside.css")
    result = tiny.run("build", "grain-talks", "-f", "html,pdf", "--template", "linked")
    assert result.exit_code == 1
    assert errors(result) == [
        f"briefings/grain-talks.yaml:1:1: error: {fmt} not built: template set 'linked': 'memo.css' is outside {linked}"
        for fmt in ("html", "pdf")
    ]
    assert sorted(outputs(tiny.root / "output")) == ["index.html", "manifest.json"]


def test_an_include_linked_outside_the_set_is_refused(tiny: Tiny, tmp_path: Path) -> None:
    (tmp_path / "outside.html").write_text("<p>OUTSIDE-CONTENT</p>")
    linked = tiny.root / "templates/linked"
    shutil.copytree(tiny.root / "templates/memo", linked)
    (linked / "part.html").symlink_to(tmp_path / "outside.html")
    page = linked / "memo.html.j2"
    page.write_text(page.read_text().replace("<main>", "<main>{% include 'part.html' %}", 1))
    result = tiny.run("build", "grain-talks", "-f", "html,pdf", "--template", "linked")
    assert result.exit_code == 1
    assert errors(result) == [
        f"briefings/grain-talks.yaml:1:1: error: {fmt} not built: template set 'linked': 'part.html' is outside {linked}"
        for fmt in ("html", "pdf")
    ]
    assert sorted(outputs(tiny.root / "output")) == ["index.html", "manifest.json"]


def test_an_include_inside_the_set_still_works(tiny: Tiny) -> None:
    folder = tiny.root / "templates/parts"
    shutil.copytree(tiny.root / "templates/memo", folder)
    (folder / "part.html").write_text("<p>INSIDE-PART</p>")
    page = folder / "memo.html.j2"
    page.write_text(page.read_text().replace("<main>", "<main>{% include 'part.html' %}", 1))
    assert tiny.run("build", "grain-talks", "-f", "html", "--template", "parts").exit_code == 0
    assert "INSIDE-PART" in (tiny.root / "output/grain-talks.html").read_text()


@pytest.mark.parametrize(
    ("out", "message"),
    [
        ("pyproject.toml/out", "pyproject.toml/out: cannot create the output folder: Not a directory"),
        ("/proc/memo-out", "/proc/memo-out: cannot create the output folder: No such file or directory"),
        ("/dev/null", "/dev/null: cannot create the output folder: File exists"),
        ("/proc", "memo: error: /proc/.memo.lock: No such file or directory"),
        ("/proc/self", "memo: error: /proc/self/.memo.lock: No such file or directory"),
    ],
)
def test_an_output_folder_that_cannot_be_written_is_one_line(tiny: Tiny, out: str, message: str) -> None:
    done = run_memo(tiny.root, "build", "-f", "html", "--out", out)
    assert done.returncode == 1, done.stderr
    assert done.stderr.splitlines() == [message]
    assert temp_files(tiny.root) == []


def test_an_output_path_that_is_a_file_is_a_usage_error(tiny: Tiny) -> None:
    before = (tiny.root / "pyproject.toml").read_bytes()
    result = tiny.run("build", "-f", "html", "--out", "pyproject.toml")
    assert result.exit_code == 2
    assert "Directory 'pyproject.toml' is a file" in result.stderr
    assert (tiny.root / "pyproject.toml").read_bytes() == before


def test_a_link_that_leads_back_to_itself_is_refused(tiny: Tiny) -> None:
    (tiny.root / "briefings/loop.yaml").symlink_to("loop.yaml")
    (tiny.root / "seeds/ping.yaml").symlink_to("pong.yaml")
    (tiny.root / "seeds/pong.yaml").symlink_to("ping.yaml")
    result = tiny.run("build", "-f", "html")
    assert result.exit_code == 1
    assert errors(result) == [
        "briefings/loop.yaml:1:1: error: is a link that leads back to itself; put the file here instead",
        "seeds/ping.yaml:1:1: error: is a link that leads back to itself; put the file here instead",
        "seeds/pong.yaml:1:1: error: is a link that leads back to itself; put the file here instead",
        "briefings/loop.yaml:1:1: error: not built: the briefing has errors",
    ]
    assert sorted(outputs(tiny.root / "output")) == [
        "grain-talks.html",
        "index.html",
        "manifest.json",
        "other-topic.html",
    ]


def test_a_template_file_that_links_to_itself_is_one_line(tiny: Tiny) -> None:
    loopy = tiny.root / "templates/loopy"
    shutil.copytree(tiny.root / "templates/memo", loopy)
    (loopy / "memo.css").unlink()
    (loopy / "memo.css").symlink_to("memo.css")
    result = tiny.run("build", "grain-talks", "-f", "html", "--template", "loopy")
    assert result.exit_code == 1
    assert errors(result) == [
        "briefings/grain-talks.yaml:1:1: error: html not built: template set 'loopy': 'memo.css' is a link that "
        "leads back to itself"
    ]


def test_build_does_not_wait_on_a_fifo(tiny: Tiny) -> None:
    os.mkfifo(tiny.root / "seeds/pipe.yaml")
    done = run_memo(tiny.root, "build", "-f", "html", timeout=10)  # a hang, not a slow start (CSL adds ~0.5 s a memo)
    assert done.returncode == 1
    assert "seeds/pipe.yaml:1:1: error: is not a regular file" in done.stderr
