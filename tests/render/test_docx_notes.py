"""The footnotes layer on its own: the part, its separators and relationship, notes and references, reuse."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from memo.render.docx_notes import Footnotes, text_run
from tests.render.conftest import NS, REPO

W = f"{{{NS['w']}}}"
FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


def saved(document) -> zipfile.ZipFile:
    out = io.BytesIO()
    document.save(out)
    return zipfile.ZipFile(io.BytesIO(out.getvalue()))


def notes_of(z: zipfile.ZipFile) -> list[tuple[str, str | None, str]]:
    """(id, type, text) of every w:footnote, in file order."""
    root = etree.fromstring(z.read("word/footnotes.xml"))
    return [
        (n.get(W + "id"), n.get(W + "type"), "".join(t.text or "" for t in n.iter(W + "t")))
        for n in root.findall("w:footnote", NS)
    ]


def with_two_notes(document) -> zipfile.ZipFile:
    notes = Footnotes.of(document, "FootnoteText", "FootnoteReference")
    p = document.add_paragraph("Claim")._p
    for number in (1, 2):
        p.append(notes.reference(number))
        notes.add(number).append(text_run(f"Source {number}."))
    return saved(document)


def test_python_docx_default_template_has_no_footnotes_part() -> None:
    # Why this module exists: python-docx neither ships nor models a footnotes part.
    assert "word/footnotes.xml" not in saved(docx.Document()).namelist()


def test_a_new_part_has_word_separators_relationship_and_content_type() -> None:
    z = with_two_notes(docx.Document())
    assert notes_of(z) == [
        ("-1", "separator", ""),
        ("0", "continuationSeparator", ""),
        ("1", None, " Source 1."),
        ("2", None, " Source 2."),
    ]
    root = etree.fromstring(z.read("word/footnotes.xml"))
    assert root.find("w:footnote/w:p/w:r/w:separator", NS) is not None
    assert root.find("w:footnote/w:p/w:r/w:continuationSeparator", NS) is not None
    rels = etree.fromstring(z.read("word/_rels/document.xml.rels"))
    assert [r.get("Target") for r in rels if r.get("Type") == RT.FOOTNOTES] == ["footnotes.xml"]
    types = etree.fromstring(z.read("[Content_Types].xml"))
    overrides = {o.get("PartName"): o.get("ContentType") for o in types.findall("ct:Override", NS)}
    assert overrides["/word/footnotes.xml"] == FOOTNOTES_CT
    settings = etree.fromstring(z.read("word/settings.xml"))
    assert [f.get(W + "id") for f in settings.findall("w:footnotePr/w:footnote", NS)] == ["-1", "0"]
    names = [etree.QName(child).localname for child in settings]
    assert names.index("footnotePr") < names.index("compat")  # schema order, or Word reports the file as damaged


def test_notes_carry_the_auto_numbered_mark_and_styles() -> None:
    z = with_two_notes(docx.Document())
    root = etree.fromstring(z.read("word/footnotes.xml"))
    note = root.find("w:footnote[@w:id='1']", NS)
    assert note.find("w:p/w:pPr/w:pStyle", NS).get(W + "val") == "FootnoteText"
    mark = note.find("w:p/w:r", NS)
    assert mark.find("w:rPr/w:rStyle", NS).get(W + "val") == "FootnoteReference"
    assert mark.find("w:footnoteRef", NS) is not None  # Word writes the number here, not us
    body = etree.fromstring(z.read("word/document.xml"))
    refs = body.findall(".//w:r/w:footnoteReference", NS)
    assert [r.get(W + "id") for r in refs] == ["1", "2"]
    assert all(r.getparent().find("w:rPr/w:rStyle", NS).get(W + "val") == "FootnoteReference" for r in refs)
    assert not [t.text for t in body.iter(W + "t") if t.text and t.text.strip().isdigit()]


def test_the_reference_documents_part_is_reused_and_emptied_of_notes() -> None:
    reference = REPO / "templates/memo/reference.docx"
    before = notes_of(zipfile.ZipFile(reference))
    assert [(i, kind) for i, kind, _ in before][:2] == [("-1", "separator"), ("0", "continuationSeparator")]
    assert len(before) == 3  # the sample note that shows the Footnote Text style in Word
    z = with_two_notes(docx.Document(str(reference)))
    assert [n[:2] for n in notes_of(z)] == [
        ("-1", "separator"),
        ("0", "continuationSeparator"),
        ("1", None),
        ("2", None),
    ]
    assert [n for n in z.namelist() if "footnotes" in n] == ["word/footnotes.xml"]


def test_asking_twice_adds_nothing_twice(tmp_path: Path) -> None:
    document = docx.Document()
    Footnotes.of(document, "FootnoteText", "FootnoteReference")
    Footnotes.of(document, "FootnoteText", "FootnoteReference")
    z = saved(document)
    assert [n[:2] for n in notes_of(z)] == [("-1", "separator"), ("0", "continuationSeparator")]
    settings = etree.fromstring(z.read("word/settings.xml"))
    assert len(settings.findall("w:footnotePr", NS)) == 1
    rels = etree.fromstring(z.read("word/_rels/document.xml.rels"))
    assert len([r for r in rels if r.get("Type") == RT.FOOTNOTES]) == 1


def test_missing_separators_are_restored() -> None:
    document = docx.Document()
    notes = Footnotes.of(document, "FootnoteText", "FootnoteReference")
    for note in notes.part.element.findall("w:footnote", NS):
        notes.part.element.remove(note)
    Footnotes.of(document, "FootnoteText", "FootnoteReference")
    assert [n[:2] for n in notes_of(saved(document))] == [("-1", "separator"), ("0", "continuationSeparator")]
