"""Template sets: folders under templates/, each holding what one house style needs.

A renderer reads files only through its TemplateSet, which refuses any name
that would leave the folder; that is how rendering never reads outside it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from memo.ids import SLUG
from memo.problems import MemoError, UsageError


@dataclass(frozen=True)
class TemplateSet:
    name: str
    dir: Path

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
    return TemplateSet(name, folder)
