"""The application (Antrag) of a municipality for the model project KommGes.

Everything a municipality fills into the Kurzkonzept form lives here; every
text the form itself prints (titles, the required state per Handlungsfeld,
the list of enclosures, the footnote) lives in the templates.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, Tag, model_validator
from pydantic_core import PydanticCustomError

from docgen.din5008 import FORMS, RUECKSENDE_PT
from docgen.grammatik import GENUS_NACH_ARTIKEL, Genus, Nominalphrase
from docgen.models.base import (
    Anschrift,
    Email,
    Finding,
    Model,
    Telefon,
    Text,
    nach_schluesseln,
)
from docgen.models.buendel import Buendel
from docgen.models.erklaerung import Erklaerung
from docgen.models.gemeinsam import Briefkopf, Modellprojekt
from docgen.models.vereinbarung import (
    Geschaeftsordnung,
    Kooperationsvereinbarung,
    geschaeftsordnungen_eindeutig,
)

Stichpunkte = Annotated[list[Text], Field(min_length=1)]


class StichpunktMitUnterpunkten(Model):
    """A bullet with one level of sub-bullets (only one level: the form's cells are narrow)."""

    text: Text
    unterpunkte: Annotated[list[Text], Field(min_length=1)]


Stichpunkt = Annotated[
    Annotated[Text, Tag("§text")] | Annotated[StichpunktMitUnterpunkten, Tag("§unterpunkte")],
    nach_schluesseln("§unterpunkte", "text", "unterpunkte"),
]
"""A bullet: a text, or ``{text, unterpunkte}``."""


class Kommune(Model):
    name: Text
    """Amtlicher Name, z. B. „Landkreis Havelland“ oder „Stadt Cottbus“."""
    art: Literal["Landkreis", "kreisfreie Stadt"]
    anschrift: Anschrift

    @property
    def nominalphrase(self) -> Nominalphrase:
        """„Landkreis Märkische Heide“ → Landkreis (m) + „Märkische Heide“; „Stadt Cottbus“
        → Stadt (f) + „Cottbus“ (for the grammar filters of ``docgen.grammatik``)."""
        noun = "Landkreis" if self.art == "Landkreis" else "Stadt"
        rest = self.name
        for prefix in (f"{noun} ", f"Kreisfreie {noun} ", f"kreisfreie {noun} "):
            if rest.startswith(prefix):
                rest = rest.removeprefix(prefix)
                break
        return Nominalphrase(noun, "m" if noun == "Landkreis" else "f", name=rest)

    @property
    def mit_artikel(self) -> str:
        """„der Landkreis Märkische Heide“ / „die Stadt Cottbus“."""
        return self.nominalphrase.mit_artikel("nom")

    @property
    def genitiv(self) -> str:
        """„des Landkreises Märkische Heide“ / „der Stadt Cottbus“."""
        return self.nominalphrase.mit_artikel("gen")

    @property
    def im(self) -> str:
        """„im Landkreis Märkische Heide“ / „in der Stadt Cottbus“."""
        return self.nominalphrase.in_dat()


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


class WeitererIndikator(Indikator):
    """A further burden indicator (the call names the two „z. B.“)."""

    bezeichnung: Text
    """e.g. „Kinder in Bedarfsgemeinschaften nach SGB II“."""
    einheit: Text = "je 100.000 Einwohner"


class Indikatoren(Model):
    hilfen_zur_erziehung: Indikator
    """Hilfen zur Erziehung je 100.000 Einwohner."""
    u15_sozialgeld: Indikator
    """Unter 15-Jährige in Sozialgeld-Bezug je 100.000 Einwohner."""
    weitere: list[WeitererIndikator] = []

    @property
    def alle(self) -> list[Indikator]:
        return [self.hilfen_zur_erziehung, self.u15_sozialgeld, *self.weitere]


class Ausgangslage(Model):
    beschreibung: Text
    """Soziostrukturelle Rahmenbedingungen, in Absätzen (Leerzeile trennt)."""
    indikatoren: Indikatoren


class Handlungsfeld(Model):
    aktueller_stand: Annotated[list[Stichpunkt], Field(min_length=1)]

    @property
    def zeichen(self) -> int:
        """How many characters the current state has (its bullets and sub-bullets)."""
        return sum(len(p) if isinstance(p, str) else len(p.text) + sum(map(len, p.unterpunkte))
                   for p in self.aktueller_stand)


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
    "Stabsstelle",
    "Fachbereich",
    "andere",
]

