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
import warnings
from datetime import UTC, datetime, time
from functools import lru_cache
from typing import Any

from memo import provenance
from memo.config import Settings
from memo.document import Memo
from memo.preflight import layout as preflight
from memo.preflight.findings import Finding
from memo.problems import MemoError
from memo.render.collector import paused
from memo.render.html import render_html
from memo.render.weasyprint_fixes import keep_lost_notes
from memo.templates import TemplateSet

log = logging.getLogger("weasyprint")
log.addHandler(logging.NullHandler())
log.propagate = False


@lru_cache(maxsize=1)
def _refusing_fetcher() -> Any:
    """A WeasyPrint URL fetcher that fetches nothing: every resource must be inlined in the template.

    A ``data:`` URL holds its bytes and names no place, so it is decoded, not fetched: that is how the
    template set's own images (the DRAFT watermark) reach the page. Editors cannot write one that
    WeasyPrint would load, since their text is escaped and Markdown images are only ever links.
    """
    from urllib.request import urlopen

    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class RefuseAll(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:"):
                with urlopen(url) as response:  # data: only: urllib decodes it in memory
                    return URLFetcherResponse(url, response.read(), {"Content-Type": response.headers["Content-Type"]})
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
    keep_lost_notes()  # WeasyPrint 70 can drop a note whose call it prints (memo/render/weasyprint_fixes.py)
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

    def lay_out(**layout: str) -> tuple[Any, list[Finding]]:
        html = render_html(memo, templates, settings, paged=True, layout=layout)
        # preflight hook: render, steer notes WeasyPrint would print a page late
        return preflight.steer(weasyprint.HTML(string=html, url_fetcher=_refusing_fetcher(), base_url=None))

    # the collector paused (memo/render/collector.py); preflight hook: WeasyPrint's warnings become findings
    with paused(), preflight.listening():
        document, findings = lay_out()
        faults = _faults(document, findings)
        small = len(document.pages) <= preflight.STEERING_PAGES  # a second layout of a long one costs seconds
        if any(faults) and small:  # side by side, the perspectives lost a note, left a blank stretch, a note late
            stacked, stacked_findings = lay_out(perspectives="stacked")  # or an empty column: stack them
            better = _faults(stacked, stacked_findings)
            no_worse = better != faults and all(b <= f for b, f in zip(better, faults, strict=True))
            if no_worse or better[0] < faults[0]:  # on any count; or it prints a note the other loses
                document, findings = stacked, stacked_findings
        preflight.report(findings)  # what is left after steering: notes still on a later page
        stamp = datetime.combine(memo.header.as_of, time(), UTC).isoformat()
        document.metadata.created = stamp
        document.metadata.modified = stamp
        record = provenance.record(memo)
        if record is not None:
            document.metadata = _with_provenance(document.metadata, record)
            if settings.pdf_variant == "pdf/a-3b":  # PDF/A-3 may carry files: an archived memo keeps its data
                document.metadata.attachments = _attachments(memo)
        with warnings.catch_warnings():
            # WeasyPrint 70 leaves its sRGB profile (PDF/A's output intent) open; the leak is its, not ours.
            warnings.simplefilter("ignore", ResourceWarning)
            # Tags in every variant: an archived memo must be as readable as a published one.
            return document.write_pdf(
                uncompressed_pdf=False, pdf_variant=settings.pdf_variant, pdf_tags=True, finisher=_finish
            )


def _faults(document: Any, findings: list[Finding]) -> tuple[int, int, int, int]:
    """What stacking the perspectives may mend: notes never printed (their call is; first, as a lost note
    outweighs the rest), pages with a blank stretch, notes printed late or not at all, and pages where a
    perspective's column goes on empty beside the other's last lines."""
    return (
        len(preflight.lost_notes(document)),
        len(preflight.blank_stretches(document)),
        len(findings),
        len(preflight.empty_columns(document)),
    )


def _finish(document: Any, pdf: Any) -> None:
    """Open the bookmarks pane and show the title, not the file name, in the viewer's title bar; add the
    provenance to the document information dictionary, where older tools look."""
    import pydyf

    pdf.catalog["PageMode"] = "/UseOutlines"
    preferences = pdf.catalog.get("ViewerPreferences") or pydyf.Dictionary({})
    preferences["DisplayDocTitle"] = "true"
    pdf.catalog["ViewerPreferences"] = preferences
    for key, value in getattr(document.metadata, "memo_info", {}).items():
        pdf.info[key] = pydyf.String(value)


@lru_cache(maxsize=1)
def _metadata_class() -> type[Any]:
    """WeasyPrint's metadata, whose XMP packet also holds memo's provenance, inside its one rdf:RDF.

    WeasyPrint's own ``xmp_metadata`` hook appends XML after its rdf:RDF, which XMP does not allow
    (one rdf:RDF per packet) and which readers such as pypdf ignore; so the RDF is extended instead.
    """
    from xml.etree.ElementTree import fromstring, tostring

    from weasyprint.pdf.metadata import DocumentMetadata

    class WithProvenance(DocumentMetadata):
        memo_record: dict[str, Any]
        memo_info: dict[str, str]

        def generate_rdf_metadata(self, variant: str, version: int, conformance: str) -> bytes:
            rdf = fromstring(super().generate_rdf_metadata(variant, version, conformance))
            rdf.extend(provenance.xmp_description(self.memo_record))
            return tostring(rdf, encoding="utf-8")

    return WithProvenance


def _with_provenance(metadata: Any, record: dict[str, Any]) -> Any:
    stamped = object.__new__(_metadata_class())  # WeasyPrint's DocumentMetadata has no __new__ of its own
    stamped.__dict__.update(vars(metadata))
    stamped.memo_record = record
    stamped.memo_info = provenance.info_entries(record)
    return stamped


def _attachments(memo: Memo) -> list[Any]:
    """The briefing's and its sources' YAML, dated as of the memo (never the clock), so the bytes repeat."""
    import io
    from pathlib import PurePosixPath

    from weasyprint import Attachment

    assert memo.provenance is not None
    day = datetime.combine(memo.header.as_of, time(), UTC)
    return [
        Attachment(
            file_obj=io.BytesIO(data),
            name=PurePosixPath(path).name,
            description=path,
            created=day,
            modified=day,
            relationship="Source",
        )
        for path, data in memo.provenance.files
    ]
