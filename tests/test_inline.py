"""Inline text: quotation marks by language, pasted marks, bare URLs, right-to-left text."""

from __future__ import annotations

import pytest

from memo import inline
from memo.document import Link, Text

Q = "He said \"it's as 'Olive Branches'!\""


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en-GB", "He said \u2018it\u2019s as \u201cOlive Branches\u201d!\u2019"),  # Hart's Rules: single outside
        ("en-US", "He said \u201cit\u2019s as \u2018Olive Branches\u2019!\u201d"),  # Chicago: double outside
        ("en", "He said \u2018it\u2019s as \u201cOlive Branches\u201d!\u2019"),
        ("de", "He said \u201eit\u2019s as \u201aOlive Branches\u2018!\u201c"),
        ("fr-CA", "He said \u00abit\u2019s as \u2039Olive Branches\u203a!\u00bb"),
        ("xx", "He said \u201cit\u2019s as \u2018Olive Branches\u2019!\u201d"),
    ],
)
def test_quotation_marks_follow_the_language(lang: str, expected: str) -> None:
    assert inline.parse(Q, lang) == (Text(expected),)


def test_a_quotation_nests_its_own_quotes_one_level_in() -> None:
    assert inline.parse('as "Olive Branches"!', "en-US", nested=True) == (Text("as \u2018Olive Branches\u2019!"),)
    assert inline.parse('as "Olive Branches"!', "en-GB", nested=True) == (Text("as \u201cOlive Branches\u201d!"),)


@pytest.mark.parametrize(
    ("pasted", "kept"),
    [
        ("\u201cWe are ready.\u201d", "We are ready."),
        ('"We are ready."', "We are ready."),
        ("\u2018We are ready.\u2019", "We are ready."),
        ("\u00abWe are ready.\u00bb", "We are ready."),
        ('"A" and "B"', '"A" and "B"'),  # two quotations, not one in marks: left alone
        ("'Peace' is near, they said 'soon'", "'Peace' is near, they said 'soon'"),
        (
            "\u2018Peace\u2019 is near, they said \u2018soon\u2019",
            "\u2018Peace\u2019 is near, they said \u2018soon\u2019",
        ),
        ("'Tis the season of the rebels'", "'Tis the season of the rebels'"),  # apostrophes, not marks
        ("We are ready.", "We are ready."),
    ],
)
def test_marks_pasted_around_a_quotation_are_dropped(pasted: str, kept: str) -> None:
    assert inline.unquote(pasted) == kept


def test_a_bare_url_is_a_link_and_its_underscores_stay() -> None:
    url = "https://example.org/a_draft_b/report_final_.pdf"
    assert inline.parse(f"See {url} now") == (Text("See "), Link(url, (Text(url),)), Text(" now"))


def test_only_written_web_addresses_become_links() -> None:
    assert inline.parse("The U.S. and example.org agreed") == (Text("The U.S. and example.org agreed"),)
    assert inline.parse("see ftp://host/x and //host/y") == (Text("see ftp://host/x and //host/y"),)


def test_marks_the_typographer_cannot_pair_are_curled_too() -> None:
    runs = inline.parse('"peace [@a]" and O\'Brien [x](https://e.org)', "en-US")
    assert runs[0] == Text("\u201cpeace ") and runs[2] == Text("\u201d and O\u2019Brien ")


def test_smart_text_has_marks_and_no_markup() -> None:
    assert inline.smart('Russia\'s *"reset"*') == "Russia\u2019s *\u2018reset\u2019*"
