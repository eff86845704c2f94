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
    """(number, text) of every footnote, in page order: the lines 'N. ...' at the foot of each page."""
    notes = []
    for text in pdf_pages(path):
        for m in re.finditer(r"(?m)^(\d+)\.\xa0(.*)$", text):
            notes.append((int(m.group(1)), m.group(2)))
    return notes


def missing_glyphs(path: Path) -> set[str]:
    """Characters drawn with no glyph (a box): their glyph id is beyond the embedded font's glyphs."""
    missing: set[str] = set()
    done: set[str] = set()
    for page in PdfReader(path).pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            if font["/BaseFont"] in done:
                continue
            done.add(font["/BaseFont"])
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            program = descriptor.get("/FontFile2") or descriptor.get("/FontFile3")
            assert program is not None, f"font {font['/BaseFont']} is not embedded"
            count = TTFont(io.BytesIO(program.get_object().get_data()))["maxp"].numGlyphs
            cmap = font["/ToUnicode"].get_object().get_data().decode()
            for gid, uni in re.findall(r"<([0-9a-fA-F]{4})> <([0-9a-fA-F]+)>", cmap):
                if int(gid, 16) >= count and uni.lower() != "ffff":  # gid 0 is always listed as U+FFFF
                    missing.add(bytes.fromhex(uni).decode("utf-16-be", errors="replace"))
    return missing
