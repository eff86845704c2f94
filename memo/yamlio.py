"""Turn the bytes of a YAML file into plain values plus the file position of each.

PyYAML's safe loader alone loses positions and keeps the last of two duplicate
keys, silently dropping an editor's text. We compose the node tree ourselves,
construct scalars with the safe constructor, and record where every value sits,
keyed by its path (``("perspectives", "sceptical", "points", 2)``).

PyYAML is imported on the first parse, not with this module: a command opens its
first file before paying for the parser (start-up, issue 16).
"""

from __future__ import annotations

import os
import re
import stat
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from memo.problems import Problem, error, warning

if TYPE_CHECKING:
    import yaml

Path_ = tuple[str | int, ...]

MAX_DEPTH = 40
MAX_NODES = 100_000

# Characters XML 1.0 (and so Word) cannot hold, which YAML escapes like "\0" could otherwise smuggle in;
# and C1 controls but NEL, which YAML cannot hold raw (invisible junk, mostly mis-decoded Windows-1252).
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff\ud800-\udfff]")


_RAW_BREAK = re.compile("[\x85\u2028\u2029]")
_RAW_BREAK_NAMES = {"\x85": "next line", "\u2028": "line separator", "\u2029": "paragraph separator"}


class Mark(NamedTuple):
    """Where a value or key stands; a named tuple, as there is one for every node of every file read."""

    line: int  # 1-based
    col: int  # 1-based
    start: int  # character offsets of the node in the text
    end: int


class YamlDoc:
    """A loaded file: its plain value, and where each value and key stands (a plain class: cheaper to define
    than a dataclass, and defined before a build's first read)."""

    __slots__ = ("data", "key_marks", "marks", "path", "raw", "text", "warnings")

    def __init__(
        self,
        path: Path,
        text: str,
        data: Any,
        marks: dict[Path_, Mark] | None = None,
        key_marks: dict[Path_, Mark] | None = None,
        warnings: list[Problem] | None = None,
        raw: bytes = b"",
    ) -> None:
        self.path = path
        self.text = text
        self.data = data
        self.marks = {} if marks is None else marks
        self.key_marks = {} if key_marks is None else key_marks
        self.warnings = [] if warnings is None else warnings  # text YAML's own rules drop or merge, read as written
        self.raw = raw  # the file's bytes as read: what provenance hashes and a PDF/A attaches

    def __repr__(self) -> str:
        return f"YamlDoc({self.path!r}, data={self.data!r})"

    def mark(self, path: Path_) -> Mark:
        """The closest recorded position for a path (its value, else its nearest parent)."""
        path = tuple(path)
        while path not in self.marks and path:
            path = path[:-1]
        return self.marks.get(path, Mark(1, 1, 0, 0))

    def locate(self, path: Path_, needle: str, occurrence: int = 0) -> tuple[int, int]:
        """Line and column of the n-th ``needle`` inside the raw text of a value."""
        m = self.mark(path)
        pos = m.start - 1
        for _ in range(occurrence + 1):
            pos = self.text.find(needle, pos + 1, m.end)
            if pos < 0:
                return m.line, m.col
        line = self.text.count("\n", 0, pos) + 1
        col = pos - (self.text.rfind("\n", 0, pos) + 1) + 1
        return line, col


