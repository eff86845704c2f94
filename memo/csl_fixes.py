"""Run citeproc-py over CSL items and citation clusters, mending what it lacks: CSL in, HTML strings out.

citeproc-py (0.11) formats and positions citations well, but the bundled
styles need some things it does not do; each is mended here and tested in
tests/test_cite.py and tests/test_pandoc.py (README, "Citation styles", says the same):

1. Disambiguation is not done: ``disambiguate="true"`` conditions are always
   taken, and two works by one author in one year both read "(Doe 2025)". We
   find the items whose citations would read the same (a first pass), rewrite
   the condition into a test of a variable only those items carry, and, where
   the style asks for it, give them year suffixes (2025a, 2025b) in the order of
   the bibliography. (Adding names or given names is not done.)
2. ``initialize="false"`` on a name is ignored, so Chicago printed "J. Doe"
   where it asks for "Jane Doe". Our ``Name`` honours it.
3. A variable printed through a macro in ``cs:substitute`` is not suppressed in
   the rest of the citation (CSL 1.0, "Substitution"), so an untitled item's
   description printed twice. Our ``Substitute`` records what the macro printed
   and suppresses it.
4. ``second-field-align`` and ``display="left-margin"`` are ignored, so IEEE's
   "[1]" ran into the entry. We end that first field with a tab, which
   ``memo.cite`` splits off as the entry's label: renderers set it where they
   would set the list's own number, so an entry is numbered once.
5. ``cs:label`` prints its term even when its variable is empty (CSL says it
   must not), so every Chicago note on a newspaper ended in "Edition". Our
   ``Label`` prints nothing then.
6. A note style's citation is not capitalised at the start of its note
   ("ibid." where Chicago prints "Ibid."); we capitalise its first letter.
7. Speed, not wording: citeproc-py answers the same XPath questions about the
   style (which macro, which layout) tens of thousands of times a memo, about
   5 s for one of ours. While we run it, ``_remembered`` keeps each answer.
8. Items of one citation are put in the order their sources were first cited
   in the memo, not the order written ("[@b; @a]" printed a first); CSL keeps
   the written order unless the style sorts citations. Our ``Layout`` does.
9. A full stop after a title that ends in "!" or "?" is dropped, as CSL's
   punctuation rules and pandoc do ("Branches!\u2019." printed both).
10. Not a citeproc-py fault but a rule of ours, for note styles: a note never
    repeats the note before it word for word. Where the style would print the
    same text twice in a row ("Ibid." after "Ibid."), the second citation is
    given the style's subsequent (short) form instead, so a reader always finds
    what an "Ibid." means in the note just above it, and never a run of them
    (Chicago itself now prefers the short form to ibid., CMOS 17, 14.34).
    pandoc prints the run of "Ibid."; tests/test_pandoc.py lists the difference.
11. Also ours: an untitled item's description (``genre``) that the style
    leaves out of its bibliography entry is put first, in square brackets, as
    APA sets a description. IEEE prints no genre for most types, so an
    untitled, unsigned article's entry was empty or a bare date.
12. Title case capitalised a stop word after any word ending in a full stop, so
    "The U.S. and Russia" printed as "The U.S. And Russia". CSL capitalises a
    stop word only first, last, or after a colon; an abbreviation's full stop
    ends no sentence. Our ``Text`` does that.
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc import model as csl
from citeproc.source import Locator
from citeproc.source.json import CiteProcJSON
from lxml import etree

NS = "{http://purl.org/net/xbiblio/csl}"
DISAMBIGUATE = "memo-disambiguate"  # a variable only items that need telling apart carry
LABEL_END = "\t"  # ends an entry's label, the field a style aligns in a column of its own (fix 4)
NOT_IBID = "memo-not-ibid"  # a citation item's mark: its position is never ibid. (fix 10)


class Name(csl.Name, csl.CitationStylesElement):
    """cs:name that honours ``initialize="false"`` (fix 2)."""

    def initialize(self, given, mark, context):
        if self.get("initialize") == "false":
            return given
        return super().initialize(given, mark, context)


class Text(csl.Text, csl.CitationStylesElement):
    """cs:text that tells a recording cs:substitute which variables it printed (fix 3), and title-cases as
    CSL says (fix 12)."""

    def case(self, text, language=None):
        if self.get("text-case") != "title" or language != "en":
            return super().case(text, language)
        words = list(text.words())
        out: list[Any] = []
        for i, word in enumerate(words):
            first_or_last = i == 0 or i == len(words) - 1 or str(out[-1]).endswith(":")
            if word.islower() and (str(word) not in csl.TextCased._stop_words or first_or_last):
                word = word.capitalize_first()
            elif word.islower():
                word = word.soft_lower()
            out.append(word)
        return " ".join(out)

    def _variable(self, item, context):
        text = super()._variable(item, context)
        record = getattr(context.get_layout(), "memo_record", None)
        if text and record is not None:
            record.append((self.tag, self.get("variable")))
        return text


class Label(csl.Label, csl.CitationStylesElement):
    """cs:label that prints nothing when its variable is empty (fix 5)."""

    def process(self, item, variable=None, plural=None, context=None, **kwargs):
        own = self.get("variable")
        if variable is None and own not in (None, "locator") and own.replace("-", "_") not in item.reference:
            return None
        return super().process(item, variable=variable, plural=plural, context=context, **kwargs)


class Layout(csl.Layout, csl.CitationStylesElement):
    """cs:layout that keeps a citation's items in the order written, unless the style sorts them (fix 8)."""

    def render_citation(self, citation, callback):
        good = [cite for cite in citation.cites if not cite.is_bad()]
        bad = [cite for cite in citation.cites if cite.is_bad()]
        if self.getparent().sort is not None:
            good = self.getparent().sort.sort(good, self)
        out = []
        for item in good:
            self.repressed = {}
            try:
                output = self.render_children(item)
            except csl.VariableError:
                continue
            if output is not None:
                out.append(item.get("prefix", "") + output + item.get("suffix", ""))
                self.getparent().cites.append(item)
        out += [callback(item) or f"{item.key}?" for item in bad]
        return self.format(self.wrap(self.join(out)))