_ANSIEDLUNG_GENUS: dict[str, Genus] = {
    "Jugendamt": "n", "Gesundheitsamt": "n", "Sozialplanung": "f", "Gesundheitsplanung": "f",
    "Sozial- und Gesundheitsplanung": "f", "Stabsstelle": "f", "Fachbereich": "m",
}
_FREIE_ANSIEDLUNG = ("Stabsstelle", "Fachbereich", "andere")


class Koordinierungsstelle(Model):
    ansiedlung: Ansiedlung
    """Where the Koordinierungsstelle will sit (question 2 of the call's §7)."""
    ansiedlung_bezeichnung: Text | None = None
    """For „Stabsstelle“, „Fachbereich“ or „andere“: the unit's name, e.g. „Fachbereich
    Jugend und Gesundheit“ or „Stabsstelle Sozialplanung beim Landrat“."""
    ansiedlung_artikel: Literal["der", "die", "das"] | None = None
    """Article of a unit of one's own („andere“); Stabsstelle: die, Fachbereich: der."""
    ansiedlung_erlaeuterung: Text | None = None
    stelle: Literal["neu", "kombiniert"]
    """New post, or combined with an existing one (question 3)."""
    stelle_erlaeuterung: Text
    person_vorgesehen: bool
    """Whether a person is already foreseen (question 4)."""
    person_erlaeuterung: Text | None = None

    @model_validator(mode="after")
    def _freie_ansiedlung(self) -> Koordinierungsstelle:
        if self.ansiedlung in _FREIE_ANSIEDLUNG and self.ansiedlung_bezeichnung is None:
            raise PydanticCustomError(
                "ansiedlung",
                "bei „ansiedlung: {art}“ fehlt „ansiedlung_bezeichnung“ (der Name der Stelle, "
                "z. B. „{beispiel}“)",
                {"art": self.ansiedlung,
                 "beispiel": "Fachbereich Jugend und Gesundheit" if self.ansiedlung != "Stabsstelle"
                 else "Stabsstelle Sozialplanung"},
            )
        if self.ansiedlung == "andere" and self.ansiedlung_artikel is None:
            raise PydanticCustomError(
                "ansiedlung", "bei „ansiedlung: andere“ fehlt „ansiedlung_artikel“ (der, die "
                "oder das), damit der Text „im …“ / „in der …“ richtig bilden kann")
        return self

    @property
    def ansiedlung_name(self) -> str:
        """The unit's name as printed: „Jugendamt“, „Fachbereich Jugend und Gesundheit“."""
        return self.ansiedlung_bezeichnung or self.ansiedlung

    @property
    def nominalphrase(self) -> Nominalphrase:
        if self.ansiedlung_artikel is not None:
            genus = GENUS_NACH_ARTIKEL[self.ansiedlung_artikel]
        else:
            genus = _ANSIEDLUNG_GENUS[self.ansiedlung]
        return Nominalphrase(self.ansiedlung_name, genus, genitiv=self.ansiedlung_name
                             if self.ansiedlung_bezeichnung else None)

    @property
    def ansiedlung_dativ(self) -> str:
        """„im Jugendamt“, „in der Sozial- und Gesundheitsplanung“, „im Fachbereich …“."""
        return self.nominalphrase.in_dat()


