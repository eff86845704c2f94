"""Inline text parsed once: each paragraph's runs, kept between runs under the paragraph itself.

markdown-it-py costs ~50 ms to import and more to set up, before the first paragraph is parsed; a build of a
memo whose text did not change would pay it for answers it already had. So every answer (the runs of
`inline.parse`, the marks of `inline.smart`) is kept in one table per version of the code that parses
(memo/inline.py, markdown-it-py, linkify-it-py): a run that parses only text it has seen never imports
markdown-it. A paragraph edited is parsed afresh, and its answer added when the process ends.

A project has a table of its own (`use`), so a run reads only its project's answers; a table that holds more
than twice what a run asked for, and more than `SLACK` besides, keeps only what that run asked for.

Forked build workers do not add to the table (they end without running exit handlers): what they parse is
mostly the memo's quotations, parsed again by the next build's worker.
"""

from __future__ import annotations

import atexit
import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from memo import user_cache

CODE = ("inline.py", "inline_cache.py", "document.py", "runs_json.py")
THEIRS = (("markdown_it", "__init__.py"), ("linkify_it", "__init__.py"), ("mdurl", "__init__.py"))
SLACK = 2_000  # answers a table may hold beyond twice what a run asks for (~150 bytes each)
LONGEST = 20_000  # characters of the longest paragraph kept (longer ones are rare, and parsed afresh)
KEEP = 64  # tables: projects, and versions of the code (a checkout of another branch, an upgrade)

_scope = ""  # the project whose table is read and written
_table: dict[str, Any] | None = None  # answers as JSON values, read on the first question
_used: set[str] = set()
_new: dict[str, Any] = {}


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
        _table = _read()
    value = _table.get(key)
    if value is not None:
        _used.add(key)
    return value


def keep(key: str, value: Any) -> None:
    """Add an answer; the table is written when the process ends."""
    if len(key) > LONGEST:
        return
    if not _new:
        atexit.register(flush)
    _new[key] = value
    if _table is not None:
        _table[key] = value


def flush() -> None:
    """Write the table with this run's new answers (and those another process wrote meanwhile)."""
    path = _path(_scope)
    if path is None or not _new:
        return
    table = _read()
    table.update(_new)
    asked = _used | _new.keys()
    if len(table) > 2 * len(asked) + SLACK:
        table = {key: table[key] for key in asked if key in table}
    user_cache.store(path, json.dumps(table, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    _new.clear()
    folder = path.parent
    user_cache.prune(folder, KEEP)


def _read() -> dict[str, Any]:
    path = _path(_scope)
    if path is None:
        return {}
    try:
        table = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}
    return table if isinstance(table, dict) else {}


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
