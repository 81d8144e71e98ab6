"""The kinds of body a Geschäftsordnung is for: six presets and kinds of one's own.

Each kind is a noun phrase with its grammatical gender, so texts decline it right
(``docgen.grammatik``): „der regionale Beirat“, „des Fallteams“, „die Steuerungsgruppe“.
"""

from __future__ import annotations

from typing import Literal

from docgen.grammatik import GENUS_NACH_ARTIKEL, Nominalphrase

Gremium = Literal[
    "kommunale Steuerungsgruppe", "Sozialraumkonferenz", "Regionalkonferenz",
    "regionaler Beirat", "Regionalteam", "Fallteam",
]
"""The six kinds of body the model project knows; any other needs ``artikel``."""

GREMIEN: dict[str, tuple[Nominalphrase, Nominalphrase]] = {
    "kommunale Steuerungsgruppe": (Nominalphrase("Steuerungsgruppe", "f", "kommunal"),
                                   Nominalphrase("Steuerungsgruppe", "f")),
    "Sozialraumkonferenz": (Nominalphrase("Sozialraumkonferenz", "f"),) * 2,
    "Regionalkonferenz": (Nominalphrase("Regionalkonferenz", "f"),) * 2,
    "regionaler Beirat": (Nominalphrase("Beirat", "m", "regional", genitiv="Beirates"),) * 2,
    "Regionalteam": (Nominalphrase("Regionalteam", "n"),) * 2,
    "Fallteam": (Nominalphrase("Fallteam", "n"),) * 2,
}
"""Preset bodies: (full phrase, short phrase used in running text)."""


def freie_gremienart(bezeichnung: str, artikel: str, genitiv: str | None) -> Nominalphrase:
    """A body kind the data names itself: „Arbeitskreis“ (der), „PSAG-Arbeitsgruppe“ (die);
    a leading lower-case adjective is declined too („regionale Lenkungsgruppe“)."""
    genus = GENUS_NACH_ARTIKEL[artikel]
    first, _, rest = bezeichnung.partition(" ")
    if rest and first[:1].islower() and first.endswith("e"):
        return Nominalphrase(rest, genus, first[:-1], genitiv=genitiv)
    return Nominalphrase(bezeichnung, genus, genitiv=genitiv)
