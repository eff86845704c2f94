"""Briefing books: one book of two tiny topics rendered once, read back as a reader gets it (PDF, Word, HTML)."""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import shutil
import subprocess
import zipfile
from datetime import date
from pathlib import Path

import pdfplumber
import pytest
from click.testing import CliRunner
from lxml import etree
from pypdf import PdfReader

from memo.book import least_advanced, most_restrictive
from memo.cli import main
from memo.config import Invalid, parse_settings
from memo.document import Cover
from tests.conftest import BRIEFING, OTHER, PYPROJECT, REPO, SOURCE, Tiny

pytestmark = pytest.mark.xdist_group("book")  # one worker renders the book once for every test here
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
BOOK = """
classifications = ["OFFICIAL", "OFFICIAL-SENSITIVE", "SECRET"]

[tool.memo.books.weekly]
title = "Weekly book"
subtitle = "Two topics"
topics = ["other-topic", "grain-talks"]
audience = "Director, Europe"
"""
POINTS = (
    "      - Ports are open again.\n      - Insurers are back.\n"  # a view of three points: Word rows of one, then two
)
TITLES = ["Another topic", "Grain talks: a pause or a turning point?"]


@pytest.fixture(scope="session")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The `weekly` book of a tiny project: other-topic (approved), then grain-talks (review, a stricter marking,
    related to other-topic, in the book, and to third-topic, not in it)."""
    root = tmp_path_factory.mktemp("book")
    files = {
        "pyproject.toml": PYPROJECT + BOOK,
        "seeds/gazette-2025-04-27.yaml": SOURCE.format(id="gazette-2025-04-27", title="Talks resume"),
        "seeds/herald-2025-03-01.yaml": SOURCE.format(id="herald-2025-03-01", title="Talks open"),
        "briefings/grain-talks.yaml": BRIEFING.replace("related: [other-topic]", "related: [other-topic, third-topic]")
        .replace("status: review\n", "status: review\nclassification: OFFICIAL-SENSITIVE\n")
        .replace("      - Both sides want a result", POINTS + "      - Both sides want a result"),
        "briefings/other-topic.yaml": OTHER,
        "briefings/third-topic.yaml": OTHER.replace("Another topic", "A third topic"),
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    shutil.copytree(REPO / "templates", root / "templates")
    result = CliRunner().invoke(main, ["--root", str(root), "book", "weekly"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "built book 'weekly'" in result.output
    return root / "output"


@pytest.fixture(scope="session")
def office_pdf(book: Path) -> Path:
    """LibreOffice's PDF of the Word book, as a reader opening it there sees it (laid out once for every test)."""
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        pytest.skip("no LibreOffice")
    out = book.parent / "office"
    profile = (book.parent / "lo-profile").as_uri()
    subprocess.run(
        [office, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", str(out),
         str(book / "book-weekly.docx")], capture_output=True, timeout=300, check=True,
    )  # fmt: skip
    return out / "book-weekly.pdf"


