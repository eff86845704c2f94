"""YAML files read once (memo/yaml_cache.py): a file from the cache is the file read afresh, value for value and
position for position; a changed, damaged or unreadable answer means reading afresh."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from memo import user_cache, yaml_cache, yamlio

FILE = """\
title: "Talks: a pause"   # a comment
as_of: 2025-04-27
when: 2025-04-27 10:30:00+02:00
count: 12
share: 0.5
huge: .inf
flag: true
nothing: ~
points:
  - First point, plain # one space: text, a warning
  - [nested, list]
  - {key: value}
text: |
  Two lines
  of text.
"""


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """This test's own temp folder, so the cache starts empty; the folder the cache uses in it."""
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    yaml_cache._folder.cache_clear()
    yield temp / f"memo-yaml-{os.getuid()}"
    yaml_cache._folder.cache_clear()


def read(path: Path) -> yamlio.YamlDoc:
    return yamlio.load(path, 1_000_000)


def same(a: yamlio.YamlDoc, b: yamlio.YamlDoc) -> None:
    assert (a.data, a.marks, a.key_marks, a.warnings, a.text, a.raw) == (
        b.data, b.marks, b.key_marks, b.warnings, b.text, b.raw
    )  # fmt: skip
    assert list(a.marks) == list(b.marks)
    assert [type(v) for v in a.data.values()] == [type(v) for v in b.data.values()]


def test_a_file_from_the_cache_is_the_file_read_afresh(tmp_path: Path, cache: Path, monkeypatch) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(FILE, encoding="utf-8")
    first = read(path)
    assert first.warnings  # the plain point with ' #'
    assert len(list(cache.glob("*.json"))) == 1
    monkeypatch.setattr(yamlio, "parse", lambda *args: pytest.fail("parsed again"))
    same(read(path), first)


def test_a_changed_byte_is_read_afresh(tmp_path: Path, cache: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(FILE, encoding="utf-8")
    read(path)
    path.write_text(FILE.replace("count: 12", "count: 13"), encoding="utf-8")
    assert read(path).data["count"] == 13
    assert len(list(cache.glob("*.json"))) == 2


def test_a_damaged_answer_is_read_afresh(tmp_path: Path, cache: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(FILE, encoding="utf-8")
    first = read(path)
    (kept,) = cache.glob("*.json")
    for damage in (
        '{"data": [',
        '{"data": {}}',
        "[]",
        "[" * 100_000,
        '{"data": {}, "marks": [[1]], "keys": [], "warnings": []}',
    ):
        kept.write_text(damage, encoding="utf-8")
        same(read(path), first)


def test_a_file_with_an_error_is_not_kept(tmp_path: Path, cache: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("title: [unclosed\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(yamlio.YamlProblem, match="YAML syntax"):
            read(path)
    assert list(cache.glob("*.json")) == []


def test_no_cache_in_a_folder_others_may_write_into(tmp_path: Path, cache: Path) -> None:
    cache.mkdir(mode=0o777)
    cache.chmod(0o777)
    path = tmp_path / "x.yaml"
    path.write_text(FILE, encoding="utf-8")
    assert read(path).data["count"] == 12
    assert list(cache.iterdir()) == []
    assert user_cache.folder("memo-yaml") is None


def test_the_real_briefings_and_sources_read_the_same_from_the_cache(cache: Path) -> None:
    root = Path(__file__).resolve().parents[1]
    for path in [*root.glob("briefings/*.yaml"), *root.glob("seeds/*.yaml")]:
        same(read(path), read(path))
    assert len(list(cache.glob("*.json"))) == len([*root.glob("briefings/*.yaml"), *root.glob("seeds/*.yaml")])
