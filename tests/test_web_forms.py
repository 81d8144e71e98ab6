"""The form generator: every field of the models becomes a labelled form field, the
posted form gives back the data file's structure, and a new document type gets its
section with no web code."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Annotated, Any

import pytest
import yaml
from jinja2 import Environment
from pydantic import Field
from testing_utils import EXAMPLE, copy_example_bases
from web_support import form_fields

from docgen.errors import DataError
from docgen.models.base import Model, Text
from docgen.web import forms
from docgen.web.actions import apply_action
from docgen.web.app import make_templates
from docgen.web.documents import export_yaml, load_data_file, root_model


class _Posted:
    def __init__(self, pairs: list[tuple[str, str]]) -> None:
        self.pairs = pairs

    def get(self, key: str, /) -> Any:
        values = self.getlist(key)
        return values[-1] if values else None

    def getlist(self, key: str, /) -> list[Any]:
        return [v for k, v in self.pairs if k == key]


def render(model: Any, data: dict[str, Any], env: Environment | None = None) -> str:
    env = env or make_templates()
    nodes = forms.build_form(model, data)
    macros = env.get_template("felder.html").module
    body = "".join(str(macros.knoten(node, top=True)) for node in nodes)  # type: ignore[attr-defined]
    return f'<form id="antrag">{body}</form>'


def example_data() -> dict[str, Any]:
    return load_data_file(EXAMPLE)[0]


def test_posting_the_example_form_gives_back_the_example() -> None:
    data = example_data()
    html = render(root_model(), data)
    parsed = forms.parse_form(root_model(), _Posted(form_fields(html)))
    model = root_model()
    # the same application; the form only leaves out what equals a default (false, [])
    # and the line break a folded YAML block ends with
    assert model.model_validate(parsed) == model.model_validate(data)
    from docgen.web.storage import changed_paths

    differing = changed_paths(data, parsed)
    assert all(p.endswith(("laeuft_aus", "einzelschreiben", "zeitweilig")) or
               _get(data, p).strip() == _get(parsed, p) for p in differing), differing
    assert model.model_validate(yaml.safe_load(export_yaml(parsed))) == model.model_validate(data)


def _get(data: Any, path: str) -> Any:
    for part in re.findall(r"[^.\[\]]+", path):
        data = data[int(part)] if isinstance(data, list) else data.get(part)
    return data


def test_every_field_has_a_label_with_its_german_title() -> None:
    html = render(root_model(), example_data())
    nodes = forms.walk(forms.build_form(root_model(), example_data()))
    for node in nodes:
        if node.shape.is_container:
            assert f'id="{node.id}"' in html
            continue
        label = re.search(rf'<label for="{re.escape(node.id)}"[^>]*>([^<]*)', html)
        assert label, node.name
        assert label.group(1).strip()
    assert '<label for="f-kommune-anschrift-plz">Postleitzahl' in html
    assert '<legend><h2>Angaben zur Kommune</h2></legend>' in html
    sections = re.findall(r'<legend><h2>([^<]+)</h2>', html)
    assert sections[-1] == "Bewerbungsbündel" and sections[0] == "Eckdaten des Modellprojekts"


def test_widgets_follow_the_types() -> None:
    html = render(root_model(), example_data())
    assert re.search(r'<input type="date" id="f-kurzkonzept-datum" name="kurzkonzept.datum" '
                     r'value="2026-02-06"', html)
    assert re.search(r'<select id="f-kommune-art" name="kommune.art"', html)
    assert '<option value="kreisfreie Stadt">' in html
    assert re.search(r'type="checkbox" id="f-erklaerung-einzelschreiben"', html)
    assert re.search(r'<textarea id="f-kurzkonzept-ausgangslage-beschreibung"', html)
    assert 'value="neu:kurzkonzept.begruendung.ziele"' in html
    assert 'value="hoch:kurzkonzept.begruendung.ziele.1"' in html


def test_a_new_document_type_gets_its_section_with_no_web_code() -> None:
    class Termin(Model):
        thema: Text = Field(title="Thema", description="worum es ging")
        datum: datetime.date = Field(title="Datum", description="TT.MM.JJJJ")

    class Werkstattgespraech(Model):
        titel: Text = Field(title="Titel", description="z. B. „Auftakt“")
        termine: Annotated[list[Termin], Field(min_length=1)] = Field(
            title="Termine", description="mindestens einer")

    class MitWerkstatt(root_model()):  # type: ignore[misc,valid-type]
        werkstattgespraeche: list[Werkstattgespraech] = Field(
            default=[], title="Werkstattgespräche", description="Dokumentation je Gespräch")

    data = {**example_data(), "werkstattgespraeche": [
        {"titel": "Auftakt", "termine": [{"thema": "Bestand", "datum": "2026-03-01"}]}]}
    html = render(MitWerkstatt, data)
    assert "<legend><h2>Werkstattgespräche</h2></legend>" in html
    assert re.search(r'<input type="date" id="f-werkstattgespraeche-0-termine-0-datum"', html)
    parsed = forms.parse_form(MitWerkstatt, _Posted(form_fields(html)))
    assert parsed["werkstattgespraeche"] == data["werkstattgespraeche"]
    MitWerkstatt.model_validate(parsed)


def test_the_workshop_documentation_type_has_its_section_from_the_registry() -> None:
    data = load_data_file(EXAMPLE.parent / "landkreis-maerkische-heide-werkstatt.yaml")[0]
    assert data["werkstattgespraeche"]
    html = render(root_model(), data)
    assert "<legend><h2>Dokumentation eines Werkstattgesprächs</h2></legend>" in html
    parsed = forms.parse_form(root_model(), _Posted(form_fields(html)))
    assert root_model().model_validate(parsed) == root_model().model_validate(data)


def test_errors_go_to_the_nearest_field() -> None:
    nodes = forms.build_form(root_model(), example_data())
    placed = forms.attach_errors(nodes, [
        ("kurzkonzept.begruendung.bestehende_stellen[1].umfang_vzae", "Wert muss ≤ 10 sein"),
        ("kooperationsvereinbarung.klauseln.kosten.ergaenzen[0]", "darf nicht leer sein"),
        ("unbekannt.feld", "unbekanntes Feld"),
        (None, "ohne Feld"),
    ])
    at = {text: node for node, text in placed}
    assert at["Wert muss ≤ 10 sein"].id == "f-kurzkonzept-begruendung-bestehende_stellen-1-umfang_vzae"
    assert at["Wert muss ≤ 10 sein"].full_title == \
        "Kurzkonzept für die Teilnahme als Pilotkommune › Begründung › Bestehende Stellen › " \
        "Eintrag 2 › Umfang (VZÄ)"
    assert at["darf nicht leer sein"].id == "f-kooperationsvereinbarung-klauseln-0-ergaenzen-0"
    assert at["unbekanntes Feld"] is None and at["ohne Feld"] is None
    # listed in the order a reader meets the fields
    assert [text for _, text in placed][-2:] == ["Wert muss ≤ 10 sein", "darf nicht leer sein"]


def test_actions_on_mappings_and_optional_parts() -> None:
    data = example_data()
    model = root_model()
    focus = apply_action(model, data, "neu:kooperationsvereinbarung.klauseln")
    assert focus is not None and "" in data["kooperationsvereinbarung"]["klauseln"]
    apply_action(model, data, "teil-weg:erklaerung")
    assert "erklaerung" not in data
    apply_action(model, data, "teil-neu:erklaerung")
    assert data["erklaerung"] == {}
    assert apply_action(model, data, "unsinn:x") is None


def test_a_starting_file_whose_logo_is_missing_is_an_error(tmp_path: Path) -> None:
    copy_example_bases(tmp_path)
    (tmp_path / "basis" / "wappen-maerkische-heide.svg").unlink()
    path = tmp_path / EXAMPLE.name
    path.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_data_file(path)  # never an application that silently lost its letterhead logo
    assert "briefkopf.logo: Logo-Datei „wappen-maerkische-heide.svg“" in str(info.value)
