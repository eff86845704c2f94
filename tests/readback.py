"""Read built files back as a reader would see them: text per page, metadata, glyphs."""

from __future__ import annotations

import io
import re
from pathlib import Path

from fontTools.ttLib import TTFont
from pypdf import PdfReader


def pdf_pages(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(path).pages]


def footnotes(path: Path) -> list[tuple[int, str]]:
    """(number, text) of every footnote, in page order: the lines 'N. ...' at the foot of each page (pypdf reads
    the gap between a number and its note's text, which stand in columns, as a space)."""
    notes = []
    for text in pdf_pages(path):
        for m in re.finditer(r"(?m)^(\d+)\.\xa0 ?(.*)$", text):  # the space: the gap to the number's column
            notes.append((int(m.group(1)), m.group(2)))
    return notes


def missing_glyphs(path: Path) -> set[str]:
    """Characters drawn with no glyph (a box), in the fonts WeasyPrint (Type0) and LibreOffice (TrueType) embed.

    Type0: the glyph id is beyond the embedded font's glyphs. Simple TrueType: LibreOffice copies the
    .notdef box into the subset for a character no font has, so the glyph equals glyph 0. Other kinds
    (Type1, Type3) are not checked; check their text is extractable instead.
    """
    missing: set[str] = set()
    done: set[str] = set()
    for page in PdfReader(path).pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            if font["/BaseFont"] in done:
                continue
            done.add(font["/BaseFont"])
            if font["/Subtype"] == "/Type0":
                missing |= _missing_type0(font)
            elif font["/Subtype"] == "/TrueType":
                missing |= _missing_truetype(font)
    return missing


def _missing_type0(font: dict) -> set[str]:
    missing = set()
    descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
    program = descriptor.get("/FontFile2") or descriptor.get("/FontFile3")
    assert program is not None, f"font {font['/BaseFont']} is not embedded"
    count = TTFont(io.BytesIO(program.get_object().get_data()))["maxp"].numGlyphs
    for gid, uni in _to_unicode(font):
        if gid >= count and uni.lower() != "ffff":  # gid 0 is always listed as U+FFFF
            missing.add(bytes.fromhex(uni).decode("utf-16-be", errors="replace"))
    return missing


def _missing_truetype(font: dict) -> set[str]:
    program = font["/FontDescriptor"].get_object().get("/FontFile2")
    assert program is not None, f"font {font['/BaseFont']} is not embedded"
    tt = TTFont(io.BytesIO(program.get_object().get_data()))
    glyf, notdef = tt["glyf"], tt.getGlyphOrder()[0]
    box = glyf[notdef].compile(glyf) if glyf[notdef].numberOfContours else None
    cmap: dict[int, str] = {}
    for table in tt["cmap"].tables:
        cmap.update(table.cmap)
    missing = set()
    for code, uni in _to_unicode(font):
        name = cmap.get(code) or cmap.get(0xF000 + code)  # symbolic fonts map codes into U+F0xx
        if name == notdef or (name and box and glyf[name].numberOfContours and glyf[name].compile(glyf) == box):
            missing.add(bytes.fromhex(uni).decode("utf-16-be", errors="replace"))
    return missing


def _to_unicode(font: dict) -> list[tuple[int, str]]:
    cmap = font["/ToUnicode"].get_object().get_data().decode()
    return [(int(code, 16), uni) for code, uni in re.findall(r"<([0-9a-fA-F]{2,4})> <([0-9a-fA-F]+)>", cmap)]
