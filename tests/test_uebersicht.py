"""The overview of all applications (XLSX read back with openpyxl, PDF text) and the
selection help on seven invented applications, one set without any valid group."""

from __future__ import annotations

import io
import json
import math
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pdfua import validate
from testing_utils import ASSESSMENT, pdf_pages, squash, write_applications

from docgen.barrierefreiheit import problems
from docgen.cli import main
from docgen.pruefung import check_all, choose, discover, load_assessment, load_rules
from docgen.pruefung.auswahl import Auswahl, size_class
from docgen.pruefung.regeln import Regeln
from docgen.templating import TemplateRoots

DAY = date(2026, 2, 20)


@pytest.fixture(scope="module")
def regeln() -> Regeln:
    return load_rules(None, TemplateRoots.with_user_folders())[0]


def selection(folder: Path, regeln: Regeln, keys: tuple[str, ...] | None = None) -> Auswahl:
    paths = write_applications(folder, keys)
    checked, problems = check_all(paths, regeln, load_assessment(ASSESSMENT), DAY)
    assert not problems
    return choose(checked, regeln)


def test_selection_ranks_every_valid_group(tmp_path: Path, regeln: Regeln) -> None:
    result = selection(tmp_path, regeln)
    assert [p.kommune for p, _ in result.ausgeschlossen] == ["Landkreis Spreewiesen"]
    assert "nicht erfüllt: Sozialstrukturelle Belastungslage" in result.ausgeschlossen[0][1]
    assert len(result.geeignet) == 6
    assert result.hinweis == ("10 von 20 möglichen Gruppen aus 6 geeigneten Bewerbungen erfüllen "
                              "die Auswahlbedingungen.")
    best = result.gruppen[0]
    assert [m.kommune for m in best.mitglieder] == [
        "Landkreis Nordheide", "Landkreis Oderbruch", "Stadt Cottwitz"]
    # Art: 2 of 3 pairs differ; size: |log2(212/78)| + |log2(212/98)| + |log2(78/98)|
    assert dict(best.anteile) == pytest.approx(
        {"Art": 2.0, "Größe": math.log2(212 / 78) + math.log2(212 / 98) + math.log2(98 / 78),
         "Aktivität": 1.0, "Ansiedlung": 1.0}, abs=1e-4)
    assert [g.mass for g in result.gruppen] == sorted((g.mass for g in result.gruppen), reverse=True)
    for group in result.gruppen:
        kinds = {m.art for m in group.mitglieder}
        assert kinds == {"Landkreis", "kreisfreie Stadt"}
        assert {m.aktivitaet.stufe for m in group.mitglieder} == {"bereits aktiv", "wenig aktiv"}
        assert any(m.ansiedlung == "Jugendamt" for m in group.mitglieder)
        assert group.gruende[2].startswith("Koordinierungsstelle im Jugendamt: ")
    assert dict(result.verworfen) == {
        "Größe nicht entscheidbar (Einwohnerzahl fehlt)": 7,
        "ausschließlich bereits aktive Kommunen": 1, "ausschließlich wenig aktive Kommunen": 1,
        "keine Koordinierungsstelle im Jugendamt": 1,
        "nicht Landkreis und kreisfreie Stadt zugleich": 2}


def test_activity_is_derived_and_can_be_overridden(tmp_path: Path, regeln: Regeln) -> None:
    paths = write_applications(tmp_path, ("nordheide", "cottwitz", "oderbruch"))
    checked, _ = check_all(paths, regeln, load_assessment(ASSESSMENT), DAY)
    found = {b.steckbrief.kommune: b.steckbrief.aktivitaet for b in checked}
    assert found["Landkreis Nordheide"].stufe == "bereits aktiv"
    assert found["Landkreis Nordheide"].gruende == (
        "Kooperationsvereinbarung in Kraft seit 01.09.2025", "3 bestehende Stellen mit Schnittstellen",
        "2 Punkte, „bereits aktiv“ ab 2")
    assert (found["Stadt Cottwitz"].stufe, found["Stadt Cottwitz"].punkte) == ("wenig aktiv", 0)
    oderbruch = found["Landkreis Oderbruch"]
    assert (oderbruch.stufe, oderbruch.durch_bls, oderbruch.text) == (
        "bereits aktiv", True, "bereits aktiv (BLS)")
    assert oderbruch.gruende[0] == "BLS: Arbeitskreis KispFam seit 2019, Fachtage jährlich"


def test_a_set_without_a_valid_group(tmp_path: Path, regeln: Regeln) -> None:
    result = selection(tmp_path, regeln, ("nordheide", "seenland", "oderbruch", "spreewiesen"))
    assert result.gruppen == ()
    assert result.hinweis == ("Keine Gruppe von 3 der 3 geeigneten Bewerbungen erfüllt die "
                              "Auswahlbedingungen.")
    assert dict(result.verworfen) == {"nicht Landkreis und kreisfreie Stadt zugleich": 1}


def test_size_classes() -> None:
    assert [size_class(n, [100000, 200000]) for n in (None, 99999, 100000, 199999, 200000)] == [
        None, "unter 100.000", "100.000 bis unter 200.000", "100.000 bis unter 200.000",
        "ab 200.000"]


