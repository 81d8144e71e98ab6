"""Word output and the Word route: DOCX templates, LibreOffice kept warm, same text as HTML."""

from __future__ import annotations

import collections
import io
import os
import re
import signal
import zipfile
from collections.abc import Iterator
from pathlib import Path

import docx
import pikepdf
import pytest
from pypdf import PdfReader
from testing_utils import EXAMPLE, EXAMPLES, pdf_pages, pdf_tables, squash, write_variant

from docgen.convert import WarmConverter
from docgen.errors import TemplateError
from docgen.pipeline import Engine, Options, RenderedFile
from docgen.registry import DOCUMENT_TYPES

pytestmark = pytest.mark.slow  # renders real documents


@pytest.fixture(scope="module")
def word_engine() -> Iterator[Engine]:
    with Engine(Options(formats=("pdf", "docx"), pdf_routes={"*": "docx"})) as engine:
        yield engine


@pytest.fixture(scope="module")
def word_rendered(word_engine: Engine) -> RenderedFile:
    return word_engine.render_file(EXAMPLE)


@pytest.fixture(scope="module")
def word_examples(word_engine: Engine, word_rendered: RenderedFile) -> list[RenderedFile]:
    """Every example in data/ on the Word route: together they hold every document type."""
    return [word_rendered, *(word_engine.render_file(p) for p in EXAMPLES if p != EXAMPLE)]


@pytest.fixture(scope="module")
def html_examples(engine: Engine) -> list[RenderedFile]:
    return [engine.render_file(p) for p in [EXAMPLE, *(p for p in EXAMPLES if p != EXAMPLE)]]


def _docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    for section in document.sections:
        for part in (section.first_page_header, section.header, section.footer):
            parts += [p.text for p in part.paragraphs]
    return "\n".join(parts)


def test_every_document_type_has_a_word_template() -> None:
    assert all(t.docx_template for t in DOCUMENT_TYPES)


EXPECTED_IN_DOCX = {
    "kurzkonzept": ["Kurzkonzept für die Teilnahme als Pilotkommune", "Dr. Jörg Weißenböck",
                    "Erforderlicher Umsetzungsstand in der Pilotkommune",
                    "Gruppenangebot „Heidekinder“", "Ansiedlung: Jugendamt",
                    "Fließfurt, den 6.\u00a0Februar 2026", "2.481,6"],
    "absichtserklaerung": ["Brandenburgische Landesstelle für Suchtfragen e.V.",
                           "4. Bereitschaft zur Mitwirkung als Konsultationskommune",
                           "0,5\u00a0VZÄ für 36 Kalendermonate", "i. V. Katrin Oelschläger"],
    "kooperationsvereinbarung": ["§\u00a09 Gemeinsame Fortbildungen",
                                 "(§\u00a06) plant sie mit der Steuerungsgruppe (§\u00a07)",
                                 "Ömer Kılıç"],
    "geschaeftsordnung": ["§\u00a01 Zweck und Leitgedanken", "Beschluss:"],
    "fachliche-standards": ["Fachliche Standards", "Leitgedanken"],
    "werkstattgespraech": ["Dokumentation: Erstes Werkstattgespräch (Auftakt)",
                           "09:45\u202f–\u202f10:30\u00a0Uhr", "Entschuldigt: Katrin Lehmann",
                           "15.05.2026"],
}


def test_docx_files_open_and_hold_the_expected_text(word_examples: list[RenderedFile]) -> None:
    seen = set()
    for document in (d for rendered in word_examples for d in rendered.documents):
        data = document.outputs["docx"]
        opened = docx.Document(io.BytesIO(data))
        text = _docx_text(data)
        assert "{{" not in text and "{%" not in text, document.job.stem
        for expected in EXPECTED_IN_DOCX.get(document.job.doc_type.name, []):
            assert expected in text, (document.job.stem, expected)
        assert opened.core_properties.author == "Landkreis Märkische Heide"
        assert opened.core_properties.title == PdfReader(io.BytesIO(document.pdf)).metadata.title
        styles = zipfile.ZipFile(io.BytesIO(data)).read("word/styles.xml").decode()
        assert 'w:val="de-DE"' in styles
        seen.add(document.job.doc_type.name)
    assert seen == {t.name for t in DOCUMENT_TYPES}


