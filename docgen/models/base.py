"""Building blocks shared by every data model: strict base class, German field types.

Validators raise ``PydanticCustomError`` with German messages; the validate
stage passes those through unchanged and translates pydantic's own types.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
)
from pydantic_core import PydanticCustomError

from docgen.loading import FieldPath


class Model(BaseModel):
    """Base of every data model: unknown keys are errors, values are immutable."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        str_strip_whitespace=True,
        coerce_numbers_to_str=True,
        validate_default=True,
        allow_inf_nan=False,  # "inf" and "nan" written as text are no numbers either
    )

    def checks(self) -> Iterator[Finding]:
        """Rules across fields, checked after the fields themselves are valid.

        Paths are relative to this model. The validate stage calls ``checks`` of every
        model in a data file by itself (``all_checks``); nothing forwards them by hand.
        """
        return iter(())

    @classmethod
    def requirements(cls, data: Any) -> Iterator[Finding]:
        """Rules about the raw data that pydantic cannot state (checked beside the fields)."""
        return iter(())


def all_checks(model: BaseModel, path: tuple[str | int, ...] = ()) -> Iterator[Finding]:
    """The findings of ``checks`` of ``model`` and every model inside it, with full paths."""
    if isinstance(model, Model):
        for finding in model.checks():
            yield finding.within(*path)
    for name in type(model).model_fields:
        yield from _checks_in(getattr(model, name), (*path, name))


def _checks_in(value: Any, path: tuple[str | int, ...]) -> Iterator[Finding]:
    if isinstance(value, BaseModel):
        yield from all_checks(value, path)
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _checks_in(item, (*path, index))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _checks_in(item, (*path, str(key)))


@dataclass(frozen=True)
class Finding:
    """An error or a warning (``warning=True``) about a field path of valid data."""

    path: FieldPath
    message: str
    warning: bool = False

    def within(self, *prefix: str | int) -> Finding:
        return Finding((*prefix, *self.path), self.message, self.warning)


def first_duplicate(values: list[str]) -> str | None:
    """The alphabetically first value that occurs more than once, or None."""
    duplicates = sorted({v for v in values if values.count(v) > 1})
    return duplicates[0] if duplicates else None


def _visible(value: str) -> str:
    """Text made only of invisible characters (zero-width or non-breaking spaces, format
    characters such as the soft hyphen) is empty: on paper it would be a blank field.
    A character no font can print (private use, unassigned, control) is refused too."""
    for character in value:
        if unicodedata.category(character) in _UNPRINTABLE and character not in "\n\t":
            raise PydanticCustomError(
                "unprintable", "enthält ein Zeichen, das nicht gedruckt werden kann ({code})",
                {"code": f"U+{ord(character):04X}"})
    if value and all(unicodedata.category(c) in _INVISIBLE or c.isspace() or c in _BLANK_LETTERS
                     for c in value):
        raise PydanticCustomError(
            "unsichtbar", "darf nicht leer sein (enthält nur unsichtbare Zeichen)")
    return value


_INVISIBLE = {"Cf", "Zs", "Zl", "Zp", "Cc"}
_UNPRINTABLE = {"Co", "Cn", "Cs", "Cc"}
_BLANK_LETTERS = set("\u115f\u1160\u3164\uffa0\u2800")
"""Hangul fillers and the blank Braille pattern: letters that print nothing."""


def kein_doppelpunkt(value: Any) -> Any:
    """A bullet „- Hinweis: ab 2026“ is read by YAML as a mapping (colon and space); say so
    and show the quoted form instead of „Text erwartet“."""
    if isinstance(value, dict) and len(value) == 1:
        ((key, inner),) = value.items()
        if isinstance(key, str) and not isinstance(inner, (dict, list)):
            text = f"{key}: {inner}" if inner is not None else f"{key}:"
            quoted = text.replace('"', '\\"')
            raise PydanticCustomError(
                "doppelpunkt",
                "„{text}“ wurde als Feld „{key}“ gelesen, weil nach dem Doppelpunkt ein "
                "Leerzeichen steht; den Text in Anführungszeichen setzen: \"{quoted}\"",
                {"text": text, "key": key, "quoted": quoted},
            )
    return value


Text = Annotated[str, BeforeValidator(kein_doppelpunkt), StringConstraints(min_length=1),
               AfterValidator(_visible)]
"""Any non-empty text with something visible in it; surrounding white space is removed."""

_FILE_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _file_name(value: str) -> str:
    if not _FILE_NAME.match(value) or len(value) > 80:
        raise PydanticCustomError(
            "dateiname",
            "ungültiger Dateiname „{value}“: nur a–z, 0–9 und einzelne Bindestriche, "
            "höchstens 80 Zeichen, ohne Endung und ohne Ordner",
            {"value": value})
    return value


Dateiname = Annotated[str, AfterValidator(_file_name)]
"""The stem of an output file: it stays inside the municipality's output folder."""


def _unique_ids(value: list[Any]) -> list[Any]:
    duplicate = first_duplicate([item.id for item in value])
    if duplicate:
        raise PydanticCustomError(
            "doppelt", "zwei Einträge haben die id „{id}“ (sie bestimmt den Dateinamen)",
            {"id": duplicate})
    return value


def eindeutige_ids(model: type[Model]) -> Any:
    """A list of ``model`` entries whose ``id`` (their file name) is unique."""
    return Annotated[list[model], AfterValidator(_unique_ids)]  # type: ignore[valid-type]




def nach_schluesseln(tag: str, *keys: str) -> Discriminator:
    """Decides ``Text`` or a model by the value's shape: a mapping with one of ``keys`` is the
    model (tagged ``tag``), anything else text, so a bullet „- Hinweis: …“ gets the colon
    message and every problem is reported once, not once per alternative. Tags start with
    „§“, which the validate stage drops from field paths."""

    def which(value: Any) -> str:
        return tag if isinstance(value, dict) and set(value) & set(keys) else "§text"

    return Discriminator(which)

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9][0-9 ()/\-–]{4,}[0-9]$")
_PLZ = re.compile(r"^[0-9]{5}$")


def _email(value: str) -> str:
    if not _EMAIL.match(value):
        raise PydanticCustomError(
            "email", "keine gültige E-Mail-Adresse: „{value}“", {"value": value}
        )
    return value


def _phone(value: str) -> str:
    if not _PHONE.match(value):
        raise PydanticCustomError(
            "telefon",
            "keine gültige Telefonnummer: „{value}“ (erlaubt: Ziffern, Leerzeichen, / - ( ) und +)",
            {"value": value},
        )
    return value


def _plz(value: str) -> str:
    if not _PLZ.match(value):
        raise PydanticCustomError(
            "plz", "keine gültige Postleitzahl: „{value}“ (fünf Ziffern)", {"value": value}
        )
    return value


Email = Annotated[str, AfterValidator(_email)]
Telefon = Annotated[str, AfterValidator(_phone)]
Postleitzahl = Annotated[str, AfterValidator(_plz)]


class Anschrift(Model):
    """A postal address."""

    strasse: Text = Field(title="Straße und Hausnummer", description="z. B. „Große Straße 14“")
    plz: Postleitzahl = Field(title="Postleitzahl", description="fünf Ziffern, z. B. „15890“")
    ort: Text = Field(title="Ort", description="z. B. „Fließfurt“")
    zusatz: Text | None = Field(
        default=None, title="Adresszusatz", description="optional, z. B. Postfach oder Gebäudeteil"
    )
