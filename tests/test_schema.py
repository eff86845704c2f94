"""The JSON Schemas editors' tools read (issue 11, point 4): generated, shipped fresh, and agreeing with memo."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from memo.schema import schema_texts
from memo.schema_models import Briefing, Source  # the specification: descriptions live there
from tests.conftest import BRIEFING, REPO, SOURCE, Tiny

CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"


def test_the_shipped_schemas_are_the_generated_ones() -> None:
    for name, text in schema_texts().items():
        shipped = (REPO / "schemas" / name).read_text(encoding="utf-8")
        assert shipped == text, f"schemas/{name} is stale: run `memo schema`"


def test_memo_schema_writes_both_files(tiny: Tiny, tmp_path: Path) -> None:
    result = tiny.run("schema", "--out", str(tmp_path / "s"))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "s").iterdir()) == ["briefing.schema.json", "source.schema.json"]
    schema = json.loads((tmp_path / "s/briefing.schema.json").read_text())
    assert schema["additionalProperties"] is False
    assert schema["properties"]["status"]["enum"] == ["draft", "review", "approved"]
    assert schema["properties"]["related"]["items"]["pattern"] == "^[a-z0-9]+(?:-[a-z0-9]+)*$"


def _readme_table(heading: str) -> dict[str, str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = readme.split(heading, 1)[1].split("\n#", 1)[0]
    rows = re.findall(r"^\| `([^`]+)` \| (?:yes)? *\| (.+) \|$", table, re.MULTILINE)
    assert rows, heading
    return dict(rows)


@pytest.mark.parametrize(
    ("heading", "model"), [("### Briefing keys", Briefing), ("### Source keys", Source)], ids=["briefing", "source"]
)
def test_every_key_is_described_by_the_readme_guide_s_own_words(heading: str, model: type) -> None:
    described = {(f.alias or name): f.description for name, f in model.model_fields.items()}
    table = _readme_table(heading)
    if model is Source:  # every CSL variable is a key; the README's rows name the ones editors use
        assert {key: described[key] for key in table} == table
        assert {key for key, text in described.items() if text} - set(table) <= {"author", "URL", "title"}
    else:
        assert table == described


def test_vscode_maps_briefings_and_seeds_to_the_schemas() -> None:
    settings = json.loads((REPO / ".vscode/settings.json").read_text())
    assert settings["yaml.schemas"] == {
        "./schemas/briefing.schema.json": ["briefings/*.yaml"],
        "./schemas/source.schema.json": ["seeds/*.yaml"],
    }


def test_memo_new_points_the_editor_at_the_schema(tiny: Tiny) -> None:
    assert tiny.run("new", "fresh-topic").exit_code == 0
    first = (tiny.root / "briefings/fresh-topic.yaml").read_text().splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schemas/briefing.schema.json"


def check_jsonschema(schema: str, files: list[Path]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CHECK_JSONSCHEMA), "--schemafile", str(REPO / "schemas" / schema), *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_third_party_validator_passes_the_shipped_files() -> None:
    for schema, folder in (("briefing.schema.json", "briefings"), ("source.schema.json", "seeds")):
        done = check_jsonschema(schema, sorted((REPO / folder).glob("*.yaml")))
        assert done.returncode == 0, done.stdout + done.stderr


BAD_BRIEFINGS = {
    "unknown-key": BRIEFING.replace("  sceptical:", "  sceptic:"),
    "missing-title": BRIEFING.replace('title: "Grain talks: a pause or a turning point?"\n', ""),
    "bad-status": BRIEFING.replace("status: review", "status: final"),
    "title-number": BRIEFING.replace('title: "Grain talks: a pause or a turning point?"', "title: 42"),
    "date-word": BRIEFING.replace("as_of: 2025-04-27", "as_of: soon"),
    "list-expected": BRIEFING.replace("key_points:\n  - Both", "key_points: Both"),
    "bad-related": BRIEFING.replace("related: [other-topic]", "related: [Other Topic]"),
    "no-points": BRIEFING.replace(
        "    points:\n      - Trust is thin [@herald-2025-03-01; @gazette-2025-04-27].\n", "    points: []\n"
    ),
    "empty-title": BRIEFING.replace("    title: Talks open", "    title: ''"),
    "quote-without-speaker": BRIEFING.replace("    speaker: Jane Minister\n", ""),
}
GOOD_SOURCE = SOURCE.format(id="bad-source", title="T")
BAD_SOURCES = {
    "bad-type": GOOD_SOURCE.replace("type: article-newspaper", "type: blog"),
    "bad-url": GOOD_SOURCE.replace("URL: https://example.org/bad-source", "URL: ftp://x"),
    "author-without-family": GOOD_SOURCE.replace("[{family: Doe, given: Jane}]", "[{given: Jane}]"),
    "issued-word": GOOD_SOURCE.replace("issued: 2025-04-27", "issued: someday"),
    "underscore-key": GOOD_SOURCE.replace("container-title:", "container_title:"),
    "bad-id": GOOD_SOURCE.replace("id: bad-source", "id: Bad_Source"),
}


@pytest.mark.parametrize(
    ("schema", "folder", "bad"),
    [("briefing.schema.json", "briefings", BAD_BRIEFINGS), ("source.schema.json", "seeds", BAD_SOURCES)],
    ids=["briefings", "sources"],
)
def test_what_memo_refuses_for_its_shape_the_schema_refuses_too(
    tiny: Tiny, schema: str, folder: str, bad: dict[str, str]
) -> None:
    files = []
    for name, text in bad.items():
        path = tiny.write(f"{folder}/{name}.yaml", text)
        assert tiny.run("validate").exit_code == 1, name
        files.append(path)
        path.unlink()  # one bad file at a time for memo; all at once for the other validator
    for path, name in zip(files, bad, strict=True):
        path.write_text(bad[name], encoding="utf-8")
    done = check_jsonschema(schema, files)
    assert done.returncode == 1
    rejected = {Path(line.split("::", 1)[0].strip()).stem for line in done.stdout.splitlines() if "::" in line}
    assert rejected == set(bad), done.stdout
