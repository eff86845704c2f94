"""Check an output folder as a distributor receives it: manifest.json in, one problem line per fault out.

Three questions, in order: is every file the manifest lists there, with its size and sha256; does each PDF,
Word and HTML file (a memo's or a briefing book's) carry the provenance the manifest lists for it; and, inside
a project, was each memo and book built from the briefings and sources as they are today (stale). A file
whose bytes differ from the manifest is reported once, as changed: what it embeds no longer matters.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from memo.output import sha256
from memo.problems import MemoError, Problem, UsageError, error
from memo.project import Project, find_project

MANIFEST = "manifest.json"


@dataclass
class VerifyReport:
    problems: list[Problem] = field(default_factory=list)
    verified: int = 0  # files whose size, hash and provenance match
    failed: int = 0  # listed files with a problem
    stale: list[tuple[str, str]] = field(default_factory=list)  # (topic, why)
    stale_books: list[tuple[str, str]] = field(default_factory=list)  # (book-NAME, why)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        parts = [f"{self.verified:,} file{'s' if self.verified != 1 else ''} verified"]
        if self.failed:
            parts.append(f"{self.failed:,} failed")
        if self.stale or self.stale_books:
            shown = [f"{t} ({why})" for t, why in self.stale] + [f"{b}: {why}" for b, why in self.stale_books]
            parts.append(f"{len(shown)} stale: " + ", ".join(shown))
        return ", ".join(parts)


def verify_folder(folder: Path | None, root: Path | None = None) -> VerifyReport:
    """Verify ``folder`` (default: the project's output folder); staleness only when a project is found."""
    project = _project_near(folder, root)
    if folder is None:
        if project is None:
            raise UsageError("name the folder to verify, or run inside a memo project")
        folder = project.output_dir
    return verify(folder, project)


def _project_near(folder: Path | None, root: Path | None) -> Project | None:
    """The project named by --root, else the one the folder lies in, else the working directory's, if any."""
    if root is not None:
        return find_project(root=root)
    for start in (folder, None) if folder is not None else (None,):
        try:
            return find_project(start=start)
        except UsageError:
            continue
    return None


def verify(out: Path, project: Project | None) -> VerifyReport:
    manifest = _read_manifest(out)
    report = VerifyReport()
    try:
        for memo in manifest.get("memos", []):
            for fmt, entry in sorted(memo.get("files", {}).items()):
                expected = entry.get("provenance", memo.get("provenance"))
                _check_file(out, fmt, entry, expected, report)
            record = memo.get("provenance")
            if project is not None and record and _names_files(memo["topic"], record, out, report):
                _check_current(project, memo["topic"], record, report)
        for book in manifest.get("books", []):  # a book's files embed its provenance, as a memo's do
            for fmt, entry in sorted(book.get("files", {}).items()):
                _check_file(out, fmt, entry, book.get("provenance"), report)
            record = book.get("provenance")
            chapters = record.get("chapters", {}) if record else {}
            if project is not None and record and all(_names_files(t, c, out, report) for t, c in chapters.items()):
                _check_book_current(project, book["name"], record, report)
    except (AttributeError, TypeError, KeyError) as exc:  # edited by hand into something memo never writes
        report.problems.append(error(out / MANIFEST, 1, 1, f"not as memo writes it ({type(exc).__name__}: {exc})"))
    return report


def _read_manifest(out: Path) -> dict[str, Any]:
    path = out / MANIFEST
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise MemoError(
            [error(path, 1, 1, "no manifest here; run memo build first, or name the output folder")]
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise MemoError([error(path, 1, 1, f"cannot read: {getattr(exc, 'strerror', None) or exc}")]) from None
    try:
        manifest = json.loads(text)
    except json.JSONDecodeError as exc:
        raise MemoError([error(path, exc.lineno, exc.colno, f"not valid JSON: {exc.msg}")]) from None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("memos", []), list):
        raise MemoError([error(path, 1, 1, "not a memo manifest: expected an object with a 'memos' list")])
    return manifest


def _check_file(out: Path, fmt: str, entry: dict[str, Any], expected: Any, report: VerifyReport) -> None:
    name = str(entry.get("name", ""))
    path = out / name
    problem = _file_problem(path, name, entry) or _provenance_problem(path, fmt, expected)
    if problem:
        report.problems.append(error(path, 1, 1, problem))
        report.failed += 1
    else:
        report.verified += 1


def _file_problem(path: Path, name: str, entry: dict[str, Any]) -> str:
    if not name or "\0" in name or Path(name).name != name or name.startswith("."):
        return f"manifest.json names '{name}', which is not a file of this folder"
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return "missing: manifest.json lists it"
    except OSError as exc:
        return f"cannot read: {exc.strerror or exc}"
    if len(data) != entry.get("size"):
        return f"changed since the build: {len(data):,} bytes, manifest.json says {entry.get('size')}"
    if sha256(data) != entry.get("sha256"):
        return "changed since the build: its sha256 differs from manifest.json"
    return ""


def _provenance_problem(path: Path, fmt: str, expected: Any) -> str:
    if expected is None or fmt not in ("pdf", "docx", "html"):
        return ""
    try:
        found = _embedded(path, fmt)
    except Exception as exc:  # a file memo did not write can be anything: say so, never raise
        return f"cannot read its provenance: {type(exc).__name__}: {exc}"
    if found is None:
        return "carries no provenance, but manifest.json lists one"
    return _difference(expected, found, "")


def _difference(expected: Any, found: Any, where: str) -> str:
    """The first field where the file and the manifest disagree, named down to a source id."""
    if isinstance(expected, dict) and isinstance(found, dict):
        for key in sorted(set(expected) | set(found)):
            if expected.get(key) != found.get(key):
                return _difference(expected.get(key), found.get(key), f"{where}.{key}" if where else key)
        return ""
    shown = lambda v: "nothing" if v is None else json.dumps(v)  # noqa: E731
    return f"its embedded {where} is {shown(found)}, manifest.json says {shown(expected)}"


def _embedded(path: Path, fmt: str) -> dict[str, Any] | None:
    from memo import provenance

    if fmt == "pdf":
        from pypdf import PdfReader

        metadata = PdfReader(path).root_object.get("/Metadata")
        return provenance.read_xmp(metadata.get_object().get_data()) if metadata is not None else None
    if fmt == "html":
        return provenance.read_properties(_meta_tags(path.read_text(encoding="utf-8")))
    import docx

    from memo.render.docx_page import read_custom_properties

    return provenance.read_properties(read_custom_properties(docx.Document(str(path))))


def _meta_tags(page: str) -> dict[str, str | bool]:
    """An HTML page's <meta name content> pairs."""
    from html.parser import HTMLParser

    found: dict[str, str | bool] = {}

    class Meta(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag == "meta":
                a = dict(attrs)
                if a.get("name") and a.get("content") is not None:
                    found[str(a["name"])] = str(a["content"])

    Meta().feed(page)
    return found


def _check_current(project: Project, topic: str, record: dict[str, Any], report: VerifyReport) -> None:
    """A memo is current while its briefing and every source it cites hash as they did when it was built."""
    briefing = project.briefing_path(topic)
    changes = []
    if (now := _hash(briefing)) != record.get("briefing_sha256"):
        changes.append("briefing removed since build" if now is None else "briefing changed since build")
    for sid, digest in sorted(record.get("sources_sha256", {}).items()):
        if (now := _hash(project.seeds_dir / f"{sid}.yaml")) != digest:
            changes.append(f"source {sid} {'removed' if now is None else 'changed'} since build")
    if changes:
        why = "; ".join(changes)
        report.stale.append((topic, why))
        report.problems.append(error(briefing, 1, 1, f"stale: the built memo '{topic}' is out of date ({why})"))


def _check_book_current(project: Project, name: str, record: dict[str, Any], report: VerifyReport) -> None:
    """A book is current while every chapter's briefing and cited sources hash as they did when it was built:
    one line per stale book, at its first changed file, naming every change."""
    changes: list[tuple[Path, str]] = []
    for topic, chapter in record.get("chapters", {}).items():
        briefing = project.briefing_path(topic)
        if (now := _hash(briefing)) != chapter.get("briefing_sha256"):
            changes.append((briefing, f"briefing {topic} {'removed' if now is None else 'changed'} since build"))
        for sid, digest in sorted(chapter.get("sources_sha256", {}).items()):
            source = project.seeds_dir / f"{sid}.yaml"
            if (now := _hash(source)) != digest:
                changes.append((source, f"source {sid} {'removed' if now is None else 'changed'} since build"))
    why = "; ".join(dict.fromkeys(change for _, change in changes))  # a source two chapters cite: said once
    if changes:
        report.stale_books.append((f"book-{name}", why))
        report.problems.append(error(changes[0][0], 1, 1, f"stale: the built book '{name}' is out of date ({why})"))


def _hash(path: Path) -> str | None:
    try:
        return sha256(path.read_bytes())
    except (OSError, ValueError):  # ValueError: a NUL in a name a hostile manifest gave
        return None


def _names_files(topic: object, record: dict[str, Any], out: Path, report: VerifyReport) -> bool:
    """Whether a manifest's topic and source ids are plain ids, so checking them reads only project files."""
    if _plain_id(topic) and all(map(_plain_id, record.get("sources_sha256", {}))):
        return True
    report.problems.append(error(out / MANIFEST, 1, 1, f"names {topic!r} or a source of it, which is no plain id"))
    return False


def _plain_id(value: object) -> bool:
    """A topic or source id from the manifest names a file inside the project, never a path out of it."""
    return isinstance(value, str) and bool(value) and not value.startswith(".") and not any(c in value for c in "/\\\0")
