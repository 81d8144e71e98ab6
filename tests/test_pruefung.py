"""The BLS's check of an application: each condition met, failed and undecidable; the report's
JSON; the rules and assessment files; the command ``docgen pruefen``."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from pdfua import validate
from testing_utils import EXAMPLE, pdf_pages, pdf_tables, squash, write_application

from docgen.barrierefreiheit import problems
from docgen.cli import main
from docgen.errors import DataError
from docgen.pruefung import Bewerbung, check_file, load_assessment, load_rules
from docgen.pruefung.bedingungen import Urteil
from docgen.pruefung.regeln import Regeln
from docgen.templating import TemplateRoots

DAY = date(2026, 2, 20)
MM_PER_PT = 25.4 / 72
KS = "koordinierungsstelle"
"""Where the Koordinierungsstelle stands in the data format."""

OK, FAILED, OPEN = Urteil.ERFUELLT, Urteil.NICHT_ERFUELLT, Urteil.NICHT_PRUEFBAR


@pytest.fixture(scope="module")
def regeln() -> Regeln:
    return load_rules(None, TemplateRoots.with_user_folders())[0]


def assessment_file(folder: Path, entries: dict[str, Any], kommune: str = "Landkreis Märkische Heide"
                    ) -> Path:
    import yaml

    path = folder / "bewertung.yaml"
    path.write_text(yaml.safe_dump({"kommunen": {kommune: entries}}, allow_unicode=True),
                    encoding="utf-8")
    return path


def run(tmp_path: Path, regeln: Regeln, changes: dict[str, Any] | None = None,
        drop: tuple[str, ...] = (), bewertung: dict[str, Any] | None = None) -> Bewerbung:
    path = write_application(tmp_path, "antrag.yaml", changes, drop)
    assessment = load_assessment(assessment_file(tmp_path, bewertung) if bewertung else None)
    return check_file(path, regeln, assessment, DAY)


def verdict(b: Bewerbung, cid: str) -> tuple[Urteil, str]:
    found = next(p for p in b.bericht.pruefungen if p.id == cid)
    return found.urteil, found.begruendung


BLS_OK = {"urteil": "erfüllt", "begruendung": "Stichpunkte belegen den Stand."}

CASES: list[tuple[str, str, dict[str, Any], tuple[str, ...], dict[str, Any] | None, Urteil, str]] = [
    # condition, case, changes, dropped, BLS assessment, verdict, words of the reason
    ("belastung", "eines über dem Durchschnitt", {}, (), None, OK,
     "1 von 2 Indikatoren liegt über dem Landesdurchschnitt"),
    ("belastung", "kein Kurzkonzept", {}, ("kurzkonzept",), None, OPEN,
     "Die Unterlagen enthalten keine Indikatoren (Kurzkonzept, Abschnitt 1)."),
    ("belastung", "beide darunter",
     {"kurzkonzept.ausgangslage.indikatoren.hilfen_zur_erziehung.wert": 2000.0}, (), None, FAILED,
     "0 von 2 Indikatoren liegen über dem Landesdurchschnitt"),
    ("belastung", "nur ein weiterer Indikator darüber",
     {"kurzkonzept.ausgangslage.indikatoren.hilfen_zur_erziehung.wert": 2000.0,
      "kurzkonzept.ausgangslage.indikatoren.weitere": [{
          "bezeichnung": "Kinder in Bedarfsgemeinschaften", "einheit": "Anteil in %", "wert": 31.5,
          "landesdurchschnitt": 24.0, "jahr": 2024, "quelle": "Bundesagentur für Arbeit"}]},
     (), None, OK, "Kinder in Bedarfsgemeinschaften (Anteil in %): 31,5, Landesdurchschnitt 24: "
     "31,2\u00a0% darüber. 1 von 3 Indikatoren liegt über dem Landesdurchschnitt"),
    ("erklaerung", "Leitungen unterschreiben", {}, (), None, OK,
     "Unterschrieben von den Leitungen des Jugendamtes und des Gesundheitsamtes"),
    ("erklaerung", "Gesundheitsamt nur i. A.", {"erklaerung.unterzeichnende.1.vertretung": "i. A."},
     (), None, FAILED, "Für die Leitung des Gesundheitsamtes unterschreibt nur „i. A.“"),
    ("erklaerung", "kein Schreiben", {}, ("erklaerung",), None, OPEN,
     "keine Absichts- und Kooperationserklärung"),
    ("handlungsfeld_b", "Vereinbarung, Zusage, Steuerungsgruppe zeitnah", {}, (), None, OK,
     "tritt am 01.04.2026 in Kraft (zeitnah: bis 30.06.2026)"),
    ("handlungsfeld_b", "Vereinbarung zu spät", {"kooperationsvereinbarung.inkrafttreten": date(2026, 11, 1)},
     (), None, FAILED, "tritt am 01.11.2026 in Kraft (nicht zeitnah: bis 30.06.2026)"),
    ("handlungsfeld_b", "ohne Vereinbarung", {}, ("kooperationsvereinbarung",), None, OPEN,
     "keine Kooperationsvereinbarung"),
    ("koordinationsstelle", "im Jugendamt, zugesagt", {}, (), None, OK,
     "Angesiedelt im Jugendamt: zulässig."),
    ("koordinationsstelle", "keine Angaben", {},
     ("kurzkonzept", "erklaerung", "kooperationsvereinbarung", "koordinierungsstelle"), None, OPEN,
     "Die Unterlagen enthalten keine Angaben zur Koordinierungsstelle."),
    ("koordinationsstelle", "frei benannter Fachbereich",
     {"koordinierungsstelle.ansiedlung": "Fachbereich",
      "koordinierungsstelle.ansiedlung_bezeichnung": "Fachbereich Jugend und Gesundheit"}, (), None,
     OPEN, "Angesiedelt im Fachbereich Jugend und Gesundheit; ob das im Bereich von Jugendamt, "
     "Gesundheitsamt, Sozialplanung, Gesundheitsplanung oder Sozial- und Gesundheitsplanung liegt, "
     "entscheidet die BLS"),
    ("koordinationsstelle", "ohne Zusage", {}, ("erklaerung",), None, OPEN,
     "Die Zusage, die Stelle so schnell wie möglich zu besetzen, fehlt"),
    ("foerderung", "im Rahmen", {}, (), None, OK, "im Förderrahmen"),
    ("foerderung", "zu viel, zu früh",
     {"modellprojekt.foerderung.betrag_max": 120000, "modellprojekt.foerderung.fruehester_beginn":
      date(2025, 10, 1)}, (), None, FAILED,
     "außerhalb des Förderrahmens: Betrag 120.000\u00a0€ statt höchstens 100.000\u00a0€ und Beginn 10/2025 "
     "statt frühestens 12/2025"),
    ("fragen", "kein Kurzkonzept", {}, ("kurzkonzept",), None, OPEN,
     "keine Antwort auf die Fragen 1 (bestehende Stellen), 5 (Verstetigung nach der Förderung) und "
     "6 (Zusammenarbeit von Jugend-, Gesundheits- und Sozialamt)"),
    ("fragen", "alle beantwortet", {}, (), None, OK, "Alle sechs Fragen sind beantwortet"),
    ("fragen", "zu knapp", {"kurzkonzept.begruendung.verstetigung": "Wird noch geklärt."}, (), None,
     FAILED,
     "Frage 5 (Verstetigung nach der Förderung) mit 18 Zeichen"),
    ("frist", "Eingang erfasst", {}, (), {"eingang": date(2026, 2, 12)}, OK,
     "Eingegangen am 12.02.2026"),
    ("frist", "Eingang zu spät", {}, (), {"eingang": date(2026, 2, 16)}, FAILED,
     "Einreichungsfrist 13.02.2026 überschritten"),
    ("frist", "Schreiben nach der Frist datiert", {"erklaerung.datum": date(2026, 2, 17)}, (), None,
     FAILED, "Datiert nach der Einreichungsfrist 13.02.2026: Absichts- und Kooperationserklärung "
     "(17.02.2026)"),
    ("frist", "Eingang nicht erfasst", {}, (), None, OPEN,
     "Das Eingangsdatum ist nicht erfasst"),
]
for _field in "acd":
    _cid = f"handlungsfeld_{_field}"
    CASES += [
        (_cid, "freier Text ohne Urteil", {}, (), None, OPEN, "entscheidet die BLS"),
        (_cid, "kein Kurzkonzept", {}, ("kurzkonzept",), None, OPEN,
         f"keinen aktuellen Stand zu Handlungsfeld {_field.upper()}"),
        (_cid, "Urteil der BLS: erfüllt", {}, (), {"urteile": {_cid: BLS_OK}}, OK,
         "Entscheidung der BLS: Stichpunkte belegen den Stand."),
        (_cid, "Urteil der BLS: nicht erfüllt", {}, (),
         {"urteile": {_cid: {"urteil": "nicht erfüllt", "begruendung": "Nur geplant."}}}, FAILED,
         "Entscheidung der BLS: Nur geplant."),
    ]


@pytest.mark.parametrize(("cid", "case", "changes", "drop", "bewertung", "expected", "words"), CASES,
                         ids=[f"{c[0]}: {c[1]}" for c in CASES])
def test_condition(tmp_path: Path, regeln: Regeln, cid: str, case: str, changes: dict[str, Any],
                   drop: tuple[str, ...], bewertung: dict[str, Any] | None, expected: Urteil,
                   words: str) -> None:
    result, reason = verdict(run(tmp_path, regeln, changes, drop, bewertung), cid)
    assert (result, words in reason) == (expected, True), reason


ELSEWHERE = {("koordinationsstelle", FAILED), ("foerderung", OPEN)}
"""Cases with tests of their own below: a stricter rules file (test_rules_are_data); funding
cannot be undecidable, since every valid file holds the call's facts (test_workshop_record_alone)."""


