"""The foundation commands through click's runner: exit codes, exact output, no tracebacks."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from memo import __version__
from memo.cli import main
from tests.conftest import REPO, Tiny
from tests.processes import fresh_run


def test_list_shows_one_row_per_topic(tiny: Tiny) -> None:
    result = tiny.run("list")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["TOPIC", "STATUS", "AS", "OF", "SOURCES", "TITLE"]
    grain = next(line for line in lines if "grain-talks" in line)
    assert grain.split()[:5] == ["!", "grain-talks", "review", "2025-04-27", "2"]
    assert grain.endswith("Grain talks: a pause or a turning point?")


def test_list_marks_only_stale_topics(tiny: Tiny, edit) -> None:
    edit("as_of: 2025-04-27", f"as_of: {date.today() - timedelta(days=3)}")
    lines = tiny.run("list").stdout.splitlines()
    assert next(line for line in lines if "grain-talks" in line).startswith(" ")
    assert next(line for line in lines if "other-topic" in line).startswith("!")


def test_list_shows_invalid_topics(tiny: Tiny) -> None:
    tiny.briefing("broken", "title: [\n")
    result = tiny.run("list")
    assert "broken" in result.stdout and "invalid" in result.stdout


def test_new_writes_a_skeleton_that_validates(tiny: Tiny) -> None:
    result = tiny.run("new", "sanctions-relief")
    assert result.exit_code == 0, result.output
    assert (tiny.root / "briefings/sanctions-relief.yaml").exists()
    check = tiny.run("validate", "sanctions-relief")
    assert check.exit_code == 0, check.output
    assert "0 errors" in check.stderr and "placeholder 'TODO' left in the text" in check.stderr
    assert tiny.run("validate", "--strict", "sanctions-relief").exit_code == 1


def test_new_refuses_to_overwrite(tiny: Tiny) -> None:
    before = (tiny.root / "briefings/grain-talks.yaml").read_bytes()
    result = tiny.run("new", "grain-talks")
    assert result.exit_code == 1
    assert "already exists" in result.stderr
    assert (tiny.root / "briefings/grain-talks.yaml").read_bytes() == before


@pytest.mark.parametrize("name", ["Grain", "../x", "/etc/passwd", "a_b", "a--b", "a-", "x.yaml"])
def test_new_refuses_non_slugs(tiny: Tiny, name: str) -> None:
    result = tiny.run("new", name)
    assert result.exit_code == 2
    assert "is not a topic id" in result.stderr
    assert sorted(p.name for p in (tiny.root / "briefings").iterdir()) == ["grain-talks.yaml", "other-topic.yaml"]


@pytest.mark.parametrize("name", ["../pyproject", "/etc/passwd", "briefings/grain-talks", "GRAIN-TALKS"])
def test_topic_names_are_never_paths(tiny: Tiny, name: str) -> None:
    result = tiny.run("validate", name)
    assert result.exit_code == 2
    assert f"'{name}' is not a topic id" in result.stderr


def test_unknown_topic_suggests(tiny: Tiny) -> None:
    result = tiny.run("validate", "grain-talk")
    assert result.exit_code == 2
    assert "no topic 'grain-talk'" in result.stderr and "did you mean 'grain-talks'?" in result.stderr


def test_root_is_found_by_walking_up(tiny: Tiny, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tiny.root / "briefings")
    result = CliRunner().invoke(main, ["validate"])
    assert result.exit_code == 0, result.output


def test_outside_a_project_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["list"])
    assert result.exit_code == 2
    assert "not inside a memo project" in result.stderr


def test_bad_setting_is_an_error(tiny: Tiny) -> None:
    tiny.write("pyproject.toml", "[tool.memo]\npaper = 'A5'\n")
    result = tiny.run("validate")
    assert result.exit_code == 1
    assert "pyproject.toml:1:1: error: [tool.memo] paper:" in result.stderr


def test_symlink_outside_project_is_refused(tiny: Tiny, tmp_path: Path) -> None:
    outside = tmp_path / "secret.yaml"
    outside.write_text((tiny.root / "briefings/other-topic.yaml").read_text())
    (tiny.root / "briefings/leak.yaml").symlink_to(outside)
    result = tiny.run("validate", "leak")
    assert result.exit_code == 1
    assert "briefings/leak.yaml:1:1: error: is a link to a file outside the project" in result.stderr


def test_every_command_has_help_and_a_readme_entry() -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text()
    for name, command in main.commands.items():
        assert command.help, name
        assert f"memo {name}" in readme, name


@pytest.mark.parametrize("args", [["--help"], ["list"], ["validate"]])
def test_light_commands_do_not_import_renderers(args: list[str]) -> None:
    output, heavy = fresh_run(args)
    assert heavy == [], output[-2000:]


def test_version_answered_before_click_is_what_click_prints() -> None:
    """memo/cli.py answers a bare `memo --version` without click: the same bytes and exit code as click's option."""
    clicks = CliRunner().invoke(main.group, ["--version"])
    code = "import sys\nfrom memo.cli import main\nmain()\n"
    ours = subprocess.run([sys.executable, "-c", code, "--version"], cwd=REPO, capture_output=True, check=False)
    assert (ours.returncode, ours.stdout, ours.stderr) == (clicks.exit_code, clicks.stdout_bytes, b"")
    assert clicks.stdout == f"memo, version {__version__}\n"


@pytest.mark.parametrize("module", ["memo.cli", "memo.commands"])
def test_version_into_a_closed_pipe_exits_1_without_a_traceback(module: str) -> None:
    """As click does (`memo --version | true`): memo.cli's own answer and click's alike."""
    reader, writer = os.pipe()
    os.close(reader)
    code = f"from {module} import main\nmain()\n"
    done = subprocess.run([sys.executable, "-c", code, "--version"], cwd=REPO, stdout=writer, capture_output=False,
                          stderr=subprocess.PIPE, check=False)  # fmt: skip
    os.close(writer)
    assert (done.returncode, done.stderr) == (1, b"")


