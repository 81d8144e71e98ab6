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
    name: Text = Field(
        title="Name der Kommune",
        description="amtlicher Name, z. B. „Landkreis Havelland“ oder „Stadt Cottbus“",
    )
    art: Literal["Landkreis", "kreisfreie Stadt"] = Field(
        title="Art der Kommune", description="Landkreis oder kreisfreie Stadt"
    )
    anschrift: Anschrift = Field(title="Anschrift", description="Postanschrift der Verwaltung")

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


class Indikatoren(Model):
    hilfen_zur_erziehung: Indikator = Field(
        title="Hilfen zur Erziehung", description="Hilfen zur Erziehung je 100.000 Einwohner"
    )
    u15_sozialgeld: Indikator = Field(
        title="Unter 15-Jährige mit Sozialgeld",
        description="Unter 15-Jährige in Sozialgeld-Bezug je 100.000 Einwohner",
    )


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
    aktueller_stand: Stichpunkte = Field(
        title="Aktueller Stand", description="Stichpunkte, mindestens einer, je Zeile einer"
    )


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
]


class Koordinierungsstelle(Model):
    ansiedlung: Ansiedlung = Field(
        title="Ansiedlung", description="wo die Koordinierungsstelle angesiedelt wird (Frage 2)"
    )
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

    @property
    def ansiedlung_dativ(self) -> str:
        """„im Jugendamt“, „in der Sozial- und Gesundheitsplanung“."""
        article = "im" if self.ansiedlung.endswith("amt") else "in der"
        return f"{article} {self.ansiedlung}"


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
