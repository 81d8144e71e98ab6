"""The shipped Word templates and the DOCX files made from them, read as XML (no LibreOffice).

What a municipality's staff meet when they open a DOCX in Word: styles that carry the
formatting (no direct formatting fighting them), explicit fonts, German hyphenation, the
current compatibility mode, honest metadata, repeating header rows, a real footnote.
"""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from testing_utils import EXAMPLE, ROOT, with_top_level

from docgen.errors import TemplateError
from docgen.pipeline import Engine, Options, RenderedFile
from docgen.registry import DOCUMENT_TYPES, DocumentType
from docgen.wordparts import HOUSE_ACCENT, review_marks

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TEMPLATES = ROOT / "templates" / "docx"


def _part(data: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read(name))


def _style(styles: etree._Element, name: str) -> etree._Element:
    return next(s for s in styles.iter(f"{W}style") if s.find(f"{W}name").get(f"{W}val") == name)


@pytest.fixture(scope="module")
def rendered() -> RenderedFile:
    with Engine(Options(formats=("docx",))) as engine:
        return engine.render_file(EXAMPLE)


@pytest.mark.parametrize("doc_type", DOCUMENT_TYPES, ids=lambda t: t.name)
def test_template_formats_through_styles(doc_type: DocumentType) -> None:
    data = (TEMPLATES / str(doc_type.docx_template)).read_bytes()
    document = _part(data, "word/document.xml")
    # no run switches bold (or anything) off against its paragraph's style
    assert not document.findall(f".//{W}r/{W}rPr/{W}b"), "direct bold in runs"
    assert not [r for r in document.iter(f"{W}rPr") if r.getparent().tag == f"{W}r"
                and [c for c in r if c.tag != f"{W}rStyle"]], "direct run formatting"
    # no empty paragraphs used as spacers (docxtpl's tag paragraphs hold their tags)
    for paragraph in document.find(f"{W}body").iter(f"{W}p"):
        if paragraph.getparent().tag == f"{W}tc":
            continue  # a cell holds at least one paragraph, even an empty one
        text = "".join(t.text or "" for t in paragraph.iter(f"{W}t"))
        assert text.strip() or paragraph.find(f".//{W}footnoteReference") is not None, \
            "empty paragraph as a spacer"
    styles = _part(data, "word/styles.xml")
    for name in ("Title", "heading 1", "heading 2", "heading 3"):
        rpr = _style(styles, name).find(f"{W}rPr")
        assert rpr.find(f"{W}b") is not None and rpr.find(f"{W}b").get(f"{W}val") is None
        assert _style(styles, name).find(f"{W}pPr/{W}keepNext") is not None
    # every font named explicitly: Liberation Sans, no theme font (Cambria, Calibri)
    for fonts in styles.iter(f"{W}rFonts"):
        assert not [a for a in fonts.attrib if "heme" in a], "theme font"
    for name in ("Normal", "No Spacing"):
        fonts = _style(styles, name).find(f"{W}rPr/{W}rFonts")
        assert fonts.get(f"{W}ascii") == fonts.get(f"{W}hAnsi") == "Liberation Sans"
    defaults = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    assert defaults.find(f"{W}rFonts").get(f"{W}ascii") == "Liberation Sans"
    assert defaults.find(f"{W}lang").get(f"{W}val") == "de-DE"
    settings = _part(data, "word/settings.xml")
    assert settings.find(f"{W}autoHyphenation") is not None
    mode = settings.find(f"{W}compat/{W}compatSetting[@{W}name='compatibilityMode']")
    assert mode.get(f"{W}val") == "15"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        core = archive.read("docProps/core.xml").decode()
        app = archive.read("docProps/app.xml").decode()
    assert "python-docx" not in core and "<dc:language>de-DE</dc:language>" in core
    assert "<Application>docgen</Application>" in app
    assert "word/stylesWithEffects.xml" not in names and "docProps/thumbnail.jpeg" not in names


def test_tables_have_grid_widths_header_rows_and_padding() -> None:
    data = (TEMPLATES / "kurzkonzept.docx").read_bytes()
    document = _part(data, "word/document.xml")
    tables = document.findall(f".//{W}body/{W}tbl")
    widths = [[int(c.get(f"{W}w")) for c in t.find(f"{W}tblGrid")] for t in tables]
    assert [round(w / 56.7) for w in widths[2]] == [44, 54, 66]  # mm, as the HTML columns
    headers = [t for t in tables if t.find(f"{W}tr/{W}trPr/{W}tblHeader") is not None]
    assert len(headers) == 3  # indicators, fields of action, posts
    rows = document.findall(f".//{W}body/{W}tbl/{W}tr")
    assert all(r.find(f"{W}trPr/{W}cantSplit") is not None for r in rows
               if "{%tr" not in "".join(r.itertext()))
    styles = _part(data, "word/styles.xml")
    margins = _style(styles, "Tabelle docgen").find(f"{W}tblPr/{W}tblCellMar")
    assert int(margins.find(f"{W}top").get(f"{W}w")) > 0  # vertical padding
    bullet = _style(styles, "Tabellenaufzählung")
    base = _style(styles, "List Bullet")
    assert bullet.find(f"{W}basedOn").get(f"{W}val") == base.get(f"{W}styleId")
    assert base.find(f"{W}pPr/{W}numPr") is not None  # a real list, bullets by numbering


