"""Incremental and parallel builds: skip exactly what is unchanged, never skip wrongly."""

from __future__ import annotations

import json
from hashlib import sha256

from tests.conftest import Tiny
from tests.processes import fresh_run


def built_topics(result) -> list[str]:
    """Topics the build rendered, from its plain progress lines."""
    return sorted(line.split()[2] for line in result.stdout.splitlines() if line.startswith("[") and " built " in line)


def last_line(result) -> str:
    return result.stdout.splitlines()[-1]


def test_nothing_changed_skips_all_and_imports_no_renderer(tiny: Tiny) -> None:
    assert tiny.run("build", "-f", "pdf,html").exit_code == 0
    output, heavy = fresh_run(["--root", str(tiny.root), "build", "-f", "pdf,html"])
    assert heavy == []
    assert "built 0 memos (0 files), 2 up to date, 0 failed" in output


def test_editing_a_source_rebuilds_exactly_the_topics_that_cite_it(tiny: Tiny) -> None:
    tiny.write("seeds/lonely-1.yaml", "id: lonely-1\ntype: report\ntitle: Only grain talks cite me\n")
    text = (tiny.root / "briefings/grain-talks.yaml").read_text()
    tiny.briefing("grain-talks", text.replace("Keep channels open", "Keep channels open [@lonely-1]"))
    assert tiny.run("build", "-f", "html").exit_code == 0
    tiny.write("seeds/lonely-1.yaml", "id: lonely-1\ntype: report\ntitle: A new title\n")
    result = tiny.run("build", "-f", "html")
    assert built_topics(result) == ["grain-talks"]
    assert "1 up to date" in last_line(result)
    assert "A New Title" in (tiny.root / "output/grain-talks.html").read_text()  # Chicago sets titles in title case
    herald = tiny.root / "seeds/herald-2025-03-01.yaml"
    herald.write_text(herald.read_text().replace("Talks open", "Talks opened"))
    assert built_topics(tiny.run("build", "-f", "html")) == ["grain-talks", "other-topic"]


def test_template_or_settings_change_rebuilds_all(tiny: Tiny) -> None:
    assert tiny.run("build", "-f", "html").exit_code == 0
    css = tiny.root / "templates/memo/memo.css"
    css.write_text(css.read_text() + "\n/* changed */\n")
    assert built_topics(tiny.run("build", "-f", "html")) == ["grain-talks", "other-topic"]
    tiny.write("pyproject.toml", (tiny.root / "pyproject.toml").read_text().replace("Test Unit", "Other Unit"))
    assert built_topics(tiny.run("build", "-f", "html")) == ["grain-talks", "other-topic"]
    assert "0 memos" in last_line(tiny.run("build", "-f", "html"))


def test_editing_a_csl_file_given_by_path_rebuilds_all(tiny: Tiny) -> None:
    from memo.cite import style_path

    csl = tiny.write("house.csl", style_path("apa").read_bytes())
    pyproject = tiny.root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + 'citation-style = "house.csl"\n')
    assert tiny.run("build", "-f", "html").exit_code == 0
    assert "0 memos" in last_line(tiny.run("build", "-f", "html"))
    csl.write_text(csl.read_text().replace('delimiter="; "', 'delimiter=" | "', 1))
    assert built_topics(tiny.run("build", "-f", "html")) == ["grain-talks", "other-topic"]


def test_corrupt_or_missing_cache_and_tampered_output_rebuild(tiny: Tiny) -> None:
    assert tiny.run("build", "-f", "html").exit_code == 0
    cache = tiny.root / "output/.memo-cache.json"
    for garbage in ("{not json", "[]", '{"version": 1, "files": {"grain-talks": {"html": 7}}, "info": {}}'):
        cache.write_text(garbage)
        assert built_topics(tiny.run("build", "-f", "html")) == ["grain-talks", "other-topic"], garbage
    cache.unlink()
    assert built_topics(tiny.run("build", "-f", "html")) == ["grain-talks", "other-topic"]
    (tiny.root / "output/other-topic.html").write_text("edited by hand")
    (tiny.root / "output/grain-talks.html").unlink()
    assert built_topics(tiny.run("build", "-f", "html")) == ["grain-talks", "other-topic"]
    assert built_topics(tiny.run("build", "-f", "html", "--force")) == ["grain-talks", "other-topic"]


def test_new_format_builds_only_that_format(tiny: Tiny) -> None:
    assert tiny.run("build", "-f", "html").exit_code == 0
    before = (tiny.root / "output/grain-talks.html").stat().st_mtime_ns
    result = tiny.run("build", "-f", "html,pdf")
    assert "(pdf)" in result.stdout and "html, pdf" not in result.stdout
    assert (tiny.root / "output/grain-talks.html").stat().st_mtime_ns == before


def test_jobs_2_gives_the_same_bytes_as_jobs_1(tiny: Tiny) -> None:
    assert tiny.run("build", "-f", "pdf,html", "--jobs", "1", "--out", "one").exit_code == 0
    assert tiny.run("build", "-f", "pdf,html", "--jobs", "2", "--out", "two").exit_code == 0
    for name in ("grain-talks.pdf", "grain-talks.html", "other-topic.pdf", "manifest.json"):
        assert (tiny.root / "one" / name).read_bytes() == (tiny.root / "two" / name).read_bytes(), name


def test_manifest_matches_the_files(tiny: Tiny) -> None:
    assert tiny.run("build", "-f", "pdf,html").exit_code == 0
    out = tiny.root / "output"
    manifest = json.loads((out / "manifest.json").read_text())
    assert [m["topic"] for m in manifest["memos"]] == ["grain-talks", "other-topic"]
    grain = manifest["memos"][0]
    assert {k: grain[k] for k in ("title", "status", "as_of", "classification", "sources")} == {
        "title": "Grain talks: a pause or a turning point?",
        "status": "review",
        "as_of": "2025-04-27",
        "classification": "OFFICIAL",
        "sources": ["gazette-2025-04-27", "herald-2025-03-01"],
    }
    for memo in manifest["memos"]:
        assert sorted(memo["files"]) == ["html", "pdf"]
        for entry in memo["files"].values():
            data = (out / entry["name"]).read_bytes()
            assert entry["size"] == len(data) and entry["sha256"] == sha256(data).hexdigest()
    first = (out / "manifest.json").read_bytes()
    assert tiny.run("build", "-f", "pdf,html", "--force").exit_code == 0
    assert (out / "manifest.json").read_bytes() == first


def test_deleted_topic_leaves_the_manifest(tiny: Tiny) -> None:
    assert tiny.run("build", "-f", "html").exit_code == 0
    text = (tiny.root / "briefings/grain-talks.yaml").read_text()
    tiny.briefing("grain-talks", text.replace("related: [other-topic]", "related: []"))
    (tiny.root / "briefings/other-topic.yaml").unlink()
    assert tiny.run("build", "-f", "html").exit_code == 0
    manifest = json.loads((tiny.root / "output/manifest.json").read_text())
    assert [m["topic"] for m in manifest["memos"]] == ["grain-talks"]