def test_auswahl_command_text_and_json(tmp_path: Path) -> None:
    write_applications(tmp_path / "ein", ("nordheide", "seenland", "oderbruch"))
    out = io.StringIO()
    code = main(["auswahl", str(tmp_path / "ein"), "--bewertung", str(ASSESSMENT), "--json",
                 str(tmp_path / "auswahl.json"), "--datum", "2026-02-20"], stdout=out)
    assert code == 1  # no valid group
    assert out.getvalue().startswith("Keine Gruppe von 3 der 3 geeigneten Bewerbungen")
    written = json.loads((tmp_path / "auswahl.json").read_text(encoding="utf-8"))
    assert written["gruppen"] == []
    assert written["geeignet"] == ["Landkreis Nordheide", "Landkreis Oderbruch", "Landkreis Seenland"]


def test_folder_discovery_skips_assessment_and_hidden_files(tmp_path: Path) -> None:
    write_applications(tmp_path, ("nordheide",))
    (tmp_path / ".versteckt.yaml").write_text("x: 1\n", encoding="utf-8")
    (tmp_path / "bewertung.yaml").write_text("kommunen: {}\n", encoding="utf-8")
    (tmp_path / "basis").mkdir()
    (tmp_path / "basis" / "gemeinsam.yaml").write_text("x: 1\n", encoding="utf-8")
    assert [p.name for p in discover(tmp_path, (tmp_path / "bewertung.yaml",))] == ["nordheide.yaml"]


@pytest.mark.slow
def test_uebersicht_writes_workbook_and_pdf(tmp_path: Path) -> None:
    folder = tmp_path / "bewerbungen"
    write_applications(folder)
    (folder / "kaputt.yaml").write_text("kommune:\n  name: [\n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    code = main(["uebersicht", str(folder), "-o", str(tmp_path / "aus"), "--bewertung",
                 str(ASSESSMENT), "--datum", "2026-02-20"], stdout=out, stderr=err)
    assert code == 1  # the broken file is reported, the others are compared
    assert f"{folder / 'kaputt.yaml'}:3:1: " in err.getvalue()

    book = load_workbook(tmp_path / "aus" / "uebersicht.xlsx")
    sheet = book["Bewerbungen"]
    header = [c.value for c in sheet[1]]
    assert header[:6] == ["Kommune", "Art", "Einwohner", "HzE je 100.000",
                          "HzE Landesdurchschnitt", "HzE in % des Landesdurchschnitts"]
    body = [[c.value for c in row] for row in sheet.iter_rows(min_row=2, max_row=8)]
    assert [r[0] for r in body] == sorted(r[0] for r in body)
    assert len(body) == 7 and sheet.cell(row=9, column=1).value is None
    rows = {r[0]: dict(zip(header, r, strict=False)) for r in body}
    nordheide = rows["Landkreis Nordheide"]
    assert (nordheide["Art"], nordheide["Einwohner"], nordheide["HzE je 100.000"]) == (
        "Landkreis", 212000, 2300.4)
    assert nordheide["HzE in % des Landesdurchschnitts"] == pytest.approx(109.8)
    assert nordheide["U15 Sozialgeld in % des Landesdurchschnitts"] == pytest.approx(106.5)
    assert nordheide["Gesamtergebnis"] == "erfüllt"
    assert nordheide["Koordinierungsstelle"] == "Gesundheitsamt"
    assert nordheide["Eingang (BLS)"].date() == date(2026, 2, 10)
    assert rows["Stadt Elsterau"]["Einwohner"] is None
    assert rows["Landkreis Oderbruch"]["Aktivität"] == "bereits aktiv (BLS)"
    spree = rows["Landkreis Spreewiesen"]
    assert (spree["Sozialstrukturelle Belastungslage"], spree["Gesamtergebnis"]) == (
        "nicht erfüllt", "nicht erfüllt")
    spree_row = next(row for row in sheet.iter_rows(min_row=2) if row[0].value == "Landkreis Spreewiesen")
    failed = next(cell for cell in spree_row if cell.value == "nicht erfüllt")
    assert (failed.font.color.rgb, failed.font.b) == ("00A11D1D", True)  # red and bold, as in the PDF
    assert sheet.freeze_panes == "B2"
    assert sheet.auto_filter.ref.startswith("A1:")
    (chart,) = sheet._charts
    assert chart.tagname == "barChart"
    assert [s.tx.strRef.f for s in chart.series] == ["'Bewerbungen'!F1", "'Bewerbungen'!I1"]
    assert [s.val.numRef.f for s in chart.series] == ["'Bewerbungen'!$F$2:$F$8",
                                                      "'Bewerbungen'!$I$2:$I$8"]
    assert chart.series[0].cat.numRef.f == "'Bewerbungen'!$A$2:$A$8"
    assert [c.tagname for c in chart._charts] == ["barChart", "lineChart"]  # and the 100 % line
    (line,) = chart._charts[1].series
    marker = line.val.numRef.f.split("!")[1].split(":")[0].replace("$", "")
    assert {sheet[f"{marker[:-1]}{r}"].value for r in range(2, 9)} == {100}
    groups = [[c.value for c in row] for row in book["Dreiergruppen"].iter_rows(min_row=3)]
    assert groups[0][:2] == [1, "Landkreis Nordheide, Landkreis Oderbruch und Stadt Cottwitz"]

    pdf = (tmp_path / "aus" / "uebersicht.pdf").read_bytes()
    assert problems(pdf) == []  # tagged as PDF/UA: table headers with scope, the chart with alt text
    report = validate(str(tmp_path / "aus" / "uebersicht.pdf"))
    assert [(f.rule_id, f.message) for f in report.findings] == []
    # headings are set in capitals by the stylesheet
    text = squash("\n".join(pdf_pages(pdf))).lower()
    for words in ("Übersicht der Bewerbungen", "Landkreis Spreewiesen", "Stadt Elsterau",
                  "Belastungsindikatoren in % des Landesdurchschnitts",
                  "Landesdurchschnitt = 100 %", "110 %", "131 %",
                  "10 von 20 möglichen Gruppen aus 6 geeigneten Bewerbungen",
                  "1. Landkreis Nordheide, Landkreis Oderbruch und Stadt Cottwitz"):
        assert squash(words).lower() in text, words


