"""The DIN 5008 letter with the four declarations, measured from the PDF itself."""

from __future__ import annotations

import io
from pathlib import Path

import pdfplumber
import pytest
from testing_utils import EXAMPLE, contains, line_col, pdf_pages, squash, write_variant

from docgen.cli import main
from docgen.errors import DataError
from docgen.pipeline import Engine, RenderedDocument

pytestmark = pytest.mark.slow  # renders real documents

PT_TO_MM = 25.4 / 72
SIGNATORIES = [
    ("Sabine Größler", "Leiterin des Jugendamtes", "Jugendamt des Landkreises Märkische Heide"),
    ("Dr. med. Henning Faßbender", "Amtsarzt, Leiter des Gesundheitsamtes",
     "Gesundheitsamt des Landkreises Märkische Heide"),
    ("i. V. Katrin Oelschläger", "Leiterin des Sozialamtes",
     "Sozialamt des Landkreises Märkische Heide"),
    ("Matthias Rübezahl", "Landrat", "Landkreis Märkische Heide"),
]
HEADINGS = [
    "1. Unterstützung der Bewerbung durch die Leitungen von Gesundheitsamt und Jugendamt",
    "2. Verbindliche Absichtserklärung zur gemeinsamen Beteiligung (Kooperationserklärung)",
    "3. Einrichtung und Besetzung einer Koordinationsstelle",
    "4. Bereitschaft zur Mitwirkung als Konsultationskommune",
]


def _letters(engine: Engine, path: Path) -> list[RenderedDocument]:
    return [d for d in engine.render_file(path).documents
            if d.job.doc_type.name == "absichtserklaerung"]


@pytest.fixture(scope="module")
def letter(engine: Engine) -> bytes:
    (document,) = _letters(engine, EXAMPLE)
    assert document.filename == "absichtserklaerung.pdf"
    return document.pdf


def test_letter_holds_the_four_declarations_and_the_facts(letter: bytes) -> None:
    text = "\n".join(pdf_pages(letter))
    flat = squash(text)
    positions = [flat.index(squash(h)) for h in HEADINGS]
    assert positions == sorted(positions)
    for expected in [
        "Absichts- und Kooperationserklärung zur Teilnahme am Modellprojekt „Kommunale "
        "Gesamtkonzepte“ (KommGes)",
        "Sehr geehrte Damen und Herren,",
        "unterstützen die Bewerbung als Pilotkommune",
        "sich langfristig für die Verbesserung der Situation von Kindern aus sucht- oder "
        "psychisch belasteten Familien im Landkreis Märkische Heide zu engagieren",
        "Kooperationserklärung mit dem Ziel, langfristig eine Kooperationsvereinbarung zu entwickeln",
        "von August 2025 bis Dezember 2028",
        "Die Koordinationsstelle wird im Jugendamt angesiedelt und als neue Stelle geschaffen.",
        "im Umfang von 0,5 VZÄ für 36 Kalendermonate in Höhe von bis zu 100.000 €, "
        "frühestens ab 12/2025.",
        "als Konsultationskommune für andere Kommunen zur Verfügung zu stehen",
        "Mit freundlichen Grüßen",
        "Anlagen",
        "Kurzkonzept für die Teilnahme als Pilotkommune",
    ]:
        assert squash(expected) in flat, expected
    for name, funktion, amt in SIGNATORIES:
        for part in (name, funktion, amt):
            assert squash(part) in flat, part
    assert flat.count(squash("Fließfurt, 09.02.2026")) == len(SIGNATORIES)
    assert flat.count(squash("Ort, Datum")) == len(SIGNATORIES)


def _page1(pdf: bytes):  # type: ignore[no-untyped-def]
    document = pdfplumber.open(io.BytesIO(pdf))
    return document, document.pages[0]


def _word(page, text: str) -> dict:  # type: ignore[no-untyped-def]
    return next(w for w in page.extract_words() if w["text"] == text)


@pytest.mark.parametrize(
    ("form", "address_top", "info_top", "folds"),
    [("B", 45.0, 50.0, (105.0, 210.0)), ("A", 27.0, 32.0, (87.0, 192.0))],
)
def test_din5008_geometry(
    engine: Engine, tmp_path: Path, form: str, address_top: float, info_top: float,
    folds: tuple[float, float],
) -> None:
    path, _ = write_variant(tmp_path, "  form: B", f"  form: {form}")
    (document,) = _letters(engine, path)
    pdf, page = _page1(document.pdf)
    with pdf:
        assert round(page.width * PT_TO_MM) == 210 and round(page.height * PT_TO_MM) == 297
        recipient_zone = (address_top + 17.7, address_top + 45.0)
        first = _word(page, "Brandenburgische")
        assert recipient_zone[0] <= first["top"] * PT_TO_MM <= recipient_zone[0] + 4
        assert first["x0"] * PT_TO_MM >= 20.0 and first["x1"] * PT_TO_MM <= 105.0
        last = _word(page, "Potsdam")
        assert last["bottom"] * PT_TO_MM <= recipient_zone[1]
        # return address in the 17.7 mm zone above the recipient
        sender = next(w for w in page.extract_words() if w["text"] == "15890")
        assert address_top <= sender["top"] * PT_TO_MM < recipient_zone[0]
        # information block: 125 mm from the left, at its height
        info = _word(page, "Unser")
        assert info["x0"] * PT_TO_MM == pytest.approx(125.0, abs=1.0)
        assert info["top"] * PT_TO_MM == pytest.approx(info_top, abs=1.0)
        # the text starts at 25 mm, below the address field
        subject = _word(page, "Absichts-")
        assert subject["x0"] * PT_TO_MM == pytest.approx(25.0, abs=1.0)
        assert subject["top"] * PT_TO_MM > address_top + 45.0
        # fold and hole marks at the left edge
        marks = sorted(
            round(o["top"] * PT_TO_MM, 1)
            for o in page.lines + page.rects
            if o["x0"] * PT_TO_MM < 15 and o["width"] * PT_TO_MM < 10
        )
        assert len(marks) == 3, marks
        for measured, expected in zip(marks, sorted((*folds, 148.5)), strict=True):
            assert measured == pytest.approx(expected, abs=1.0)


