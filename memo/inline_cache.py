"""Inline text parsed once: each paragraph's runs, kept between runs under the paragraph itself.

markdown-it-py costs ~50 ms to import and more to set up, before the first paragraph is parsed; a build of a
memo whose text did not change would pay it for answers it already had. So every answer (the runs of
`inline.parse`, the marks of `inline.smart`) is kept in one table per version of the code that parses
(memo/inline.py, markdown-it-py, linkify-it-py): a run that parses only text it has seen never imports
markdown-it. A paragraph edited is parsed afresh, and its answer added when the process ends.

A project has a table of its own (`use`), so a run reads only its project's answers. Each answer carries the
table's generation when it was last asked for (a generation is a run that added answers); one not asked for
in `AGE` generations goes, so an edited paragraph's old answer does not stay for ever, and a run over one
topic does not drop the others'.

Forked build workers send what they parsed back with their results (`learned`, `learn`): they end without
running exit handlers.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from memo import user_cache

CODE = ("inline.py", "inline_cache.py", "document.py", "runs_json.py")
THEIRS = tuple((package, "__init__.py") for package in ("markdown_it", "linkify_it", "mdurl", "uc_micro"))
AGE = 100  # generations an answer not asked for is kept
LONGEST = 20_000  # characters of the longest paragraph kept (longer ones are rare, and parsed afresh)
KEEP = 64  # tables: projects, and versions of the code (a checkout of another branch, an upgrade)

_scope = ""  # the project whose table is read and written
_table: dict[str, Any] | None = None  # key -> [generation last asked for, answer as a JSON value]
_used: set[str] = set()
_new: dict[str, Any] = {}


def _forget() -> None:
    """In a forked worker: what the parent parsed is the parent's to keep."""
    _new.clear()
    _used.clear()


os.register_at_fork(after_in_child=_forget)


def use(root: Path) -> None:
    """Read and write the table of the project at ``root`` (a process may read several projects: tests do)."""
    global _scope, _table
    scope = str(root)
    if scope != _scope:
        flush()
        _scope, _table = scope, None
        _used.clear()


def recall(key: str) -> Any | None:
    """The JSON value kept for ``key``, or None."""
    global _table
    if _table is None:
        _table = _read()[1]
    entry = _table.get(key)
    if not (isinstance(entry, list) and len(entry) == 2):
        return None
    _used.add(key)
    return entry[1]


def keep(key: str, value: Any) -> None:
    """Add an answer; the table is written when the process ends."""
    if len(key) > LONGEST:
        return
    if not _new:
        atexit.register(flush)
    _new[key] = value


def learned() -> tuple[dict[str, Any], list[str]]:
    """What this process (a build worker) parsed afresh and was asked, for the process that writes the table."""
    new, used = dict(_new), sorted(_used)
    _new.clear()
    _used.clear()
    return new, used


def learn(new: dict[str, Any], used: list[str]) -> None:
    """Take in what a worker `learned`."""
    for key, value in new.items():
        keep(key, value)
    _used.update(used)


def flush() -> None:
    """Write the table with this run's new answers (and those another process wrote meanwhile)."""
    path = _path(_scope)
    if path is None or not _new:
        return
    generation, table = _read()
    generation += 1
    for key in _used:
        if isinstance(entry := table.get(key), list) and len(entry) == 2:
            entry[0] = generation
    table.update((key, [generation, value]) for key, value in _new.items())
    table = {
        key: entry
        for key, entry in table.items()
        if isinstance(entry, list) and len(entry) == 2 and isinstance(entry[0], int) and generation - entry[0] < AGE
    }
    _new.clear()
    user_cache.store(path, _encode({"generation": generation, "answers": table}))
    user_cache.prune(path.parent, KEEP)


def _encode(kept: dict[str, Any]) -> bytes:
    try:
        return json.dumps(kept, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate (YAML refuses them, other text may not): leave that answer out
        answers = {}
        for key, entry in kept["answers"].items():
            try:
                json.dumps([key, entry], ensure_ascii=False).encode("utf-8")
            except UnicodeEncodeError:
                continue
            answers[key] = entry
        return json.dumps({**kept, "answers": answers}, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _read() -> tuple[int, dict[str, Any]]:
    """The table's generation and answers; a table that cannot be read is an empty one."""
    path = _path(_scope)
    if path is None:
        return 0, {}
    try:
        kept = json.loads(path.read_bytes())
        generation, answers = kept["generation"], kept["answers"]
    except (OSError, ValueError, RecursionError, LookupError, TypeError):
        return 0, {}
    if not isinstance(generation, int) or not isinstance(answers, dict):
        return 0, {}
    return generation, answers


@lru_cache(maxsize=8)
def _path(scope: str) -> Path | None:
    folder = user_cache.folder("memo-inline")
    if folder is None:
        return None
    project = hashlib.sha256(scope.encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return folder / f"{_code()[:16]}-{project}.json"


@lru_cache(maxsize=1)
def _code() -> str:
    return user_cache.code_digest(CODE, THEIRS)
