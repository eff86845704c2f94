"""Citations worded once (memo/cite_cache.py): the same memo from the cache as worded afresh, and afresh whenever
a source, a citation or the cache itself gives reason."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from memo import cite_cache
from memo.bidi import plain_text
from tests.conftest import Tiny, memo_of


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """This test's own temp folder, so its cache starts empty; the folder the cache uses in it."""
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    folder = cite_cache._folder  # the test may put a stand-in in its place
    folder.cache_clear()
    yield temp / f"memo-citations-{os.getuid()}"
    folder.cache_clear()


def notes_and_sources(tiny: Tiny) -> list[str]:
    memo = memo_of(tiny.root, "grain-talks")
    entries = next(block for s in memo.sections if s.id == "sources" for block in s.blocks).entries
    return [plain_text(n.runs) for n in memo.notes] + [plain_text(e.runs) for e in entries]


def test_a_memo_from_the_cache_is_the_memo_worded_afresh(tiny: Tiny, cache: Path, monkeypatch) -> None:
    first = memo_of(tiny.root, "grain-talks")  # worded, and kept
    assert len(list(cache.glob("*.json"))) == 1
    assert memo_of(tiny.root, "grain-talks") == first  # from the cache
    monkeypatch.setattr(cite_cache, "_folder", lambda: None)
    assert memo_of(tiny.root, "grain-talks") == first  # no cache at all


def test_the_cache_is_read_and_a_changed_source_is_worded_afresh(tiny: Tiny, cache: Path) -> None:
    before = notes_and_sources(tiny)
    assert any("Talks Resume" in text for text in before)  # the style's title case
    (kept,) = cache.glob("*.json")
    kept.write_text(kept.read_text(encoding="utf-8").replace("Talks Resume", "Kept Words"), encoding="utf-8")
    assert any("Kept Words" in text for text in notes_and_sources(tiny))  # the words came from the cache
    source = tiny.root / "seeds/gazette-2025-04-27.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace("Talks resume", "Talks restart"), encoding="utf-8")
    after = notes_and_sources(tiny)
    assert any("Talks Restart" in text for text in after)
    assert not any("Kept Words" in text for text in after)


def test_a_changed_citation_is_worded_afresh(tiny: Tiny, cache: Path, edit) -> None:
    assert not any("para. 9" in text for text in notes_and_sources(tiny))
    edit("[@gazette-2025-04-27, para. 2]", "[@gazette-2025-04-27, para. 9]")
    assert any("para. 9" in text for text in notes_and_sources(tiny))
    assert len(list(cache.glob("*.json"))) == 2


def test_a_damaged_cache_file_is_worded_afresh(tiny: Tiny, cache: Path) -> None:
    before = notes_and_sources(tiny)
    (kept,) = cache.glob("*.json")
    kept.write_text('{"citations": [', encoding="utf-8")
    assert notes_and_sources(tiny) == before


def test_a_cache_folder_others_may_write_into_is_not_used(tiny: Tiny, cache: Path) -> None:
    cache.mkdir(mode=0o700)
    cache.chmod(0o777)
    before = notes_and_sources(tiny)
    assert list(cache.iterdir()) == []
    assert before and all(before)


def test_past_its_limit_the_cache_keeps_the_most_recently_used_half(tmp_path: Path) -> None:
    for n in range(10):
        path = tmp_path / f"{n}.json"
        path.write_text("{}")
        os.utime(path, (1_000_000 + n, 1_000_000 + n))
    cite_cache._prune(tmp_path, keep=12)
    assert len(list(tmp_path.glob("*.json"))) == 10
    cite_cache._prune(tmp_path, keep=8)
    assert sorted(p.name for p in tmp_path.glob("*.json")) == ["6.json", "7.json", "8.json", "9.json"]
