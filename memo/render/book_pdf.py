"""Turn a Book into PDF bytes, and say which page each chapter starts on: the book's paged HTML laid out by WeasyPrint.

As a memo's PDF (memo/render/pdf.py: the same refusing URL fetcher, tags, dates from the content, provenance
in the XMP and the info dictionary), but laid
out once: the book stacks its perspectives and lets a note take its call's line along (book.css), where a
memo lays itself out again to mend a page. The chapters' first pages come from the same layout whose
``target-counter`` numbers the contents, and give the Word file's contents its numbers.
"""

from __future__ import annotations

import warnings
from datetime import UTC, datetime, time
from typing import Any

from memo import provenance
from memo.config import Settings
from memo.document import Book
from memo.preflight import layout as preflight
from memo.render.collector import paused
from memo.render.html import nest_links, render_book_html
from memo.render.pdf import _finish, _refusing_fetcher, _weasyprint, _with_provenance
from memo.templates import TemplateSet


def render(book: Book, templates: TemplateSet, settings: Settings) -> bytes:
    return lay_out(book, templates, settings)[0]


def lay_out(book: Book, templates: TemplateSet, settings: Settings) -> tuple[bytes, dict[str, int]]:
    """The book's PDF, and the page each chapter (by topic) and the source list (``sources``) start on."""
    weasyprint = _weasyprint()
    html = render_book_html(book, templates, settings, paged=True)
    # the collector paused, as for a memo; WeasyPrint's warnings, and notes still late, reach whoever listens
    with paused(), preflight.listening():
        document = preflight.lay_out(
            nest_links(weasyprint.HTML(string=html, url_fetcher=_refusing_fetcher(), base_url=None))
        )
        starts = page_of_anchors(document, [*book.topics, "sources"])
        stamp = datetime.combine(book.cover.as_of, time(), UTC).isoformat()
        document.metadata.created = document.metadata.modified = stamp
        record = provenance.book_record(book)
        if record is not None:
            document.metadata = _with_provenance(document.metadata, record)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ResourceWarning)  # WeasyPrint 70's sRGB profile, as in pdf.py
            data = document.write_pdf(
                uncompressed_pdf=False, pdf_variant=settings.pdf_variant, pdf_tags=True, finisher=_finish
            )
    return data, starts


def page_of_anchors(document: Any, names: list[str]) -> dict[str, int]:
    """The (1-based) page each of ``names`` (element ids) is on, from the laid-out pages."""
    wanted, found = set(names), dict[str, int]()
    for number, page in enumerate(document.pages, 1):
        for name in page.anchors:
            if name in wanted:
                found.setdefault(name, number)
    return found
