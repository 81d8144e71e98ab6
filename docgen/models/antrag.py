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

from pydantic import Field, Tag, model_validator
from pydantic_core import PydanticCustomError

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

Stichpunkte = Annotated[list[Text], Field(min_length=1)]


class StichpunktMitUnterpunkten(Model):
    """A bullet with one level of sub-bullets (only one level: the form's cells are narrow)."""

    text: Text = Field(title="Stichpunkt", description="der Stichpunkt selbst")
    unterpunkte: Annotated[list[Text], Field(min_length=1)] = Field(
        title="Unterpunkte", description="eine Ebene von Unterpunkten, je Zeile einer")


Stichpunkt = Annotated[
    Annotated[Text, Tag("§text")] | Annotated[StichpunktMitUnterpunkten, Tag("§unterpunkte")],
    nach_schluesseln("§unterpunkte", "text", "unterpunkte"),
]
"""A bullet: a text, or ``{text, unterpunkte}``."""


class Kommune(Model):
    name: Text = Field(
        title="Name der Kommune",
        description="amtlicher Name, z. B. „Landkreis Havelland“ oder „Stadt Cottbus“",
    )
    art: Literal["Landkreis", "kreisfreie Stadt"] = Field(
        title="Art der Kommune", description="Landkreis oder kreisfreie Stadt"
    )
    anschrift: Anschrift = Field(title="Anschrift", description="Postanschrift der Verwaltung")
    einwohner: Annotated[int, Field(gt=0)] | None = Field(
        default=None, title="Einwohnerzahl",
        description="optional; die BLS vergleicht damit die Größe der Bewerberinnen")

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
    name: Text = Field(title="Name", description="Vor- und Nachname, z. B. „Dr. Jörg Weißenböck“")
    institution: Text = Field(
        title="Institution", description="z. B. „Gesundheitsamt des Landkreises Märkische Heide“"
    )
    funktion: Text = Field(title="Funktion", description="z. B. „Sozial- und Gesundheitsplaner“")
    telefon: Telefon = Field(title="Telefon", description="z. B. „03366 351-2240“")
    email: Email = Field(title="E-Mail", description="z. B. „vorname.nachname@kreis.example“")


class Indikator(Model):
    """A burden indicator per 100,000 inhabitants, beside the state average."""

    wert: Annotated[float, Field(ge=0)] = Field(
        title="Wert", description="je 100.000 Einwohner, Dezimalpunkt, z. B. 2481.6"
    )
    landesdurchschnitt: Annotated[float, Field(gt=0)] = Field(
        title="Landesdurchschnitt", description="je 100.000 Einwohner, z. B. 2094.3"
    )
    jahr: Annotated[int, Field(ge=2000, le=2100)] = Field(
        title="Jahr", description="Bezugsjahr der Zahlen, z. B. 2024"
    )
    quelle: Text = Field(
        title="Quelle", description="z. B. „Amt für Statistik Berlin-Brandenburg“"
    )

    @property
    def ueber_landesdurchschnitt(self) -> bool:
        return self.wert > self.landesdurchschnitt

    @property
    def abweichung_prozent(self) -> float:
        """How far the value lies above (+) or below (−) the state average, in percent."""
        return (self.wert / self.landesdurchschnitt - 1) * 100


class WeitererIndikator(Indikator):
    """A further burden indicator (the call names the two „z. B.“)."""

    bezeichnung: Text = Field(
        title="Bezeichnung", description="z. B. „Kinder in Bedarfsgemeinschaften nach SGB II“")
    einheit: Text = Field(default="je 100.000 Einwohner", title="Einheit",
                          description="worauf sich der Wert bezieht, z. B. „Anteil in %“")


class Indikatoren(Model):
    hilfen_zur_erziehung: Indikator = Field(
        title="Hilfen zur Erziehung", description="Hilfen zur Erziehung je 100.000 Einwohner"
    )
    u15_sozialgeld: Indikator = Field(
        title="Unter 15-Jährige mit Sozialgeld",
        description="Unter 15-Jährige in Sozialgeld-Bezug je 100.000 Einwohner",
    )
    weitere: list[WeitererIndikator] = Field(
        default=[], title="Weitere Indikatoren",
        description="weitere Belastungsindikatoren (der Aufruf nennt die beiden „z. B.“)")

    @property
    def alle(self) -> list[Indikator]:
        return [self.hilfen_zur_erziehung, self.u15_sozialgeld, *self.weitere]


class Ausgangslage(Model):
    beschreibung: Text = Field(
        title="Beschreibung der Ausgangslage",
        description="soziostrukturelle Rahmenbedingungen, in Absätzen (Leerzeile trennt)",
    )
    indikatoren: Indikatoren = Field(
        title="Belastungsindikatoren",
        description="mindestens einer sollte über dem Landesdurchschnitt liegen",
    )


class Handlungsfeld(Model):
    aktueller_stand: Annotated[list[Stichpunkt], Field(min_length=1)] = Field(
        title="Aktueller Stand",
        description="Stichpunkte, mindestens einer, je Zeile einer; ein Stichpunkt kann "
                    "„text“ und „unterpunkte“ haben")

    @property
    def zeichen(self) -> int:
        """How many characters the current state has (its bullets and sub-bullets)."""
        return sum(len(p) if isinstance(p, str) else len(p.text) + sum(map(len, p.unterpunkte))
                   for p in self.aktueller_stand)


