"""How a data file changes the standard clauses of a clause-based document.

The standard clauses live in the template folders (``klauseln/<werk>.yaml``); the
data names them by their id and may replace, drop or extend them, and insert new
ones before or after any other.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Annotated, ClassVar

from pydantic import AfterValidator, Field, Tag, model_validator
from pydantic_core import PydanticCustomError

from docgen.models.base import Finding, Model, Text, nach_schluesseln

_ID = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
"""Single underscores between letters and digits: ids also name files (``_`` → ``-``)."""


def _kennung(value: str) -> str:
    if not _ID.match(value):
        raise PydanticCustomError(
            "kennung",
            "ungültige Kennung „{value}“ (nur a–z, 0–9 und einzelne _, beginnend mit einem "
            "Buchstaben, nicht endend mit _)",
            {"value": value},
        )
    return value


Kennung = Annotated[str, AfterValidator(_kennung)]


class AbsatzMitPunkten(Model):
    text: Text = Field(title="Einleitender Text", description="Satz vor den Aufzählungspunkten")
    punkte: Annotated[list[Text], Field(min_length=1)] = Field(
        title="Aufzählungspunkte", description="mindestens ein Punkt"
    )


AbsatzDaten = Annotated[
    Annotated[Text, Tag("§text")] | Annotated[AbsatzMitPunkten, Tag("§absatz")],
    nach_schluesseln("§absatz", "text", "punkte"),
]
"""A paragraph: plain text, or a lead-in text with bullet points."""


class KlauselAenderung(Model):
    """Changes to one standard clause: new title, new paragraphs, more paragraphs, or drop it."""

    titel: Text | None = Field(
        default=None, title="Neuer Titel", description="optional: ersetzt den Titel des Abschnitts"
    )
    absaetze: list[AbsatzDaten] | None = Field(
        default=None, title="Neuer Wortlaut",
        description="optional: ersetzt alle Absätze des Standardabschnitts",
    )
    ergaenzen: list[AbsatzDaten] = Field(
        default=[], title="Ergänzende Absätze",
        description="werden an den Standardabschnitt angehängt",
    )
    entfaellt: bool = Field(
        default=False, title="Abschnitt entfällt", description="den Standardabschnitt weglassen"
    )


class NeueKlausel(Model):
    id: Kennung = Field(
        title="Kennung", description="a–z, 0–9 und _, beginnend mit einem Buchstaben, z. B. „evaluation“"
    )
    titel: Text = Field(title="Titel", description="Überschrift des neuen Abschnitts")
    absaetze: list[AbsatzDaten] = Field(title="Absätze", description="Wortlaut des Abschnitts")
    nach: Kennung | None = Field(
        default=None, title="Einfügen nach", description="Kennung des Abschnitts, nach dem er steht"
    )
    vor: Kennung | None = Field(
        default=None, title="Einfügen vor", description="Kennung des Abschnitts, vor dem er steht"
    )

    @model_validator(mode="after")
    def _genau_eine_stelle(self) -> NeueKlausel:
        if (self.nach is None) == (self.vor is None):
            raise PydanticCustomError(
                "stelle", "genau eines von „nach“ oder „vor“ angeben (wo der neue Abschnitt steht)"
            )
        return self


class Klauselwerk(Model):
    """Mixin fields of every clause-based document's data."""

    klauseln: dict[Kennung, KlauselAenderung] = Field(
        default={}, title="Änderungen an Standardabschnitten",
        description="je Kennung eines Standardabschnitts: neuer Titel, neuer Wortlaut, "
                    "Ergänzung oder Wegfall",
    )
    neue_klauseln: list[NeueKlausel] = Field(
        default=[], title="Neue Abschnitte",
        description="zusätzliche Abschnitte, jeweils vor oder nach einem bestehenden",
    )

    FELDER_DER_ABSCHNITTE: ClassVar[dict[str, str]] = {}
    """Fields only one standard section's text uses (field → section id): they are
    required unless the data replaces that section's text or drops the section."""

    def ersetzt(self, kennung: str) -> bool:
        """Whether the data replaces the standard text of section ``kennung`` or drops it."""
        change = self.klauseln.get(kennung)
        return change is not None and (change.entfaellt or change.absaetze is not None)

    def checks(self) -> Iterator[Finding]:
        for name, kennung in self.FELDER_DER_ABSCHNITTE.items():
            if getattr(self, name) is None and not self.ersetzt(kennung):
                yield Finding((name,), f"Pflichtfeld fehlt (der Standardabschnitt „{kennung}“ "
                                       f"braucht es; nicht nötig, wenn „klauseln.{kennung}“ "
                                       "eigene „absaetze“ hat oder „entfaellt: true“)")
