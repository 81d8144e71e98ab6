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
    absender: Absender = Field(
        title="Absender", description="das Amt oder der Fachbereich, der das Schreiben versendet"
    )
    datum: date = Field(title="Datum des Schreibens", description="TT.MM.JJJJ, z. B. 06.02.2026")
    ort: Text = Field(title="Ort", description="Ort, an dem das Schreiben ausgestellt wird")
    betreff: Text = Field(
        default="Absichts- und Kooperationserklärung zur Teilnahme am Modellprojekt "
        "„Kommunale Gesamtkonzepte“ (KommGes)",
        title="Betreff", description="Betreffzeile des Briefes",
    )
    anrede: Text = Field(
        default="Sehr geehrte Damen und Herren,", title="Anrede",
        description="mit Komma am Ende, z. B. „Sehr geehrte Frau Dr. Muster,“",
    )
    gruss: Text = Field(
        default="Mit freundlichen Grüßen", title="Grußformel", description="ohne Satzzeichen am Ende"
    )
    ihr_zeichen: Text | None = Field(
        default=None, title="Ihr Zeichen", description="optional: Zeichen des Empfängers für die Bezugszeile"
    )
    unterzeichnende: Annotated[list[Unterzeichnende], Field(min_length=2)] = Field(
        title="Unterzeichnende",
        description="mindestens die Leitungen von Jugendamt und Gesundheitsamt",
    )
    form: Form = Field(
        default="B", title="Briefform nach DIN 5008",
        description="Form A (Anschriftfeld bei 27 mm) oder Form B (bei 45 mm, üblich)",
    )
    unterschriften: Literal["nebeneinander", "untereinander"] = Field(
        default="nebeneinander", title="Anordnung der Unterschriften",
        description="nebeneinander oder untereinander",
    )
    einzelschreiben: bool = Field(
        default=False, title="Vier Einzelschreiben",
        description="statt eines Schreibens mit allen vier Erklärungen je Erklärung ein "
                    "eigenes Schreiben",
    )
    anlagen: list[Text] = Field(
        default=[], title="Anlagen", description="Titel der beigefügten Anlagen, je Zeile eine"
    )

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
