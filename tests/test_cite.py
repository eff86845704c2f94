"""Citations by CSL: styles switch in every format, the register takes a Zotero export, notes stay private."""

from __future__ import annotations

import io
import json
import re
import zipfile
from itertools import pairwise
from pathlib import Path

import pytest

from memo.cite import BUNDLED, CitationStyle, style_path
from memo.inline import CiteItem
from memo.models import Source
from tests.conftest import REPO, Tiny, memo_of
from tests.readback import pdf_pages
from tests.test_build import plain

TOPICS = sorted(p.stem for p in (REPO / "briefings").glob("*.yaml"))


def _source(**fields) -> Source:
    return Source.from_data({"id": "x", "type": "report", **fields})


def test_no_shipped_memo_has_two_identical_notes_in_a_row() -> None:
    # Only Chicago notes-bibliography is a note style; the others cite in the text and a memo has no notes.
    assert [s for s in BUNDLED if CitationStyle(style_path(s)).is_note_style] == ["chicago-note-bibliography"]
    for topic in TOPICS:
        texts = [plain(n.runs) for n in memo_of(REPO, topic).notes]
        assert [(i + 2, a) for i, (a, b) in enumerate(pairwise(texts)) if a == b] == [], topic


def test_a_note_never_repeats_the_one_before_it() -> None:
    """A run of citations of one source: "Ibid." only straight after a note that names the source."""
    style = CitationStyle(style_path("chicago-note-bibliography"), "en-GB")
    src = {"x": _source(title="Gas market report", author=[{"family": "Doe", "given": "Jane"}], issued="2025")}
    runs = [(CiteItem("x"),)] * 4 + [(CiteItem("x", locator="p. 3"),)] * 3 + [(CiteItem("x", locator="p. 4"),)]
    notes = [plain(c) for c in style.render(runs, src).citations]
    assert notes == [
        "Jane Doe, Gas Market Report (2025).",
        "Ibid.",
        "Doe, Gas Market Report.",
        "Ibid.",
        "Ibid., 3.",
        "Doe, Gas Market Report, 3.",
        "Ibid., 3.",
        "Ibid., 4.",
    ]


def test_every_shipped_source_list_entry_ends_with_its_short_assessment() -> None:
    for topic in TOPICS:
        memo = memo_of(REPO, topic)
        (source_list,) = memo.sections[-1].blocks
        for entry in source_list.entries:
            src = Source.from_data(__import__("yaml").safe_load((REPO / f"seeds/{entry.source_id}.yaml").read_text()))
            assert src.assessment and len(src.assessment.split()) <= 40
            assert plain(entry.runs).endswith(src.assessment.split()[-1])
            assert src.notes and " ".join(src.notes.split()[:6]) not in plain(entry.runs)


def test_an_assessment_over_40_words_is_an_error(tiny: Tiny) -> None:
    tiny.write("seeds/long.yaml", "id: long\ntype: report\ntitle: T\nassessment: " + "word " * 41 + "\n")
    result = tiny.run("validate")
    assert "seeds/long.yaml:4:13: error: assessment: is 41 words; the limit is 40" in result.output


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        # initialize="false": Chicago gives names in full
        ({"author": [{"family": "Doe", "given": "Jane"}], "title": "A"}, "Jane Doe, A (n.d.)."),
        # a description (genre) substituted for the author is printed once, unquoted
        ({"type": "article", "genre": "Commentary on the thaw"}, "Commentary on the thaw, n.d."),
        # no stray "Edition" from a label whose variable is empty
        ({"type": "article-newspaper", "title": "A", "container-title": "Gazette"}, "\u2018A\u2019, Gazette, n.d."),
    ],
)
def test_csl_layer_on_citeproc(fields: dict, expected: str) -> None:
    style = CitationStyle(style_path("chicago-note-bibliography"), "en-GB")
    (note,) = style.render([(CiteItem("x"),)], {"x": _source(**fields)}).citations
    assert plain(note) == expected


def test_an_untitled_items_description_is_never_left_out_of_its_entry() -> None:
    style = CitationStyle(style_path("ieee"), "en-GB")
    src = {
        "x": _source(type="article", genre="Commentary on the thaw", issued="2025-02-27"),
        "y": _source(id="y", title="T"),
    }
    out = style.render([(CiteItem("x"),), (CiteItem("y"),)], src)
    assert [(e.label, plain(e.runs)) for e in out.bibliography] == [
        ("[1]", "[Commentary on the thaw], Feb. 27, 2025."),
        ("[2]", "\u2018T\u2019."),
    ]


