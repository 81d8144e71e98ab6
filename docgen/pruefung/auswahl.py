"""Selection help: every group of three eligible applications that meets the selection
rules of the call, ranked by how different its members are.

Eligible is an application whose every condition is „erfüllt“. A group is valid when
(rules file, ``auswahl``):

- it holds at least one Landkreis and one kreisfreie Stadt (``beide_arten``);
- its members are structurally different: any two of the same kind lie in different
  size classes (``groessengrenzen``); where the number of inhabitants is missing, this
  cannot be decided and the group is not offered;
- neither all members are „bereits aktiv“ nor all „wenig aktiv“;
- at least one places its Koordinierungsstelle in ``ansiedlung_mindestens_einmal``.

Difference measure, summed over the group's pairs (weights in the rules file):
``art·[kind differs] + groesse·|log2(inhabitants a / inhabitants b)| +
aktivitaet·[activity differs] + ansiedlung·[placement differs]``; a size term is 0
where a number is missing. Higher is more different; ties are ordered by name.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from docgen.formatting import aufzaehlung, zahl
from docgen.pruefung.regeln import Regeln
from docgen.pruefung.steckbrief import Steckbrief


@dataclass(frozen=True)
class Gruppe:
    mitglieder: tuple[Steckbrief, ...]
    mass: float
    anteile: tuple[tuple[str, float], ...]
    """The measure's terms: (name, value)."""
    gruende: tuple[str, ...]

    @property
    def namen(self) -> str:
        return aufzaehlung([m.kommune for m in self.mitglieder])


@dataclass(frozen=True)
class Auswahl:
    gruppen: tuple[Gruppe, ...]
    geeignet: tuple[Steckbrief, ...]
    ausgeschlossen: tuple[tuple[Steckbrief, str], ...]
    """Applications that are not eligible, with the conditions they lack."""
    verworfen: tuple[tuple[str, int], ...]
    """Why groups were not offered: (reason, how many groups)."""
    hinweis: str
    """One German sentence on the outcome."""


def size_class(inhabitants: int | None, limits: Sequence[int]) -> str | None:
    """„unter 100.000“, „100.000 bis unter 200.000“, „ab 200.000“ (None if not known)."""
    if inhabitants is None:
        return None
    bounds = sorted(limits)
    for index, limit in enumerate(bounds):
        if inhabitants < limit:
            return f"unter {zahl(limit)}" if index == 0 else \
                f"{zahl(bounds[index - 1])} bis unter {zahl(limit)}"
    return f"ab {zahl(bounds[-1])}"


def _violations(group: Sequence[Steckbrief], regeln: Regeln) -> list[str]:
    rule = regeln.auswahl
    found = []
    if len({m.kommune for m in group}) < len(group):
        found.append("dieselbe Kommune mehrfach")
    kinds = {m.art for m in group}
    if rule.beide_arten and not {"Landkreis", "kreisfreie Stadt"} <= kinds:
        found.append("nicht Landkreis und kreisfreie Stadt zugleich")
    for a, b in itertools.combinations(group, 2):
        if a.art != b.art:
            continue
        ca, cb = (size_class(m.einwohner, rule.groessengrenzen) for m in (a, b))
        if ca is None or cb is None:
            found.append("Größe nicht entscheidbar (Einwohnerzahl fehlt)")
            break
        if ca == cb:
            found.append("zwei Kommunen gleicher Art und Größenklasse")
            break
    levels = {m.aktivitaet.stufe for m in group}
    if len(levels) == 1:
        found.append(f"ausschließlich {next(iter(levels))}e Kommunen")
    if not any(m.ansiedlung == rule.ansiedlung_mindestens_einmal for m in group):
        found.append(f"keine Koordinierungsstelle im {rule.ansiedlung_mindestens_einmal}")
    return found


def _measure(group: Sequence[Steckbrief], regeln: Regeln) -> tuple[tuple[str, float], ...]:
    w = regeln.auswahl.gewichte
    terms = {"Art": 0.0, "Größe": 0.0, "Aktivität": 0.0, "Ansiedlung": 0.0}
    for a, b in itertools.combinations(group, 2):
        terms["Art"] += w.art * (a.art != b.art)
        if a.einwohner and b.einwohner:
            terms["Größe"] += w.groesse * abs(math.log2(a.einwohner / b.einwohner))
        terms["Aktivität"] += w.aktivitaet * (a.aktivitaet.stufe != b.aktivitaet.stufe)
        terms["Ansiedlung"] += w.ansiedlung * (a.ansiedlung != b.ansiedlung)
    return tuple((k, round(v, 4)) for k, v in terms.items())