def test_every_condition_has_a_met_failed_and_open_case() -> None:
    from docgen.pruefung.regeln import Bedingungen

    seen = {(c[0], c[5]) for c in CASES} | ELSEWHERE
    for cid in Bedingungen.model_fields:
        assert {(cid, OK), (cid, FAILED), (cid, OPEN)} <= seen, cid


def test_workshop_record_alone(tmp_path: Path, regeln: Regeln) -> None:
    """A file with only a workshop documentation: no application, nothing to decide but the
    funding, whose figures (the call's facts) every valid data file holds."""
    from testing_utils import EXAMPLES

    workshop = next(p for p in EXAMPLES if "werkstatt" in p.name)
    path = write_application(tmp_path, "werkstatt.yaml", source=workshop)
    b = check_file(path, regeln, load_assessment(None), DAY)
    assert {p.id for p in b.bericht.pruefungen if p.urteil is not OPEN} == {"foerderung"}
    assert not b.steckbrief.hat_kurzkonzept
    without = write_application(tmp_path, "ohne.yaml", drop=("modellprojekt",), source=workshop)
    with pytest.raises(DataError, match="Pflichtteil „modellprojekt“"):
        check_file(without, regeln, load_assessment(None), DAY)


def test_rules_are_data(tmp_path: Path, regeln: Regeln) -> None:
    """A rules file of another call: stricter placement and a later „zeitnah“ date."""
    text = (TemplateRoots.with_user_folders().find("pruefung/kommges-2026.yaml")
            .read_text(encoding="utf-8"))  # type: ignore[union-attr]
    text = text.replace("      - Jugendamt\n      - Gesundheitsamt\n", "      - Gesundheitsamt\n")
    text = text.replace("zeitnah_bis: 2026-06-30", "zeitnah_bis: 2026-12-31")
    text = text.replace("    mindestens_ueber: 1\n", "    mindestens_ueber: 1\n    landesdurchschnitt:\n"
                        "      hilfen_zur_erziehung: 2600\n")
    rules_path = tmp_path / "regeln.yaml"
    rules_path.write_text(text, encoding="utf-8")
    strict = load_rules(rules_path, TemplateRoots.with_user_folders())[0]
    b = run(tmp_path, strict, {"kooperationsvereinbarung.inkrafttreten": date(2026, 11, 1)})
    assert verdict(b, "koordinationsstelle") == (
        FAILED, "Angesiedelt im Jugendamt; zulässig sind: Gesundheitsamt, Sozialplanung, "
        "Gesundheitsplanung oder Sozial- und Gesundheitsplanung. Die Besetzung ist in der Erklärung "
        "zugesagt (Punkt 3).")
    assert verdict(b, "handlungsfeld_b")[0] is OK
    result, reason = verdict(b, "belastung")
    assert result is FAILED
    assert reason.startswith(
        "Hilfen zur Erziehung je 100.000 Einwohner: 2.481,6, Landesdurchschnitt 2.600 (laut "
        "Regeldatei; die Bewerbung nennt 2.094,3): 4,6\u00a0% darunter.")


