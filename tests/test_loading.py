from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from docgen.errors import DataError
from docgen.loading import load


def _load_text(tmp_path: Path, text: str, name: str = "daten.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load(path)


def _error(tmp_path: Path, text: str, name: str = "daten.yaml") -> str:
    with pytest.raises(DataError) as info:
        _load_text(tmp_path, text, name)
    return str(info.value)


def test_yaml_keeps_postcodes_and_words_as_text(tmp_path: Path) -> None:
    loaded = _load_text(
        tmp_path,
        "plz: 03046\nantwort: no\nja: yes\nan: on\nzahl: 12\nkomma: 1.5\nwahr: true\n"
        "datum: 2026-02-13\nuhr: 12:30\nhex: 0x1F\n",
    )
    assert loaded.data == {
        "plz": "03046", "antwort": "no", "ja": "yes", "an": "on", "zahl": 12, "komma": 1.5,
        "wahr": True, "datum": dt.date(2026, 2, 13), "uhr": "12:30", "hex": "0x1F",
    }


def test_yaml_source_map_points_at_keys_and_values(tmp_path: Path) -> None:
    loaded = _load_text(tmp_path, "kommune:\n  name: Stadt X\nliste:\n  - a\n  - b\n")
    sm = loaded.source_map
    assert str(sm.location(("kommune", "name"))) == f"{tmp_path / 'daten.yaml'}:2:9"
    assert str(sm.location(("kommune", "name"), key=True)).endswith(":2:3")
    assert str(sm.location(("liste", 1))).endswith(":5:5")
    # a path that does not exist falls back to its nearest existing ancestor
    assert str(sm.location(("kommune", "art"))).endswith(":2:3")


def test_yaml_duplicate_key_is_an_error(tmp_path: Path) -> None:
    message = _error(tmp_path, "name: A\nort: B\nname: C\n")
    assert message.endswith("daten.yaml:3:1: doppelter Schlüssel „name“ (zuerst in Zeile 1)")


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ("kommune:\n  name: a: b\n", ":2:10:", "Doppelpunkt an unerwarteter Stelle"),
        ("kommune:\n\tname: X\n", ":2:1:", "Tabulatorzeichen sind in YAML nicht erlaubt"),
        ("a:\n  - x\n  b: y\n", ":3:3:", "Einrückung stimmt nicht"),
        ('a: "offen\n', ":1:4:", "unerwartetes Dateiende"),
    ],
)
def test_yaml_syntax_errors_are_german_with_position(
    tmp_path: Path, text: str, where: str, message: str
) -> None:
    error = _error(tmp_path, text)
    assert where in error
    assert message in error


def test_yaml_refuses_python_objects(tmp_path: Path) -> None:
    error = _error(tmp_path, "x: !!python/object/apply:os.system ['echo unsicher']\n")
    assert "nicht erlaubter YAML-Tag" in error
    assert ":1:4:" in error


def test_json_loads_with_positions(tmp_path: Path) -> None:
    text = json.dumps({"kommune": {"name": "Stadt X", "plz": "03046"}}, indent=2)
    loaded = _load_text(tmp_path, text, "daten.json")
    assert loaded.data["kommune"]["plz"] == "03046"
    assert str(loaded.source_map.location(("kommune", "plz"))).endswith(":4:12")


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ('{\n  "a": 1\n  "b": 2\n}', ":3:3:", "Komma „,“ erwartet"),
        ('{\n  "a": 1,\n}', ":3:1:", "Schlüssel in doppelten Anführungszeichen erwartet"),
        ('{"a": 1, "a": 2}', "daten.json:", "doppelter Schlüssel „a“"),
    ],
)
def test_json_errors(tmp_path: Path, text: str, where: str, message: str) -> None:
    error = _error(tmp_path, text, "daten.json")
    assert where in error
    assert message in error


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "leer.yaml", "leer.yaml:1:1: Datei ist leer"),
        (b"- a\n- b\n", "liste.yaml", "oberste Ebene muss eine Zuordnung"),
        (b"name: M\xfcller\n", "latin1.yaml", "latin1.yaml:1:8: Datei ist nicht UTF-8-kodiert"),
        (b"x", "daten.txt", "unbekannte Dateiendung „.txt“"),
    ],
)
def test_unusable_files(tmp_path: Path, content: bytes, name: str, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(DataError) as info:
        load(path)
    assert message in str(info.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="Datei nicht gefunden"):
        load(tmp_path / "gibtsnicht.yaml")


def test_errors_survive_pickling(tmp_path: Path) -> None:
    """Errors cross process pools in batch builds."""
    import pickle

    with pytest.raises(DataError) as info:
        _load_text(tmp_path, "name: A\nname: B\n")
    copy = pickle.loads(pickle.dumps(info.value))
    assert type(copy) is DataError
    assert str(copy) == str(info.value)
    assert copy.problems == info.value.problems