def console(args: list[str], cwd: Path, prelude: str = "", **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    """memo as the console script runs it (memo.cli.run), in a fresh Python; ``prelude`` runs first."""
    code = f"{prelude}\nfrom memo.cli import run\nrun()\n"
    return subprocess.run([sys.executable, "-c", code, *args], cwd=cwd, check=False, **kwargs)  # type: ignore[call-overload, no-any-return]


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["list"], 0),
        (["validate", "grain-talks"], 0),
        (["validate", "nosuch"], 2),
        (["build", "-f", "html", "--force", "-j", "1"], 0),
    ],
)
def test_the_process_exit_loses_no_output_and_keeps_the_exit_code(tiny: Tiny, args: list[str], code: int) -> None:
    """memo.cli.run ends the process without Python's teardown: what was printed into a file (block-buffered,
    so still in the buffer at the end) is all there, as with Python's own exit, the exit code is the
    command's, and exit handlers ran."""
    marker = tiny.root / "atexit.txt"
    prelude = f"import atexit, pathlib\natexit.register(pathlib.Path({str(marker)!r}).write_text, 'ran')"
    seen = []
    for entry in ("run()", "main(prog_name='memo')"):  # ours, then Python's exit after click's sys.exit
        out, err = tiny.root / "out.txt", tiny.root / "err.txt"
        code_ = f"{prelude}\nfrom memo.cli import main, run\n{entry}\n"
        with out.open("wb") as stdout, err.open("wb") as stderr:
            done = subprocess.run([sys.executable, "-c", code_, "--root", str(tiny.root), *args], cwd=tiny.root,
                                  stdout=stdout, stderr=stderr, check=False)  # fmt: skip
        timeless = re.sub(r"in [0-9.]+ s$", "in _ s", out.read_text(), flags=re.M)
        seen.append((done.returncode, timeless, err.read_text(), marker.read_text()))
        marker.unlink()
    assert seen[0] == seen[1]
    assert seen[0][0] == code
    assert seen[0][1] or seen[0][2]  # something was printed, and it was all kept


def test_the_process_exit_waits_for_a_thread_still_running(tmp_path: Path) -> None:
    """A thread that is not a daemon keeps the process until it ends, as Python's own exit does."""
    done = tmp_path / "done.txt"
    prelude = (
        "import threading, time, pathlib\n"
        f"threading.Thread(target=lambda: (time.sleep(0.3), pathlib.Path({str(done)!r}).write_text('x'))).start()"
    )
    result = console(["--version"], tmp_path, prelude, capture_output=True)
    assert (result.returncode, result.stdout) == (0, f"memo, version {__version__}\n".encode())
    assert done.read_text() == "x"


def test_an_exit_with_a_message_is_pythons(tmp_path: Path) -> None:
    """sys.exit("text") prints the text and exits 1: memo.cli.leave leaves that to Python."""
    prelude = "import memo.cli\nmemo.cli.main = lambda **kw: __import__('sys').exit('gone wrong')"
    result = console([], tmp_path, prelude, capture_output=True)
    assert (result.returncode, result.stderr) == (1, b"gone wrong\n")


def test_the_quick_lane_leaves_the_collector_as_it_found_it(tiny: Tiny) -> None:
    """A build runs with the cyclic collector paused (memo/render/collector.py); whoever called memo in-process
    gets it back running, whatever the command did."""
    import gc

    for args in (["build", "-f", "html"], ["validate"], ["validate", "nosuch"], ["build", "-f", "nosuch"]):
        with pytest.raises(SystemExit):
            main(["--root", str(tiny.root), *args], prog_name="memo")
        assert gc.isenabled(), args


def test_a_profiler_or_a_caller_still_gets_the_end_of_the_program(tiny: Tiny, tmp_path: Path) -> None:
    """Under cProfile the statistics are written when memo is done, and a program that runs memo's __main__
    inside its own process (runpy) gets control back: neither is cut short by memo.cli.run's exit."""
    stats = tmp_path / "memo.prof"
    profiled = subprocess.run(
        [sys.executable, "-m", "cProfile", "-o", str(stats), "-m", "memo", "--root", str(tiny.root), "list"],
        cwd=tiny.root, capture_output=True, check=False,
    )  # fmt: skip
    assert profiled.returncode == 0, profiled.stderr
    assert stats.stat().st_size > 0
    code = (
        "import runpy, sys\nsys.argv = ['memo', '--version']\n"
        "try:\n    runpy.run_module('memo', run_name='__main__')\nexcept SystemExit as exc:\n"
        "    print('the caller goes on after', exc.code)\n"
    )
    caller = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=False)
    assert caller.stdout.splitlines() == [f"memo, version {__version__}", "the caller goes on after 0"]


@pytest.mark.parametrize("args", [["list"], ["schema"]])  # the quick lane, and click's
def test_a_reader_gone_ends_memo_quietly(tiny: Tiny, args: list[str]) -> None:
    """`memo list | head -1` once the reader has gone: exit 1 and nothing on stderr, as click does."""
    reader, writer = os.pipe()
    os.close(reader)
    done = subprocess.run([sys.executable, "-m", "memo", "--root", str(tiny.root), *args], cwd=tiny.root,
                          stdout=writer, stderr=subprocess.PIPE, check=False)  # fmt: skip
    os.close(writer)
    assert (done.returncode, done.stderr) == (1, b"")