class _NotIbid:
    """cs:if and cs:else-if whose position test never finds ibid. for an item marked NOT_IBID (fix 10)."""

    def _position(self, item, context):
        results = super()._position(item, context)  # type: ignore[misc]
        if NOT_IBID in item:
            positions = self.get("position").split()  # type: ignore[attr-defined]
            results = [r and p not in ("ibid", "ibid-with-locator") for p, r in zip(positions, results, strict=False)]
        return results


class If(_NotIbid, csl.If, csl.CitationStylesElement):
    pass


class Else_If(_NotIbid, csl.Else_If, csl.CitationStylesElement):  # citeproc-py finds it by this name
    pass


class Substitute(csl.Substitute, csl.CitationStylesElement):
    """cs:substitute that suppresses variables a macro printed for it, not only a direct child's (fix 3)."""

    def render(self, item, context=None, **kwargs):
        layout = (context if context is not None else self).get_layout()
        outer = getattr(layout, "memo_record", None)
        layout.memo_record = []
        try:
            text = super().render(item, context=context, **kwargs)
            if text:
                for tag, variable in layout.memo_record:
                    layout.repressed.setdefault(tag, []).append(variable)
        finally:
            recorded, layout.memo_record = layout.memo_record, outer
            if outer is not None:
                outer.extend(recorded)
        return text


