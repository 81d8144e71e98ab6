from __future__ import annotations

import datetime as dt

import pytest

from docgen.formatting import absaetze, aufzaehlung, betrag, datum, prozent, vzae, zahl

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("form", "expected"),
    [("lang", "13. Februar 2026"), ("kurz", "13.02.2026"), ("monat", "Februar 2026"),
     ("mm/jjjj", "02/2026")],
)
def test_datum(form: str, expected: str) -> None:
    assert datum(dt.date(2026, 2, 13), form) == expected


def test_datum_rejects_unknown_form() -> None:
    with pytest.raises(ValueError, match="unbekannte Datumsform „iso“"):
        datum(dt.date(2026, 2, 13), "iso")


@pytest.mark.parametrize(
    ("value", "stellen", "expected"),
    [(1234.5, None, "1.234,5"), (2481.6, 1, "2.481,6"), (11342, 1, "11.342,0"),
     (0.5, None, "0,5"), (1000000, 0, "1.000.000")],
)
def test_zahl(value: float, stellen: int | None, expected: str) -> None:
    assert zahl(value, stellen) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(100000, f"100.000{NBSP}€"), (99.5, f"99,50{NBSP}€"), (1234.56, f"1.234,56{NBSP}€")],
)
def test_betrag(value: float, expected: str) -> None:
    assert betrag(value) == expected


def test_prozent_and_vzae() -> None:
    assert prozent(0.125, 1) == f"12,5{NBSP}%"
    assert prozent(0.5) == f"50{NBSP}%"
    assert vzae(0.5) == f"0,5{NBSP}VZÄ"


def test_absaetze_escapes_and_splits_lines() -> None:
    html = absaetze("Erster <b>Absatz</b> & mehr\n\n  Zweiter \"Absatz\"\n")
    assert str(html) == (
        "<p>Erster &lt;b&gt;Absatz&lt;/b&gt; &amp; mehr</p>\n"
        "<p>Zweiter &#34;Absatz&#34;</p>"
    )


def test_aufzaehlung() -> None:
    assert aufzaehlung(["A"]) == "A"
    assert aufzaehlung(["A", "B", "C"]) == "A, B und C"
    assert aufzaehlung(["A", "B"], "oder") == "A oder B"