def test_bullets_with_sub_bullets_are_shown_as_text(tmp_path: Path, regeln: Regeln) -> None:
    b = run(tmp_path, regeln, {"kurzkonzept.handlungsfelder.A.aktueller_stand": [
        "Gruppenangebot", {"text": "Patenschaften", "unterpunkte": ["Heideberg", "Fließfurt"]}]})
    (stand,) = next(p for p in b.bericht.pruefungen if p.id == "handlungsfeld_a").werte
    assert stand.anzeige == ["Gruppenangebot", "Patenschaften (Heideberg; Fließfurt)"]


def test_placement_with_a_free_name_is_for_the_bls(tmp_path: Path) -> None:
    """Placements the rules file lists as open are decided by the BLS (here: Sozialplanung)."""
    builtin = TemplateRoots.with_user_folders().find("pruefung/kommges-2026.yaml")
    assert builtin is not None
    text = builtin.read_text(encoding="utf-8").replace(
        "      - Sozialplanung\n", "").replace("ansiedlung_offen: [", "ansiedlung_offen: [Sozialplanung, ")
    (tmp_path / "regeln.yaml").write_text(text, encoding="utf-8")
    regeln = load_rules(tmp_path / "regeln.yaml", TemplateRoots.with_user_folders())[0]
    b = run(tmp_path, regeln, {"koordinierungsstelle.ansiedlung": "Sozialplanung"})
    result, reason = verdict(b, "koordinationsstelle")
    assert result is OPEN
    assert reason.startswith("Angesiedelt in der Sozialplanung; ob das im Bereich von Jugendamt, "
                             "Gesundheitsamt, Gesundheitsplanung oder Sozial- und "
                             "Gesundheitsplanung liegt, entscheidet die BLS")


