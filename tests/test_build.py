"""The builder: a Memo's outline and notes, checked apart from any output format."""

from __future__ import annotations

from memo.document import Emph, Link, NoteRef, Paragraph, Perspectives, Quote, SourceList, Table, Text
from tests.conftest import REPO, Tiny, memo_of


def plain(runs) -> str:
    out = ""
    for r in runs:
        if isinstance(r, Text):
            out += r.text
        elif isinstance(r, NoteRef):
            out += f"^{r.number}"
        else:
            out += plain(r.children)
    return out


def test_sections_come_in_the_agreed_order(tiny: Tiny) -> None:
    memo = memo_of(tiny.root, "grain-talks")
    assert [s.id for s in memo.sections] == [
        "bottom-line", "key-points", "background", "developments", "perspectives",
        "quotes", "outlook", "indicators", "recommendations", "sources",
    ]  # fmt: skip
    assert [s.id for s in memo_of(tiny.root, "other-topic").sections] == ["bottom-line", "perspectives", "sources"]


def test_notes_are_numbered_in_reading_order_one_per_citation(tiny: Tiny) -> None:
    memo = memo_of(tiny.root, "grain-talks")
    refs = [int(n) for n in __import__("re").findall(r"\^(\d+)", _all_text(memo))]
    assert refs == list(range(1, len(memo.notes) + 1))
    assert [n.source_ids for n in memo.notes] == [
        ("gazette-2025-04-27",),  # summary
        ("gazette-2025-04-27",),  # key point, with a locator
        ("herald-2025-03-01",),  # background
        ("herald-2025-03-01",),  # development
        ("gazette-2025-04-27",),  # optimistic
        ("herald-2025-03-01", "gazette-2025-04-27"),  # sceptical, two sources in one note
        ("herald-2025-03-01",),  # the quote's source
        ("gazette-2025-04-27",),  # outlook
    ]


def test_first_note_is_full_then_ibid_or_short_as_the_style_says(tiny: Tiny) -> None:
    notes = [plain(n.runs) for n in memo_of(tiny.root, "grain-talks").notes]
    assert notes == [
        "Jane Doe, \u2018Talks Resume\u2019, The Example Gazette, 27 April 2025, https://example.org/gazette-2025-04-27.",
        "Ibid., para. 2.",  # the same source right after: ibid. with the locator
        "Jane Doe, \u2018Talks Open\u2019, The Example Gazette, 27 April 2025, https://example.org/herald-2025-03-01.",
        "Ibid.",
        "Doe, \u2018Talks Resume\u2019.",  # cited before, not just before: the short note
        "Doe, \u2018Talks Open\u2019; Doe, \u2018Talks Resume\u2019.",  # in the order written
        "Doe, \u2018Talks Open\u2019.",
        "Doe, \u2018Talks Resume\u2019.",
    ]
    url = memo_of(tiny.root, "grain-talks").notes[0].runs[-2]
    assert url == Link("https://example.org/gazette-2025-04-27", (Text("https://example.org/gazette-2025-04-27"),))


def test_each_cited_source_once_in_the_source_list(tiny: Tiny) -> None:
    memo = memo_of(tiny.root, "grain-talks")
    (source_list,) = memo.sections[-1].blocks
    assert isinstance(source_list, SourceList)
    assert [e.source_id for e in source_list.entries] == ["herald-2025-03-01", "gazette-2025-04-27"]  # the style sorts
    assert plain(source_list.entries[0].runs) == (
        "Doe, Jane. \u2018Talks Open\u2019. The Example Gazette, 27 April 2025. https://example.org/herald-2025-03-01."
    )


def test_blocks(tiny: Tiny) -> None:
    memo = memo_of(tiny.root, "grain-talks")
    by_id = {s.id: s for s in memo.sections}
    (table,) = by_id["developments"].blocks
    assert isinstance(table, Table)
    assert [plain(row[0]) for row in table.rows] == ["1 Mar 2025", "Apr 2025", "Ongoing"]
    assert plain(table.rows[0][1]) == "Talks open. Delegations met^4."
    (persp,) = by_id["perspectives"].blocks
    assert isinstance(persp, Perspectives)
    assert plain(persp.optimistic.summary) == "A deal is within reach."
    assert persp.sceptical.summary is None
    (quote,) = by_id["quotes"].blocks
    assert isinstance(quote, Quote) and quote.speaker == "Jane Minister" and quote.note == NoteRef(7)
    _, second = by_id["background"].blocks
    assert isinstance(second, Paragraph)
    assert Link("https://example.org/more", (Text("link"),)) in second.runs
    assert isinstance(by_id["bottom-line"].blocks[0], Paragraph)
    assert by_id["bottom-line"].blocks[0].runs[1] == Emph((Text("Monday"),))


def test_header_defaults_come_from_settings(tiny: Tiny) -> None:
    memo = memo_of(tiny.root, "grain-talks")
    assert memo.header.classification == "OFFICIAL" and memo.header.author == "Test Unit"
    assert memo.is_draft and not memo_of(tiny.root, "other-topic").is_draft


def test_unsafe_link_becomes_text(tiny: Tiny, edit) -> None:
    from memo.build import _Notes

    runs = _Notes("en-GB").runs("see [this](javascript:alert(1))")
    assert runs == (Text("see "), Emph((Text("this"),)))


def test_real_briefings_build(tiny: Tiny) -> None:
    memo = memo_of(REPO, "ukraine-ceasefire")
    assert len(memo.notes) > 20
    assert memo.sections[0].title == "Bottom line"


def _all_text(memo) -> str:
    out = []
    for section in memo.sections:
        for block in section.blocks:
            if isinstance(block, Paragraph):
                out.append(plain(block.runs))
            elif isinstance(block, Table):
                out += [plain(c) for row in block.rows for c in row]
            elif isinstance(block, Perspectives):
                for side in (block.optimistic, block.sceptical):
                    out += [plain(side.summary or ())] + [plain(p) for p in side.points]
            elif isinstance(block, Quote):
                out.append(plain(block.runs) + plain((block.note,)))
            elif hasattr(block, "items"):
                out += [plain(i) for i in block.items]
    return " ".join(out)


def test_consecutive_citations_of_the_same_source_in_one_paragraph_are_one_note(tiny: Tiny, edit) -> None:
    edit(
        "More rounds are expected [@gazette-2025-04-27].",
        "More rounds [@gazette-2025-04-27]. Soon [@gazette-2025-04-27].",
    )
    memo = memo_of(tiny.root, "grain-talks")
    (outlook,) = {s.id: s for s in memo.sections}["outlook"].blocks
    assert plain(outlook.runs) == "More rounds. Soon^8."  # one note, where the last of them stands
    assert len(memo.notes) == 8


def test_an_author_date_style_puts_citations_in_the_text(tiny: Tiny) -> None:
    pyproject = tiny.root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + 'citation-style = "chicago-author-date"\n')
    memo = memo_of(tiny.root, "grain-talks")
    assert memo.notes == () and memo.cited_sources == ("gazette-2025-04-27", "herald-2025-03-01")
    assert plain(memo.sections[0].blocks[0].runs) == "Talks resumed on Monday after a pause (Doe 2025b)."
    (quote,) = {s.id: s for s in memo.sections}["quotes"].blocks
    assert quote.note is None and plain(quote.runs).endswith("\u2019 (Doe 2025a)")
