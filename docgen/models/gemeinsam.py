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
    betrag_max: Annotated[float, Field(gt=0)] = Field(
        title="Höchstbetrag der Förderung",
        description="Personalmittel je Pilotkommune in Euro, z. B. 100000",
    )
    vzae: Annotated[float, Field(gt=0, le=1)] = Field(
        title="Stellenumfang (VZÄ)",
        description="geförderte Vollzeitäquivalente, höchstens 1, z. B. 0.5",
    )
    monate: Annotated[int, Field(gt=0, le=120)] = Field(
        title="Förderdauer in Monaten", description="z. B. 36"
    )
    fruehester_beginn: date = Field(
        title="Frühester Förderbeginn", description="TT.MM.JJJJ, z. B. 01.12.2025"
    )


class Projekttraeger(Model):
    name: Text = Field(
        title="Name des Projektträgers",
        description="z. B. „Brandenburgische Landesstelle für Suchtfragen e.V.“",
    )
    kurzname: Text = Field(title="Kurzname", description="z. B. „BLS“")
    artikel: Literal["der", "die", "das"] = Field(
        default="die", title="Artikel des Namens",
        description="grammatisches Geschlecht: „die“ Landesstelle, „der“ Verein, „das“ Institut")
    zusatz: Text | None = Field(
        default=None, title="Zusatz", description="z. B. „Landeskoordinierungsstelle KommGes“"
    )
    anschrift: Anschrift = Field(title="Anschrift", description="Postanschrift des Trägers")
    email: Email = Field(title="E-Mail", description="z. B. „kommges@blsev.de“")

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

    titel: Text = Field(title="Titel des Modellprojekts", description="voller Titel laut Aufruf")
    kurztitel: Text = Field(title="Kurztitel", description="z. B. „KommGes“")
    beginn: date = Field(title="Projektbeginn", description="TT.MM.JJJJ")
    ende: date = Field(title="Projektende", description="TT.MM.JJJJ, nach dem Projektbeginn")
    foerderung: Foerderung = Field(title="Förderung", description="Eckdaten der Förderung")
    einreichungsfrist: date = Field(
        title="Einreichungsfrist", description="letzter Tag für die Bewerbung, TT.MM.JJJJ"
    )
    traeger: Projekttraeger = Field(
        title="Projektträger", description="Träger des Modellprojekts, Empfänger der Bewerbung"
    )

    @model_validator(mode="after")
    def _ende_nach_beginn(self) -> Modellprojekt:
        if self.ende <= self.beginn:
            raise PydanticCustomError(
                "zeitraum", "das Projektende muss nach dem Projektbeginn liegen"
            )
        return self


class Briefkopf(Model):
    """Letterhead and theme of every document of a municipality."""

    behoerde: Text = Field(
        title="Behörde (erste Zeile)", description="z. B. „Landkreis Märkische Heide“"
    )
    untertitel: Text | None = Field(
        default=None, title="Zweite Zeile", description="optional, z. B. „Der Landrat“"
    )
    logo: Text | None = Field(
        default=None, title="Logo oder Wappen",
        description="SVG- oder PNG-Datei, relativ zum Ordner der Datendatei",
    )
    farbe: Farbe = Field(
        default="#1f4e79", title="Akzentfarbe", description="als #rrggbb, z. B. #1f4e79"
    )


Amt = Literal["Jugendamt", "Gesundheitsamt", "Sozialamt", "Verwaltungsspitze", "weitere"]


class Unterzeichnende(Model):
    name: Text = Field(title="Name", description="Vor- und Nachname, z. B. „Dr. Anna Beispiel“")
    funktion: Text = Field(
        title="Funktion", description="z. B. „Leiterin des Jugendamtes“ oder „Landrat“"
    )
    amt: Amt | Annotated[list[Amt], Field(min_length=1)] = Field(
        title="Amt",
        description="für welches Amt die Person unterschreibt; Jugendamt und Gesundheitsamt "
                    "sind Pflicht; eine Liste, wenn eine Person zwei Ämter leitet",
    )
    amt_bezeichnung: Text | None = Field(
        default=None, title="Bezeichnung des Amtes",
        description="voller Name des Amtes, falls er von „<Amt> des Landkreises …“ abweicht",
    )
    vertretung: Literal["i. A.", "i. V."] | None = Field(
        default=None, title="Vertretung", description="optional: „i. A.“ oder „i. V.“"
    )
    ort: Text | None = Field(
        default=None, title="Ort der Unterschrift", description="optional, falls abweichend vom Schreiben"
    )
    datum: date | None = Field(
        default=None, title="Datum der Unterschrift", description="optional, TT.MM.JJJJ"
    )
    schreiben: list[Annotated[int, Field(ge=1, le=4)]] | None = Field(
        default=None, title="Unterschreibt die Einzelschreiben",
        description="bei Einzelschreiben: welche (1–4) die Person unterschreibt; ohne Angabe alle")

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
    organisationseinheit: Text = Field(
        title="Organisationseinheit",
        description="z. B. „Jugendamt und Gesundheitsamt“ oder „Fachbereich Jugend, Gesundheit "
                    "und Soziales“",
    )
    anschrift: Anschrift = Field(title="Anschrift", description="Postanschrift des Absenders")
    sachbearbeitung: Text = Field(
        title="Sachbearbeitung", description="Name der Person, die Rückfragen beantwortet"
    )
    telefon: Telefon = Field(title="Telefon", description="z. B. „03366 351-2240“")
    email: Email = Field(title="E-Mail", description="z. B. „jugendamt@kreis.example“")
    aktenzeichen: Text | None = Field(
        default=None, title="Aktenzeichen", description="optional, z. B. „51-KommGes-2026“"
    )
    ruecksendeangabe: Text | None = Field(
        default=None, title="Rücksendeangabe",
        description="optional: die Absenderzeile über dem Anschriftfeld, wenn „Kommune · Straße · "
                    "PLZ Ort“ nicht auf eine Zeile passt, z. B. „LK Märkische Heide · PF 12 · "
                    "15890 Fließfurt“")


Form = Literal["A", "B"]
