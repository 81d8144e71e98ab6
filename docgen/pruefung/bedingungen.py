"""The call's conditions: how each one is decided, in code, with a German reason.

Each condition is one function ``(Daten, Regeln) -> Ergebnis``. It reads its values
through the paths of ``docgen.pruefung.daten`` (so the data format is known in one
place), takes its limits and dates from the rules file, and answers „erfüllt“,
„nicht erfüllt“ or — where the data does not let it decide — „nicht prüfbar“. It
never guesses: free text (the bullet points of a Handlungsfeld) is shown for the BLS
to judge, and the BLS's verdict comes from its assessment file.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from docgen.formatting import aufzaehlung, betrag, datum, prozent, vzae, zahl
from docgen.loading import FieldPath
from docgen.pruefung.daten import (
    ERKLAERUNG,
    GESCHAEFTSORDNUNGEN,
    INDIKATOR_NAMEN,
    KOORDINIERUNGSSTELLE,
    KURZKONZEPT,
    MODELLPROJEKT,
    VEREINBARUNG,
    Daten,
    Wert,
)
from docgen.pruefung.regeln import BedingungId, Regeln


class Urteil(StrEnum):
    ERFUELLT = "erfüllt"
    NICHT_ERFUELLT = "nicht erfüllt"
    NICHT_PRUEFBAR = "nicht prüfbar"

    @property
    def kennung(self) -> str:
        """ASCII name for style classes: ``erfuellt``, ``nicht-erfuellt``, ``nicht-pruefbar``."""
        return self.value.replace(" ", "-").replace("ü", "ue")


@dataclass(frozen=True)
class Ergebnis:
    urteil: Urteil
    begruendung: str
    werte: tuple[Wert, ...] = ()


def _combine(parts: Sequence[tuple[Urteil, str]], werte: Sequence[Wert]) -> Ergebnis:
    """Several partial findings: any failure fails, else any open one leaves it open."""
    verdicts = {u for u, _ in parts}
    if Urteil.NICHT_ERFUELLT in verdicts:
        verdict = Urteil.NICHT_ERFUELLT
    elif Urteil.NICHT_PRUEFBAR in verdicts:
        verdict = Urteil.NICHT_PRUEFBAR
    else:
        verdict = Urteil.ERFUELLT
    return Ergebnis(verdict, " ".join(text for _, text in parts), tuple(werte))


def _missing(what: str, d: Daten, path: tuple[str | int, ...]) -> Ergebnis:
    return Ergebnis(Urteil.NICHT_PRUEFBAR, f"Die Unterlagen enthalten {what}.", (d.wert(path),))


# --- Aufruf, Abschnitt 2: Belastungslage --------------------------------------------------------------

def indicators(d: Daten, regeln: Regeln) -> list[tuple[str, str, FieldPath, Any]] | None:
    """(key, German name, path, indicator) of every indicator that counts; None without any.

    Named indicators are fields; further ones (a list) carry their own ``bezeichnung``.
    """
    path = (*KURZKONZEPT, "ausgangslage", "indikatoren")
    found = d.get(path)
    if found is None:
        return None
    listed = []
    for key in type(found).model_fields:
        value = getattr(found, key)
        if isinstance(value, list):
            if regeln.bedingungen.belastung.weitere_zaehlen:
                listed += [(f"{key}[{i}]", _named(item), (*path, key, i), item)
                           for i, item in enumerate(value)]
        else:
            listed.append((key, INDIKATOR_NAMEN.get(key, key), (*path, key), value))
    return listed


def _named(indicator: Any) -> str:
    """A further indicator's name with its unit, e.g. „Kinder in SGB-II-Bezug (Anteil in %)“."""
    unit = getattr(indicator, "einheit", None)
    return f"{indicator.bezeichnung} ({unit})" if unit else str(indicator.bezeichnung)


