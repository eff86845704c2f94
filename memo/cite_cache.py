"""Citations worded once: a style's words for the same citations of the same sources, kept between runs.

citeproc-py takes about 0.45 s of CPU to word one memo's notes and source list, more than all the rest of a
Word or HTML build (issue 16). Its answer depends only on the style file, the language, the citations in their
order, the cited sources' CSL data and the code that words them, so it is kept under a hash of all of those:
editing prose, building another format or `--force` reuse it; touching a citation, a source or the style
words them afresh.

The cache is JSON in a folder of the user's own (memo/user_cache.py says why it can be trusted, and why any
trouble with it only means the citations are worded again).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from memo import inline, runs_json, user_cache
from memo.cite import CitationStyle, Entry, Rendered

KEEP = 2_000  # answers kept (a few KB each); past that, the least recently used half goes
CODE = (
    "cite.py",
    "cite_html.py",
    "csl_fixes.py",
    "cite_cache.py",
    "inline.py",
    "document.py",
    "runs_json.py",
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
    except (OSError, ValueError, LookupError, TypeError, AttributeError, RecursionError):
        pass
    else:
        user_cache.touch(path)
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
    return user_cache.code_digest(CODE, [("citeproc", name) for name in ("_version.py", "frontend.py", "model.py")])


@lru_cache(maxsize=1)
def _folder() -> Path | None:
    """The user's own cache folder for worded citations (memo/user_cache.py)."""
    return user_cache.folder("memo-citations")


_store, _prune = user_cache.store, user_cache.prune


def _encode(rendered: Rendered) -> dict[str, Any]:
    return {
        "citations": [runs_json.dump(runs) for runs in rendered.citations],
        "bibliography": [[e.source_id, e.label, runs_json.dump(e.runs)] for e in rendered.bibliography],
    }


def _decode(data: dict[str, Any]) -> Rendered:
    return Rendered(
        tuple(runs_json.load(runs) for runs in data["citations"]),
        tuple(Entry(str(key), str(label), runs_json.load(runs)) for key, label, runs in data["bibliography"]),
    )
