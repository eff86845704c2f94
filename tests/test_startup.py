"""Start-up guard rails (issue 16): what each command imports, in a fresh interpreter. Not timings.

Timings live in benchmarks/run.py; these fail the moment a change makes a light
command import something heavy it does not use: click (not for `--version`),
pydantic's plugin loader and importlib.metadata (never), pydantic (only `memo schema`:
its models are the specification; every other command checks files with memo.models'
field tables), markdown-it (only to validate), Jinja, WeasyPrint and python-docx (only
to render their format); and the moment a command imports before its first read what
could wait (the YAML parser, models, what writes a build).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, Tiny

WATCHED = (
    "click",
    "pydantic",
    "pydantic.plugin._loader",  # pydantic's own loader; memo.cli puts a stand-in without a file in its place
    "importlib.metadata",
    "yaml",
    "ruamel.yaml",  # memo fmt only
    "markdown_it",
    "jinja2",
    "memo.render.html",
    "weasyprint",
    "docx",
    "rich",
    "multiprocessing",
    "citeproc",  # only to word citations not worded before (memo/cite_cache.py)
    "watchfiles",  # memo serve only
)

NEVER = {"pydantic.plugin._loader", "importlib.metadata", "weasyprint", "rich", "ruamel.yaml", "watchfiles"}
READING = NEVER | {"pydantic", "jinja2", "docx", "multiprocessing"}  # validate, list: YAML, models, inline text
QUICK = {"click"}  # validate, list and a plain build: memo/quick.py reads their command lines


def imported_by(args: list[str], temp: Path | None = None) -> set[str]:
    """The watched modules a fresh `memo ARGS` has imported when it exits, as the console script runs it;
    ``temp``: the temp folder it keeps its caches in (memo/user_cache.py), the machine's by default."""
    code = (
        "import json, sys\nfrom memo.cli import main\n"
        f"try:\n    main({args!r}, prog_name='memo')\nexcept SystemExit:\n    pass\n"
        "real = lambda m: m in sys.modules and getattr(sys.modules[m], '__file__', None) is not None\n"
        f"print('IMPORTED', json.dumps([m for m in {WATCHED!r} if real(m)]), file=sys.stderr)\n"
    )
    env = {**os.environ, "TMPDIR": str(temp)} if temp else None
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=False, env=env)
    assert "IMPORTED " in done.stderr, done.stdout + done.stderr
    return set(json.loads(done.stderr.rsplit("IMPORTED ", 1)[1]))


@pytest.mark.parametrize("args", [["--help"], ["build", "--help"]])
def test_help_imports_nothing_but_click_and_a_kept_page_not_even_click(args: list[str], tmp_path: Path) -> None:
    """memo/help_pages.py keeps the page click made, and prints it the next time without click."""
    assert imported_by(args, tmp_path) == {"click"}
    assert imported_by(args, tmp_path) == set()


def test_the_venvs_python_starts_without_an_import_hook() -> None:
    """scripts/setup installs memo as a plain path (editable_mode=compat): setuptools' default hook imports
    pathlib, re and urllib into every Python of the venv before it starts (python -c pass 20 -> 50 ms)."""
    assert printed_by("import sys; print('pathlib' in sys.modules, 'urllib.parse' in sys.modules)") == [
        "False",
        "False",
    ]


def test_version_imports_not_even_click() -> None:
    """memo/cli.py prints the version itself (tests/test_cli.py holds it equal to click's)."""
    assert imported_by(["--version"]) == set()


def test_validate_reads_yaml_and_models_and_nothing_else(tiny: Tiny, tmp_path: Path) -> None:
    imported = imported_by(["--root", str(tiny.root), "validate", "grain-talks"], tmp_path)
    assert {"yaml", "markdown_it"} <= imported  # it did validate: the test watches the right names
    assert imported & (READING | QUICK) == set()


