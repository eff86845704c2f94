"""Turn a Memo into PDF bytes: the paged HTML of the template set, laid out by WeasyPrint.

WeasyPrint is given a URL fetcher that refuses everything, so nothing an
editor writes (an image, a link, a CSS url()) can make rendering read a local
file or reach the network; the stylesheet is inlined from the template set.

Preflight hook: the layout goes through `memo.preflight.layout`, which steers
notes WeasyPrint would print a page late and reports, to whoever listens, those
it could not and WeasyPrint's own warnings (the logger below stays silent).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, time
from functools import lru_cache
from typing import Any

from memo.config import Settings
from memo.document import Memo
from memo.preflight import layout as preflight
from memo.problems import MemoError
from memo.render.html import render_html
from memo.templates import TemplateSet

log = logging.getLogger("weasyprint")
log.addHandler(logging.NullHandler())
log.propagate = False


@lru_cache(maxsize=1)
def _refusing_fetcher() -> Any:
    """A WeasyPrint URL fetcher that fetches nothing: every resource must be inlined in the template."""
    from weasyprint.urls import URLFetcher

    class RefuseAll(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            raise ValueError(f"memo renders offline; refused to fetch {url[:200]!r}")

    return RefuseAll(allowed_protocols=set(), allow_redirects=False)


def _weasyprint() -> Any:
    try:
        import weasyprint
    except (ImportError, OSError) as exc:
        raise MemoError(
            "PDF output needs Pango: install libpango-1.0-0 and libpangoft2-1.0-0 "
            f"(Debian/Ubuntu: apt-get install libpango-1.0-0 libpangoft2-1.0-0) [{exc}]"
        ) from None
    return weasyprint


def missing_speedups() -> list[str]:
    """System libraries whose absence WeasyPrint survives, slowly: say so, once, on each build."""
    from weasyprint.text.ffi import harfbuzz_subset

    if harfbuzz_subset:
        return []
    return [
        "libharfbuzz-subset0 is not installed, so every PDF takes ~1.3x longer to write "
        "(Debian/Ubuntu: apt-get install libharfbuzz-subset0)"
    ]


def warm_up() -> None:
    _weasyprint()
    _refusing_fetcher()


def render(memo: Memo, templates: TemplateSet, settings: Settings) -> bytes:
    weasyprint = _weasyprint()

    html = render_html(memo, templates, settings, paged=True)
    with preflight.listening():  # preflight hook: WeasyPrint's warnings become findings
        page = weasyprint.HTML(string=html, url_fetcher=_refusing_fetcher(), base_url=None)
        document = preflight.lay_out(page)  # preflight hook: render, steer deferred notes, report the rest
        stamp = datetime.combine(memo.header.as_of, time(), UTC).isoformat()
        document.metadata.created = stamp
        document.metadata.modified = stamp
        return document.write_pdf(uncompressed_pdf=False)
