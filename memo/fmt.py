"""`memo fmt`: rewrite briefings and sources into the one safe style, keeping every comment and all content.

The style: prose in block scalars (`>-` for one paragraph, `|` for text with line breaks or blank-line
paragraphs), so `: `, ` #` and a leading `*`, `[` or `@` typed later can never change what YAML reads;
short values (ids, dates, status, types, addresses, names) plain, or double-quoted where YAML would read
them as something else; keys in the documented order; two-space indents.

ruamel.yaml's round-trip mode does the rewriting because it keeps comments (PyYAML drops them). It is
imported here only, so `--help`, `list` and `validate` never load it (tests/test_startup.py).

Nothing is written unless it is safe: a file that does not validate is refused, and every rewrite is
read back through memo's own loader and models, and its comments counted, before it replaces the file.
A rewrite that would change either is refused too (ruamel has known gaps with comments next to block
scalars in lists); the file is then left as it was and named.
"""

from __future__ import annotations

import io
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from memo.output import write_atomic
from memo.problems import Problem, error
from memo.project import Project, load_project
from memo.yamlio import YamlProblem, parse

WIDTH = 100  # where `>-` prose folds; long enough that most bullets stay one line

# Keys whose text is prose, in a briefing and a source. Everything else is a short value.
BRIEFING_PROSE = {
    "title", "subtitle", "summary", "key_points", "background", "detail", "points", "outlook",
    "indicators", "recommendations",
}  # fmt: skip
# A quotation's verbatim text stays on its own `text:` line, double-quoted (as safe as a block against `: ` and
# ` #`): a reader, and the review's check for copied runs of words, then sees at once what is a quotation.
ONE_LINE = {"text"}
SOURCE_PROSE = {"title", "genre", "assessment", "notes", "abstract", "annotation"}


@dataclass
class FmtReport:
    changed: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def fmt_project(project: Project, topics: list[str] | None, check: bool) -> FmtReport:
    """Format the chosen briefings (all, and every source, by default); with ``check``, write nothing."""
    from memo.models import Briefing, Source
    from memo.validate import check as validate

    loaded = load_project(project, topics)
    report = FmtReport()
    bad = {p.file for p in loaded.problems if p.is_error}
    report.problems.extend(p for p in loaded.problems if p.is_error)
    files: list[tuple[Path, type, Any]] = []
    for topic in topics if topics is not None else project.topic_ids():
        path = project.briefing_path(topic)
        if str(path) not in bad and topic in loaded.briefings:
            files.append((path, Briefing, loaded.briefings[topic][0]))
    if topics is None:
        for _sid, (model, doc) in sorted(loaded.sources.items()):
            if str(doc.path) not in bad:
                files.append((doc.path, Source, model))
    for path, model_type, before in files:
        text = path.read_text(encoding="utf-8")
        try:
            new = format_text(text, source=model_type is Source)
        except Exception as exc:  # ruamel cannot read what PyYAML could: leave the file alone
            report.problems.append(error(path, 1, 1, f"memo fmt cannot rewrite this file ({exc}); left as it was"))
            continue
        if new == text:
            report.unchanged.append(path)
            continue
        why = _differs(path, text, new, model_type, before, validate)
        if why:
            report.problems.append(error(path, 1, 1, f"memo fmt would {why}; left as it was, format it by hand"))
            continue
        report.changed.append(path)
        if not check:
            write_atomic(path, new.encode("utf-8"))
    report.problems.sort(key=lambda p: (p.file, p.line, p.col))
    return report


def _differs(path: Path, old: str, new: str, model_type: type, before: Any, validate: Any) -> str | None:
    """Why the rewrite is not safe (its data or comments differ from the file's), or None."""
    try:
        doc = parse(path, new)
    except YamlProblem as exc:
        return f"write YAML memo cannot read ({exc.problem.message})"
    after, problems = validate(doc, model_type)
    if after != before or any(p.is_error for p in problems):
        return "change the data read from it"
    if comments(old) != comments(new):
        return "lose or change a comment"
    return None


def _yaml() -> Any:
    from ruamel.yaml import YAML
    from ruamel.yaml.emitter import Emitter

    class OneLineQuotes(Emitter):
        """Never folds a double-quoted scalar onto a second line (ONE_LINE keeps quotations whole)."""

        def write_double_quoted(self, text: Any, split: Any = True) -> None:
            super().write_double_quoted(text, split=False)

    yaml = YAML(typ="rt")
    yaml.Emitter = OneLineQuotes
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = WIDTH
    yaml.preserve_quotes = False
    return yaml


