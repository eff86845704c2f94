"""Build a briefing book's files: a book's name in, output/book-NAME.pdf|docx|html and its manifest entry out.

The trip is a memo's: load the book's briefings and sources, build each memo (memo/build.py), assemble the
Book (memo/book.py), stamp its provenance (memo/provenance.py: each chapter's briefing and sources by hash, the
template set, git), render it, and write each file atomically. The PDF goes first: the Word file's
contents takes its page numbers from the PDF's layout. A book is rebuilt every time it is asked for.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from memo.book import ALL, all_topics_spec, assemble_book
from memo.config import BookSpec, key_line, table_line
from memo.index_page import write_index
from memo.output import sha256, write_all_atomic, write_json
from memo.preflight.layout import collecting
from memo.problems import MemoError, Problem, Severity, UsageError, error, warning
from memo.project import Project, load_project
from memo.provenance import Origin, book_record, read_git, stamp_book
from memo.record import replace
from memo.templates import TemplateSet

MANIFEST = "manifest.json"
FORMATS = ("pdf", "docx", "html")


@dataclass
class BookResult:
    name: str
    files: dict[str, tuple[str, int, str]] = field(default_factory=dict)  # format -> (name, size, sha256)
    problems: list[Problem] = field(default_factory=list)
    pages: dict[str, int] = field(default_factory=dict)  # chapter topic (and "sources") -> first page in the PDF


def book_spec(project: Project, name: str | None) -> tuple[str, BookSpec]:
    """The book ``name`` defines in ``[tool.memo.books]``, or with no name the book of every topic."""
    if name is None:
        if not project.topic_ids():
            raise UsageError(f"no briefings in {project.briefings_dir} to make a book of")
        return ALL, all_topics_spec(project.topic_ids())
    books = project.settings.books
    if name not in books:
        from memo.validate import suggest

        known = ", ".join(sorted(books)) or "none"
        raise UsageError(f"no book '{name}' in [tool.memo.books] (defined: {known}){suggest(name, list(books))}")
    spec = books[name]
    unknown = [t for t in spec.topics if t not in set(project.topic_ids())]
    if unknown:
        line, col = _line(project, ("books", name, "topics"))
        raise MemoError(
            [
                error(project.pyproject, line, col, f"[tool.memo] books.{name}.topics: no briefing '{t}'")
                for t in unknown
            ]
        )
    return name, spec


def build_book(project: Project, name: str | None, out: Path, templates: TemplateSet) -> BookResult:
    """Write ``book-NAME.pdf``, ``.docx`` and ``.html`` into ``out`` and record them in its manifest.

    Content errors in any of its briefings or sources stop it before anything is written (MemoError).
    """
    from memo.pipeline import locked
    from memo.produce import memo_of
    from memo.render import book_pdf, docx_book, html

    name, spec = book_spec(project, name)
    loaded = load_project(project, list(spec.topics))
    if not loaded.ok:
        raise MemoError(loaded.problems)
    result = BookResult(name, problems=list(loaded.problems))
    memos = [memo_of(loaded, t, templates=templates) for t in spec.topics]  # the set's citation style too
    book, notes = assemble_book(name, spec, memos, project.settings.classifications)
    book = stamp_book(book, loaded, Origin(templates.digest(), read_git(project.root, out)))  # git: once
    line, col = _line(project, ("classifications",) if "classifications" in _memo_table(project) else ("books", name))
    result.problems += [warning(project.pyproject, line, col, f"book '{name}': {note}") for note in notes]
    settings = templates.settings_for(project.settings)
    rendered: dict[str, bytes] = {}
    with collecting() as findings:
        rendered["pdf"], result.pages = book_pdf.lay_out(book, templates, settings)
    pdf_path = out / f"book-{name}.pdf"
    result.problems += [replace(f, severity=Severity.WARNING).at(pdf_path) for f in findings]
    rendered["docx"] = docx_book.render(book, templates, settings, result.pages)
    rendered["html"] = html.render_book(book, templates, settings)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise MemoError(f"{out}: cannot create the output folder: {exc.strerror or exc}") from None
    with locked(out):
        write_all_atomic({out / f"book-{name}.{fmt}": rendered[fmt] for fmt in FORMATS})  # all three, or none
        for fmt in FORMATS:
            result.files[fmt] = (f"book-{name}.{fmt}", len(rendered[fmt]), sha256(rendered[fmt]))
        if kept := record_book(out, manifest_entry(book, result), project.settings.lang):
            result.problems.append(kept)
    return result


def manifest_entry(book: Any, result: BookResult) -> dict[str, Any]:
    """A book as manifest.json lists it under ``books``."""
    c = book.cover
    return {
        "name": book.name,
        "title": c.title,
        "subtitle": c.subtitle,
        "as_of": c.as_of.isoformat(),
        "status": c.status,
        "classification": c.classification,
        "topics": list(book.topics),
        "files": {fmt: {"name": n, "size": size, "sha256": digest} for fmt, (n, size, digest) in result.files.items()},
        "provenance": book_record(book),
    }


def record_book(out: Path, entry: dict[str, Any], lang: str) -> Problem | None:
    """Put ``entry`` into the manifest's ``books`` list (replacing the book of that name), keeping all else."""
    manifest = _read_manifest(out)
    books = [b for b in manifest.get("books", []) if isinstance(b, dict) and b.get("name") != entry["name"]]
    manifest["books"] = sorted([*books, entry], key=lambda b: str(b.get("name")))
    manifest.setdefault("memos", [])
    write_json(out / MANIFEST, manifest)
    return write_index(out, manifest, lang)  # the readers' index lists the book at once


def _read_manifest(out: Path) -> dict[str, Any]:
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _memo_table(project: Project) -> dict[str, Any]:
    from memo import toml_cache

    return toml_cache.loads(project.pyproject.read_text(encoding="utf-8")).get("tool", {}).get("memo", {})


def _line(project: Project, loc: tuple[str, ...]) -> tuple[int, int]:
    text = project.pyproject.read_text(encoding="utf-8")
    return key_line(text, loc, table_line(text))