def _mend(xml: bytes) -> bytes:
    """The style's XML with fixes 1 and 4 written in."""
    root = etree.fromstring(xml, etree.XMLParser(no_network=True, resolve_entities=False, remove_comments=True))
    for cond in root.iter(NS + "if", NS + "else-if"):
        if cond.get("disambiguate") == "true":
            del cond.attrib["disambiguate"]
            cond.set("variable", " ".join(filter(None, (cond.get("variable"), DISAMBIGUATE))))
    aligned = [el for el in root.iter() if el.get("display") == "left-margin"]
    for bibliography in root.iter(NS + "bibliography"):
        layout = bibliography.find(NS + "layout")
        if bibliography.get("second-field-align") and layout is not None and len(layout):
            aligned.append(layout[0])
    for el in aligned:
        el.set("suffix", el.get("suffix", "") + LABEL_END)
    return etree.tostring(root)


def process(
    xml: bytes, locale: str, items: list[dict[str, Any]], clusters: list[list[dict[str, str]]], note: bool = True
) -> tuple[list[str], list[tuple[str, str]]]:
    """Each cluster's citation and each item's bibliography entry (in the style's order), as citeproc-py's HTML."""
    groups = _clashing(xml, locale, items)
    if groups:
        items = _disambiguated(xml, locale, items, groups)
    citations, entries = _run(xml, locale, items, clusters, no_repeats=note)
    citations = [_one_stop(text) for text in citations]
    entries = [(key, _one_stop(_described(text, next(it for it in items if it["id"] == key)))) for key, text in entries]
    if note:  # a citation opens its note with a capital ("Ibid."), as pandoc and citeproc-js set it (fix 6)
        citations = [_capitalised(text) for text in citations]
    return citations, entries


def _described(html: str, item: dict[str, Any]) -> str:
    """An entry with its untitled item's description, where the style printed none of it (fix 11)."""
    genre = item.get("genre")
    if not genre or item.get("title") or genre in html:
        return html
    label, _, rest = html.rpartition(LABEL_END)
    rest = rest.strip()
    return f"{label}{LABEL_END if label else ''}[{genre}]" + (f", {rest}" if rest else ".")


def _disambiguated(xml: bytes, locale: str, items: list[dict[str, Any]], groups: list[set[str]]) -> list[dict]:
    """Items that would read the same, told apart (fix 1): the style's disambiguate="true" branches, and,
    where the style asks for it, a year suffix (2025a, 2025b) in the order of its bibliography."""
    clash = set().union(*groups)
    items = [{**it, DISAMBIGUATE: "true"} if it["id"] in clash else it for it in items]
    citation = _style(xml, locale)[0].root.find(NS + "citation")
    if citation is None or citation.get("disambiguate-add-year-suffix") != "true":
        return items
    order = [key for key, _ in _run(xml, locale, items, [[{"key": str(it["id"]).lower()}] for it in items])[1]]
    suffix: dict[str, str] = {}
    for group in groups:
        for n, key in enumerate(sorted(group, key=lambda k: order.index(k) if k in order else len(order))):
            suffix[key] = chr(ord("a") + n) if n < 26 else str(n + 1)
    return [{**it, "year-suffix": suffix[it["id"]]} if it["id"] in suffix else it for it in items]


def _clashing(xml: bytes, locale: str, items: list[dict[str, Any]]) -> list[set[str]]:
    """Groups of different items whose citations would read the same, first or subsequent (fix 1).

    Every item is cited twice round, alone, so the second round shows each one's subsequent form.
    """
    if len(items) < 2:
        return []
    probe = [[{"key": str(it["id"]).lower()}] for it in items] * 2
    texts, _ = _run(xml, locale, items, probe)
    groups: dict[str, set[str]] = {}
    for half in (texts[: len(items)], texts[len(items) :]):
        for it, text in zip(items, half, strict=True):
            groups.setdefault(text, set()).add(it["id"])
    merged: list[set[str]] = []
    for group in (g for g in groups.values() if len(g) > 1):
        for other in [m for m in merged if m & group]:
            group |= other
            merged.remove(other)
        merged.append(group)
    return merged


_DOUBLE_STOP = re.compile(r"([!?][\u2019\u201d\u00bb\u203a'\"]?(?:</[a-z]+>)*)\.")


