"""Provenance read back from the files a build wrote, and `memo verify` naming each fault in one line."""

from __future__ import annotations

import json
import subprocess
from hashlib import sha256
from io import BytesIO

import docx
import pytest
from pypdf import PdfReader

from memo import __version__, provenance
from memo.render.docx_page import read_custom_properties
from tests.conftest import Tiny

GIT = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false"]


def git_commit(tiny: Tiny) -> str:
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "briefings"]):
        subprocess.run([*GIT, *args], cwd=tiny.root, check=True, capture_output=True)
    return subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=tiny.root, check=True, capture_output=True, text=True
    ).stdout.strip()


def file_sha(tiny: Tiny, rel: str) -> str:
    return sha256((tiny.root / rel).read_bytes()).hexdigest()


def test_provenance_round_trips_through_xmp_and_word_properties() -> None:
    record = {
        "topic": "t", "as_of": "2025-04-27", "status": "draft", "briefing_sha256": "a" * 64,
        "sources_sha256": {"s-1": "b" * 64, "s-2": "c" * 64}, "templates_sha256": "d" * 64,
        "memo_version": "9.9", "git_commit": "e" * 40, "git_clean": False,
    }  # fmt: skip
    from xml.etree.ElementTree import Element, tostring

    rdf = Element(f"{{{provenance.RDF}}}RDF")
    rdf.extend(provenance.xmp_description(record))
    assert provenance.read_xmp(tostring(rdf)) == record
    assert provenance.read_properties(dict(provenance.properties(record))) == record


def test_a_books_provenance_round_trips_through_xmp_info_and_properties() -> None:
    chapter = {"briefing_sha256": "a" * 64, "sources_sha256": {"s-1": "b" * 64}}
    record = {
        "book": "weekly", "as_of": "2025-04-27", "status": "review",
        "chapters": {"t-2": chapter, "t-1": {"briefing_sha256": "f" * 64, "sources_sha256": {}}},
        "templates_sha256": "d" * 64, "memo_version": "9.9", "git_commit": "e" * 40, "git_clean": True,
    }  # fmt: skip
    from xml.etree.ElementTree import Element, tostring

    rdf = Element(f"{{{provenance.RDF}}}RDF")
    rdf.extend(provenance.xmp_description(record))
    assert provenance.read_xmp(tostring(rdf)) == record
    assert provenance.read_properties(dict(provenance.properties(record))) == record
    info = provenance.info_entries(record)
    assert info["MemoChapters"] == f"t-2 {'a' * 64}; t-1 {'f' * 64}"
    assert info["MemoChapterSources"] == f"t-2 s-1 {'b' * 64}" and info["MemoGitClean"] == "true"


def test_pdf_a_and_word_carry_the_provenance_and_verify_names_each_fault(tiny: Tiny) -> None:
    """One PDF, under pdf/a-3b: its XMP (read by pypdf) and Word's custom properties (read by python-docx)
    carry what the manifest lists; then a flipped byte, an edited briefing and a deleted file: a line each."""
    tiny.write("pyproject.toml", (tiny.root / "pyproject.toml").read_text() + 'pdf-variant = "pdf/a-3b"\n')
    commit = git_commit(tiny)
    assert tiny.run("build", "grain-talks", "-f", "pdf,docx,html", "-j", "1").exit_code == 0
    out = tiny.root / "output"
    entry = json.loads((out / "manifest.json").read_text())["memos"][0]
    expected = {
        "topic": "grain-talks",
        "as_of": "2025-04-27",
        "status": "review",
        "briefing_sha256": file_sha(tiny, "briefings/grain-talks.yaml"),
        "sources_sha256": {
            sid: file_sha(tiny, f"seeds/{sid}.yaml") for sid in ("gazette-2025-04-27", "herald-2025-03-01")
        },
        "templates_sha256": entry["provenance"]["templates_sha256"],
        "memo_version": __version__,
        "git_commit": commit,
        "git_clean": True,
    }
    assert entry["provenance"] == expected

    pdf = PdfReader(out / "grain-talks.pdf")
    xmp = pdf.xmp_metadata
    assert xmp is not None
    assert [n.firstChild.data for n in xmp.rdf_root.getElementsByTagNameNS(provenance.NS, "topic")] == ["grain-talks"]
    assert provenance.read_xmp(xmp.stream.get_data()) == expected
    assert pdf.metadata["/MemoGitCommit"] == commit and pdf.metadata["/MemoGitClean"] == "true"
    attached = {name: data[0] for name, data in pdf.attachments.items()}
    assert attached == {
        name: (tiny.root / folder / name).read_bytes()
        for folder, name in [
            ("briefings", "grain-talks.yaml"),
            ("seeds", "gazette-2025-04-27.yaml"),
            ("seeds", "herald-2025-03-01.yaml"),
        ]
    }

    word = docx.Document(BytesIO((out / "grain-talks.docx").read_bytes()))
    properties = read_custom_properties(word)
    assert properties["memo.topic"] == "grain-talks" and properties["memo.git-clean"] is True
    assert properties["memo.source.herald-2025-03-01"] == expected["sources_sha256"]["herald-2025-03-01"]
    assert provenance.read_properties(properties) == expected

    result = tiny.run("verify")
    assert (result.exit_code, result.stderr, result.stdout) == (0, "", "3 files verified\n")

    data = bytearray((out / "grain-talks.pdf").read_bytes())
    data[len(data) // 2] ^= 0x01
    (out / "grain-talks.pdf").write_bytes(bytes(data))
    (out / "grain-talks.docx").unlink()
    tiny.briefing("grain-talks", (tiny.root / "briefings/grain-talks.yaml").read_text() + "# edited\n")
    result = tiny.run("verify")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "output/grain-talks.docx:1:1: error: missing: manifest.json lists it",
        "output/grain-talks.pdf:1:1: error: changed since the build: its sha256 differs from manifest.json",
        "briefings/grain-talks.yaml:1:1: error: stale: the built memo 'grain-talks' is out of date "
        "(briefing changed since build)",
    ]
    assert result.stdout == "1 file verified, 2 failed, 1 stale: grain-talks (briefing changed since build)\n"


