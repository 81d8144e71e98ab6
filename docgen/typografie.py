"""German typography for the HTML route: non-breaking spaces, tokens that never hyphenate.

``text_typografie`` puts non-breaking spaces where German typesetting wants them
(„§ 5“, „§§ 67 ff.“, „Abs. 2“, „z. B.“, „100.000 €“, „0,5 VZÄ“, „13. Februar“,
„SGB VIII“) and a real minus sign before negative figures; it works on plain
text, so the Word route uses it too.

``html_typografie`` escapes a text for HTML and, on top, wraps e-mail and web
addresses, file names and the proper names the data supplies so that they are
never hyphenated: an address may only break after „@“, „/“ or before „.“, where
no reader takes the break for part of it; a name only at its own hyphen.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape
from pydantic import BaseModel

NBSP = "\u00a0"
MINUS = "\u2212"

_MONATE = ("Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|"
           "Dezember")
_EINHEITEN = r"€|%|VZÄ|Euro|EUR|Stunden|Stunde|Tage|Tagen|Tag|Wochen|Monate|Monaten|Jahre|" \
             r"Jahren|Personen|Mio\.|Tsd\.|km|Uhr"
_ABKUERZUNGEN = ("z. B.", "u. a.", "d. h.", "i. d. R.", "i. V.", "i. A.", "e. V.", "o. Ä.",
                 "u. U.", "z. T.", "s. o.", "s. u.", "v. a.")

_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(§§?|Abs\.|Nr\.|Art\.|Satz|S\.)[ \t]+(?=\d)"), rf"\1{NBSP}"),
    (re.compile(r"(\d)[ \t]+(ff?\.)"), rf"\1{NBSP}\2"),
    (re.compile(rf"(\d)[ \t]+({_EINHEITEN})(?![\w])"), rf"\1{NBSP}\2"),
    (re.compile(rf"(\d\.)[ \t]+({_MONATE})\b"), rf"\1{NBSP}\2"),
    (re.compile(r"\b(SGB|BGB|StGB|GG)[ \t]+(?=[IVX]+\b|\d)"), rf"\1{NBSP}"),
    (re.compile(r"(^|[\s(\[/])-(?=\d)"), rf"\1{MINUS}"),
)

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"“”„)]+[^\s<>\"“”„).,;:!?]")
_FILE = re.compile(r"\b[\w-]+(?:[._-][\w-]+)*\.(?:pdf|docx?|xlsx?|odt|ods|png|jpe?g|svg|zip|"
                   r"yaml|yml|json|csv|txt)\b", re.IGNORECASE)
_TOKEN = re.compile(f"{_EMAIL.pattern}|{_URL.pattern}|{_FILE.pattern}", re.IGNORECASE)


def text_typografie(text: str) -> str:
    """Plain text with German non-breaking spaces and minus signs."""
    result = str(text)
    for abbreviation in _ABKUERZUNGEN:
        result = result.replace(abbreviation, abbreviation.replace(" ", NBSP))
    for pattern, replacement in _RULES:
        result = pattern.sub(replacement, result)
    return result


def _token_parts(token: str) -> list[str]:
    """Where an address or file name may break: after „@“ and „/“, before „.“, „?“, „#“."""
    parts = re.split(r"(?<=[@/])(?!/)|(?=[.?#&])", token)
    return [p for p in parts if p]


def token_html(token: str) -> Markup:
    """An address or file name that never hyphenates and breaks only between its parts."""
    inner = Markup("<wbr>").join(Markup('<span class="nb">{}</span>').format(p)
                                 for p in _token_parts(token))
    return Markup('<span class="token">{}</span>').format(inner)


def name_html(name: str) -> Markup:
    """A proper name: no hyphenation inside; a double name may break at its own hyphen."""
    return Markup('<span class="name">{}</span>').format(name)


_NAME_FIELDS = {"name", "vertreten_durch", "sachbearbeitung", "ort", "behoerde", "kurzname",
                "strasse"}


def eigennamen(values: Iterable[Any]) -> tuple[str, ...]:
    """Personal and place names in the data (longest first), found in the given models."""
    found: set[str] = set()

    def walk(value: Any, depth: int) -> None:
        if depth > 8:
            return
        if isinstance(value, BaseModel):
            phrase = getattr(value, "nominalphrase", None)
            if phrase is not None and getattr(phrase, "name", None):
                found.add(phrase.name)
            for name in type(value).model_fields:
                item = getattr(value, name)
                if name in _NAME_FIELDS and isinstance(item, str):
                    found.add(item)
                else:
                    walk(item, depth + 1)
        elif isinstance(value, (list, tuple)):
            for item in value:
                walk(item, depth + 1)
        elif isinstance(value, Mapping):
            for item in value.values():
                walk(item, depth + 1)

    for value in values:
        walk(value, 0)
    return tuple(sorted((n for n in found if len(n) > 2), key=len, reverse=True))


def html_typografie(text: str, namen: Iterable[str] = ()) -> Markup:
    """Text escaped for HTML, with typography, protected tokens and names."""
    plain = text_typografie(str(text))
    names = [n for n in namen if n]
    patterns = [_TOKEN.pattern]
    if names:
        patterns.append("|".join(re.escape(text_typografie(n)) for n in names))
    combined = re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)
    out: list[Markup] = []
    last = 0
    for match in combined.finditer(plain):
        out.append(escape(plain[last:match.start()]))
        token = match.group(0)
        out.append(token_html(token) if _TOKEN.fullmatch(token) else name_html(token))
        last = match.end()
    out.append(escape(plain[last:]))
    return Markup("").join(out)


# --- Jinja filters ------------------------------------------------------------------
# Plain versions (Word route, text resources, clause texts) and HTML versions; the HTML
# ``typo`` finds the names to protect in the models of the template's context.

_last_names: tuple[tuple[Any, ...], tuple[str, ...]] = ((), ())


def _context_names(context: Mapping[str, Any]) -> tuple[str, ...]:
    global _last_names
    models = tuple(v for v in context.values() if isinstance(v, BaseModel))
    cached_models, cached_names = _last_names
    if len(cached_models) == len(models) and all(a is b for a, b in
                                                 zip(cached_models, models, strict=True)):
        return cached_names
    names = eigennamen(models)
    _last_names = (models, names)
    return names


@pass_context
def _typo_html(context: Context, text: Any) -> Markup:
    return html_typografie(str(text), _context_names(context.get_all()))


@pass_context
def _absaetze_html(context: Context, text: Any) -> Markup:
    names = _context_names(context.get_all())
    return Markup("\n").join(Markup("<p>{}</p>").format(html_typografie(line, names))
                             for line in str(text).splitlines() if line.strip())


def _plain(text: Any) -> str:
    return str(text)


def _adresse_html(text: Any) -> Markup:
    return token_html(str(text))


def _name_html(text: Any) -> Markup:
    return name_html(str(text))


PLAIN_FILTERS: dict[str, Callable[..., Any]] = {
    "typo": text_typografie, "adresse": _plain, "name": _plain,
}
HTML_FILTERS: dict[str, Callable[..., Any]] = {
    "typo": _typo_html, "absaetze": _absaetze_html, "adresse": _adresse_html,
    "name": _name_html,
}
