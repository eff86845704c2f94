"""`memo check`: the built files of a project's topics in, one report of Problems out.

For each topic with files in the output folder: the PDF's checks (`pdf`), the
Word file against the PDF (`parity`) and, when LibreOffice is installed, the
Word file's pages as LibreOffice lays them out (`office`). A finding repeated
on several pages of one file prints once, at its first page, naming the rest.
"""

from __future__ import annotations

from collections.abc import Callable
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
    from memo.preflight import office

    report = CheckReport()
    built: dict[str, dict[str, Path]] = {}
    for topic in project.select(topics):
        files = {fmt: out / f"{topic}.{fmt}" for fmt in FORMATS if (out / f"{topic}.{fmt}").is_file()}
        if files:
            built[topic] = files
        elif topics:
            report.problems.append(error(out / f"{topic}.pdf", 1, 1, f"not built; run: memo build {topic}"))
    if not built and not report.problems:
        raise MemoError(f"memo: error: nothing to check in {out}; run: memo build")
    laid_out = office.check_docx_pages([files["docx"] for files in built.values() if "docx" in files])
    for files in built.values():
        report.memos += 1
        report.files += len(files)
        report.problems += check_topic(files, laid_out.get(files.get("docx", out), []))
    return report


def check_topic(files: dict[str, Path], word_pages: list[Finding]) -> list[Problem]:
    """One topic's findings: the PDF's own, then the Word file's against the PDF and on its pages."""
    from memo.preflight import parity
    from memo.preflight.pdf import check_pdf

    problems = []
    if "pdf" in files:
        problems += [f.at(files["pdf"]) for f in merged(_unless_unreadable(check_pdf, files["pdf"]))]
    if "docx" in files:
        found = _unless_unreadable(parity.differences, files["pdf"], files["docx"]) if "pdf" in files else []
        problems += [f.at(files["docx"]) for f in [*found, *merged(word_pages)]]
    return problems


def _unless_unreadable(check: Callable[..., list[Finding]], *paths: Path) -> list[Finding]:
    """A damaged or foreign file is one finding, never a traceback."""
    try:
        return check(*paths)
    except Exception as exc:
        first = (str(exc).strip().splitlines() or [""])[0][:200]
        names = " or ".join(p.name for p in paths)
        return [err(1, f"cannot read {names}: {type(exc).__name__}{': ' + first if first else ''}")]


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
