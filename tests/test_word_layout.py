"""The Word route's pages beside the HTML route's, read back from both PDFs.

For every document type: about the same number of pages, no signature block and no table
header torn from what belongs to it; the DIN 5008 letter's zones where the HTML route puts
them (Form A and B, within 1 mm); one page numbering through a Word-route bundle.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from testing_utils import EXAMPLE, EXAMPLES, pdf_pages, squash, write_variant

from docgen.convert import ConversionError, WarmConverter
from docgen.pipeline import Engine, Options, RenderedDocument, RenderedFile
from docgen.registry import DOCUMENT_TYPES

pytestmark = pytest.mark.slow

MM = 25.4 / 72
BLOCK_START = re.compile(r"^(Ort, Datum|.+, den \d{1,2}\. \w+ \d{4})$")


@pytest.fixture(scope="module")
def word_engine() -> Iterator[Engine]:
    with Engine(Options(formats=("pdf",), pdf_routes={"*": "docx"})) as engine:
        yield engine


@pytest.fixture(scope="module")
def word(word_engine: Engine) -> list[RenderedFile]:
    """Every example on the Word route (the first is the full application)."""
    return [word_engine.render_file(path) for path in EXAMPLES]


@pytest.fixture(scope="module")
def html(engine: Engine) -> list[RenderedFile]:
    return [engine.render_file(path) for path in EXAMPLES]


def _lines(page: Any) -> list[dict[str, Any]]:
    """Text lines of a page with their position (pdfplumber's words grouped by top)."""
    lines: list[dict[str, Any]] = []
    for word in sorted(page.extract_words(), key=lambda w: (round(w["top"]), w["x0"])):
        if lines and abs(lines[-1]["top"] - word["top"]) < 2 and word["x0"] - lines[-1]["x1"] < 15:
            lines[-1]["text"] += " " + word["text"]
            lines[-1]["x1"] = word["x1"]
        else:
            lines.append({"text": word["text"], "top": word["top"], "bottom": word["bottom"],
                          "x0": word["x0"], "x1": word["x1"]})
    return lines


def split_signature_blocks(pdf: bytes) -> list[str]:
    """Signature blocks whose signature line or name is not on the page of their date."""
    problems = []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for number, page in enumerate(document.pages, start=1):
            lines = _lines(page)
            rules = [e for e in page.edges if e["orientation"] == "h" and 40 / MM < e["width"] < 95 / MM]
            for line in lines:
                if not BLOCK_START.match(line["text"]):
                    continue
                below = [r for r in rules if 0 < r["top"] - line["bottom"] < 32 / MM
                         and r["x0"] - 2 < line["x0"] < r["x1"]]
                named = below and any(0 < other["top"] - below[0]["top"] < 6 / MM
                                      and abs(other["x0"] - line["x0"]) < 5 / MM for other in lines)
                if not named:
                    problems.append(f"Seite {number}: Block ab „{line['text']}“ ohne Linie/Namen")
    return problems


def split_table_headers(pdf: bytes) -> list[str]:
    """Table header rows standing alone at a page's end, without a row of their table."""
    fragments: list[tuple[int, list[list[str]]]] = []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for number, page in enumerate(document.pages, start=1):
            for table in page.extract_tables():
                fragments.append((number, [[squash(c or "") for c in row] for row in table]))
    headers = [rows[0] for _, rows in fragments if len(rows) > 1]
    return [f"Seite {number}: Kopfzeile {rows[-1]} allein" for number, rows in fragments
            if rows[-1] in headers and (len(rows) == 1 or rows[-1] == rows[0])]


def test_every_document_type_paginates_like_the_html_route(word: list[RenderedFile],
                                                           html: list[RenderedFile]) -> None:
    html_docs = {(f.slug, d.job.stem): d for f in html for d in f.documents}
    word_docs = [(f.slug, d) for f in word for d in f.documents]
    types = set()
    for slug, document in word_docs:
        other = html_docs[slug, document.job.stem]
        word_pages, html_pages = len(pdf_pages(document.pdf)), len(pdf_pages(other.pdf))
        assert abs(word_pages - html_pages) <= 1, (document.job.stem, word_pages, html_pages)
        for pdf in (document.pdf, other.pdf):
            assert not split_signature_blocks(pdf), (document.job.stem, split_signature_blocks(pdf))
            assert not split_table_headers(pdf), (document.job.stem, split_table_headers(pdf))
        types.add(document.job.doc_type.name)
    assert types == {t.name for t in DOCUMENT_TYPES}
    blocks = sum(len([1 for p in pdf_pages(d.pdf) for line in p.splitlines()
                      if "Ort, Datum" in line]) for _, d in word_docs)
    assert blocks >= 4  # the checks above did look at signature blocks


def test_a_torn_block_is_seen() -> None:
    """The checks can fail: a block whose name went to the next page, a lonely header row."""
    from weasyprint import HTML

    pdf = HTML(string=(
        '<style>@page{size:A4;margin:20mm}</style><div style="height:240mm"></div>'
        '<p>Fließfurt, den 6. Februar 2026</p><div style="page-break-before:always;'
        'border-top:1px solid #000;width:75mm">Dr. Jörg Weißenböck</div>')).write_pdf()
    assert split_signature_blocks(pdf) == [
        "Seite 1: Block ab „Fließfurt, den 6. Februar 2026“ ohne Linie/Namen"]
    pdf = HTML(string=(
        '<style>@page{size:A4;margin:20mm} td,th{border:1px solid #000}</style>'
        '<div style="height:240mm"></div><table><tr><th>Stelle</th><th>Umfang</th></tr></table>'
        '<table><tr><th>Stelle</th><th>Umfang</th></tr><tr><td>a</td><td>b</td></tr></table>'
    )).write_pdf()
    assert split_table_headers(pdf) == ["Seite 1: Kopfzeile ['Stelle', 'Umfang'] allein"]


def _zones(pdf: bytes) -> dict[str, tuple[float, ...]]:
    """Where page 1's zones begin (mm): first letters of letterhead, return line (and its
    last word), recipient, information block (first and last label), subject; the marks."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        page = document.pages[0]
        words = page.extract_words()

        def at(text: str) -> tuple[float, float]:
            word = next(w for w in words if w["text"] == text)
            return round(word["x0"] * MM, 2), round(word["top"] * MM, 2)

        sender = at("15890")
        marks = sorted((round(o["x0"] * MM, 2), round(o["top"] * MM, 2), round(o["width"] * MM, 1))
                       for o in page.lines + page.rects if o["x0"] * MM < 15 and o["width"] * MM < 10)
        first = next(w for w in words if abs(w["top"] * MM - sender[1]) < 0.5)
        return {"briefkopf": at("Landkreis"),
                "ruecksendeangabe": (round(first["x0"] * MM, 2), round(first["top"] * MM, 2)),
                "ruecksendeangabe_ende": sender, "empfaenger": at("Brandenburgische"),
                "infoblock": at("Unser"), "infoblock_datum": at("Datum"), "betreff": at("Absichts-"),
                **{f"marke_{i}": m for i, m in enumerate(marks)}}


def _return_line(pdf: bytes) -> str:
    """The words in the address field at the height of the return line's postcode."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        words = document.pages[0].extract_words()
    top = next(w["top"] for w in words if w["text"] == "15890")
    return " ".join(w["text"] for w in words if abs(w["top"] - top) < 1.5 and w["x0"] * MM < 105)


def _letter(engine: Engine, path: Path) -> RenderedDocument:
    return next(d for d in engine.render_file(path).documents
                if d.job.doc_type.name == "absichtserklaerung")


@pytest.mark.parametrize("form", ["A", "B"])
def test_din5008_zones_of_the_word_route_sit_where_the_html_route_puts_them(
        form: str, word_engine: Engine, engine: Engine, tmp_path: Path) -> None:
    path, _ = write_variant(tmp_path, "  form: B", f"  form: {form}")
    word_pdf = _letter(word_engine, path).pdf
    word_zones, html_zones = _zones(word_pdf), _zones(_letter(engine, path).pdf)
    assert word_zones.keys() == html_zones.keys()
    assert len([k for k in word_zones if k.startswith("marke")]) == 3  # two folds, one hole
    for key, measured in word_zones.items():
        for got, wanted in zip(measured, html_zones[key], strict=True):
            assert got == pytest.approx(wanted, abs=1.0), (form, key, word_zones, html_zones)
    # the return line is one line: every word of it at the same height
    assert _return_line(word_pdf) == "Landkreis Märkische Heide · Große Straße 14 · 15890 Fließfurt"
    top = 27.0 if form == "A" else 45.0
    assert word_zones["empfaenger"][1] == pytest.approx(top + 17.7, abs=1.0)


@pytest.mark.parametrize(("layout", "columns"), [("nebeneinander", 2), ("untereinander", 1)])
def test_word_route_signatures_follow_the_data(layout: str, columns: int, word_engine: Engine,
                                               tmp_path: Path) -> None:
    path, _ = write_variant(tmp_path, "  unterschriften: nebeneinander",
                            f"  unterschriften: {layout}")
    with pdfplumber.open(io.BytesIO(_letter(word_engine, path).pdf)) as pdf:
        words = [w for p in pdf.pages for w in p.extract_words()]
    xs = {round(w["x0"] * MM) for w in words if w["text"] in {"Sabine", "Matthias"}}
    assert xs == ({25, 108} if columns == 2 else {25}), xs  # Matthias signs fourth


def test_word_route_bundle_counts_its_pages_once(word: list[RenderedFile]) -> None:
    (full,) = [f for f in word if f.validated.source.path == EXAMPLE]
    assert full.bundle is not None
    pages = pdf_pages(full.bundle)
    numbers = [re.findall(r"Seite (\d+) von (\d+)", page) for page in pages]
    assert numbers == [[(str(n), str(len(pages)))] for n in range(1, len(pages) + 1)]


def test_a_document_libreoffice_cannot_read_is_not_retried() -> None:
    with WarmConverter(timeout=30) as converter:
        converter.start()
        with pytest.raises(ConversionError) as info:
            converter.convert(b"PK\x03\x04" + bytes(200), name="kaputt.docx")
        assert converter.restarts == 0 and converter.running
    assert str(info.value).startswith("kaputt.docx: LibreOffice kann dieses Dokument nicht in "
                                      "PDF umwandeln (")
    assert "ein neuer Versuch würde ebenso scheitern" in str(info.value)
