"""Fixtures for the Word renderer's tests: a memo rendered to .docx, and the parts of it a reader sees."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree

from memo.config import Settings
from memo.document import Memo
from memo.project import find_project
from memo.render import docx as render_docx
from memo.templates import TemplateSet, find_template_set
from tests.conftest import Tiny, memo_of

NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
    "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
}
REPO = Path(__file__).resolve().parents[2]


@dataclass
class Rendered:
    """A rendered memo: the Memo it came from, the bytes, and each XML part parsed."""

    memo: Memo
    data: bytes

    @property
    def zip(self) -> zipfile.ZipFile:
        return zipfile.ZipFile(io.BytesIO(self.data))

    def xml(self, name: str) -> etree._Element:
        return etree.fromstring(self.zip.read(name))

    def related(self, part: str, reltype: str) -> list[str]:
        """Targets of the relationships of ``part`` (e.g. word/document.xml) whose type ends with ``reltype``."""
        folder, name = part.rsplit("/", 1)
        rels = self.xml(f"{folder}/_rels/{name}.rels")
        return [r.get("Target") for r in rels.findall("rel:Relationship", NS) if r.get("Type").endswith(reltype)]

    def story(self, reltype: str) -> list[etree._Element]:
        """The header or footer parts the document uses (reltype 'header' or 'footer')."""
        return [self.xml(f"word/{t}") for t in self.related("word/document.xml", "/" + reltype)]


def text(element: etree._Element) -> str:
    """What a reader sees of a paragraph or cell: text, tabs as \\t (field codes are not text)."""
    out = []
    for node in element.iter(f"{{{NS['w']}}}t", f"{{{NS['w']}}}tab"):
        if node.getparent().tag != f"{{{NS['w']}}}tabs":
            out.append("\t" if node.tag.endswith("}tab") else node.text or "")
    return "".join(out)


def project_memo(root: Path, topic: str) -> tuple[Memo, TemplateSet, Settings]:
    project = find_project(root=root)
    templates = find_template_set(project.templates_dir, project.settings.template)
    return memo_of(root, topic), templates, project.settings


def render(root: Path, topic: str, **settings: object) -> Rendered:
    memo, templates, base = project_memo(root, topic)
    return Rendered(memo, render_docx.render(memo, templates, base.model_copy(update=settings)))


@pytest.fixture
def docx_of(tiny: Tiny) -> Callable[..., Rendered]:
    """Render a topic of the tiny project (edit its briefing first if a test needs to)."""
    return lambda topic="grain-talks", **settings: render(tiny.root, topic, **settings)


@pytest.fixture(scope="module")
def ukraine() -> Rendered:
    return render(REPO, "ukraine-ceasefire")
