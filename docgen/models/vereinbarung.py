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
from docgen.models.gremien import GREMIEN, freie_gremienart
from docgen.models.klauseln import Kennung, Klauselwerk

ParteiArt = Literal[
    "Jugendamt", "Gesundheitsamt", "Sozialamt", "freier Träger", "Klinik", "Suchtberatung",
    "sonstige",
]


class Partei(Model):
    name: Text = Field(
        title="Name der Partei",
        description="voller Name, z. B. „Jugendamt des Landkreises Märkische Heide“",
    )
    kurzbezeichnung: Text = Field(
        title="Kurzbezeichnung",
        description="wie die Vereinbarung die Partei danach nennt, z. B. „Jugendamt“",
    )
    art: ParteiArt = Field(title="Art der Partei", description="Jugendamt, Gesundheitsamt usw.")
    anschrift: Anschrift | None = Field(default=None, title="Anschrift", description="optional")
    vertreten_durch: Text = Field(
        title="Vertreten durch", description="Name der unterschreibenden Person"
    )
    funktion: Text = Field(title="Funktion", description="z. B. „Amtsleiterin“")
    vertretung: Literal["i. A.", "i. V."] | None = Field(
        default=None, title="Vertretung", description="optional: „i. A.“ oder „i. V.“"
    )


class Steuerungsgruppe(Model):
    zusammensetzung: Annotated[list[Text], Field(min_length=2)] = Field(
        title="Zusammensetzung", description="mindestens zwei Mitglieder, je Zeile eines"
    )
    turnus: Text = Field(title="Sitzungsturnus", description="z. B. „viermal jährlich“")
    vorsitz: Text = Field(title="Vorsitz", description="z. B. „Leitung des Jugendamtes“")


class KoordinationsstelleVereinbarung(Model):
    vzae: Annotated[float, Field(gt=0, le=5)] = Field(
        title="Stellenumfang (VZÄ)", description="Vollzeitäquivalente, z. B. 0.5"
    )
    weitere_aufgaben: list[Text] = Field(
        default=[], title="Weitere Aufgaben", description="zusätzlich zu den Standardaufgaben"
    )


class Kooperationsvereinbarung(Klauselwerk):
    titel: Text = Field(
        default="Kooperationsvereinbarung", title="Titel", description="Überschrift der Vereinbarung"
    )
    FELDER_DER_ABSCHNITTE: ClassVar[dict[str, str]] = {
        "zielgruppe": "zielgruppe", "koordinationsstelle": "koordinationsstelle",
        "steuerungsgruppe": "steuerungsgruppe", "netzwerke": "netzwerke",
    }

    untertitel: Text = Field(
        default="über die Zusammenarbeit im Modellprojekt „Kommunale Gesamtkonzepte“ (KommGes)",
        title="Untertitel", description="Zeile unter der Überschrift",
    )
    parteien: list[Partei] = Field(
        title="Parteien", description="mindestens Jugendamt und Gesundheitsamt"
    )
    zielgruppe: Text | None = Field(
        default=None,
        title="Zielgruppe",
        description="z. B. „Kinder und Jugendliche aus sucht- und psychisch belasteten Familien“",
    )
    koordinationsstelle: KoordinationsstelleVereinbarung | None = Field(
        default=None,
        title="Koordinationsstelle", description="Umfang und Aufgaben der Stelle"
    )
    steuerungsgruppe: Steuerungsgruppe | None = Field(
        default=None,
        title="Steuerungsgruppe", description="Zusammensetzung, Turnus und Vorsitz"
    )
    netzwerke: Annotated[list[Text], Field(min_length=1)] | None = Field(
        default=None,
        title="Netzwerke", description="bestehende Netzwerke, je Zeile eines"
    )
    kuendigungsfrist_monate: Annotated[int, Field(ge=1, le=24)] = Field(
        default=3, title="Kündigungsfrist in Monaten", description="1 bis 24, z. B. 3"
    )
    inkrafttreten: date = Field(title="Inkrafttreten", description="TT.MM.JJJJ")
    ort: Text = Field(title="Ort der Unterzeichnung", description="z. B. „Fließfurt“")
    datum: date = Field(title="Datum der Unterzeichnung", description="TT.MM.JJJJ")

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


