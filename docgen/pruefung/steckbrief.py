"""The profile of an application the overview and the selection compare: size, kind,
indicators, where the Koordinierungsstelle sits, and how active the municipality already is.

The activity level is derived from the data by a stated rule (README, „Aktivität“):
points for work already under way by the deadline, weighted in the rules file; from
``aktiv_ab`` points a municipality counts as „bereits aktiv“, below as „wenig aktiv“.
The BLS can override it per municipality in its assessment file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from docgen.formatting import datum, zahl
from docgen.pruefung.bedingungen import DOKUMENTDATEN, indicators
from docgen.pruefung.daten import (
    GESCHAEFTSORDNUNGEN,
    KOMMUNE,
    KOORDINIERUNGSSTELLE,
    KURZKONZEPT,
    VEREINBARUNG,
    WERKSTATTGESPRAECHE,
    Daten,
)
from docgen.pruefung.regeln import Aktivitaet, Assessment, Regeln


@dataclass(frozen=True)
class Indikatorwert:
    key: str
    name: str
    wert: float
    landesdurchschnitt: float

    @property
    def prozent(self) -> float:
        """The value in percent of the state average (100 = average)."""
        return self.wert / self.landesdurchschnitt * 100


@dataclass(frozen=True)
class Aktivitaetsbefund:
    stufe: Aktivitaet
    punkte: float
    gruende: tuple[str, ...]
    durch_bls: bool = False

    @property
    def text(self) -> str:
        return f"{self.stufe} (BLS)" if self.durch_bls else self.stufe


@dataclass(frozen=True)
class Steckbrief:
    datei: str
    kommune: str
    art: str | None
    einwohner: int | None
    indikatoren: tuple[Indikatorwert, ...]
    ansiedlung: str | None
    aktivitaet: Aktivitaetsbefund
    eingang: date | None
    """Received at the BLS (assessment file)."""
    datiert: date | None
    """The latest date of the application's documents."""
    hat_kurzkonzept: bool = True
    """Whether the file is an application at all (a workshop record alone is not)."""

    def indikator(self, key: str) -> Indikatorwert | None:
        return next((i for i in self.indikatoren if i.key == key), None)


def derive_activity(d: Daten, regeln: Regeln) -> Aktivitaetsbefund:
    """The activity level by the rules file's points (see the module's docstring)."""
    rule = regeln.auswahl.aktivitaet
    deadline = regeln.bedingungen.frist.einreichungsfrist
    points = 0.0
    reasons: list[str] = []
    v = d.get(VEREINBARUNG)
    if v is not None and v.inkrafttreten <= deadline:
        points += rule.kooperationsvereinbarung
        reasons.append(f"Kooperationsvereinbarung in Kraft seit {datum(v.inkrafttreten, 'kurz')}")
    adopted = [o for o in d.get(GESCHAEFTSORDNUNGEN) or [] if o.beschluss.datum <= deadline]
    if adopted:
        points += rule.gremium
        reasons.append(f"Geschäftsordnung beschlossen: {adopted[0].name}")
    stellen = d.get((*KURZKONZEPT, "begruendung", "bestehende_stellen")) or []
    if len(stellen) >= rule.stellen_ab:
        points += rule.bestehende_stellen
        reasons.append(f"{len(stellen)} bestehende Stellen mit Schnittstellen")
    held = [w for w in d.get(WERKSTATTGESPRAECHE) or [] if w.datum <= deadline]
    if held:
        points += rule.werkstattgespraeche
        reasons.append(f"{len(held)} {'Werkstattgespräch' if len(held) == 1 else 'Werkstattgespräche'}"
                       " durchgeführt")
    level: Aktivitaet = "bereits aktiv" if points >= rule.aktiv_ab else "wenig aktiv"
    reasons.append(f"{zahl(points)} {'Punkt' if points == 1 else 'Punkte'}, „bereits aktiv“ ab "
                   f"{zahl(rule.aktiv_ab)}")
    return Aktivitaetsbefund(level, points, tuple(reasons))


def profile(d: Daten, regeln: Regeln, assessment: Assessment, name: str) -> Steckbrief:
    kommune = d.get(KOMMUNE)
    official = regeln.bedingungen.belastung.landesdurchschnitt
    werte = tuple(Indikatorwert(key, name, i.wert, official.get(key, i.landesdurchschnitt))
                  for key, name, _, i in indicators(d, regeln) or [])
    stelle = d.get(KOORDINIERUNGSSTELLE)
    activity = derive_activity(d, regeln)
    bls = assessment.of(name)
    if bls is not None and bls.aktivitaet is not None:
        reason = bls.aktivitaet_begruendung or "festgelegt in der Bewertungsdatei"
        activity = Aktivitaetsbefund(bls.aktivitaet, activity.punkte,
                                     (f"BLS: {reason}", *activity.gruende), durch_bls=True)
    dates = [day for _, path in DOKUMENTDATEN if isinstance(day := d.get(path), date)]
    return Steckbrief(
        datei=d.file, kommune=name, art=kommune.art if kommune is not None else None,
        einwohner=kommune.einwohner if kommune is not None else None, indikatoren=werte,
        ansiedlung=stelle.ansiedlung if stelle is not None else None, aktivitaet=activity,
        eingang=bls.eingang if bls is not None else None, datiert=max(dates, default=None),
        hat_kurzkonzept=d.get(KURZKONZEPT) is not None)
