"""Do a topic's PDF and Word file say the same? Both paths in, Findings (errors, for the Word file) out.

Compared: the notes (count, then each note's words, in order), the section
headings (the PDF's second outline level, the Word file's top heading level
outside tables) and the words of each section. Page furniture is left out: in
the PDF the top and bottom margin strips (banner, running header, page
number), the watermark, the note area and the note calls; in the Word file
its headers, footers and footnote marks. Words are compared case-folded and in
Unicode's composed form, with hyphens, punctuation and invisible characters
dropped and a word broken at a line end joined again, so line breaks, letter
case (CSS capitals) and how a font's glyphs map back to characters (``é`` or
``e`` and a combining accent) never count as a difference. A table's header row,
which the PDF repeats at the top of each page the table runs onto, is counted
once when the Word file marks that row as its table's repeating header.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

from memo.bidi import has_rtl
from memo.preflight.findings import Finding, err, quoted
from memo.preflight.notes import CALL_RATIO, char_lines, markers
from memo.preflight.sheet import Sheet, opened, sheets

SHOWN = 5  # differences of one kind listed before "and N more"
BREAKS = ("\u00ad",)  # a soft hyphen ends a line inside a word
PIECES = 8  # the most lines one word broken at line ends is joined again from
# printed as nothing: a soft hyphen inside a line, zero-width space, non-joiner and joiner, word joiner, BOM
INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
GAP = 0.45  # of the font size: a wider gap with no space is a column or cell boundary (letter-spacing is less)
# of the font size: a wider gap where one marked-content sequence (an inline box: a link, *emphasis*) gives way
# to the next is a word space WeasyPrint printed as no character (the space between two links)
BOX_GAP = 0.15


def words(text: str) -> list[str]:
    """Case-folded words; a hyphen splits (a compound broken at its hyphen then reads the same).

    Text is composed (NFC) first: a font draws ``é`` and ``e`` + U+0301 with one glyph, which a PDF maps
    back to whichever it met first, so either may come out where the Word file has the other. Invisible
    characters go: a reader sees x, a zero-width space and y as one word, where ``\\w+`` finds two. So do
    the combining marks left once composed (Arabic vowel signs): ``\\w+`` splits a word at each, and a PDF
    may read them back out of place, splitting it elsewhere.

    A right-to-left word is read from a PDF in the order it is drawn, reversed, and from Word in the
    order it is written; either way round it is the same word, so it is kept in the lesser of the two.
    """
    text = unicodedata.normalize("NFC", text.translate(INVISIBLE)).casefold()
    if not text.isascii():  # a mark no letter composes with (Arabic vowels) goes: see above
        text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    found = re.findall(r"\w+", text)
    return [min(w, w[::-1]) if has_rtl(w) else w for w in found]


def differences(pdf_path: Path, docx_path: Path) -> list[Finding]:
    return compare(read_pdf(pdf_path), read_docx(docx_path))


def compare(pdf: dict[str, Any], word: dict[str, Any]) -> list[Finding]:
    """The differences of a PDF and a Word file as `read_pdf` and `read_docx` read them."""
    return [
        *_compare_notes(pdf["notes"], word["notes"]),
        *_compare_headings(pdf["headings"], word["headings"]),
        *_compare_sections(
            pdf["sections"],
            word["sections"],
            set(words(word["furniture"])),
            pdf.get("repeats") or [[] for _ in pdf["sections"]],
            {tuple(words(row)) for row in word.get("headers", ())},
        ),
    ]


# --- reading ------------------------------------------------------------------------------------


def read_pdf(path: Path) -> dict[str, Any]:
    with opened(path) as pdf:
        return read_pages(sheets(pdf), outline(pdf))


def read_pages(pages: list[Sheet], outline: list[str], starts: list[int] | tuple[int, ...] = ()) -> dict[str, Any]:
    """Notes, headings and the text of each section of a PDF's pages; ``outline``: its section headings;
    ``starts``: the pages where a book's parts start (each chapter numbers its notes from 1)."""
    notes: dict[tuple[int, int], list[str]] = {}  # (part, number) -> lines
    part = 0
    body: list[str] = []
    repeats: set[int] = set()  # body lines that may be a table's header row, repeated atop a page
    seen: set[tuple[str, ...]] = set()
    for sheet in pages:
        if sheet.number in starts:
            part += 1
            seen = set()  # a book's chapters repeat each other's headings; a table's header repeats within one
        area = min((top for _, top in markers(sheet)), default=sheet.height)
        current: list[str] | None = None
        for i, (top, text) in enumerate(_text_lines(sheet)):
            key = tuple(words(text))
            if i == 0 and key in seen and top < area:
                # kept: only the Word file can tell a repeated header row (left out when the sections are
                # compared) from a body line that happens to read as an earlier one (a short last line)
                repeats.add(len(body))
            seen.add(key)
            if top >= area:
                m = re.match(r"(\d+)\.\xa0", text)
                if m:
                    current = notes.setdefault((part, int(m.group(1))), [])
                    text = text[m.end() :]
                if current is not None:
                    current.append(text)
            else:
                body.append(text)
    sections = _sections(body, outline, repeats)
    return {
        "notes": [_joined(notes[key]) for key in sorted(notes)],
        "headings": outline,
        "sections": [(h, text) for h, text, _ in sections],
        "repeats": [lines for _, _, lines in sections],
    }


