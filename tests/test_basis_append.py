"""Base files: lists replace the base's list unless the file states ``basis_ergaenzen``."""

from __future__ import annotations

from pathlib import Path

import pytest
from testing_utils import copy_example_bases

from docgen.errors import DataError
from docgen.loading import load
from docgen.pipeline import Engine

WORKSHOP = """\
  - id: {id}
    titel: Werkstattgespräch {id}
    datum: 2026-03-0{day}
    beginn: "09:30"
    ende: "12:00"
    ort: Kreisverwaltung, Raum 1.12
    veranstaltet_von: Landkreis Märkische Heide und BLS
    moderation: Mara Lindqvist (BLS)
    protokoll: Timo Brasch
    ziele: ["Bestand klären"]
    teilnehmende:
      - name: Timo Brasch
        institution: Jugendamt
    tagesordnung:
      - beginn: "09:30"
        thema: Begrüßung
    beschluesse: ["Termin 2 im Mai"]
"""


def _files(tmp_path: Path, stated: str, second_id: str = "zwei") -> Path:
    copy_example_bases(tmp_path)
    (tmp_path / "werkstatt-basis.yaml").write_text(
        "basis: basis/landkreis-maerkische-heide.yaml\nwerkstattgespraeche:\n"
        + WORKSHOP.format(id="eins", day=2), encoding="utf-8")
    path = tmp_path / "werkstatt.yaml"
    path.write_text("basis: werkstatt-basis.yaml\n" + stated + "werkstattgespraeche:\n"
                    + WORKSHOP.format(id=second_id, day=3), encoding="utf-8")
    return path


def test_a_list_replaces_the_base_list_by_default(tmp_path: Path) -> None:
    data = load(_files(tmp_path, "")).data
    assert [w["id"] for w in data["werkstattgespraeche"]] == ["zwei"]


def test_a_stated_list_extends_the_base_list(tmp_path: Path, engine: Engine) -> None:
    path = _files(tmp_path, "basis_ergaenzen: [werkstattgespraeche]\n")
    loaded = load(path)
    assert [w["id"] for w in loaded.data["werkstattgespraeche"]] == ["eins", "zwei"]
    assert "basis_ergaenzen" not in loaded.data
    # every entry keeps its own file and line
    first = loaded.source_map.location(("werkstattgespraeche", 0, "titel"))
    second = loaded.source_map.location(("werkstattgespraeche", 1, "titel"))
    assert (first.file.endswith("werkstatt-basis.yaml"), first.line) == (True, 4)
    assert (second.file.endswith("werkstatt.yaml"), second.line) == (True, 5)
    jobs = engine.prepare(engine.validate_file(path))
    assert [j.job.stem for j in jobs] == ["werkstattgespraech-eins", "werkstattgespraech-zwei"]


def test_an_appended_entry_is_located_in_its_own_file(tmp_path: Path, engine: Engine) -> None:
    path = _files(tmp_path, "basis_ergaenzen: [werkstattgespraeche]\n", second_id="eins")
    with pytest.raises(DataError) as info:
        engine.validate_file(path)
    assert str(info.value) == (f"{path}:4:3: werkstattgespraeche: zwei Einträge haben die id "
                               "„eins“ (sie bestimmt den Dateinamen)")


@pytest.mark.parametrize(("stated", "message"), [
    ("basis_ergaenzen: werkstattgespraeche\n", "„basis_ergaenzen“ muss eine Liste von Feldpfaden"),
    ("basis_ergaenzen: [kommune]\n", "„kommune“ ist hier oder in der Basisdatei keine Liste"),
])
def test_bad_statements_are_located(tmp_path: Path, stated: str, message: str) -> None:
    with pytest.raises(DataError) as info:
        load(_files(tmp_path, stated))
    assert str(info.value).startswith(f"{tmp_path}/werkstatt.yaml:2:")
    assert message in str(info.value)