def test_values_carry_their_place_in_the_file(tmp_path: Path, regeln: Regeln) -> None:
    b = run(tmp_path, regeln)
    werte = {w.feld: w for p in b.bericht.pruefungen for w in p.werte}
    hze = werte["kurzkonzept.ausgangslage.indikatoren.hilfen_zur_erziehung.wert"]
    file, line, column = hze.ort.rsplit(":", 2)
    source = (tmp_path / "antrag.yaml").read_text(encoding="utf-8").splitlines()
    assert file.endswith("antrag.yaml")
    assert source[int(line) - 1][int(column) - 1:].startswith("2481.6")
    assert (hze.wert, hze.anzeige) == (2481.6, "2.481,6")


def test_assessment_verdict_never_overrides_the_data(tmp_path: Path, regeln: Regeln) -> None:
    b = run(tmp_path, regeln, bewertung={"urteile": {"belastung": {
        "urteil": "nicht erfüllt", "begruendung": "Zahlen zweifelhaft."}}})
    result, reason = verdict(b, "belastung")
    assert result is OK
    assert "Die Bewertung der BLS („nicht erfüllt“) bleibt unberücksichtigt" in reason


def test_summary_names_what_is_open(tmp_path: Path, regeln: Regeln) -> None:
    b = run(tmp_path, regeln, {"kurzkonzept.begruendung.verstetigung": "Offen."})
    assert b.bericht.zusammenfassung == (
        "Landkreis Märkische Heide: 5 von 10 Bedingungen erfüllt, 1 nicht erfüllt (Die sechs Fragen "
        "des Kurzkonzepts), 4 nicht prüfbar (Handlungsfeld A: Unterstützungs- und "
        "Versorgungsrepertoire, Handlungsfeld C: Lokal-kommunale Netzwerke, Handlungsfeld D: "
        "Sensibilisierung, Qualifizierung, Öffentlichkeitsarbeit und Fristgerechte Einreichung).")
    assert b.bericht.ergebnis is FAILED


