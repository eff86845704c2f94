"""Write a new briefing from a commented skeleton that validates as it stands."""

from __future__ import annotations

from datetime import date

from memo.ids import SLUG
from memo.problems import MemoError, UsageError
from memo.project import Project

SKELETON = """\
# yaml-language-server: $schema=../schemas/briefing.schema.json
# Briefing: {topic}. Keys are described in README.md ("Editing briefings").
# Replace every TODO; `memo validate --strict` fails while any is left.
# Cite a source from seeds/ as [@source-id], several as [@a; @b], with a locator as [@a, para. 4].

title: >-
  TODO: the question this memo answers
subtitle: >-  # optional
  TODO one line of context
as_of: {today}                         # the day the content is current to
status: draft                            # draft | review | approved
# approved_by: Jane Doe, Head of Unit    # required when approved: who cleared it
# approved_on: {today}                # required when approved: the day, no earlier than as_of
# classification: UNCLASSIFIED           # optional; default from [tool.memo]
audience: TODO who the memo is for       # optional (memo "FOR")
# author: Policy Analysis Unit           # optional (memo "FROM"); default from [tool.memo]

summary: >-
  TODO: the bottom line, in two to four sentences, with citations.

key_points:                              # optional
  - >-
    TODO a short bullet

background: >-                            # optional; blank lines separate paragraphs
  TODO: what a reader needs to know first.

developments:                            # optional; date is 2025-04-27, 2025-04 or a word such as Ongoing
  - date: {today}
    title: >-
      TODO what happened
    detail: >-
      TODO one sentence, cited

perspectives:                            # required: both sides, each point cited
  optimistic:
    summary: >-  # optional
      TODO the hopeful reading in one sentence
    points:
      - >-
        TODO a reason for optimism
  sceptical:
    summary: >-
      TODO the doubtful reading in one sentence
    points:
      - >-
        TODO a reason for doubt

quotes: []                               # optional; each: text, speaker, role, source
# quotes:
#   - text: "The exact words, as published."
#     speaker: Full Name
#     role: Their title
#     source: source-id

outlook: >-                               # optional
  TODO: what is likely to happen next.

indicators:                              # optional: what to watch
  - >-
    TODO a sign to watch for

recommendations:                         # optional
  - >-
    TODO an action for the reader

related: []                              # optional: other topic ids
"""


def write_skeleton(project: Project, topic: str, today: date) -> str:
    if not SLUG.match(topic):
        raise UsageError(f"'{topic}' is not a topic id: use lower-case letters, digits and single hyphens")
    path = project.briefing_path(topic)
    project.briefings_dir.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as f:
            f.write(SKELETON.format(topic=topic, today=today.isoformat()))
    except FileExistsError:
        raise MemoError(f"{path} already exists; edit it, or choose another topic id") from None
    return str(path)