def test_workbook_keeps_data_as_text(tmp_path: Path, regeln: Regeln) -> None:
    """A name that looks like a formula stays text: no formula injection into Excel."""
    from testing_utils import write_application

    from docgen.pruefung import uebersicht

    name = '=HYPERLINK("http://example.invalid","x")'
    path = write_application(tmp_path, "antrag.yaml", {"kommune.name": name})
    checked, _ = check_all([path], regeln, load_assessment(None), DAY)
    data = uebersicht.workbook(checked, choose(checked, regeln), regeln, DAY)
    sheet = load_workbook(io.BytesIO(data))["Bewerbungen"]
    assert (sheet["A2"].value, sheet["A2"].data_type) == (name, "s")


@pytest.mark.slow  # starts a process
def test_installed_command(tmp_path: Path) -> None:
    import subprocess
    import sys

    write_applications(tmp_path, ("nordheide", "cottwitz", "havelburg", "oderbruch"))
    done = subprocess.run(
        [sys.executable, "-m", "docgen", "auswahl", str(tmp_path), "--bewertung", str(ASSESSMENT)],
        capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == (
        "3 von 4 möglichen Gruppen aus 4 geeigneten Bewerbungen erfüllen die Auswahlbedingungen.")


def test_a_workshop_held_before_the_deadline_counts(tmp_path: Path, regeln: Regeln) -> None:
    from testing_utils import EXAMPLES, write_application

    from docgen.loading import load

    workshop = next(p for p in EXAMPLES if "werkstatt" in p.name)
    held = load(workshop).data["werkstattgespraeche"]
    held[0]["datum"] = date(2026, 1, 20)
    for name, workshops, expected in (("ohne", [], 1), ("mit", held, 2)):
        path = write_application(tmp_path / name, "antrag.yaml", {"werkstattgespraeche": workshops})
        (checked,), _ = check_all([path], regeln, load_assessment(None), DAY)
        activity = checked.steckbrief.aktivitaet
        assert activity.punkte == expected, activity.gruende
    assert activity.stufe == "bereits aktiv"
    assert "1 Werkstattgespräch durchgeführt" in activity.gruende


def test_assessment_entry_without_application_is_a_warning(tmp_path: Path) -> None:
    write_applications(tmp_path / "ein", ("nordheide", "cottwitz", "havelburg", "oderbruch"))
    bewertung = tmp_path / "bewertung.yaml"
    bewertung.write_text(ASSESSMENT.read_text(encoding="utf-8").replace(
        "Landkreis Nordheide:", "Landkreis Nordhaide:"), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    main(["auswahl", str(tmp_path / "ein"), "--bewertung", str(bewertung)], stdout=out, stderr=err)
    line = next(li for li in err.getvalue().splitlines() if "Nordhaide" in li)
    assert line == (f"{bewertung}:4:3: kommunen: Warnung: keine Bewerbung von „Landkreis Nordhaide“ "
                    "im Ordner; der Eintrag bleibt unberücksichtigt – meinten Sie „Landkreis "
                    "Nordheide“?")
    assert "Landkreis Nordheide" in out.getvalue()  # still compared, without the BLS's entries


def test_pruefen_with_a_broken_file_writes_nothing(tmp_path: Path) -> None:
    broken = tmp_path / "kaputt.yaml"
    broken.write_text("kurzkonzept:\n  ort: [\n", encoding="utf-8")
    err = io.StringIO()
    assert main(["pruefen", str(broken), "-o", str(tmp_path / "aus")], stderr=err) == 1
    assert f"{broken}:3:1: " in err.getvalue()
    assert "Fehlerhafte Dateien wurden nicht geprüft." in err.getvalue()
    assert not (tmp_path / "aus").exists()
