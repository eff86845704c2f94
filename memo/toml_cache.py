"""TOML files read once: a parsed table kept under a hash of the file's text, as memo/yaml_cache.py keeps YAML.

Every command reads the project's pyproject.toml, twice (once to find the project, once for its settings),
and tomllib costs 3-4 ms to import and 0.5 ms a parse: about a thirtieth of a one-memo Word build (issue 16).
An unchanged file gives the same table every time, so the table is kept as JSON under a hash of the text
and of the Python that parsed it; a run that reads only files it has read before never imports tomllib.
A file with an error is not kept (it is parsed afresh, and the message is tomllib's), nor a table with a
date or a time in it (JSON has none).
"""

from __future__ import annotations

import hashlib
import json
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

from memo import user_cache

KEEP = 256  # tables kept: pyproject.toml files and template sets' set.toml, as they change

_parsed: dict[str, str] = {}  # text -> its table as JSON, for this process


class TomlError(ValueError):
    """tomllib's error, with where it is: a ``line`` and ``col`` to report it at."""

    def __init__(self, message: str, line: int, col: int) -> None:
        super().__init__(message)
        self.line = line
        self.col = col


def loads(text: str) -> dict[str, Any]:
    """``tomllib.loads(text)``, a new dict each call; raises `TomlError` where tomllib raises."""
    kept = _parsed.get(text) or _recall(text)
    if kept is not None:
        return json.loads(kept)
    table = _parse(text)
    if _plain(table):
        try:
            kept = json.dumps(table, ensure_ascii=False)
        except (ValueError, RecursionError):  # an integer of over 4,300 digits (tomllib reads 0x... of any length)
            return table
        _parsed[text] = kept
        if (file := _file(text)) is not None:
            user_cache.store(file, kept.encode("utf-8"))
            _prune_once(file.parent)
    return table


def _recall(text: str) -> str | None:
    """The table kept for ``text`` as JSON, or None."""
    file = _file(text)
    if file is None:
        return None
    try:
        kept = file.read_text(encoding="utf-8")
        if not isinstance(json.loads(kept), dict):
            return None
    except (OSError, ValueError, RecursionError):
        return None
    user_cache.touch(file)
    _parsed[text] = kept
    return kept


def _file(text: str) -> Path | None:
    folder = _folder()
    if folder is None:
        return None
    key = hashlib.sha256(sys.version.encode() + b"\0" + text.encode("utf-8", "surrogatepass")).hexdigest()
    return folder / f"{key}.json"


def _parse(text: str) -> dict[str, Any]:
    import tomllib

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TomlError(str(exc), getattr(exc, "lineno", 1) or 1, getattr(exc, "colno", 1) or 1) from None


def _plain(value: Any) -> bool:
    """Whether JSON gives ``value`` back as it is: tables, arrays, strings, numbers and booleans only."""
    if isinstance(value, dict):
        return all(_plain(item) for item in value.values())
    if isinstance(value, list):
        return all(_plain(item) for item in value)
    return isinstance(value, str | int | float | bool)


@lru_cache(maxsize=1)
def _folder() -> Path | None:
    return user_cache.folder("memo-toml")


@lru_cache(maxsize=1)
def _prune_once(folder: Path) -> None:
    user_cache.prune(folder, KEEP)