def test_json_is_stable_and_complete(tmp_path: Path, regeln: Regeln) -> None:
    first = run(tmp_path, regeln).bericht.json_bytes()
    again = run(tmp_path, regeln).bericht.json_bytes()
    assert first == again
    report = json.loads(first)
    assert report["format"] == "docgen-pruefbericht/1"
    assert [c["id"] for c in report["bedingungen"]] == [
        "belastung", "erklaerung", "handlungsfeld_a", "handlungsfeld_b", "handlungsfeld_c",
        "handlungsfeld_d", "koordinationsstelle", "foerderung", "fragen", "frist"]
    assert {c["urteil"] for c in report["bedingungen"]} <= {"erfüllt", "nicht erfüllt", "nicht prüfbar"}
    assert all(c["fundstelle"].startswith("Aufruf, Abschnitt") for c in report["bedingungen"])
    assert report["bedingungen"][0]["werte"][0]["ort"].endswith(":15")


def test_bad_assessment_file_is_located(tmp_path: Path) -> None:
    path = assessment_file(tmp_path, {"urteile": {"handlungsfeld_x": BLS_OK}})
    with pytest.raises(DataError) as caught:
        load_assessment(path)
    assert "bewertung.yaml:5:" in str(caught.value)
    assert "handlungsfeld_x" in str(caught.value)


def test_unknown_rules_file_is_a_usage_error(tmp_path: Path) -> None:
    err = _Stream()
    assert main(["pruefen", str(EXAMPLE), "-o", str(tmp_path), "--regeln", "gibt-es-nicht"],
                stderr=err) == 2
    assert "Regeldatei „gibt-es-nicht“ nicht gefunden" in err.getvalue()


class _Stream:
    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, text: str) -> int:
        self.parts.append(text)
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False

    def getvalue(self) -> str:
        return "".join(self.parts)


@pytest.mark.slow
def test_pruefen_writes_report_pdf_and_json(tmp_path: Path) -> None:
    ok_folder, bad_folder = tmp_path / "gut", tmp_path / "schlecht"
    good = write_application(ok_folder, "antrag.yaml")
    bewertung = assessment_file(tmp_path, {"eingang": date(2026, 2, 12), "urteile": {
        f"handlungsfeld_{x}": BLS_OK for x in "acd"}})
    out = _Stream()
    code = main(["pruefen", str(good), "-o", str(tmp_path / "out"), "--bewertung", str(bewertung),
                 "--datum", "2026-02-20"], stdout=out)
    assert code == 0, out.getvalue()
    folder = tmp_path / "out" / "antrag"  # named after the data file, as by `render`
    report = json.loads((folder / "pruefbericht.json").read_text(encoding="utf-8"))
    assert report["ergebnis"] == "erfüllt"
    assert problems((folder / "pruefbericht.pdf").read_bytes()) == []  # tagged as PDF/UA
    assert list(validate(str(folder / "pruefbericht.pdf")).findings) == []
    text = "\n".join(pdf_pages((folder / "pruefbericht.pdf").read_bytes()))
    for words in ("Brandenburgische Landesstelle für Suchtfragen e.V.", "Prüfbericht",
                  "Ergebnis: erfüllt", "Landkreis Märkische Heide: alle 10 Bedingungen des Aufrufs "
                  "erfüllt.", "Sozialstrukturelle Belastungslage", "Aufruf, Abschnitt 2",
                  "Entscheidung der BLS: Stichpunkte belegen den Stand.", "Eingegangen am 12.02.2026"):
        assert squash(words) in squash(text), words
    first_place = report["bedingungen"][0]["werte"][0]["ort"]
    assert first_place.startswith(f"{good}:")
    cells = {squash(c) for table in pdf_tables((folder / "pruefbericht.pdf").read_bytes())
             for row in table for c in row}
    assert squash(first_place) in cells

    bad = write_application(bad_folder, "antrag.yaml",
                            {"erklaerung.unterzeichnende.0.vertretung": "i. A."})
    code = main(["pruefen", str(bad), "-o", str(tmp_path / "out2"), "--datum", "2026-02-20"],
                stdout=_Stream())
    assert code == 1
    text = squash("\n".join(pdf_pages(
        (tmp_path / "out2" / "antrag" / "pruefbericht.pdf").read_bytes())))
    assert squash("Ergebnis: nicht erfüllt") in text
    assert squash("Für die Leitung des Jugendamtes unterschreibt nur „i. A.“ Sabine Größler") in text