class Mitglied(Model):
    wer: Text = Field(
        title="Wer", description="Funktion oder Institution, z. B. „Leitung des Jugendamtes“"
    )
    anzahl: Annotated[int, Field(ge=1, le=50)] = Field(
        default=1, title="Anzahl der Personen", description="1 bis 50"
    )
    rolle: Text | None = Field(default=None, title="Rolle", description="optional, z. B. „Vorsitz“")
    stimmberechtigt: bool = Field(
        default=True, title="Stimmberechtigt", description="ob das Mitglied bei Beschlüssen abstimmt"
    )


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
    staendig: Annotated[list[Mitglied], Field(min_length=1)] = Field(
        title="Ständige Mitglieder", description="mindestens ein Mitglied"
    )
    zeitweilig: list[Mitglied] = Field(
        default=[], title="Zeitweilige Mitglieder", description="nach Bedarf hinzugezogen"
    )
    gaeste: list[Mitglied] = Field(default=[], title="Gäste", description="ohne Mitgliedschaft")
    besetzung: Text | None = Field(
        default=None, title="Besetzung",
        description="wie die ständigen Mitglieder bestimmt werden, z. B. jährlich im Losverfahren",
    )

    @property
    def stimmberechtigte(self) -> int:
        return sum(m.anzahl for m in self.staendig + self.zeitweilig if m.stimmberechtigt)


class Arbeitsweise(Model):
    moderation: Text = Field(title="Moderation", description="wer die Sitzungen moderiert")
    protokoll: Text = Field(
        default="Es wird ein Festlegungsprotokoll mit Aufträgen, Verantwortlichkeiten und "
        "Wiedervorlagen geführt.",
        title="Protokoll", description="wie protokolliert wird, als ganzer Satz",
    )
    protokollfuehrung: Text = Field(
        title="Protokollführung", description="wer das Protokoll führt"
    )
    wiedervorlage: Text = Field(
        default="Verabredete Wiedervorlagen werden im Protokoll vermerkt und zum gesetzten Termin "
        "aufgerufen.",
        title="Wiedervorlage", description="wie Wiedervorlagen gehandhabt werden, als ganzer Satz",
    )
    methoden: list[Text] = Field(
        default=[], title="Methoden", description="Arbeitsmethoden, je Zeile eine"
    )


class Beschlussfassung(Model):
    einstimmig: Text | None = Field(
        default="in allen Grundsatzfragen", title="Einstimmig",
        description="wofür Einstimmigkeit nötig ist; leer: nirgends",
    )
    mehrheit: Text | None = Field(
        default=None, title="Mit einfacher Mehrheit",
        description="wofür die einfache Mehrheit der abgegebenen Stimmen entscheidet, "
                    "z. B. Prioritäten und Mittelverwendung",
    )
    beschlussfaehig_ab: Annotated[int, Field(ge=1)] | None = Field(
        default=None, title="Beschlussfähig ab",
        description="wie viele stimmberechtigte Mitglieder anwesend sein müssen",
    )
    umlaufverfahren: bool = Field(
        default=False, title="Umlaufverfahren", description="ob Abstimmungen per E-Mail zulässig sind"
    )
    bei_dissens: Text = Field(
        title="Bei Dissens",
        description="wer entscheidet oder wie es weitergeht, wenn keine Einigung zustande kommt",
    )
    nur_beratend: bool = Field(
        default=False, title="Nur beratend",
        description="für Gremien, die beraten und nicht beschließen (z. B. ein Fallteam)",
    )


class Sitzungen(Model):
    turnus: Text = Field(title="Turnus", description="z. B. „viermal jährlich“")
    einladung_durch: Text = Field(
        title="Einladung durch", description="z. B. „die Koordinationsstelle“"
    )
    einladungsfrist_tage: Annotated[int, Field(ge=0, le=90)] = Field(
        title="Einladungsfrist in Tagen", description="0 bis 90, z. B. 14"
    )
    anmeldung_tops_tage: Annotated[int, Field(ge=0, le=90)] | None = Field(
        default=None, title="Anmeldung von Tagesordnungspunkten (Tage vorher)",
        description="optional, 0 bis 90, z. B. 7",
    )
    dauer_stunden: Annotated[float, Field(gt=0, le=12)] | None = Field(
        default=None, title="Dauer in Stunden", description="optional, z. B. 2.5"
    )


