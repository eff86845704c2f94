"""Citations worded once: a style's words for the same citations of the same sources, kept between runs.

citeproc-py takes about 0.45 s of CPU to word one memo's notes and source list, more than all the rest of a
Word or HTML build (issue 16). Its answer depends only on the style file, the language, the citations in their
order, the cited sources' CSL data and the code that words them, so it is kept under a hash of all of those:
editing prose, building another format or `--force` reuse it; touching a citation, a source or the style
words them afresh.

The cache is JSON, never pickle (a file in it can at worst hold wrong words, never run code), in a folder of the
user's own (0700, owner checked), as Jinja keeps its compiled templates. Any trouble with it (a read-only temp
folder, a damaged file, a folder of another user's) only means the citations are worded again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import tempfile
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from memo import inline
from memo.cite import CitationStyle, Entry, Rendered
from memo.document import Emph, Inline, Link, NoteRef, Runs, Strong, Text

KEEP = 2_000  # answers kept (a few KB each); past that, the least recently used half goes
CODE = (
    "cite.py",
    "cite_html.py",
    "csl_fixes.py",
    "cite_cache.py",
    "inline.py",
    "document.py",
)  # what words them: in the key


def render(style: CitationStyle, clusters: Sequence[Sequence[inline.CiteItem]], sources: Mapping[str, Any]) -> Rendered:
    """``style.render(clusters, sources)``, from the cache when the same question was answered before."""
    folder = _folder()
    if folder is None:
        return style.render(clusters, sources)
    path = folder / f"{_key(style, clusters, sources)}.json"
    try:
        rendered = _decode(json.loads(path.read_bytes()))
        if len(rendered.citations) != len(clusters):
            raise ValueError("not this memo's answer")
    except (OSError, ValueError, LookupError, TypeError, AttributeError):
        pass
    else:
        with contextlib.suppress(OSError):
            os.utime(path)  # recently used: kept longest when the folder is pruned
        return rendered
    rendered = style.render(clusters, sources)
    _store(path, json.dumps(_encode(rendered), ensure_ascii=False).encode("utf-8"))
    _prune(folder, KEEP)
    return rendered


def _key(style: CitationStyle, clusters: Sequence[Sequence[inline.CiteItem]], sources: Mapping[str, Any]) -> str:
    cited = sorted({item.key for cluster in clusters for item in cluster})
    question = {
        "code": _code(),
        "style": hashlib.sha256(style.path.read_bytes()).hexdigest(),
        "lang": style.lang,
        "clusters": [[[i.key, i.prefix, i.locator] for i in cluster] for cluster in clusters],
        "sources": {k: sources[k].csl() for k in cited if k in sources},
    }
    return hashlib.sha256(json.dumps(question, sort_keys=True, default=str).encode("utf-8")).hexdigest()


@lru_cache(maxsize=1)
def _code() -> str:
    """Our code that words citations, and citeproc-py's (its version file, its logic; the locales come with them)."""
    from importlib.util import find_spec

    spec = find_spec("citeproc")  # found, not imported: a cached build never needs it
    package = Path(spec.origin if spec and spec.origin else "").parent
    here = Path(__file__).parent
    digest = hashlib.sha256()
    for path in (
        *(here / name for name in CODE),
        package / "_version.py",
        package / "frontend.py",
        package / "model.py",
    ):
        digest.update(path.read_bytes())
    return digest.hexdigest()


@lru_cache(maxsize=1)
def _folder() -> Path | None:
    """The user's own cache folder in the temp folder, or None where there can be none."""
    try:
        uid = os.getuid()
        folder = Path(tempfile.gettempdir()) / f"memo-citations-{uid}"
        folder.mkdir(mode=0o700, exist_ok=True)
        info = folder.lstat()
    except (OSError, AttributeError):  # no os.getuid on Windows
        return None
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != uid or info.st_mode & 0o077:
        return None  # a link, another user's folder, or one others may write into: not ours to trust
    return folder


def _store(path: Path, data: bytes) -> None:
    """Write whole or not at all (two builds may store the same answer at once); a failure is no error."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)


def _prune(folder: Path, keep: int) -> None:
    """Past ``keep`` answers, remove the least recently used half (a long editing session words many)."""
    try:
        kept = list(folder.glob("*.json"))
        if len(kept) <= keep:
            return
        by_use = sorted(kept, key=lambda path: path.stat().st_mtime)
        for path in by_use[: len(kept) - keep // 2]:
            path.unlink(missing_ok=True)
    except OSError:
        pass


def _encode(rendered: Rendered) -> dict[str, Any]:
    return {
        "citations": [_runs_out(runs) for runs in rendered.citations],
        "bibliography": [[e.source_id, e.label, _runs_out(e.runs)] for e in rendered.bibliography],
    }


def _decode(data: dict[str, Any]) -> Rendered:
    return Rendered(
        tuple(_runs_in(runs) for runs in data["citations"]),
        tuple(Entry(str(key), str(label), _runs_in(runs)) for key, label, runs in data["bibliography"]),
    )


def _runs_out(runs: Runs) -> list[Any]:
    out: list[Any] = []
    for run in runs:
        if isinstance(run, Text):
            out.append(run.text)
        elif isinstance(run, Emph):
            out.append({"i": _runs_out(run.children)})
        elif isinstance(run, Strong):
            out.append({"b": _runs_out(run.children)})
        elif isinstance(run, Link):
            out.append({"a": run.href, "c": _runs_out(run.children)})
        else:
            out.append({"n": run.number})
    return out


def _runs_in(data: list[Any]) -> Runs:
    out: list[Inline] = []
    for run in data:
        if isinstance(run, str):
            out.append(Text(run))
        elif "i" in run:
            out.append(Emph(_runs_in(run["i"])))
        elif "b" in run:
            out.append(Strong(_runs_in(run["b"])))
        elif "a" in run:
            out.append(Link(str(run["a"]), _runs_in(run["c"])))
        else:
            out.append(NoteRef(int(run["n"])))
    return tuple(out)