def format_text(text: str, source: bool = False) -> str:
    """The canonical form of one briefing (or, with ``source``, one source) given as text."""
    yaml = _yaml()
    text, above = _take_key_comments(text)
    data = yaml.load(text)
    _order(data, _order_of(source))
    _restyle(data, SOURCE_PROSE if source else BRIEFING_PROSE, prose=False)
    out = io.StringIO()
    yaml.dump(data, out)
    return _put_key_comments(out.getvalue(), above)


Path_ = tuple[str | int, ...]  # a key's place: the keys and list indexes that lead to it


def _take_key_comments(text: str) -> tuple[str, dict[Path_, list[str]]]:
    """The text without the full-line comments right above a key of a block mapping, and those comments by key.

    ruamel keeps such a comment with the value before it, so a reordered key would leave its comment behind
    (above whatever key came next). Taken out here and put back above their key after the dump, they travel
    with it. A comment indented deeper than the key, or with a blank line before the key, speaks of what is
    above it, and a comment above a list item's first key (`- date: ...`) of the item: ruamel places those.
    """
    lines = text.split("\n")
    keys, inside = _key_lines(text)
    taken: dict[Path_, list[str]] = {}
    drop: set[int] = set()
    for path, line, col in keys:
        if lines[line][:col].strip():  # the key shares its line with a list item's '- '
            continue
        first = line
        while first > 0 and first - 1 not in inside and _comment_at_most(lines[first - 1], col):
            first -= 1
        if first < line:
            taken[path] = [lines[i].strip() for i in range(first, line)]
            drop.update(range(first, line))
    content = [i for i, x in enumerate(lines) if x.strip() and (i in inside or not x.lstrip().startswith("#"))]
    end = content[-1] + 1 if content else 0
    tail = [i for i in range(end, len(lines)) if lines[i].strip()]
    if tail:  # comments after the last value: ruamel keeps them with it, and the last key may move
        taken[()] = [x.rstrip() for x in lines[end : tail[-1] + 1]]
        drop.update(range(end, len(lines)))
    if not taken:
        return text, taken
    return "\n".join(x for i, x in enumerate(lines) if i not in drop), taken


def _comment_at_most(line: str, col: int) -> bool:
    """A full-line comment indented no deeper than ``col`` (a deeper one speaks of the value above it)."""
    text = line.lstrip(" ")
    return text.startswith("#") and len(line) - len(text) <= col


def _put_key_comments(text: str, above: dict[Path_, list[str]]) -> str:
    """Put each taken comment back right above its key, indented as the key is (see _take_key_comments)."""
    if not above:
        return text
    if () in above:  # the comments that ended the document end it again
        text = text.rstrip("\n") + "\n" + "\n".join(above[()]) + "\n"
    lines = text.split("\n")
    keys, _ = _key_lines(text)
    for path, line, col in sorted(keys, key=lambda k: -k[1]):
        if path in above:
            indent = len(lines[line]) - len(lines[line].lstrip(" "))  # a list item's first key: above its '- '
            lines[line:line] = [" " * min(col, indent) + c for c in above[path]]
    return "\n".join(lines)


def _key_lines(text: str) -> tuple[list[tuple[Path_, int, int]], set[int]]:
    """Where each key of a block mapping starts (its place, line, column), and the lines inside multi-line
    scalars (a '#' there is text, not a comment). Read with PyYAML's composer: it gives every node's marks."""
    import yaml

    keys: list[tuple[Path_, int, int]] = []
    inside: set[int] = set()

    def walk(node: Any, path: Path_) -> None:
        if isinstance(node, yaml.ScalarNode):
            start, end = node.start_mark, node.end_mark
            inside.update(range(start.line + 1, end.line + (end.column > 0)))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                walk(item, (*path, i))
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                walk(key, path)
                if isinstance(key, yaml.ScalarNode):
                    if not node.flow_style:
                        keys.append(((*path, key.value), key.start_mark.line, key.start_mark.column))
                    walk(value, (*path, key.value))

    walk(yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)), ())
    return keys, inside