def belastung(d: Daten, regeln: Regeln) -> Ergebnis:
    rule = regeln.bedingungen.belastung
    found = indicators(d, regeln)
    if found is None:
        return _missing("keine Indikatoren (Kurzkonzept, Abschnitt 1)", d,
                        (*KURZKONZEPT, "ausgangslage", "indikatoren"))
    werte, saetze, ueber = [], [], 0
    for key, name, here, indikator in found:
        schnitt = rule.landesdurchschnitt.get(key)
        werte.append(d.wert((*here, "wert")))
        if schnitt is None:
            schnitt = indikator.landesdurchschnitt
            werte.append(d.wert((*here, "landesdurchschnitt")))
            herkunft = ""
        else:
            stated = indikator.landesdurchschnitt
            herkunft = (" (laut Regeldatei)" if schnitt == stated else
                        f" (laut Regeldatei; die Bewerbung nennt {zahl(stated)})")
        abweichung = indikator.wert / schnitt - 1
        ueber += indikator.wert > schnitt
        lage = ("genau der Durchschnitt" if abweichung == 0 else
                f"{prozent(abs(abweichung), 1)} {'darüber' if abweichung > 0 else 'darunter'}")
        saetze.append(f"{name}: {zahl(indikator.wert)}, Landesdurchschnitt {zahl(schnitt)}"
                      f"{herkunft}: {lage}.")
    verdict = Urteil.ERFUELLT if ueber >= rule.mindestens_ueber else Urteil.NICHT_ERFUELLT
    summary = (f"{ueber} von {len(found)} Indikatoren {'liegt' if ueber == 1 else 'liegen'} über "
               f"dem Landesdurchschnitt; verlangt: mindestens {rule.mindestens_ueber}.")
    return Ergebnis(verdict, " ".join([*saetze, summary]), tuple(werte))


# --- Aufruf, Abschnitte 1 und 7: Absichts- und Kooperationserklärung -------------------------------------

_GENITIV = {"Jugendamt": "des Jugendamtes", "Gesundheitsamt": "des Gesundheitsamtes",
            "Sozialamt": "des Sozialamtes", "Verwaltungsspitze": "der Verwaltungsspitze",
            "weitere": "weiterer Stellen"}


def erklaerung(d: Daten, regeln: Regeln) -> Ergebnis:
    rule = regeln.bedingungen.erklaerung
    letter = d.get(ERKLAERUNG)
    if letter is None:
        return _missing("keine Absichts- und Kooperationserklärung", d, ERKLAERUNG)
    form = ("vier Einzelschreiben, je eine Erklärung" if letter.einzelschreiben
            else "ein Schreiben mit allen vier Erklärungen")
    werte = [d.wert((*ERKLAERUNG, "einzelschreiben"), form)]
    for index, person in enumerate(letter.unterzeichnende):
        sign = f"{person.vertretung} " if person.vertretung else ""
        werte.append(d.wert((*ERKLAERUNG, "unterzeichnende", index),
                            f"{sign}{person.name}, {person.funktion} ({person.amt})"))
    parts: list[tuple[Urteil, str]] = []
    for amt in rule.pflicht_aemter:
        signers = [p for p in letter.unterzeichnende if p.amt == amt]
        valid = [p for p in signers if p.vertretung is None or p.vertretung in rule.vertretung_zulaessig]
        if valid:
            continue
        if signers:
            allowed = aufzaehlung([f"„{v}“" for v in rule.vertretung_zulaessig], "oder")
            parts.append((Urteil.NICHT_ERFUELLT,
                          f"Für die Leitung {_GENITIV[amt]} unterschreibt nur "
                          f"„{signers[0].vertretung}“ {signers[0].name}; verlangt ist die Leitung "
                          f"selbst{f' oder ihre Vertretung {allowed}' if allowed else ''}."))
        else:
            parts.append((Urteil.NICHT_ERFUELLT, f"Es fehlt die Unterschrift der Leitung {_GENITIV[amt]}."))
    if not parts:
        aemter = aufzaehlung([_GENITIV[a] for a in rule.pflicht_aemter])
        parts.append((Urteil.ERFUELLT,
                      f"Unterschrieben von den Leitungen {aemter}; {form}. Die vier Erklärungen "
                      "des Aufrufs sind Wortlaut der Vorlage und stehen in jedem erzeugten Schreiben."))
    return _combine(parts, werte)


# --- Aufruf, Abschnitt 3: Handlungsfelder ------------------------------------------------------------

def _free_text_field(letter: str) -> Callable[[Daten, Regeln], Ergebnis]:
    """Handlungsfelder A, C and D: bullet points only the BLS can judge."""

    def check(d: Daten, regeln: Regeln) -> Ergebnis:
        path = (*KURZKONZEPT, "handlungsfelder", letter, "aktueller_stand")
        stand = d.get(path)
        if stand is None:
            return _missing(f"keinen aktuellen Stand zu Handlungsfeld {letter} (Kurzkonzept, "
                            "Abschnitt 2)", d, path)
        return Ergebnis(
            Urteil.NICHT_PRUEFBAR,
            f"Der aktuelle Stand ist in {len(stand)} Stichpunkt{'en' if len(stand) != 1 else ''} "
            "frei beschrieben; ob er den erforderlichen Umsetzungsstand erreicht, entscheidet die "
            f"BLS (Eintrag „urteile: handlungsfeld_{letter.lower()}“ in der Bewertungsdatei).",
            (d.wert(path),))

    check.__name__ = f"handlungsfeld_{letter.lower()}"
    return check


