"""Turn a Memo and a template set into one self-contained HTML page.

The same page feeds WeasyPrint for the PDF (``paged=True``: notes become
``float: footnote`` spans) and is the HTML output (notes become a list at the
end). Jinja2 autoescapes and fails on any undefined name, so a template typo
is an error, not a blank.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from memo.config import Settings
from memo.dates import format_date
from memo.document import (
    BulletList,
    Emph,
    Inline,
    Link,
    Memo,
    NoteRef,
    Paragraph,
    Perspectives,
    Quote,
    SourceList,
    Strong,
    Table,
    Text,
)
from memo.problems import MemoError, display_path
from memo.templates import TemplateSet

TEMPLATE = "memo.html.j2"
STYLESHEET = "memo.css"

BLOCK_KINDS = {
    Paragraph: "paragraph",
    BulletList: "bullets",
    Table: "table",
    Perspectives: "perspectives",
    Quote: "quote",
    SourceList: "sources",
}


@lru_cache(maxsize=8)
def _environment(folder: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # Compiled templates kept between runs, keyed by path and source: compiling took a one-memo
        # build 25 ms of CPU, loading takes 2. Jinja's own per-user folder (0700, owner checked), never
        # output/: whoever can write a cached template can run code.
        bytecode_cache=jinja2.FileSystemBytecodeCache(),
    )
    env.filters["date"] = format_date
    env.filters["kind"] = lambda block: BLOCK_KINDS[type(block)]
    return env


def render_html(memo: Memo, templates: TemplateSet, settings: Settings, paged: bool) -> str:
    env = _environment(templates.dir)
    templates.path(TEMPLATE)  # a clear error naming the folder when it is missing
    notes = {n.number: n for n in memo.notes}

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
        )
    except jinja2.TemplateError as exc:
        raise MemoError(f"{_template_line(exc, templates)}: template error: {exc}") from None
    except MemoError:
        raise
    except Exception as exc:  # {{ 1 // 0 }} or a filter given the wrong kind: still the template's line
        raise MemoError(f"{_template_line(exc, templates)}: template error: {type(exc).__name__}: {exc}") from None


def _template_line(exc: Exception, templates: TemplateSet) -> str:
    """Where in the template it failed: syntax errors know their line, runtime ones are in the traceback."""
    name = getattr(exc, "filename", None) or str(templates.dir / TEMPLATE)
    line = getattr(exc, "lineno", None)
    tb = exc.__traceback__
    while tb is not None and line is None:
        if tb.tb_frame.f_code.co_filename.endswith(TEMPLATE):
            line = tb.tb_lineno
        tb = tb.tb_next
    return f"{display_path(name)}:{line or 1}"


def _run(run: Inline, notes: dict, paged: bool) -> Markup:
    if isinstance(run, Text):
        return escape(run.text)
    if isinstance(run, Emph):
        return Markup("<em>%s</em>") % _join(run.children, notes, paged)
    if isinstance(run, Strong):
        return Markup("<strong>%s</strong>") % _join(run.children, notes, paged)
    if isinstance(run, Link):
        return Markup('<a href="%s">%s</a>') % (run.href, _join(run.children, notes, paged))
    if isinstance(run, NoteRef):
        n = run.number
        if paged:
            return Markup('<span class="footnote" id="note-%d">%s</span>') % (n, _join(notes[n].runs, notes, paged))
        return Markup('<sup class="note-ref" id="ref-%d"><a href="#note-%d">%d</a></sup>') % (n, n, n)
    raise TypeError(f"unknown run {run!r}")


def _join(items: tuple[Inline, ...], notes: dict, paged: bool) -> Markup:
    return Markup("").join(_run(r, notes, paged) for r in items)


def render(memo: Memo, templates: TemplateSet, settings: Settings) -> bytes:
    return render_html(memo, templates, settings, paged=False).encode("utf-8")
