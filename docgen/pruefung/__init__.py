"""The BLS side: check applications against the call, compare them, help choose the pilots.

A library first; the command line (``docgen pruefen``, ``uebersicht``, ``auswahl``) and
the web app call the same functions:

- ``load_rules`` / ``load_assessment``: the call's rules file and the BLS's assessments;
- ``check_file``: one data file → ``Bewerbung`` (its ``Pruefbericht`` and ``Steckbrief``);
- ``bericht.render_pdf`` / ``Pruefbericht.json_bytes``: the report as PDF and JSON;
- ``uebersicht.workbook`` / ``uebersicht.render_pdf``: the overview of many applications;
- ``auswahl.select``: the candidate groups of three.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from docgen.errors import DocgenError, Problem
from docgen.loading import SUFFIXES
from docgen.pruefung.auswahl import Auswahl, select
from docgen.pruefung.bedingungen import Urteil
from docgen.pruefung.bericht import Pruefbericht, check, kommune_name
from docgen.pruefung.daten import read
from docgen.pruefung.regeln import Assessment, Regeln, load_assessment, load_rules
from docgen.pruefung.steckbrief import Steckbrief, profile


@dataclass(frozen=True)
class Bewerbung:
    """One application as the BLS sees it."""

    bericht: Pruefbericht
    steckbrief: Steckbrief


def check_file(path: Path | str, regeln: Regeln, assessment: Assessment,
               pruefdatum: date) -> Bewerbung:
    """Load, validate and check one data file (DataError if the file is invalid)."""
    d = read(path)
    bericht = check(d, regeln, assessment, pruefdatum)
    return Bewerbung(bericht, profile(d, regeln, assessment, kommune_name(d)))


def discover(folder: Path, exclude: tuple[Path, ...] = ()) -> list[Path]:
    """The data files directly in ``folder`` (not below: base files live in subfolders),
    without hidden files and without ``exclude`` (the assessment or rules file)."""
    skip = {p.resolve() for p in exclude}
    return sorted(p for p in folder.iterdir()
                  if p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.startswith(".")
                  and p.resolve() not in skip)


def check_all(paths: list[Path], regeln: Regeln, assessment: Assessment, pruefdatum: date
              ) -> tuple[list[Bewerbung], list[Problem]]:
    """Check many files; an invalid one is left out and its problems are returned."""
    done: list[Bewerbung] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            done.append(check_file(path, regeln, assessment, pruefdatum))
        except DocgenError as exc:
            problems += exc.problems
    return done, problems


def report_date(text: str | None) -> date:
    """The date a report carries: given (``JJJJ-MM-TT``), else ``SOURCE_DATE_EPOCH``, else today.

    Today is the one value taken from the clock: the day of the check; give ``--datum``
    (or ``SOURCE_DATE_EPOCH``) for byte-identical reports.
    """
    if text is not None:
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise DocgenError.single(f"ungültiges Datum „{text}“ (erwartet JJJJ-MM-TT)") from None
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC).date()
    return date.today()


def choose(bewerbungen: list[Bewerbung], regeln: Regeln) -> Auswahl:
    """The selection help over checked applications."""
    return select(
        [b.steckbrief for b in bewerbungen],
        [b.bericht.alle_erfuellt for b in bewerbungen],
        [_lacking(b.bericht) for b in bewerbungen], regeln)


def _lacking(bericht: Pruefbericht) -> str:
    parts = []
    for verdict in (Urteil.NICHT_ERFUELLT, Urteil.NICHT_PRUEFBAR):
        found = bericht.with_verdict(verdict)
        if found:
            parts.append(f"{verdict}: {', '.join(p.titel for p in found)}")
    return "; ".join(parts)


__all__ = ["Assessment", "Auswahl", "Bewerbung", "Pruefbericht", "Regeln", "Steckbrief",
           "check_all", "check_file", "choose", "discover", "load_assessment", "load_rules",
           "report_date"]
