"""TOML files read once (memo/toml_cache.py): a table from the cache is the table tomllib parses, a file with an
error or a date is parsed afresh every time, and a command that reads a pyproject.toml read before imports no
tomllib."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from memo import toml_cache
from tests.conftest import Tiny

REPO = Path(__file__).resolve().parents[1]

PLAIN = """\
[project]
name = "tiny"  # a comment
version = "1.0"

[tool.memo]
classification = "OFFICIAL"
stale-days = 90
ratio = 0.5
huge = inf
flag = true
classifications = ["OFFICIAL", "SECRET"]
"quoted key" = "It's — “quoted” \\u00e9"

[tool.memo.books.weekly]
title = "Weekly"
topics = ["a", "b"]
"""


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """This test's own temp folder, so the cache starts empty; the folder the cache uses in it."""
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    monkeypatch.setattr(toml_cache, "_parsed", {})
    toml_cache._folder.cache_clear()
    yield temp / f"memo-toml-{os.getuid()}"
    toml_cache._folder.cache_clear()


def forget() -> None:
    """As a new process starts: nothing parsed in memory."""
    toml_cache._parsed.clear()


def test_a_table_from_the_cache_is_the_table_tomllib_parses(cache: Path) -> None:
    expected = tomllib.loads(PLAIN)
    assert toml_cache.loads(PLAIN) == expected
    assert len(list(cache.glob("*.json"))) == 1
    forget()
    again = toml_cache.loads(PLAIN)
    assert again == expected
    assert json.dumps(again) == json.dumps(expected)  # types as well as values: 90 stays an int, 0.5 a float
    assert type(again["tool"]["memo"]["stale-days"]) is int
    assert again["tool"]["memo"]["huge"] == float("inf")


def test_each_call_gets_a_table_of_its_own(cache: Path) -> None:
    """A caller that changes its table changes nobody else's."""
    toml_cache.loads(PLAIN)["tool"]["memo"]["classification"] = "changed"
    assert toml_cache.loads(PLAIN)["tool"]["memo"]["classification"] == "OFFICIAL"


def test_a_table_with_a_date_is_parsed_afresh_each_time(cache: Path) -> None:
    text = "when = 2025-04-27\nat = 10:30:00\nstamp = 2025-04-27T10:30:00+02:00\n[t]\nlist = [1979-05-27]\n"
    assert toml_cache.loads(text) == tomllib.loads(text)
    forget()
    assert toml_cache.loads(text) == tomllib.loads(text)
    assert not list(cache.glob("*.json"))


def test_an_error_is_tomllibs_with_its_place_and_is_not_kept(cache: Path) -> None:
    text = '[tool.memo]\nclassification = "OFFICIAL"\nauthor = \n'
    with pytest.raises(tomllib.TOMLDecodeError) as theirs:
        tomllib.loads(text)
    with pytest.raises(toml_cache.TomlError) as ours:
        toml_cache.loads(text)
    assert str(ours.value) == str(theirs.value)
    assert (ours.value.line, ours.value.col) >= (1, 1)
    assert not list(cache.glob("*.json"))


def test_a_damaged_or_foreign_answer_means_parsing_afresh(cache: Path) -> None:
    toml_cache.loads(PLAIN)
    (kept,) = cache.glob("*.json")
    for damage in (b"{not json", b"[1, 2]", b"\xff\xfe", b""):
        kept.write_bytes(damage)
        forget()
        assert toml_cache.loads(PLAIN) == tomllib.loads(PLAIN)


def test_a_changed_file_is_parsed_afresh(cache: Path) -> None:
    toml_cache.loads(PLAIN)
    forget()
    changed = PLAIN.replace("stale-days = 90", "stale-days = 30")
    assert toml_cache.loads(changed)["tool"]["memo"]["stale-days"] == 30


def test_no_cache_where_the_temp_folder_is_not_ours(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A cache folder others may write into is not trusted: every file is parsed afresh, and nothing breaks."""
    temp = tmp_path / "temp"
    (temp / f"memo-toml-{os.getuid()}").mkdir(parents=True, mode=0o777)
    os.chmod(temp / f"memo-toml-{os.getuid()}", 0o777)
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    monkeypatch.setattr(toml_cache, "_parsed", {})
    toml_cache._folder.cache_clear()
    try:
        assert toml_cache.loads(PLAIN) == tomllib.loads(PLAIN)
        assert not list((temp / f"memo-toml-{os.getuid()}").iterdir())
    finally:
        toml_cache._folder.cache_clear()


def test_a_command_that_read_the_project_before_imports_no_tomllib(tiny: Tiny, tmp_path: Path) -> None:
    """The second `memo validate` of a project takes its settings from the cache."""
    code = (
        "import sys\nfrom memo.cli import main\n"
        "try:\n    main(sys.argv[1:], prog_name='memo')\nexcept SystemExit:\n    pass\n"
        "print('TOMLLIB', 'tomllib' in sys.modules, file=sys.stderr)\n"
    )
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    args = [sys.executable, "-c", code, "--root", str(tiny.root), "validate"]
    first, second = (subprocess.run(args, cwd=REPO, capture_output=True, text=True, env=env) for _ in range(2))
    assert "TOMLLIB True" in first.stderr, first.stderr
    assert "TOMLLIB False" in second.stderr, second.stderr
    assert (first.returncode, first.stdout) == (second.returncode, second.stdout)


def test_an_integer_json_cannot_write_is_read_but_not_kept(cache: Path) -> None:
    """tomllib reads a hexadecimal integer of any length; JSON writes none of over 4,300 digits."""
    text = "[tool.other]\nbig = 0x" + "f" * 4000 + "\n"
    assert toml_cache.loads(text) == tomllib.loads(text)
    assert not list(cache.glob("*.json"))
