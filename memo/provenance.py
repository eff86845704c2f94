"""Turn the files a memo was built from into its `Provenance`, and that into what each file embeds.

One record, three spellings: the manifest's JSON object (`record`; a briefing book's, `book_record`, lists
each chapter's hashes), the PDF's XMP description (`xmp_description` / `read_xmp`), and named properties
(`properties` / `read_properties`), which Word keeps as custom document properties and the HTML page as
<meta> tags. Each reader returns the record its writer was given, so `memo verify` compares like with like. Nothing here depends on the clock: the same inputs give the same bytes.

The git commit is read once per build (`read_git`) and is not part of a memo's cache key: a memo whose
briefing, sources, templates, settings and memo's code are unchanged keeps its file, and the commit it
was rendered at. The hashes, not the commit, are what tell a reader that a copy is stale.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from memo import __version__
from memo.output import sha256
from memo.record import Record, replace

if TYPE_CHECKING:
    from collections.abc import Callable
    from xml.etree.ElementTree import Element

    from memo.document import Book, Memo, Provenance
    from memo.project import Loaded

NS = "https://memo.invalid/ns/provenance/1/"  # .invalid: a name no one else can own (RFC 2606)
PREFIX = "memo"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
PDFA_EXTENSION = "http://www.aiim.org/pdfa/ns/extension/"
PDFA_SCHEMA = "http://www.aiim.org/pdfa/ns/schema#"
PDFA_PROPERTY = "http://www.aiim.org/pdfa/ns/property#"

# record key -> (XMP property, XMP value type, description): the PDF/A extension schema declares each.
XMP_FIELDS = {
    "topic": ("topic", "Text", "topic id: the briefing's file name"),
    "as_of": ("asOf", "Date", "date the content is current to"),
    "status": ("status", "Text", "draft, review or approved"),
    "briefing_sha256": ("briefingSha256", "Text", "SHA-256 of the briefing file"),
    "sources_sha256": ("sources", "bag Text", "each cited source: its id, a space, the SHA-256 of its file"),
    "templates_sha256": ("templatesSha256", "Text", "SHA-256 of the template set"),
    "memo_version": ("version", "Text", "version of memo that rendered the file"),
    "git_commit": ("gitCommit", "Text", "git commit of the project when rendered"),
    "git_clean": ("gitClean", "Boolean", "whether the project's work tree had no changes"),
}
# A book's record: its own name, date and status, and each chapter's hashes, flattened into text lists.
BOOK_XMP_FIELDS = {
    "book": ("book", "Text", "book name: its key in [tool.memo.books], or all"),
    "as_of": XMP_FIELDS["as_of"],
    "status": XMP_FIELDS["status"],
    "chapters": ("chapters", "seq Text", "each chapter in order: its topic id, a space, the SHA-256 of its briefing"),
    "chapter_sources": (
        "chapterSources",
        "bag Text",
        "each source a chapter cites: the topic id, a space, the source id, a space, the SHA-256 of its file",
    ),
    **{k: XMP_FIELDS[k] for k in ("templates_sha256", "memo_version", "git_commit", "git_clean")},
}
PROPERTY_PREFIX = "memo."
PROPERTY_NAMES = {"memo_version": "version"}  # record keys not spelt as the property name (after the prefix)
NAMESPACES = {PREFIX: NS, "pdfaExtension": PDFA_EXTENSION, "pdfaSchema": PDFA_SCHEMA, "pdfaProperty": PDFA_PROPERTY}


class Git(Record):
    commit: str
    clean: bool


class Origin(Record):
    """What every memo of one build shares: the template set's hash and the project's git state."""

    templates_sha256: str
    git: Git | None = None


def read_git(root: Path, out: Path) -> Git | None:
    """The project's commit and whether its work tree is clean, the built files aside; None outside git."""
    return ask_git(root, out)()