class Schnittstelle(Model):
    gremium: Text = Field(title="Gremium", description="z. B. „Jugendhilfeausschuss“")
    wie: Text = Field(
        title="Wie", description="Art der Verbindung, z. B. „jährlicher Bericht“"
    )

    @property
    def beschreibung(self) -> str:
        return f"{self.gremium}: {self.wie}"


class Beschluss(Model):
    gremium: Text = Field(
        title="Beschließendes Gremium",
        description="ohne Artikel, z. B. „Jugendhilfeausschuss“",
    )
    datum: date = Field(title="Datum des Beschlusses", description="TT.MM.JJJJ")
    inkrafttreten: date = Field(title="Inkrafttreten", description="TT.MM.JJJJ")


Darstellung = Literal["paragraphen", "tabelle"]


class Geschaeftsordnung(Klauselwerk):
    id: Kennung = Field(
        title="Kennung", description="Kurzname für Dateinamen, z. B. „steuerungsgruppe“"
    )
    gremium: Text = Field(
        title="Art des Gremiums",
        description="eine der sechs Arten (z. B. „Fallteam“) oder eine eigene wie „Arbeitskreis“ "
                    "mit „artikel“")
    artikel: Literal["der", "die", "das"] | None = Field(
        default=None, title="Artikel der Gremienart",
        description="nur für eigene Arten: „der“ Arbeitskreis, „die“ Lenkungsgruppe, „das“ "
                    "Lenkungsgremium")
    genitiv: Text | None = Field(
        default=None, title="Genitiv der Gremienart",
        description="nur wenn unregelmäßig (sonst Arbeitskreis → des Arbeitskreises)")
    name: Text = Field(
        title="Name des Gremiums",
        description="z. B. „Kommunale Steuerungsgruppe KommGes Märkische Heide“",
    )
    abkuerzung: Text | None = Field(default=None, title="Abkürzung", description="optional, z. B. „KSG“")
    leitgedanken: Annotated[list[Text], Field(min_length=1)] = Field(
        title="Leitgedanken", description="mindestens einer, je Zeile einer"
    )
    mitglieder: Mitglieder = Field(title="Mitglieder", description="wer dem Gremium angehört")
    aufgaben: Annotated[list[Text], Field(min_length=1)] = Field(
        title="Aufgaben", description="mindestens eine, je Zeile eine"
    )
    nicht_zustaendig: list[Text] = Field(
        default=[], title="Nicht zuständig für",
        description="womit sich das Gremium nicht befasst, z. B. Einzelfälle außer anonymisiert",
    )
    arbeitsweise: Arbeitsweise = Field(
        title="Arbeitsweise", description="Moderation, Protokoll, Methoden"
    )
    beschlussfassung: Beschlussfassung = Field(
        title="Beschlussfassung", description="wie das Gremium entscheidet"
    )
    sitzungen: Sitzungen = Field(title="Sitzungen", description="Turnus, Einladung und Dauer")
    schnittstellen: list[Schnittstelle] = Field(
        default=[], title="Schnittstellen", description="Verbindungen zu anderen Gremien"
    )
    budget: Text | None = Field(default=None, title="Budget", description="optional: eigene Mittel")
    datenschutz: list[Text] = Field(
        default=[], title="Datenschutz", description="Regeln über den Standardtext hinaus"
    )
    beschluss: Beschluss = Field(
        title="Beschluss", description="wer die Geschäftsordnung wann beschließt"
    )
    darstellungen: Annotated[list[Darstellung], Field(min_length=1)] = Field(
        default=["paragraphen", "tabelle"], title="Darstellungen",
        description="als nummerierte Paragraphen, als Tabelle der fachlichen Standards oder beides",
    )

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

