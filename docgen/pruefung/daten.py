"""Where each value the check needs stands in a data file: the one place that knows the format.

Conditions ask for values by field path (the constants below) and get them back with
the place they stand in the file (``file:line:column`` from the source map), so a report
can say what it looked at. When the data format moves a part, only these paths change.
A path that names no field of the model is a bug and raises; a value the file does not
hold (an optional document left out) is ``None`` and makes a condition „nicht prüfbar“.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from docgen.formatting import datum, zahl
from docgen.loading import FieldPath, SourceMap, load
from docgen.registry import Unterlagen
from docgen.validation import Validated, field_path, validate

ROOT_MODEL = Unterlagen
"""The model a whole data file is validated against (any subset of the documents)."""

# --- the data format: where each part stands ------------------------------------------------
KOMMUNE: FieldPath = ("kommune",)
KURZKONZEPT: FieldPath = ("kurzkonzept",)
"""The Kurzkonzept's own fields (``ausgangslage``, ``handlungsfelder``, ``begruendung`` …)."""
KOORDINIERUNGSSTELLE: FieldPath = ("koordinierungsstelle",)
ERKLAERUNG: FieldPath = ("erklaerung",)
VEREINBARUNG: FieldPath = ("kooperationsvereinbarung",)
GESCHAEFTSORDNUNGEN: FieldPath = ("geschaeftsordnungen",)
MODELLPROJEKT: FieldPath = ("modellprojekt",)
WERKSTATTGESPRAECHE: FieldPath = ("werkstattgespraeche",)

INDIKATOR_NAMEN = {
    "hilfen_zur_erziehung": "Hilfen zur Erziehung je 100.000 Einwohner",
    "u15_sozialgeld": "U15-Jährige in Sozialgeld-Bezug je 100.000 Einwohner",
}
"""German names of the burden indicators, by field name."""

Anzeige = str | list[str]


@dataclass(frozen=True)
class Wert:
    """A value a condition looked at: field, value (JSON-ready), German text, place in the file."""

    feld: str
    wert: Any
    anzeige: Anzeige
    ort: str

    def as_json(self) -> dict[str, Any]:
        return {"feld": self.feld, "wert": self.wert, "anzeige": self.anzeige, "ort": self.ort}


def json_value(value: Any) -> Any:
    """A model value as JSON: dates ISO, models as mappings."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", exclude_none=True)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [json_value(v) for v in value]
    return value


def anzeige(value: Any) -> Anzeige:
    """A value as German text: numbers and dates the German way, lists item by item."""
    if value is None:
        return "fehlt"
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, int | float):
        return zahl(value)
    if isinstance(value, date):
        return datum(value, "kurz")
    if isinstance(value, list | tuple):
        return [str(a) for item in value for a in _flat(anzeige(item))]
    text = getattr(value, "text", None)
    if isinstance(value, BaseModel) and isinstance(text, str):
        below = getattr(value, "unterpunkte", None) or []  # a bullet with sub-bullets
        return text + (f" ({'; '.join(map(str, below))})" if below else "")
    return str(value)


def _flat(value: Anzeige) -> list[str]:
    return value if isinstance(value, list) else [value]


class Daten:
    """One validated data file, read by field path."""

    def __init__(self, validated: Validated[Any], *, source_map: SourceMap | None = None) -> None:
        self.model = validated.model
        self.path = validated.source.path
        self.source_map = source_map or validated.source.source_map

    @property
    def file(self) -> str:
        return self.source_map.file

    def get(self, path: FieldPath) -> Any:
        """The value at ``path``, or None where the file does not hold it."""
        current: Any = self.model
        for part in path:
            if current is None:
                return None
            if isinstance(part, int):
                current = current[part] if isinstance(current, list) and part < len(current) else None
            elif isinstance(current, BaseModel):
                if part not in type(current).model_fields:
                    raise KeyError(f"{type(current).__name__} hat kein Feld „{part}“")
                current = getattr(current, part)
            elif isinstance(current, dict):
                current = current.get(part)
            else:
                raise KeyError(f"„{part}“ unter einem Wert ohne Felder")
        return current

    def wert(self, path: FieldPath, text: Anzeige | None = None, value: Any = None) -> Wert:
        """The value at ``path`` as a looked-at value (``text`` replaces the German text)."""
        found = self.get(path) if value is None else value
        where = self.source_map.location(path)
        place = replace(where, file=os.path.normpath(where.file))  # a base file's ../ resolved
        return Wert(field_path(path), json_value(found),
                    text if text is not None else anzeige(found), str(place))


def read(path: Path | str) -> Daten:
    """Load and validate one data file for the check (DataError on invalid data)."""
    return Daten(validate(load(path), ROOT_MODEL))