def _one_stop(html: str) -> str:
    """No full stop after a title's own ! or ? (fix 9): "...Olive Branches!\u2019. 27 April" -> "...Branches!\u2019 27 April"."""
    return _DOUBLE_STOP.sub(r"\1", html)


def _capitalised(html: str) -> str:
    i = 0
    while i < len(html) and html[i] == "<":  # past any opening tags
        i = html.index(">", i) + 1
    return html[:i] + html[i : i + 1].upper() + html[i + 1 :]


@lru_cache(maxsize=8)
def _style(xml: bytes, locale: str) -> tuple[CitationStylesStyle, dict]:
    """The parsed style (fixes 1 and 4 written in) and its remembered answers, once per process: a style keeps
    no state between memos (the citations so far are handed to it on each call)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc-py warns about CSL it reads past; the tests compare with pandoc
        return CitationStylesStyle(io.BytesIO(_mend(xml)), locale=locale, validate=False), {}


@contextmanager
def _remembered(answers: dict) -> Iterator[None]:
    """citeproc-py's questions about the style's structure, each answered once per element (fix 7): its XPath
    look-ups (which macro, which layout) and whether an element calls a variable.

    The style is not changed while it runs, so an answer holds; the cache keeps the element itself, so its id
    cannot be reused by another element while the answer is kept.
    """
    patched = [
        (csl.CitationStylesElement, "xpath_search"),
        (csl.Parent, "calls_variable"),
        (csl.Text, "calls_variable"),
    ]
    originals = [(cls, name, cls.__dict__[name]) for cls, name in patched]

    def remembering(original: Any) -> Any:
        def answer(self: Any, *args: Any) -> Any:
            key = (id(self), original, *args)
            hit = answers.get(key)
            if hit is None:
                hit = answers[key] = (self, original(self, *args))
            return list(hit[1]) if isinstance(hit[1], list) else hit[1]

        return answer

    for cls, name, original in originals:
        setattr(cls, name, remembering(original))
    try:
        yield
    finally:
        for cls, name, original in originals:
            setattr(cls, name, original)


def _run(
    xml: bytes,
    locale: str,
    items: list[dict[str, Any]],
    clusters: list[list[dict[str, str]]],
    no_repeats: bool = False,
) -> tuple[list[str], list[tuple[str, str]]]:
    style, answers = _style(xml, locale)
    with warnings.catch_warnings(), _remembered(answers):
        warnings.simplefilter("ignore")
        bib = CitationStylesBibliography(style, CiteProcJSON(items), formatter.html)
        cites = [Citation([_item(c) for c in cluster]) for cluster in clusters]
        for cite in cites:
            bib.register(cite)
        texts: list[str] = []
        for cite in cites:
            done = len(bib._cites)  # the items cited so far, which the style reads positions from
            text = str(bib.cite(cite, _missing))
            if no_repeats and texts and text == texts[-1]:  # the same note twice in a row: once more, not ibid.
                del bib._cites[done:]
                for item in cite.cites:
                    item[NOT_IBID] = True
                text = str(bib.cite(cite, _missing))
            texts.append(text)
        entries: list[tuple[str, str]] = []
        if style.has_bibliography():
            bib.sort()
            for item in bib.items:
                out = style.render_bibliography([item])
                entries.append((_id_of(item.key, items), str(out[0]) if out else ""))
    return texts, entries


def _item(cite: dict[str, str]) -> CitationItem:
    extra: dict[str, Any] = {k: cite[k] for k in ("prefix", "suffix") if k in cite}
    if "locator" in cite:
        extra["locator"] = Locator(cite["label"], cite["locator"])
    return CitationItem(cite["key"], **extra)


def _id_of(key: str, items: list[dict[str, Any]]) -> str:
    return next(it["id"] for it in items if str(it["id"]).lower() == key)


def _missing(item: Any) -> str:
    raise KeyError(item.key)