def _steering_group(d: Daten, bis: date, v: Any) -> tuple[tuple[Urteil, str], list[Wert]]:
    ordnungen = d.get(GESCHAEFTSORDNUNGEN) or []
    for index, ordnung in enumerate(ordnungen):
        if ordnung.gremium == "kommunale Steuerungsgruppe":
            here = (*GESCHAEFTSORDNUNGEN, index, "beschluss", "inkrafttreten")
            start = ordnung.beschluss.inkrafttreten
            ok = start <= bis
            return ((Urteil.ERFUELLT if ok else Urteil.NICHT_ERFUELLT,
                     f"Die Geschäftsordnung der Steuerungsgruppe tritt am {datum(start, 'kurz')} "
                     f"in Kraft ({'zeitnah' if ok else 'nicht zeitnah'}: bis {datum(bis, 'kurz')})."),
                    [d.wert(here)])
    if v is not None:
        return ((Urteil.ERFUELLT, "Die Kooperationsvereinbarung richtet die Steuerungsgruppe ein."),
                [d.wert((*VEREINBARUNG, "steuerungsgruppe", "zusammensetzung"))])
    return ((Urteil.NICHT_PRUEFBAR, "Zur Steuerungsgruppe enthalten die Unterlagen weder eine "
             "Kooperationsvereinbarung noch eine Geschäftsordnung."), [d.wert(GESCHAEFTSORDNUNGEN)])


def handlungsfeld_b(d: Daten, regeln: Regeln) -> Ergebnis:
    rule = regeln.bedingungen.handlungsfeld_b
    bis = rule.zeitnah_bis
    parts: list[tuple[Urteil, str]] = []
    werte: list[Wert] = []
    v = d.get(VEREINBARUNG)
    if v is None:
        parts.append((Urteil.NICHT_PRUEFBAR, "Die Unterlagen enthalten keine Kooperationsvereinbarung."))
        werte.append(d.wert(VEREINBARUNG))
    else:
        arten = [p.art for p in v.parteien]
        werte.append(d.wert((*VEREINBARUNG, "parteien"), [f"{p.name} ({p.art})" for p in v.parteien]))
        werte.append(d.wert((*VEREINBARUNG, "inkrafttreten")))
        missing = [a for a in rule.parteien_pflicht if a not in arten]
        if missing:
            parts.append((Urteil.NICHT_ERFUELLT,
                          f"Der Kooperationsvereinbarung fehlt als Partei: {aufzaehlung(missing)}."))
        ok = v.inkrafttreten <= bis
        parts.append((Urteil.ERFUELLT if ok else Urteil.NICHT_ERFUELLT,
                      f"Die Kooperationsvereinbarung (Parteien: {', '.join(arten)}) tritt am "
                      f"{datum(v.inkrafttreten, 'kurz')} in Kraft "
                      f"({'zeitnah' if ok else 'nicht zeitnah'}: bis {datum(bis, 'kurz')})."))
    letter = d.get(ERKLAERUNG)
    if letter is None:
        parts.append((Urteil.NICHT_PRUEFBAR, "Die Zusage, zeitnah eine Koordinationsstelle "
                      "einzurichten, fehlt (keine Absichts- und Kooperationserklärung)."))
        werte.append(d.wert(ERKLAERUNG))
    else:
        parts.append((Urteil.ERFUELLT, "Die Erklärung sagt zu, zeitnah eine Koordinationsstelle "
                      "einzurichten und zu besetzen (Punkt 3)."))
        werte.append(d.wert(ERKLAERUNG, "Absichts- und Kooperationserklärung, Punkt 3"))
    part, more = _steering_group(d, bis, v)
    parts.append(part)
    werte += more
    return _combine(parts, werte)


# --- Aufruf, Abschnitt 4: Koordinationsstelle und Förderrahmen -----------------------------------------

