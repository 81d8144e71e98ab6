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
    name: Text = Field(title="Name", description="Vor- und Nachname, z. B. „Dr. Jörg Weißenböck“")
    institution: Text = Field(title="Institution", description="z. B. „Jugendamt des Landkreises …“")
    funktion: Text | None = Field(default=None, title="Funktion",
                                  description="optional, z. B. „Leiterin des Jugendamtes“")
    status: Literal["anwesend", "entschuldigt"] = Field(
        default="anwesend", title="Teilnahme", description="anwesend oder entschuldigt")


class Tagesordnungspunkt(Model):
    beginn: time = Field(title="Beginn", description="Uhrzeit im Format HH:MM, z. B. 09:30")
    ende: time | None = Field(default=None, title="Ende",
                              description="optional, Uhrzeit im Format HH:MM")
    thema: Text = Field(title="Thema", description="Titel des Tagesordnungspunkts")
    referierende: list[Text] = Field(
        default=[], title="Referierende",
        description="wer den Punkt vorstellt oder leitet, mit Institution in Klammern")
    input: Text | None = Field(default=None, title="Input",
                               description="was vorgestellt wurde, in Absätzen (optional)")
    diskussion: list[Text] = Field(default=[], title="Diskussion",
                                   description="Punkte aus der Diskussion, je Zeile einer")
    ergebnisse: list[Text] = Field(default=[], title="Ergebnisse",
                                   description="was festgehalten wurde, je Zeile eines")


class NaechsterSchritt(Model):
    was: Text = Field(title="Was", description="die verabredete Aufgabe")
    wer: Text = Field(title="Wer", description="wer sie übernimmt")
    bis: date = Field(title="Bis (Wiedervorlage)", description="Datum der Wiedervorlage, TT.MM.JJJJ")


class Werkstattgespraech(Model):
    id: Kennung = Field(title="Kennung", description="kurzer Name für den Dateinamen, z. B. „auftakt“")
    titel: Text = Field(title="Titel", description="z. B. „Erstes Werkstattgespräch (Auftakt)“")
    anlass: Text = Field(
        default="Werkstattgespräch im Modellprojekt „Kommunale Gesamtkonzepte“ (KommGes)",
        title="Anlass", description="Zeile über dem Titel")
    datum: date = Field(title="Datum", description="Tag des Werkstattgesprächs, TT.MM.JJJJ")
    beginn: time = Field(title="Beginn", description="Uhrzeit im Format HH:MM")
    ende: time = Field(title="Ende", description="Uhrzeit im Format HH:MM")
    ort: Text = Field(title="Ort", description="Ort und Raum des Gesprächs")
    veranstaltet_von: Text = Field(
        title="Veranstaltet von", description="wer einlädt, z. B. die Koordinationsstelle mit der BLS")
    moderation: Text = Field(title="Moderation", description="wer moderiert, mit Institution")
    protokoll: Text = Field(title="Dokumentation", description="wer diese Dokumentation schreibt")
    ziele: Annotated[list[Text], Field(min_length=1)] = Field(
        title="Ziele des Gesprächs", description="mindestens eines, je Zeile eines")
    teilnehmende: Annotated[list[Teilnehmende], Field(min_length=1)] = Field(
        title="Teilnehmende", description="wer anwesend oder entschuldigt war")
    tagesordnung: Annotated[list[Tagesordnungspunkt], Field(min_length=1)] = Field(
        title="Tagesordnung", description="die Punkte mit Zeiten, Referierenden und Ergebnissen")
    beschluesse: list[Text] = Field(default=[], title="Beschlüsse",
                                    description="was beschlossen wurde, je Zeile eines")
    naechste_schritte: list[NaechsterSchritt] = Field(
        default=[], title="Nächste Schritte", description="was, wer, bis wann (Wiedervorlage)")
    offene_fragen: list[Text] = Field(default=[], title="Offene Fragen",
                                      description="was noch zu klären ist, je Zeile eine Frage")
    anlagen: list[Text] = Field(default=[], title="Anlagen",
                                description="Titel der Anlagen, je Zeile einer")

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
