from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from testing_utils import BASIS, EXAMPLE, copy_example_bases, line_col, write_variant

from docgen.errors import DataError, Severity
from docgen.loading import load
from docgen.registry import Unterlagen
from docgen.validation import validate

PHONE = "Sozial- und Gesundheitsplaner\n    telefon: 03366 351-2240"
"""The lines before the contact person's e-mail address in the example."""


def _problems(path: Path) -> list[str]:
    with pytest.raises(DataError) as info:
        validate(load(path), Unterlagen)
    return [str(p) for p in info.value.problems]


def test_example_is_valid_without_warnings() -> None:
    validated = validate(load(EXAMPLE), Unterlagen)
    assert validated.model.kommune.anschrift.plz == "15890"
    assert validated.model.kurzkonzept.handlungsfelder.B.aktueller_stand[1].startswith("Koordinationsstelle")
    assert validated.warnings == ()


@pytest.mark.parametrize(
    ("old", "new", "marker", "offset", "expected"),
    [
        pytest.param(
            f"{PHONE}\n    email: joerg.weissenboeck@maerkische-heide.example\n", f"{PHONE}\n",
            "ansprechperson:", 0,
            "kurzkonzept.ansprechperson.email: Pflichtfeld fehlt", id="missing-email"),
        pytest.param(
            f"{PHONE}\n    email: joerg.weissenboeck@maerkische-heide.example",
            f"{PHONE}\n    email: joerg.weissenboeck(at)maerkische-heide.example",
            "joerg.weissenboeck(at)", 0,
            "kurzkonzept.ansprechperson.email: keine gültige E-Mail-Adresse: „joerg.weissenboeck(at)"
            "maerkische-heide.example“", id="bad-email"),
        pytest.param(
            "        wert: 2481.6", "        wert: viele",
            "viele", 0,
            "kurzkonzept.ausgangslage.indikatoren.hilfen_zur_erziehung.wert: Zahl",
            id="wrong-type"),
        pytest.param(
            "    funktion: Sozial- und Gesundheitsplaner",
            "    funktion: Sozial- und Gesundheitsplaner\n    telefn: 0331 1234",
            "telefn", 0,
            "kurzkonzept.ansprechperson.telefn: unbekanntes Feld „telefn“ – meinten Sie „telefon“?",
            id="unknown-key"),
        pytest.param(
            BASIS, BASIS + "kommune:\n  art: Großstadt\n", "Großstadt", 0,
            "kommune.art: ungültiger Wert „Großstadt“; erlaubt: Landkreis oder "
            "kreisfreie Stadt", id="literal"),
        pytest.param(
            BASIS, BASIS + "kommune:\n  anschrift:\n    plz: 1589\n", "1589", 0,
            "kommune.anschrift.plz: keine gültige Postleitzahl: „1589“ (fünf Ziffern)",
            id="postcode"),
        pytest.param(
            "  datum: 2026-02-06", "  datum: 6.2.2026", "6.2.2026", 0,
            "kurzkonzept.datum: Datum im Format JJJJ-MM-TT erwartet", id="date"),
        pytest.param(
            "    D:\n      aktueller_stand:\n        - Fachtag",
            "    D:\n      aktueller_stand: []\n      x:\n        - Fachtag",
            "aktueller_stand: []", len("aktueller_stand: "),
            "kurzkonzept.handlungsfelder.D.aktueller_stand: mindestens 1 Eintrag/Einträge erforderlich",
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
    text = text.replace(BASIS, BASIS + "kommune:\n  art: Dorf\n").replace(
        "        jahr: 2024", "        jahr: x")
    path = tmp_path / "antrag.yaml"
    path.write_text(text, encoding="utf-8")
    copy_example_bases(tmp_path)
    problems = _problems(path)
    assert len(problems) == 3  # art, and jahr twice
    assert [p.split(": ")[1] for p in problems] == [
        "kommune.art",
        "kurzkonzept.ausgangslage.indikatoren.hilfen_zur_erziehung.jahr",
        "kurzkonzept.ausgangslage.indikatoren.u15_sozialgeld.jahr",
    ]


def test_json_data_validates_with_positions(tmp_path: Path) -> None:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data["kurzkonzept"]["ansprechperson"]["email"] = "kein-at-zeichen"
    copy_example_bases(tmp_path)
    path = tmp_path / "antrag.json"
    text = json.dumps(data, indent=2, ensure_ascii=False, default=str)
    path.write_text(text, encoding="utf-8")
    problems = _problems(path)
    line, column = line_col(text, '"kein-at-zeichen"')
    assert problems == [
        f"{path}:{line}:{column}: kurzkonzept.ansprechperson.email: keine gültige E-Mail-Adresse: "
        "„kein-at-zeichen“"
    ]


def test_indicators_below_average_give_a_warning(tmp_path: Path) -> None:
    path, text = write_variant(tmp_path, "        wert: 2481.6", "        wert: 1500.0")
    validated = validate(load(path), Unterlagen)
    assert len(validated.warnings) == 1
    warning = validated.warnings[0]
    assert warning.severity is Severity.WARNING
    line, _ = line_col(text, "    indikatoren:")
    assert str(warning).startswith(
        f"{path}:{line + 1}:7: kurzkonzept.ausgangslage.indikatoren: Warnung: ")

    assert "keiner der beiden Indikatoren liegt über dem Landesdurchschnitt" in str(warning)
