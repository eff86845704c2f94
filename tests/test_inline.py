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
        ("We are ready.", "We are ready."),
    ],
)
def test_marks_pasted_around_a_quotation_are_dropped(pasted: str, kept: str) -> None:
    assert inline.unquote(pasted) == kept


def test_a_bare_url_is_a_link_and_its_underscores_stay() -> None:
    url = "https://example.org/a_draft_b/report_final_.pdf"
    assert inline.parse(f"See {url} now") == (Text("See "), Link(url, (Text(url),)), Text(" now"))


def test_only_written_urls_become_links() -> None:
    assert inline.parse("The U.S. and example.org agreed") == (Text("The U.S. and example.org agreed"),)


def test_smart_text_has_marks_and_no_markup() -> None:
    assert inline.smart('Russia\'s *"reset"*') == "Russia\u2019s *\u2018reset\u2019*"