def test_two_works_of_one_author_in_one_year_get_year_suffixes() -> None:
    style = CitationStyle(style_path("apa"), "en-GB")
    a = _source(id="a", title="First", author=[{"family": "Doe"}], issued="2025")
    b = _source(id="b", title="Second", author=[{"family": "Doe"}], issued="2025")
    out = style.render([(CiteItem("a"),), (CiteItem("b"), CiteItem("a", locator="p. 3"))], {"a": a, "b": b})
    # citeproc-py does not collapse by year (pandoc: "(Doe, 2025b, 2025a, p. 3)"); listed in README
    assert [plain(c) for c in out.citations] == ["(Doe, 2025a)", "(Doe, 2025b; Doe, 2025a, p. 3)"]


# -- switching styles: notes and source list change in PDF, Word and HTML ----------------------------------------

MARKS = {  # what only that style prints: its first note or in-text citation, and how its source list begins
    "chicago-note-bibliography": ("Ibid., para. 2.", "Doe, Jane. \u2018Talks Open\u2019."),
    "chicago-author-date": ("(Doe 2025b, para. 2)", "Doe, Jane. 2025a."),
    "apa": ("(Doe, 2025b, para. 2)", "Doe, J. (2025a, April 27). Talks open."),
    "ieee": ("[1, Para. 2]", "[1] J. Doe, \u2018Talks resume\u2019"),
}


def _texts(out: Path) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO((out / "grain-talks.docx").read_bytes())) as z:
        xml = " ".join(z.read(n).decode() for n in ("word/document.xml", "word/footnotes.xml"))
        word = re.sub(r"<[^>]+>", "", xml.replace("<w:tab/>", " "))
    html = re.sub(r"<[^>]+>", "", (out / "grain-talks.html").read_text())
    return {"pdf": " ".join(pdf_pages(out / "grain-talks.pdf")), "docx": word, "html": html}


@pytest.mark.parametrize("style", list(BUNDLED))
def test_switching_the_style_changes_notes_and_source_list_in_every_format(tiny: Tiny, style: str) -> None:
    pyproject = tiny.root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + f'citation-style = "{style}"\n')
    result = tiny.run("build", "grain-talks")
    assert result.exit_code == 0, result.output
    cite, entry = MARKS[style]
    for fmt, text in _texts(tiny.root / "output").items():
        flat = re.sub(r"\s+", " ", text).replace("&amp;", "&")
        assert cite in flat, (style, fmt)
        assert entry in flat, (style, fmt)
        for other, (other_cite, _) in MARKS.items():
            assert other == style or other_cite not in flat, (style, fmt, other)
        assert not re.search(r"\d\.\s*\[\d+\]", flat), (style, fmt)  # IEEE's own "[1]" and no "1." of ours


def test_a_csl_file_by_path(tiny: Tiny) -> None:
    (tiny.root / "house.csl").write_bytes(style_path("apa").read_bytes())
    pyproject = tiny.root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + 'citation-style = "house.csl"\n')
    assert plain(memo_of(tiny.root, "grain-talks").sections[0].blocks[0].runs).endswith("(Doe, 2025b).")
    pyproject.write_text(pyproject.read_text().replace("house.csl", "nowhere.csl"))
    result = tiny.run("validate")
    assert result.exit_code == 1
    assert "citation-style: 'nowhere.csl' is neither a bundled style" in result.output


def test_a_template_sets_style_applies_where_tool_memo_names_none(tiny: Tiny) -> None:
    """Precedence: citation-style in [tool.memo], then the set's set.toml, then the default."""
    html = lambda: re.sub(r"<[^>]+>", "", (tiny.root / "output/grain-talks.html").read_text())  # noqa: E731
    tiny.write("templates/memo/set.toml", 'citation-style = "apa"\n')
    assert tiny.run("build", "grain-talks", "-f", "html").exit_code == 0
    assert MARKS["apa"][0] in html()
    tiny.write("templates/memo/house.csl", style_path("chicago-author-date").read_bytes())
    tiny.write("templates/memo/set.toml", '"citation-style" = "house.csl"  # a style of the set, by its path in it\n')
    assert tiny.run("build", "grain-talks", "-f", "html").exit_code == 0
    assert MARKS["chicago-author-date"][0] in html()
    pyproject = tiny.root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + 'citation-style = "ieee"\n')
    assert tiny.run("build", "grain-talks", "-f", "html").exit_code == 0
    assert MARKS["ieee"][0] in html() and MARKS["chicago-author-date"][0] not in html()


