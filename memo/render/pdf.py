"""Turn a Memo into PDF bytes: the paged HTML of the template set, laid out by WeasyPrint.

WeasyPrint is given a URL fetcher that refuses everything, so nothing an
editor writes (an image, a link, a CSS url()) can make rendering read a local
file or reach the network; the stylesheet is inlined from the template set.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, time
from typing import Any

from memo.config import Settings
from memo.document import Memo
from memo.render.html import render_html
from memo.templates import TemplateSet

log = logging.getLogger("weasyprint")
log.addHandler(logging.NullHandler())
log.propagate = False


class FetchRefused(ValueError):
    pass


def refuse_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """Every resource must be inlined in the template; anything else is refused, never fetched."""
    raise FetchRefused(f"memo renders offline; refused to fetch {url[:200]!r}")


def render(memo: Memo, templates: TemplateSet, settings: Settings) -> bytes:
    import weasyprint

    html = render_html(memo, templates, settings, paged=True)
    document = weasyprint.HTML(string=html, url_fetcher=refuse_fetch, base_url=None).render()
    stamp = datetime.combine(memo.header.as_of, time(), UTC).isoformat()
    document.metadata.created = stamp
    document.metadata.modified = stamp
    return document.write_pdf(uncompressed_pdf=False)
