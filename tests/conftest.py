"""Shared fixtures: tiny projects built in tmp_path, and the command line driven through click."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from memo.cli import main
from memo.document import Memo

REPO = Path(__file__).resolve().parents[1]

PYPROJECT = """\
[project]
name = "tiny"

[tool.memo]
classification = "OFFICIAL"
author = "Test Unit"
"""

SOURCE = """\
id: {id}
type: article-newspaper
title: "{title}"
container-title: The Example Gazette
author: [{{family: Doe, given: Jane}}]
issued: 2025-04-27
URL: https://example.org/{id}
"""

BRIEFING = """\
title: "Grain talks: a pause or a turning point?"
subtitle: Talks on a grain corridor
as_of: 2025-04-27
status: review
audience: Director, Europe
summary: >
  Talks resumed on *Monday* after a pause [@gazette-2025-04-27].
key_points:
  - Both sides met in Riyadh [@gazette-2025-04-27, para. 2].
background: |
  First paragraph of background [@herald-2025-03-01].

  Second paragraph, with a [link](https://example.org/more).
developments:
  - date: 2025-03-01
    title: Talks open
    detail: Delegations met [@herald-2025-03-01].
  - date: 2025-04
    title: Talks resume
  - date: Ongoing
    title: Technical work
perspectives:
  optimistic:
    summary: A deal is within reach.
    points:
      - Both sides want a result [@gazette-2025-04-27].
  sceptical:
    points:
      - Trust is thin [@herald-2025-03-01; @gazette-2025-04-27].
quotes:
  - text: "We are ready to talk."
    speaker: Jane Minister
    role: Foreign minister
    source: herald-2025-03-01
outlook: |
  More rounds are expected [@gazette-2025-04-27].
indicators:
  - A date for the next round
recommendations:
  - Keep channels open
related: [other-topic]
"""

OTHER = """\
title: Another topic
as_of: 2025-04-01
status: approved
approved_by: Jane Director
approved_on: 2025-04-02
summary: Short [@herald-2025-03-01].
perspectives:
  optimistic:
    points: ["Good [@herald-2025-03-01]"]
  sceptical:
    points: ["Bad [@gazette-2025-04-27]"]
"""


@dataclass
class Tiny:
    """A throwaway memo project: write files into it, run the CLI against it."""

    root: Path

    def write(self, rel: str, text: str | bytes) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text) if text.startswith("\n") else text, encoding="utf-8")
        return path

    def briefing(self, topic: str, text: str) -> Path:
        return self.write(f"briefings/{topic}.yaml", text)

    def run(self, *args: str) -> Result:
        return CliRunner().invoke(main, ["--root", str(self.root), *args], catch_exceptions=False)


@pytest.fixture
def tiny(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Tiny:
    project = Tiny(tmp_path / "proj")
    project.write("pyproject.toml", PYPROJECT)
    project.write("seeds/gazette-2025-04-27.yaml", SOURCE.format(id="gazette-2025-04-27", title="Talks resume"))
    project.write("seeds/herald-2025-03-01.yaml", SOURCE.format(id="herald-2025-03-01", title="Talks open"))
    project.briefing("grain-talks", BRIEFING)
    project.briefing("other-topic", OTHER)
    shutil.copytree(REPO / "templates", project.root / "templates")
    monkeypatch.chdir(project.root)
    return project


def memo_of(root: Path, topic: str) -> Memo:
    """The Memo the builder makes of one topic of a project, read from disk as `memo build` does."""
    from memo.build import build_memo
    from memo.project import find_project, load_or_fail, related_titles

    project = find_project(root=root)
    loaded = load_or_fail(project)
    sources = {sid: src for sid, (src, _) in loaded.sources.items()}
    return build_memo(topic, loaded.briefings[topic][0], sources, project.settings, related_titles(loaded, topic))


@pytest.fixture
def edit(tiny: Tiny) -> Callable[[str, str], Path]:
    """Replace one string of the grain-talks briefing, to make it bad in exactly one way."""

    def apply(old: str, new: str) -> Path:
        path = tiny.root / "briefings/grain-talks.yaml"
        text = path.read_text(encoding="utf-8")
        assert old in text, old
        return tiny.briefing("grain-talks", text.replace(old, new, 1))

    return apply
