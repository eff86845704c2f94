"""Help pages kept (memo/help_pages.py): the same page click prints, without click once kept.

Each run is a fresh interpreter with its own temp folder, as `memo --help` would be run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest

from tests.conftest import REPO

RUN = (
    "import atexit, sys\n"
    "atexit.register(lambda: print('CLICK', 'click' in sys.modules, file=sys.__stderr__))\n"
    "from memo.{module} import main\nmain({args!r}, prog_name='memo')\n"
)


def fresh(module: str, args: list[str], temp: Path, columns: str = "80") -> tuple[int, str, bool]:
    """Exit code, what was printed, and whether click was imported."""
    env = {**os.environ, "TMPDIR": str(temp), "COLUMNS": columns, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-c", RUN.format(module=module, args=args)], capture_output=True, text=True, env=env
    )
    err, _, watched = done.stderr.rpartition("CLICK ")
    return done.returncode, done.stdout + err, watched.strip() == "True"


@pytest.mark.parametrize(
    ("args", "columns"),
    [(["--help"], "80"), (["-h"], "60"), (["build", "--help"], "200"), (["sources", "-h"], "80")],
)
def test_a_kept_page_is_the_page_click_prints(tmp_path: Path, args: list[str], columns: str) -> None:
    by_click = fresh("commands", args, tmp_path, columns)
    first = fresh("cli", args, tmp_path, columns)
    kept = fresh("cli", args, tmp_path, columns)
    assert by_click[:2] == first[:2] == kept[:2]
    assert by_click[0] == 0 and "Usage: memo" in by_click[1]
    assert kept[2] is False  # the second run printed the kept page without importing click


def test_every_command_has_its_own_page_at_each_width(tmp_path: Path) -> None:
    narrow = fresh("cli", ["build", "--help"], tmp_path, "50")
    wide = fresh("cli", ["build", "--help"], tmp_path, "80")
    other = fresh("cli", ["validate", "--help"], tmp_path, "80")
    assert len({narrow[1], wide[1], other[1]}) == 3
    assert max(len(line) for line in narrow[1].splitlines()) <= 50 < max(len(line) for line in wide[1].splitlines())
    assert fresh("cli", ["build", "--help"], tmp_path, "50")[1] == narrow[1]


def test_a_page_whose_stamp_no_longer_matches_is_made_afresh(tmp_path: Path) -> None:
    """A kept page made by another click or memo (here: a planted one) is never printed."""
    first = fresh("cli", ["--help"], tmp_path)
    kept = tmp_path / f"memo-help-{os.getuid()}" / "memo-78.txt"
    stamp, length, page = kept.read_text(encoding="utf-8").split("\n", 2)
    kept.write_text(f"{stamp.replace('click', 'klick')}\n13\nplanted page\n", encoding="utf-8")
    again = fresh("cli", ["--help"], tmp_path)
    assert again[:2] == first[:2] and again[2] is True
    assert page + "\n" == first[1] and length == str(len(page))


def test_a_page_cut_short_is_made_afresh(tmp_path: Path) -> None:
    first = fresh("cli", ["build", "--help"], tmp_path)
    kept = tmp_path / f"memo-help-{os.getuid()}" / "build-78.txt"
    kept.write_text(kept.read_text(encoding="utf-8")[:-200], encoding="utf-8")
    assert fresh("cli", ["build", "--help"], tmp_path) == (*first[:2], True)


def test_a_click_found_elsewhere_now_makes_its_own_page(tmp_path: Path) -> None:
    """A page kept from one click is not printed when `import click` would now load another (a copy on
    PYTHONPATH, as `pip install --user click` over a system one would), even one whose files look alike."""
    fresh("cli", ["--help"], tmp_path)
    shadow = tmp_path / "shadow"
    shutil.copytree(Path(click.__file__).parent, shadow / "click", copy_function=shutil.copy2)
    decorators = shadow / "click" / "decorators.py"  # where the help option's line is
    decorators.write_text(decorators.read_text(encoding="utf-8").replace("Show this message and exit.", "Shadowed."))
    env = {**os.environ, "TMPDIR": str(tmp_path), "COLUMNS": "80", "PYTHONPATH": f"{shadow}{os.pathsep}{REPO}"}
    done = subprocess.run(
        [sys.executable, "-c", RUN.format(module="cli", args=["--help"])], capture_output=True, text=True, env=env
    )
    assert "Shadowed." in done.stdout


def test_a_reader_that_stops_early_ends_it_quietly(tmp_path: Path) -> None:
    """`memo --help | true`: as click, exit 1 and no traceback, whether the page was kept or not."""
    for _ in range(2):
        env = {**os.environ, "TMPDIR": str(tmp_path), "PYTHONPATH": str(REPO)}
        code = "import os\nr, w = os.pipe()\nos.dup2(w, 1)\nos.close(r)\n" + RUN.format(module="cli", args=["--help"])
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
        assert (done.returncode, done.stderr.split("CLICK ")[0]) == (1, "")


def test_a_folder_others_may_write_into_is_not_read(tmp_path: Path) -> None:
    fresh("cli", ["--help"], tmp_path)
    folder = tmp_path / f"memo-help-{os.getuid()}"
    kept = folder / "memo-78.txt"
    stamp = kept.read_text(encoding="utf-8").split("\n", 1)[0]
    kept.write_text(f"{stamp}\n13\nplanted page\n", encoding="utf-8")  # a right stamp, a wrong page
    folder.chmod(0o777)
    try:
        assert "planted" not in fresh("cli", ["--help"], tmp_path)[1]
    finally:
        folder.chmod(0o700)
    assert "planted" in fresh("cli", ["--help"], tmp_path)[1]  # the same file, in a private folder, is read


def test_an_unknown_command_gets_clicks_error(tmp_path: Path) -> None:
    by_click = fresh("commands", ["nosuch", "--help"], tmp_path)
    assert fresh("cli", ["nosuch", "--help"], tmp_path) == by_click
    assert by_click[0] == 2 and "No such command 'nosuch'" in by_click[1]
    assert list(tmp_path.glob("memo-help-*/nosuch*")) == []


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("args", [["--help"], ["build", "--help"]])
def test_a_page_that_cannot_be_written_is_one_line(tmp_path: Path, args: list[str]) -> None:
    """`memo --help > /dev/full`, the first time (click makes the page) and once it is kept: one line, exit 1."""
    env = {**os.environ, "TMPDIR": str(tmp_path), "PYTHONPATH": str(REPO)}
    for _ in range(2):
        with open("/dev/full", "w") as full:
            done = subprocess.run([sys.executable, "-m", "memo", *args], stdout=full, stderr=subprocess.PIPE,
                                  text=True, env=env, check=False)  # fmt: skip
        assert (done.returncode, done.stderr) == (1, "memo: error: No space left on device\n")