@pytest.mark.slow
def test_report_carries_the_bls_logo_from_the_rules_folder(tmp_path: Path, engine: Any) -> None:
    from docgen.pruefung.bericht import render_pdf

    builtin = TemplateRoots.with_user_folders().find("pruefung/kommges-2026.yaml")
    assert builtin is not None
    text = builtin.read_text(encoding="utf-8").replace(
        "    farbe: \"#7a2e5a\"\n", "    farbe: \"#7a2e5a\"\n    logo: bls.svg\n")
    (tmp_path / "regeln.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "bls.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40">'
        '<rect width="40" height="40" fill="#7a2e5a"/></svg>', encoding="utf-8")
    regeln = load_rules(tmp_path / "regeln.yaml", TemplateRoots.with_user_folders())[0]
    assert regeln.logo is not None and regeln.logo.startswith("data:image/svg+xml;base64,")
    b = run(tmp_path / "daten", regeln)
    plain = load_rules(None, TemplateRoots.with_user_folders())[0]

    def top_right(pdf: bytes) -> list[Any]:
        with pdfplumber.open(io.BytesIO(pdf)) as document:
            page = document.pages[0]
            return [r for r in page.rects + page.curves
                    if r["x0"] * MM_PER_PT > 150 and r["bottom"] * MM_PER_PT < 45]

    assert top_right(render_pdf(engine, b.bericht, regeln)), "the (vector) logo at the top right"
    assert not top_right(render_pdf(engine, b.bericht, plain))


def test_logo_outside_the_rules_folder_is_refused(tmp_path: Path) -> None:
    builtin = TemplateRoots.with_user_folders().find("pruefung/kommges-2026.yaml")
    assert builtin is not None
    text = builtin.read_text(encoding="utf-8").replace(
        "    farbe: \"#7a2e5a\"\n", "    farbe: \"#7a2e5a\"\n    logo: ../geheim.svg\n")
    (tmp_path / "regeln.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_rules(tmp_path / "regeln.yaml", TemplateRoots.with_user_folders())
    assert "absender.briefkopf.logo" in str(caught.value)
    assert "außerhalb des Ordners" in str(caught.value)


def test_every_condition_has_rules_an_id_and_code() -> None:
    from typing import get_args

    from docgen.pruefung.bedingungen import CHECKS
    from docgen.pruefung.regeln import Bedingungen, BedingungId

    coded = [cid for cid, _ in CHECKS] + ["frist"]
    assert coded == list(Bedingungen.model_fields) == list(get_args(BedingungId))


def test_rules_file_with_an_unknown_condition_is_located(tmp_path: Path) -> None:
    builtin = TemplateRoots.with_user_folders().find("pruefung/kommges-2026.yaml")
    assert builtin is not None
    text = builtin.read_text(encoding="utf-8").replace("  belastung:\n", "  belastungg:\n")
    (tmp_path / "regeln.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_rules(tmp_path / "regeln.yaml", TemplateRoots.with_user_folders())
    message = str(caught.value)
    assert "regeln.yaml:" in message and "bedingungen.belastungg: unbekanntes Feld" in message
    assert "meinten Sie „belastung“?" in message


@pytest.mark.slow
def test_report_pdf_is_reproducible(tmp_path: Path, regeln: Regeln, engine: Any) -> None:
    from docgen.pruefung.bericht import render_pdf

    b = run(tmp_path, regeln)
    assert render_pdf(engine, b.bericht, regeln) == render_pdf(engine, b.bericht, regeln)


@pytest.mark.slow
def test_pruefen_a_folder(tmp_path: Path) -> None:
    from testing_utils import APPLICATIONS, ASSESSMENT

    out = _Stream()
    code = main(["pruefen", str(APPLICATIONS), "-o", str(tmp_path), "--bewertung", str(ASSESSMENT),
                 "--datum", "2026-02-20"], stdout=out)
    assert code == 1  # Spreewiesen's burden is below the average
    results = {p.name: json.loads((p / "pruefbericht.json").read_text(encoding="utf-8"))["ergebnis"]
               for p in tmp_path.iterdir()}
    assert results == {name: "erfüllt" for name in (
        "cottwitz", "elsterau", "havelburg", "nordheide", "oderbruch", "seenland")} | {
        "spreewiesen": "nicht erfüllt"}
    assert "Landkreis Spreewiesen: 9 von 10 Bedingungen erfüllt, 1 nicht erfüllt " \
           "(Sozialstrukturelle Belastungslage)." in out.getvalue()
