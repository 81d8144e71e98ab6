"""The Kurzkonzept of the example, rendered for real and read back from the PDF."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader
from testing_utils import EXAMPLE, contains, pdf_pages, pdf_tables, squash, table_rows

from docgen.pipeline import Engine, RenderedFile
from docgen.registry import DOCUMENT_TYPES

pytestmark = pytest.mark.slow  # renders real documents


@pytest.fixture(scope="module")
def rendered(engine: Engine) -> RenderedFile:
    return engine.render_file(EXAMPLE)


@pytest.fixture(scope="module")
def pdf(rendered: RenderedFile) -> bytes:
    (document,) = [d for d in rendered.documents if d.job.doc_type.name == "kurzkonzept"]
    return document.pdf


@pytest.fixture(scope="module")
def pages(pdf: bytes) -> list[str]:
    return pdf_pages(pdf)


@pytest.fixture(scope="module")
def text(pages: list[str]) -> str:
    return "\n".join(pages)


def _between(text: str, start: str, end: str) -> str:
    """The squashed text from heading ``start`` up to heading ``end``."""
    flat = squash(text)
    i = flat.index(squash(start))
    j = flat.index(squash(end), i)
    return flat[i:j]


def test_output_names_are_the_file_slug_and_the_registry_stems(rendered: RenderedFile) -> None:
    assert rendered.slug == "landkreis-maerkische-heide"  # the data file's name
    model = rendered.validated.model
    assert [d.filename for d in rendered.documents] == [
        f"{job.stem}.pdf" for t in DOCUMENT_TYPES for job in t.jobs_for(model)]


def test_header_fields(pdf: bytes, text: str) -> None:
    assert contains(text, "Kurzkonzept für die Teilnahme als Pilotkommune1")
    assert contains(text, "1 Als Grundlage für die hier aufgeführten Voraussetzungen dienen die "
                          "Ausarbeitungen und Handreichungen des ism")
    (header,) = [t for t in pdf_tables(pdf) if squash(t[0][0]).startswith("Kommune")]
    assert [[squash(c) for c in row] for row in header] == [
        [squash("Kommune (Landkreis / kreisfreie Stadt):"),
         squash("Landkreis Märkische Heide Landkreis · Große Straße 14, 15890 Fließfurt")],
        [squash("Ansprechperson, Institution und Funktion:"),
         squash("Dr. Jörg Weißenböck Sozial- und Gesundheitsplaner, Gesundheitsamt des "
                "Landkreises Märkische Heide")],
        [squash("Kontaktdaten (Tel., E-Mail):"),
         squash("Tel.: 03366 351-2240 E-Mail: joerg.weissenboeck@maerkische-heide.example")],
    ]


def test_section_1_ausgangslage_with_indicators(pdf: bytes, text: str) -> None:
    section = _between(text, "1. AUSGANGSLAGE", "2. BISHERIGE AKTIVITÄTEN")
    for expected in [
        "Bitte skizzieren Sie in wenigen Sätzen oder Stichworten",
        "Als Belastung wird definiert, dass mindestens einer dieser Werte über dem "
        "Landesdurchschnitt liegt.",
        "Der Landkreis Märkische Heide ist ein Flächenkreis im Osten Brandenburgs",
        "weil Scham und die Sorge vor einer Inobhutnahme Familien davon abhalten",
        "Über dem Landesdurchschnitt: Hilfen zur Erziehung.",
    ]:
        assert squash(expected) in section, expected
    assert table_rows(pdf, "Indikator (je 100.000 Einwohner)") == [
        [squash(c) for c in row] for row in [
            ["Hilfen zur Erziehung", "2.481,6", "2.094,3", "+18,5 %",
             "2024, Amt für Statistik Berlin-Brandenburg, Kinder- und Jugendhilfestatistik"],
            ["U15-Jährige in Sozialgeld-Bezug", "11.342,0", "12.108,5", "\u22126,3 %",
             "2024, Statistik der Bundesagentur für Arbeit, Grundsicherung nach dem SGB II"],
        ]
    ]


def test_ausgangslage_runs_over_a_page_break(pages: list[str]) -> None:
    assert contains(pages[0], "Der Landkreis Märkische Heide ist ein Flächenkreis")
    assert not contains(pages[0], "Scham und die Sorge vor einer Inobhutnahme")
    assert contains(pages[1], "Scham und die Sorge vor einer Inobhutnahme")


def test_section_2_table_has_required_and_current_state(pdf: bytes, text: str) -> None:
    section = _between(text, "2. BISHERIGE AKTIVITÄTEN", "3. BEGRÜNDUNG")
    assert squash("Bitte ergänzen Sie die rechte Spalte der nachfolgenden Tabelle") in section
    assert contains(text, "Handlungsfeld Erforderlicher Umsetzungsstand in der Pilotkommune "
                          "Aktueller Stand in Ihrer Kommune") or all(
        squash(h) in squash(text) for h in ("Erforderlicher Umsetzungs", "Aktueller Stand in Ihrer"))
    rows = table_rows(pdf, "Handlungsfeld")
    expected = [
        ("A) Umsetzung eines interdisziplinären Unterstützungs- und Versorgungsrepertoires",
         ["Mindestens ein Angebot zur Unterstützung der Zielgruppe wird bereits umgesetzt "
          "oder ist in Planung."],
         ["Gruppenangebot „Heidekinder“ für Kinder suchtkranker Eltern",
          "Patenschaftsprojekt für Kinder psychisch erkrankter Eltern",
          "Sprechstunde der Erziehungs- und Familienberatung"]),
        ("B) Steuerung und Planung sowie eine verbindliche Abstimmung der Hilfen und Leistungen "
         "zwischen den kommunalen Akteur*innen",
         ["Es gibt eine Kooperationsvereinbarung mindestens zwischen Jugendamt und "
          "Gesundheitsamt zur Zusammenarbeit im Modellprojekt.",
          "Eine Koordinationsstelle wird zeitnah eingerichtet.",
          "Eine kommunale Steuerungsgruppe wird zeitnah eingerichtet."],
         ["Kooperationsvereinbarung zwischen Jugendamt und Gesundheitsamt im Entwurf",
          "Gemeinsame Sozial- und Gesundheitsplanung von Jugendamt und Gesundheitsamt seit 2022"]),
        ("C) Lokal-kommunale Netzwerke",
         ["Es bestehen bereits interdisziplinäre Netzwerkstrukturen, die sich u. a. mit KispFam "
          "beschäftigen."],
         ["Präventionskette „Gesund aufwachsen in der Märkischen Heide“"]),
        ("D) Sensibilisierung und Qualifizierung von Fachkräften bzw. von Multiplikator*innen/ "
         "Öffentlichkeitsarbeit",
         ["Es besteht die Bereitschaft, Maßnahmen der Öffentlichkeitsarbeit oder zur "
          "Qualifizierung von Fachkräften umzusetzen."],
         ["Fachtag „Wenn Eltern trinken“", "Aktionswoche Kinder aus Suchtfamilien"]),
    ]
    assert len(rows) == 4, rows
    for row, (field, required, current) in zip(rows, expected, strict=True):
        assert row[0] == squash(field)
        for item in required:
            assert squash(item) in row[1], item
        for item in current:
            assert squash(item) in row[2], item
        assert not any(squash(item) in row[1] for item in current)


def test_section_3_answers_all_six_questions(pdf: bytes, text: str) -> None:
    section = _between(text, "3. BEGRÜNDUNG FÜR DIE TEILNAHME", "DIESEM KURZKONZEPT LIEGT BEI")
    for expected in [
        "Jugendamt und Gesundheitsamt sehen in beiden Systemen täglich Kinder",
        "Eine Koordinationsstelle im Jugendamt bündelt Kommunikation, Netzwerke und Planung.",
        "Zwei Werkstattgespräche mit der BLS",
        "1. Gibt es in Ihrer Kommune bestehende Stellen",
        "2. Wo planen Sie die Koordinierungsstelle anzusiedeln?",
        "Ansiedlung: Jugendamt",
        "3. Wird die Stelle neu geschaffen oder mit einer bestehenden Stelle kombiniert?",
        "Die Stelle wird neu geschaffen.",
        "4. Gibt es bereits eine Person, die für die Koordinierungsstelle vorgesehen ist?",
        "Nein.",
        "5. Wie sieht Ihr Konzept zur Verfestigung der Projektinhalte",
        "Ab dem dritten Projektjahr wird die Finanzierung der Koordinationsstelle",
        "6. Wie ist die Zusammenarbeit zwischen den relevanten Institutionen",
        "ihre Leitungen in die kommunale Steuerungsgruppe, die viermal jährlich tagt",
    ]:
        assert squash(expected) in section, expected
    assert table_rows(pdf, "Stelle")[1] == [squash(c) for c in [
        "Fachkraft für Suchtprävention", "(Sucht-)Prävention", "0,75 VZÄ",
        "ja – befristet bis 31.12.2026, Verlängerung offen"]]


def test_enclosures_and_attachments(text: str) -> None:
    flat = squash(text)
    section = flat[flat.index(squash("DIESEM KURZKONZEPT LIEGT BEI:")):]
    for expected in [
        "Schriftliche Erklärung der Leitungen des Gesundheits- und Jugendamtes",
        "Verbindliche Absichtserklärung zur gemeinsamen Beteiligung am Modellprojekt",
        "Formlose Erklärung der Pilotkommune, dass zeitnah eine Koordinationsstelle",
        "als Konsultationskommune für andere Kommunen zur Verfügung zu stehen",
        "1. Sozialstrukturatlas des Landkreises Märkische Heide 2024 (Auszug)",
        "2. Übersicht der Netzwerke und Arbeitskreise im Themenfeld",
        "Fließfurt, den 6. Februar 2026",
    ]:
        assert squash(expected) in section, expected


def test_running_footer_and_header(pages: list[str]) -> None:
    total = len(pages)
    assert total >= 4
    for number, page in enumerate(pages, start=1):
        assert f"Seite {number} von {total}" in page
        assert contains(page, "Kurzkonzept für die Teilnahme als Pilotkommune – "
                              "Landkreis Märkische Heide")
    assert "Modellprojekt KommGes · Kurzkonzept" not in pages[0]
    assert all("Modellprojekt KommGes · Kurzkonzept" in p for p in pages[1:])


def test_pdf_metadata(pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(pdf))
    meta = reader.metadata
    assert meta is not None
    assert meta.title == "Kurzkonzept für die Teilnahme als Pilotkommune – Landkreis Märkische Heide"
    assert meta.author == "Landkreis Märkische Heide"
    assert meta.subject is not None and "KommGes" in meta.subject
    assert reader.trailer["/Root"]["/Lang"] == "de-DE"
    assert "/StructTreeRoot" in reader.trailer["/Root"]


def test_only_the_project_font_is_embedded(pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(pdf))
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(re.sub(r"^[A-Z]{6}\+", "", str(font.get_object()["/BaseFont"]).lstrip("/")))
    assert fonts, "fonts are embedded"
    assert fonts <= {"Liberation-Sans", "Liberation-Sans-Bold", "Liberation-Sans-Italic",
                     "Liberation-Sans-Bold-Italic"}, fonts


def test_html_route_pdfs_are_reproducible(engine: Engine, rendered: RenderedFile) -> None:
    again = engine.render_file(EXAMPLE)
    assert [d.pdf for d in again.documents] == [d.pdf for d in rendered.documents]
