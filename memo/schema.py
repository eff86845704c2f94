"""Turn the briefing and source models into JSON Schemas, the form an editor's tools read.

VS Code's YAML extension completes keys, shows each key's description and marks
wrong values as an editor types, from these files. They are generated from the
models, never written by hand, so the schema and `memo validate` cannot drift
apart (tests/test_schema.py holds the shipped copies to that).
"""

from __future__ import annotations

import json
from pathlib import Path

from memo.output import write_atomic

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schema_texts() -> dict[str, str]:
    """File name -> the JSON text of each schema."""
    from memo.schema_models import Briefing, Source

    out = {}
    for name, model in (("briefing.schema.json", Briefing), ("source.schema.json", Source)):
        schema = {"$schema": DIALECT, **model.model_json_schema(by_alias=True, mode="validation")}
        out[name] = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
    return out


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_texts().items():
        write_atomic(folder / name, text.encode("utf-8"))
        written.append(folder / name)
    return written