def outline(pdf: Any) -> list[str]:
    """The section headings of an open PDF: the second level of its outline (the first is the title), or the
    first when it has several (a book's chapters, compared with the Word file's as a memo's sections are)."""
    try:
        entries = [(level, title) for level, title, *_ in pdf.doc.get_outlines()]
    except Exception:  # no outline at all (pdfminer raises PDFNoOutlines)
        return []
    level = 1 if sum(lvl == 1 for lvl, _ in entries) > 1 else 2
    return [title for lvl, title in entries if lvl == level]


def _text_lines(sheet: Sheet) -> list[tuple[float, str]]:
    """(top, text) of each line of the text block, note calls and hidden (0 pt) text left out."""
    _, top, _, bottom = sheet.block
    chars = [c for c in sheet.chars if top - 1 <= c["top"] < bottom and c["size"] >= 1]
    # the body's size, read above the note area: a page of many notes has more note text than body text
    area = min((marker_top for _, marker_top in markers(sheet)), default=bottom)
    sizes = Counter(round(c["size"], 1) for c in chars if c["text"].strip() and c["top"] < area)
    limit = CALL_RATIO * sizes.most_common(1)[0][0] if sizes else 0
    kept = Sheet(
        sheet.number, sheet.width, sheet.height, [c for c in chars if not (c["text"].isdigit() and c["size"] <= limit)]
    )
    out = []
    for line in char_lines(kept):
        text, last = "", None
        for c in line:
            if last is not None and not text.endswith(" ") and c["text"] != " " and _spaced(last, c):
                text += " "  # a gap with no space character: a word space, a column or a cell boundary
            text += c["text"]
            last = c
        out.append((min(c["top"] for c in line), text))
    return out


def _spaced(last: dict[str, Any], c: dict[str, Any]) -> bool:
    """Whether the gap before ``c`` reads as a space: a wide one, or a narrower one between two inline
    boxes (within one box, a gap that narrow is letter-spacing: ``M E M O R A N D U M``)."""
    gap = c["x0"] - last["x1"]
    if gap > GAP * c["size"]:
        return True
    mcid = c.get("mcid")
    return gap > BOX_GAP * c["size"] and mcid is not None and mcid != last.get("mcid")


def _joined(lines: list[str]) -> str:
    text = ""
    for line in lines:
        line = line.strip()
        text = text[:-1] + line if text.endswith(BREAKS) else f"{text} {line}" if text else line
    return text


def _sections(lines: list[str], headings: list[str], repeats: set[int]) -> list[tuple[str, str, list[str]]]:
    """Lines cut at each heading, in order: [(heading, text, its lines of ``repeats``)], the memo head
    first under ''."""
    out: list[tuple[str, list[str], list[str]]] = [("", [], [])]
    todo = list(headings)
    i = 0
    while i < len(lines):
        span = _heading_span(lines, i, words(todo[0])) if todo else 0
        if span:  # a heading, on one line or (a book's chapter title) wrapped onto several
            out.append((todo.pop(0), [], []))
            i += span
        else:
            out[-1][1].append(lines[i])
            if i in repeats:
                out[-1][2].append(lines[i])
            i += 1
    return [(h, _joined(ls), rs) for h, ls, rs in out]


