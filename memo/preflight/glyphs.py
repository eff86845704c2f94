"""Characters printed as a box for want of a glyph: an open pdfplumber PDF in, Findings (errors) out.

WeasyPrint embeds Type0 fonts: a character no font has is drawn with a glyph
id beyond the embedded font's glyphs. LibreOffice embeds simple TrueType
fonts and copies the .notdef box in for such a character, so its glyph is
glyph 0 or draws the same outline. (tests/readback.py holds the same rules,
over pypdf, for the tests.) The finding is on the first page that prints such a
character, or on page 1 when pdfminer cannot read that font's text at all
(which happens with WeasyPrint's out-of-range glyph ids).
"""

from __future__ import annotations

import io
import re
from typing import Any

from memo.preflight.findings import Finding, err


def missing_glyphs(pdf: Any) -> list[Finding]:
    from pdfminer.pdftypes import resolve1

    found: dict[str, int] = {}
    done: set[str] = set()
    for page in pdf.pages:
        fonts = resolve1(resolve1(page.page_obj.resources or {}).get("Font")) or {}
        for ref in fonts.values():
            font = resolve1(ref)
            name = _name(font.get("BaseFont"))
            if name in done:
                continue
            done.add(name)
            kind = _name(font.get("Subtype"))
            chars = (
                _missing_type0(font) if kind == "Type0" else _missing_truetype(font) if kind == "TrueType" else set()
            )
            for c in chars:
                found.setdefault(c, page.page_number)  # a font's resources may be listed before its use
    if not found:
        return []
    for page in pdf.pages:  # the first page that prints one of them
        if any(c["text"] in found for c in page.chars):
            first = page.page_number
            break
    else:  # pdfminer may drop the text of a font with such a glyph altogether: then the file, page 1
        first = 1
    listed = ", ".join(f"U+{ord(c):04X}" if len(c) == 1 else repr(c) for c in sorted(found))
    return [err(first, f"no glyph for {listed}: printed as a box (install a font that has it)")]


def _name(value: Any) -> str:
    return str(getattr(value, "name", value or ""))


def _font_program(descriptor: Any) -> Any:
    from fontTools.ttLib import TTFont
    from pdfminer.pdftypes import resolve1

    program = resolve1(descriptor.get("FontFile2") or descriptor.get("FontFile3"))
    return TTFont(io.BytesIO(program.get_data())) if program is not None else None


def _missing_type0(font: dict) -> set[str]:
    from pdfminer.pdftypes import resolve1

    descendant = resolve1(resolve1(font["DescendantFonts"])[0])
    tt = _font_program(resolve1(descendant["FontDescriptor"]))
    if tt is None:
        return set()
    count = tt["maxp"].numGlyphs
    return {_char(uni) for gid, uni in _to_unicode(font) if gid >= count and uni.lower() != "ffff"}


def _missing_truetype(font: dict) -> set[str]:
    from pdfminer.pdftypes import resolve1

    tt = _font_program(resolve1(font["FontDescriptor"]))
    if tt is None or "glyf" not in tt:
        return set()
    glyf, notdef = tt["glyf"], tt.getGlyphOrder()[0]
    box = glyf[notdef].compile(glyf) if glyf[notdef].numberOfContours else None
    cmap: dict[int, str] = {}
    for table in tt["cmap"].tables:
        cmap.update(table.cmap)
    missing = set()
    for code, uni in _to_unicode(font):
        name = cmap.get(code) or cmap.get(0xF000 + code)  # symbolic fonts map codes into U+F0xx
        if name == notdef or (name and box and glyf[name].numberOfContours and glyf[name].compile(glyf) == box):
            missing.add(_char(uni))
    return missing


def _to_unicode(font: dict) -> list[tuple[int, str]]:
    from pdfminer.pdftypes import resolve1

    stream = resolve1(font.get("ToUnicode"))
    if stream is None:
        return []
    cmap = stream.get_data().decode("latin-1")
    return [(int(code, 16), uni) for code, uni in re.findall(r"<([0-9a-fA-F]{2,4})> <([0-9a-fA-F]+)>", cmap)]


def _char(uni: str) -> str:
    return bytes.fromhex(uni).decode("utf-16-be", errors="replace")