def test_a_set_toml_not_in_utf8_is_one_line(tiny: Tiny) -> None:
    tiny.write("templates/memo/set.toml", b'citation-style = "apa\xff"\n')
    result = tiny.run("build", "grain-talks", "-f", "html")
    assert result.exit_code == 1
    assert [line for line in result.output.splitlines() if "set.toml" in line] == [
        "templates/memo/set.toml:1:1: error: not UTF-8 (byte 0xff at offset 21)"
    ]


def test_a_wrong_set_toml_is_one_line_per_problem(tiny: Tiny) -> None:
    tiny.write("house.csl", style_path("apa").read_bytes())  # outside the set: a set reads only its own files
    tiny.write("templates/memo/set.toml", 'citation-styel = "apa"\n\ncitation-style = "../../house.csl"\n')
    result = tiny.run("build", "grain-talks", "-f", "html")
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if "set.toml" in line]
    assert lines == [
        "templates/memo/set.toml:1:1: error: citation-styel: not a key of set.toml (it takes: citation-style); "
        "did you mean 'citation-style'?",
        "templates/memo/set.toml:3:1: error: citation-style: '../../house.csl' is neither a bundled style "
        "(chicago-note-bibliography, chicago-author-date, apa, ieee) nor a .csl file of the template set 'memo'",
    ]
    tiny.write("templates/memo/set.toml", "citation-style = [\n")
    assert "set.toml:1:" in tiny.run("build", "grain-talks", "-f", "html").output


def test_a_citation_merged_into_the_next_leaves_no_space_before_the_full_stop(tiny: Tiny, edit) -> None:
    edit("after a pause [@gazette-2025-04-27].", "[@gazette-2025-04-27]. A pause ended [@gazette-2025-04-27].")
    pyproject = tiny.root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + 'citation-style = "apa"\n')
    summary = plain(memo_of(tiny.root, "grain-talks").sections[0].blocks[0].runs)
    assert summary == "Talks resumed on Monday. A pause ended (Doe, 2025b)."


# -- the editor's working notes are never printed ---------------------------------------------------------------


def test_notes_text_appears_in_no_output_file(tiny: Tiny) -> None:
    secret = "Working-note-3141 never printed"
    path = tiny.root / "seeds/gazette-2025-04-27.yaml"
    path.write_text(path.read_text() + f"notes: {secret}\nassessment: Wire report.\n")
    assert tiny.run("build", "grain-talks").exit_code == 0
    for fmt, text in _texts(tiny.root / "output").items():
        assert "Working-note-3141" not in text, fmt
        assert "Wire report." in re.sub(r"\s+", " ", text), fmt
    for f in (tiny.root / "output").iterdir():
        if f.is_file():
            assert b"Working-note-3141" not in f.read_bytes(), f


def test_shipped_notes_are_in_no_memo() -> None:
    import yaml

    for topic in TOPICS:
        memo = memo_of(REPO, topic)
        printed = repr(memo)
        for sid in memo.cited_sources:
            notes = yaml.safe_load((REPO / f"seeds/{sid}.yaml").read_text()).get("notes", "")
            assert " ".join(notes.split()[:8]) not in printed, (topic, sid)


# -- memo sources import ----------------------------------------------------------------------------------------