class YamlProblem(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def load(path: Path, max_bytes: int) -> YamlDoc:
    """Read and parse one file; raise YamlProblem with a precise position on any fault."""
    raw = _read(path, max_bytes)
    text = _decode(path, raw)
    from memo import yaml_cache  # after the first read, as PyYAML was (its JSON and hashing wait too)

    doc = yaml_cache.recall(path, raw, text)  # a file read before: no PyYAML (memo/yaml_cache.py)
    if doc is None:
        doc = parse(path, text)
        yaml_cache.keep(raw, doc)
    doc.raw = raw
    return doc


def _read(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, never more than the limit: a FIFO or device would block or never end, a huge file fill memory."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    with os.fdopen(fd, "rb") as f:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise YamlProblem(
                error(path, 1, 1, "is not a regular file; a briefing or source must be a plain text file")
            )
        raw = f.read(max_bytes + 1)
    size = max(info.st_size, len(raw))
    if size > max_bytes:
        raise YamlProblem(
            error(path, 1, 1, f"file is {size:,} bytes; the limit is {max_bytes:,} (max-file-bytes in [tool.memo])")
        )
    return raw


def parse(path: Path, text: str) -> YamlDoc:
    bad = _XML_INVALID.search(text)
    if bad:
        line, col = _line_col(text, bad.start())
        raise YamlProblem(error(path, line, col, f"control character U+{ord(bad.group()):04X} is not allowed in text"))
    bad = _RAW_BREAK.search(text)
    if bad:  # YAML breaks the line there and most editors do not: keys appear and text moves, unseen
        line, col = _line_col(text, bad.start())
        what = f"U+{ord(bad.group()):04X} ({_RAW_BREAK_NAMES[bad.group()]})"
        raise YamlProblem(error(path, line, col, f"{what} starts a new line in YAML but not on screen; remove it"))
    import yaml

    # libyaml's parser is ~10x faster than PyYAML's pure-Python one; the safe constructor is the same.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        raise YamlProblem(_yaml_error(path, exc, text)) from None
    except yaml.YAMLError as exc:  # the reader's errors carry a position, not a mark
        line, col = _line_col(text, getattr(exc, "position", 0))
        raise YamlProblem(error(path, line, col, f"YAML: {exc}".splitlines()[0])) from None
    except RecursionError:
        raise YamlProblem(error(path, 1, 1, f"nesting is too deep (more than {MAX_DEPTH} levels)")) from None
    finally:
        loader.dispose()
    doc = YamlDoc(path=path, text=text, data=None)
    if root is None:
        raise YamlProblem(error(path, 1, 1, "file is empty; expected a mapping of keys such as 'title:'"))
    builder = _Builder(doc, loader)
    doc.data = builder.value(root, ())
    return doc


def _decode(path: Path, raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise YamlProblem(error(path, 1, 1, "the file is UTF-16 (as some Windows editors save); save it as UTF-8"))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise YamlProblem(
            error(path, line, col, f"not valid UTF-8 (byte 0x{raw[exc.start]:02X}); save the file as UTF-8")
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _line_col(text: str, pos: int) -> tuple[int, int]:
    return text.count("\n", 0, pos) + 1, pos - (text.rfind("\n", 0, pos) + 1) + 1


def _yaml_error(path: Path, exc: yaml.MarkedYAMLError, text: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    what = exc.problem or "invalid YAML"
    lines = text.split("\n")
    at = lines[line - 1][col - 1 : col] if line <= len(lines) else ""
    if at == "\t" or "\\t" in what or "tab" in what.lower():
        what = "a tab character cannot indent YAML; use spaces"
    elif nbsp := _nbsp_indent(lines, exc):
        line, col = nbsp
        what = "a non-breaking space (U+00A0, often pasted from a web page) cannot indent YAML; use plain spaces"
    elif "expected a single document" in (exc.context or ""):
        what = "a file holds one document, but a second '---' starts another; remove it"
    elif "nesting depth" in what:
        what = f"nesting is too deep (more than {MAX_DEPTH} levels)"
    elif unindented := _unindented(lines, exc):
        line, col = unindented
        what = (
            "this line is not indented, so it ends the value above and YAML reads it as a key; "
            "indent it as the lines of the value above (or, if it is a key, end the key with ':')"
        )
    elif start := _symbol_start(lines, exc):
        (line, col), symbol = start
        what = f"a value cannot start with {symbol} unquoted: {QUOTE_IT}"
    elif "mapping values are not allowed" in what:
        what = f"': ' inside a value starts a mapping: {QUOTE_IT}; if this is a key, check its indentation"
    elif exc.context:
        cm = exc.context_mark
        where = (
            f" at line {cm.line + 1}, column {cm.column + 1}" if cm and cm.line != (mark.line if mark else -1) else ""
        )
        what = f"{what} ({exc.context}{where})"
    return error(path, line, col, f"YAML syntax: {what}")


QUOTE_IT = (
    "put the whole value in quotes (\"...\") or write it as a block ('>' and the text indented on the lines below)"
)

# Where a value starts on its line: after the indentation, any '- ' of list items, and a 'key: '.
# (These two read only a file with a mistake: compiled on their first match, not at import.)
_VALUE_START = r"^ *(?:- +)*(?:[^\s#'\"][^:#]*: +)?"
_SYMBOLS = {"*": "'*'", "&": "'&'", "!": "'!'", "[": "'['", "{": "'{'", "@": "'@'", "`": "a backtick"}


_KEY_LINE = r"^[^\s#'\"][^:#]*:( |$)"


def _unindented(lines: list[str], exc: yaml.MarkedYAMLError) -> tuple[int, int] | None:
    """Where a line the parser complains about starts at the left edge without being a key, after an indented
    line: text that was meant to continue the value above (the parser itself complains lines later)."""
    for m in (exc.context_mark, exc.problem_mark):
        if m is None or m.line >= len(lines):
            continue
        text = lines[m.line]
        if not text or text[0] in " #" or re.match(_KEY_LINE, text) or text.startswith(("---", "...", "%")):
            continue
        before = [t for t in lines[: m.line] if t.strip() and not t.lstrip().startswith("#")]
        if before and before[-1].startswith(" "):
            return m.line + 1, 1
    return None


def _symbol_start(lines: list[str], exc: yaml.MarkedYAMLError) -> tuple[tuple[int, int], str] | None:
    """The parser's position and the symbol, when the parser stumbled on the line of a value starting with a symbol
    YAML reserves (an alias, an anchor, a tag, a flow collection) or cannot start a plain value with ('@', '`')."""
    mark = exc.problem_mark
    if mark is None or mark.line >= len(lines):
        return None
    line = lines[mark.line]
    start = re.match(_VALUE_START, line)
    symbol = line[start.end() : start.end() + 1] if start else ""
    if symbol not in _SYMBOLS:
        return None
    problem = exc.problem or ""
    if symbol in "[{" and not ("cannot start any token" in problem or "did not find expected key" in problem):
        return None  # a list or mapping written in brackets, with its own mistake: the parser's words say it
    if "alias" in (exc.context or "") and exc.context_mark is not None:
        mark = exc.context_mark  # the '*', not the end of the word after it
    return (mark.line + 1, mark.column + 1), _SYMBOLS[symbol]


def _nbsp_indent(lines: list[str], exc: yaml.MarkedYAMLError) -> tuple[int, int] | None:
    """Where a no-break space sits in the indentation of a line the parser complains about, if it does."""
    marks = [m for m in (exc.context_mark, exc.problem_mark) if m is not None]
    for m in marks:
        for n in (m.line, m.line - 1):
            if 0 <= n < len(lines):
                indent = lines[n][: len(lines[n]) - len(lines[n].lstrip(" \u00a0"))]
                if "\u00a0" in indent:
                    return n + 1, indent.index("\u00a0") + 1
    return None


class _Builder:
    """Walk composed nodes into plain values, recording marks and refusing what loses text."""

    def __init__(self, doc: YamlDoc, loader: yaml.SafeLoader) -> None:
        from yaml import MappingNode, ScalarNode, SequenceNode
        from yaml.constructor import ConstructorError

        self.doc = doc
        self.loader = loader
        self.count = 0
        self.mapping_node, self.sequence_node, self.scalar_node = MappingNode, SequenceNode, ScalarNode
        self.constructor_error = ConstructorError

    def fail(self, node: yaml.Node, message: str) -> YamlProblem:
        return YamlProblem(error(self.doc.path, node.start_mark.line + 1, node.start_mark.column + 1, message))

    def record(self, node: yaml.Node, path: Path_) -> None:
        s, e = node.start_mark, node.end_mark
        self.doc.marks[path] = Mark(s.line + 1, s.column + 1, s.index, e.index)

    def value(self, node: yaml.Node, path: Path_) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise self.fail(node, f"more than {MAX_NODES:,} values (an alias expansion bomb?)")
        if len(path) > MAX_DEPTH:
            raise self.fail(node, f"nesting is too deep (more than {MAX_DEPTH} levels)")
        self.record(node, path)
        if isinstance(node, self.mapping_node):
            return self.mapping(node, path)
        if isinstance(node, self.sequence_node):
            if node.tag != "tag:yaml.org,2002:seq":
                raise self.fail(node, f"tag {_tag(node.tag)} is not allowed")
            return [self.value(item, (*path, i)) for i, item in enumerate(node.value)]
        assert isinstance(node, self.scalar_node)  # the third and last kind of node PyYAML composes
        return self.scalar(node)

    def mapping(self, node: yaml.MappingNode, path: Path_) -> dict[str, Any]:
        if node.tag != "tag:yaml.org,2002:map":
            raise self.fail(node, f"tag {_tag(node.tag)} is not allowed")
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise self.fail(key_node, "merge keys ('<<') are not supported; write the keys out")
            key = self.scalar(key_node) if isinstance(key_node, self.scalar_node) else None
            if not isinstance(key, str):
                raise self.fail(key_node, "a key must be a plain word such as 'title'")
            if key in out:
                first = self.doc.key_marks[(*path, key)]
                raise self.fail(
                    key_node, f"duplicate key '{key}' (first at line {first.line}); the earlier value would be lost"
                )
            s, e = key_node.start_mark, key_node.end_mark
            self.doc.key_marks[(*path, key)] = Mark(s.line + 1, s.column + 1, s.index, e.index)
            out[key] = self.value(value_node, (*path, key))
        return out

    def scalar(self, node: yaml.ScalarNode) -> Any:
        if node.tag.startswith("!") and node.tag != "!":  # a local tag: text such as '!Important' left unquoted
            raise self.fail(node, f"a value cannot start with '!' unquoted ({node.tag} reads as a tag): {QUOTE_IT}")
        if self.doc.text[node.start_mark.index : node.start_mark.index + 1] == "&":  # '&x says' anchors 'says'
            raise self.fail(node, f"a value cannot start with '&' unquoted (it names an anchor): {QUOTE_IT}")
        if node.tag not in _SCALAR_TAGS:  # an allow-list: !!python/..., !!binary and local tags all stop here
            raise self.fail(node, f"tag {_tag(node.tag)} is not allowed")
        try:
            value = self.loader.construct_object(node, deep=True)
        except (self.constructor_error, ValueError, OverflowError) as exc:
            text = node.value if isinstance(node.value, str) else ""
            if node.tag.endswith(":timestamp"):
                raise self.fail(node, f"'{text}' is not a valid date (expected YYYY-MM-DD)") from None
            raise self.fail(node, f"cannot read '{text}': {exc}") from None
        if isinstance(value, str):
            bad = _XML_INVALID.search(value)
            if bad:
                raise self.fail(node, f"control character U+{ord(bad.group()):04X} is not allowed in text")
            if not node.style:  # plain: None from PyYAML's parser, '' from libyaml's
                self.doc.warnings.extend(_plain_losses(self.doc, node))
        elif not isinstance(value, date | int | float | bool | type(None)):
            raise self.fail(node, f"unsupported value of type {type(value).__name__}")
        return value


COMMENT_EATS = (
    "' #' starts a comment, so the text from here on is not part of the value; if it belongs to the text, " + QUOTE_IT
)
MERGED_ITEM = (
    "this '- ' continues the text above, so it does not start a new item; line it up with the '-' of the item "
    "above (or put the whole value in quotes if the dash belongs to the text)"
)


def _plain_losses(doc: YamlDoc, node: yaml.ScalarNode) -> list[Problem]:
    """Warnings for a plain (unquoted) value that YAML reads otherwise than an editor does: a ' #' that starts a
    comment after prose, a line starting with '- ' that joins the item above instead of starting its own."""
    found = []
    s, e = node.start_mark, node.end_mark
    end_of_line = doc.text.find("\n", e.index)
    rest = doc.text[e.index : end_of_line if end_of_line >= 0 else len(doc.text)]
    # One space before '#' after prose, or '#' glued to a word ('#1'): text. Two spaces or more: a comment, as
    # the skeleton aligns them.
    if rest.startswith(" #") and (" " in node.value or rest[2:3] not in ("", " ")):
        found.append(warning(doc.path, e.line + 1, e.column + 2, COMMENT_EATS))
    if e.line > s.line:  # the value's own lines only: a file of many such values stays linear
        for n, text in enumerate(doc.text[s.index : e.index].split("\n")[1:], start=s.line + 2):
            if text.lstrip().startswith("- "):
                found.append(warning(doc.path, n, len(text) - len(text.lstrip()) + 1, MERGED_ITEM))
    return found


_SCALAR_TAGS = {f"tag:yaml.org,2002:{kind}" for kind in ("str", "int", "float", "bool", "null", "timestamp")}


def _tag(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")
