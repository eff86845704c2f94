"""The user's own cache folders: where memo keeps work it can do again, between runs.

Three caches keep answers here (citations worded, YAML files read, inline text parsed), each in a folder of
the user's own in the temp folder, as Jinja keeps its compiled templates. A folder is used only if it is a
real folder, the user's, and closed to others (0700): what is in it is trusted to be what memo wrote. Its
files are JSON, never pickle, so a damaged or planted file can at worst hold wrong words, never run code.
Any trouble with a cache (a read-only temp folder, a damaged file, a folder of another user's) only means
the work is done again.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import sys
import tempfile
from collections.abc import Iterable
from importlib.util import find_spec
from pathlib import Path


def folder(name: str) -> Path | None:
    """``<temp>/<name>-<uid>``, made if need be, or None where there can be none we trust."""
    try:
        uid = os.getuid()
        path = Path(tempfile.gettempdir()) / f"{name}-{uid}"
        path.mkdir(mode=0o700, exist_ok=True)
        info = path.lstat()
    except (OSError, AttributeError):  # no os.getuid on Windows
        return None
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != uid or info.st_mode & 0o077:
        return None  # a link, another user's folder, or one others may write into: not ours to trust
    return path


def store(path: Path, data: bytes) -> None:
    """Write whole or not at all (two builds may store the same answer at once); a failure is no error."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)


def touch(path: Path) -> None:
    """Mark an answer recently used: it is kept longest when its folder is pruned."""
    with contextlib.suppress(OSError):
        os.utime(path)


def prune(path: Path, keep: int, pattern: str = "*.json") -> None:
    """Past ``keep`` answers, remove the least recently used half (a long editing session makes many)."""
    try:
        kept = list(path.glob(pattern))
        if len(kept) <= keep:
            return
        by_use = sorted(kept, key=lambda file: file.stat().st_mtime)
        for file in by_use[: len(kept) - keep // 2]:
            file.unlink(missing_ok=True)
    except OSError:
        pass


def code_digest(ours: Iterable[str], theirs: Iterable[tuple[str, str]] = ()) -> str:
    """A hash of the code an answer depends on: modules of ours by file name, and files of installed packages
    as (package, file) pairs, found without importing them (a cached run never needs them)."""
    here = Path(__file__).parent
    digest = hashlib.sha256(sys.version.encode())  # the Unicode database and the re module come with Python
    try:
        for name in ours:
            digest.update(name.encode() + b"\0" + (here / name).read_bytes())
        for package, name in theirs:
            spec = find_spec(package)
            origin = Path(spec.origin) if spec and spec.origin else None
            digest.update(f"{package}/{name}\0".encode())
            if origin is not None and (origin.parent / name).is_file():
                digest.update((origin.parent / name).read_bytes())
    except OSError:  # installed without its sources: a key of this process alone, so nothing kept is reused
        digest.update(os.urandom(16))
    return digest.hexdigest()
