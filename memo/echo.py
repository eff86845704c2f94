"""click.echo's way of printing a line, for what prints without click loaded (memo/quick.py's commands).

Where click is loaded, `echo` is click.echo itself, so a command line prints the same bytes whichever lane
read it; without click, memo/quick.py runs only on streams that click.echo would write to as they are.
"""

from __future__ import annotations

import sys

ANSI = r"\033\[[0-?]*[ -/]*[@-~]"  # click's pattern for the terminal escapes echo drops when not on a terminal


def echo(message: str, err: bool = False) -> None:
    """click.echo of one line of text: to standard output (or error), flushed, with terminal escapes dropped
    where the stream is not a terminal."""
    click = sys.modules.get("click")
    if click is not None:
        click.echo(message, err=err)
        return
    stream = sys.stderr if err else sys.stdout
    if stream is None:  # memo started with the stream closed: click prints nothing either
        return
    text = message + "\n"
    if "\033" in text and not _isatty(stream):
        import re

        text = re.sub(ANSI, "", text)
    stream.write(text)
    stream.flush()


def _isatty(stream: object) -> bool:
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except Exception:  # as click's isatty: a stream that cannot say is no terminal
        return False
