"""Runs as JSON, for the caches that keep them between runs (citations worded, inline text parsed).

Plain text is a string; each other run is an object with one key naming its kind. JSON, never pickle: what a
cache holds can at worst be wrong words, never code (memo/user_cache.py).
"""

from __future__ import annotations

from typing import Any

from memo.document import Emph, Link, NoteRef, Strong, Text


def dump(runs: Any) -> list[Any]:
    """Text, emphasis, strong, links, note marks and citations as JSON values."""
    from memo.inline import Cite

    out: list[Any] = []
    for run in runs:
        if isinstance(run, Text):
            out.append(run.text)
        elif isinstance(run, Emph):
            out.append({"i": dump(run.children)})
        elif isinstance(run, Strong):
            out.append({"b": dump(run.children)})
        elif isinstance(run, Link):
            out.append({"a": run.href, "c": dump(run.children)})
        elif isinstance(run, NoteRef):
            out.append({"n": run.number})
        elif isinstance(run, Cite):
            out.append({"@": [[item.key, item.prefix, item.locator] for item in run.items]})
        else:
            raise TypeError(f"not a run: {type(run).__name__}")
    return out


def load(data: list[Any]) -> tuple[Any, ...]:
    """The runs `dump` gave; a value of another shape raises (TypeError, LookupError, ValueError)."""
    from memo.inline import Cite, CiteItem

    out: list[Any] = []
    for run in data:
        if isinstance(run, str):
            out.append(Text(run))
        elif "i" in run:
            out.append(Emph(load(run["i"])))
        elif "b" in run:
            out.append(Strong(load(run["b"])))
        elif "a" in run:
            out.append(Link(str(run["a"]), load(run["c"])))
        elif "n" in run:
            out.append(NoteRef(int(run["n"])))
        else:
            out.append(Cite(tuple(CiteItem(str(k), str(p), str(loc)) for k, p, loc in run["@"])))
    return tuple(out)
