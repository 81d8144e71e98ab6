"""Parts shared by several document types: project facts, letterhead, signatories."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, model_validator
from pydantic_core import PydanticCustomError

from docgen.formatting import aufzaehlung
from docgen.grammatik import GENUS_NACH_ARTIKEL, HatNominalphrase, Nominalphrase
from docgen.models.base import Anschrift, Email, Model, Telefon, Text

_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def _colour(value: str) -> str:
    if not _COLOUR.match(value):
        raise PydanticCustomError(
            "farbe", "keine gültige Farbe: „{value}“ (erwartet #rrggbb, z. B. #1f4e79)",
            {"value": value},
        )
    return value.lower()


Farbe = Annotated[str, AfterValidator(_colour)]


class Foerderung(Model):
    betrag_max: Annotated[float, Field(gt=0)]
    """Höchstbetrag der Personalmittel je Pilotkommune in Euro."""
    vzae: Annotated[float, Field(gt=0, le=1)]
    monate: Annotated[int, Field(gt=0, le=120)]
    fruehester_beginn: date


class Projekttraeger(Model):
    name: Text
    kurzname: Text
    artikel: Literal["der", "die", "das"] = "die"
    """Grammatical gender of the name: „die“ Landesstelle, „der“ Verein, „das“ Institut."""
    zusatz: Text | None = None
    """z. B. „Landeskoordinierungsstelle KommGes“."""
    anschrift: Anschrift
    email: Email

    @property
    def nominalphrase(self) -> Nominalphrase:
        """The sponsor's full name with its article; the name itself never changes."""
        return Nominalphrase(self.name, GENUS_NACH_ARTIKEL[self.artikel], genitiv=self.name)

    @property
    def kurz(self) -> Nominalphrase:
        """The short name with the article of the full one: „die BLS“, „der BLS“ (dative)."""
        return Nominalphrase(self.kurzname, GENUS_NACH_ARTIKEL[self.artikel],
                             genitiv=self.kurzname)


class Modellprojekt(Model):
    """Facts of the call that recur across documents; kept in data, never in code."""

    titel: Text
    kurztitel: Text
    beginn: date
    ende: date
    foerderung: Foerderung
    einreichungsfrist: date
    traeger: Projekttraeger

    @model_validator(mode="after")
    def _ende_nach_beginn(self) -> Modellprojekt:
        if self.ende <= self.beginn:
            raise PydanticCustomError(
                "zeitraum", "das Projektende muss nach dem Projektbeginn liegen"
            )
        return self


class Briefkopf(Model):
    """Letterhead and theme of every document of a municipality."""

    behoerde: Text
    """First line of the letterhead, e.g. „Landkreis Märkische Heide“."""
    untertitel: Text | None = None
    """Second line, e.g. „Der Landrat“."""
    logo: Text | None = None
    """SVG or PNG file, relative to the data file's folder."""
    farbe: Farbe = "#1f4e79"


Amt = Literal["Jugendamt", "Gesundheitsamt", "Sozialamt", "Verwaltungsspitze", "weitere"]


class Unterzeichnende(Model):
    name: Text
    funktion: Text
    """e.g. „Leiterin des Jugendamtes“, „Landrat“."""
    amt: Amt | Annotated[list[Amt], Field(min_length=1)]
    """Which office the person signs for; Jugendamt and Gesundheitsamt are required. A list
    when one person heads two offices (a Fachbereich Jugend und Gesundheit)."""
    amt_bezeichnung: Text | None = None
    """Full name of the office, if it differs from „<amt> des/der <Kommune>“."""
    vertretung: Literal["i. A.", "i. V."] | None = None
    ort: Text | None = None
    datum: date | None = None
    schreiben: list[Annotated[int, Field(ge=1, le=4)]] | None = None
    """With separate letters: which of them (1–4) this person signs; default all."""

    @property
    def aemter(self) -> list[str]:
        return list(self.amt) if isinstance(self.amt, list) else [self.amt]

    def stelle(self, kommune: HatNominalphrase) -> str | None:
        """The office under the signature: „Jugendamt des Landkreises X“, „Jugendamt und
        Gesundheitsamt der Stadt Y“, the Kommune itself for its head, or ``amt_bezeichnung``."""
        if self.amt_bezeichnung:
            return self.amt_bezeichnung
        phrase = kommune.nominalphrase
        if self.aemter == ["Verwaltungsspitze"]:
            return phrase.ohne_artikel()
        aemter = [a for a in self.aemter if a not in ("weitere", "Verwaltungsspitze")]
        if not aemter:
            return None
        return f"{aufzaehlung(aemter)} {phrase.mit_artikel('gen')}"


class Absender(Model):
    organisationseinheit: Text
    """e.g. „Jugendamt und Gesundheitsamt“ or „Fachbereich Jugend, Gesundheit und Soziales“."""
    anschrift: Anschrift
    sachbearbeitung: Text
    telefon: Telefon
    email: Email
    aktenzeichen: Text | None = None
    ruecksendeangabe: Text | None = None
    """The return-address line above the address field, if the default (Kommune · street ·
    postcode town) is too long for one line, e.g. „LK Märkische Heide · PF 12 · 15890 Fließfurt“."""


Form = Literal["A", "B"]