def _heading_span(lines: list[str], i: int, heading: list[str]) -> int:
    """How many lines from ``lines[i]`` the heading's words fill exactly, or 0."""
    seen: list[str] = []
    for n, line in enumerate(lines[i : i + 4], 1):
        seen += words(line)
        if not seen or seen != heading[: len(seen)]:
            return 0
        if seen == heading:
            return n
    return 0


def read_docx(path: Path) -> dict[str, Any]:
    import docx
    from docx.table import Table

    document = docx.Document(str(path))
    blocks: list[tuple[int | None, str]] = []  # (heading level or None, text)
    headers: list[str] = []  # the text of each table row marked to repeat atop every page
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            headers += [_row_text(tr, item) for tr in item._tbl.tr_lst if _repeats(tr)]
            cells = dict.fromkeys(c._tc for row in item.rows for c in row.cells)  # merged cells once
            blocks += [(None, _text(p)) for tc in cells for p in _cell_paragraphs(tc, item)]
        else:
            blocks.append((_heading_level(item), _text(item)))
    levels = [level for level, _ in blocks if level is not None]
    top = min(levels, default=None)
    sections: list[tuple[str, list[str]]] = [("", [])]
    for level, text in blocks:
        if level is not None and level == top:
            sections.append((text, []))
        else:
            sections[-1][1].append(text)
    furniture = [p.text for section in document.sections for part in (section.header, section.footer)
                 for p in part.paragraphs]  # fmt: skip
    return {
        "furniture": " ".join(furniture),
        "notes": _docx_notes(document),
        "headings": [h for h, _ in sections[1:]],
        "sections": [(h, " ".join(ts)) for h, ts in sections],
        "headers": headers,
    }


def _repeats(tr: Any) -> bool:
    """Whether a table row is a header row Word repeats at the top of each page (``w:tblHeader``)."""
    from docx.oxml.ns import qn

    pr = tr.find(qn("w:trPr"))
    flag = pr.find(qn("w:tblHeader")) if pr is not None else None
    return flag is not None and flag.get(qn("w:val"), "true") not in ("0", "false", "off")


def _row_text(tr: Any, table: Any) -> str:
    from docx.oxml.ns import qn

    return " ".join(_text(p) for tc in tr.findall(qn("w:tc")) for p in _cell_paragraphs(tc, table))


def _text(paragraph: Any) -> str:
    """A paragraph's text without its note marks (the runs holding a ``w:footnoteReference``)."""
    from docx.oxml.ns import qn

    out = []
    for run in paragraph._p.iter(qn("w:r")):
        if run.find(qn("w:footnoteReference")) is not None:
            continue
        for child in run:
            if child.tag == qn("w:t"):
                out.append(child.text or "")
            elif child.tag in (qn("w:tab"), qn("w:br"), qn("w:cr")):
                out.append("\t" if child.tag == qn("w:tab") else "\n")
    return "".join(out)


def _cell_paragraphs(tc: Any, table: Any) -> list[Any]:
    from docx.table import _Cell

    return list(_Cell(tc, table).paragraphs)


def _heading_level(paragraph: Any) -> int | None:
    name = paragraph.style.name if paragraph.style is not None else ""
    m = re.fullmatch(r"Heading (\d)", name)
    return int(m.group(1)) if m else None