def test_files_and_text_read_before_need_neither_yaml_nor_markdown_it(tiny: Tiny, tmp_path: Path) -> None:
    """What a first run read and parsed, the next takes from its caches (memo/yaml_cache.py, inline_cache.py);
    a paragraph edited is parsed afresh, and only that needs markdown-it."""
    args = ["--root", str(tiny.root), "validate", "grain-talks"]
    assert {"yaml", "markdown_it"} <= imported_by(args, tmp_path)
    assert imported_by(args, tmp_path) & {"yaml", "markdown_it"} == set()
    briefing = tiny.root / "briefings/grain-talks.yaml"
    briefing.write_text(
        briefing.read_text(encoding="utf-8").replace("ready to talk", "ready to meet"), encoding="utf-8"
    )
    assert imported_by(args, tmp_path) & {"yaml", "markdown_it"} == {"yaml", "markdown_it"}
    assert imported_by(args, tmp_path) & {"yaml", "markdown_it"} == set()


def loaded_before_first_read(args: list[str]) -> set[str]:
    """memo's modules, and the heavier others a command could import early, loaded when a fresh `memo ARGS`
    opens its first briefing: the start-up budget of issue 16 counts to that moment."""
    code = (
        "import sys\n"
        "def hook(event, args):\n"
        "    if event == 'open' and isinstance(args[0], str) and '/briefings/' in args[0]:\n"
        "        print('LOADED', *[m for m in sys.modules if getattr(sys.modules[m], '__file__', None)], file=sys.stderr)\n"
        "        hook.__code__ = (lambda event, args: None).__code__\n"
        "sys.addaudithook(hook)\nfrom memo.cli import main\n"
        f"main({args!r}, prog_name='memo')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=False)
    loaded = next(line for line in done.stderr.splitlines() if line.startswith("LOADED ")).split()[1:]
    return {m for m in loaded if m.startswith("memo") or m.split(".")[0] in EARLY}


# What must wait for the first read: the YAML parser, models and citations, rendering, and what writes a build.
EARLY = {"yaml", "pydantic", "markdown_it", "citeproc", "jinja2", "docx", "weasyprint", "multiprocessing"} | {
    "json", "subprocess", "tempfile", "xml", "hashlib",  # hashlib loads OpenSSL: a build hashes what it has read
    "difflib",  # click's suggestions for a mistyped option
    "click",  # the quick lane (memo/quick.py) reads a plain validate, list or build without it
}  # fmt: skip
READS_SETTINGS = {"memo", "memo.cli", "memo.quick", "memo.actions", "memo.echo", "memo.problems", "memo.config"} | {
    "memo.bundled_styles",
    "memo.record",  # the base of Problem and Settings: typing only
    # pyproject.toml's table as read before (memo/toml_cache.py), instead of tomllib's import and parse: the
    # cache's folder (tempfile), its key (hashlib) and JSON, which a build needs next anyway
    "memo.toml_cache", "memo.user_cache", "hashlib", "tempfile", "json", "json.decoder", "json.encoder", "json.scanner",
}  # fmt: skip


@pytest.mark.parametrize("args", [["validate", "grain-talks"], ["list"]])
def test_validate_and_list_read_their_first_briefing_before_parsing_yaml_or_any_model(
    tiny: Tiny, args: list[str]
) -> None:
    """Only click, the settings reader and the project's file reader come before: not even PyYAML."""
    loaded = loaded_before_first_read(["--root", str(tiny.root), *args])
    assert loaded <= READS_SETTINGS | {"memo.ids", "memo.project", "memo.yamlio"}


def test_a_build_reads_its_first_briefing_before_what_renders_writes_or_stamps(tiny: Tiny) -> None:
    """The input files are hashed first: no index page, provenance (git, XMP), tempfile or JSON before them."""
    loaded = loaded_before_first_read(["--root", str(tiny.root), "build", "grain-talks", "-f", "html", "-j", "1"])
    reads_files = {"memo.ids", "memo.project", "memo.yamlio", "memo.templates"}
    assert loaded <= READS_SETTINGS | reads_files | {"memo.pipeline", "memo.cache", "memo.output", "memo.render"} | {
        "memo.report",
        "memo.render.collector",  # a build pauses the cyclic collector from its start
    }


def test_schema_imports_the_models_and_no_renderer(tiny: Tiny, tmp_path) -> None:
    imported = imported_by(["--root", str(tiny.root), "schema", "--out", str(tmp_path / "schemas")])
    assert "pydantic" in imported
    assert imported & (READING - {"pydantic"} | {"markdown_it"}) == set()


def test_fmt_imports_ruamel_and_no_renderer(tiny: Tiny) -> None:
    imported = imported_by(["--root", str(tiny.root), "fmt", "--check"])
    assert {"ruamel.yaml", "yaml"} <= imported
    assert imported & (READING - {"ruamel.yaml"}) == set()


def test_list_reads_like_validate(tiny: Tiny) -> None:
    assert imported_by(["--root", str(tiny.root), "list"]) & (READING | QUICK) == set()


# Every build writes the reader's index (output/index.html) with Jinja, so a Word-only build imports Jinja too,
# after its memos; never the HTML renderer.
@pytest.mark.parametrize(
    ("fmt", "renderer", "others"), [("html", "jinja2", {"docx"}), ("docx", "docx", {"memo.render.html"})]
)
def test_a_one_topic_build_imports_its_renderer_only(tiny: Tiny, fmt: str, renderer: str, others: set[str]) -> None:
    """And no citation processor when the memo's citations were worded before (here, by a first build)."""
    assert tiny.run("build", "grain-talks", "-f", fmt, "-j", "1").exit_code == 0
    imported = imported_by(["--root", str(tiny.root), "build", "grain-talks", "-f", fmt, "-j", "1", "--force"])
    assert renderer in imported
    assert imported & (NEVER | QUICK | others | {"pydantic", "multiprocessing", "citeproc"}) == set()


def printed_by(code: str) -> list[str]:
    """The words a fresh interpreter running ``code`` prints."""
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    return done.stdout.split()


def test_the_stand_in_plugin_loader_finds_no_plugins_and_pydantic_still_validates() -> None:
    code = (
        "import sys\nimport memo.cli\nfrom pydantic.plugin._loader import get_plugins\n"
        "from memo.schema_models import Source\n"
        "print(list(get_plugins()), Source.model_validate({'id': 'a', 'type': 'report', 'title': 'T'}).id)\n"
    )
    assert printed_by(code) == ["[]", "a"]


@pytest.mark.parametrize("before", ["on", "off"])
def test_importing_the_commands_leaves_the_collector_as_it_was(before: str) -> None:
    """memo.commands pauses the cyclic collector while click loads, and freezes what it made (start-up)."""
    code = (
        "import gc\n"
        f"if {before == 'off'}:\n    gc.disable()\n"
        "import memo.commands\n"
        "print(gc.isenabled(), gc.get_freeze_count() > 0)\n"
    )
    assert printed_by(code) == [str(before == "on"), "True"]


def test_a_failed_import_of_the_commands_leaves_the_collector_on() -> None:
    code = (
        "import gc, sys\nsys.modules['memo.cli'] = None\n"
        "try:\n    import memo.commands\nexcept ImportError:\n    pass\n"
        "print(gc.isenabled())\n"
    )
    assert printed_by(code) == ["True"]


def test_an_unknown_option_is_still_answered_with_clicks_suggestion(tiny: Tiny) -> None:
    """What the quick lane cannot read goes to click, with click's own words."""
    result = tiny.run("build", "-f", "html", "--frce")
    assert result.exit_code == 2
    assert "No such option '--frce'. Did you mean '--force'?" in result.stderr
    assert "No such option '-x'." in tiny.run("build", "-x").stderr
