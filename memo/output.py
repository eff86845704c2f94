"""Write build results so that a reader never sees a half-written file.

Each file goes to a temporary name in the same folder and is renamed into
place (atomic on POSIX); a failure removes the temporary file and leaves the
previous output as it was.

tempfile (which brings shutil, random, bz2 and lzma) and json are imported on the first write, hashlib
(OpenSSL, ~5 ms) on the first hash: a build reads its briefings before it writes or hashes anything
(start-up, issue 16).
"""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` whole or not at all; an OSError names ``path``, not the temporary file.

    The folder must exist: one that vanished mid-build is an error to report, not to quietly recreate
    (files written before it went would be missing while the build claimed them).
    """
    import tempfile

    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, str(path)) from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OSError(exc.errno, exc.strerror, str(path)) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_all_atomic(files: dict[Path, bytes]) -> None:
    """Write several files that belong together (a book's PDF, Word and HTML) whole or not at all: each is
    written to a temporary name first, and only when every one is on disk are they renamed into place."""
    import tempfile

    staged: list[tuple[str, Path]] = []
    try:
        for path, data in files.items():
            try:
                fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
                staged.append((tmp, path))
                with os.fdopen(fd, "wb") as f:
                    f.write(data)
                    f.flush()
                    os.fsync(f.fileno())
                os.chmod(tmp, 0o644)
            except OSError as exc:
                raise OSError(exc.errno, exc.strerror, str(path)) from None
        for path in files:  # what would make a rename fail part-way: checked before any is made
            if path.is_dir() and not path.is_symlink():
                raise OSError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        for tmp, path in staged:
            try:
                os.replace(tmp, path)
            except OSError as exc:
                raise OSError(exc.errno, exc.strerror, str(path)) from None
    finally:
        for tmp, _ in staged:
            Path(tmp).unlink(missing_ok=True)


def sha256(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def write_json(path: Path, value: Any) -> None:
    import json

    write_atomic(path, (json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8"))
