"""German noun phrases that agree with the data: articles, cases, pronouns.

Every name the data supplies that texts refer to with an article (the Kommune, a
body) is a ``Nominalphrase``: its head noun, grammatical gender and optionally an
adjective and a proper name after it. Templates and clause texts decline it with
the filters in ``FILTERS``:

    {{ k | dat }}              dem Landkreis Märkische Heide / der Stadt Cottbus
    {{ g | gen }}              des regionalen Beirates / der Sozialraumkonferenz
    {{ g | nom | satzanfang }} Das Fallteam
    {{ g | possessiv("e") }}   seine / ihre (… und seine Arbeit)
    {{ g | pronomen }}         er / sie / es
    {{ k | in_dat }}           im Landkreis Märkische Heide / in der Stadt Cottbus
    {{ k | dat("von") }}       vom Landkreis Märkische Heide / von der Stadt Cottbus
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, Protocol, runtime_checkable

Genus = Literal["m", "f", "n"]
Kasus = Literal["nom", "gen", "dat", "akk"]
KASUS: tuple[Kasus, ...] = ("nom", "gen", "dat", "akk")

ARTIKEL: dict[Genus, dict[Kasus, str]] = {
    "m": {"nom": "der", "gen": "des", "dat": "dem", "akk": "den"},
    "f": {"nom": "die", "gen": "der", "dat": "der", "akk": "die"},
    "n": {"nom": "das", "gen": "des", "dat": "dem", "akk": "das"},
}
"""The definite article (singular)."""

UNBESTIMMT: dict[Genus, dict[Kasus, str]] = {
    "m": {"nom": "ein", "gen": "eines", "dat": "einem", "akk": "einen"},
    "f": {"nom": "eine", "gen": "einer", "dat": "einer", "akk": "eine"},
    "n": {"nom": "ein", "gen": "eines", "dat": "einem", "akk": "ein"},
}

PRONOMEN: dict[Genus, dict[Kasus, str]] = {
    "m": {"nom": "er", "gen": "seiner", "dat": "ihm", "akk": "ihn"},
    "f": {"nom": "sie", "gen": "ihrer", "dat": "ihr", "akk": "sie"},
    "n": {"nom": "es", "gen": "seiner", "dat": "ihm", "akk": "es"},
}

GENUS_NACH_ARTIKEL: dict[str, Genus] = {"der": "m", "die": "f", "das": "n"}


def genitiv_nomen(nomen: str, genus: Genus) -> str:
    """The genitive singular of a (strong) noun: Landkreis → Landkreises, Fallteam →
    Fallteams; feminine nouns do not change."""
    if genus == "f":
        return nomen
    if nomen.endswith(("s", "ß", "x", "z")):
        return nomen + "es"
    return nomen + "s"


def _adjektiv(stamm: str, genus: Genus, kasus: Kasus) -> str:
    """Weak declension after the definite article: der regionale / des regionalen."""
    if kasus == "nom" or (kasus == "akk" and genus != "m"):
        return stamm + "e"
    return stamm + "en"


@dataclass(frozen=True)
class Nominalphrase:
    """A noun with its gender, e.g. „Landkreis“ (m) + „Märkische Heide“."""

    nomen: str
    genus: Genus
    adjektiv: str | None = None
    """Stem of an adjective before the noun, declined weakly: „regional“ → der regionale Beirat."""
    name: str | None = None
    """Proper name after the noun; it does not change: „Landkreis Märkische Heide“."""
    genitiv: str | None = None
    """The noun's genitive if it is not regular (default: ``genitiv_nomen``)."""

    def _nomen(self, kasus: Kasus) -> str:
        nomen = self.nomen
        if kasus == "gen":
            nomen = self.genitiv or genitiv_nomen(self.nomen, self.genus)
        return f"{nomen} {self.name}" if self.name else nomen

    def ohne_artikel(self, kasus: Kasus = "nom") -> str:
        if self.adjektiv:
            return f"{_adjektiv(self.adjektiv, self.genus, kasus)} {self._nomen(kasus)}"
        return self._nomen(kasus)

    def artikel(self, kasus: Kasus = "nom") -> str:
        return ARTIKEL[self.genus][kasus]

    def mit_artikel(self, kasus: Kasus = "nom") -> str:
        return f"{self.artikel(kasus)} {self.ohne_artikel(kasus)}"

    def unbestimmt(self, kasus: Kasus = "nom") -> str:
        """With the indefinite article; an adjective takes the mixed declension."""
        article = UNBESTIMMT[self.genus][kasus]
        if not self.adjektiv:
            return f"{article} {self._nomen(kasus)}"
        if kasus == "nom" and self.genus == "m":
            ending = "er"
        elif kasus in ("nom", "akk") and self.genus == "n":
            ending = "es"
        else:
            ending = _adjektiv("", self.genus, kasus)
        return f"{article} {self.adjektiv}{ending} {self._nomen(kasus)}"

    def pronomen(self, kasus: Kasus = "nom") -> str:
        return PRONOMEN[self.genus][kasus]

    def possessiv(self, endung: str = "") -> str:
        """„sein“/„ihr“ plus the ending the following noun needs: possessiv("e") → seine/ihre."""
        return ("ihr" if self.genus == "f" else "sein") + endung

    def in_dat(self) -> str:
        """„im Landkreis …“, „in der Stadt …“ (in + dative, contracted where German does)."""
        return mit_praeposition(self, "in", "dat")

    def __str__(self) -> str:
        return self.ohne_artikel()


