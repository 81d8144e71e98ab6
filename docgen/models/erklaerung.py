"""The Absichtserklärung/Kooperationserklärung: one letter to the project's sponsor
combining the four declarations the call asks for (or four separate letters)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator
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
    freier_absatz: Text | None = None
    """Optional own paragraph(s) after the salutation, e.g. a council resolution or
    „Bezug: Ihr Schreiben vom …“ (a blank line separates paragraphs)."""

    def unterzeichnende_fuer(self, teile: list[int]) -> list[Unterzeichnende]:
        """Who signs the letter with the declarations ``teile``."""
        if len(teile) != 1:
            return list(self.unterzeichnende)
        return [u for u in self.unterzeichnende if u.schreiben is None or teile[0] in u.schreiben]

    @model_validator(mode="after")
    def _unterschriften_je_schreiben(self) -> Erklaerung:
        if not self.einzelschreiben:
            if any(u.schreiben is not None for u in self.unterzeichnende):
                raise PydanticCustomError(
                    "schreiben", "„schreiben“ (wer welches Einzelschreiben unterschreibt) gilt "
                    "nur mit „einzelschreiben: true“")
            return self
        for teil in (1, 2, 3, 4):
            aemter = {a for u in self.unterzeichnende_fuer([teil]) for a in u.aemter}
            needed = PFLICHT_AEMTER if teil in (1, 2) else ()
            missing = [a for a in needed if a not in aemter]
            if not aemter or missing:
                raise PydanticCustomError(
                    "schreiben",
                    "Schreiben {teil} hat {what}; die Erklärungen 1 und 2 unterschreiben die "
                    "Leitungen von Jugendamt und Gesundheitsamt, 3 und 4 mindestens eine Person",
                    {"teil": teil, "what": "keine Unterschrift" if not aemter else
                     "keine Unterschrift der Leitung " + " und ".join(
                         f"des {a}es" for a in missing)},
                )
        return self

    def ruecksendeangabe(self, kommune: str) -> str:
        """The DIN 5008 return-address line: „Landkreis X · Straße 1 · 12345 Ort“."""
        anschrift = self.absender.anschrift
        if self.absender.ruecksendeangabe:
            return self.absender.ruecksendeangabe
        return f"{kommune} · {anschrift.strasse} · {anschrift.plz}\u00a0{anschrift.ort}"

    @field_validator("unterzeichnende")
    @classmethod
    def _leitungen_unterschreiben(cls, value: list[Unterzeichnende]) -> list[Unterzeichnende]:
        aemter = {a for u in value for a in u.aemter}
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