class Begruendung(Model):
    """Section 3: why the municipality takes part, first ideas and goals."""

    motivation: Text
    ziele: Stichpunkte
    umsetzungsideen: Text | None = None
    bestehende_stellen: list[BestehendeStelle] = []
    """Question 1: existing posts with overlap; empty if there are none."""
    bestehende_stellen_erlaeuterung: Text
    koordinierungsstelle: Koordinierungsstelle
    verstetigung: Text
    """Question 5: how the work continues after the three funded years."""
    zusammenarbeit: Text
    """Question 6: how Jugend-, Gesundheits- and Sozialamt will work together."""


class Anlage(Model):
    titel: Text
    datei: Text | None = None
    """Optional file name of the attachment, for reference."""


class Antrag(Model):
    """One municipality's data file: the application and everything built from it."""

    modellprojekt: Modellprojekt
    briefkopf: Briefkopf | None = None
    kommune: Kommune
    ansprechperson: Ansprechperson
    ausgangslage: Ausgangslage
    handlungsfelder: Handlungsfelder
    begruendung: Begruendung
    anlagen: list[Anlage] = []
    ort: Text
    datum: date
    """Place and date the Kurzkonzept is signed off."""
    erklaerung: Erklaerung | None = None
    """The letter with the four declarations; no letter is rendered without it."""
    buendel: Buendel = Buendel()
    """The one merged PDF of the application; by default every document in registry order."""
    kooperationsvereinbarung: Kooperationsvereinbarung | None = None
    geschaeftsordnungen: Annotated[
        list[Geschaeftsordnung], AfterValidator(geschaeftsordnungen_eindeutig)
    ] = []

    def checks(self) -> Iterator[Finding]:
        indikatoren = self.ausgangslage.indikatoren.alle
        if not any(i.ueber_landesdurchschnitt for i in indikatoren):
            keiner = "beiden" if len(indikatoren) == 2 else str(len(indikatoren))
            yield Finding(
                ("ausgangslage", "indikatoren"),
                f"keiner der {keiner} Indikatoren liegt über dem Landesdurchschnitt; "
                "laut Aufruf ist das Voraussetzung für die Teilnahme",
                warning=True,
            )
        if self.erklaerung is None:
            yield Finding(
                ("erklaerung",),
                "das Kurzkonzept nennt die vier Erklärungen als beiliegend, die Daten enthalten "
                "aber kein Schreiben („erklaerung“); die Erklärungen müssen gesondert "
                "beigefügt werden",
                warning=True,
            )
        frist = self.modellprojekt.einreichungsfrist
        if self.datum > frist:
            yield Finding(("datum",), f"das Datum liegt nach der Einreichungsfrist "
                                      f"({frist:%d.%m.%Y})", warning=True)
        if self.erklaerung is not None:
            zeile = self.erklaerung.ruecksendeangabe(self.kommune.name)
            form = FORMS[self.erklaerung.form]
            if form.ruecksendeangabe_pt(zeile) is None:
                eigene = self.erklaerung.absender.ruecksendeangabe is not None
                yield Finding(
                    ("erklaerung", "absender", "ruecksendeangabe" if eigene else "anschrift"),
                    f"die Rücksendeangabe „{zeile}“ passt auch in {min(RUECKSENDE_PT):g} pt "
                    f"nicht auf eine Zeile des Anschriftfeldes "
                    f"({form.ruecksendeangabe_breite:g} mm); eine kürzere Zeile unter "
                    "„erklaerung.absender.ruecksendeangabe“ angeben (z. B. „Str.“ statt "
                    "„Straße“, ein Postfach oder den Namen abgekürzt)",
                )
        if self.erklaerung is not None and self.erklaerung.datum > frist:
            yield Finding(
                ("erklaerung", "datum"),
                f"das Datum des Schreibens liegt nach der Einreichungsfrist ({frist:%d.%m.%Y})",
                warning=True,
            )
        if self.kooperationsvereinbarung is not None:
            for finding in self.kooperationsvereinbarung.checks():
                yield finding.within("kooperationsvereinbarung")
        for index, ordnung in enumerate(self.geschaeftsordnungen):
            for finding in ordnung.checks():
                yield finding.within("geschaeftsordnungen", index)