def test_following_pages_have_a_short_header_and_page_numbers(letter: bytes) -> None:
    pages = pdf_pages(letter)
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert f"Seite {number} von {len(pages)}" in page
    assert "Schreiben vom 09.02.2026 an die BLS" not in pages[0]
    assert all(contains(p, "Landkreis Märkische Heide · Schreiben vom 09.02.2026 an die BLS")
               for p in pages[1:])


def test_separate_letters_share_letterhead_and_signatures(engine: Engine, tmp_path: Path) -> None:
    path, _ = write_variant(tmp_path, "  einzelschreiben: false", "  einzelschreiben: true")
    letters = _letters(engine, path)
    assert [d.filename for d in letters] == [
        "erklaerung-1-unterstuetzung.pdf", "erklaerung-2-kooperation.pdf",
        "erklaerung-3-koordinationsstelle.pdf", "erklaerung-4-konsultationskommune.pdf",
    ]
    for number, document in enumerate(letters, start=1):
        text = squash("\n".join(pdf_pages(document.pdf)))
        assert text.startswith(squash("Landkreis Märkische Heide Der Landrat"))
        assert squash(f"Erklärung {number} von 4 zur Teilnahme am Modellprojekt") in text
        for name, funktion, _ in SIGNATORIES:
            assert squash(name) in text and squash(funktion) in text
        own = HEADINGS[number - 1].split(". ", 1)[1]
        assert squash(own) in text
        others = [h.split(". ", 1)[1] for h in HEADINGS if not h.startswith(f"{number}.")]
        assert not any(squash(o) in text for o in others)
        with pdfplumber.open(io.BytesIO(document.pdf)) as pdf:
            logo = [c for c in pdf.pages[0].curves
                    if c["x0"] * PT_TO_MM > 150 and c["bottom"] * PT_TO_MM < 45]
            assert logo, "the (vector) logo at the top right"


def test_stacked_signatures(engine: Engine, tmp_path: Path) -> None:
    path, _ = write_variant(tmp_path, "  unterschriften: nebeneinander",
                            "  unterschriften: untereinander")
    (document,) = _letters(engine, path)
    with pdfplumber.open(io.BytesIO(document.pdf)) as pdf:
        words = [w for p in pdf.pages for w in p.extract_words()]
    xs = {round(w["x0"] * PT_TO_MM) for w in words if w["text"] in {"Sabine", "Matthias"}}
    assert xs == {25}


def test_missing_head_of_health_office_fails_and_writes_nothing(tmp_path: Path) -> None:
    old = ("    - name: Dr. med. Henning Faßbender\n"
           "      funktion: Amtsarzt, Leiter des Gesundheitsamtes\n"
           "      amt: Gesundheitsamt\n")
    path, text = write_variant(tmp_path, old, "")
    out, err = io.StringIO(), io.StringIO()
    code = main(["render", str(path), "-o", str(tmp_path / "out")], stdout=out, stderr=err)
    assert code == 1
    line, column = line_col(text, "    - name: Sabine", offset=4)
    assert err.getvalue().splitlines()[0] == (
        f"{path}:{line}:{column}: erklaerung.unterzeichnende: es fehlt die Unterschrift der "
        "Leitung des Gesundheitsamtes (Eintrag mit „amt: Gesundheitsamt“); die Erklärung muss "
        "mindestens von den Leitungen des Jugend- und des Gesundheitsamtes unterschrieben werden"
    )
    assert not (tmp_path / "out").exists()


def test_letter_after_the_deadline_is_a_warning(engine: Engine, tmp_path: Path) -> None:
    path, text = write_variant(tmp_path, "  datum: 2026-02-09", "  datum: 2026-02-20")
    validated = engine.validate_file(path)
    line, column = line_col(text, "2026-02-20")
    assert [str(w) for w in validated.warnings] == [
        f"{path}:{line}:{column}: erklaerung.datum: Warnung: das Datum des Schreibens liegt "
        "nach der Einreichungsfrist (13.02.2026)"
    ]


@pytest.mark.parametrize(
    ("logo", "message"),
    [
        ("fehlt.svg", "Logo-Datei „fehlt.svg“ nicht gefunden"),
        ("../../etc/passwd.png", "liegt außerhalb des Ordners der Datendatei"),
        ("wappen.gif", "Logo muss eine SVG- oder PNG-Datei sein"),
    ],
)
def test_bad_logo(engine: Engine, tmp_path: Path, logo: str, message: str) -> None:
    basis = "basis: basis/landkreis-maerkische-heide.yaml\n"
    path, _ = write_variant(tmp_path, basis, f"{basis}briefkopf:\n  logo: {logo}\n")
    with pytest.raises(DataError) as info:
        engine.validate_file(path)
    assert "briefkopf.logo: " in str(info.value) and message in str(info.value)


def test_kurzkonzept_carries_the_letterhead(engine: Engine) -> None:
    (kurzkonzept,) = [d for d in engine.render_file(EXAMPLE).documents
                      if d.job.doc_type.name == "kurzkonzept"]
    assert squash(pdf_pages(kurzkonzept.pdf)[0]).startswith(
        squash("Landkreis Märkische Heide Der Landrat Modellprojekt „Kommunale Gesamtkonzepte"))