def ask_git(root: Path, out: Path) -> Callable[[], Git | None]:
    """Ask git what `read_git` answers, and return what waits for the answer: a build asks before it imports
    its renderers, and git's two processes answer on another core meanwhile (10-17 ms of a one-memo build).

    The two commands run side by side. A project with no repository where git would look for one
    (`_may_be_in_git`) is answered without starting git at all: two processes and importing subprocess were
    10 ms of a one-memo build. core.fsmonitor is switched off so a repository's configuration cannot make a
    build run a program of its choosing.
    """
    if not _may_be_in_git(root):
        return lambda: None
    import subprocess  # here: only a build that renders something in a repository asks git

    base = ["git", "-c", "core.fsmonitor=false", "-C", str(root)]
    started: list[subprocess.Popen[str]] = []

    def give_up() -> None:
        for process in started:
            if process.returncode is None:
                process.kill()
                process.communicate()

    try:
        pathspec = ["--", "."]
        if out.resolve().is_relative_to(root.resolve()):
            pathspec.append(f":(exclude){out.resolve().relative_to(root.resolve()).as_posix()}")
        for args in (["rev-parse", "--verify", "HEAD"], ["status", "--porcelain", *pathspec]):
            started.append(subprocess.Popen([*base, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    except OSError:  # no git: no commit to record
        give_up()
        return lambda: None

    def answer() -> Git | None:
        head, status = started
        try:
            commit, _ = head.communicate(timeout=20)
            porcelain, _ = status.communicate(timeout=60)  # waited for even when the first failed: never a killed git
        except subprocess.SubprocessError:  # a git that hangs: no commit to record
            give_up()
            return None
        if head.returncode != 0 or status.returncode != 0:
            return None
        return Git(commit.strip(), porcelain.strip() == "")

    return answer


def _may_be_in_git(root: Path) -> bool:
    """Whether git could find a repository for ``root``: a GIT_DIR, or a `.git` (or a bare repository's
    HEAD) in the project folder or any folder above it, as git's own search walks up from it."""
    import os

    if "GIT_DIR" in os.environ:
        return True
    for start in {root.absolute(), root.resolve()}:
        for folder in (start, *start.parents):
            if os.path.lexists(folder / ".git") or os.path.lexists(folder / "HEAD"):
                return True
    return False


def stamp(memo: Memo, loaded: Loaded, origin: Origin) -> Memo:
    """``memo`` with its provenance: the hashes and bytes of its briefing and of each source it cites."""
    from memo.document import Provenance

    project = loaded.project
    _, doc = loaded.briefings[memo.topic]
    files = [(project.briefing_path(memo.topic).relative_to(project.root).as_posix(), doc.raw)]
    shas = []
    for sid in memo.cited_sources:
        _, sdoc = loaded.sources[sid]
        files.append(((project.seeds_dir / f"{sid}.yaml").relative_to(project.root).as_posix(), sdoc.raw))
        shas.append((sid, sha256(sdoc.raw)))
    provenance = Provenance(
        briefing_sha256=sha256(doc.raw),
        sources_sha256=tuple(shas),
        templates_sha256=origin.templates_sha256,
        memo_version=__version__,
        git_commit=origin.git.commit if origin.git else None,
        git_clean=origin.git.clean if origin.git else None,
        files=tuple(files),
    )
    return replace(memo, provenance=provenance)


def record(memo: Memo) -> dict[str, Any] | None:
    """The provenance as the manifest lists it and every file embeds it; None for a memo without one."""
    p: Provenance | None = memo.provenance
    if p is None:
        return None
    return {
        "topic": memo.topic,
        "as_of": memo.header.as_of.isoformat(),
        "status": memo.header.status,
        "briefing_sha256": p.briefing_sha256,
        "sources_sha256": dict(p.sources_sha256),
        **_build_fields(p),
    }


def _build_fields(p: Provenance) -> dict[str, Any]:
    """What every file of one build shares: the template set, memo's version, and git where there is one."""
    out: dict[str, Any] = {"templates_sha256": p.templates_sha256, "memo_version": p.memo_version}
    if p.git_commit is not None:
        out["git_commit"] = p.git_commit
        out["git_clean"] = bool(p.git_clean)
    return out


def stamp_book(book: Book, loaded: Loaded, origin: Origin) -> Book:
    """``book`` with each chapter stamped as its memo would be; the edition, taken before, is unchanged."""
    return replace(book, memos=tuple(stamp(memo, loaded, origin) for memo in book.memos))


def book_record(book: Book) -> dict[str, Any] | None:
    """A book's provenance as the manifest lists it and its files embed it: its name, date and status, what
    its build shares (template set, memo's version, git), and each chapter's briefing and sources by hash."""
    stamped = [(memo.topic, memo.provenance) for memo in book.memos]
    if not stamped or any(p is None for _, p in stamped):
        return None
    first = stamped[0][1]
    assert first is not None
    out: dict[str, Any] = {
        "book": book.name,
        "as_of": book.cover.as_of.isoformat(),
        "status": book.cover.status,
        "chapters": {
            topic: {"briefing_sha256": p.briefing_sha256, "sources_sha256": dict(p.sources_sha256)}
            for topic, p in stamped
            if p is not None
        },
        **_build_fields(first),
    }
    return out


def xmp_description(rec: dict[str, Any]) -> list[Element]:
    """rdf:Description elements for an XMP packet's rdf:RDF: the record, and the PDF/A schema declaring it."""
    from xml.etree.ElementTree import Element, SubElement, register_namespace  # here: only a PDF holds XMP

    for prefix, uri in NAMESPACES.items():
        register_namespace(prefix, uri)  # PDF/A checks a property's prefix against its schema's declared one
    flat, fields = _flat(rec)
    about = {f"{{{RDF}}}about": ""}
    values = Element(f"{{{RDF}}}Description", about)
    for key, (name, kind, _) in fields.items():
        if key not in flat:
            continue
        element = SubElement(values, f"{{{NS}}}{name}")
        if isinstance(flat[key], (dict, list)):
            items = [f"{k} {v}" for k, v in flat[key].items()] if isinstance(flat[key], dict) else flat[key]
            array = SubElement(element, f"{{{RDF}}}{'Seq' if kind.startswith('seq') else 'Bag'}")
            for item in items:
                SubElement(array, f"{{{RDF}}}li").text = item
        elif key == "git_clean":
            element.text = "True" if flat[key] else "False"
        else:
            element.text = str(flat[key])
    return [values, _extension_schema(fields)]


def _flat(rec: dict[str, Any]) -> tuple[dict[str, Any], dict[str, tuple[str, str, str]]]:
    """A book's record with its chapters as two text lists (XMP and the info dictionary hold no nesting)."""
    if "book" not in rec:
        return rec, XMP_FIELDS
    chapters = rec.get("chapters", {})
    flat = {k: v for k, v in rec.items() if k != "chapters"}
    flat["chapters"] = [f"{topic} {c['briefing_sha256']}" for topic, c in chapters.items()]
    flat["chapter_sources"] = [
        f"{topic} {sid} {digest}" for topic, c in chapters.items() for sid, digest in c["sources_sha256"].items()
    ]
    return flat, BOOK_XMP_FIELDS


def _nested(flat: dict[str, Any]) -> dict[str, Any]:
    """`_flat` undone: a book's chapters by topic, each with its briefing's and sources' hashes."""
    chapters: dict[str, dict[str, Any]] = {}
    for item in flat.pop("chapters", []):
        topic, _, digest = item.partition(" ")
        chapters[topic] = {"briefing_sha256": digest, "sources_sha256": {}}
    for item in flat.pop("chapter_sources", []):
        topic, sid, digest = [*item.split(" ", 2), "", ""][:3]
        chapters.setdefault(topic, {"briefing_sha256": "", "sources_sha256": {}})["sources_sha256"][sid] = digest
    head = ("book", "as_of", "status")  # in the record's order: chapters follow the status
    nested: dict[str, Any] = {k: flat[k] for k in head if k in flat}
    nested["chapters"] = chapters
    return nested | {k: v for k, v in flat.items() if k not in head}


def _extension_schema(fields: dict[str, tuple[str, str, str]]) -> Element:
    """PDF/A requires every property outside the standard schemas to be declared inside the file."""
    from xml.etree.ElementTree import Element, SubElement

    schema = Element(f"{{{RDF}}}Description", {f"{{{RDF}}}about": ""})
    bag = SubElement(SubElement(schema, f"{{{PDFA_EXTENSION}}}schemas"), f"{{{RDF}}}Bag")
    entry = SubElement(bag, f"{{{RDF}}}li", {f"{{{RDF}}}parseType": "Resource"})
    SubElement(entry, f"{{{PDFA_SCHEMA}}}schema").text = "memo provenance"
    SubElement(entry, f"{{{PDFA_SCHEMA}}}namespaceURI").text = NS
    SubElement(entry, f"{{{PDFA_SCHEMA}}}prefix").text = PREFIX
    seq = SubElement(SubElement(entry, f"{{{PDFA_SCHEMA}}}property"), f"{{{RDF}}}Seq")
    for name, kind, what in fields.values():
        prop = SubElement(seq, f"{{{RDF}}}li", {f"{{{RDF}}}parseType": "Resource"})
        SubElement(prop, f"{{{PDFA_PROPERTY}}}name").text = name
        SubElement(prop, f"{{{PDFA_PROPERTY}}}valueType").text = kind
        SubElement(prop, f"{{{PDFA_PROPERTY}}}category").text = "external"
        SubElement(prop, f"{{{PDFA_PROPERTY}}}description").text = what
    return schema


def read_xmp(packet: bytes) -> dict[str, Any] | None:
    """The record in an XMP packet (as `xmp_description` wrote it), or None if it holds none."""
    from xml.etree.ElementTree import fromstring

    root = fromstring(packet)
    is_book = root.find(f".//{{{NS}}}{BOOK_XMP_FIELDS['book'][0]}") is not None
    found: dict[str, Any] = {}
    for key, (name, kind, _) in (BOOK_XMP_FIELDS if is_book else XMP_FIELDS).items():
        element = root.find(f".//{{{NS}}}{name}")
        if element is None:
            continue
        if kind.startswith(("bag", "seq")):
            items = [li.text or "" for li in element.iter(f"{{{RDF}}}li")]
            if key == "sources_sha256":
                pairs = [item.split(" ", 1) for item in items]
                found[key] = {pair[0]: pair[1] if len(pair) > 1 else "" for pair in pairs}
            else:
                found[key] = items
        elif key == "git_clean":
            found[key] = element.text == "True"
        else:
            found[key] = element.text or ""
    if is_book:
        return _nested(found)
    return found or None


def info_entries(rec: dict[str, Any]) -> dict[str, str]:
    """The PDF document information dictionary's share: one entry per field, lists as 'id sha256; ...'."""
    flat, fields = _flat(rec)
    out = {}
    for key, (name, _, _) in fields.items():
        if key in flat:
            value = flat[key]
            if isinstance(value, dict):
                value = "; ".join(f"{sid} {digest}" for sid, digest in value.items())
            elif isinstance(value, list):
                value = "; ".join(value)
            out["Memo" + name[0].upper() + name[1:]] = str(value).lower() if key == "git_clean" else str(value)
    return out


def properties(rec: dict[str, Any]) -> list[tuple[str, str | bool]]:
    """Named properties, as Word's custom document properties and the HTML page's <meta> tags hold them:
    ``memo.topic``, ..., one ``memo.source.<id>`` per cited source; a book's ``memo.book``, ..., one
    ``memo.chapter.<topic>`` per chapter and one ``memo.chapter.<topic>.source.<id>`` per source it cites."""
    out: list[tuple[str, str | bool]] = []
    for key, value in rec.items():
        if key == "sources_sha256":
            out.extend((f"{PROPERTY_PREFIX}source.{sid}", digest) for sid, digest in value.items())
        elif key == "chapters":
            for topic, chapter in value.items():
                out.append((f"{PROPERTY_PREFIX}chapter.{topic}", chapter["briefing_sha256"]))
                out.extend(
                    (f"{PROPERTY_PREFIX}chapter.{topic}.source.{sid}", digest)
                    for sid, digest in chapter["sources_sha256"].items()
                )
        else:
            name = PROPERTY_NAMES.get(key, key.replace("_", "-"))
            out.append((PROPERTY_PREFIX + name, value if isinstance(value, bool) else str(value)))
    return out


def read_properties(props: dict[str, str | bool]) -> dict[str, Any] | None:
    """The record in named properties (as `properties` wrote them), or None; text "true"/"false" (an HTML
    page has no booleans) reads as the boolean it stands for."""
    found: dict[str, Any] = {}
    sources: dict[str, str] = {}
    chapters: dict[str, dict[str, Any]] = {}
    for name, value in props.items():
        key = name.removeprefix(PROPERTY_PREFIX)
        if key == name:
            continue
        if key.startswith("source."):
            sources[key.removeprefix("source.")] = str(value)
        elif key.startswith("chapter."):
            topic, _, sid = key.removeprefix("chapter.").partition(".source.")
            chapter = chapters.setdefault(topic, {"briefing_sha256": "", "sources_sha256": {}})
            if sid:
                chapter["sources_sha256"][sid] = str(value)
            else:
                chapter["briefing_sha256"] = str(value)
        else:
            found[{v: k for k, v in PROPERTY_NAMES.items()}.get(key, key.replace("-", "_"))] = value
    if isinstance(found.get("git_clean"), str):
        found["git_clean"] = found["git_clean"] == "true"
    if "book" in found:
        return found | {"chapters": chapters}
    return found | {"sources_sha256": sources} if found else None
