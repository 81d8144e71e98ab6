"""Only text reaches a document: the ``finalize`` hook of every template environment.

A template that prints a value which is not text — an empty optional field (``None``),
a list, a date, a number, a yes/no value or a whole section of the data — would put
``None``, ``['…', '…']``, ``2026-02-13`` or a Python representation into official
paperwork. Such a value must pass through a filter that formats it (``datum``,
``zahl``, ``aufzaehlung`` …) or be asked for with ``{% if %}``; printing it bare is
an error naming the template and line.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import jinja2
from pydantic import BaseModel


class UnformattedValue(jinja2.TemplateRuntimeError):
    """A template printed a value that is not text without formatting it."""


def _advice(value: Any) -> str:
    if value is None:
        return ("ein leeres (optionales) Feld; fragen Sie es mit {% if … %} ab, bevor Sie es "
                "ausgeben")
    if isinstance(value, bool):
        return f"den Wahrheitswert {value}; formatieren Sie ihn mit „| ja_nein“ oder fragen Sie " \
               "ihn mit {% if … %} ab"
    if isinstance(value, dt.datetime | dt.date):
        return f"das Datum {value.isoformat()}; formatieren Sie es mit „| datum“ " \
               "(13. Februar 2026) oder „| datum(\"kurz\")“ (13.02.2026)"
    if isinstance(value, dt.time):
        return f"die Uhrzeit {value.isoformat()}; formatieren Sie sie mit „| uhrzeit“"
    if isinstance(value, int | float | Decimal):
        return f"die Zahl {value}; formatieren Sie sie mit „| zahl“ (1.234,5), „| betrag“ " \
               "(100.000 €) oder „| vzae“"
    if isinstance(value, list | tuple | set | frozenset):
        return (f"eine Liste ({len(value)} Einträge); geben Sie sie mit „| aufzaehlung“ oder "
                "einer Schleife {% for … %} aus")
    if isinstance(value, BaseModel):
        fields = ", ".join(type(value).model_fields)
        return f"einen ganzen Abschnitt ({type(value).__name__}); geben Sie eines seiner Felder " \
               f"aus: {fields}"
    if isinstance(value, dict):
        return f"einen ganzen Abschnitt; geben Sie einen seiner Einträge aus: {', '.join(value)}"
    return f"einen Wert vom Typ {type(value).__name__}"


def require_text(value: Any) -> Any:
    """Let text (and markup, which formats itself) through; refuse everything else."""
    if isinstance(value, str | jinja2.Undefined) or hasattr(value, "__html__"):
        return value  # an undefined value raises by itself (StrictUndefined) or prints nothing
    raise UnformattedValue(f"die Vorlage gibt ohne Formatierung {_advice(value)}")
