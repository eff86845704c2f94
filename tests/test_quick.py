"""The quick lane (memo/quick.py) reads a command line as click would, or leaves it to click.

Two ways to hold it to that: generated command lines, each read by both parsers (where the quick lane reads
one, click must read the same values from it); and real command lines run in fresh interpreters, once
through the quick lane and once through click alone, which must print the same and exit alike.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from memo import quick
from memo.cli import main
from memo.commands import main as group
from tests.conftest import REPO, Tiny


@pytest.fixture(scope="module")
def places(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A folder, a file and a name that is neither: what --root and --out may be given."""
    base = tmp_path_factory.mktemp("places")
    (base / "file.txt").write_text("x")
    return {"folder": str(base), "file": str(base / "file.txt"), "nothing": str(base / "missing")}


def click_reading(args: list[str]) -> tuple[str, dict[str, Any]]:
    """The command and values click's own parser reads from ``args`` (it raises where it would refuse them)."""
    ctx = group.make_context("memo", list(args))
    name, command, rest = group.resolve_command(
        ctx, [*getattr(ctx, "_protected_args", []), *ctx.args]
    )  # as Group.invoke
    assert name is not None and command is not None
    sub = command.make_context(name, rest, parent=ctx)
    return name, {**sub.params, "root": ctx.params["root"]}


def tokens(places: dict[str, str]) -> st.SearchStrategy[str]:
    words = [
        "validate", "build", "list", "new", "--root", f"--root={places['folder']}", "--strict", "--force",
        "--keep-orphans", "--force=1", "--strict=", "-f", "--format", "-fhtml", "-f=html", "--format=docx",
        "--format=", "html", "pdf,docx", "-j", "--jobs", "-j2", "--jobs=1", "1", "0", "+2", " 3", "x", "-t",
        "--template", "-tmemo", "--template=memo", "memo", "--out", "--out=out", "out", "--", "-", "", "--x",
        "-x", "-h", "--help", "--version", "--forc", "-jf", "-fj", "topic-a", "grain-talks", "--root=",
        *places.values(),
    ]  # fmt: skip
    return st.sampled_from(words)


@settings(max_examples=2500, deadline=None)
@given(data=st.data())
def test_what_the_quick_lane_reads_click_reads_alike(places: dict[str, str], data: st.DataObject) -> None:
    args = data.draw(st.lists(tokens(places), max_size=8))
    if data.draw(st.booleans()):  # most command lines start with a command: give the parsers something to read
        args = [data.draw(st.sampled_from(["validate", "build", "list"])), *args]
    read = quick.parse(args)
    if read is not None:
        assert click_reading(args) == read, args


@pytest.mark.parametrize(
    "args",
    [
        ["validate"],
        ["validate", "a", "b", "--strict"],
        ["list"],
        ["list", "--"],
        ["build"],
        ["build", "grain-talks", "-f", "html", "--force"],
        ["build", "-fhtml", "-j2", "--keep-orphans", "grain-talks"],
        ["build", "--format=docx", "--jobs=1", "--out", "FOLDER", "-t", "memo", "x"],
        ["build", "--out", "NOTHING", "--", "-f", "--force"],
        ["--root", "FOLDER", "validate", "-"],
        ["--root=NOTHING", "--root", "FOLDER", "build", "-f", "--force"],  # the last --root counts; -f takes a value
    ],
)
def test_the_quick_lane_reads_the_plain_command_lines(places: dict[str, str], args: list[str]) -> None:
    args = [a.replace("FOLDER", places["folder"]).replace("NOTHING", places["nothing"]) for a in args]
    read = quick.parse(args)
    assert read is not None
    assert read == click_reading(args)


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--help"],
        ["-h"],
        ["build", "--help"],
        ["validate", "-h"],
        ["--version"],
        ["new", "x"],
        ["--root", "NOTHING", "validate"],  # click says the folder does not exist
        ["--root", "FILE", "list"],  # ... is a file
        ["validate", "--root", "FOLDER"],  # --root belongs before the command
        ["list", "extra"],
        ["build", "-f"],
        ["build", "--forc"],
        ["build", "--force=yes"],
        ["build", "-j", "0"],
        ["build", "-j", "+2"],  # click's int() reads it; the quick lane leaves such spellings to click
        ["build", "-j", "9" * 4301],  # past the digits Python reads: click says it is no integer
        ["build", "--out", "FILE"],
        ["build", "-x"],
    ],
)
def test_the_quick_lane_leaves_the_rest_to_click(places: dict[str, str], args: list[str]) -> None:
    args = [a.replace("NOTHING", places["nothing"]).replace("FILE", places["file"]) for a in args]
    assert quick.parse(args) is None


