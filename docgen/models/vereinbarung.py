"""Kooperationsvereinbarung and Geschäftsordnung: the data of clause-based documents."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Annotated, Literal

from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError

from docgen.models.base import Anschrift, Finding, Model, Text, first_duplicate
from docgen.models.klauseln import Kennung, Klauselwerk

ParteiArt = Literal[
    "Jugendamt", "Gesundheitsamt", "Sozialamt", "freier Träger", "Klinik", "Suchtberatung",
    "sonstige",
]


class Partei(Model):
    name: Text
    """Full name, e.g. „Jugendamt des Landkreises Märkische Heide“."""
    kurzbezeichnung: Text
    """How the agreement calls the party afterwards, e.g. „Jugendamt“."""
    art: ParteiArt
    anschrift: Anschrift | None = None
    vertreten_durch: Text
    funktion: Text
    vertretung: Literal["i. A.", "i. V."] | None = None


class Steuerungsgruppe(Model):
    zusammensetzung: Annotated[list[Text], Field(min_length=2)]
    turnus: Text
    """e.g. „viermal jährlich“."""
    vorsitz: Text


class KoordinationsstelleVereinbarung(Model):
    vzae: Annotated[float, Field(gt=0, le=5)]
    weitere_aufgaben: list[Text] = []


class Kooperationsvereinbarung(Klauselwerk):
    titel: Text = "Kooperationsvereinbarung"
    untertitel: Text = (
        "über die Zusammenarbeit im Modellprojekt „Kommunale Gesamtkonzepte“ (KommGes)"
    )
    parteien: list[Partei]
    zielgruppe: Text
    koordinationsstelle: KoordinationsstelleVereinbarung
    steuerungsgruppe: Steuerungsgruppe
    netzwerke: Annotated[list[Text], Field(min_length=1)]
    kuendigungsfrist_monate: Annotated[int, Field(ge=1, le=24)] = 3
    inkrafttreten: date
    ort: Text
    datum: date

    @field_validator("parteien")
    @classmethod
    def _parteien(cls, value: list[Partei]) -> list[Partei]:
        if len(value) < 2:
            raise PydanticCustomError(
                "parteien",
                "eine Kooperationsvereinbarung braucht mindestens zwei Parteien "
                "(angegeben: {count})", {"count": len(value)},
            )
        arten = {p.art for p in value}
        missing = [a for a in ("Jugendamt", "Gesundheitsamt") if a not in arten]
        if missing:
            raise PydanticCustomError(
                "parteien",
                "unter den Parteien fehlt {missing} (Eintrag mit „art: {first}“); die "
                "Vereinbarung wird mindestens zwischen Jugendamt und Gesundheitsamt geschlossen",
                {"missing": " und ".join(f"das {a}" for a in missing), "first": missing[0]},
            )
        duplicate = first_duplicate([p.kurzbezeichnung for p in value])
        if duplicate:
            raise PydanticCustomError(
                "parteien", "zwei Parteien heißen „{name}“", {"name": duplicate}
            )
        return value


Gremium = Literal[
    "kommunale Steuerungsgruppe", "Sozialraumkonferenz", "Regionalkonferenz",
    "regionaler Beirat", "Regionalteam", "Fallteam",
]


class Mitglied(Model):
    wer: Text
    """Function or institution, e.g. „Leitung des Jugendamtes“."""
    anzahl: Annotated[int, Field(ge=1, le=50)] = 1
    rolle: Text | None = None
    stimmberechtigt: bool = True


    @property
    def beschreibung(self) -> str:
        """„Leitung des Jugendamtes (2 Personen), Vorsitz; ohne Stimmrecht“."""
        text = self.wer + (f" ({self.anzahl} Personen)" if self.anzahl > 1 else "")
        if self.rolle:
            text += f", {self.rolle}"
        if not self.stimmberechtigt:
            text += "; ohne Stimmrecht"
        return text


class Mitglieder(Model):
    staendig: Annotated[list[Mitglied], Field(min_length=1)]
    zeitweilig: list[Mitglied] = []
    gaeste: list[Mitglied] = []
    besetzung: Text | None = None
    """How the standing members are chosen, e.g. yearly by lot."""

    @property
    def stimmberechtigte(self) -> int:
        return sum(m.anzahl for m in self.staendig + self.zeitweilig if m.stimmberechtigt)


class Arbeitsweise(Model):
    moderation: Text
    protokoll: Text = (
        "Es wird ein Festlegungsprotokoll mit Aufträgen, Verantwortlichkeiten und "
        "Wiedervorlagen geführt."
    )
    protokollfuehrung: Text
    wiedervorlage: Text = (
        "Verabredete Wiedervorlagen werden im Protokoll vermerkt und zum gesetzten Termin "
        "aufgerufen."
    )
    methoden: list[Text] = []


class Beschlussfassung(Model):
    einstimmig: Text | None = "in allen Grundsatzfragen"
    """Where unanimity is required; omit for none."""
    mehrheit: Text | None = None
    """Where a simple majority of the votes cast decides, e.g. priorities and funding."""
    beschlussfaehig_ab: Annotated[int, Field(ge=1)] | None = None
    """Quorum: how many voting members must be present."""
    umlaufverfahren: bool = False
    """Whether votes by e-mail (Umlaufverfahren) are allowed."""
    bei_dissens: Text
    """Who decides, or how it continues, when no agreement is reached."""
    nur_beratend: bool = False
    """True for bodies that advise and do not decide (e.g. a Fallteam)."""


class Sitzungen(Model):
    turnus: Text
    einladung_durch: Text
    einladungsfrist_tage: Annotated[int, Field(ge=0, le=90)]
    anmeldung_tops_tage: Annotated[int, Field(ge=0, le=90)] | None = None
    dauer_stunden: Annotated[float, Field(gt=0, le=12)] | None = None


class Schnittstelle(Model):
    gremium: Text
    wie: Text

    @property
    def beschreibung(self) -> str:
        return f"{self.gremium}: {self.wie}"


class Beschluss(Model):
    gremium: Text
    """The body that adopts the rules, without article, e.g. „Jugendhilfeausschuss“."""
    datum: date
    inkrafttreten: date


Darstellung = Literal["paragraphen", "tabelle"]


class Geschaeftsordnung(Klauselwerk):
    id: Kennung
    """Short name for file names, e.g. ``steuerungsgruppe``."""
    gremium: Gremium
    name: Text
    """e.g. „Kommunale Steuerungsgruppe KommGes Märkische Heide“."""
    abkuerzung: Text | None = None
    leitgedanken: Annotated[list[Text], Field(min_length=1)]
    mitglieder: Mitglieder
    aufgaben: Annotated[list[Text], Field(min_length=1)]
    nicht_zustaendig: list[Text] = []
    """What the body must not deal with, e.g. individual cases except anonymously."""
    arbeitsweise: Arbeitsweise
    beschlussfassung: Beschlussfassung
    sitzungen: Sitzungen
    schnittstellen: list[Schnittstelle] = []
    budget: Text | None = None
    datenschutz: list[Text] = []
    """Additional data protection rules beyond the standard text."""
    beschluss: Beschluss
    darstellungen: Annotated[list[Darstellung], Field(min_length=1)] = ["paragraphen", "tabelle"]

    @property
    def kurz_mit_artikel(self) -> str:
        """„die Steuerungsgruppe“, „das Fallteam“, „der regionale Beirat“."""
        return {
            "kommunale Steuerungsgruppe": "die Steuerungsgruppe",
            "Sozialraumkonferenz": "die Sozialraumkonferenz",
            "Regionalkonferenz": "die Regionalkonferenz",
            "regionaler Beirat": "der regionale Beirat",
            "Regionalteam": "das Regionalteam",
            "Fallteam": "das Fallteam",
        }[self.gremium]

    def checks(self) -> Iterator[Finding]:
        voting = self.mitglieder.stimmberechtigte
        rules = self.beschlussfassung
        if not rules.nur_beratend:
            if voting == 0:
                rule = "mehrheit" if rules.mehrheit else "einstimmig"
                yield Finding(
                    ("beschlussfassung", rule),
                    "die Geschäftsordnung sieht Abstimmungen vor, aber kein Mitglied ist "
                    "stimmberechtigt (stimmberechtigt: true bei mindestens einem Mitglied, "
                    "oder nur_beratend: true)",
                )
            elif rules.beschlussfaehig_ab is not None and rules.beschlussfaehig_ab > voting:
                yield Finding(
                    ("beschlussfassung", "beschlussfaehig_ab"),
                    f"beschlussfähig ab {rules.beschlussfaehig_ab} Mitgliedern ist mehr, als "
                    f"stimmberechtigte Mitglieder vorgesehen sind ({voting})",
                )
        if self.beschluss.inkrafttreten < self.beschluss.datum:
            yield Finding(("beschluss", "inkrafttreten"),
                          "das Inkrafttreten liegt vor dem Beschluss", warning=True)
