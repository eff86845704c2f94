"""What a save leaves as it was, kept between saves: each YAML file read, and each memo's citation wording.

A save touches one file; reading the others again and asking citeproc-py to word the same notes again would
cost most of a rebuild (about 60 ms of YAML for six memos, 0.5 to 1 s of citeproc-py per memo).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from memo import inline
from memo.cite import CitationStyle, Rendered
from memo.problems import Problem
from memo.project import Project, read_file
from memo.yamlio import YamlDoc


@dataclass(frozen=True)
class _Read:
    signature: tuple[int, int, int]
    doc: YamlDoc | None
    problems: tuple[Problem, ...]


class KeptFiles:
    """`memo.project.read_file`, once per version of a file: a file whose size, time and inode are unchanged
    is not read again. A file caught in the middle of a write is read again when its writer's last event
    arrives (its time changes), so a half-written file is shown as a problem only until then."""

    def __init__(self) -> None:
        self._kept: dict[Path, _Read] = {}
        self._lock = threading.Lock()

    def read(self, project: Project, path: Path, problems: list[Problem]) -> YamlDoc | None:
        try:
            st = path.stat()
            signature = (st.st_mtime_ns, st.st_size, st.st_ino)
        except OSError:
            signature = None
        with self._lock:
            kept = self._kept.get(path)
        if kept is not None and kept.signature == signature:
            problems.extend(kept.problems)
            return kept.doc
        found: list[Problem] = []
        doc = read_file(project, path, found)
        problems.extend(found)
        if signature is not None:
            with self._lock:
                self._kept[path] = _Read(signature, doc, tuple(found))
        return doc

    def forget_except(self, paths: set[Path]) -> None:
        """Drop files that are gone, so renaming topics for hours does not grow the server."""
        with self._lock:
            for path in set(self._kept) - paths:
                del self._kept[path]


class KeptStyle(CitationStyle):
    """A citation style that words the same citations of the same sources once: typing prose, which is
    most saves, leaves a memo's clusters and its sources' entries as they were.

    citeproc-py and our fixes to it keep caches of their own that are not made for threads, so one memo's
    citations are worded at a time.
    """

    SIZE = 32  # memos' worth of wordings; each is a few kB
    _lock = threading.Lock()

    def __init__(self, path: Path, lang: str = "en-GB") -> None:
        super().__init__(path, lang)
        self._kept: OrderedDict[Any, Rendered] = OrderedDict()

    def render(self, clusters: Sequence[Sequence[inline.CiteItem]], sources: Mapping[str, Any]) -> Rendered:
        cited = dict.fromkeys(item.key for cluster in clusters for item in cluster)
        key = (tuple(map(tuple, clusters)), tuple((k, repr(sources[k].csl())) for k in cited))
        with self._lock:
            if key in self._kept:
                self._kept.move_to_end(key)
                return self._kept[key]
            rendered = super().render(clusters, sources)
            self._kept[key] = rendered
            while len(self._kept) > self.SIZE:
                self._kept.popitem(last=False)
            return rendered


class KeptStyles:
    """One KeptStyle per style file (as its bytes are now: a .csl given by path may be edited) and language."""

    def __init__(self) -> None:
        self._styles: dict[tuple[Path, str, bytes], KeptStyle] = {}
        self._lock = threading.Lock()

    def get(self, path: Path, lang: str) -> KeptStyle:
        key = (path, lang, path.read_bytes())
        with self._lock:
            if key not in self._styles:
                for old in [k for k in self._styles if k[:2] == key[:2]]:  # the file's previous version
                    del self._styles[old]
                self._styles[key] = KeptStyle(path, lang)
            return self._styles[key]
