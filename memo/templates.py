"""Template sets: folders under templates/, each holding what one house style needs.

A renderer reads files only through its TemplateSet, which refuses any name
that would leave the folder; that is how rendering never reads outside it.
A set may carry a small settings file, ``set.toml``, naming its citation style:
a house style owns how its memos cite, and the project can still override it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from memo import toml_cache
from memo.ids import SLUG
from memo.problems import MemoError, Problem, UsageError, error
from memo.record import Record, replace

if TYPE_CHECKING:
    import jinja2

    from memo.config import Settings

SETTINGS_FILE = "set.toml"
SET_KEYS = ("citation-style",)


class TemplateSet(Record):
    name: str
    dir: Path
    # From set.toml: a bundled style's name or the absolute path of a .csl file of the set; None: the set names none.
    citation_style: str | None = None

    def settings_for(self, settings: Settings) -> Settings:
        """The project's settings, with this set's citation style where [tool.memo] names none.

        Precedence: ``citation-style`` in [tool.memo], then the set's ``set.toml``, then memo's default.
        """
        if settings.citation_style is None and self.citation_style is not None:
            return replace(settings, citation_style=self.citation_style)
        return settings

    def path(self, name: str) -> Path:
        """The path of a file of this set; a name leading outside the folder is refused."""
        try:
            path = (self.dir / name).resolve()
        except (OSError, RuntimeError):  # a link that leads back to itself (RuntimeError in Python 3.11)
            raise MemoError(f"template set '{self.name}': '{name}' is a link that leads back to itself") from None
        if not path.is_relative_to(self.dir.resolve()):
            raise MemoError(f"template set '{self.name}': '{name}' is outside {self.dir}")
        if not path.is_file():
            raise MemoError(f"template set '{self.name}' has no {name} (looked in {self.dir})")
        return path

    def read_text(self, name: str) -> str:
        return self.path(name).read_text(encoding="utf-8")

    def read_bytes(self, name: str) -> bytes:
        return self.path(name).read_bytes()

    def digest(self) -> str:
        """A hash of every file in the set, so a change to any of them rebuilds every memo."""
        import hashlib

        h = hashlib.sha256()
        for f in sorted(p for p in self.dir.rglob("*") if p.is_file()):
            h.update(f.relative_to(self.dir).as_posix().encode() + b"\0" + f.read_bytes())
        return h.hexdigest()


def find_template_set(templates_dir: Path, name: str) -> TemplateSet:
    if not SLUG.match(name):
        raise UsageError(f"'{name}' is not a template set name (a folder name under {templates_dir}, no paths)")
    folder = templates_dir / name
    if not folder.is_dir():
        known = sorted(p.name for p in templates_dir.iterdir() if p.is_dir()) if templates_dir.is_dir() else []
        raise UsageError(f"no template set '{name}' in {templates_dir} (found: {', '.join(known) or 'none'})")
    return read_set_settings(TemplateSet(name, folder))


def read_set_settings(templates: TemplateSet) -> TemplateSet:
    """The set with what its ``set.toml`` says (nothing, when it has none); every wrong key or value is an error."""
    path = templates.dir / SETTINGS_FILE
    if not path.is_file():
        return templates
    path = templates.path(SETTINGS_FILE)  # a link leading out of the set is refused
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise MemoError(
            [error(path, 1, 1, f"not UTF-8 (byte {exc.object[exc.start]:#04x} at offset {exc.start})")]
        ) from None
    try:
        table = toml_cache.loads(text)
    except toml_cache.TomlError as exc:
        raise MemoError([error(path, exc.line, exc.col, str(exc))]) from None
    problems: list[Problem] = []
    style = None
    for key, value in table.items():
        line, col = _where(text, key)
        if key not in SET_KEYS:
            from memo.validate import suggest

            known = f"it takes: {', '.join(SET_KEYS)}"
            problems.append(
                error(path, line, col, f"{key}: not a key of {SETTINGS_FILE} ({known}){suggest(key, [*SET_KEYS])}")
            )
            continue
        try:
            style = _style(templates, value)
        except ValueError as exc:
            problems.append(error(path, line, col, f"{key}: {exc}"))
    if problems:
        raise MemoError(problems)
    return replace(templates, citation_style=style)


def _style(templates: TemplateSet, value: object) -> str:
    """A bundled style's name as it is, or a .csl file of the set (relative to the set's folder) as an absolute path."""
    from memo.bundled_styles import BUNDLED

    if not isinstance(value, str) or not value:
        raise ValueError(f"expected a bundled style ({', '.join(BUNDLED)}) or a .csl file of the set, found {value!r}")
    if value in BUNDLED:
        return value
    try:
        path = templates.path(value)
    except MemoError:
        path = None
    if path is None or path.suffix != ".csl":
        raise ValueError(
            f"'{value}' is neither a bundled style ({', '.join(BUNDLED)}) nor a .csl file of the template set '{templates.name}'"
        )
    return str(path)


def _where(text: str, key: str) -> tuple[int, int]:
    """The line and column of a top-level key in a TOML text (1, 1 when it is not written plainly)."""
    for n, line in enumerate(text.splitlines(), 1):
        m = re.match(rf"\s*[\"']?{re.escape(key)}[\"']?\s*=", line)
        if m:
            return n, len(line) - len(line.lstrip()) + 1
    return 1, 1


def bytecode_cache() -> jinja2.BytecodeCache | None:
    """Where Jinja keeps compiled templates between runs, keyed by path and source (the memo's and the index
    page's): Jinja's own per-user folder (0700, owner checked), never output/, since whoever can write a
    cached template can run code. None when the temp folder is unusable (read-only, or the cache folder taken
    by another user): then templates are compiled each run, slower but never failing."""
    import jinja2

    try:
        return jinja2.FileSystemBytecodeCache()
    except (RuntimeError, OSError):
        return None
