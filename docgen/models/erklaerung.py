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
    freier_absatz: Text | None = Field(
        default=None, title="Eigener Absatz",
        description="optional, nach der Anrede: z. B. ein Beschluss oder „Bezug: Ihr Schreiben "
                    "vom …“ (Leerzeile trennt Absätze)")

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
