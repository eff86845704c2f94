"""`memo check`: the built files of a project's topics in, one report of Problems out.

For each topic with files in the output folder, and each briefing book (``book-*``): the PDF's checks (`pdf`), the
Word file against the PDF (`parity`) and, when LibreOffice is installed, the
Word file's pages as LibreOffice lays them out (`office`, on a thread while
the PDFs are read). Each file is read once. A finding repeated on several
pages of one file prints once, at its first page, naming the rest.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from memo.preflight.findings import Finding, err
from memo.problems import MemoError, Problem, error
from memo.project import Project

FORMATS = ("pdf", "docx")


@dataclass
class CheckReport:
    memos: int = 0
    files: int = 0
    problems: list[Problem] = field(default_factory=list)


def check_output(project: Project, topics: list[str], out: Path) -> CheckReport:
    """Check the built files of ``topics`` (default: every topic that has files in ``out``)."""
    report = CheckReport()
    built: dict[str, dict[str, Path]] = {}
    for topic in project.select(topics):
        files = {fmt: out / f"{topic}.{fmt}" for fmt in FORMATS if (out / f"{topic}.{fmt}").is_file()}
        if files:
            built[topic] = files
        elif topics:
            report.problems.append(error(out / f"{topic}.pdf", 1, 1, f"not built; run: memo build {topic}"))
    books = set()  # briefing books (memo book) too, checked as memos are, chapter by chapter
    if not topics:
        memos = set(built)
        for path in sorted(out.glob("book-*.pdf")) + sorted(out.glob("book-*.docx")):
            if path.stem not in memos:  # a topic may be called book-...; its files are a memo's
                built.setdefault(path.stem, {})[path.suffix[1:]] = path
                books.add(path.stem)
    if not built and not report.problems:
        raise MemoError(f"memo: error: nothing to check in {out}; run: memo build")
    checked: list[tuple[dict[str, Path], list[Problem]]] = []
    word = [files["docx"] for files in built.values() if "docx" in files]
    with _laying_out(word, {built[name]["docx"] for name in books if "docx" in built[name]}) as word_pages:
        for name, files in built.items():
            checked.append((files, check_topic(files, book=name in books)))
    for files, problems in checked:  # LibreOffice is done now
        report.memos += 1
        report.files += len(files)
        report.problems += problems
        if "docx" in files:
            report.problems += [f.at(files["docx"]) for f in merged(word_pages.get(files["docx"], []))]
    return report


@contextmanager
def _laying_out(paths: list[Path], books: set[Path]) -> Iterator[dict[Path, list[Finding]]]:
    """LibreOffice lays the Word files out on a thread (it waits on another process) while the PDFs are read;
    the findings are there once the block has ended."""
    from memo.preflight import office

    found: dict[Path, list[Finding]] = {}
    thread = threading.Thread(target=lambda: found.update(office.check_docx_pages(paths, books)), daemon=True)
    thread.start()
    try:
        yield found
    finally:
        thread.join()


def check_topic(files: dict[str, Path], book: bool = False) -> list[Problem]:
    """One topic's findings (or a briefing book's: ``book``): the PDF's own, then the Word file's against the PDF.

    Each file is read once; a damaged or foreign file is one finding, never a traceback.
    """
    from memo.preflight import parity
    from memo.preflight.pdf import check_open
    from memo.preflight.sheet import opened, part_starts, sheets

    problems: list[Problem] = []
    read = None
    if "pdf" in files:
        try:
            with opened(files["pdf"]) as pdf:
                pages = sheets(pdf)
                starts = part_starts(pdf) if book else []
                found = check_open(pdf, pages, starts)
                read = parity.read_pages(pages, parity.outline(pdf), starts)
        except Exception as exc:
            found = [_unreadable(files["pdf"], exc)]
        problems += [f.at(files["pdf"]) for f in merged(found)]
    if "docx" in files:
        found = []
        if read is not None:
            try:
                found = parity.compare(read, parity.read_docx(files["docx"]))
            except Exception as exc:
                found = [_unreadable(files["docx"], exc)]
        problems += [f.at(files["docx"]) for f in found]
    return problems


def _unreadable(path: Path, exc: Exception) -> Finding:
    first = (str(exc).strip().splitlines() or [""])[0][:200]
    return err(1, f"cannot read {path.name}: {type(exc).__name__}{': ' + first if first else ''}")


def merged(findings: list[Finding]) -> list[Finding]:
    """One finding for a message repeated on several pages, at the first: '... (pages 1-5)'."""
    pages: dict[tuple, list[int]] = {}
    for f in findings:
        pages.setdefault((f.severity, f.message), []).append(f.page)
    out = []
    for (severity, message), where in pages.items():
        where = sorted(set(where))
        text = message if len(where) == 1 else f"{message} (pages {_ranges(where)})"
        out.append(Finding(where[0], severity, text))
    return sorted(out, key=lambda f: f.page)


def _ranges(pages: list[int]) -> str:
    spans: list[list[int]] = []
    for p in pages:
        if spans and p == spans[-1][1] + 1:
            spans[-1][1] = p
        else:
            spans.append([p, p])
    return ", ".join(f"{a}" if a == b else f"{a}\u2013{b}" for a, b in spans)
