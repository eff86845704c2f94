"""Is the PDF tagged (a structure tree screen readers follow)? An open pdfplumber PDF in, Findings (errors) out."""

from __future__ import annotations

from typing import Any

from memo.preflight.findings import Finding, err


def untagged(pdf: Any) -> list[Finding]:
    from pdfminer.pdftypes import resolve1

    catalog = pdf.doc.catalog
    marked = resolve1(catalog.get("MarkInfo")) or {}
    if "StructTreeRoot" not in catalog:
        return [err(1, "the PDF is not tagged (no structure tree): screen readers cannot follow it")]
    if not resolve1(marked.get("Marked")):
        return [err(1, "the PDF is not marked as tagged (MarkInfo /Marked is not true)")]
    return []