@runtime_checkable
class HatNominalphrase(Protocol):
    @property
    def nominalphrase(self) -> Nominalphrase: ...


def phrase(value: Any) -> Nominalphrase:
    """The noun phrase of a value: a ``Nominalphrase`` or a model that has one."""
    if isinstance(value, Nominalphrase):
        return value
    if isinstance(value, HatNominalphrase):
        return value.nominalphrase
    raise TypeError(f"„{value}“ hat kein grammatisches Geschlecht (keine Nominalphrase)")


_VERSCHMELZUNG: dict[tuple[str, str], str] = {
    ("von", "dem"): "vom", ("in", "dem"): "im", ("zu", "dem"): "zum", ("bei", "dem"): "beim",
    ("an", "dem"): "am", ("zu", "der"): "zur", ("in", "das"): "ins", ("an", "das"): "ans",
}
"""Preposition and article that German writes as one word: von dem → vom."""


def mit_praeposition(value: Any, praeposition: str, kasus: Kasus) -> str:
    """„von“ + dative: vom Landkreis …, von der Stadt …; „zu“: zum Fallteam, zur Konferenz."""
    noun = phrase(value)
    article = noun.artikel(kasus)
    joined = _VERSCHMELZUNG.get((praeposition, article))
    head = joined if joined else f"{praeposition} {article}"
    return f"{head} {noun.ohne_artikel(kasus)}"


def _case_filter(kasus: Kasus) -> Callable[..., str]:
    def decline(value: Any, praeposition: str | None = None) -> str:
        if praeposition:
            return mit_praeposition(value, praeposition, kasus)
        return phrase(value).mit_artikel(kasus)

    decline.__name__ = kasus
    decline.__doc__ = f"The phrase with its definite article in the {kasus} case."
    return decline


def _ohne_artikel(value: Any, kasus: Kasus = "nom") -> str:
    return phrase(value).ohne_artikel(kasus)


def _artikel(value: Any, kasus: Kasus = "nom") -> str:
    return phrase(value).artikel(kasus)


def _unbestimmt(value: Any, kasus: Kasus = "nom") -> str:
    return phrase(value).unbestimmt(kasus)


def _pronomen(value: Any, kasus: Kasus = "nom") -> str:
    return phrase(value).pronomen(kasus)


def _possessiv(value: Any, endung: str = "") -> str:
    return phrase(value).possessiv(endung)


def _in_dat(value: Any) -> str:
    return phrase(value).in_dat()


FILTERS: dict[str, Callable[..., str]] = {
    **{kasus: _case_filter(kasus) for kasus in KASUS},
    "ohne_artikel": _ohne_artikel,
    "artikel": _artikel,
    "unbestimmt": _unbestimmt,
    "pronomen": _pronomen,
    "possessiv": _possessiv,
    "in_dat": _in_dat,
}
