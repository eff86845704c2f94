"""Remember what each output file was built from, so an unchanged topic is not rebuilt.

A topic's key hashes everything its memo depends on: its briefing, the sources
it cites, the template set, the [tool.memo] settings and memo's own code. A
file is skipped only when its recorded key matches and the file on disk still
has the recorded hash; a missing or unreadable cache means a full build.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from memo.output import sha256, write_atomic

CACHE_NAME = ".memo-cache.json"
FORMAT_VERSION = 2  # 2: each file records the provenance it embeds


@lru_cache(maxsize=1)
def code_digest() -> str:
    """memo's own code: a new version, or an edited checkout, rebuilds everything.

    Every ``*.py`` under the package, by relative path (as ``Path.rglob`` and ``sorted`` would give them, not
    entering linked folders), read with os.scandir: pathlib's walk took half of the 6 ms.
    """
    import hashlib

    h = hashlib.sha256()
    for parts, path in sorted(_python_files(os.path.dirname(__file__), ())):
        with open(path, "rb") as f:
            h.update("/".join(parts).encode() + b"\0" + f.read())
    return h.hexdigest()


def _python_files(folder: str, parts: tuple[str, ...]) -> list[tuple[tuple[str, ...], str]]:
    found = []
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir() and not entry.is_symlink():
                found += _python_files(entry.path, (*parts, entry.name))
            elif entry.name.endswith(".py"):
                found.append(((*parts, entry.name), entry.path))
    return found


def topic_key(briefing: bytes, sources: dict[str, bytes], templates_digest: str, settings: dict[str, Any]) -> str:
    import hashlib
    import json

    h = hashlib.sha256()
    for part in (
        code_digest(),
        templates_digest,
        json.dumps(settings, sort_keys=True, default=str),
        sha256(briefing),
        *(f"{sid}={sha256(data)}" for sid, data in sorted(sources.items())),
    ):
        h.update(part.encode() + b"\0")
    return h.hexdigest()


def files_digest(paths: list[Path], max_bytes: int) -> str:
    """Every input file at once, without parsing: cheap enough to ask before deciding to warm up a renderer,
    and the first thing a build reads (memo's own code and the template set are hashed after).

    Only regular files, and no more of each than the size limit: a FIFO or a huge file in briefings/
    is for validation to report, never something to wait on here.
    """
    read: list[bytes] = []  # every file first, then the hash: hashlib (OpenSSL) is imported after the first read
    for path in sorted(paths):
        read.append(path.name.encode() + b"\0")
        try:
            if path.is_file():
                with path.open("rb") as f:
                    read.append(f.read(max_bytes + 1))
        except OSError:
            read.append(b"?")
    import hashlib

    h = hashlib.sha256()
    for part in read:
        h.update(part)
    return h.hexdigest()


def inputs_digest(files: str, templates_digest: str, settings: dict[str, Any]) -> str:
    """Everything a build depends on, coarsely: the ``files_digest`` of its input files, memo's code, the
    template set and the settings."""
    import hashlib
    import json

    return hashlib.sha256(
        (code_digest() + templates_digest + json.dumps(settings, sort_keys=True) + files).encode()
    ).hexdigest()


class FileRecord(NamedTuple):
    """One built file as the build record keeps it (a named tuple: cheaper to define than a dataclass, and
    defined before a build's first read)."""

    name: str
    size: int
    sha256: str
    key: str
    provenance: dict[str, Any] | None = None  # what the file embeds (memo.provenance.record)


class Cache:
    """The build record: what each topic's files were built from (a plain class: cheaper to define than a
    dataclass, and defined before a build's first read)."""

    __slots__ = ("files", "info", "inputs", "path")

    def __init__(
        self,
        path: Path,
        files: dict[str, dict[str, FileRecord]] | None = None,
        info: dict[str, dict[str, Any]] | None = None,
        inputs: str = "",
    ) -> None:
        self.path = path
        self.files = {} if files is None else files  # topic -> format -> record
        self.info = {} if info is None else info  # topic -> manifest details
        self.inputs = inputs  # coarse hash of every input file at the last clean build

    def __repr__(self) -> str:
        return f"Cache(path={self.path!r}, topics={sorted(self.files)!r}, inputs={self.inputs!r})"

    @classmethod
    def load(cls, out: Path) -> Cache:
        import json

        cache = cls(out / CACHE_NAME)
        try:
            raw = json.loads(cache.path.read_text(encoding="utf-8"))
            if raw.get("version") != FORMAT_VERSION:
                return cache
            for topic, formats in raw["files"].items():
                cache.files[topic] = {fmt: FileRecord(**rec) for fmt, rec in formats.items()}
            cache.info = dict(raw["info"])
            cache.inputs = str(raw.get("inputs", ""))
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return cls(out / CACHE_NAME)  # corrupt or missing: rebuild all, never skip wrongly
        return cache

    def fresh(self, topic: str, fmt: str, key: str, out: Path) -> bool:
        rec = self.files.get(topic, {}).get(fmt)
        if rec is None or rec.key != key:
            return False
        path = out / rec.name
        try:
            if path.stat().st_size != rec.size:
                return False
            return sha256(path.read_bytes()) == rec.sha256
        except OSError:
            return False

    def record_hash(
        self, topic: str, fmt: str, name: str, size: int, digest: str, key: str, provenance: dict[str, Any] | None
    ) -> None:
        self.files.setdefault(topic, {})[fmt] = FileRecord(name, size, digest, key, provenance)

    def forget_except(self, topics: set[str]) -> None:
        for gone in set(self.files) - topics:
            self.files.pop(gone, None)
            self.info.pop(gone, None)

    def save(self) -> None:
        """Written compact: the record is memo's own, and json's C encoder writes it only without indentation
        (the indenting one, in Python, took a one-memo Word build 1 ms for 20 KB)."""
        import json

        files = {t: {f: r._asdict() for f, r in sorted(fs.items())} for t, fs in sorted(self.files.items())}
        record = {"version": FORMAT_VERSION, "files": files, "info": self.info, "inputs": self.inputs}
        text = json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        write_atomic(self.path, (text + "\n").encode("utf-8"))
