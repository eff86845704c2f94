"""Failures mid-build: the old outputs stay, no temporary file is left, the rest still builds, one line each.

A template that does not compile or fails at run time, a corrupt reference.docx, a renderer that raises,
a full disk, an output folder that vanishes, and two builds at once.
"""

from __future__ import annotations

import errno
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

import memo.output
from memo.render import docx as docx_renderer
from memo.render import pdf as pdf_renderer
from tests.conftest import Tiny
from tests.hostile.conftest import errors, outputs, temp_files

TOPICS = ("briefings/grain-talks.yaml", "briefings/other-topic.yaml")


@pytest.fixture
def built(tiny: Tiny) -> dict[str, bytes]:
    """A first, good build of every topic in every format: what a failed build must leave alone."""
    result = tiny.run("build", "-j", "1")
    assert result.exit_code == 0, result.output
    return outputs(tiny.root / "output")


def rebuild(tiny: Tiny, *args: str) -> tuple[int, list[str], str]:
    """``memo build --force`` after something broke: exit code, problem lines, and all it printed."""
    result = tiny.run("build", "--force", "-j", "1", *args)
    return result.exit_code, errors(result), result.output


def assert_kept(tiny: Tiny, before: dict[str, bytes], *names: str) -> None:
    after = outputs(tiny.root / "output")
    for name in names:
        assert after[name] == before[name], name
    assert temp_files(tiny.root) == []


def template_set(tiny: Tiny, name: str, old: str, new: str) -> Path:
    folder = tiny.root / "templates" / name
    shutil.copytree(tiny.root / "templates/memo", folder)
    page = folder / "memo.html.j2"
    assert old in page.read_text()
    page.write_text(page.read_text().replace(old, new, 1))
    return folder


@pytest.mark.parametrize(
    ("new", "message"),
    [
        ("<title>{{ h.title </title>", "templates/broken/memo.html.j2:5: template error: unexpected '/'"),
        ("<title>{{ 1 // 0 }}</title>",
         "templates/broken/memo.html.j2:5: template error: ZeroDivisionError: integer division or modulo by zero"),
        ("<title>{{ '%d' % h.title }}</title>",
         "templates/broken/memo.html.j2:5: template error: TypeError: %d format: a real number is required, not str"),
        ("<title>{% include 'missing.html' %}</title>",
         "templates/broken/memo.html.j2:5: template error: 'missing.html' not found in search path: "),
    ],
    ids=["syntax", "division-by-zero", "wrong-filter", "missing-include"],
)  # fmt: skip
def test_a_failing_template_keeps_the_old_outputs(tiny: Tiny, built: dict, new: str, message: str) -> None:
    template_set(tiny, "broken", "<title>{{ h.title }}</title>", new)
    code, found, output = rebuild(tiny, "--template", "broken")
    assert code == 1
    expected = [f"{t}:1:1: error: {fmt} not built: {message}" for t in TOPICS for fmt in ("pdf", "html")]
    assert len(found) == len(expected) and all(f.startswith(e) for f, e in zip(found, expected, strict=True)), found
    assert "built 2 memos (2 files), 0 up to date, 2 failed" in output  # the Word files still built
    assert_kept(tiny, built, "grain-talks.pdf", "grain-talks.html", "other-topic.pdf", "other-topic.html")


def _zip_with(reference: bytes, change) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(reference)) as src, zipfile.ZipFile(out, "w") as dst:
        for name in src.namelist():
            data = change(name, src.read(name))
            if data is not None:
                dst.writestr(name, data)
    return out.getvalue()


CORRUPT = {
    "truncated": (lambda ref: ref[:500], "File is not a zip file"),
    "not-a-zip": (lambda ref: b"PK\x03\x04 but not really", "File is not a zip file"),
    "bad-xml": (
        lambda ref: _zip_with(ref, lambda n, d: d[:200] if n == "word/styles.xml" else d),
        "AttValue: ' expected, line 2, column 145",
    ),
    "no-body": (
        lambda ref: _zip_with(ref, lambda n, d: None if n == "word/document.xml" else d),
        "\"There is no item named 'word/document.xml' in the archive\"",
    ),
}


@pytest.mark.parametrize("kind", CORRUPT)
def test_a_corrupt_reference_docx_fails_only_the_word_files(tiny: Tiny, built: dict, kind: str) -> None:
    corrupt, reason = CORRUPT[kind]
    folder = template_set(tiny, "corrupt", "<title>", "<title>")
    (folder / "reference.docx").write_bytes(corrupt((folder / "reference.docx").read_bytes()))
    code, found, _ = rebuild(tiny, "--template", "corrupt", "-f", "docx,html")
    assert code == 1
    assert [f.split(" (")[0] for f in found] == [
        f"{t}:1:1: error: docx not built: {folder / 'reference.docx'}: not a Word document" for t in TOPICS
    ]
    assert all(reason in f for f in found), found
    assert_kept(tiny, built, "grain-talks.docx", "other-topic.docx")


def test_a_renderer_that_raises_is_one_line_and_the_rest_builds(tiny: Tiny, built: dict, monkeypatch) -> None:
    def explode(*_: object) -> bytes:
        raise RuntimeError("renderer bug\n  with a second line\n  and a third")

    monkeypatch.setattr(docx_renderer, "render", explode)
    code, found, output = rebuild(tiny, "-f", "docx,html")
    assert code == 1
    assert found == [f"{t}:1:1: error: docx not built: RuntimeError: renderer bug" for t in TOPICS]
    assert "second line" not in output
    assert_kept(tiny, built, "grain-talks.docx", "other-topic.docx")