def comments(text: str) -> list[str]:
    """Every comment of a YAML text, as written (sorted: a comment may move with the key it follows)."""
    found: list[str] = []
    seen: set[int] = set()  # ruamel files a comment above a mapping's first key twice (key's and map's own)

    def take(item: Any) -> None:
        if item is None:
            return
        if isinstance(item, list):
            for x in item:
                take(x)
            return
        if id(item) in seen:  # a token of the tree, alive while it is walked: its id is its own
            return
        seen.add(id(item))
        value = item if isinstance(item, str) else getattr(item, "value", "")
        found.extend(line.strip() for line in value.split("\n") if line.strip().startswith("#"))

    def walk(node: Any) -> None:
        ca = getattr(node, "ca", None)
        if ca is not None:
            take(ca.comment)
            take(list(ca.items.values()))
            take(ca.end)
        if isinstance(node, dict):
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(_yaml().load(text))
    return sorted(found)


def _order_of(source: bool) -> dict[str, Any]:
    """The documented key order of every mapping: the models' field order (sources: the README's table first)."""
    from memo.models import DESCRIBED, Briefing, Source
    from memo.rules import key_order

    if not source:
        return key_order(Briefing)
    every = key_order(Source)
    first = [k for k in DESCRIBED if k not in ("assessment", "notes")]
    order = [*first, *(k for k in every if k not in first and k not in ("assessment", "notes")), "assessment", "notes"]
    return {k: every[k] for k in order}


def _order(node: Any, order: dict[str, Any] | None) -> None:
    if isinstance(node, list):
        for item in node:
            _order(item, order)
        return
    if not isinstance(node, OrderedDict) or order is None:  # ruamel's round-trip mappings are OrderedDicts
        return
    rank = {k: i for i, k in enumerate(order)}
    for key in sorted(node, key=lambda k: rank.get(k, len(rank))):
        node.move_to_end(key)
    for key, value in node.items():
        _order(value, order.get(key))


def _restyle(node: Any, prose_keys: set[str], prose: bool) -> None:
    """Give every string its style: prose as a block scalar, a short value plain or double-quoted."""
    if isinstance(node, dict):
        items = [(k, k in prose_keys) for k in node]
        where = {k: (2, 3) for k in node}  # ruamel keeps a key's end-of-line comment at 2, a block's at 3
    elif isinstance(node, list):
        items = [(i, prose) for i in range(len(node))]
        where = {i: (0, 1) for i in range(len(node))}
    else:
        return
    for key, is_prose in items:
        value = node[key]
        if isinstance(value, dict | list):
            _restyle(value, prose_keys, is_prose)
        elif isinstance(value, str) and key in ONE_LINE and isinstance(node, dict):
            from ruamel.yaml.scalarstring import DoubleQuotedScalarString

            node[key] = DoubleQuotedScalarString(value.strip())
        elif isinstance(value, str):
            new = _prose(value) if is_prose else _short(value)
            if is_prose and not _is_block(value):
                _comment_to_header(node, key, *where[key])
            node[key] = new


def _is_block(value: str) -> bool:
    from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

    return isinstance(value, FoldedScalarString | LiteralScalarString)


def _prose(value: str) -> Any:
    """`>-` for one paragraph on one line, `|` for text with line breaks (memo strips the ends of every value)."""
    from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

    text = value.strip()
    if "\n" in text:
        return LiteralScalarString(text + "\n")
    return FoldedScalarString(text)


def _short(value: str) -> Any:
    """Plain when memo's YAML reads the plain text back as this same string, else double-quoted."""
    import yaml
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    tag = yaml.resolver.Resolver().resolve(yaml.ScalarNode, value, (True, False))
    if tag != "tag:yaml.org,2002:str":
        return DoubleQuotedScalarString(value)
    return str(value)


def _comment_to_header(node: Any, key: Any, eol: int, header: int) -> None:
    """A plain value's end-of-line comment becomes its block's header comment (`key: >-  # comment`), or, for a
    list item, a comment line below the block; the newline that ended the plain value's line is the block's own."""
    entry = node.ca.items.get(key)
    if not entry or entry[eol] is None:
        return
    token = entry[eol]
    value = token.value
    if value.startswith("#") and eol == 0:
        return  # ruamel writes no header comment on a block in a list: the comment goes on the line below it
    if value.startswith("#"):
        first, _, rest = value.partition("\n")
        entry[header] = [f"  {first}"]
        if rest:
            token.value = rest
        else:
            entry[eol] = None
    elif value.startswith("\n"):
        if value[1:]:
            token.value = value[1:]
        else:
            entry[eol] = None
