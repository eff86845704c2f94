"""Turn a Memo and a template set into one self-contained HTML page.

The same page feeds WeasyPrint for the PDF (``paged=True``: notes become
``float: footnote`` spans) and is the HTML output (notes become a list at the
end). Jinja2 autoescapes and fails on any undefined name, so a template typo
is an error, not a blank.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from functools import lru_cache
from pathlib import PurePath
from typing import Any, NamedTuple

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup, escape

from memo import provenance
from memo.bidi import direction_spans, is_rtl, plain_text
from memo.config import Settings
from memo.dates import format_date
from memo.document import (
    Book,
    BulletList,
    Emph,
    Inline,
    Link,
    Memo,
    Note,
    NoteRef,
    Paragraph,
    Perspectives,
    Quote,
    SourceList,
    Strong,
    Table,
    Text,
    anchor,
)
from memo.problems import MemoError, display_path
from memo.render.measure import ems, fit
from memo.templates import TemplateSet, bytecode_cache

TEMPLATE = "memo.html.j2"
STYLESHEET = "memo.css"
BOOK_TEMPLATE = "book.html.j2"
BOOK_STYLESHEET = "book.css"

# A WORD JOINER before each note call: Pango, and so WeasyPrint, may break a line between punctuation and a
# digit ("deal.", "deal," then the call "4"; a browser after "?", "…" or "—"), which left a call alone at
# the start of the next line. The joiner takes that break away and nothing else: it has no width and no
# glyph, and is not in the PDF's text.
JOIN = Markup("\u2060")

# The types of the files a template set embeds: mimetypes reads the system's type tables on its first
# question (7 ms), and a draft's watermark is an SVG.
MEDIA_TYPES = {
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
}

BLOCK_KINDS = {
    Paragraph: "paragraph",
    BulletList: "bullets",
    Table: "table",
    Perspectives: "perspectives",
    Quote: "quote",
    SourceList: "sources",
}


class SetLoader(jinja2.BaseLoader):
    """Every template name, includes and imports too, goes through the template set's own path check,
    so an ``{% include %}`` of a file linked outside the set is refused like any other such file."""

    def __init__(self, templates: TemplateSet) -> None:
        self.templates = templates

    def get_source(self, environment: jinja2.Environment, name: str) -> tuple[str, str, Callable[[], bool]]:
        if not (self.templates.dir / name).exists() and not (self.templates.dir / name).is_symlink():
            raise jinja2.TemplateNotFound(name, f"{name!r} not found in search path: {str(self.templates.dir)!r}")
        path = self.templates.path(name)  # MemoError for a name or link that leaves the set
        mtime = path.stat().st_mtime
        return path.read_text(encoding="utf-8"), str(path), lambda: path.exists() and path.stat().st_mtime == mtime


@lru_cache(maxsize=8)
def _environment(templates: TemplateSet) -> jinja2.Environment:
    # Sandboxed: a template set is a project's file, and may come from a less trusted hand than the code;
    # it gets the memo, filters and two functions, never Python's internals (os, open).
    env = ImmutableSandboxedEnvironment(
        loader=SetLoader(templates),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # Compiled templates kept between runs, keyed by path and source: compiling took a one-memo
        # build 25 ms of CPU, loading takes 2. Jinja's own per-user folder (0700, owner checked), never
        # output/: whoever can write a cached template can run code.
        bytecode_cache=bytecode_cache(),
    )
    env.filters["date"] = format_date
    env.filters["ems"] = ems
    env.filters["dir"] = direction
    env.filters["fit"] = fit
    env.filters["kind"] = lambda block: BLOCK_KINDS[type(block)]
    return env


def direction(value: object) -> str:
    """``rtl`` when the first letter with a direction is right-to-left (Arabic, Hebrew), else ``auto``.

    Browsers resolve ``dir="auto"`` themselves; WeasyPrint does not, so a block that is right-to-left
    says so outright, and its full stop and quotation marks land at its own end.
    """
    text = value if isinstance(value, str) else plain_text(value if isinstance(value, tuple | list) else (value,))
    return "rtl" if is_rtl(text) else "auto"


def render_html(
    memo: Memo, templates: TemplateSet, settings: Settings, paged: bool, layout: dict[str, str] | None = None
) -> str:
    """The page; ``layout`` holds choices the PDF renderer makes after a first layout (such as
    ``perspectives="stacked"``), which the template may honour."""
    env = _environment(templates)
    templates.path(TEMPLATE)  # a clear error naming the folder when it is missing
    notes = {n.number: n for n in memo.notes}
    record = provenance.record(memo)
    stamped = provenance.properties(record) if record else []

    def runs(items: tuple[Inline, ...]) -> Markup:
        return Markup("").join(_run(r, notes, paged) for r in items)

    try:
        return env.get_template(TEMPLATE).render(
            memo=memo,
            h=memo.header,
            css=Markup(templates.read_text(STYLESHEET)),
            paper=settings.paper,
            paged=paged,
            runs=runs,
            asset=lambda name: _data_url(templates, name),
            layout=layout or {},
            provenance=[(name, str(value).lower() if isinstance(value, bool) else value) for name, value in stamped],
        )
    except jinja2.TemplateError as exc:
        raise MemoError(f"{_template_line(exc, templates)}: template error: {exc}") from None
    except MemoError:
        raise
    except Exception as exc:  # {{ 1 // 0 }} or a filter given the wrong kind: still the template's line
        raise MemoError(f"{_template_line(exc, templates)}: template error: {type(exc).__name__}: {exc}") from None


def _data_url(templates: TemplateSet, name: str) -> str:
    """A file of the template set as a data: URL, so the page carries it and the renderer fetches nothing."""
    kind = MEDIA_TYPES.get(PurePath(name).suffix.lower())
    if kind is None:
        import mimetypes

        kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return f"data:{kind};base64,{base64.b64encode(templates.read_bytes(name)).decode('ascii')}"


def _template_line(exc: Exception, templates: TemplateSet, template: str = TEMPLATE) -> str:
    """Where in the template it failed: syntax errors know their line, runtime ones are in the traceback."""
    name = getattr(exc, "filename", None) or str(templates.dir / template)
    line = getattr(exc, "lineno", None)
    tb = exc.__traceback__
    while tb is not None and line is None:
        if tb.tb_frame.f_code.co_filename.endswith(template):
            line = tb.tb_lineno
        tb = tb.tb_next
    return f"{display_path(name)}:{line or 1}"


class _Marks(NamedTuple):
    """How note marks are written: the memo's notes by number, and, in a book, its topic's id prefix (``topic.``).

    A named tuple: a frozen dataclass costs every HTML or PDF build 1.5 ms to define.
    """

    notes: dict[int, Note]
    prefix: str = ""


def _run(run: Inline, notes: dict | _Marks, paged: bool, in_link: bool = False) -> Markup:
    """One run as HTML. ``in_link``: inside an <a> already, where another <a> may not stand (HTML closes the
    first at the second, and WeasyPrint would then print a note's address in the body text)."""
    marks = notes if isinstance(notes, _Marks) else _Marks(notes)
    if isinstance(run, Text):
        # isolate right-to-left words, so the text around them keeps its own order and punctuation
        return Markup("").join(
            Markup("<bdi>%s</bdi>") % piece if rtl else escape(piece)
            for piece, rtl in direction_spans(run.text, rtl=False)
        )
    if isinstance(run, Emph):
        return Markup("<em>%s</em>") % _join(run.children, marks, paged, in_link)
    if isinstance(run, Strong):
        return Markup("<strong>%s</strong>") % _join(run.children, marks, paged, in_link)
    if isinstance(run, Link):
        if in_link:  # an address in a note, whose call is a link: printed, and a link in the source list; in a
            # book, a link again once parsed (nest_links): a note's numbers there point into the book's source list
            return Markup('<span class="url" data-href="%s">%s</span>') % (
                run.href,
                _join(run.children, marks, paged, in_link),
            )
        return Markup('<a href="%s">%s</a>') % (run.href, _join(run.children, marks, paged, True))
    if isinstance(run, NoteRef):
        n, p = run.number, marks.prefix
        if paged:
            # a note runs in its own direction, not that of the (perhaps right-to-left) text that calls it
            side = "rtl" if direction(marks.notes[n].runs) == "rtl" else "ltr"
            note = Markup('<span class="footnote" id="%snote-%d" dir="%s">%s</span>') % (
                p,
                n,
                side,
                _join(marks.notes[n].runs, marks, paged, in_link=True),
            )
            if in_link:  # a citation inside a link: a plain call
                return JOIN + note
            # the link around the note makes its call (all that stays in the line) jump to the note
            return JOIN + Markup('<a class="note-call" href="#%snote-%d">%s</a>') % (p, n, note)
        return JOIN + Markup('<sup class="note-ref" id="%sref-%d"><a href="#%snote-%d">%d</a></sup>') % (p, n, p, n, n)
    raise TypeError(f"unknown run {run!r}")


def _join(items: tuple[Inline, ...], notes: dict | _Marks, paged: bool, in_link: bool = False) -> Markup:
    return Markup("").join(_run(r, notes, paged, in_link) for r in items)


def nest_links(page: Any) -> Any:
    """A parsed book page (a ``weasyprint.HTML``) with its notes' links made links again.

    A note's call is a link to the note, and the note stands inside it; a book's notes hold links of their own
    (into the book's source list), which HTML may not nest in another link, so they are written as
    ``<span data-href>`` and become ``<a>`` only here, after parsing, where nothing undoes the nesting.
    """
    for span in page.etree_element.iter("span"):
        href = span.attrib.pop("data-href", None)
        if href is not None:
            span.tag = "a"
            span.set("href", href)
    return page


def render(memo: Memo, templates: TemplateSet, settings: Settings) -> bytes:
    return render_html(memo, templates, settings, paged=False).encode("utf-8")


def render_book_html(book: Book, templates: TemplateSet, settings: Settings, paged: bool) -> str:
    """A book's page: the cover, the contents, each memo as a chapter, the merged source list."""
    env = _environment(templates)
    templates.path(BOOK_TEMPLATE)

    def runs_of(memo: Memo) -> Callable[[tuple[Inline, ...]], Markup]:
        marks = _Marks({n.number: n for n in memo.notes}, anchor(memo.topic, ""))
        return lambda items: Markup("").join(_run(r, marks, paged) for r in items)

    plain = _Marks({})
    record = provenance.book_record(book)
    stamped = provenance.properties(record) if record else []
    try:
        return env.get_template(BOOK_TEMPLATE).render(
            book=book,
            c=book.cover,
            css=Markup(templates.read_text(STYLESHEET) + "\n" + templates.read_text(BOOK_STYLESHEET)),
            paper=settings.paper,
            paged=paged,
            runs_of=runs_of,
            runs=lambda items: Markup("").join(_run(r, plain, paged) for r in items),
            anchor=anchor,
            asset=lambda name: _data_url(templates, name),
            # One view above the other in every chapter: side by side, WeasyPrint 70 moves a pair of views
            # that holds notes whole to the next page (memo/render/pdf.py), and a memo then lays itself out
            # again stacked; a book of thirty pages cannot afford a second layout.
            layout={"perspectives": "stacked"},
            provenance=[(name, str(value).lower() if isinstance(value, bool) else value) for name, value in stamped],
        )
    except jinja2.TemplateError as exc:
        raise MemoError(f"{_template_line(exc, templates, BOOK_TEMPLATE)}: template error: {exc}") from None
    except MemoError:
        raise
    except Exception as exc:
        raise MemoError(
            f"{_template_line(exc, templates, BOOK_TEMPLATE)}: template error: {type(exc).__name__}: {exc}"
        ) from None


def render_book(book: Book, templates: TemplateSet, settings: Settings) -> bytes:
    return render_book_html(book, templates, settings, paged=False).encode("utf-8")
