"""Run memo's command line in a fresh Python process and see which heavy modules it imported."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HEAVY = ("weasyprint", "docx", "jinja2", "rich", "pdfplumber", "pdfminer", "watchfiles", "http.server")


def fresh_run(args: list[str]) -> tuple[str, list[str]]:
    """(everything the command printed, the heavy modules loaded by the end)."""
    code = (
        "import sys\nfrom memo.cli import main\n"
        f"try:\n    main({args!r}, prog_name='memo')\nexcept SystemExit:\n    pass\n"
        f"print('HEAVY', ','.join(m for m in {HEAVY!r} if m in sys.modules), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=False)
    heavy = done.stderr.rsplit("HEAVY ", 1)[-1].strip()
    return done.stdout + done.stderr, [m for m in heavy.split(",") if m]