def test_docx_has_the_letterhead_logo(word_rendered: RenderedFile) -> None:
    data = word_rendered.documents[0].outputs["docx"]
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert any(n.startswith("word/media/") and n.endswith(".png") for n in names)


def _body_text(pdf: bytes) -> str:
    """The text of every page without its running header (from page 2) and footer."""
    pages = []
    for number, page in enumerate(pdf_pages(pdf), start=1):
        lines = [line for line in page.splitlines() if not re.search(r"Seite \d+ von \d+", line)]
        pages.append("\n".join(lines[1:] if number > 1 else lines))
    return "\n".join(pages)


def _repeated_table_headers(pdf: bytes) -> collections.Counter[str]:
    """Letters of table header rows repeated on continuation pages (HTML repeats them)."""
    seen: list[list[str]] = []
    repeated: collections.Counter[str] = collections.Counter()
    for table in pdf_tables(pdf):
        header = [squash(cell) for cell in table[0]]
        if header in seen:
            repeated += _letters(" ".join(table[0]))
        seen.append(header)
    return repeated


def _letters(text: str) -> collections.Counter[str]:
    """The characters of a text, without layout: spaces, hyphens, bullets, rules."""
    text = text.replace("¹", "1")
    return collections.Counter(c for c in text.casefold() if c.isalnum())


# Accepted differences between the routes (see README, "Word route"): layout only —
# line breaks and hyphenation, bullets, signature lines (a border in HTML, typed in Word),
# the footnote mark (superscript "1" vs "¹"), running headers and footers with their page
# numbers, and table header rows that HTML repeats on continuation pages.


def test_word_route_pdf_holds_the_same_text_as_html_route(
    word_examples: list[RenderedFile], html_examples: list[RenderedFile]
) -> None:
    html_docs = {d.job.stem: d for rendered in html_examples for d in rendered.documents}
    word_docs = [d for rendered in word_examples for d in rendered.documents]
    assert {d.job.doc_type.name for d in word_docs} == {t.name for t in DOCUMENT_TYPES}
    for document in word_docs:
        html_pdf = html_docs[document.job.stem].pdf
        word = _letters(_body_text(document.pdf)) - _repeated_table_headers(document.pdf)
        html = _letters(_body_text(html_pdf)) - _repeated_table_headers(html_pdf)
        missing, extra = html - word, word - html
        assert not missing and not extra, (document.job.stem, dict(missing), dict(extra))


def test_word_route_pdf_is_pdfa2_tagged_german(word_rendered: RenderedFile) -> None:
    reader = PdfReader(io.BytesIO(word_rendered.documents[0].pdf))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "de-DE"
    assert "/StructTreeRoot" in root
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8", "replace")
    assert "<pdfaid:part>2</pdfaid:part>" in xmp
    assert reader.metadata.title.startswith("Kurzkonzept für die Teilnahme als Pilotkommune")


NASTY = 'Träger & Söhne <GmbH> "Anführung" \'einfach\' ß'


