"""The application form (Kurzkonzept) of a municipality for the model project KommGes,
and the municipality itself.

Everything a municipality fills into the Kurzkonzept form lives here; every
text the form itself prints (titles, the required state per Handlungsfeld,
the list of enclosures, the footnote) lives in the templates. ``Kommune`` and
``Koordinierungsstelle`` are shared parts of a data file (several documents read
them); the registry composes a data file's model from these pieces.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Annotated, Literal

from pydantic import Field

from docgen.models.base import Anschrift, Email, Finding, Model, Telefon, Text

Stichpunkte = Annotated[list[Text], Field(min_length=1)]


class Kommune(Model):
    name: Text
    """Amtlicher Name, z. B. „Landkreis Havelland“ oder „Stadt Cottbus“."""
    art: Literal["Landkreis", "kreisfreie Stadt"]
    anschrift: Anschrift

    @property
    def _kern(self) -> tuple[str, str]:
        """(noun, proper name): „Landkreis Märkische Heide“ → („Landkreis“, „Märkische Heide“)."""
        noun = "Landkreis" if self.art == "Landkreis" else "Stadt"
        rest = self.name.removeprefix(f"{noun} ") if self.name.startswith(f"{noun} ") else self.name
        return noun, rest

    @property
    def mit_artikel(self) -> str:
        """„der Landkreis Märkische Heide“ / „die Stadt Cottbus“."""
        noun, rest = self._kern
        return f"der Landkreis {rest}" if noun == "Landkreis" else f"die Stadt {rest}"

    @property
    def genitiv(self) -> str:
        """„des Landkreises Märkische Heide“ / „der Stadt Cottbus“."""
        noun, rest = self._kern
        return f"des Landkreises {rest}" if noun == "Landkreis" else f"der Stadt {rest}"

    @property
    def im(self) -> str:
        """„im Landkreis Märkische Heide“ / „in der Stadt Cottbus“."""
        noun, rest = self._kern
        return f"im Landkreis {rest}" if noun == "Landkreis" else f"in der Stadt {rest}"


class Ansprechperson(Model):
    name: Text
    institution: Text
    funktion: Text
    telefon: Telefon
    email: Email


class Indikator(Model):
    """A burden indicator per 100,000 inhabitants, beside the state average."""

    wert: Annotated[float, Field(ge=0)]
    landesdurchschnitt: Annotated[float, Field(gt=0)]
    jahr: Annotated[int, Field(ge=2000, le=2100)]
    quelle: Text

    @property
    def ueber_landesdurchschnitt(self) -> bool:
        return self.wert > self.landesdurchschnitt

    @property
    def abweichung_prozent(self) -> float:
        """How far the value lies above (+) or below (−) the state average, in percent."""
        return (self.wert / self.landesdurchschnitt - 1) * 100


class Indikatoren(Model):
    hilfen_zur_erziehung: Indikator
    """Hilfen zur Erziehung je 100.000 Einwohner."""
    u15_sozialgeld: Indikator
    """Unter 15-Jährige in Sozialgeld-Bezug je 100.000 Einwohner."""


class Ausgangslage(Model):
    beschreibung: Text
    """Soziostrukturelle Rahmenbedingungen, in Absätzen (Leerzeile trennt)."""
    indikatoren: Indikatoren


class Handlungsfeld(Model):
    aktueller_stand: Stichpunkte


class Handlungsfelder(Model):
    A: Handlungsfeld
    B: Handlungsfeld
    C: Handlungsfeld
    D: Handlungsfeld


class BestehendeStelle(Model):
    """An existing post whose work overlaps with the planned Koordinierungsstelle."""

    bezeichnung: Text
    bereich: Text
    """z. B. Gesundheitsförderung, (Sucht-)Prävention, Jugendpsychiatrischer Dienst."""
    umfang_vzae: Annotated[float, Field(gt=0, le=10)] | None = None
    laeuft_aus: bool = False
    hinweis: Text | None = None


Ansiedlung = Literal[
    "Jugendamt",
    "Gesundheitsamt",
    "Sozialplanung",
    "Gesundheitsplanung",
    "Sozial- und Gesundheitsplanung",
]


class Koordinierungsstelle(Model):
    ansiedlung: Ansiedlung
    """Where the Koordinierungsstelle will sit (question 2 of the call's §7)."""
    ansiedlung_erlaeuterung: Text | None = None
    stelle: Literal["neu", "kombiniert"]
    """New post, or combined with an existing one (question 3)."""
    stelle_erlaeuterung: Text
    person_vorgesehen: bool
    """Whether a person is already foreseen (question 4)."""
    person_erlaeuterung: Text | None = None

    @property
    def ansiedlung_dativ(self) -> str:
        """„im Jugendamt“, „in der Sozial- und Gesundheitsplanung“."""
        article = "im" if self.ansiedlung.endswith("amt") else "in der"
        return f"{article} {self.ansiedlung}"


class Begruendung(Model):
    """Section 3: why the municipality takes part, first ideas and goals."""

    motivation: Text
    ziele: Stichpunkte
    umsetzungsideen: Text | None = None
    bestehende_stellen: list[BestehendeStelle] = []
    """Question 1: existing posts with overlap; empty if there are none."""
    bestehende_stellen_erlaeuterung: Text
    verstetigung: Text
    """Question 5: how the work continues after the three funded years."""
    zusammenarbeit: Text
    """Question 6: how Jugend-, Gesundheits- and Sozialamt will work together."""


class Anlage(Model):
    titel: Text
    datei: Text | None = None
    """Optional file name of the attachment, for reference."""


class Kurzkonzept(Model):
    """The application form: what a municipality fills into „Formular Pilotkommune KommGes“.

    Questions 2–4 of the call's §7 (where the Koordinierungsstelle sits, new or combined
    post, person foreseen) are answered by the shared part ``koordinierungsstelle``.
    """

    ansprechperson: Ansprechperson
    ausgangslage: Ausgangslage
    handlungsfelder: Handlungsfelder
    begruendung: Begruendung
    anlagen: list[Anlage] = []
    ort: Text
    datum: date
    """Place and date the Kurzkonzept is signed off."""

    def checks(self) -> Iterator[Finding]:
        indikatoren = self.ausgangslage.indikatoren
        if not (
            indikatoren.hilfen_zur_erziehung.ueber_landesdurchschnitt
            or indikatoren.u15_sozialgeld.ueber_landesdurchschnitt
        ):
            yield Finding(
                ("ausgangslage", "indikatoren"),
                "keiner der beiden Indikatoren liegt über dem Landesdurchschnitt; "
                "laut Aufruf ist das Voraussetzung für die Teilnahme",
                warning=True,
            )
