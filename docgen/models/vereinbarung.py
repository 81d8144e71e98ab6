"""Kooperationsvereinbarung and Geschäftsordnung: the data of clause-based documents."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from datetime import date
from typing import Annotated, ClassVar, Literal

from pydantic import Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from docgen.grammatik import GENUS_NACH_ARTIKEL, Nominalphrase
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
    FELDER_DER_ABSCHNITTE: ClassVar[dict[str, str]] = {
        "zielgruppe": "zielgruppe", "koordinationsstelle": "koordinationsstelle",
        "steuerungsgruppe": "steuerungsgruppe", "netzwerke": "netzwerke",
    }

    parteien: list[Partei]
    zielgruppe: Text | None = None
    koordinationsstelle: KoordinationsstelleVereinbarung | None = None
    steuerungsgruppe: Steuerungsgruppe | None = None
    netzwerke: Annotated[list[Text], Field(min_length=1)] | None = None
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
"""The six kinds of body the model project knows; any other needs ``artikel``."""

GREMIEN: dict[str, tuple[Nominalphrase, Nominalphrase]] = {
    "kommunale Steuerungsgruppe": (Nominalphrase("Steuerungsgruppe", "f", "kommunal"),
                                   Nominalphrase("Steuerungsgruppe", "f")),
    "Sozialraumkonferenz": (Nominalphrase("Sozialraumkonferenz", "f"),) * 2,
    "Regionalkonferenz": (Nominalphrase("Regionalkonferenz", "f"),) * 2,
    "regionaler Beirat": (Nominalphrase("Beirat", "m", "regional", genitiv="Beirates"),) * 2,
    "Regionalteam": (Nominalphrase("Regionalteam", "n"),) * 2,
    "Fallteam": (Nominalphrase("Fallteam", "n"),) * 2,
}
"""Preset bodies: (full phrase, short phrase used in running text)."""


def freie_gremienart(bezeichnung: str, artikel: str, genitiv: str | None) -> Nominalphrase:
    """A body kind the data names itself: „Arbeitskreis“ (der), „PSAG-Arbeitsgruppe“ (die);
    a leading lower-case adjective is declined too („regionale Lenkungsgruppe“)."""
    genus = GENUS_NACH_ARTIKEL[artikel]
    first, _, rest = bezeichnung.partition(" ")
    if rest and first[:1].islower() and first.endswith("e"):
        return Nominalphrase(rest, genus, first[:-1], genitiv=genitiv)
    return Nominalphrase(bezeichnung, genus, genitiv=genitiv)


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
    gremium: Text
    """One of the six kinds (``Gremium``), or a kind of one's own with ``artikel``."""
    artikel: Literal["der", "die", "das"] | None = None
    """Grammatical gender of a body kind of one's own: „der“ Arbeitskreis, „die“ Lenkungsgruppe."""
    genitiv: Text | None = None
    """The kind's genitive if it is irregular (default: Arbeitskreis → Arbeitskreises)."""
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

    @model_validator(mode="after")
    def _gremienart(self) -> Geschaeftsordnung:
        if self.gremium in GREMIEN:
            preset = GREMIEN[self.gremium][0]
            if self.artikel is not None and GENUS_NACH_ARTIKEL[self.artikel] != preset.genus:
                raise PydanticCustomError(
                    "artikel", "„{gremium}“ hat den Artikel „{richtig}“, nicht „{artikel}“",
                    {"gremium": self.gremium, "richtig": preset.artikel(),
                     "artikel": self.artikel})
        elif self.artikel is None:
            close = difflib.get_close_matches(self.gremium, list(GREMIEN), n=1, cutoff=0.75)
            hint = f"meinten Sie „{close[0]}“? Für ein" if close else "für ein"
            raise PydanticCustomError(
                "gremium",
                "unbekannte Gremienart „{gremium}“ – {hint} eigenes Gremium den Artikel "
                "angeben (artikel: der, die oder das); vorgegeben sind: {presets}",
                {"gremium": self.gremium, "hint": hint, "presets": ", ".join(GREMIEN)},
            )
        return self

    @property
    def art(self) -> Nominalphrase:
        """The kind of body as a noun phrase: „kommunale Steuerungsgruppe“ (f)."""
        if self.gremium in GREMIEN:
            return GREMIEN[self.gremium][0]
        assert self.artikel is not None
        return freie_gremienart(self.gremium, self.artikel, self.genitiv)

    @property
    def nominalphrase(self) -> Nominalphrase:
        """How running text names the body: „die Steuerungsgruppe“, „der regionale Beirat“."""
        if self.gremium in GREMIEN:
            return GREMIEN[self.gremium][1]
        return self.art

    @property
    def kurz_mit_artikel(self) -> str:
        """„die Steuerungsgruppe“, „das Fallteam“, „der regionale Beirat“."""
        return self.nominalphrase.mit_artikel("nom")

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
        yield from super().checks()
        yield from self._eine_quelle()
        if self.beschluss.inkrafttreten < self.beschluss.datum:
            yield Finding(("beschluss", "inkrafttreten"),
                          "das Inkrafttreten liegt vor dem Beschluss", warning=True)


    def _eine_quelle(self) -> Iterator[Finding]:
        """The table „fachliche Standards“ is built from the fields, the §§ from the clauses:
        a clause change the table cannot show would make the two say different things."""
        if "tabelle" not in self.darstellungen:
            return
        reason = ("erscheint nur in der Geschäftsordnung (§§), nicht in der Tabelle "
                  "„Leitgedanken / fachliche Standards“, die dann etwas anderes sagte; "
                  "„darstellungen: [paragraphen]“ angeben oder die Regel in die Felder der "
                  "Geschäftsordnung schreiben")
        for key, change in self.klauseln.items():
            if change.absaetze is not None or change.ergaenzen or change.entfaellt:
                yield Finding(("klauseln", key), f"die Änderung des Abschnitts „{key}“ {reason}")
        for index, neu in enumerate(self.neue_klauseln):
            yield Finding(("neue_klauseln", index, "id"),
                          f"der neue Abschnitt „{neu.id}“ {reason}")


def geschaeftsordnungen_eindeutig(value: list[Geschaeftsordnung]) -> list[Geschaeftsordnung]:
    duplicate = first_duplicate([g.id for g in value])
    if duplicate:
        raise PydanticCustomError(
            "doppelt", "zwei Geschäftsordnungen haben die id „{id}“", {"id": duplicate}
        )
    return value

