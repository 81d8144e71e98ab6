"""What the templates of each document type may use: names, their shapes, sample values.

The names come from the registry record (its shared parts, its own data under
``item``, its text resource ``texte`` and clauses ``abschnitte``), from what every
template gets (``briefkopf``, ``logo``, ``erstellt``, ``docgen_version``) and from
the sample data in ``data/`` (the names a record's variants add, such as the letter's
``din`` and ``teile``). Below a name, the model says which fields exist.
"""

from __future__ import annotations

import functools
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, fields, is_dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from docgen.models.gemeinsam import Briefkopf
from docgen.registry import DOCUMENT_TYPES, SHARED_PARTS, DocumentType
from docgen.validation import unwrap_types


@dataclass(frozen=True)
class Shape:
    """What is known about a value: a model, a list of something, a mapping, or nothing."""

    model: type[BaseModel] | None = None
    item: Shape | None = None
    """For lists: the shape of an entry."""
    keys: Mapping[str, Shape] | None = None
    """For mappings (text resources, extras): their keys."""
    kind: str = "Wert"
    """German name of the value's type, for the reference."""
    cls: type | None = None
    """For mappings read from a sample object: its class (its properties and methods count)."""

    def attribute(self, name: str) -> Shape | None:
        """The shape of ``value.name``; None when the value certainly has no such field."""
        if self.model is not None:
            info = self.model.model_fields.get(name)
            if info is not None:
                return shape_of(info.annotation)
            return Shape() if hasattr(self.model, name) else None
        if self.keys is not None:
            if name in self.keys:
                return self.keys[name]
            return Shape() if hasattr(self.cls or dict, name) else None
        return Shape()

    def valid(self) -> list[str]:
        """The fields a template may use below this value (for did-you-mean)."""
        if self.model is not None:
            return [*self.model.model_fields, *(n for n, v in vars(self.model).items()
                                                if isinstance(v, property) and n[0] != "_")]
        own = [n for n in dir(self.cls) if not n.startswith("_")] if self.cls else []
        return [*(self.keys or ()), *own]


UNKNOWN = Shape()


def shape_of(annotation: Any) -> Shape:
    """The shape of a field's type annotation."""
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return shape_of(args[0])
    if typing.get_origin(annotation) in (list, tuple):
        entry = typing.get_args(annotation)
        return Shape(item=shape_of(entry[0]) if entry else UNKNOWN, kind="Liste")
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return Shape(model=annotation, kind="Abschnitt")
    return Shape(kind=kind_of(annotation))


def kind_of(annotation: Any) -> str:
    """German name of a type: Text, Zahl, Datum, Ja/Nein, Auswahl …"""
    import datetime as dt

    names = []
    for t in unwrap_types(annotation):
        if t is type(None):
            continue
        if typing.get_origin(t) is typing.Literal:
            names.append("Auswahl: " + " | ".join(map(str, typing.get_args(t))))
        elif t is bool:
            names.append("Ja/Nein")
        elif t in (int, float) or getattr(t, "__name__", "") == "Decimal":
            names.append("Zahl")
        elif t is dt.date:
            names.append("Datum")
        elif t is dt.time:
            names.append("Uhrzeit")
        elif t is str:
            names.append("Text")
        elif isinstance(t, type) and issubclass(t, BaseModel):
            names.append(f"Abschnitt {t.__name__}")
        else:
            names.append(getattr(t, "__name__", str(t)))
    return " oder ".join(dict.fromkeys(names)) or "Wert"


def shape_of_value(value: Any) -> Shape:
    """The shape of a sample value (names that have no model: texts, extras)."""
    if isinstance(value, BaseModel):
        return Shape(model=type(value), kind="Abschnitt")
    if isinstance(value, Mapping):
        return Shape(keys={str(k): shape_of_value(v) for k, v in value.items()},
                     kind="Abschnitt")
    if isinstance(value, list | tuple):
        return Shape(item=shape_of_value(value[0]) if value else UNKNOWN, kind="Liste")
    if is_dataclass(value) and not isinstance(value, type):
        return Shape(keys={f.name: shape_of_value(getattr(value, f.name))
                           for f in fields(value)}, kind="Abschnitt", cls=type(value))
    return Shape(kind=kind_of(type(value)))


