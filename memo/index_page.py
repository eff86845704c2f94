"""Turn the build manifest into the reader's index, output/index.html: every memo and book, newest first.

Pure: the manifest dict (see ``pipeline.manifest``, and the "books" that ``memo book`` adds) goes in, the
page's bytes come out; the build writes it. The page is one self-contained file (its CSS inlined, no
script, no fetched asset) that a phone can read, listing each memo's title, subtitle, status, as-of date,
classification and bottom line, with links to its PDF, Word and HTML files and their sizes.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from memo.dates import format_date
from memo.output import write_atomic
from memo.problems import Problem, warning

TEMPLATE = Path(__file__).with_name("index_page.html.j2")
INDEX = "index.html"
FORMATS = {"pdf": "PDF", "docx": "Word", "html": "HTML"}  # the order a reader is offered them in
# The status marking of the memos themselves (DESIGN.md, Wave 2), and a word for the approved ones.
STATUSES = {"approved": "Approved", "review": "DRAFT \u2014 FOR REVIEW", "draft": "DRAFT"}
FILTERS = {"approved": "Approved", "review": "For review", "draft": "Drafts"}
NONES = {"approved": "None approved.", "review": "None for review.", "draft": "No drafts."}  # a filtered list's line

# A sentence ends at . ! or ? (and any closing quote or bracket) before a space, unless the word it ends is
# an initial ("J. Doe", "U.S.") or a usual abbreviation.
_END = re.compile(r"[.!?][\u2019\u201d'\")\]]*(?=\s)")
_NOT_AN_END = re.compile(r"(?:^|[\s(])(?:[A-Za-z]|[A-Z]\.[A-Z]|Mr|Mrs|Ms|Dr|St|No|vs|cf|e\.g|i\.e|approx|para|pp?)\.$")


def first_sentence(text: str) -> str:
    """The first sentence of plain text, the whole text if it has one sentence (or none found)."""
    text = " ".join(text.split())
    for m in _END.finditer(text):
        if not _NOT_AN_END.search(text[: m.start() + 1]):
            return text[: m.end()]
    return text


def human_size(size: int) -> str:
    """412 bytes, 38 KB, 1.2 MB: decimal units, as file browsers show them."""
    if size < 1000:
        return f"{size} bytes"
    if size < 999_500:
        return f"{max(1, round(size / 1000))} KB"
    return f"{size / 1_000_000:.1f} MB"


def _smart(text: str | None, lang: str) -> str | None:
    """Typographic quotation marks and apostrophes, as the memos print their titles."""
    from memo import inline

    return inline.smart(text, lang) if text else text


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def _entry(item: dict[str, Any], kind: str, lang: str) -> dict[str, Any]:
    """One memo or book as the template shows it; a field the manifest lacks is left out, never guessed."""
    files = item.get("files") or {}
    links = [
        {"label": label, "href": files[fmt]["name"], "size": human_size(int(files[fmt]["size"]))}
        for fmt, label in FORMATS.items()
        if fmt in files
    ]
    day = _day(item.get("as_of", ""))
    name = item.get("topic") or item.get("name") or ""
    status = item.get("status", "")
    return {
        "kind": kind,
        "id": f"{kind}-{name}",
        "title": _smart(item.get("title") or name, lang),
        "subtitle": _smart(item.get("subtitle"), lang),
        "status": status if status in STATUSES else "",
        "status_label": _clearance(item, lang) or STATUSES.get(status, status),
        "as_of": day,
        "as_of_text": format_date(day) if day else "",
        "classification": item.get("classification", ""),
        "bottom_line": item.get("bottom_line"),
        "topics": item.get("topics") or [],
        "main": next((link["href"] for link in links if link["label"] == "HTML"), links[0]["href"] if links else None),
        "links": links,
    }


def _clearance(item: dict[str, Any], lang: str) -> str:
    """ "Approved by Jane Doe on 28 April 2025", as the memo itself prints it, for an approved memo that says so."""
    day = _day(item.get("approved_on", ""))
    if item.get("status") != "approved" or not item.get("approved_by") or day is None:
        return ""
    return f"Approved by {_smart(item['approved_by'], lang)} on {format_date(day)}"


def _newest_first(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    by_title = sorted(entries, key=lambda e: (e["title"].casefold(), e["id"]))
    return sorted(by_title, key=lambda e: e["as_of"] or date.min, reverse=True)


@lru_cache(maxsize=1)
def _template() -> Any:
    import jinja2  # here, not above: a build that writes only Word files need not import Jinja for its memos
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    from memo.templates import bytecode_cache

    # Sandboxed and autoescaping, as the memo's own templates are (memo/render/html.py): titles are editors' text.
    # Loaded by name, so its compiled code comes from Jinja's cache (compiling it took a build 30 ms).
    env = ImmutableSandboxedEnvironment(
        loader=jinja2.FileSystemLoader(TEMPLATE.parent),
        bytecode_cache=bytecode_cache(),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env.get_template(TEMPLATE.name)


def stamp(manifest: dict[str, Any], lang: str) -> str:
    """A hash of everything the page is made from: the manifest, the language, and this module and its template."""
    h = hashlib.sha256(json.dumps(manifest, sort_keys=True, default=str).encode() + b"\0" + lang.encode())
    for part in (Path(__file__), TEMPLATE):
        h.update(b"\0" + part.read_bytes())
    return h.hexdigest()


def write_index(out: Path, manifest: dict[str, Any], lang: str) -> Problem | None:
    """Write ``out/index.html``, unless it is already the page of this manifest (its stamp says so): a build with
    nothing to do then needs no Jinja. An ``index.html`` memo did not write (a site's own, in an output folder
    that is also a website) is never replaced: that is a warning. An OSError names the file, as every write of a
    build does."""
    path = out / INDEX
    current = stamp(manifest, lang)
    try:
        with path.open("rb") as f:
            head = f.read(4096)
    except FileNotFoundError:
        head = None
    except OSError:
        head = b'name="memo-index"'  # unreadable: ours to replace if it is ours; the write says what is wrong
    if head is not None:
        if f'<meta name="memo-index" content="{current}">'.encode() in head:
            return None
        if b'name="memo-index"' not in head:
            return warning(path, 1, 1, "not the readers' index memo writes; left as it is (move it to keep both)")
    write_atomic(path, render_index(manifest, lang, stamped=current))
    return None


def render_index(manifest: dict[str, Any], lang: str = "en-GB", title: str = "Memos", stamped: str = "") -> bytes:
    """The index page of a build's output folder, from its manifest; ``stamped``, the page's ``stamp``."""
    memos = _newest_first([_entry(m, "memo", lang) for m in manifest.get("memos", [])])
    books = _newest_first([_entry(b, "book", lang) for b in manifest.get("books", [])])
    listed = {m["id"]: m["title"] for m in memos}
    for book in books:  # a book's topics link to their entries below, by title, when they are listed
        book["topics"] = [
            {"title": listed.get(f"memo-{t}", t), "href": f"#memo-{t}" if f"memo-{t}" in listed else None}
            for t in book["topics"]
        ]
    everything = memos + books
    counts = {s: sum(1 for e in everything if e["status"] == s) for s in FILTERS}
    page = _template().render(
        lang=lang,
        title=title,
        stamp=stamped or stamp(manifest, lang),
        memos=memos,
        books=books,
        filters=FILTERS,
        nones=NONES,
        counts=counts,
        total=len(everything),
    )
    return page.encode("utf-8")
