"""Inline text parsed once (memo/inline_cache.py): an answer from the table is the answer parsed afresh, and a
damaged or missing table only means parsing afresh."""

from __future__ import annotations

import json
import os
import subprocess
import sys
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
    inline_cache.flush()  # what earlier tests parsed goes to their own folder, not this test's
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    inline_cache._path.cache_clear()
    inline_cache.use(tmp_path)
    fresh_process()

    def path() -> Path:
        file = inline_cache._path(str(tmp_path))
        assert file is not None and file.parent == temp / f"memo-inline-{os.getuid()}"
        return file

    yield path
    inline_cache.flush()  # nothing left for the exit handler to write into another test's folder
    inline_cache._path.cache_clear()
    fresh_process()


def answers(path: Path) -> set[str]:
    """The paragraphs a table holds answers for."""
    return {key[5:] for key in json.loads(path.read_bytes())["answers"]}


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
    assert answers(table()) == {TEXTS[0], TEXTS[1]}


def test_a_damaged_table_or_answer_is_parsed_afresh(table) -> None:
    first = parse_all()
    inline_cache.flush()
    kept = json.loads(table().read_bytes())
    wrong = {**kept, "answers": {key: [1, [{"x": 1}]] for key in kept["answers"]}}
    for damage in ("{", "[]", "[" * 100_000, '{"generation": "x", "answers": {}}', json.dumps(wrong)):
        table().write_text(damage, encoding="utf-8")
        fresh_process()
        assert parse_all() == first


def test_answers_not_asked_for_in_many_runs_go_and_those_asked_for_stay(table, monkeypatch) -> None:
    monkeypatch.setattr(inline_cache, "AGE", 2)
    parse_all()
    inline_cache.flush()  # generation 1
    for new in ("A new paragraph.", "Another one."):  # generations 2 and 3: only TEXTS[0] asked for again
        fresh_process()
        inline.parse(TEXTS[0])
        inline.parse(new)
        inline_cache.flush()
    assert answers(table()) == {TEXTS[0], "A new paragraph.", "Another one."}


def test_a_run_over_one_paragraph_keeps_the_others(table) -> None:
    parse_all()
    inline_cache.flush()
    fresh_process()
    inline.parse("A new paragraph.")
    inline_cache.flush()
    assert set(TEXTS) | {"A new paragraph."} <= answers(table())


def test_text_that_cannot_be_written_is_left_out_not_the_table(table) -> None:
    inline.smart("\ud800 'x'")  # a lone surrogate: YAML refuses it, but not every caller reads YAML
    inline.parse(TEXTS[0])
    inline_cache.flush()
    assert answers(table()) == {TEXTS[0]}


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
    assert answers(table()) == {TEXTS[0]}
    other = inline_cache._path(str(tmp_path / "other"))
    assert other is not None and answers(other) == {TEXTS[1]}


def test_what_build_workers_parse_is_kept(tiny, table, tmp_path: Path) -> None:
    """`-j 2` forks workers, which end without exit handlers: what they parse comes back with their results."""
    env = {**os.environ, "TMPDIR": str(tempfile.gettempdir())}
    args = [sys.executable, "-m", "memo", "--root", str(tiny.root), "build", "-f", "html", "-j", "2"]
    subprocess.run(args, check=True, capture_output=True, env=env)
    kept = inline_cache._path(str(tiny.root))
    assert kept is not None
    nested = inline.quote_marks("en-GB", nested=True)  # quotations: parsed by the build, not the checks
    assert any(key.startswith("p" + nested) for key in json.loads(kept.read_bytes())["answers"])
