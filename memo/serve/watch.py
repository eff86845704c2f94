"""Watch a project's inputs and hand each save to the preview: file-system events in, `Preview.refresh` out.

Folders are watched, each on its own (not the project's whole tree, which may hold a virtual environment
and a git store): the project folder for pyproject.toml, briefings/, seeds/ and every folder of templates/.
A folder watch sees a file an editor saves by writing a new one and renaming it over the old, which a watch
on the file itself would lose.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from memo.serve.state import Preview

STEP_MS = 10  # a save's events that arrive within this of each other are one change
DEBOUNCE_MS = 200  # the longest a change waits for more events


def folders(root: Path) -> list[Path]:
    templates = root / "templates"
    found = [root, root / "briefings", root / "seeds", templates]
    if templates.is_dir():
        found += sorted(p for p in templates.rglob("*") if p.is_dir() and not p.is_symlink())
    return [p for p in found if p.is_dir()]


def relevant(root: Path, path: Path) -> bool:
    """A file the preview depends on: a briefing or source (also '.yml', to say it is ignored), the
    settings, any file of a template set (each is in the set's digest)."""
    if path == root / "pyproject.toml":
        return True
    if path.parent in (root / "briefings", root / "seeds"):
        return path.suffix in (".yaml", ".yml") and not path.name.startswith(".")
    return path.is_relative_to(root / "templates")


def watch(preview: Preview, stop: threading.Event) -> None:
    """Until ``stop``: refresh the preview on every change. Nothing here may end the server."""
    import watchfiles

    root = preview.root
    while not stop.is_set():
        watched = folders(root)
        try:
            for changes in watchfiles.watch(
                *watched, stop_event=stop, step=STEP_MS, debounce=DEBOUNCE_MS, recursive=False, watch_filter=None
            ):
                seen = time.perf_counter()
                paths = {Path(p) for _, p in changes}
                touched = {p for p in paths if relevant(root, p)}
                if touched:
                    try:
                        preview.refresh(touched, seen)
                    except Exception as exc:  # a bug of ours: say so, keep serving
                        preview.say(f"memo serve: internal error (still serving): {type(exc).__name__}: {exc}")
                if folders(root) != watched:  # a folder came or went: watch the new set
                    break
        except (OSError, RuntimeError) as exc:  # a watched folder vanished, or too many watches
            preview.say(f"memo serve: warning: watching files: {exc}")
            stop.wait(1.0)