@dataclass(frozen=True)
class Name:
    name: str
    shape: Shape
    title: str
    required: bool
    sample: Any = None


COMMON = {
    "logo": "Logo des Briefkopfs als Adresse für <img src> (leer ohne Logo; nur HTML)",
    "erstellt": "Zeitpunkt der Erstellung (ISO, für die Metadaten)",
    "docgen_version": "Version von docgen (für die Metadaten)",
}
EXTRAS = {
    "din": "Maße der DIN-5008-Form (A oder B) des Briefs in mm, für Anschriftfeld, "
           "Informationsblock und Marken",
    "teile": "welche der vier Erklärungen (1–4) dieses Schreiben enthält",
    "mit_sozialamt": "ob das Sozialamt mit unterzeichnet",
}
"""What the registry's variants add, in words (other extras are named generically)."""
WORD_ONLY = {"logo_bild": "Logo des Briefkopfs als Bild (nur Word-Vorlagen; leer ohne Logo)"}


def examples_folder() -> Path:
    """The sample data: inside an installed wheel, or ``data/`` of the source tree."""
    installed = Path(__file__).resolve().parent.parent / "_beispiele"
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parent.parent.parent / "data"


def example_for(doc_type: DocumentType) -> Path | None:
    """The first sample data file that describes ``doc_type``."""
    for path in sorted(examples_folder().glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if data.get(doc_type.key):
            return path
    return None


@functools.cache
def sample_contexts(templates: tuple[Path, ...] = ()) -> dict[str, Mapping[str, Any]]:
    """Per document type, the template context of its first document from the sample data."""
    from docgen.assets import load_assets
    from docgen.options import Options
    from docgen.pipeline import Engine

    engine = Engine(Options(templates=templates))
    contexts: dict[str, Mapping[str, Any]] = {}
    for doc_type in DOCUMENT_TYPES:
        path = example_for(doc_type)
        if path is None:
            continue
        validated = engine.validate_file(path)
        for prepared in engine.prepare(validated, load_assets(validated)):
            contexts.setdefault(prepared.job.doc_type.name, prepared.context)
    return contexts


def names_for(doc_type: DocumentType, word: bool = False,
              sample: Mapping[str, Any] | None = None) -> dict[str, Name]:
    """Every name the templates of ``doc_type`` may use, in the order a reader needs them."""
    sample = sample or {}
    names: dict[str, Name] = {doc_type.item: Name(
        doc_type.item, Shape(model=doc_type.model, kind="Abschnitt"),
        f"die Daten des Dokuments ({doc_type.title})", True, sample.get(doc_type.item))}
    for part in doc_type.shared:
        spec = SHARED_PARTS[part]
        names[part] = Name(part, Shape(model=spec.model, kind="Abschnitt"), spec.title,
                           not spec.optional, sample.get(part))
    names["briefkopf"] = Name("briefkopf", Shape(model=Briefkopf, kind="Abschnitt"),
                              SHARED_PARTS["briefkopf"].title + " (leer ohne Briefkopf)",
                              False, sample.get("briefkopf"))
    if doc_type.texts:
        names["texte"] = Name("texte", shape_of_value(sample["texte"]) if "texte" in sample
                              else UNKNOWN,
                              f"Textbausteine aus texte/{doc_type.texts}, mit den Daten "
                              "ausgefüllt", True, sample.get("texte"))
    if doc_type.clauses:
        names["abschnitte"] = Name("abschnitte", shape_of_value(sample["abschnitte"])
                                   if "abschnitte" in sample else Shape(kind="Liste"),
                                   f"die nummerierten Abschnitte aus klauseln/{doc_type.clauses}"
                                   " mit den Änderungen der Daten", True, sample.get("abschnitte"))
    for name, title in {**COMMON, **(WORD_ONLY if word else {})}.items():
        names[name] = Name(name, Shape(kind="Text"), title, True, sample.get(name))
    for name, value in sample.items():  # what the record's variants add
        if name not in names and name != doc_type.alias and name != "logo_bild":
            names[name] = Name(name, shape_of_value(value),
                               EXTRAS.get(name, "Zusatzwert dieses Dokumenttyps"), True, value)
    return names
