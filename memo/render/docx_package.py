"""Open a template set's reference.docx, find the styles the renderer needs in it, and save byte-identically.

An office restyles its memos by editing reference.docx in Word (as pandoc's
``--reference-doc`` works), so the renderer uses the document's styles by
name and says which one is missing rather than falling back to Normal.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, cast

import docx
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.exceptions import PackageNotFoundError
from docx.opc.packuri import PackURI
from docx.opc.pkgwriter import PackageWriter
from lxml import etree

from memo.problems import MemoError

if TYPE_CHECKING:
    from docx.opc.phys_pkg import PhysPkgWriter

REFERENCE = "reference.docx"
P, C, T = WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER, WD_STYLE_TYPE.TABLE

# Every style the renderer uses, by the name Word shows, with its kind.
STYLES: dict[str, WD_STYLE_TYPE] = {
    "Title": P,
    "Memo Field": P,
    "Memo Subject": P,
    "Heading 1": P,
    "Body Text": P,
    "Memo Bottom Line": P,
    "List Bullet": P,
    "Quote": P,
    "Memo Attribution": P,
    "Memo Source": P,
    "Memo Related": P,
    "Memo Table Text": P,
    "Memo Table Bullet": P,
    "Footnote Text": P,
    "Header": P,
    "Footer": P,
    "Memo Banner": P,
    "Hyperlink": C,
    "Footnote Reference": C,
    "Memo Draft": C,
    "Memo Table": T,
}

# Styles added after the first reference documents were made: a reference without one uses the style named here.
FALLBACK = {"Memo Related": "Body Text"}
_KIND = {P: "paragraph", C: "character", T: "table"}
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


class Styles:
    """Style ids of the reference document, looked up by the names in STYLES (a plain class, as RunWriter)."""

    def __init__(self, ids: dict[str, str]) -> None:
        self.ids = ids

    def __getitem__(self, name: str) -> str:
        return self.ids[name]


def open_reference(path: Path) -> tuple[Document, Styles]:
    """The reference document with its body emptied (its sample content shows the styles in Word), and its styles."""
    try:
        document = docx.Document(io.BytesIO(path.read_bytes()))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, etree.XMLSyntaxError) as exc:
        raise MemoError(f"{path}: not a Word document ({exc})") from None
    document.element.body.clear_content()
    return document, find_styles(document, path)


def find_styles(document: Document, path: Path) -> Styles:
    """Each needed style's id; a missing one is an error naming it and the file.

    Names compare without case, because Word stores built-in names in lower case
    ("footnote text") and shows them capitalised.
    """
    found: dict[tuple[str, WD_STYLE_TYPE], str] = {}
    # Each w:style's name, type and id, read off the elements (python-docx's style objects took 0.5 ms of a
    # one-memo build, and refused a style with no w:type, which OOXML makes a paragraph style). Names compare
    # without case, so python-docx's UI names ("Heading 1" for "heading 1") need no translating.
    for style in document.styles.element.style_lst:
        if name := style.name_val:
            found.setdefault((name.lower(), style.type or WD_STYLE_TYPE.PARAGRAPH), style.styleId)
    ids = {}
    for name, kind in STYLES.items():
        style_id = found.get((name.lower(), kind))
        if style_id is None and name in FALLBACK:
            style_id = found.get((FALLBACK[name].lower(), kind))
        if style_id is None:
            raise MemoError(
                f"{path}: the {_KIND[kind]} style '{name}' is missing; add it in Word "
                f"or start from the reference.docx that scripts/make_reference_docx.py makes"
            )
        ids[name] = style_id
    return Styles(ids)


def save(document: Document) -> bytes:
    """The document's bytes, the same for the same content: fixed zip dates, order and compression.

    The package is written as python-docx's own save writes it (its PackageWriter: content types, package
    relationships, each part and its relationships), but straight into the normalized zip: saving with
    python-docx and re-zipping compressed every part twice and unzipped it once (~6 ms a memo).
    """
    package = document.part.package
    for part in package.parts:
        part.before_marshal()
    entries = _Entries()
    writer = cast("PhysPkgWriter", entries)  # all PackageWriter asks of it is write(pack_uri, blob)
    PackageWriter._write_content_types_stream(writer, package.parts)
    PackageWriter._write_pkg_rels(writer, package.rels)
    PackageWriter._write_parts(writer, package.parts)
    return _zip(entries)


class _Entries(list[tuple[str, bytes]]):
    """What python-docx's PackageWriter writes, kept as (name in the zip, bytes) in its order."""

    def write(self, pack_uri: PackURI, blob: bytes) -> None:
        self.append((pack_uri.membername, blob))


def _zip(entries: list[tuple[str, bytes]]) -> bytes:
    """A zip of ``entries``, each dated 1980-01-01 (python-docx's own would carry the clock), [Content_Types].xml
    first and then by name."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for name, data in sorted(entries, key=lambda e: (e[0] != "[Content_Types].xml", e[0])):
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            dst.writestr(info, data, compresslevel=6)
    return out.getvalue()