def koordinationsstelle(d: Daten, regeln: Regeln) -> Ergebnis:
    rule = regeln.bedingungen.koordinationsstelle
    stelle = d.get(KOORDINIERUNGSSTELLE)
    if stelle is None:
        return _missing("keine Angaben zur Koordinierungsstelle", d, KOORDINIERUNGSSTELLE)
    werte = [d.wert((*KOORDINIERUNGSSTELLE, "ansiedlung")),
             d.wert((*KOORDINIERUNGSSTELLE, "stelle")),
             d.wert((*KOORDINIERUNGSSTELLE, "person_vorgesehen"))]
    parts: list[tuple[Urteil, str]] = []
    if stelle.ansiedlung in rule.ansiedlung:
        parts.append((Urteil.ERFUELLT, f"Angesiedelt {stelle.ansiedlung_dativ}: zulässig."))
    elif stelle.ansiedlung in rule.ansiedlung_offen:
        if "ansiedlung_bezeichnung" in type(stelle).model_fields:  # the free name, where given
            werte.insert(1, d.wert((*KOORDINIERUNGSSTELLE, "ansiedlung_bezeichnung")))
        parts.append((Urteil.NICHT_PRUEFBAR,
                      f"Angesiedelt {stelle.ansiedlung_dativ}; ob das im Bereich von "
                      f"{aufzaehlung(rule.ansiedlung, 'oder')} liegt, entscheidet die BLS (Eintrag "
                      "„urteile: koordinationsstelle“ in der Bewertungsdatei)."))
    else:
        parts.append((Urteil.NICHT_ERFUELLT,
                      f"Angesiedelt {stelle.ansiedlung_dativ}; zulässig sind: "
                      f"{aufzaehlung(rule.ansiedlung, 'oder')}."))
    if d.get(ERKLAERUNG) is None:
        parts.append((Urteil.NICHT_PRUEFBAR, "Die Zusage, die Stelle so schnell wie möglich zu "
                      "besetzen, fehlt (keine Absichts- und Kooperationserklärung)."))
    else:
        person = " Eine Person ist bereits vorgesehen." if stelle.person_vorgesehen else ""
        parts.append((Urteil.ERFUELLT, "Die Besetzung ist in der Erklärung zugesagt (Punkt 3)."
                      + person))
        werte.append(d.wert(ERKLAERUNG, "Absichts- und Kooperationserklärung, Punkt 3"))
    return _combine(parts, werte)


def foerderung(d: Daten, regeln: Regeln) -> Ergebnis:
    rule = regeln.bedingungen.foerderung
    path = (*MODELLPROJEKT, "foerderung")
    asked = d.get(path)
    if asked is None:
        return _missing("keine Angaben zur Förderung", d, path)
    werte = [d.wert((*path, "betrag_max"), betrag(asked.betrag_max)),
             d.wert((*path, "vzae"), vzae(asked.vzae)),
             d.wert((*path, "monate"), f"{asked.monate} Monate"),
             d.wert((*path, "fruehester_beginn"), datum(asked.fruehester_beginn, "mm/jjjj"))]
    problems = []
    if asked.betrag_max > rule.betrag_max:
        problems.append(f"Betrag {betrag(asked.betrag_max)} statt höchstens {betrag(rule.betrag_max)}")
    if asked.vzae > rule.vzae_max:
        problems.append(f"Stellenumfang {vzae(asked.vzae)} statt höchstens {vzae(rule.vzae_max)}")
    if asked.monate > rule.monate_max:
        problems.append(f"{asked.monate} Monate statt höchstens {rule.monate_max}")
    if asked.fruehester_beginn < rule.fruehester_beginn:
        problems.append(f"Beginn {datum(asked.fruehester_beginn, 'mm/jjjj')} statt frühestens "
                        f"{datum(rule.fruehester_beginn, 'mm/jjjj')}")
    basis = (f"Die Unterlagen legen {vzae(asked.vzae)} für {asked.monate} Monate, bis zu "
             f"{betrag(asked.betrag_max)}, ab {datum(asked.fruehester_beginn, 'mm/jjjj')} zugrunde")
    if problems:
        return Ergebnis(Urteil.NICHT_ERFUELLT,
                        f"{basis}; außerhalb des Förderrahmens: {aufzaehlung(problems)}.", tuple(werte))
    return Ergebnis(Urteil.ERFUELLT, f"{basis}: im Förderrahmen.", tuple(werte))


# --- Aufruf, Abschnitt 7: die sechs Fragen --------------------------------------------------------------

_BEGRUENDUNG = (*KURZKONZEPT, "begruendung")
_FRAGEN: tuple[tuple[int, str, tuple[str | int, ...], bool], ...] = (
    (1, "bestehende Stellen", (*_BEGRUENDUNG, "bestehende_stellen_erlaeuterung"), True),
    (2, "Ansiedlung der Koordinierungsstelle", (*KOORDINIERUNGSSTELLE, "ansiedlung"), False),
    (3, "neue oder kombinierte Stelle", (*KOORDINIERUNGSSTELLE, "stelle"), False),
    (4, "vorgesehene Person", (*KOORDINIERUNGSSTELLE, "person_vorgesehen"), False),
    (5, "Verstetigung nach der Förderung", (*_BEGRUENDUNG, "verstetigung"), True),
    (6, "Zusammenarbeit von Jugend-, Gesundheits- und Sozialamt", (*_BEGRUENDUNG, "zusammenarbeit"),
     True),
)
"""Question number, short name, where the answer stands, whether it is written prose."""


