"""YAML files read once: a file's values, positions and warnings, kept under a hash of its bytes.

Reading a briefing costs PyYAML's import (~25 ms) and the walk that records every value's position; an
unchanged file gives the same answer every time, as a Python module gives the same bytecode. So the answer
is kept under a hash of the file's bytes and of the code that reads it (memo/yamlio.py and PyYAML's
version): a file read before is decoded from JSON, and a build of unchanged files never imports PyYAML.
A file with an error is not kept: it is read afresh, and its message is the parser's.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from memo import user_cache
from memo.problems import Problem, Severity

if TYPE_CHECKING:
    from memo.yamlio import YamlDoc

KEEP = 5_000  # files kept (a few KB each); past that, the least recently used half goes
LARGEST = 512 * 1024  # bytes of the largest file kept (a real briefing is ~20 KB; a huge one is read afresh)
CODE = ("yamlio.py", "yaml_cache.py")
# A date in the values: an object with a key no YAML file can hold (yamlio refuses U+0000 anywhere).
_DATE, _DATETIME = "\0date", "\0datetime"


def recall(path: Path, raw: bytes, text: str) -> YamlDoc | None:
    """The file read as before, or None (never read, or the cache cannot be used)."""
    folder = _folder()
    if folder is None:
        return None
    file = folder / f"{_key(raw)}.json"
    try:
        doc = _decode(path, text, json.loads(file.read_bytes()))
    except (OSError, ValueError, LookupError, TypeError, AttributeError, RecursionError):
        return None
    user_cache.touch(file)
    return doc


def keep(raw: bytes, doc: YamlDoc) -> None:
    """Keep a file's answer; one with values JSON cannot hold exactly is simply not kept."""
    folder = _folder()
    if folder is None or len(raw) > LARGEST:
        return
    try:
        data = json.dumps(_encode(doc), ensure_ascii=False).encode("utf-8")
    except (TypeError, ValueError):
        return
    user_cache.store(folder / f"{_key(raw)}.json", data)
    _prune_once(folder)


@lru_cache(maxsize=1)
def _prune_once(folder: Path) -> None:
    """Prune on a process's first new file, not on each (listing a full folder takes ~17 ms)."""
    user_cache.prune(folder, KEEP)


def _key(raw: bytes) -> str:
    return hashlib.sha256(_code().encode() + b"\0" + raw).hexdigest()


@lru_cache(maxsize=1)
def _code() -> str:
    return user_cache.code_digest(CODE, [("yaml", "__init__.py")])  # PyYAML's version is in its __init__


@lru_cache(maxsize=1)
def _folder() -> Path | None:
    return user_cache.folder("memo-yaml")


def _encode(doc: YamlDoc) -> dict[str, Any]:
    return {
        "data": _value_out(doc.data),
        "marks": [[*path, *mark] for path, mark in doc.marks.items()],
        "keys": [[*path, *mark] for path, mark in doc.key_marks.items()],
        "warnings": [[w.line, w.col, str(w.severity), w.message] for w in doc.warnings],
    }


def _decode(path: Path, text: str, kept: dict[str, Any]) -> YamlDoc:
    from memo.yamlio import Mark, YamlDoc

    def marks(rows: list[list[Any]]) -> dict[tuple[str | int, ...], Mark]:
        return {tuple(row[:-4]): Mark(*row[-4:]) for row in rows}

    warnings = [
        Problem(str(path), int(line), int(col), Severity(kind), str(msg)) for line, col, kind, msg in kept["warnings"]
    ]
    return YamlDoc(path, text, _value_in(kept["data"]), marks(kept["marks"]), marks(kept["keys"]), warnings)


def _value_out(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _value_out(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_value_out(item) for item in value]
    if isinstance(value, datetime):
        return {_DATETIME: value.isoformat()}
    if isinstance(value, date):
        return {_DATE: value.isoformat()}
    if value is None or isinstance(value, str | int | float):
        return value
    raise TypeError(f"not kept: {type(value).__name__}")


def _value_in(value: Any) -> Any:
    if isinstance(value, dict):
        if _DATE in value:
            return date.fromisoformat(value[_DATE])
        if _DATETIME in value:
            return datetime.fromisoformat(value[_DATETIME])
        return {key: _value_in(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_value_in(item) for item in value]
    return value
