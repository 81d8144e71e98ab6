"""What real municipalities write: clause typos, YAML pitfalls, references to files, warnings."""

from __future__ import annotations

import io
import re
from html import unescape
from pathlib import Path

import pytest
from testing_utils import line_col, write_variant

from docgen.cli import main
from docgen.pipeline import Engine

ANWENDUNGEN = Path(__file__).parent / "anwendungen"


def _errors(tmp_path: Path, old: str, new: str) -> tuple[list[str], str, Path]:
    path, text = write_variant(tmp_path, old, new)
    out, err = io.StringIO(), io.StringIO()
    code = main(["validate", str(path)], stdout=out, stderr=err)
    assert code == 1, out.getvalue()
    return [line for line in err.getvalue().splitlines() if line.startswith(str(path))], text, path


def test_typo_in_nach_gets_a_did_you_mean_and_only_one_error(tmp_path: Path) -> None:
    # the inserted section is referred to twice; its misplaced anchor is the only error
    errors, text, path = _errors(tmp_path, "      nach: netzwerke", "      nach: netzwerk")
    line, column = line_col(text, "nach: netzwerk", offset=6)
    assert errors == [f"{path}:{line}:{column}: kooperationsvereinbarung.neue_klauseln[0].nach: "
                      "Abschnitt „netzwerk“ gibt es nicht – meinten Sie „netzwerke“?"]


def test_one_wrong_reference_target_is_one_error(tmp_path: Path) -> None:
    errors, _text, _path = _errors(
        tmp_path, "([§ koordinationsstelle]) plant sie mit der Steuerungsgruppe ([§ steuerungsgruppe])",
        "([§ koordinationstelle]) plant sie mit der Steuerungsgruppe ([§ koordinationstelle])")
    assert len(errors) == 1
    assert ("Verweis [§ koordinationstelle]: Abschnitt „koordinationstelle“ gibt es nicht – "
            "meinten Sie „koordinationsstelle“? (ebenso 1 weitere Verweise)") in errors[0]


def test_unreadable_reference_is_an_error_not_printed_text(tmp_path: Path) -> None:
    errors, _, _ = _errors(tmp_path, "nach [§ fortbildung] Räume", "nach [§ Fortbildung] Räume")
    assert len(errors) == 1
    assert "Verweis „[§ Fortbildung]“ nicht lesbar: so schreiben: [§ kennung]" in errors[0]
    assert "meinten Sie „fortbildung“?" in errors[0]


def test_colon_in_a_bullet_is_explained_with_the_quoted_form(tmp_path: Path) -> None:
    errors, text, path = _errors(
        tmp_path, "      - Inhouse-Schulungen für den Allgemeinen Sozialen Dienst 2026 geplant",
        "      - Hinweis: Inhouse-Schulungen 2026 geplant")
    line, column = line_col(text, "Hinweis: Inhouse")
    assert errors == [
        f"{path}:{line}:{column}: kurzkonzept.handlungsfelder.D.aktueller_stand[1]: "
        "„Hinweis: Inhouse-Schulungen 2026 geplant“ wurde als Feld „Hinweis“ gelesen, weil nach "
        "dem Doppelpunkt ein Leerzeichen steht; den Text in Anführungszeichen setzen: "
        "\"Hinweis: Inhouse-Schulungen 2026 geplant\""]


def test_colon_in_a_plain_text_list_is_explained_too(tmp_path: Path) -> None:
    errors, _, _ = _errors(tmp_path, "      - Hilfen für Kinder im Landkreis – wer macht was?",
                           "      - Hilfen: wer macht was?")
    assert len(errors) == 1 and "wurde als Feld „Hilfen“ gelesen" in errors[0]