def test_rendered_docx_has_footnote_colour_alt_text_and_letterhead(
        rendered: RenderedFile, tmp_path: Path) -> None:
    for document in rendered.documents:
        data = document.outputs["docx"]
        header = _part(data, next(n for n in zipfile.ZipFile(io.BytesIO(data)).namelist()
                                  if n.startswith("word/header") and b"Landkreis M\xc3\xa4rkische Heide"
                                  in zipfile.ZipFile(io.BytesIO(data)).read(n)))
        alts = [d.get("descr") for d in header.iter(
            "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")
            if d.get("name", "").startswith("Picture")]
        assert alts == ["Logo: Landkreis Märkische Heide"], document.job.stem
    kurzkonzept = rendered.documents[0].outputs["docx"]
    notes = _part(kurzkonzept, "word/footnotes.xml")
    text = "".join(notes.itertext())
    assert "Als Grundlage für die hier aufgeführten Voraussetzungen" in text
    assert _part(kurzkonzept, "word/document.xml").find(f".//{W}footnoteReference") is not None
    # the accent colour of the data replaces the house accent everywhere
    path, _ = with_top_level(tmp_path, 'briefkopf:\n  farbe: "#7a1f3d"\n')
    with Engine(Options(formats=("docx",))) as engine:
        for document in engine.render_file(path).documents:
            with zipfile.ZipFile(io.BytesIO(document.outputs["docx"])) as archive:
                xml = b"".join(archive.read(n) for n in archive.namelist() if n.startswith("word/"))
            assert HOUSE_ACCENT.encode() not in xml.upper(), document.job.stem
            assert b'w:color w:val="7A1F3D"' in xml, document.job.stem


def _with_review(source: Path, target: Path) -> None:
    """A copy of a template with one comment and one tracked insertion."""
    with zipfile.ZipFile(source) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    parts["word/comments.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:comments {ns}>'
        '<w:comment w:id="0" w:author="Frau Kämmerer"><w:p><w:r><w:t>Bitte Betrag prüfen</w:t>'
        "</w:r></w:p></w:comment></w:comments>").encode()
    document = parts["word/document.xml"].decode()
    document = document.replace(
        "<w:body>", '<w:body><w:p><w:ins w:id="1" w:author="Herr Rat"><w:r><w:t>Entwurf</w:t>'
        "</w:r></w:ins></w:p>", 1)
    parts["word/document.xml"] = document.encode()
    with zipfile.ZipFile(target, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def test_template_with_comments_or_tracked_changes_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "vorlagen" / "docx"
    folder.mkdir(parents=True)
    _with_review(TEMPLATES / "kurzkonzept.docx", folder / "kurzkonzept.docx")
    marks = review_marks((folder / "kurzkonzept.docx").read_bytes())
    assert marks == ["Kommentar von Frau Kämmerer „Bitte Betrag prüfen“",
                     "Einfügung von Herr Rat „Entwurf“"]
    with Engine(Options(templates=(folder.parent,), formats=("pdf", "docx"),
                        pdf_routes={"*": "docx"})) as engine:
        with pytest.raises(TemplateError) as info:
            engine.render_file(EXAMPLE)
        assert engine._converter is None  # refused before LibreOffice was started
    text = str(info.value)
    assert text.startswith(f"{folder / 'kurzkonzept.docx'}: Word-Vorlage enthält 2 offene "
                           "Überarbeitungen (Kommentare oder nachverfolgte Änderungen): "
                           "Kommentar von Frau Kämmerer „Bitte Betrag prüfen“; "
                           "Einfügung von Herr Rat „Entwurf“ – bitte in Word"), text


def test_template_builder_is_reproducible_and_matches_the_committed_files(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_docx_templates.py"),
                             "--out", str(tmp_path)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    built = sorted(p.name for p in tmp_path.glob("*.docx"))
    assert built == sorted(str(t.docx_template) for t in DOCUMENT_TYPES)
    changed = [name for name in built
               if (tmp_path / name).read_bytes() != (TEMPLATES / name).read_bytes()]
    assert not changed, f"committed templates differ from their builders: {changed}"
