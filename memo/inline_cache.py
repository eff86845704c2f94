"""Inline text parsed once: each paragraph's runs, kept between runs under the paragraph itself.

markdown-it-py costs ~50 ms to import and more to set up, before the first paragraph is parsed; a build of a
memo whose text did not change would pay it for answers it already had. So every answer (the runs of
`inline.parse`, the marks of `inline.smart`) is kept in one table per version of the code that parses
(memo/inline.py, markdown-it-py, linkify-it-py): a run that parses only text it has seen never imports
markdown-it. A paragraph edited is parsed afresh, and its answer added when the process ends.

Forked build workers do not add to the table (they end without running exit handlers): what they parse is
mostly the memo's quotations, parsed again by the next build's worker.
"""

from __future__ import annotations

import atexit
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from memo import user_cache

CODE = ("inline.py", "inline_cache.py", "document.py", "runs_json.py")
THEIRS = (("markdown_it", "__init__.py"), ("linkify_it", "__init__.py"), ("mdurl", "__init__.py"))
MAX = 50_000  # answers in the table (~150 bytes each); past that, only those of the last run are kept
LONGEST = 20_000  # characters of the longest paragraph kept (longer ones are rare, and parsed afresh)
KEEP = 8  # tables (code versions: a checkout of another branch, an upgrade)

_table: dict[str, Any] | None = None  # answers as JSON values, read on the first question
_used: set[str] = set()
_new: dict[str, Any] = {}


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
    path = _path()
    if path is None or not _new:
        return
    table = _read()
    table.update(_new)
    if len(table) > MAX:
        table = {key: table[key] for key in (_used | _new.keys()) if key in table}
    user_cache.store(path, json.dumps(table, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    _new.clear()
    folder = path.parent
    user_cache.prune(folder, KEEP)


def _read() -> dict[str, Any]:
    path = _path()
    if path is None:
        return {}
    try:
        table = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}
    return table if isinstance(table, dict) else {}


@lru_cache(maxsize=1)
def _path() -> Path | None:
    folder = user_cache.folder("memo-inline")
    return None if folder is None else folder / f"{user_cache.code_digest(CODE, THEIRS)[:32]}.json"