# Run in a fresh interpreter: through memo.cli (the quick lane first) or memo.commands (click alone).
RUN = "import sys\nfrom memo.{module} import main\nmain({args!r}, prog_name='memo')\n"
WATCH = "import atexit, sys\natexit.register(lambda: print('CLICK', 'click' in sys.modules, file=sys.__stderr__))\n"


def fresh(module: str, args: list[str], cwd: Path, env: dict[str, str]) -> tuple[int, str, str, bool]:
    """Exit code, standard output, standard error (timings blanked) and whether click was imported."""
    done = subprocess.run(
        [sys.executable, "-c", WATCH + RUN.format(module=module, args=args)],
        cwd=cwd, capture_output=True, text=True, check=False, env={**env, "PYTHONPATH": str(REPO)},
    )  # fmt: skip
    err, _, watched = done.stderr.rpartition("CLICK ")
    blank = lambda text: re.sub(r"in \d+\.\d s", "in _ s", text)  # noqa: E731
    return done.returncode, blank(done.stdout), blank(err), watched.strip() == "True"


@pytest.fixture
def project(tiny: Tiny, tmp_path: Path) -> Iterator[tuple[Tiny, dict[str, str]]]:
    tiny.briefing("bad-one", "id: bad-one\ntitle: [unclosed\n")
    yield tiny, {**os.environ, "TMPDIR": str(tmp_path)}


@pytest.mark.parametrize(
    ("args", "quick_lane"),
    [
        (["validate"], True),  # an error in bad-one: exit 1
        (["validate", "grain-talks", "--strict"], True),
        (["validate", "no-such-topic"], False),  # a usage error: click's usage line, exit 2
        (["list"], True),
        (["build", "grain-talks", "-f", "html", "-j", "1"], True),
        (["build", "grain-talks", "-fdocx,html", "-j1", "--force", "--out", "elsewhere"], True),
        (["build", "bad-one", "-f", "html", "-j", "1"], True),  # the memo fails: exit 1
        (["build", "-f", "odt"], False),
        (["build", "--jobs", "0"], False),
        (["validate", "--stric"], False),
    ],
)
def test_both_lanes_print_the_same_and_exit_alike(
    project: tuple[Tiny, dict[str, str]], args: list[str], quick_lane: bool
) -> None:
    tiny, env = project
    args = ["--root", str(tiny.root), *args]
    fresh(
        "commands", args, tiny.root, env
    )  # a build first builds, then finds its memos up to date: both lanes see the latter
    by_click = fresh("commands", args, tiny.root, env)
    by_lane = fresh("cli", args, tiny.root, env)
    assert by_lane[:3] == by_click[:3]
    assert by_click[3] is True
    assert by_lane[3] is not quick_lane  # the quick lane answered without click, or handed over to it


def test_a_command_line_given_as_an_iterator_is_read_once(tiny: Tiny, capsys: pytest.CaptureFixture[str]) -> None:
    """A usage error hands the command line to click: the same words, not what an iterator has left."""
    with pytest.raises(SystemExit) as exited:
        main(iter(["--root", str(tiny.root), "validate", "no-such-topic"]), prog_name="memo")
    assert exited.value.code == 2
    assert "Error: no topic 'no-such-topic'" in capsys.readouterr().err


def test_ctrl_c_prints_what_click_prints(
    tiny: Tiny, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """An interrupted command says "Aborted!" and exits 1, whichever lane read it."""

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("memo.actions.validate", interrupted)
    args = ["--root", str(tiny.root), "validate"]
    by_click = CliRunner().invoke(group, args)
    with pytest.raises(SystemExit) as lane:
        quick.run(args)
    assert (by_click.exit_code, lane.value.code) == (1, 1)
    assert by_click.stderr == capsys.readouterr().err == "\nAborted!\n"


@pytest.mark.parametrize("stream", ["stdout", "stderr"])
def test_a_stream_click_would_rewrap_goes_to_click(monkeypatch: pytest.MonkeyPatch, stream: str) -> None:
    """click.echo rewraps an ASCII stream to write UTF-8 (where a plain write would fail): click prints there."""
    ascii_stream = open(os.devnull, "w", encoding="ascii")  # noqa: SIM115
    monkeypatch.setattr(sys, stream, ascii_stream)
    try:
        assert quick.run(["--root", str(REPO), "list"]) is None  # it would exit had it run the command
    finally:
        ascii_stream.close()
