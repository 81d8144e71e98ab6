from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from testing_utils import EXAMPLE, line_col, write_variant

from docgen.errors import DataError, Severity
from docgen.loading import load
from docgen.models.antrag import Antrag
from docgen.validation import validate


def _problems(path: Path) -> list[str]:
    with pytest.raises(DataError) as info:
        validate(load(path), Antrag)
    return [str(p) for p in info.value.problems]


def test_example_is_valid_without_warnings() -> None:
    validated = validate(load(EXAMPLE), Antrag)
    assert validated.model.kommune.anschrift.plz == "15890"
    assert validated.model.handlungsfelder.B.aktueller_stand[1].startswith("Koordinationsstelle")
    assert validated.warnings == ()


@pytest.mark.parametrize(
    ("old", "new", "marker", "offset", "expected"),
    [
        pytest.param(
            "\n  email: joerg.weissenboeck@maerkische-heide.example\n", "\n",
            "ansprechperson:", 0,
            "ansprechperson.email: Pflichtfeld fehlt", id="missing-email"),
        pytest.param(
            "\n  email: joerg.weissenboeck@maerkische-heide.example",
            "\n  email: joerg.weissenboeck(at)maerkische-heide.example",
            "joerg.weissenboeck(at)", 0,
            "ansprechperson.email: keine gültige E-Mail-Adresse: „joerg.weissenboeck(at)"
            "maerkische-heide.example“", id="bad-email"),
        pytest.param(
            "      wert: 2481.6", "      wert: viele",
            "viele", 0,
            "ausgangslage.indikatoren.hilfen_zur_erziehung.wert: Zahl erwartet", id="wrong-type"),
        pytest.param(
            "  funktion: Sozial- und Gesundheitsplaner",
            "  funktion: Sozial- und Gesundheitsplaner\n  telefn: 0331 1234",
            "telefn", 0,
            "ansprechperson.telefn: unbekanntes Feld „telefn“ – meinten Sie „telefon“?",
            id="unknown-key"),
        pytest.param(
            "  art: Landkreis", "  art: Großstadt", "Großstadt", 0,
            "kommune.art: ungültiger Wert „Großstadt“; erlaubt: 'Landkreis' oder "
            "'kreisfreie Stadt'", id="literal"),
        pytest.param(
            '    plz: "15890"\n    ort: Fließfurt\n\nansprechperson',
            '    plz: 1589\n    ort: Fließfurt\n\nansprechperson', "1589", 0,
            "kommune.anschrift.plz: keine gültige Postleitzahl: „1589“ (fünf Ziffern)",
            id="postcode"),
        pytest.param(
            "datum: 2026-02-06", "datum: 6.2.2026", "6.2.2026", 0,
            "datum: Datum im Format JJJJ-MM-TT erwartet", id="date"),
        pytest.param(
            "  D:\n    aktueller_stand:\n      - Fachtag",
            "  D:\n    aktueller_stand: []\n    x:\n      - Fachtag",
            "aktueller_stand: []", len("aktueller_stand: "),
            "handlungsfelder.D.aktueller_stand: mindestens 1 Eintrag/Einträge erforderlich",
            id="empty-list"),
    ],
)
def test_bad_data_reports_field_and_position(
    tmp_path: Path, old: str, new: str, marker: str, offset: int, expected: str
) -> None:
    path, text = write_variant(tmp_path, old, new)
    problems = _problems(path)
    matching = [p for p in problems if expected in p]
    assert len(matching) == 1, problems
    line, column = line_col(text, marker, offset=offset)
    assert matching[0].startswith(f"{path}:{line}:{column}: "), (matching[0], line, column)


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    text = text.replace("  art: Landkreis", "  art: Dorf").replace("      jahr: 2024", "      jahr: x")
    path = tmp_path / "antrag.yaml"
    path.write_text(text, encoding="utf-8")
    problems = _problems(path)
    assert len(problems) == 3  # art, and jahr twice
    assert [p.split(": ")[1] for p in problems] == [
        "kommune.art",
        "ausgangslage.indikatoren.hilfen_zur_erziehung.jahr",
        "ausgangslage.indikatoren.u15_sozialgeld.jahr",
    ]


def test_json_data_validates_with_positions(tmp_path: Path) -> None:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data["ansprechperson"]["email"] = "kein-at-zeichen"
    path = tmp_path / "antrag.json"
    text = json.dumps(data, indent=2, ensure_ascii=False, default=str)
    path.write_text(text, encoding="utf-8")
    problems = _problems(path)
    line, column = line_col(text, '"kein-at-zeichen"')
    assert problems == [
        f"{path}:{line}:{column}: ansprechperson.email: keine gültige E-Mail-Adresse: "
        "„kein-at-zeichen“"
    ]


def test_indicators_below_average_give_a_warning(tmp_path: Path) -> None:
    path, text = write_variant(tmp_path, "      wert: 2481.6", "      wert: 1500.0")
    validated = validate(load(path), Antrag)
    assert len(validated.warnings) == 1
    warning = validated.warnings[0]
    assert warning.severity is Severity.WARNING
    line, _ = line_col(text, "  indikatoren:")
    assert str(warning).startswith(f"{path}:{line + 1}:5: ausgangslage.indikatoren: Warnung: ")

    assert "keiner der beiden Indikatoren liegt über dem Landesdurchschnitt" in str(warning)
