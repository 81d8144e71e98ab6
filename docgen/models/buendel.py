"""The application bundle: which documents and external PDFs go into the one file."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from docgen.models.base import Dateiname, Model, Text


class BuendelTeil(Model):
    """One part of the bundle: a rendered document (by file stem) or an external PDF."""

    dokument: Text | None = Field(
        default=None, title="Dokument",
        description="Dateiname eines erzeugten Dokuments ohne Endung, z. B. „kurzkonzept“ oder "
                    "„geschaeftsordnung-fallteam-sued“",
    )
    anhang: Text | None = Field(
        default=None, title="Anhang (PDF-Datei)",
        description="Pfad einer PDF-Datei, relativ zum Ordner der Datendatei",
    )
    titel: Text | None = Field(
        default=None, title="Titel im Anlagenverzeichnis",
        description="Pflicht bei einem Anhang, z. B. „Sozialstrukturatlas 2024 (Auszug)“",
    )

    @model_validator(mode="after")
    def _genau_eins(self) -> BuendelTeil:
        if (self.dokument is None) == (self.anhang is None):
            raise PydanticCustomError(
                "teil", "genau eines von „dokument“ oder „anhang“ angeben")
        if self.anhang is not None and self.titel is None:
            raise PydanticCustomError("teil", "ein Anhang braucht einen „titel“")
        return self


class Buendel(Model):
    titel: Text = Field(
        default="Bewerbung als Pilotkommune im Modellprojekt „Kommunale Gesamtkonzepte“",
        title="Titel des Bündels", description="Überschrift des Deckblatts",
    )
    dateiname: Dateiname = Field(
        default="buendel", title="Dateiname", description="Name der PDF-Datei ohne Endung, z. B. „buendel“"
    )
    teile: list[BuendelTeil] | None = Field(
        default=None, title="Teile und Reihenfolge",
        description="Reihenfolge des Bündels; leer: alle erzeugten Dokumente in der "
                    "üblichen Reihenfolge",
    )
    seitenzahlen: Literal["durchgehend", "je_dokument"] = Field(
        default="durchgehend", title="Seitenzählung",
        description="durchgehend über das ganze Bündel oder in jedem Dokument neu beginnend",
    )
    quelldaten_einbetten: bool = Field(
        default=False, title="Datendatei einbetten",
        description="die Datendatei selbst in das PDF einbetten (macht das Bündel zu PDF/A-3 "
                    "statt PDF/A-2)",
    )