def _no_space(*_: object) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_disk_full_on_rename_keeps_the_old_pdf(tiny: Tiny, built: dict, monkeypatch) -> None:
    replace = os.replace

    def full_for_pdfs(src: str, dst: str | Path) -> None:
        (_no_space if str(dst).endswith(".pdf") else replace)(src, dst)

    monkeypatch.setattr(memo.output.os, "replace", full_for_pdfs)
    code, found, _ = rebuild(tiny)
    assert code == 1
    out = tiny.root / "output"
    assert found == [
        f"{t}:1:1: error: pdf not built: cannot write {out / Path(t).stem}.pdf: No space left on device" for t in TOPICS
    ]
    assert_kept(tiny, built, "grain-talks.pdf", "other-topic.pdf")


class _FullDisk(io.RawIOBase):
    """A file object whose write fails as a full disk does."""

    def __init__(self, real: io.BufferedWriter) -> None:
        self.real = real

    def write(self, _: bytes) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __enter__(self) -> _FullDisk:
        return self

    def __exit__(self, *_: object) -> None:
        self.real.close()


def test_disk_full_while_writing_keeps_the_old_files(tiny: Tiny, built: dict, monkeypatch) -> None:
    fdopen = os.fdopen

    def full_for_word(fd: int, *args: object, **kwargs: object):
        real = fdopen(fd, *args, **kwargs)
        return _FullDisk(real) if ".docx." in os.readlink(f"/proc/self/fd/{fd}") else real

    monkeypatch.setattr(memo.output.os, "fdopen", full_for_word)
    code, found, _ = rebuild(tiny, "-f", "docx,html")
    assert code == 1
    out = tiny.root / "output"
    assert found == [
        f"{t}:1:1: error: docx not built: cannot write {out / Path(t).stem}.docx: No space left on device"
        for t in TOPICS
    ]
    assert_kept(tiny, built, "grain-talks.docx", "other-topic.docx")


def test_a_completely_full_disk_is_one_line_and_loses_nothing(tiny: Tiny, built: dict, monkeypatch) -> None:
    monkeypatch.setattr(memo.output.os, "replace", _no_space)
    result = tiny.run("build", "--force", "-j", "1")
    assert result.exit_code == 1
    errors(result)
    lines = result.stderr.splitlines()
    assert (
        lines[-1]
        == "output/.memo-cache.json:1:1: error: build record and manifest not written: No space left on device"
    )
    assert len(lines) == 1 + 3 * 2  # one line per topic and format, then the record
    assert all(": error: " in line and line.endswith("No space left on device") for line in lines)
    assert_kept(tiny, built, *built)


def test_an_output_folder_removed_mid_build(tiny: Tiny, built: dict, monkeypatch) -> None:
    render = pdf_renderer.render
    out = tiny.root / "output"

    def remove_the_folder_first(*args: object) -> bytes:
        data = render(*args)
        shutil.rmtree(out, ignore_errors=True)
        return data

    monkeypatch.setattr(pdf_renderer, "render", remove_the_folder_first)
    result = tiny.run("build", "--force", "-j", "1", "grain-talks")
    assert result.exit_code == 1
    errors(result)
    lines = result.stderr.splitlines()
    assert lines[-1].endswith(
        "output/.memo-cache.json:1:1: error: build record and manifest not written: No such file or directory"
    )
    assert all(": error: " in line for line in lines)
    assert not out.exists()  # nothing half-written took its place
    monkeypatch.undo()
    again = tiny.run("build")
    assert again.exit_code == 0 and errors(again) == []
    assert sorted(outputs(out)) == sorted(built)


def test_an_output_folder_replaced_by_a_file_mid_build(tiny: Tiny, built: dict, monkeypatch) -> None:
    render = docx_renderer.render
    out = tiny.root / "output"

    def replace_the_folder(*args: object) -> bytes:
        data = render(*args)
        if out.is_dir():
            shutil.rmtree(out)
            out.write_text("someone else's file")
        return data

    monkeypatch.setattr(docx_renderer, "render", replace_the_folder)
    result = tiny.run("build", "--force", "-j", "1", "-f", "docx")
    assert result.exit_code == 1
    errors(result)
    lines = result.stderr.splitlines()
    assert lines[-1] == "output/.memo-cache.json:1:1: error: build record and manifest not written: Not a directory"
    assert all(": error: " in line and line.endswith("Not a directory") for line in lines)
    assert out.read_text() == "someone else's file"


def test_two_builds_at_once_leave_whole_files_and_a_true_manifest(tiny: Tiny) -> None:
    command = [sys.executable, "-m", "memo", "--root", str(tiny.root), "build", "--force", "-j", "1"]
    runs = [subprocess.Popen(command, cwd=tiny.root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)]  # fmt: skip
    for run in runs:
        stdout, stderr = run.communicate(timeout=120)
        assert run.returncode == 0, stderr
        assert "Traceback" not in stdout + stderr
    out = tiny.root / "output"
    manifest = json.loads((out / "manifest.json").read_text())
    assert [m["topic"] for m in manifest["memos"]] == ["grain-talks", "other-topic"]
    for memo_ in manifest["memos"]:
        for record in memo_["files"].values():
            data = (out / record["name"]).read_bytes()
            assert (len(data), hashlib.sha256(data).hexdigest()) == (record["size"], record["sha256"])
    for topic in ("grain-talks", "other-topic"):
        assert len(PdfReader(out / f"{topic}.pdf").pages) >= 1
        assert docx.Document(str(out / f"{topic}.docx")).paragraphs
        assert (out / f"{topic}.html").read_text(encoding="utf-8").rstrip().endswith("</html>")
    assert temp_files(tiny.root) == []