ZOTERO = [
    {
        "id": "http://zotero.org/users/1/items/ABCD1234",
        "type": "article-journal",
        "title": "Sanctions and the <i>rouble</i>",
        "container-title": "Journal of Economic Policy",
        "volume": "12",
        "issue": 3,
        "page": "45-67",
        "DOI": "10.1234/jep.2025.3",
        "author": [{"family": "Ivanova", "given": "Maria"}, {"family": "Smith", "given": "John"}],
        "issued": {"date-parts": [["2025", 3]]},
        "note": "Read in the library; cites Rosstat.",
    },
    {
        "id": "ft-2025-04-10",
        "type": "article-newspaper",
        "title": "Talks in Istanbul end without a deal",
        "container-title": "Financial Times",
        "author": [{"family": "Doe", "given": "Jane"}],
        "issued": {"date-parts": [[2025, 4, 10]]},
        "DOI": "10.5555/ft.2025.0410",
        "URL": "https://www.ft.com/content/example",
    },
    {
        "id": "iea-2025",
        "type": "report",
        "title": "Gas Market Report, Q2 2025",
        "publisher": "International Energy Agency",
        "publisher-place": "Paris",
        "author": [{"literal": "International Energy Agency"}],
        "issued": {"date-parts": [[2025, 4]]},
    },
    {
        "id": "kremlin-2025-03-18",
        "type": "webpage",
        "title": "Telephone conversation with the US President",
        "container-title": "President of Russia",
        "URL": "http://en.kremlin.ru/events/president/news/76477",
        "accessed": {"date-parts": [[2025, 4, 27]]},
    },
]


def test_import_of_a_zotero_export_gives_four_sources_that_build(tiny: Tiny) -> None:
    export = tiny.write("My Library.json", json.dumps(ZOTERO, indent=2))
    result = tiny.run("sources", "import", str(export))
    assert result.exit_code == 0, result.output
    ids = ["abcd1234", "ft-2025-04-10", "iea-2025", "kremlin-2025-03-18"]
    assert result.output.splitlines() == [f"wrote seeds/{i}.yaml" for i in ids]
    journal = (tiny.root / "seeds/abcd1234.yaml").read_text()
    assert "notes: Read in the library; cites Rosstat." in journal and "issued: 2025-03\n" in journal
    assert "- {family: Ivanova, given: Maria}" in journal
    cites = "; ".join(f"@{i}" for i in ids)
    text = (tiny.root / "briefings/grain-talks.yaml").read_text()
    tiny.briefing("grain-talks", text.replace("Keep channels open", f"Keep channels open [{cites}]"))
    result = tiny.run("build", "grain-talks", "-f", "html")
    assert result.exit_code == 0, result.output
    html = (tiny.root / "output/grain-talks.html").read_text()
    assert "https://doi.org/10.5555/ft.2025.0410" in html
    assert "International Energy Agency" in html and "accessed 27 April 2025" in html.replace("Accessed", "accessed")
    assert "Read in the library" not in html


def test_import_refuses_to_overwrite_and_reports_every_problem(tiny: Tiny) -> None:
    bad = [
        {"id": "gazette-2025-04-27", "type": "report", "title": "Taken"},
        {"id": "b", "type": "report", "title": "T", "doi": "10.1/x"},
        {"id": "c", "type": "paper", "title": "T"},
    ]
    export = tiny.write("bad.yaml", "references:\n" + "".join(f"  - {json.dumps(item)}\n" for item in bad))
    result = tiny.run("sources", "import", str(export))
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "bad.yaml:2:12: error: references[0]: seeds/gazette-2025-04-27.yaml exists; memo never overwrites a source",
        "bad.yaml:3:49: error: references[1]: 'doi' is not a known key; did you mean 'DOI'?",
        "bad.yaml:4:25: error: references[2]: type: expected one of article, article-journal, article-magazine, "
        "article-newspaper, bill, book, ...; found 'paper'; did you mean 'chapter'?",
    ]
    assert not (tiny.root / "seeds/b.yaml").exists()


def test_markup_typed_in_a_source_stays_text() -> None:
    style = CitationStyle(style_path("chicago-note-bibliography"), "en-GB")
    src = _source(type="article-newspaper", title="<b>Bold</b> & <i>co</i>", **{"container-title": "Gazette"})
    (note,) = style.render([(CiteItem("x"),)], {"x": src}).citations
    assert plain(note).startswith("\u2018<b>Bold</b> & <i>")


def test_title_case_keeps_a_stop_word_after_an_abbreviation_lower() -> None:
    """citeproc-py capitalised any stop word after a full stop: "The U.S. And Russia" (csl_fixes, fix 12)."""
    src = _source(title="The U.S. and Russia weigh joint ventures: a way out", **{"container-title": "SMM"})
    style = CitationStyle(style_path("chicago-note-bibliography"), "en-GB")
    rendered = style.render([(CiteItem("x"),)], {"x": src})
    assert "The U.S. and Russia Weigh Joint Ventures: A Way Out" in plain(rendered.citations[0])
