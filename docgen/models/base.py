"""Building blocks shared by every data model: strict base class, German field types.

Validators raise ``PydanticCustomError`` with German messages; the validate
stage passes those through unchanged and translates pydantic's own types.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, StringConstraints
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

        Paths are relative to this model; a model holding others yields their findings
        with its field names put in front (see ``Finding.within``).
        """
        return iter(())


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

Text = Annotated[str, StringConstraints(min_length=1), AfterValidator(_visible)]
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

    strasse: Text
    plz: Postleitzahl
    ort: Text
    zusatz: Text | None = None
