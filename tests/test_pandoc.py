"""Our notes and bibliography against pandoc's citeproc (the most used CSL implementation), style by style.

The same CSL file, the same CSL items (built from the register by memo.cite), the same citations in the same
order with the same locators. Texts are compared after normalising whitespace; where citeproc-py and pandoc
differ, the difference is listed below with its reason and the test checks it is still the only one.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
import yaml

from memo.cite import BUNDLED, CitationStyle, csl_item, style_path
from memo.inline import CiteItem
from memo.models import Source
from tests.conftest import REPO
from tests.test_build import plain

pypandoc = pytest.importorskip("pypandoc")

LANG = "en-GB"
SOURCES = {p.stem: Source.from_data(yaml.safe_load(p.read_text())) for p in (REPO / "seeds").glob("*.yaml")}
SOURCES["doe-a"] = Source.from_data(
    {"id": "doe-a", "type": "article-newspaper", "title": "Talks open", "container-title": "The Example Gazette",
     "author": [{"family": "Doe", "given": "Jane"}], "issued": "2025-03-01", "URL": "https://example.org/a"}
)  # fmt: skip
SOURCES["doe-b"] = Source.from_data(
    {"id": "doe-b", "type": "report", "title": "Gas market report", "publisher": "International Energy Agency",
     "publisher-place": "Paris", "author": [{"literal": "International Energy Agency"}], "issued": "2025-04"}
)  # fmt: skip
# Citations as a memo makes them: first, ibid., ibid. with a locator, subsequent, a second ibid. in a row, two at
# once, a prefix.
CLUSTERS = [
    [("eureporter-normalization", "", "")],
    [("eureporter-normalization", "", "para. 4")],
    [("eureporter-normalization", "", "")],
    [("smm-2025-04-27", "", "")],
    [("smm-2025-04-27", "", "")],
    [("smm-2025-04-27", "", "")],
    [("doe-a", "", ""), ("doe-b", "", "p. 3")],
    [("fragile-thaw", "", "")],
    [("us-russia-pivot", "see", "")],
    [("commentary-2025-02-27", "", "")],
    [("smm-2025-04-27", "", "")],
    [("doe-a", "", "")],
]

# Differences we know of: (style, "note" or "entry", our text, pandoc's text) -> why.
KNOWN: dict[str, str] = {
    "inner quotes": "memo sets a title's own quotation marks one level in for the memo's language before the style "
    "sees it; pandoc flips them only where the style itself quotes the title, so APA (which does not) differs",
    "no repeat": "a note never repeats the note before it (memo/csl_fixes.py, fix 10): where pandoc prints a second "
    "'Ibid.' in a row, memo prints the style's short form",
    "description": "an untitled item's description (genre) that the style leaves out is put first in square "
    "brackets (memo/csl_fixes.py, fix 11); IEEE prints no genre, so pandoc's entry is the bare number or date",
    "title case": "CSL's title case capitalises a stop word only first, last or after a colon (memo/csl_fixes.py, "
    "fix 12); pandoc's citeproc also capitalises one after an abbreviation's full stop ('The U.S. And Russia')",
    "online": "citeproc-py prints IEEE's '[Online].' before 'Available:' as the style's XML asks; pandoc prints "
    "nothing there (not traced further)",
}


def _ours(style: str) -> tuple[list[str], list[str]]:
    clusters = [tuple(CiteItem(k, p, loc) for k, p, loc in c) for c in CLUSTERS]
    out = CitationStyle(style_path(style), LANG).render(clusters, SOURCES)
    return [plain(c) for c in out.citations], [f"{e.label} {plain(e.runs)}".strip() for e in out.bibliography]


def _pandoc(style: str, tmp: Path) -> tuple[list[str], list[str]]:
    keys = list(dict.fromkeys(k for c in CLUSTERS for k, _, _ in c))
    (tmp / "refs.json").write_text(json.dumps([csl_item(SOURCES[k], LANG) for k in keys]))
    paragraphs = []
    for n, cluster in enumerate(CLUSTERS, 1):
        items = "; ".join(f"{p + ' ' if p else ''}@{k}{', ' + loc if loc else ''}" for k, p, loc in cluster)
        paragraphs.append(f"X{n} [{items}].")
    (tmp / "doc.md").write_text(f"---\nlang: {LANG}\n---\n\n" + "\n\n".join(paragraphs) + "\n")
    out = pypandoc.convert_file(
        str(tmp / "doc.md"), "html", extra_args=["--citeproc", f"--bibliography={tmp / 'refs.json'}",
                                                 f"--csl={style_path(style)}", "--wrap=none"],
    )  # fmt: skip
    entries = [
        _text(e)
        for e in re.findall(
            r'<div id="ref-[^"]+" class="csl-entry"[^>]*>(.*?)</div>\s*(?=<div id="ref-|</div>)', out, re.S
        )
    ]
    notes = re.findall(r'<li id="fn\d+"[^>]*>(.*?)</li>', out, re.S)
    if notes:
        return [_text(re.sub(r'<a href="#fnref\d+"[^>]*>.*?</a>', "", n)) for n in notes], entries
    return [_text(c) for c in re.findall(r"<p>X\d+ (.*?)\.</p>", out, re.S)], entries


def _text(fragment: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", fragment))).strip()


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize("style", list(BUNDLED))
def test_same_notes_and_bibliography_as_pandoc(style: str, tmp_path: Path) -> None:
    ours_notes, ours_entries = _ours(style)
    theirs_notes, theirs_entries = _pandoc(style, tmp_path)
    before = ["", *theirs_notes[:-1]]  # pandoc's note before each one
    differ = [(a, b, c) for a, b, c in zip(map(_norm, ours_notes), theirs_notes, before, strict=True) if a != b]
    entries = zip(map(_norm, sorted(ours_entries)), sorted(theirs_entries), strict=True)
    differ += [(a, b, "") for a, b in entries if a != b]
    unexplained = [(a, b) for a, b, c in differ if _reason(a, b, c) is None]
    assert unexplained == [], "\n".join(f"ours:   {a}\npandoc: {b}" for a, b in unexplained)


def _reason(ours: str, theirs: str, theirs_before: str) -> str | None:
    if "U.S. and " in ours:
        theirs_case = ours.replace("U.S. and ", "U.S. And ")
        if theirs_case == theirs or _reason(theirs_case, theirs, theirs_before) is not None:
            return KNOWN["title case"]
    if theirs == theirs_before == "Ibid." and not ours.startswith("Ibid."):
        return KNOWN["no repeat"]
    if ours.replace("\u201c", "\u2018").replace("\u201d", "\u2019") == theirs:
        return KNOWN["inner quotes"]
    if re.match(r"\[\d+\] \[", ours) and re.sub(r"\[[^\]]*\](, |\.)", "", ours, count=1).strip() == theirs:
        return KNOWN["description"]
    if ours.replace(" [Online].", "") == theirs:
        return KNOWN["online"]
    return None
