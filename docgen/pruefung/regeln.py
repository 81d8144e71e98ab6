"""The call's rules and the BLS's own assessments, as data.

Two files feed the check, both validated like any data file (German messages with
file, line and column):

- the **rules file** of a call (``templates/pruefung/kommges-2026.yaml``): for each
  condition its title, the call's paragraph and wording, and its limits and dates; the
  selection rules; the BLS letterhead of the report. A new call is a new rules file;
  how a condition is evaluated stays code (``docgen.pruefung.bedingungen``).
- the **assessment file** of the BLS (``--bewertung``): per municipality the date an
  application arrived, the activity level where the BLS overrides the derived one, and
  the BLS's verdicts on conditions the data cannot decide (e.g. whether the bullet points
  of a Handlungsfeld reach the required state).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, PrivateAttr

from docgen.assets import load_logo
from docgen.errors import DataError, Location, Problem, Severity
from docgen.loading import SourceMap, load
from docgen.models.base import Anschrift, Email, Model, Text
from docgen.models.gemeinsam import Amt, Briefkopf
from docgen.templating import TemplateRoots
from docgen.validation import validate

DEFAULT_RULES = "kommges-2026"
"""The built-in rules file, ``pruefung/<name>.yaml`` in the template folders."""

Aktivitaet = Literal["bereits aktiv", "wenig aktiv"]
AKTIVITAETEN: tuple[Aktivitaet, ...] = ("bereits aktiv", "wenig aktiv")


class Bedingungsregel(Model):
    """What every condition carries: how it is called and where the call says it."""

    titel: Text
    fundstelle: Text
    """The call's paragraph, e.g. „Aufruf § 2; Formular, Abschnitt 1“."""
    wortlaut: Text
    """The call's own words for the condition."""


class BelastungRegel(Bedingungsregel):
    mindestens_ueber: Annotated[int, Field(ge=1)] = 1
    """How many indicators must lie above the state average."""
    weitere_zaehlen: bool = True
    """Whether further indicators an application names (beyond the call's two) count too."""
    landesdurchschnitt: dict[Text, Annotated[float, Field(gt=0)]] = {}
    """Official state averages per indicator; where given, they replace the application's."""


class ErklaerungRegel(Bedingungsregel):
    pflicht_aemter: Annotated[list[Amt], Field(min_length=1)]
    vertretung_zulaessig: list[Literal["i. A.", "i. V."]] = ["i. V."]
    """Who may sign for the head of an office: „i. V.“ is the deputy, „i. A.“ is not."""


class KoordinationsstelleRegel(Bedingungsregel):
    ansiedlung: Annotated[list[Text], Field(min_length=1)]
    """Where the Koordinationsstelle may sit."""
    ansiedlung_offen: list[Text] = []
    """Placements with a free name (a Stabsstelle, a Fachbereich …) the BLS must judge."""


class FoerderungRegel(Bedingungsregel):
    betrag_max: Annotated[float, Field(gt=0)]
    vzae_max: Annotated[float, Field(gt=0)]
    monate_max: Annotated[int, Field(gt=0)]
    fruehester_beginn: date


class HandlungsfeldBRegel(Bedingungsregel):
    parteien_pflicht: Annotated[list[Text], Field(min_length=1)]
    """The parties a Kooperationsvereinbarung must have at least."""
    zeitnah_bis: date
    """„zeitnah“: agreement and Steuerungsgruppe in force by this date."""


class FragenRegel(Bedingungsregel):
    mindestzeichen: Annotated[int, Field(ge=1)]
    """A written answer shorter than this does not answer the question."""


class FristRegel(Bedingungsregel):
    einreichungsfrist: date


class Bedingungen(Model):
    """One entry per condition the code knows; unknown or missing ones are errors."""

    belastung: BelastungRegel
    erklaerung: ErklaerungRegel
    handlungsfeld_a: Bedingungsregel
    handlungsfeld_b: HandlungsfeldBRegel
    handlungsfeld_c: Bedingungsregel
    handlungsfeld_d: Bedingungsregel
    koordinationsstelle: KoordinationsstelleRegel
    foerderung: FoerderungRegel
    fragen: FragenRegel
    frist: FristRegel


BedingungId = Literal[
    "belastung", "erklaerung", "handlungsfeld_a", "handlungsfeld_b", "handlungsfeld_c",
    "handlungsfeld_d", "koordinationsstelle", "foerderung", "fragen", "frist",
]


class Aktivitaetsregel(Model):
    """Points for signs of work already under way; from ``aktiv_ab`` points: „bereits aktiv“."""

    kooperationsvereinbarung: float = 1
    """An agreement in force by the deadline."""
    gremium: float = 1
    """A body whose rules of procedure were adopted by the deadline."""
    bestehende_stellen: float = 1
    """At least ``stellen_ab`` existing posts with overlap."""
    stellen_ab: Annotated[int, Field(ge=1)] = 2
    werkstattgespraeche: float = 1
    """Workshops held by the deadline."""
    aktiv_ab: Annotated[float, Field(gt=0)] = 2


