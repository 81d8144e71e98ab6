"""Measures of a DIN 5008 business letter on A4, in millimetres from the page's top-left.

Form A has a letterhead of 27 mm, Form B (the default) one of 45 mm; everything
else follows from that. The letter template positions its zones with these
numbers; the tests measure the PDF against the standard's figures directly.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

RUECKSENDE_PT = (7.0, 6.5, 6.0)
"""Type sizes the return-address line may take, largest first (DIN 5008: small type)."""


@dataclass(frozen=True)
class DinForm:
    name: str
    anschriftfeld_oben: float
    """Top of the address field (27 mm Form A, 45 mm Form B)."""
    infoblock_oben: float
    """Top of the information block (32 mm Form A, 50 mm Form B)."""
    falzmarken: tuple[float, float]
    """Heights of the two fold marks (87/192 mm Form A, 105/210 mm Form B)."""
    anschriftfeld_links: float = 20.0
    anschriftfeld_breite: float = 85.0
    anschriftfeld_hoehe: float = 45.0
    zusatzzone_hoehe: float = 17.7
    """Return address and remarks, above the recipient."""
    empfaengerzone_hoehe: float = 27.3
    infoblock_links: float = 125.0
    infoblock_breite: float = 75.0
    lochmarke: float = 148.5
    text_links: float = 25.0
    text_rechts: float = 20.0
    rand_oben: float = 20.0
    """Top page margin of every page; page 2 onwards starts its text here."""
    rand_unten: float = 22.0

    @property
    def empfaengerzone_oben(self) -> float:
        return self.anschriftfeld_oben + self.zusatzzone_hoehe

    @property
    def anschriftfeld_unten(self) -> float:
        return self.anschriftfeld_oben + self.anschriftfeld_hoehe

    @property
    def textbeginn(self) -> float:
        """Where the subject line starts: two blank lines below the address field."""
        return self.anschriftfeld_unten + 8.46

    @property
    def ruecksendeangabe_breite(self) -> float:
        """Width the one-line return address may take (the address field less its indent)."""
        return self.anschriftfeld_breite - 5.0

    def ruecksendeangabe_pt(self, text: str) -> float | None:
        """The largest type size at which ``text`` fits on one line, or None."""
        for size in RUECKSENDE_PT:
            if text_width_mm(text, size) <= self.ruecksendeangabe_breite - 0.5:
                return size
        return None

    def relativ(self, x: float | None = None, y: float | None = None) -> float:
        """A page coordinate relative to page 1's content box (which starts at the margins)."""
        if x is not None:
            return round(x - self.text_links, 2)
        assert y is not None
        return round(y - self.rand_oben, 2)


FORM_A = DinForm("A", anschriftfeld_oben=27.0, infoblock_oben=32.0, falzmarken=(87.0, 192.0))
FORM_B = DinForm("B", anschriftfeld_oben=45.0, infoblock_oben=50.0, falzmarken=(105.0, 210.0))

FORMS = {"A": FORM_A, "B": FORM_B}


@functools.lru_cache(maxsize=1)
def _advances() -> tuple[dict[int, int], int]:
    from fontTools.ttLib import TTFont

    from docgen.templating import builtin_templates

    with TTFont(builtin_templates() / "fonts" / "LiberationSans-Regular.ttf") as font:
        metrics = font["hmtx"].metrics
        widths = {code: metrics[name][0] for code, name in font.getBestCmap().items()}
        return widths, int(font["head"].unitsPerEm)


def text_width_mm(text: str, size_pt: float) -> float:
    """Width of ``text`` set in Liberation Sans at ``size_pt``, without kerning."""
    widths, units = _advances()
    fallback = widths.get(ord("n"), units // 2)
    em = sum(widths.get(ord(char), fallback) for char in text) / units
    return em * size_pt * 25.4 / 72
