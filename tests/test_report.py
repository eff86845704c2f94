"""Progress output: a bar on a terminal, plain lines elsewhere."""

from __future__ import annotations

import io

from rich.console import Console

from memo.pipeline import TopicResult
from memo.problems import error
from memo.report import BarProgress, PlainProgress


def test_bar_draws_on_a_terminal_and_clears_itself() -> None:
    stream = io.StringIO()
    bar = BarProgress(Console(file=stream, force_terminal=True, width=80))
    bar.start(2)
    bar.advance(TopicResult("alpha", files={"pdf": ("alpha.pdf", 1, "x")}))
    bar.advance(TopicResult("beta", files={"pdf": ("beta.pdf", 1, "x")}))
    bar.stop()
    assert "building" in stream.getvalue() and "2/2" in stream.getvalue()


def test_plain_lines_for_logs(capsys) -> None:
    plain = PlainProgress()
    plain.start(2)
    plain.advance(TopicResult("alpha", files={"pdf": ("alpha.pdf", 1, "x"), "html": ("alpha.html", 1, "y")}))
    plain.advance(TopicResult("beta", problems=[error("beta.yaml", 1, 1, "boom")]))
    assert capsys.readouterr().out.splitlines() == ["[1/2] built alpha (pdf, html)", "[2/2] failed beta (nothing)"]
