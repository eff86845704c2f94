"""The approval gate: an approved briefing names who cleared it and when, and has no warning at all.

`status: approved` is a clearance, so memo refuses it for a briefing with a TODO, an uncited point or any
other warning, or without `approved_by` and `approved_on` (no earlier than `as_of`): one error at the status
value, the line an editor changes to approve, naming what to fix. It runs after every other check of a
briefing, because it reads their warnings.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import TYPE_CHECKING

from memo.problems import Problem, error, warning
from memo.record import Record

if TYPE_CHECKING:
    from memo.models import Briefing
    from memo.project import Loaded
    from memo.yamlio import YamlDoc


def approval_problems(loaded: Loaded) -> list[Problem]:
    """The gate's problems for every briefing loaded, validated or not (a raw one is read from its plain values)."""
    found: list[Problem] = []
    for b, doc in loaded.briefings.values():
        found.extend(gate(Clearance.of(b), doc, loaded.problems))
    for doc in loaded.unchecked.values():
        found.extend(gate(Clearance.raw(doc.data), doc, loaded.problems))
    return found


class Clearance(Record):
    """What the approval gate reads of a briefing: its status and who cleared it when; a key a briefing has
    but whose value the schema refused counts as given (its own error says what is wrong with it)."""

    status: object
    as_of: date | None
    has_approved_by: bool
    approved_on: date | None
    has_approved_on: bool

    @classmethod
    def of(cls, b: Briefing) -> Clearance:
        return cls(b.status, b.as_of, b.approved_by is not None, b.approved_on, b.approved_on is not None)

    @classmethod
    def raw(cls, data: dict) -> Clearance:
        as_of, on = data.get("as_of"), data.get("approved_on")
        day = lambda v: v if isinstance(v, date) and not isinstance(v, datetime) else None  # noqa: E731
        return cls(data.get("status"), day(as_of), "approved_by" in data, day(on), "approved_on" in data)


APPROVAL_KEYS = {"approved_by": "who cleared it", "approved_on": "the day it was cleared, such as 2025-04-28"}
MAX_LISTED = 3  # warnings named in the gate's line; the rest are counted (each has its own line anyway)


def gate(c: Clearance, doc: YamlDoc, problems: list[Problem]) -> Iterator[Problem]:
    """An approved briefing names who cleared it and when (no earlier than as_of) and has no warning at all
    (a TODO, an uncited point, a citation typed wrong): each refusal is an error at the status value, the
    line an editor changes to approve. A clearance on a memo that is not approved is a warning."""
    mine = [p for p in problems if p.file == str(doc.path)]
    if c.status != "approved":
        refused = {p.line for p in mine if p.is_error}  # a value with an error of its own needs no second line
        for key in APPROVAL_KEYS:
            if (m := doc.key_marks.get((key,))) is not None and m.line not in refused:
                yield warning(
                    doc.path,
                    m.line,
                    m.col,
                    f"{key}: printed only once status is approved (it is {c.status}); remove it, or approve the memo",
                )
        return
    m = doc.mark(("status",))
    missing = [k for k, given in zip(APPROVAL_KEYS, (c.has_approved_by, c.has_approved_on), strict=True) if not given]
    if missing:
        needs = " and ".join(f"'{k}' ({APPROVAL_KEYS[k]})" for k in missing)
        add = "add them" if len(missing) > 1 else "add it"
        yield error(doc.path, m.line, m.col, f"status: an approved memo needs {needs}; {add}, or set status to review")
    if c.approved_on is not None and c.as_of is not None and c.approved_on < c.as_of:
        on = doc.mark(("approved_on",))
        yield error(
            doc.path,
            on.line,
            on.col,
            f"approved_on: {c.approved_on} is before as_of {c.as_of}: a memo is cleared no earlier than the "
            "day its content is current to",
        )
    warnings = [p for p in mine if not p.is_error]
    if warnings:
        listed = "; ".join(f"line {w.line}: {w.message}" for w in warnings[:MAX_LISTED])
        more = f"; and {len(warnings) - MAX_LISTED} more" if len(warnings) > MAX_LISTED else ""
        yield error(
            doc.path,
            m.line,
            m.col,
            f"status: an approved memo must have no warnings, and this briefing has {len(warnings)} "
            f"({listed}{more}); fix them, or set status to review",
        )