def _docx_notes(document: Any) -> list[str]:
    from lxml import etree

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    parts = [r.target_part for r in document.part.rels.values() if r.reltype.endswith("/footnotes")]
    if not parts:
        return []
    root = etree.fromstring(parts[0].blob)
    notes = []
    for note in root.findall(f"{w}footnote"):
        if note.get(f"{w}type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        notes.append(" ".join("".join(t.text or "" for t in p.iter(f"{w}t")) for p in note.iter(f"{w}p")).strip())
    return notes


# --- comparing ----------------------------------------------------------------------------------


def _compare_notes(pdf: list[str], word: list[str]) -> list[Finding]:
    out = []
    if len(pdf) != len(word):
        out.append(err(1, f"the Word file has {len(word)} notes, the PDF {len(pdf)}"))
    differ = [i for i in range(min(len(pdf), len(word))) if words(pdf[i]) != words(word[i])]
    for i in differ[:SHOWN]:
        out.append(
            err(1, f"note {i + 1} differs: the PDF has {quoted(pdf[i], 60)}, the Word file {quoted(word[i], 60)}")
        )
    if len(differ) > SHOWN:
        out.append(err(1, f"and {len(differ) - SHOWN} more notes differ"))
    return out


def _compare_headings(pdf: list[str], word: list[str]) -> list[Finding]:
    if [words(h) for h in pdf] == [words(h) for h in word]:
        return []
    return [err(1, f"section headings differ: the PDF has {_listed(pdf)}, the Word file {_listed(word)}")]


def _compare_sections(
    pdf: list[tuple[str, str]],
    word: list[tuple[str, str]],
    furniture: set[str],
    repeats: list[list[str]],
    headers: set[tuple[str, ...]],
) -> list[Finding]:
    """Words of each section; the memo head's status mark may sit in the Word file's page header.

    ``repeats``: each PDF section's lines that read as an earlier line at the top of a page; those that
    are a Word table's header row (``headers``) are the PDF repeating it, and are left out.
    """
    out = []
    theirs = {tuple(words(h)): text for h, text in word}
    for (heading, text), repeated in zip(pdf, repeats, strict=True):
        other = theirs.get(tuple(words(heading)))
        if other is None:
            continue  # a missing section is a heading difference, reported once
        mine, yours = _unrepeated(words(text), repeated, headers), words(other)
        where = f"section {quoted(heading)}" if heading else "the memo head"
        for label, a, b in (("the PDF", mine, yours), ("the Word file", yours, mine)):
            extra = _surplus(a, b)
            if not heading and label == "the PDF":
                extra = [w for w in extra if w not in furniture]
            if extra:
                count = f"{len(extra)} word{'s' if len(extra) > 1 else ''}"
                out.append(err(1, f"{where}: {label} alone has {count}: {quoted(' '.join(extra), 80)}"))
    return out


def _unrepeated(found: list[str], lines: list[str], headers: set[tuple[str, ...]]) -> list[str]:
    """``found`` without the last run of each of ``lines`` that is a table's header row."""
    for line in lines:
        row = tuple(words(line))
        if row not in headers:
            continue
        n = len(row)
        at = next((i for i in range(len(found) - n, -1, -1) if tuple(found[i : i + n]) == row), None)
        if at is not None:
            found = found[:at] + found[at + n :]
    return found


def _surplus(a: list[str], b: list[str]) -> list[str]:
    """The words of ``a``, in order, that ``b`` has fewer of.

    A word broken at a line end (at a soft hyphen, which the PDF prints as a hyphen; a long URL after a
    slash) is neighbours on one side and one word on the other, either way round: neighbours that join
    into a word left over on either side are joined, on both sides, before counting.
    """
    out = _left_over(a, b)
    if not out:
        return out
    whole = set(out) | set(_left_over(b, a))
    return _left_over(_mended(a, whole), _mended(b, whole))


def _mended(found: list[str], whole: set[str]) -> list[str]:
    """``found`` with each run of neighbours (the longest, up to ``PIECES``) that joins into a word of
    ``whole`` joined."""
    out, i = [], 0
    while i < len(found):
        runs = range(min(PIECES, len(found) - i), 1, -1)
        n = next((n for n in runs if "".join(found[i : i + n]) in whole), 1)
        out.append("".join(found[i : i + n]))
        i += n
    return out


def _left_over(a: list[str], b: list[str]) -> list[str]:
    left = Counter(b)
    out = []
    for w in a:
        if left[w]:
            left[w] -= 1
        else:
            out.append(w)
    return out


def _listed(headings: list[str]) -> str:
    return "[" + ", ".join(headings) + "]"