def _reasons(group: Sequence[Steckbrief], regeln: Regeln) -> tuple[str, ...]:
    rule = regeln.auswahl
    by_kind = [f"{m.kommune} ({m.art}" + (f", {zahl(m.einwohner)} Einwohner, "
                                          f"{size_class(m.einwohner, rule.groessengrenzen)})"
                                          if m.einwohner else ", Einwohnerzahl nicht angegeben)")
               for m in group]
    active = [m.kommune for m in group if m.aktivitaet.stufe == "bereits aktiv"]
    little = [m.kommune for m in group if m.aktivitaet.stufe == "wenig aktiv"]
    placed = [m.kommune for m in group if m.ansiedlung == rule.ansiedlung_mindestens_einmal]
    return (f"Strukturell unterschiedlich: {'; '.join(by_kind)}.",
            f"Bereits aktiv: {aufzaehlung(active)}; wenig aktiv: {aufzaehlung(little)}.",
            f"Koordinierungsstelle im {rule.ansiedlung_mindestens_einmal}: {aufzaehlung(placed)}.")


def select(profiles: Sequence[Steckbrief], eligible: Sequence[bool], missing: Sequence[str],
           regeln: Regeln) -> Auswahl:
    """The valid groups among ``profiles`` (``eligible[i]``: all conditions met;
    ``missing[i]``: what the i-th lacks, for the list of those left out)."""
    size = regeln.auswahl.anzahl
    candidates = tuple(sorted((p for p, ok in zip(profiles, eligible, strict=True) if ok),
                              key=lambda p: p.kommune))
    left_out = tuple((p, why) for p, ok, why in zip(profiles, eligible, missing, strict=True)
                     if not ok)
    groups, rejected = [], Counter[str]()
    for combo in itertools.combinations(candidates, size):
        problems = _violations(combo, regeln)
        if problems:
            rejected.update(problems)
            continue
        terms = _measure(combo, regeln)
        groups.append(Gruppe(combo, round(sum(v for _, v in terms), 4), terms,
                             _reasons(combo, regeln)))
    groups.sort(key=lambda g: (-g.mass, [m.kommune for m in g.mitglieder]))
    if len(candidates) < size:
        count = ("keine Bewerbung erfüllt" if not candidates else "nur eine Bewerbung erfüllt"
                 if len(candidates) == 1 else f"nur {len(candidates)} Bewerbungen erfüllen")
        hint = f"{count[0].upper()}{count[1:]} alle Bedingungen; für eine Auswahl von {size} " \
               "reicht das nicht."
    elif not groups:
        hint = (f"Keine Gruppe von {size} der {len(candidates)} geeigneten Bewerbungen erfüllt die "
                "Auswahlbedingungen.")
    else:
        hint = (f"{len(groups)} von {math.comb(len(candidates), size)} möglichen Gruppen aus "
                f"{len(candidates)} geeigneten Bewerbungen erfüllen die Auswahlbedingungen.")
    return Auswahl(tuple(groups), candidates, left_out, tuple(sorted(rejected.items())), hint)


def as_json(auswahl: Auswahl) -> dict[str, Any]:
    return {
        "hinweis": auswahl.hinweis,
        "gruppen": [{"rang": rank, "kommunen": [m.kommune for m in g.mitglieder],
                     "unterschiedsmass": g.mass, "anteile": dict(g.anteile),
                     "gruende": list(g.gruende)}
                    for rank, g in enumerate(auswahl.gruppen, start=1)],
        "geeignet": [p.kommune for p in auswahl.geeignet],
        "nicht_beruecksichtigt": [{"kommune": p.kommune, "grund": why}
                                  for p, why in auswahl.ausgeschlossen],
        "verworfene_gruppen": dict(auswahl.verworfen),
    }


def as_text(auswahl: Auswahl) -> list[str]:
    """The selection help as lines for a terminal."""
    lines = [auswahl.hinweis]
    for rank, g in enumerate(auswahl.gruppen, start=1):
        parts = "; ".join(f"{name} {zahl(value, 2)}" for name, value in g.anteile)
        lines.append(f"{rank}. {g.namen} – Unterschiedsmaß {zahl(g.mass, 2)} ({parts})")
        lines += [f"   {reason}" for reason in g.gruende]
    if auswahl.ausgeschlossen:
        lines.append("Nicht berücksichtigt:")
        lines += [f"   {p.kommune}: {why}" for p, why in auswahl.ausgeschlossen]
    if auswahl.verworfen:
        lines.append("Verworfene Gruppen:")
        lines += [f"   {reason}: {count}" for reason, count in auswahl.verworfen]
    return lines