class Handlungsfelder(Model):
    A: Handlungsfeld = Field(
        title="Handlungsfeld A: Angebote für Kinder und Familien",
        description="was es für betroffene Kinder und ihre Familien schon gibt",
    )
    B: Handlungsfeld = Field(
        title="Handlungsfeld B: Steuerung und Koordination",
        description="Strukturen, Vereinbarungen und Stellen der Steuerung",
    )
    C: Handlungsfeld = Field(
        title="Handlungsfeld C: Netzwerke und Kooperation",
        description="bestehende Netzwerke und Arbeitskreise",
    )
    D: Handlungsfeld = Field(
        title="Handlungsfeld D: Qualifizierung und Öffentlichkeit",
        description="Fortbildung der Fachkräfte und Öffentlichkeitsarbeit",
    )


class BestehendeStelle(Model):
    """An existing post whose work overlaps with the planned Koordinierungsstelle."""

    bezeichnung: Text = Field(
        title="Bezeichnung der Stelle", description="z. B. „Fachkraft für Suchtprävention“"
    )
    bereich: Text = Field(
        title="Bereich",
        description="z. B. Gesundheitsförderung, (Sucht-)Prävention, Jugendpsychiatrischer Dienst",
    )
    umfang_vzae: Annotated[float, Field(gt=0, le=10)] | None = Field(
        default=None, title="Umfang (VZÄ)", description="optional, Vollzeitäquivalente, z. B. 0.75"
    )
    laeuft_aus: bool = Field(default=False, title="Läuft aus", description="ob die Stelle befristet ist")
    hinweis: Text | None = Field(
        default=None, title="Hinweis", description="optional, z. B. „befristet bis 31.12.2026“"
    )


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
    ansiedlung: Ansiedlung = Field(
        title="Ansiedlung", description="wo die Koordinierungsstelle angesiedelt wird (Frage 2)"
    )
    ansiedlung_bezeichnung: Text | None = Field(
        default=None, title="Bezeichnung der Stelle, bei der sie angesiedelt wird",
        description="bei „Stabsstelle“, „Fachbereich“ oder „andere“: ihr Name, z. B. "
                    "„Fachbereich Jugend und Gesundheit“")
    ansiedlung_artikel: Literal["der", "die", "das"] | None = Field(
        default=None, title="Artikel der Bezeichnung",
        description="bei „andere“: der, die oder das (Stabsstelle: die, Fachbereich: der)")
    ansiedlung_erlaeuterung: Text | None = Field(
        default=None, title="Erläuterung zur Ansiedlung", description="optional, in ganzen Sätzen"
    )
    stelle: Literal["neu", "kombiniert"] = Field(
        title="Art der Stelle",
        description="neue Stelle oder mit einer bestehenden kombiniert (Frage 3)",
    )
    stelle_erlaeuterung: Text = Field(
        title="Erläuterung zur Stelle", description="Umfang und Stand der Ausschreibung"
    )
    person_vorgesehen: bool = Field(
        title="Person vorgesehen", description="ob schon eine Person vorgesehen ist (Frage 4)"
    )
    person_erlaeuterung: Text | None = Field(
        default=None, title="Erläuterung zur Person", description="optional, z. B. geplante Besetzung"
    )

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

    motivation: Text = Field(
        title="Motivation", description="warum die Kommune teilnimmt, in Absätzen"
    )
    ziele: Stichpunkte = Field(title="Ziele", description="mindestens eines, je Zeile eines")
    umsetzungsideen: Text | None = Field(
        default=None, title="Erste Umsetzungsideen", description="optional, in ganzen Sätzen"
    )
    bestehende_stellen: list[BestehendeStelle] = Field(
        default=[], title="Bestehende Stellen",
        description="Stellen mit Überschneidungen (Frage 1); leer, wenn es keine gibt",
    )
    bestehende_stellen_erlaeuterung: Text = Field(
        title="Erläuterung zu bestehenden Stellen",
        description="wie die Koordinierungsstelle mit ihnen zusammenarbeitet",
    )
    verstetigung: Text = Field(
        title="Verstetigung",
        description="wie die Arbeit nach den drei geförderten Jahren weitergeht (Frage 5)",
    )
    zusammenarbeit: Text = Field(
        title="Zusammenarbeit der Ämter",
        description="wie Jugend-, Gesundheits- und Sozialamt zusammenarbeiten (Frage 6)",
    )


class Anlage(Model):
    titel: Text = Field(title="Titel der Anlage", description="z. B. „Sozialstrukturatlas 2024“")
    datei: Text | None = Field(
        default=None, title="Datei", description="optional: Dateiname der Anlage, zum Nachweis"
    )


class Kurzkonzept(Model):
    """The application form: what a municipality fills into „Formular Pilotkommune KommGes“.

    Questions 2–4 of the call's §7 (where the Koordinierungsstelle sits, new or combined
    post, person foreseen) are answered by the shared part ``koordinierungsstelle``.
    """

    ansprechperson: Ansprechperson = Field(
        title="Ansprechperson", description="wer Rückfragen zum Antrag beantwortet"
    )
    ausgangslage: Ausgangslage = Field(
        title="Ausgangslage", description="Abschnitt 1 des Kurzkonzepts"
    )
    handlungsfelder: Handlungsfelder = Field(
        title="Handlungsfelder", description="Abschnitt 2: aktueller Stand je Handlungsfeld"
    )
    begruendung: Begruendung = Field(
        title="Begründung", description="Abschnitt 3: Motivation, Ziele und Fragen 1–6"
    )
    anlagen: list[Anlage] = Field(
        default=[], title="Anlagen", description="Anlagen zum Kurzkonzept"
    )
    ort: Text = Field(title="Ort", description="Ort, an dem das Kurzkonzept unterzeichnet wird")
    datum: date = Field(title="Datum", description="Datum der Unterzeichnung, TT.MM.JJJJ")

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
