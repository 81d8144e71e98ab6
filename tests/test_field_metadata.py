"""Every field of every data model carries German metadata: a title as the form prints it
and a short description (what to write, unit, example)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re

import pytest

import docgen.models
from docgen.models.base import Model

GERMAN_HINT = re.compile(r"[äöüÄÖÜß]|\b(der|die|das|und|oder|z\. B\.|je|ob|wie|wer|mit|ohne|"
                         r"optional|nach|vor|TT\.MM\.JJJJ|Zeile|mindestens)\b")
ENGLISH_WORDS = re.compile(r"\b(the|of|and|or|which|whether|e\.g\.|optional file)\b")


def all_models() -> list[type[Model]]:
    found: dict[str, type[Model]] = {}
    for info in pkgutil.iter_modules(docgen.models.__path__):
        module = importlib.import_module(f"docgen.models.{info.name}")
        for _, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, Model) and value is not Model:
                found[f"{value.__module__}.{value.__qualname__}"] = value
    return [found[name] for name in sorted(found)]


def test_models_are_found() -> None:
    names = {m.__name__ for m in all_models()}
    assert {"Kurzkonzept", "Werkstattgespraech", "Erklaerung", "Kooperationsvereinbarung",
            "Geschaeftsordnung",
            "Anschrift", "BuendelTeil"} <= names


@pytest.mark.parametrize("model", all_models(), ids=lambda m: m.__name__)
def test_every_field_has_german_title_and_description(model: type[Model]) -> None:
    missing = []
    for name, info in model.model_fields.items():
        title, description = info.title or "", info.description or ""
        if not title.strip() or not description.strip():
            missing.append(f"{name}: title/description fehlt")
            continue
        if not title[0].isupper():
            missing.append(f"{name}: Titel beginnt nicht groß: {title!r}")
        if ENGLISH_WORDS.search(f"{title} {description}"):
            missing.append(f"{name}: klingt englisch: {title!r} / {description!r}")
        if title == name:
            missing.append(f"{name}: Titel ist nur der Feldname")
    assert not missing, "\n".join(missing)


def test_descriptions_read_german() -> None:
    descriptions = [info.description or "" for m in all_models() for info in m.model_fields.values()]
    german = [d for d in descriptions if GERMAN_HINT.search(d)]
    assert len(german) >= 0.8 * len(descriptions)


def test_metadata_reaches_the_json_schema() -> None:
    from docgen.registry import DOCUMENT_TYPES, Unterlagen

    schema = Unterlagen.model_json_schema()
    assert schema["$defs"]["Kurzkonzept"]["properties"]["ort"]["title"] == "Ort"
    assert schema["properties"]["kommune"]["title"] == "Angaben zur Kommune"
    for doc_type in DOCUMENT_TYPES:  # every document's section of a data file has a title
        assert schema["properties"][doc_type.key]["title"], doc_type.key
    kommune = schema["$defs"]["Kommune"]["properties"]["name"]
    assert kommune["title"] == "Name der Kommune"
    assert "Landkreis Havelland" in kommune["description"]