def test_special_characters_and_a_long_paragraph_on_both_routes(
    word_engine: Engine, engine: Engine, tmp_path: Path
) -> None:
    long = ("Überdurchschnittlich viele Familien & Kinder <unter 15> brauchen „Hilfe“. " * 40)[:2000]
    path, _ = write_variant(
        tmp_path, "    umsetzungsideen: >\n",
        f"    umsetzungsideen: '{long} {NASTY.replace(chr(39), chr(39) * 2)}'\n    x_alt: >\n")
    text = path.read_text(encoding="utf-8").replace("    x_alt: >\n", "    umsetzungsideen_alt: >\n")
    # drop the old folded block that followed
    text = re.sub(r"    umsetzungsideen_alt: >\n(      .*\n)+", "", text)
    path.write_text(text, encoding="utf-8")
    word = word_engine.render_file(path).documents[0]
    html = engine.render_file(path).documents[0]
    docx_text = _docx_text(word.outputs["docx"])
    assert NASTY in docx_text and long.strip() in docx_text
    for pdf in (word.pdf, html.pdf):
        flat = squash("\n".join(pdf_pages(pdf)))
        assert squash(NASTY) in flat
        assert squash(long[:300]) in flat


def test_docx_template_errors_quote_the_text_around_the_tag(tmp_path: Path) -> None:
    folder = tmp_path / "vorlagen" / "docx"
    folder.mkdir(parents=True)
    for body, message in [
        ("Landrat: {{ antrag.kommune.landrat }}",
         "die Vorlage verlangt einen Wert, den die Daten nicht haben"),
        ("Anfang {% if antrag %} ohne Ende", "Fehler in der Vorlage"),
    ]:
        document = docx.Document()
        document.add_paragraph("Vorher steht dieser Satz.")
        document.add_paragraph(body)
        document.save(folder / "kurzkonzept.docx")
        with (Engine(Options(templates=(folder.parent,), formats=("docx",))) as engine,
              pytest.raises(TemplateError) as info):
            engine.render_file(EXAMPLE)
        text = str(info.value)
        assert text.startswith(f"{folder / 'kurzkonzept.docx'}: {message}")
        assert body.split("{")[0].strip() in text, text
        assert "w:p" not in text and "<" not in text.split("bei:")[-1]


def test_killing_libreoffice_mid_batch_loses_no_document(word_rendered: RenderedFile) -> None:
    docs = [d.outputs["docx"] for d in word_rendered.documents][:6]
    with WarmConverter(timeout=30) as converter:
        results = []
        for index, data in enumerate(docs):
            if index == 2:
                pids = converter.office_pids()
                assert pids, "LibreOffice runs under the converter"
                for pid in pids:
                    os.kill(pid, signal.SIGKILL)
            results.append(converter.convert(data, name=f"dok-{index}"))
        assert converter.restarts >= 1
    assert len(results) == len(docs)
    for pdf in results:
        assert pdf.startswith(b"%PDF")
        assert len(PdfReader(io.BytesIO(pdf)).pages) >= 1
    assert not converter.running


def test_word_route_pdf_is_reproducible(word_engine: Engine, word_rendered: RenderedFile) -> None:
    again = word_engine.render_file(EXAMPLE)
    assert again.documents[1].pdf == word_rendered.documents[1].pdf
    assert again.bundle == word_rendered.bundle
    reader = PdfReader(io.BytesIO(again.documents[1].pdf))
    assert reader.metadata.creation_date.date() == again.documents[1].job.datum  # its own date
    with pikepdf.open(io.BytesIO(again.bundle)) as bundle, bundle.open_metadata() as meta:
        assert (meta["pdfaid:part"], meta["pdfaid:conformance"]) == ("2", "B")


def test_docx_is_reproducible(monkeypatch: pytest.MonkeyPatch) -> None:
    with Engine(Options(formats=("docx",))) as engine:
        first = [d.outputs["docx"] for d in engine.render_file(EXAMPLE).documents]
        second = [d.outputs["docx"] for d in engine.render_file(EXAMPLE).documents]
        assert first == second
        props = docx.Document(io.BytesIO(first[0])).core_properties
        assert props.created.isoformat().startswith("2026-02-06")  # the data's date
        monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
        third = engine.render_file(EXAMPLE).documents[0].outputs["docx"]
    assert third != first[0]
    assert docx.Document(io.BytesIO(third)).core_properties.created.isoformat().startswith(
        "2026-01-01")
