"""The Word file's pages as LibreOffice lays them out: a .docx path in, Findings (warnings) out.

Only when ``libreoffice`` (or ``soffice``) is on PATH; otherwise nothing, silently.
The Word file is converted to PDF in a temporary folder and given the page
checks of our own PDFs (ink, overprint, blank stretches, row fragments); Word's own page
furniture sits in its header and footer, above and below the text block. A file whose
table rows are all w:cantSplit (memo's are) has no split rows to find: one line under a
repeated header is then a whole row, moved over entire.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from memo.preflight.findings import Finding, warn
from memo.preflight.fragments import MESSAGE as ROW_FRAGMENT
from memo.preflight.sheet import opened, sheets

TIMEOUT = 120  # seconds; LibreOffice's first start on a machine is slow


def office() -> str | None:
    return shutil.which("libreoffice") or shutil.which("soffice")


def check_docx_pages(paths: list[Path], books: set[Path] | frozenset[Path] = frozenset()) -> dict[Path, list[Finding]]:
    """Findings for each Word file, all laid out by one LibreOffice run (it starts slowly: once, not per file);
    ``books``: those that are briefing books, whose chapters (Heading 1, the top bookmarks) are parts."""
    from memo.preflight.pdf import page_findings
    from memo.preflight.sheet import part_starts

    command = office()
    if command is None or not paths:
        return {}
    out: dict[Path, list[Finding]] = {}
    with tempfile.TemporaryDirectory(prefix="memo-check-") as tmp:
        profile = Path(tmp, "profile").as_uri()  # its own profile: no clash with an office open on the desktop
        try:
            subprocess.run(
                [command, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                 "--outdir", tmp, *(str(p.resolve()) for p in paths)],
                capture_output=True, timeout=TIMEOUT * len(paths), check=False,
            )  # fmt: skip
        except (OSError, subprocess.TimeoutExpired) as exc:
            return {p: [warn(1, f"LibreOffice could not lay the Word file out: {exc}")] for p in paths}
        for path in paths:
            converted = Path(tmp, path.stem + ".pdf")
            if not converted.is_file():
                out[path] = [warn(1, "LibreOffice could not lay the Word file out (no PDF came back)")]
                continue
            try:
                with opened(converted) as pdf:
                    found = page_findings(sheets(pdf), part_starts(pdf) if path in books else [])
            except Exception as exc:  # LibreOffice wrote something pdfminer cannot read: say so, go on
                out[path] = [warn(1, f"cannot read LibreOffice's layout of the Word file: {type(exc).__name__}")]
                continue
            if _rows_never_split(path):
                found = [f for f in found if f.message != ROW_FRAGMENT]
            out[path] = [warn(f.page, f"as LibreOffice lays it out: {f.message}") for f in found]
    return out


def _rows_never_split(path: Path) -> bool:
    """Every table row of the Word file is marked w:cantSplit, so no page break falls inside one."""
    try:
        with zipfile.ZipFile(path) as z:
            xml = z.read("word/document.xml").decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile):
        return False
    rows = len(re.findall(r"<w:tr[ >]", xml))
    kept = len(re.findall(r'<w:cantSplit(?:/>| */>| w:val="(?:true|1|on)" */>)', xml))
    return rows > 0 and kept >= rows