class Gewichte(Model):
    """Weights of the difference measure (see README, „Auswahlhilfe“)."""

    art: float = 1
    groesse: float = 1
    aktivitaet: float = 0.5
    ansiedlung: float = 0.5


class AuswahlRegel(Bedingungsregel):
    anzahl: Annotated[int, Field(ge=2, le=5)] = 3
    beide_arten: bool = True
    """At least one Landkreis and at least one kreisfreie Stadt."""
    groessengrenzen: Annotated[list[Annotated[int, Field(gt=0)]], Field(min_length=1)]
    """Inhabitants at which the next size class begins."""
    ansiedlung_mindestens_einmal: Text
    """At least one of the chosen places its Koordinierungsstelle there."""
    aktivitaet: Aktivitaetsregel = Aktivitaetsregel()
    gewichte: Gewichte = Gewichte()


class BlsAbsender(Model):
    briefkopf: Briefkopf
    name: Text
    anschrift: Anschrift
    email: Email


class Regeln(Model):
    """A call's rules file."""

    name: Text
    """e.g. „KommGes 2026“."""
    aufruf: Text
    """The call's title, as the report cites it."""
    absender: BlsAbsender
    bedingungen: Bedingungen
    auswahl: AuswahlRegel
    _logo: str | None = PrivateAttr(default=None)

    @property
    def logo(self) -> str | None:
        """The BLS's logo (``absender.briefkopf.logo``, next to the rules file) as a data: URI."""
        return self._logo


class Urteil(Model):
    urteil: Literal["erfüllt", "nicht erfüllt"]
    begruendung: Text


class KommuneBewertung(Model):
    eingang: date | None = None
    """The day the application arrived at the BLS."""
    aktivitaet: Aktivitaet | None = None
    """Overrides the activity level derived from the data."""
    aktivitaet_begruendung: Text | None = None
    urteile: dict[BedingungId, Urteil] = {}
    """Verdicts of the BLS where the data cannot decide a condition."""


class Bewertung(Model):
    """The BLS's assessment file: per municipality (``kommune.name``) what it recorded."""

    kommunen: dict[Text, KommuneBewertung] = {}


def load_rules(name_or_path: str | Path | None, roots: TemplateRoots) -> tuple[Regeln, Path]:
    """A rules file: a path, or a name looked up as ``pruefung/<name>.yaml`` in the templates."""
    text = str(name_or_path) if name_or_path is not None else DEFAULT_RULES
    path = Path(text)
    if not path.is_file():
        found = roots.find(f"pruefung/{text}.yaml")
        if found is None:
            raise DataError.single(
                f"Regeldatei „{text}“ nicht gefunden (weder als Datei noch als "
                f"pruefung/{text}.yaml in den Vorlagenordnern)", Location(text))
        path = found
    validated = validate(load(path), Regeln)
    regeln = validated.model
    name = regeln.absender.briefkopf.logo
    if name is not None:
        where = validated.source.source_map.location(("absender", "briefkopf", "logo"))
        regeln._logo = load_logo(name, path.parent, where, "absender.briefkopf.logo").logo
    return regeln, path


@dataclass(frozen=True)
class Assessment:
    """The BLS's assessment file and where each entry stands in it."""

    model: Bewertung = field(default_factory=Bewertung)
    source_map: SourceMap | None = None

    def of(self, kommune: str) -> KommuneBewertung | None:
        return self.model.kommunen.get(kommune)

    def unmatched(self, names: list[str]) -> list[Problem]:
        """Warnings for entries that name no checked application (a typo would go unnoticed)."""
        found = []
        for kommune in self.model.kommunen:
            if kommune in names:
                continue
            close = difflib.get_close_matches(kommune, names, n=1, cutoff=0.7)
            hint = f" – meinten Sie „{close[0]}“?" if close else ""
            where = self.source_map.location(("kommunen", kommune), key=True) \
                if self.source_map else None
            found.append(Problem(f"keine Bewerbung von „{kommune}“ im Ordner; der Eintrag bleibt "
                                 f"unberücksichtigt{hint}", where, "kommunen", Severity.WARNING))
        return found

    def where(self, kommune: str, *rest: str) -> str:
        if self.source_map is None:
            return ""
        return str(self.source_map.location(("kommunen", kommune, *rest)))


def load_assessment(path: Path | None) -> Assessment:
    """The BLS's assessment file, or an empty assessment."""
    if path is None:
        return Assessment()
    validated = validate(load(path), Bewertung)
    return Assessment(validated.model, validated.source.source_map)
