"""Dokumentation eines Werkstattgesprächs: what a workshop with the BLS documents.

The call (§5, §6) asks each pilot municipality to hold two Werkstattgespräche with
the BLS, one at the start and one about six months later, to win local actors,
survey needs, map the help systems and set goals. Their documentation follows the
model of a workshop documentation: agenda with times and speakers, a summary per
agenda item (inputs, discussion, results), decisions, next steps with who and by
when (Wiedervorlage), open questions and attachments.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, time
from typing import Annotated, Literal

from pydantic import Field

from docgen.models.base import Finding, Model, Text
from docgen.models.klauseln import Kennung


class Teilnehmende(Model):
    name: Text
    institution: Text
    funktion: Text | None = None
    status: Literal["anwesend", "entschuldigt"] = "anwesend"


class Tagesordnungspunkt(Model):
    beginn: time
    """Start time, e.g. ``09:30``."""
    ende: time | None = None
    thema: Text
    referierende: list[Text] = []
    """Who speaks or leads the item: name and institution."""
    input: Text | None = None
    """What the input presented, in paragraphs (blank line separates)."""
    diskussion: list[Text] = []
    """Points raised in the discussion."""
    ergebnisse: list[Text] = []


class NaechsterSchritt(Model):
    was: Text
    wer: Text
    bis: date
    """Date of the Wiedervorlage."""


class Werkstattgespraech(Model):
    id: Kennung
    """Short name for file names, e.g. ``auftakt``."""
    titel: Text
    """e.g. „Erstes Werkstattgespräch (Auftakt)“."""
    anlass: Text = "Werkstattgespräch im Modellprojekt „Kommunale Gesamtkonzepte“ (KommGes)"
    datum: date
    beginn: time
    ende: time
    ort: Text
    veranstaltet_von: Text
    """Who invites, e.g. the Koordinationsstelle of the municipality together with the BLS."""
    moderation: Text
    protokoll: Text
    """Who wrote this documentation."""
    ziele: Annotated[list[Text], Field(min_length=1)]
    teilnehmende: Annotated[list[Teilnehmende], Field(min_length=1)]
    tagesordnung: Annotated[list[Tagesordnungspunkt], Field(min_length=1)]
    beschluesse: list[Text] = []
    naechste_schritte: list[NaechsterSchritt] = []
    offene_fragen: list[Text] = []
    anlagen: list[Text] = []

    @property
    def anwesend(self) -> list[Teilnehmende]:
        return [t for t in self.teilnehmende if t.status == "anwesend"]

    @property
    def entschuldigt(self) -> list[Teilnehmende]:
        return [t for t in self.teilnehmende if t.status == "entschuldigt"]

    def checks(self) -> Iterator[Finding]:
        if self.ende <= self.beginn:
            yield Finding(("ende",), "das Ende liegt nicht nach dem Beginn")
        previous: time | None = None
        for index, punkt in enumerate(self.tagesordnung):
            if not self.beginn <= punkt.beginn <= self.ende:
                yield Finding(("tagesordnung", index, "beginn"),
                              f"der Tagesordnungspunkt beginnt außerhalb der Zeit des Gesprächs "
                              f"({self.beginn:%H:%M}–{self.ende:%H:%M} Uhr)")
            if previous is not None and punkt.beginn < previous:
                yield Finding(("tagesordnung", index, "beginn"),
                              "die Tagesordnungspunkte stehen nicht in zeitlicher Reihenfolge")
            if punkt.ende is not None and punkt.ende <= punkt.beginn:
                yield Finding(("tagesordnung", index, "ende"),
                              "das Ende liegt nicht nach dem Beginn")
            previous = punkt.beginn
        if not self.anwesend:
            yield Finding(("teilnehmende",), "niemand ist als anwesend eingetragen")
        for index, schritt in enumerate(self.naechste_schritte):
            if schritt.bis < self.datum:
                yield Finding(("naechste_schritte", index, "bis"),
                              "die Wiedervorlage liegt vor dem Werkstattgespräch", warning=True)