def test_verify_compares_word_and_html_provenance_and_checks_book_files(tiny: Tiny) -> None:
    assert tiny.run("build", "-f", "docx,html", "-j", "1").exit_code == 0
    out = tiny.root / "output"
    manifest = json.loads((out / "manifest.json").read_text())
    (out / "book-all.html").write_text("<p>book</p>")
    manifest["books"] = [
        {"name": "all", "title": "All", "files": {"html": {"name": "book-all.html", "size": 11, "sha256": "0" * 64}}}
    ]
    manifest["memos"][1]["provenance"]["sources_sha256"]["herald-2025-03-01"] = "f" * 64
    (out / "manifest.json").write_text(json.dumps(manifest))
    result = tiny.run("verify", "output")
    assert result.exit_code == 1
    herald = file_sha(tiny, "seeds/herald-2025-03-01.yaml")
    assert result.stderr.splitlines() == [
        *(
            f'output/other-topic.{fmt}:1:1: error: its embedded sources_sha256.herald-2025-03-01 is "{herald}", '
            f'manifest.json says "{"f" * 64}"'
            for fmt in ("docx", "html")
        ),
        "briefings/other-topic.yaml:1:1: error: stale: the built memo 'other-topic' is out of date "
        "(source herald-2025-03-01 changed since build)",
        "output/book-all.html:1:1: error: changed since the build: its sha256 differs from manifest.json",
    ]


def test_verify_outside_a_project_checks_files_only(tiny: Tiny, tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert tiny.run("build", "-f", "html", "-j", "1").exit_code == 0
    copy = tmp_path / "copy"
    copy.mkdir()
    for f in (tiny.root / "output").iterdir():
        if not f.name.startswith("."):
            (copy / f.name).write_bytes(f.read_bytes())
    tiny.briefing("grain-talks", (tiny.root / "briefings/grain-talks.yaml").read_text() + "# edited\n")
    monkeypatch.chdir(tmp_path)
    from click.testing import CliRunner

    from memo.cli import main

    result = CliRunner().invoke(main, ["verify", "copy"])
    assert (result.exit_code, result.stdout) == (0, "2 files verified\n")
    result = CliRunner().invoke(main, ["verify", "nowhere"])
    assert result.exit_code == 1
    assert (
        result.stderr
        == "nowhere/manifest.json:1:1: error: no manifest here; run memo build first, or name the output folder\n"
    )


def test_a_hostile_manifest_is_one_line_per_fault_never_a_traceback(tiny: Tiny) -> None:
    """Names with a NUL, and ids that would lead out of the project, are reported, not read."""
    import json

    assert tiny.run("build", "-f", "html", "-j", "1").exit_code == 0
    path = tiny.root / "output/manifest.json"
    manifest = json.loads(path.read_text())
    memo = manifest["memos"][0]
    memo["files"]["html"]["name"] = "a\u0000b.html"
    memo["provenance"]["sources_sha256"] = {"../../etc/passwd": "0" * 64}
    path.write_text(json.dumps(manifest))
    result = tiny.run("verify")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert any("which is not a file of this folder" in line for line in lines), lines
    assert any("which is no plain id" in line for line in lines), lines
    assert "Traceback" not in result.output
