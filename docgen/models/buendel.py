"""The application bundle: which documents and external PDFs go into the one file."""

from __future__ import annotations

from typing import Literal

from pydantic import model_validator
from pydantic_core import PydanticCustomError

from docgen.models.base import Dateiname, Model, Text


class BuendelTeil(Model):
    """One part of the bundle: a rendered document (by file stem) or an external PDF."""

    dokument: Text | None = None
    """Stem of a rendered document, e.g. ``kurzkonzept`` or ``geschaeftsordnung-fallteam-sued``."""
    anhang: Text | None = None
    """Path of a PDF file, relative to the data file's folder."""
    titel: Text | None = None
    """Title in the table of contents; required for an ``anhang``."""

    @model_validator(mode="after")
    def _genau_eins(self) -> BuendelTeil:
        if (self.dokument is None) == (self.anhang is None):
            raise PydanticCustomError(
                "teil", "genau eines von „dokument“ oder „anhang“ angeben")
        if self.anhang is not None and self.titel is None:
            raise PydanticCustomError("teil", "ein Anhang braucht einen „titel“")
        return self


class Buendel(Model):
    titel: Text = "Bewerbung als Pilotkommune im Modellprojekt „Kommunale Gesamtkonzepte“"
    dateiname: Dateiname = "buendel"
    teile: list[BuendelTeil] | None = None
    """Order of the bundle; without it: every rendered document in registry order."""
    seitenzahlen: Literal["durchgehend", "je_dokument"] = "durchgehend"
    quelldaten_einbetten: bool = False
    """Embed the data file itself (makes the bundle PDF/A-3 instead of PDF/A-2)."""
