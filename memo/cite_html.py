"""Turn citeproc-py's HTML output (i, b, span for small caps) into document-model runs.

Only a citation the cache (memo.cite_cache) has not answered before needs it, so html.parser is imported
then, not by every build.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from memo.csl_fixes import LABEL_END  # imported with citeproc-py: this module is only used with it
from memo.document import Emph, Inline, Link, Runs, Strong, Text, merge_text

_URL = re.compile(r"https?://[^\s<>]+[^\s<>.,;:)\]]")


def runs(html: str, urls: set[str]) -> Runs:
    """The runs of one citation or entry; a source's own address in ``urls``, printed as text, becomes a link."""
    parser = _Runs()
    parser.feed(html)
    parser.close()
    while len(parser.stack) > 1:
        parser.handle_endtag(parser.stack[-1][0])
    return tuple(merge_text(_linked(merge_text(parser.stack[0][1]), urls)))


def labelled(runs: Runs) -> tuple[str, Runs]:
    """The style's label of an entry (what it aligns in a column: IEEE's "[1]"), split from the entry's runs."""
    first = runs[0] if runs else None
    if isinstance(first, Text) and LABEL_END in first.text:
        label, rest = first.text.split(LABEL_END, 1)
        return label.strip(), tuple(merge_text([Text(rest.lstrip()), *runs[1:]]))
    return "", runs


class _Runs(HTMLParser):
    """citeproc-py's HTML output (i, b, span for small caps) back into document-model runs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, list[Inline]]] = [("", [])]

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.stack.append((tag, []))

    def handle_endtag(self, tag: str) -> None:
        if len(self.stack) < 2:
            return
        kind, runs = self.stack.pop()
        runs = merge_text(runs)
        if kind in ("i", "em"):
            self.stack[-1][1].append(Emph(tuple(runs)))
        elif kind in ("b", "strong"):
            self.stack[-1][1].append(Strong(tuple(runs)))
        else:  # small caps, superscript...: the text, plain
            self.stack[-1][1].extend(runs)

    def handle_data(self, data: str) -> None:
        self.stack[-1][1].append(Text(data))


def _linked(runs: list[Inline], urls: set[str]) -> list[Inline]:
    """A source's own URL or DOI address, printed by the style as text, becomes a link to itself."""
    out: list[Inline] = []
    for run in runs:
        if isinstance(run, Text):
            last = 0
            for m in _URL.finditer(run.text):
                if m.group(0) in urls or any(m.group(0) == u.rstrip(".") for u in urls):
                    out.append(Text(run.text[last : m.start()]))
                    out.append(Link(m.group(0), (Text(m.group(0)),)))
                    last = m.end()
            out.append(Text(run.text[last:]))
        elif isinstance(run, Emph | Strong):
            out.append(type(run)(tuple(_linked(list(run.children), urls))))
        else:
            out.append(run)
    return [r for r in out if not (isinstance(r, Text) and not r.text)]
