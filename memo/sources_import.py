"""Turn a CSL JSON or CSL YAML export (Zotero, pandoc) into register files: one seeds/<id>.yaml per item.

All or nothing: every item is checked as the register checks a source, and only
when no item has a problem is any file written. An existing file is never
overwritten. Problems come as ``path:line:col: error: message``, the line and
column those of the item's key in the export (JSON is read as the YAML it is).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml

from memo.models import SLUG, Source
from memo.problems import MemoError, Problem, error
from memo.record import replace
from memo.validate import check
from memo.yamlio import YamlDoc, YamlProblem, load

# Keys of an export that are not CSL variables of a register entry, and what becomes of them.
RENAMED = {"note": "notes", "shortTitle": "title-short", "journalAbbreviation": "container-title-short"}
DROPPED = ("citation-key", "citation-label", "citation-number", "first-reference-note-number", "year-suffix")
ORDER = ("id", "type", "title", "title-short", "genre", "container-title", "author", "editor", "issued")
LAST = ("URL", "accessed", "assessment", "notes")
_MARKUP = re.compile(r"</?(?:i|b|sup|sub|span(?: class=\"nocase\")?|span style=\"[^\"]*\")>")


def import_sources(seeds_dir: Path, file: Path, max_bytes: int) -> list[Path]:
    """Write one seeds/<id>.yaml per item of ``file``; raise MemoError with every problem, writing nothing."""
    doc = _read(file, max_bytes)
    items, base = _items(doc)
    problems: list[Problem] = []
    planned: dict[str, tuple[Path, dict[str, Any]]] = {}
    for i, raw in enumerate(items):
        where = (*base, i)
        if not isinstance(raw, dict):
            m = doc.mark(where)
            problems.append(error(file, m.line, m.col, f"{_path(where)}: expected a CSL item (a mapping of keys)"))
            continue
        data, marks = _converted(raw, doc, where)
        sub = YamlDoc(path=file, text=doc.text, data=data, marks=marks[0], key_marks=marks[1])
        source, found = check(sub, Source)
        problems += [_prefixed(p, where) for p in found]
        if source is None:
            continue
        m = doc.mark((*where, "id"))
        target = seeds_dir / f"{source.id}.yaml"
        if source.id in planned:
            problems.append(error(file, m.line, m.col, f"{_path(where)}: id '{source.id}' is given to two items"))
        elif target.exists():
            problems.append(
                error(
                    file,
                    m.line,
                    m.col,
                    f"{_path(where)}: seeds/{source.id}.yaml exists; memo never overwrites a source",
                )
            )
        planned[source.id] = (target, data)
    if problems:
        raise MemoError(problems)
    seeds_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for target, data in planned.values():
        with open(target, "x", encoding="utf-8") as f:  # "x": a file made meanwhile is not overwritten either
            f.write(_yaml(data))
        written.append(target)
    return written


def _read(file: Path, max_bytes: int) -> YamlDoc:
    try:
        return load(file, max_bytes)
    except YamlProblem as exc:
        if file.suffix.lower() != ".json":
            raise MemoError([exc.problem]) from None
    try:  # JSON that YAML cannot read (a tab where YAML wants spaces): positions only for its items
        data = json.loads(file.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        line, col = (exc.lineno, exc.colno) if isinstance(exc, json.JSONDecodeError) else (1, 1)
        raise MemoError([error(file, line, col, f"not CSL JSON: {exc}")]) from None
    return YamlDoc(path=file, text="", data=data)


def _items(doc: YamlDoc) -> tuple[list[Any], tuple[str | int, ...]]:
    """The items of an export: a list, pandoc's ``references:`` list, or one item alone."""
    data = doc.data
    if isinstance(data, list):
        return data, ()
    if isinstance(data, dict) and isinstance(data.get("references"), list):
        return data["references"], ("references",)
    if isinstance(data, dict):
        return [data], ()
    raise MemoError([error(doc.path, 1, 1, "expected CSL items: a list of them, 'references:', or one item")])


def _converted(raw: dict[str, Any], doc: YamlDoc, where: tuple) -> tuple[dict[str, Any], tuple[dict, dict]]:
    """An item in our register's shape, with the marks of its keys moved along with them."""
    marks: dict = {}
    key_marks: dict = {}
    for path, mark in doc.marks.items():
        if path[: len(where)] == where:
            marks[path[len(where) :]] = mark
    for path, mark in doc.key_marks.items():
        if path[: len(where)] == where:
            key_marks[path[len(where) :]] = mark
    data: dict[str, Any] = {}
    for key, value in raw.items():
        if key in DROPPED:
            continue
        new = RENAMED.get(key, key)
        if new != key:
            for table in (marks, key_marks):
                for path in [p for p in table if p[:1] == (key,)]:
                    table[(new, *path[1:])] = table[path]
        if key == "id" and isinstance(value, str | int) and not SLUG.match(str(value)):
            value = _slug(str(value))
        if isinstance(value, str):
            value = _MARKUP.sub("", value)  # CSL rich text (<i>, <b>, <span class="nocase">): the words only
        data[new] = _date(value) if isinstance(value, dict) and "date-parts" in value else value
    return data, (marks, key_marks)


def _slug(key: str) -> str:
    """A citation key such as 'doe2025Talks' or 'http://zotero.org/users/1/items/AB12' as a register id."""
    tail = key.rstrip("/").rsplit("/", 1)[-1] if "://" in key else key
    return re.sub(r"[^a-z0-9]+", "-", tail.lower()).strip("-") or "source"


def _date(value: dict[str, Any]) -> Any:
    """date-parts of one day, month or year as an editor would type them (2025-04-27, 2025-04, 2025)."""
    parts = value.get("date-parts")
    if set(value) == {"date-parts"} and isinstance(parts, list) and len(parts) == 1 and isinstance(parts[0], list):
        try:
            numbers = [int(p) for p in parts[0]]
        except (TypeError, ValueError):
            return value
        if 1 <= len(numbers) <= 3:
            return "-".join(f"{n:04d}" if i == 0 else f"{n:02d}" for i, n in enumerate(numbers))
    return value


def _yaml(data: dict[str, Any]) -> str:
    keys = [k for k in ORDER if k in data] + [k for k in data if k not in ORDER and k not in LAST]
    keys += [k for k in LAST if k in data]
    ordered = {k: data[k] for k in keys}
    for key, value in ordered.items():
        if isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
            ordered[key] = _Day(value)
        elif isinstance(value, list) and all(isinstance(v, dict) for v in value):
            ordered[key] = [_Flow(v) for v in value]  # names as {family: Doe, given: Jane}, one a line
    return yaml.dump(ordered, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)


class _Day(str):
    """A date written bare (2025-04-27), as editors type one."""


class _Flow(dict):
    """A mapping written on one line."""


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(_Day, lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:timestamp", value))
_Dumper.add_representer(
    _Flow, lambda dumper, value: dumper.represent_mapping("tag:yaml.org,2002:map", value, flow_style=True)
)


def _prefixed(problem: Problem, where: tuple) -> Problem:
    """A problem of one item, its key path led by the item's place in the export."""
    return replace(problem, message=f"{_path(where)}: {problem.message}")


def _path(where: tuple) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else p for p in where) or "item"
