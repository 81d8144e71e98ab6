"""The Prüfbericht of one application: every condition's verdict, as JSON and as PDF.

The BLS's own verdicts (assessment file) decide only what the data leaves open; where
the data decides, a differing BLS entry is named in the reason and not used.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING, Any

from docgen import __version__
from docgen.formatting import aufzaehlung, datum
from docgen.pruefung.bedingungen import CHECKS, Ergebnis, Urteil, frist
from docgen.pruefung.daten import KOMMUNE, Daten, Wert
from docgen.pruefung.regeln import Assessment, BedingungId, KommuneBewertung, Regeln
from docgen.templating import render_template

if TYPE_CHECKING:
    from docgen.pipeline import Engine

FORMAT = "docgen-pruefbericht/1"
TEMPLATE = "pruefbericht.html.j2"


@dataclass(frozen=True)
class Pruefung:
    """One condition as the report shows it."""

    id: str
    titel: str
    fundstelle: str
    wortlaut: str
    urteil: Urteil
    begruendung: str
    werte: tuple[Wert, ...]
    entschieden_durch: str
    """„Daten“ or „BLS“ (the assessment file)."""

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "titel": self.titel, "fundstelle": self.fundstelle,
                "wortlaut": self.wortlaut, "urteil": str(self.urteil),
                "begruendung": self.begruendung, "entschieden_durch": self.entschieden_durch,
                "werte": [w.as_json() for w in self.werte]}


def _count(n: int, singular: str, plural: str) -> str:
    return f"{n} {singular if n == 1 else plural}"


@dataclass(frozen=True)
class Pruefbericht:
    datei: str
    kommune: str
    art: str | None
    regeln: str
    aufruf: str
    pruefdatum: date
    pruefungen: tuple[Pruefung, ...]

    def with_verdict(self, verdict: Urteil) -> tuple[Pruefung, ...]:
        return tuple(p for p in self.pruefungen if p.urteil is verdict)

    @property
    def ergebnis(self) -> Urteil:
        verdicts = {p.urteil for p in self.pruefungen}
        if Urteil.NICHT_ERFUELLT in verdicts:
            return Urteil.NICHT_ERFUELLT
        return Urteil.NICHT_PRUEFBAR if Urteil.NICHT_PRUEFBAR in verdicts else Urteil.ERFUELLT

    @property
    def alle_erfuellt(self) -> bool:
        return self.ergebnis is Urteil.ERFUELLT

    @property
    def zusammenfassung(self) -> str:
        total = len(self.pruefungen)
        if self.alle_erfuellt:
            return f"{self.kommune}: alle {total} Bedingungen des Aufrufs erfüllt."
        parts = [f"{len(self.with_verdict(Urteil.ERFUELLT))} von "
                 f"{_count(total, 'Bedingung', 'Bedingungen')} erfüllt"]
        for verdict in (Urteil.NICHT_ERFUELLT, Urteil.NICHT_PRUEFBAR):
            found = self.with_verdict(verdict)
            if found:
                parts.append(f"{len(found)} {verdict} ({aufzaehlung([p.titel for p in found])})")
        return f"{self.kommune}: {', '.join(parts)}."

    def as_json(self) -> dict[str, Any]:
        return {"format": FORMAT, "datei": self.datei, "kommune": self.kommune, "art": self.art,
                "regeln": self.regeln, "aufruf": self.aufruf,
                "pruefdatum": self.pruefdatum.isoformat(), "ergebnis": str(self.ergebnis),
                "zusammenfassung": self.zusammenfassung,
                "bedingungen": [p.as_json() for p in self.pruefungen]}

    def json_bytes(self) -> bytes:
        """Stable JSON: the same input gives the same bytes."""
        return (json.dumps(self.as_json(), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def kommune_name(d: Daten) -> str:
    kommune = d.get(KOMMUNE)
    return str(kommune.name) if kommune is not None else d.path.stem


def _with_assessment(cid: BedingungId, result: Ergebnis, bls: KommuneBewertung | None,
                     where: str) -> tuple[Ergebnis, str]:
    entry = bls.urteile.get(cid) if bls is not None else None
    if entry is None:
        return result, "Daten"
    wert = Wert(f"urteile.{cid}", entry.model_dump(mode="json"),
                f"{entry.urteil}: {entry.begruendung}", where)
    if result.urteil is not Urteil.NICHT_PRUEFBAR:
        return Ergebnis(result.urteil, f"{result.begruendung} Die Bewertung der BLS "
                        f"(„{entry.urteil}“) bleibt unberücksichtigt, weil die Daten die Bedingung "
                        "entscheiden.", (*result.werte, wert)), "Daten"
    return Ergebnis(Urteil(entry.urteil), f"{result.begruendung} Entscheidung der BLS: "
                    f"{entry.begruendung}", (*result.werte, wert)), "BLS"


def check(d: Daten, regeln: Regeln, assessment: Assessment, pruefdatum: date) -> Pruefbericht:
    """Every condition of the call for one data file."""
    name = kommune_name(d)
    bls = assessment.of(name)
    eingang = None
    if bls is not None and bls.eingang is not None:
        eingang = Wert("eingang", bls.eingang.isoformat(), datum(bls.eingang, "kurz"),
                       assessment.where(name, "eingang"))
    results: list[tuple[BedingungId, Ergebnis]] = [(cid, run(d, regeln)) for cid, run in CHECKS]
    results.append(("frist", frist(d, regeln, eingang)))
    pruefungen = []
    for cid, result in results:
        final, by = _with_assessment(cid, result, bls, assessment.where(name, "urteile", cid))
        rule = getattr(regeln.bedingungen, cid)
        pruefungen.append(Pruefung(cid, rule.titel, rule.fundstelle, rule.wortlaut, final.urteil,
                                   final.begruendung, final.werte, by))
    kommune = d.get(KOMMUNE)
    return Pruefbericht(d.file, name, kommune.art if kommune is not None else None, regeln.name,
                        regeln.aufruf, pruefdatum, tuple(pruefungen))


def render_pdf(engine: Engine, bericht: Pruefbericht, regeln: Regeln) -> bytes:
    """The Prüfbericht as PDF: the BLS as sender, the same letterhead as every document."""
    html = render_template(engine.env, TEMPLATE, report_context(bericht, regeln))
    return engine.pdf_renderer.render(html, source_name=TEMPLATE)


def report_context(bericht: Pruefbericht, regeln: Regeln) -> dict[str, Any]:
    return {"bericht": bericht, "regeln": regeln, "absender": regeln.absender,
            **sender_context(regeln, bericht.pruefdatum)}


def sender_context(regeln: Regeln, day: date) -> dict[str, Any]:
    """What base.html.j2 and the letterhead need, with the BLS as sender."""
    created = datetime.combine(day, time(), tzinfo=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return {"briefkopf": regeln.absender.briefkopf, "logo": regeln.logo, "erstellt": created,
            "docgen_version": __version__}


def exit_ok(berichte: Sequence[Pruefbericht]) -> bool:
    return all(b.alle_erfuellt for b in berichte)