def fragen(d: Daten, regeln: Regeln) -> Ergebnis:
    minimum = regeln.bedingungen.fragen.mindestzeichen
    werte, offen, knapp = [], [], []
    for nummer, name, path, prose in _FRAGEN:
        answer = d.get(path)
        if answer is None:
            offen.append(f"{nummer} ({name})")
            werte.append(d.wert(path))
            continue
        if prose:
            length = len(" ".join(str(answer).split()))
            werte.append(d.wert(path, f"{length} Zeichen: {_excerpt(str(answer))}"))
            if length < minimum:
                knapp.append(f"Frage {nummer} ({name}) mit {length} Zeichen")
        else:
            werte.append(d.wert(path))
    if knapp:
        return Ergebnis(Urteil.NICHT_ERFUELLT,
                        f"Zu knapp beantwortet (verlangt: mindestens {minimum} Zeichen): "
                        f"{aufzaehlung(knapp)}.", tuple(werte))
    if offen:
        which = f"die Fragen {aufzaehlung(offen)}" if len(offen) > 1 else f"Frage {offen[0]}"
        return Ergebnis(Urteil.NICHT_PRUEFBAR,
                        f"Die Unterlagen enthalten keine Antwort auf {which}.", tuple(werte))
    return Ergebnis(Urteil.ERFUELLT,
                    f"Alle sechs Fragen sind beantwortet; die Textantworten haben mindestens "
                    f"{minimum} Zeichen.", tuple(werte))


def _excerpt(text: str, length: int = 90) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= length else flat[: length - 1].rstrip() + "…"


# --- Aufruf, Abschnitt 8: Frist ------------------------------------------------------------------------

DOKUMENTDATEN: tuple[tuple[str, tuple[str | int, ...]], ...] = (
    ("Kurzkonzept", (*KURZKONZEPT, "datum")),
    ("Absichts- und Kooperationserklärung", (*ERKLAERUNG, "datum")),
)
"""The documents the call asks to send by the deadline; their dates show when an application
can have been sent at the earliest (a Kooperationsvereinbarung may follow later)."""


def frist(d: Daten, regeln: Regeln, eingang: Wert | None) -> Ergebnis:
    deadline = regeln.bedingungen.frist.einreichungsfrist
    werte = []
    dated: list[tuple[str, date]] = []
    for name, path in DOKUMENTDATEN:
        value = d.get(path)
        if isinstance(value, date):
            dated.append((name, value))
            werte.append(d.wert(path))
    frist_text = f"Einreichungsfrist {datum(deadline, 'kurz')}"
    if eingang is not None:
        received = date.fromisoformat(eingang.wert)
        ok = received <= deadline
        return Ergebnis(Urteil.ERFUELLT if ok else Urteil.NICHT_ERFUELLT,
                        f"Eingegangen am {datum(received, 'kurz')} laut Bewertungsdatei der BLS; "
                        f"{frist_text}{'' if ok else ' überschritten'}.", (eingang, *werte))
    late = [f"{name} ({datum(day, 'kurz')})" for name, day in dated if day > deadline]
    if late:
        return Ergebnis(Urteil.NICHT_ERFUELLT,
                        f"Datiert nach der {frist_text}: {aufzaehlung(late)}; die Unterlagen können "
                        "nicht fristgerecht eingereicht worden sein.", tuple(werte))
    latest = max((day for _, day in dated), default=None)
    dated_text = f" Die Unterlagen sind bis zum {datum(latest, 'kurz')} datiert." if latest else ""
    return Ergebnis(Urteil.NICHT_PRUEFBAR,
                    "Das Eingangsdatum ist nicht erfasst (Eintrag „eingang“ in der Bewertungsdatei)."
                    f"{dated_text}", tuple(werte))


CHECKS: tuple[tuple[BedingungId, Callable[[Daten, Regeln], Ergebnis]], ...] = (
    ("belastung", belastung),
    ("erklaerung", erklaerung),
    ("handlungsfeld_a", _free_text_field("A")),
    ("handlungsfeld_b", handlungsfeld_b),
    ("handlungsfeld_c", _free_text_field("C")),
    ("handlungsfeld_d", _free_text_field("D")),
    ("koordinationsstelle", koordinationsstelle),
    ("foerderung", foerderung),
    ("fragen", fragen),
)
"""Every condition decided from one file's data, in the call's order; ``frist`` (which also
needs the BLS's date of receipt) comes last."""