def pdf_text(path: Path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def contents(text: str) -> list[tuple[str, int]]:
    """(entry, page) of each line of a contents page: a title, dot leaders, a page number."""
    return [(m[1].strip(), int(m[2])) for m in re.finditer(r"^(.+?)\s*\.{3,}\s*(\d+)$", text, re.M)]


def test_the_contents_page_numbers_are_the_pages_the_chapters_start_on(book: Path) -> None:
    pages = pdf_text(book / "book-weekly.pdf")
    assert "Contents" in pages[1]
    entries = contents(pages[1])
    assert [title for title, _ in entries] == [*TITLES, "Sources"]
    for title, page in entries:
        lines = pages[page - 1].splitlines()
        assert title in lines[2:5], (title, page, lines[:6])  # under the banner and running head: the chapter's title
        assert lines[1].startswith(title[:30]), lines[1]  # its running head is the chapter's title
        assert not any(title in p.splitlines()[2:5] for p in pages[2 : page - 1])


def test_the_contents_dot_leaders_keep_clear_of_the_titles_and_the_numbers(book: Path) -> None:
    with pdfplumber.open(book / "book-weekly.pdf") as pdf:
        chars = [c for c in pdf.pages[1].chars if c["text"].strip()]
    lines: dict[int, list[dict]] = {}
    for c in chars:
        lines.setdefault(round(c["top"]), []).append(c)
    gaps = []
    for line in lines.values():
        line.sort(key=lambda c: c["x0"])
        dots = [i for i, c in enumerate(line) if c["text"] == "."]
        if len(dots) > 3:  # a line of the contents: title, leader, number
            first, last = dots[0], dots[-1]
            gaps += [line[first]["x0"] - line[first - 1]["x1"], line[last + 1]["x0"] - line[last]["x1"]]
    assert len(gaps) == 2 * (len(TITLES) + 1) and min(gaps) >= 2.5, gaps  # a space at least


def test_a_chapters_running_head_carries_its_own_date_and_status(book: Path) -> None:
    """The book is as of its latest memo; a chapter's pages say how old that chapter is, and its own status."""
    pages = pdf_text(book / "book-weekly.pdf")
    starts = dict(contents(pages[1]))
    other, grain = (pages[starts[t] - 1].splitlines()[1] for t in TITLES)
    assert "As of 1 April 2025" in other and "DRAFT" not in other, other  # approved, older than the book
    assert "As of 27 April 2025" in grain and "DRAFT — FOR REVIEW" in grain, grain


def test_the_cover_says_date_marking_and_status_of_its_memos(book: Path) -> None:
    cover = pdf_text(book / "book-weekly.pdf")[0]
    assert "Weekly book" in cover and "Two topics" in cover
    assert "27 April 2025" in cover  # the later as_of of the two
    assert "OFFICIAL-SENSITIVE" in cover  # the stricter marking, on every page's banner too
    assert "DRAFT — FOR REVIEW" in cover  # review is less advanced than approved
    assert re.search(r"EDITION [0-9a-f]{8}", cover)  # labels in capitals, as a memo's FOR and FROM


def test_the_word_books_running_heads_say_what_the_pdfs_do(book: Path, office_pdf: Path) -> None:
    """Each chapter's title, status and own as-of date, as LibreOffice shows the Word book."""
    pdf, office = pdf_text(book / "book-weekly.pdf"), pdf_text(office_pdf)
    for _, page in [("Contents", 2), *contents(pdf[1])]:
        head = office[page - 1].splitlines()[1]
        assert head.split() == pdf[page - 1].splitlines()[1].split(), (page, head)
    assert "As of 1 April 2025" in office[dict(contents(pdf[1]))[TITLES[0]] - 1]


def test_the_word_covers_values_stand_in_one_column(office_pdf: Path) -> None:
    with pdfplumber.open(office_pdf) as pdf:
        words = pdf.pages[0].extract_words()
    labels = {"FOR:", "DATE:", "CLASSIFICATION:", "STATUS:", "EDITION:", "MEMOS:"}
    starts = [after["x0"] for word, after in itertools.pairwise(words) if word["text"] in labels]
    assert len(starts) == len(labels) and max(starts) - min(starts) < 1, starts


def test_a_word_view_is_one_box_with_no_rules_between_its_points(book: Path, office_pdf: Path) -> None:
    """A view's points are rows (a page may end between them), but read as one list: no rule between rows."""
    body = etree.fromstring(zipfile.ZipFile(book / "book-weekly.docx").read("word/document.xml"))
    views = [t for t in body.iter(f"{W}tbl") if len(t.findall(f"{W}tblGrid/{W}gridCol")) == 1]
    assert len(views) == 4 and all(len(t.findall(f"{W}tr")) >= 2 for t in views)
    with pdfplumber.open(office_pdf) as pdf:
        page = next(p for p in pdf.pages if "Ports are open again" in (p.extract_text() or ""))
        top = page.search("Ports are open again")[0]["top"]
        bottom = page.search("Both sides want a result")[0]["bottom"]
        rules = [e for e in page.horizontal_edges if top - 2 < e["top"] < bottom + 2]
    assert rules == [], rules


def test_the_word_contents_is_a_toc_field_already_showing_the_pdfs_entries(book: Path) -> None:
    pdf = contents(pdf_text(book / "book-weekly.pdf")[1])
    body = etree.fromstring(zipfile.ZipFile(book / "book-weekly.docx").read("word/document.xml"))
    codes = [t.text for t in body.iter(f"{W}instrText")]
    assert any(re.fullmatch(r' TOC \\o "1-1" \\h \\z \\u ', c) for c in codes), codes
    shown = []
    for p in body.iter(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        if style is not None and style.get(f"{W}val") == "Toc1":
            link = p.find(f"{W}hyperlink")
            texts = [t.text for t in link.iter(f"{W}t")]
            shown.append((texts[0], int(texts[-1])))
    assert shown == pdf


def test_libreoffice_shows_the_word_contents_and_pages_as_the_pdf(book: Path, office_pdf: Path) -> None:
    pdf = contents(pdf_text(book / "book-weekly.pdf")[1])
    pages = pdf_text(office_pdf)
    assert contents(pages[1]) == pdf  # as opened, before any field update
    for title, page in pdf:  # and here LibreOffice's own pages agree with the PDF's
        assert title in pages[page - 1].splitlines()[2:4], (title, page)
    from memo.preflight.pdf import page_findings
    from memo.preflight.sheet import opened, part_starts, sheets

    with opened(office_pdf) as laid_out:  # what `memo check` asks of LibreOffice's pages
        assert page_findings(sheets(laid_out), part_starts(laid_out)) == []


def test_one_source_list_lists_each_source_once_and_every_note_points_into_it(book: Path) -> None:
    pages = pdf_text(book / "book-weekly.pdf")
    listing = pages[-1].split("Sources", 1)[1]
    assert listing.lower().count("talks resume") == 1 and listing.lower().count("talks open") == 1
    assert sum("Sources" in p.splitlines()[2:4] for p in pages) == 1  # no chapter keeps a list of its own
    number = {"Talks open": "1", "Talks resume": "2"}  # sorted as a bibliography: by its text
    notes = re.findall(r"^\d+\. .*$", "\n".join(pages[2:-1]), re.M)
    assert notes and all(re.search(r"\[[12](, [12])?\]$", n) for n in notes), notes
    assert any(n.endswith(f"[{number['Talks open']}]") for n in notes)


def test_notes_count_from_one_in_each_chapter_of_the_pdf_and_through_the_word_book(book: Path) -> None:
    pages = pdf_text(book / "book-weekly.pdf")
    starts = dict(contents(pages[1]))
    for title in TITLES:
        assert re.search(r"^1\. ", pages[starts[title] - 1], re.M), title
    with zipfile.ZipFile(book / "book-weekly.docx") as z:
        body = etree.fromstring(z.read("word/document.xml"))
        notes = etree.fromstring(z.read("word/footnotes.xml"))
    assert len(body.findall(f".//{W}sectPr")) == 4  # front matter, 2 chapters, sources
    assert not list(body.iter(f"{W}numRestart"))  # LibreOffice shows a restarted note as 0: see docx_book
    refs = [int(r.get(f"{W}id")) for r in body.iter(f"{W}footnoteReference")]
    assert refs == list(range(1, len(refs) + 1))  # Word numbers in this order: ids and numbers agree
    assert {int(n.get(f"{W}id")) for n in notes if n.get(f"{W}type") is None} == set(refs)


def note_marks(path: Path, first: int) -> tuple[list[int], list[int]]:
    """The note calls in the text and the numbers of the notes at the page foot, in reading order, of the pages
    from ``first`` (1-based) on: runs of superscript digits (under 7 pt; the reference document's smallest text
    is 7.5), a call with text before it on its line, a note's number first on its line."""
    calls, labels = [], []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages[first - 1 :]:
            chars = sorted(page.chars, key=lambda c: (round(c["top"]), c["x0"]))
            marks: list[list[dict]] = []
            for c in chars:
                if not (c["text"].isdigit() and c["size"] < 7):
                    continue
                last = marks[-1][-1] if marks else None
                if last is not None and abs(last["top"] - c["top"]) < 1 and c["x0"] - last["x1"] < 1:
                    marks[-1].append(c)
                else:
                    marks.append([c])
            for mark in marks:
                line = [c for c in chars if abs(c["bottom"] - mark[0]["bottom"]) < 6 and c["x1"] <= mark[0]["x0"]]
                (calls if any(c["text"].strip() for c in line) else labels).append(
                    int("".join(c["text"] for c in mark))
                )
    return calls, labels


def test_libreoffice_numbers_the_word_books_notes_through_the_book(book: Path, office_pdf: Path) -> None:
    """What LibreOffice 7.4 shows of the Word book's notes, in the text and at the page foot: 1 to n, in order,
    never 0 (as it showed Word's per-section restarts)."""
    start = dict(contents(pdf_text(office_pdf)[1]))[TITLES[0]]
    calls, labels = note_marks(office_pdf, start)
    notes = etree.fromstring(zipfile.ZipFile(book / "book-weekly.docx").read("word/footnotes.xml"))
    count = sum(1 for n in notes if n.get(f"{W}type") is None)
    assert count > 5
    assert calls == labels == list(range(1, count + 1)), (calls, labels)


def test_pdf_links_inside_the_book_go_to_its_own_destinations(book: Path) -> None:
    reader = PdfReader(book / "book-weekly.pdf")
    names = set(reader.named_destinations)
    internal, external = [], []
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            a = annot.get_object()
            action = a.get("/A")
            if a.get("/Dest") is not None or (action and action.get("/S") == "/GoTo"):
                internal.append(str(a.get("/Dest") or action["/D"]))
            elif action and action.get("/URI"):
                external.append(str(action["/URI"]))
    assert {"other-topic", "grain-talks", "sources", "source-gazette-2025-04-27"} <= set(internal)
    assert {"grain-talks.note-1", "grain-talks.note-2"} <= set(internal)  # a note's call goes to its note
    assert set(internal) <= names
    assert "third-topic.pdf" in external and "other-topic.pdf" not in external


def test_word_links_inside_the_book_go_to_its_bookmarks(book: Path) -> None:
    with zipfile.ZipFile(book / "book-weekly.docx") as z:
        body = etree.fromstring(z.read("word/document.xml"))
        notes = etree.fromstring(z.read("word/footnotes.xml"))
        rels = z.read("word/_rels/document.xml.rels").decode()
    marks = {b.get(f"{W}name") for b in body.iter(f"{W}bookmarkStart")}
    anchors = [h.get(f"{W}anchor") for part in (body, notes) for h in part.iter(f"{W}hyperlink") if h.get(f"{W}anchor")]
    assert {"m_other_topic", "m_grain_talks", "m_sources", "m_source_herald_2025_03_01"} <= set(anchors)
    assert set(anchors) <= marks
    assert 'Target="third-topic.docx"' in rels and "other-topic.docx" not in rels


def test_the_html_book_is_one_page_with_every_chapter(book: Path) -> None:
    page = (book / "book-weekly.html").read_text(encoding="utf-8")
    assert "<link" not in page and "<style>" in page
    assert all(f'id="{topic}"' in page for topic in ("other-topic", "grain-talks", "sources"))
    assert 'id="grain-talks.note-1"' in page and 'href="#other-topic"' in page and 'href="third-topic.html"' in page


def test_the_manifest_lists_the_book(book: Path) -> None:
    entry = json.loads((book / "manifest.json").read_text(encoding="utf-8"))["books"][0]
    assert {k: entry[k] for k in ("name", "title", "subtitle", "as_of", "status", "classification", "topics")} == {
        "name": "weekly",
        "title": "Weekly book",
        "subtitle": "Two topics",
        "as_of": "2025-04-27",
        "status": "review",
        "classification": "OFFICIAL-SENSITIVE",
        "topics": ["other-topic", "grain-talks"],
    }
    for fmt, file in entry["files"].items():
        assert file["name"] == f"book-weekly.{fmt}" and file["size"] == (book / file["name"]).stat().st_size


def test_the_preflight_passes_on_the_book(book: Path) -> None:
    """The checks `memo check` runs on a book's PDF and on its Word file against it (LibreOffice's pages of the
    Word file are checked in the contents test, which lays them out anyway)."""
    from memo.preflight.run import check_topic

    assert check_topic({"pdf": book / "book-weekly.pdf", "docx": book / "book-weekly.docx"}, book=True) == []


# --- the cover's rules and the settings, without rendering -------------------------------------------------


@pytest.mark.parametrize(
    ("markings", "expected", "warned"),
    [
        (["OFFICIAL", "OFFICIAL"], "OFFICIAL", 0),
        (["official", "SECRET", "OFFICIAL"], "SECRET", 0),
        (["OFFICIAL", "NATO RESTRICTED"], "NATO RESTRICTED", 1),  # unranked counts as the most restrictive
        (["EYES ONLY", "OFFICIAL", "NATO RESTRICTED"], "EYES ONLY / NATO RESTRICTED", 2),
        (["NATO RESTRICTED", "NATO RESTRICTED"], "NATO RESTRICTED", 0),  # one marking: nothing to rank
    ],
)
def test_a_book_is_marked_with_its_most_restrictive_memo(markings: list[str], expected: str, warned: int) -> None:
    marking, warnings = most_restrictive(markings, ["OFFICIAL", "OFFICIAL-SENSITIVE", "SECRET"])
    assert marking == expected
    assert len(warnings) == warned
    assert all("not in [tool.memo] classifications" in w for w in warnings)


def test_a_book_is_as_far_along_as_its_least_advanced_memo() -> None:
    assert least_advanced(["approved", "review", "approved"]) == "review"
    assert least_advanced(["approved", "draft", "review"]) == "draft"
    assert Cover("t", None, date(2025, 1, 1), "X", "approved", "e", None).status_mark == ""


@pytest.mark.parametrize(
    ("table", "errors"),
    [
        ({"books": {"w": {"title": "W"}}}, [("books.w.topics", "Field required")]),
        ({"books": {"w": {"title": "W", "topics": []}}}, [("books.w.topics", "List should have at least 1 item")]),
        ({"books": {"w": {"title": "W", "topics": ["a", "a"]}}}, [("books.w.topics", "a topic is listed twice")]),
        ({"books": {"w": {"title": "W", "topics": ["a"], "colour": "red"}}}, [("books.w.colour", "Extra inputs are not permitted")]),
        ({"books": {"All Week": {"title": "W", "topics": ["a"]}}}, [("books.All Week", "a book's name is its file's: lower-case letters, digits and hyphens, not 'all'")]),
        ({"classifications": []}, [("classifications", "List should have at least 1 item")]),
        ({"classifications": ["A", "a"]}, [("classifications", "a marking is listed twice")]),
    ],
)  # fmt: skip
def test_wrong_book_settings_are_errors(table: dict, errors: list[tuple[str, str]]) -> None:
    with pytest.raises(Invalid) as caught:
        parse_settings(table)
    assert [(".".join(map(str, loc)), message) for loc, message in caught.value.errors] == errors


def test_a_wrong_book_setting_is_reported_at_its_line(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.memo]\nauthor = "X"\n\n[tool.memo.books.weekly]\ntitle = "W"\ntopics = ["Bad Topic"]\n', encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["--root", str(tmp_path), "list"])
    assert result.exit_code == 1
    assert f"{tmp_path / 'pyproject.toml'}:6:10: error: [tool.memo] books.weekly.topics.0: String should match" in (
        result.output
    )


def test_memo_book_needs_a_name_or_all(book: Path) -> None:
    root = book.parent
    assert CliRunner().invoke(main, ["--root", str(root), "book"]).exit_code == 2
    unknown = CliRunner().invoke(main, ["--root", str(root), "book", "weekley"])
    assert unknown.exit_code == 2 and "did you mean 'weekly'?" in unknown.output


def test_a_book_of_a_topic_that_does_not_exist_is_an_error_at_its_line(tiny: Tiny) -> None:
    tiny.write(
        "pyproject.toml", PYPROJECT + '\n[tool.memo.books.weekly]\ntitle = "W"\ntopics = ["grain-talks", "gone"]\n'
    )
    result = tiny.run("book", "weekly")
    assert result.exit_code == 1
    assert result.output == "pyproject.toml:10:10: error: [tool.memo] books.weekly.topics: no briefing 'gone'\n"
    assert not (tiny.root / "output" / "book-weekly.pdf").exists()


def test_the_book_model_keeps_each_memo_and_merges_their_sources(tiny: Tiny) -> None:
    """The model apart from the bytes: chapters in the book's order, no source list of their own, notes pointing
    at the merged list's entries, the cover derived from the memos."""
    from memo.book import assemble_book
    from memo.config import BookSpec
    from memo.document import Link, SourceList
    from tests.conftest import memo_of

    memos = [memo_of(tiny.root, "other-topic"), memo_of(tiny.root, "grain-talks")]
    spec = BookSpec(title="Weekly", topics=("other-topic", "grain-talks"))
    book, warnings = assemble_book("weekly", spec, memos, ["OFFICIAL"])
    assert warnings == []
    assert book.topics == ("other-topic", "grain-talks")
    assert [s.id for s in book.memos[1].sections][-1] == "recommendations"
    assert not any(isinstance(b, SourceList) for m in book.memos for s in m.sections for b in s.blocks)
    assert [e.source_id for e in book.sources] == ["herald-2025-03-01", "gazette-2025-04-27"]  # Talks open, resume
    links = [r.href for n in book.memos[1].notes for r in n.runs if isinstance(r, Link) and r.href.startswith("#")]
    assert set(links) == {"#source-herald-2025-03-01", "#source-gazette-2025-04-27"}
    assert (book.cover.as_of.isoformat(), book.cover.status, book.cover.classification) == (
        "2025-04-27",
        "review",
        "OFFICIAL",
    )
    assert book.href("other-topic", "pdf") == "#other-topic" and book.href("third", "pdf") == "third.pdf"


def test_memo_check_finds_the_book_beside_the_memos(book: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(Path(__file__).parent))  # no office here: its pages are checked above
    result = CliRunner().invoke(main, ["--root", str(book.parent), "check"])
    assert result.exit_code == 0, result.output
    assert "checked 1 memo (2 files): 0 errors, 0 warnings" in result.output  # no memo is built, the book is


def book_provenance(book: Path) -> dict:
    return json.loads((book / "manifest.json").read_text(encoding="utf-8"))["books"][0]["provenance"]


def test_the_manifest_lists_the_books_provenance_by_chapter(book: Path) -> None:
    from memo import __version__
    from memo.templates import find_template_set

    root = book.parent
    digest = lambda rel: hashlib.sha256((root / rel).read_bytes()).hexdigest()  # noqa: E731
    herald, gazette = (digest(f"seeds/{s}.yaml") for s in ("herald-2025-03-01", "gazette-2025-04-27"))
    assert book_provenance(book) == {  # outside git: no commit to record
        "book": "weekly",
        "as_of": "2025-04-27",
        "status": "review",
        "chapters": {
            "other-topic": {
                "briefing_sha256": digest("briefings/other-topic.yaml"),
                "sources_sha256": {"gazette-2025-04-27": gazette, "herald-2025-03-01": herald},
            },
            "grain-talks": {
                "briefing_sha256": digest("briefings/grain-talks.yaml"),
                "sources_sha256": {"gazette-2025-04-27": gazette, "herald-2025-03-01": herald},
            },
        },
        "templates_sha256": find_template_set(root / "templates", "memo").digest(),
        "memo_version": __version__,
    }


def test_each_book_file_embeds_the_manifests_provenance(book: Path) -> None:
    """pypdf reads it from the PDF's XMP and info dictionary, python-docx from Word's custom properties, and the
    HTML page holds it in <meta> tags; `memo verify` finds all three as the manifest says."""
    import docx

    from memo import provenance
    from memo.render.docx_page import read_custom_properties
    from memo.verify import _meta_tags

    expected = book_provenance(book)
    reader = PdfReader(book / "book-weekly.pdf")
    xmp = reader.root_object["/Metadata"].get_object().get_data()
    assert provenance.read_xmp(xmp) == expected
    assert b"<memo:chapters><rdf:Seq><rdf:li>other-topic " in xmp  # in the book's order
    info = reader.metadata
    assert info is not None and (info["/MemoBook"], info["/MemoStatus"]) == ("weekly", "review")
    assert info["/MemoChapters"].startswith("other-topic ")
    word = read_custom_properties(docx.Document(str(book / "book-weekly.docx")))
    assert provenance.read_properties(word) == expected
    assert (
        word["memo.chapter.grain-talks.source.gazette-2025-04-27"]
        == expected["chapters"]["grain-talks"]["sources_sha256"]["gazette-2025-04-27"]
    )
    page = _meta_tags((book / "book-weekly.html").read_text(encoding="utf-8"))
    assert provenance.read_properties(page) == expected
    result = CliRunner().invoke(main, ["--root", str(book.parent), "verify"])
    assert (result.exit_code, result.stdout) == (0, "3 files verified\n"), result.output


def test_verify_says_a_book_is_stale_and_which_files_disagree_with_the_manifest(
    book: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A copy of the built project (no second render): an edited briefing makes the book stale, a manifest that
    says another status than the files gets a line per file."""
    root = tmp_path / "copy"
    shutil.copytree(book.parent, root)
    monkeypatch.chdir(root)
    (root / "briefings/grain-talks.yaml").write_text(
        (root / "briefings/grain-talks.yaml").read_text(encoding="utf-8") + "# edited\n", encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["verify"])
    assert result.exit_code == 1
    assert result.stdout == "3 files verified, 1 stale: book-weekly: briefing grain-talks changed since build\n"
    assert result.stderr == (
        "briefings/grain-talks.yaml:1:1: error: stale: the built book 'weekly' is out of date "
        "(briefing grain-talks changed since build)\n"
    )
    manifest = json.loads((root / "output/manifest.json").read_text(encoding="utf-8"))
    manifest["books"][0]["provenance"]["status"] = "approved"
    (root / "output/manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    result = CliRunner().invoke(main, ["verify"])
    assert result.stderr.splitlines()[:3] == [
        f'output/book-weekly.{fmt}:1:1: error: its embedded status is "review", manifest.json says "approved"'
        for fmt in ("docx", "html", "pdf")
    ]
    assert (
        result.stdout == "0 files verified, 3 failed, 1 stale: book-weekly: briefing grain-talks changed since build\n"
    )


def test_the_same_book_builds_to_the_same_bytes(book: Path, tmp_path: Path) -> None:
    """A second build, of a copy of the project elsewhere: the same bytes in every file, provenance and all."""
    root = tmp_path / "again"
    shutil.copytree(book.parent, root, ignore=shutil.ignore_patterns("output"))
    result = CliRunner().invoke(main, ["--root", str(root), "book", "weekly"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    for fmt in ("pdf", "docx", "html"):
        assert (root / f"output/book-weekly.{fmt}").read_bytes() == (book / f"book-weekly.{fmt}").read_bytes(), fmt


def test_a_book_built_in_git_records_the_commit_once_for_all_chapters(tiny: Tiny) -> None:
    """The model apart from the bytes: every chapter stamped from one origin, the book's record names it once."""
    from memo.book import assemble_book
    from memo.config import BookSpec
    from memo.project import find_project, load_project
    from memo.provenance import Git, Origin, book_record, stamp_book
    from tests.conftest import memo_of

    memos = [memo_of(tiny.root, "other-topic"), memo_of(tiny.root, "grain-talks")]
    book, _ = assemble_book("weekly", BookSpec(title="Weekly", topics=("other-topic", "grain-talks")), memos, [])
    loaded = load_project(find_project(root=tiny.root), ["other-topic", "grain-talks"])
    stamped = stamp_book(book, loaded, Origin("d" * 64, Git("e" * 40, False)))
    assert stamped.cover.edition == book.cover.edition  # the edition is the content's, not the commit's
    record = book_record(stamped)
    assert record is not None and (record["git_commit"], record["git_clean"]) == ("e" * 40, False)
    assert list(record["chapters"]) == ["other-topic", "grain-talks"]
    assert book_record(book) is None  # a book made without its files has none
