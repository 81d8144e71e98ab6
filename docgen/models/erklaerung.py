"""The Absichtserklärung/Kooperationserklärung: one letter to the project's sponsor
combining the four declarations the call asks for (or four separate letters)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError

from docgen.models.base import Model, Text
from docgen.models.gemeinsam import Absender, Form, Unterzeichnende

PFLICHT_AEMTER = ("Jugendamt", "Gesundheitsamt")


class Erklaerung(Model):
    absender: Absender
    datum: date
    ort: Text
    betreff: Text = (
        "Absichts- und Kooperationserklärung zur Teilnahme am Modellprojekt "
        "„Kommunale Gesamtkonzepte“ (KommGes)"
    )
    anrede: Text = "Sehr geehrte Damen und Herren,"
    gruss: Text = "Mit freundlichen Grüßen"
    ihr_zeichen: Text | None = None
    unterzeichnende: Annotated[list[Unterzeichnende], Field(min_length=2)]
    form: Form = "B"
    """DIN 5008 Form A (address field at 27 mm) or B (at 45 mm, the default)."""
    unterschriften: Literal["nebeneinander", "untereinander"] = "nebeneinander"
    einzelschreiben: bool = False
    """True: four separate letters, one per declaration, instead of one combined letter."""
    anlagen: list[Text] = []

    @field_validator("unterzeichnende")
    @classmethod
    def _leitungen_unterschreiben(cls, value: list[Unterzeichnende]) -> list[Unterzeichnende]:
        aemter = {u.amt for u in value}
        missing = [amt for amt in PFLICHT_AEMTER if amt not in aemter]
        if missing:
            names = " und ".join(f"des {amt}es" for amt in missing)
            raise PydanticCustomError(
                "unterzeichnende",
                "es fehlt die Unterschrift der Leitung {names} (Eintrag mit „amt: {first}“); "
                "die Erklärung muss mindestens von den Leitungen des Jugend- und des "
                "Gesundheitsamtes unterschrieben werden",
                {"names": names, "first": missing[0]},
            )
        return value
