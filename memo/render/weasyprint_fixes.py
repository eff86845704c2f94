"""Mend a WeasyPrint 70 layout bug that drops a footnote: the note is never printed, only its call.

The bug, in ``weasyprint.layout.block._linebox_layout``: when a line overflows the page and the
paragraph could not have broken before it (it is within its first ``orphans`` lines, or ``widows``
forbids) but can break after it, WeasyPrint reports the page's last notes to the next page until the
line fits, then keeps the line (``new_children.append(line); stop = True; break``). That branch leaves
before the loop's footnote step, so the notes called in that very line are never laid out: they stay
on the waiting list (``context.footnotes``), their calls are on the page, and no later line calls them
again. The note is lost, and the numbers of the notes after it shift by one against their calls.

`keep_lost_notes` wraps the function: after it returns, a note called in the last line it kept that is
still waiting is laid out and reported to the next page, after the notes already reported, which is what
the loop's own footnote step does for a line once a note before it has been reported. Only a note that
would otherwise be lost is touched, so every other layout is unchanged. The wrapper is installed only on
the WeasyPrint it was written against (pyproject pins 70); on another, the preflight still finds the
lost note (memo.preflight.layout.lost_notes).
"""

from __future__ import annotations

import functools
from typing import Any

_FIXED_IN = "70."  # the release whose _linebox_layout this wraps (pyproject: weasyprint>=70,<71)


def keep_lost_notes() -> bool:
    """Install the wrapper once; say whether it is in place."""
    import weasyprint
    from weasyprint.layout import block

    if getattr(block._linebox_layout, "memo_keeps_notes", False):
        return True
    if not weasyprint.__version__.startswith(_FIXED_IN):
        return False
    block._linebox_layout = _keeping(block._linebox_layout)
    return True


def _keeping(linebox_layout: Any) -> Any:
    @functools.wraps(linebox_layout)
    def wrapper(context: Any, box: Any, index: Any, child: Any, new_children: list[Any], *args: Any) -> Any:
        result = linebox_layout(context, box, index, child, new_children, *args)
        abort, stop, _, _, new_footnotes, _ = result
        if stop and not abort and new_children and context.footnotes and context.reported_footnotes:
            for descendant in new_children[-1].descendants():
                footnote = descendant.footnote
                if footnote is not None and footnote in context.footnotes:
                    context.layout_footnote(footnote)
                    context.report_footnote(footnote)
                    new_footnotes.append(footnote)  # so that an aborted block puts it back on the waiting list
        return result

    wrapper.memo_keeps_notes = True  # type: ignore[attr-defined]
    return wrapper