def test_field_of_a_replaced_standard_section_is_not_required(tmp_path: Path) -> None:
    old = ("  zielgruppe: >-\n    Zielgruppe sind Kinder und Jugendliche bis 18 Jahre im Landkreis "
           "Märkische Heide, bei denen\n    mindestens ein Elternteil an einer Suchterkrankung oder "
           "einer psychischen Erkrankung leidet,\n    sowie ihre Familien.\n")
    errors, text, path = _errors(tmp_path, old, "")
    assert len(errors) == 1
    assert errors[0].endswith("kooperationsvereinbarung.zielgruppe: Pflichtfeld fehlt (der "
                              "Standardabschnitt „zielgruppe“ braucht es; nicht nötig, wenn "
                              "„klauseln.zielgruppe“ eigene „absaetze“ hat oder „entfaellt: true“)")
    path.write_text(text.replace("  klauseln:\n", "  klauseln:\n    zielgruppe:\n"
                                 "      absaetze: [Kinder bis 27 Jahre.]\n", 1), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert main(["validate", str(path)], stdout=out, stderr=err) == 0, err.getvalue()


def test_rules_of_procedure_with_changes_the_table_cannot_show_are_refused(tmp_path: Path) -> None:
    errors, text, path = _errors(
        tmp_path, "    beschluss:\n      gremium: Jugendhilfeausschuss\n",
        "    klauseln:\n      beschlussfassung:\n        ergaenzen: [Bei Stimmengleichheit "
        "entscheidet der Vorsitz.]\n    beschluss:\n      gremium: Jugendhilfeausschuss\n")
    line, column = line_col(text, "ergaenzen: [Bei Stimmengleichheit")
    assert errors == [
        f"{path}:{line}:{column}: geschaeftsordnungen[0].klauseln.beschlussfassung: die Änderung des "
        "Abschnitts „beschlussfassung“ erscheint nur in der Geschäftsordnung (§§), nicht in der "
        "Tabelle „Leitgedanken / fachliche Standards“, die dann etwas anderes sagte; "
        "„darstellungen: [paragraphen]“ angeben oder die Regel in die Felder der "
        "Geschäftsordnung schreiben"]


def test_missing_attachment_file_is_reported(tmp_path: Path) -> None:
    errors, text, path = _errors(
        tmp_path, "    - titel: Übersicht der Netzwerke und Arbeitskreise im Themenfeld\n",
        "    - titel: Übersicht der Netzwerke und Arbeitskreise im Themenfeld\n"
        "      datei: netzwerke.pdf\n")
    line, column = line_col(text, "netzwerke.pdf")
    assert errors == [f"{path}:{line}:{column}: kurzkonzept.anlagen[1].datei: Anlage „netzwerke.pdf“ nicht "
                      f"gefunden (gesucht in {tmp_path}); Datei neben die Datendatei legen oder "
                      "„datei“ weglassen"]
    (tmp_path / "netzwerke.pdf").write_bytes(b"%PDF-1.4\n")
    assert main(["validate", str(path)], stdout=io.StringIO(), stderr=io.StringIO()) == 0


def test_too_long_return_address_is_an_error_with_a_way_out(tmp_path: Path) -> None:
    errors, _text, _path = _errors(
        tmp_path, "      strasse: Große Straße 14\n      plz: \"15890\"\n      ort: Fließfurt\n"
        "    sachbearbeitung",
        "      strasse: Bürgermeister-Friedrich-Wilhelm-von-Steuben-Straße 114\n"
        "      plz: \"15890\"\n      ort: Fließfurt an der Heide\n    sachbearbeitung")
    assert len(errors) == 1
    assert "erklaerung.absender.anschrift: die Rücksendeangabe „Landkreis Märkische Heide · " \
           "Bürgermeister-Friedrich-Wilhelm-von-Steuben-Straße 114 · 15890\u00a0Fließfurt an der " \
           "Heide“ passt auch in 6 pt nicht auf eine Zeile" in errors[0]
    assert "„erklaerung.absender.ruecksendeangabe“" in errors[0]


def _visible(html: str) -> str:
    body = re.sub(r"</?(span|wbr|em|strong|sup)\b[^>]*>", "", html[html.index("<body"):])
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", body)).replace("\u00a0", " "))


@pytest.mark.parametrize("name", ["minimal.yaml", "stadt-lange-namen.yaml",
                                  "landkreis-viele-partner.yaml"])
def test_no_list_introduction_without_its_list(engine: Engine, name: str) -> None:
    """Every paragraph ending with a colon is followed by its list, in every document."""
    validated = engine.validate_file(ANWENDUNGEN / name)
    for job in engine.prepare(validated):
        html = engine.render_html(job)
        for match in re.finditer(r"<p[^>]*>((?:(?!</p>).)*?):\s*</p>\s*(<\w+)", html, re.S):
            assert match.group(2) in ("<ul", "<ol", "<table", "<h2"), (job.job.stem,
                                                                       match.group(1))
        text = _visible(html)
        for intro in ("Zeitweilige Mitglieder sind:", "Als Gäste können teilnehmen:",
                      "Nicht Gegenstand der Beratung sind:", "Darüber hinaus gilt:",
                      "folgende Methoden:"):
            if intro in text:
                after = html[html.index(intro.split()[-1]):][:400]
                assert "<li>" in after, (job.job.stem, intro)


def test_the_forms_own_wording_is_complete(engine: Engine) -> None:
    texts = {}
    for name in ("minimal.yaml", "stadt-lange-namen.yaml"):
        (job,) = [j for j in engine.prepare(engine.validate_file(ANWENDUNGEN / name))
                  if j.job.stem == "kurzkonzept"]
        texts[name] = _visible(engine.render_html(job))
    for text in texts.values():
        for sentence in [
            "In der Spalte „Aktueller Stand …“ sollte sichtbar werden, inwiefern dies für das "
            "jeweilige Handlungsfeld in Ihrer Kommune bereits zutrifft.",
            "Nähere Informationen zu den Handlungsfeldern finden Sie im Dokument „Voraussetzungen "
            "und Anforderungen für die Teilnahme als Pilotkommune“.",
            "Die vier Punkte können in einem Dokument bzw. in einer Absichtserklärung "
            "zusammengefasst werden.",
            "Nähere Informationen entnehmen Sie bitte dem Dokument „Voraussetzungen und "
            "Anforderungen für die Teilnahme als Pilotkommune“.",
        ]:
            assert sentence in text
    # without a letter the Kurzkonzept says the declarations follow, and validation warns
    assert "Die Erklärungen liegen diesem Kurzkonzept noch nicht bei; sie folgen gesondert." in \
        texts["minimal.yaml"]
    assert "folgen gesondert" not in texts["stadt-lange-namen.yaml"]
    validated = engine.validate_file(ANWENDUNGEN / "minimal.yaml")
    assert [w.field for w in validated.warnings] == ["kurzkonzept"]


def test_further_indicators_and_sub_bullets_reach_the_form(engine: Engine) -> None:
    (job,) = [j for j in engine.prepare(engine.validate_file(ANWENDUNGEN / "stadt-lange-namen.yaml"))
              if j.job.stem == "kurzkonzept"]
    html = engine.render_html(job)
    text = _visible(html)
    assert "Inobhutnahmen 61,0 48,7 +25,3 % 2023" in text
    assert "Kinder in Bedarfsgemeinschaften nach SGB II (Anteil in %) 21,4 15,2" in text
    # the two named indicators lie below the average, the further ones above: all count
    assert ("Über dem Landesdurchschnitt: Kinder in Bedarfsgemeinschaften nach SGB II und "
            "Inobhutnahmen. Die Voraussetzung einer sozialstrukturellen Belastung ist damit "
            "erfüllt.") in text
    assert re.search(r'<ul class="unterpunkte"><li>Sandow: „Starke Kids“', html)
