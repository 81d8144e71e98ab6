"""German formatting for templates (dates, numbers, amounts, text), one module for all.

Every function is a Jinja filter under the name in ``FILTERS`` and is used the
same way by the HTML and (later) the DOCX templates. Numbers follow German
conventions through Babel: ``1.234,5``, ``100.000 €``, ``13. Februar 2026``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent
from markupsafe import Markup

from docgen import grammatik, typografie

LOCALE = "de_DE"

Number = int | float | Decimal


def datum(value: dt.date, form: str = "lang") -> str:
    """``lang``: 13. Februar 2026; ``kurz``: 13.02.2026; ``monat``: Februar 2026; ``mm/jjjj``: 02/2026."""
    patterns = {"lang": "d. MMMM y", "kurz": "dd.MM.y", "monat": "MMMM y", "mm/jjjj": "MM/y"}
    try:
        pattern = patterns[form]
    except KeyError:
        raise ValueError(f"unbekannte Datumsform „{form}“; erlaubt: {', '.join(patterns)}") from None
    return format_date(value, pattern, locale=LOCALE)


def zahl(value: Number, stellen: int | None = None) -> str:
    """``1234.5`` → ``1.234,5``; with ``stellen`` a fixed number of decimals."""
    if stellen is None:
        return _minus(format_decimal(value, locale=LOCALE))
    pattern = "#,##0" + ("." + "0" * stellen if stellen else "")
    return _minus(format_decimal(value, format=pattern, locale=LOCALE))


def _minus(text: str) -> str:
    """A real minus sign (U+2212) for negative figures, not the hyphen: −10,5."""
    return "\u2212" + text[1:] if text.startswith("-") else text


def betrag(value: Number, waehrung: str = "EUR") -> str:
    """``100000`` → ``100.000 €``; cents only where there are any (``99,50 €``)."""
    whole = Decimal(str(value)) == Decimal(str(value)).to_integral_value()
    pattern = "#,##0\u00a0¤" if whole else "#,##0.00\u00a0¤"
    return _minus(format_currency(value, waehrung, format=pattern, locale=LOCALE,
                                  currency_digits=False))


def prozent(value: Number, stellen: int = 0) -> str:
    """``0.125`` → ``13 %`` (or ``12,5 %`` with ``stellen=1``)."""
    pattern = "#,##0" + ("." + "0" * stellen if stellen else "") + "\u00a0%"
    return _minus(format_percent(value, format=pattern, locale=LOCALE))


def vzae(value: Number) -> str:
    """A post's size: ``0.5`` → ``0,5 VZÄ``."""
    return f"{zahl(value)}\u00a0VZÄ"


def absaetze(text: str) -> Markup:
    """Text to HTML paragraphs: each non-empty line is one paragraph; always escaped.

    In YAML, write prose as a folded block (``>``) with a blank line between
    paragraphs.
    """
    return Markup("\n").join(Markup("<p>{}</p>").format(p) for p in zeilen(text))


def satzanfang(text: str) -> str:
    """First letter upper case, the rest untouched: „der Landkreis“ → „Der Landkreis“."""
    text = str(text)
    return text[:1].upper() + text[1:]


def zeilen(text: str) -> list[str]:
    """The non-empty lines of a text: its paragraphs (the Word templates' ``absaetze``)."""
    return [line.strip() for line in str(text).splitlines() if line.strip()]


def ja_nein(value: bool) -> str:
    return "ja" if value else "nein"


def aufzaehlung(items: list[Any], letzter: str = "und") -> str:
    """``["A", "B", "C"]`` → ``A, B und C``."""
    texts = [str(i) for i in items]
    if len(texts) <= 1:
        return "".join(texts)
    return f"{', '.join(texts[:-1])} {letzter} {texts[-1]}"


def uhrzeit(value: dt.time) -> str:
    """``09:30`` (24-hour clock, as German official texts write times)."""
    return f"{value.hour:02d}:{value.minute:02d}"


FILTERS: dict[str, Callable[..., Any]] = {
    "datum": datum,
    "uhrzeit": uhrzeit,
    "zahl": zahl,
    "betrag": betrag,
    "prozent": prozent,
    "vzae": vzae,
    "absaetze": absaetze,
    "ja_nein": ja_nein,
    "zeilen": zeilen,
    "satzanfang": satzanfang,
    "aufzaehlung": aufzaehlung,
    **grammatik.FILTERS,
    **typografie.PLAIN_FILTERS,
}
