"""Inline text parsed once (memo/inline_cache.py): an answer from the table is the answer parsed afresh, and a
damaged or missing table only means parsing afresh."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from memo import inline, inline_cache, runs_json, yamlio

TEXTS = [
    "Talks resumed on *Monday* after a pause [@gazette-2025-04-27].",
    "Both sides met in Riyadh [@gazette-2025-04-27, para. 2; see @herald-2025-03-01, p. 4].",
    "A [link](https://example.org/a_b) and a bare https://example.org/x_y_z, **strong _and nested_**.",
    "\"Quoted 'inner' words,\" they said; it's O'Brien's.",
    "`code` &amp; <https://e.org/auto> \\*not emphasis\\*",
]


def fresh_process() -> None:
    """Forget what this process parsed and read, as a new run would."""
    inline.parse.cache_clear()
    inline.smart.cache_clear()
    inline_cache._table = None
    inline_cache._used.clear()
    inline_cache._new.clear()


@pytest.fixture
def table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[], Path]]:
    """This test's own temp folder, so the table starts empty; a function naming the table's file."""
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    inline_cache._path.cache_clear()
    inline_cache.use(tmp_path)
    fresh_process()
    yield lambda: next((temp / f"memo-inline-{os.getuid()}").glob("*.json"))
    inline_cache.flush()  # nothing left for the exit handler to write into another test's folder
    inline_cache._path.cache_clear()
    fresh_process()


def parse_all() -> list[object]:
    return [inline.parse(t, lang) for t in TEXTS for lang in ("en-GB", "en-US")] + [
        inline.smart(t, "de") for t in TEXTS
    ]


def test_answers_from_the_table_are_the_answers_parsed_afresh(table, monkeypatch) -> None:
    first = parse_all()
    inline_cache.flush()
    fresh_process()
    monkeypatch.setattr(inline, "parsed_afresh", lambda *a: pytest.fail("parsed again"))
    monkeypatch.setattr(inline, "smartened_afresh", lambda *a: pytest.fail("parsed again"))
    assert parse_all() == first


def test_a_new_paragraph_is_added_to_what_the_table_holds(table) -> None:
    inline.parse(TEXTS[0])
    inline_cache.flush()
    fresh_process()
    inline.parse(TEXTS[1])
    inline_cache.flush()
    kept = json.loads(table().read_bytes())
    assert {key[5:] for key in kept} == {TEXTS[0], TEXTS[1]}


def test_a_damaged_table_or_answer_is_parsed_afresh(table) -> None:
    first = parse_all()
    inline_cache.flush()
    for damage in ("{", "[]", json.dumps({key: [{"x": 1}] for key in json.loads(table().read_bytes())})):
        table().write_text(damage, encoding="utf-8")
        fresh_process()
        assert parse_all() == first


def test_a_table_far_larger_than_a_run_asks_for_keeps_only_that_run(table, monkeypatch) -> None:
    parse_all()
    inline_cache.flush()
    fresh_process()
    monkeypatch.setattr(inline_cache, "SLACK", 0)
    inline.parse(TEXTS[0])  # from the table
    inline.parse("A new paragraph.")
    inline_cache.flush()
    assert {key[5:] for key in json.loads(table().read_bytes())} == {TEXTS[0], "A new paragraph."}


def test_every_paragraph_of_the_real_briefings_survives_the_table() -> None:
    root = Path(__file__).resolve().parents[1]

    def strings(value: object) -> Iterator[str]:
        if isinstance(value, str):
            yield from inline.paragraphs(value)
        elif isinstance(value, dict | list):
            for item in value.values() if isinstance(value, dict) else value:
                yield from strings(item)

    texts = {t for path in root.glob("briefings/*.yaml") for t in strings(yamlio.load(path, 10**6).data)}
    assert len(texts) > 100
    for text in texts:
        runs = inline.parsed_afresh(text, inline.quote_marks("en-GB", nested=True))
        assert runs_json.load(json.loads(json.dumps(runs_json.dump(runs)))) == runs


def test_each_project_has_a_table_of_its_own(table, tmp_path: Path) -> None:
    inline.parse(TEXTS[0])
    inline_cache.use(tmp_path / "other")
    fresh_process()
    inline.parse(TEXTS[1])
    inline_cache.flush()
    folder = table().parent
    tables = sorted(json.loads(path.read_bytes()).keys() for path in folder.glob("*.json"))
    assert [{key[5:] for key in t} for t in tables] in ([{TEXTS[0]}, {TEXTS[1]}], [{TEXTS[1]}, {TEXTS[0]}])
