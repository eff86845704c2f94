"""Helpers of the hostile-input suite (issue 7): run memo for real, read what it printed, prove nothing was lost.

Every test here drives the command line, through click's runner (``tiny.run``)
or, where a real process matters (no traceback on stderr, time bounds,
concurrency), as ``python -m memo`` in a subprocess.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import Result

from tests.conftest import Tiny
from tests.listener import Listener, listening

P = "briefings/grain-talks.yaml"
PROBLEM = re.compile(r"^[^:]+:\d+:\d+: (error|warning): ")


def run_memo(root: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """``memo --root ROOT ARGS`` in a fresh process, from the project folder (so paths print relative)."""
    return subprocess.run(
        [sys.executable, "-m", "memo", "--root", str(root), *args],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def problems(stderr: str) -> list[str]:
    """The ``path:line:col: error|warning: message`` lines of a run."""
    return [line for line in stderr.splitlines() if PROBLEM.match(line)]


def errors(result: Result | subprocess.CompletedProcess[str]) -> list[str]:
    """Problem lines of a finished run, after checking it ended cleanly: no traceback, exit code 0, 1 or 2."""
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output[-3000:]
    code = result.exit_code if isinstance(result, Result) else result.returncode
    assert code in (0, 1, 2), (code, output[-3000:])
    return problems(result.stderr)


def validate(tiny: Tiny, *topics: str) -> list[str]:
    """``memo validate TOPICS`` expected to fail: its problem lines."""
    result = tiny.run("validate", *topics)
    found = errors(result)
    assert result.exit_code == 1, result.output
    return found


def outputs(folder: Path) -> dict[str, bytes]:
    """Every visible file of an output folder, by name: compare before and after to prove nothing changed."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file() and not p.name.startswith(".")}


def temp_files(root: Path) -> list[Path]:
    """Temporary files an atomic write would leave behind if it failed to clean up."""
    return sorted(root.rglob(".*.tmp"))


@pytest.fixture
def listener() -> Iterator[Listener]:
    with listening() as server:
        yield server


# -- a briefing with something chosen in every field that reaches a template ---------------------------------

PLAIN_FIELDS = ("title", "subtitle", "audience", "author", "classification", "quote.speaker", "quote.role")
INLINE_FIELDS = (
    "summary",
    "key_point",
    "background",
    "development.title",
    "development.detail",
    "optimistic.summary",
    "optimistic.point",
    "sceptical.summary",
    "sceptical.point",
    "quote.text",
    "outlook",
    "indicator",
    "recommendation",
)
SOURCE_FIELDS = ("source.title", "source.container-title", "source.author", "source.assessment")
EVERY_FIELD = PLAIN_FIELDS + INLINE_FIELDS + SOURCE_FIELDS

EVERY_FIELD_BRIEFING = """\
title: {title}
subtitle: {subtitle}
as_of: 2025-04-27
status: draft
classification: {classification}
audience: {audience}
author: {author}
summary: {summary}
key_points: [{key_point}]
background: {background}
developments:
  - date: Ongoing
    title: {development.title}
    detail: {development.detail}
perspectives:
  optimistic:
    summary: {optimistic.summary}
    points: [{optimistic.point}]
  sceptical:
    summary: {sceptical.summary}
    points: [{sceptical.point}]
quotes:
  - text: {quote.text}
    speaker: {quote.speaker}
    role: {quote.role}
    source: hostile-source
outlook: {outlook}
indicators: [{indicator}]
recommendations: [{recommendation}]
"""

EVERY_FIELD_SOURCE = """\
id: hostile-source
type: report
title: {source.title}
container-title: {source.container-title}
author: [literal: {source.author}]
issued: 2025-04
URL: {url}
assessment: {source.assessment}
"""


def quoted(text: str) -> str:
    """``text`` as a single-quoted YAML scalar, which keeps every character but the quote (doubled)."""
    return "'" + text.replace("'", "''") + "'"


def fill_every_field(tiny: Tiny, value: Callable[[str], str], url: str = "https://example.org/report") -> None:
    """Make grain-talks put ``value(field)`` in every field that reaches a template, citing a source that does too.

    Three inline fields also cite the source, so the memo has footnotes and a source list to show it in.
    """
    values = {f: quoted(value(f)) for f in EVERY_FIELD} | {"url": quoted(url)}
    for f in ("summary", "optimistic.point", "sceptical.point"):
        values[f] = quoted(value(f) + " [@hostile-source]")
    briefing, source = EVERY_FIELD_BRIEFING, EVERY_FIELD_SOURCE
    for f, v in values.items():
        briefing, source = briefing.replace("{" + f + "}", v), source.replace("{" + f + "}", v)
    tiny.write("briefings/grain-talks.yaml", briefing)
    tiny.write("seeds/hostile-source.yaml", source)


def largest_briefing(limit: int = 256_000) -> str:
    """A briefing just under ``limit`` bytes that every other limit accepts, shaped to be slow to lay out.

    The slowest shapes measured, at once: heading fields at their limit (a PDF repeats them on every page),
    every citation in one table row (its footnotes must share a page), 200 rows of prose, the most
    paragraphs, 2,000 formatted spans, full lists and 60 quotes. README's "Untrusted input" quotes its
    build time.
    """
    import yaml

    from memo.models import MAX_CITATIONS, MAX_ITEMS, MAX_LINE, MAX_PARAGRAPHS, MAX_ROWS, MAX_SPANS, MAX_TEXT

    cite = "[@gazette-2025-04-27]"
    words = "Delegations met again and agreed to keep talking about the corridor. " * 200
    line = words[:MAX_LINE].strip()
    paragraphs = "\n\n".join([words[: MAX_TEXT // MAX_PARAGRAPHS - 3].strip()] * MAX_PARAGRAPHS)
    spans = "*a* " * (MAX_SPANS // MAX_ROWS)
    cites = " ".join([f"x {cite}"] * (MAX_CITATIONS - MAX_ITEMS - 2))  # the quotes and points cite too

    def briefing(detail_chars: int) -> dict:
        rows = [{"date": "2025-04", "title": line, "detail": spans + cites}]
        rows += [
            {"date": "2025-04", "title": line, "detail": spans + words[:detail_chars]} for _ in range(MAX_ROWS - 1)
        ]
        return {
            "title": line,
            "subtitle": line,
            "as_of": "2025-04-27",
            "status": "draft",
            "classification": line,
            "audience": line,
            "author": line,
            "summary": paragraphs,
            "key_points": [line] * MAX_ITEMS,
            "background": paragraphs,
            "developments": rows,
            "perspectives": {"optimistic": {"points": [f"Yes {cite}"]}, "sceptical": {"points": [f"No {cite}"]}},
            "quotes": [{"text": line, "speaker": "A", "source": "gazette-2025-04-27"} for _ in range(MAX_ITEMS)],
            "outlook": paragraphs,
            "indicators": [line] * MAX_ITEMS,
            "recommendations": [line] * MAX_ITEMS,
        }

    def dump(chars: int) -> str:
        dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
        return yaml.dump(briefing(chars), Dumper=dumper, allow_unicode=True, width=1_000_000, sort_keys=False)

    chars = (limit - len(dump(0).encode())) // (MAX_ROWS - 1)  # the file grows by a row's worth per character
    while len(text := dump(chars).encode()) >= limit:
        chars -= 1
    return text.decode()
