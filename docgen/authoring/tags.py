"""Jinja tags inside text typed by people (Word, LibreOffice): find them, mend their typography.

Word's AutoCorrect turns ``"neu"`` into ``„neu“`` and `` - `` into `` – `` while an author
types a tag. Outside a string literal such a character can only have meant its plain
form, so it is replaced; inside a literal it is text and stays. A tag that still does
not parse afterwards is reported with the exact characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
"""A complete tag within one piece of text."""

DOUBLE = "„“”‟"
SINGLE = "‚‘’‛"
DASHES = "–—‒"
NAMES = {"„": "deutsches Anführungszeichen unten „", "“": "Anführungszeichen oben “",
         "”": "englisches schließendes Anführungszeichen ”", "‟": "Anführungszeichen ‟",
         "‚": "einfaches Anführungszeichen unten ‚", "‘": "einfaches Anführungszeichen ‘",
         "’": "Apostroph ’", "‛": "Anführungszeichen ‛", "–": "Gedankenstrich –",
         "—": "Geviertstrich —", "‒": "Ziffernstrich ‒"}


@dataclass(frozen=True)
class Mended:
    """A tag's text with typographic characters outside literals replaced."""

    text: str
    replaced: tuple[str, ...]
    """The characters replaced, in order."""


def mend(tag: str) -> Mended:
    """``{% if x == „neu“ %}`` → ``{% if x == "neu" %}``; literals keep their characters."""
    out: list[str] = []
    replaced: list[str] = []
    quote: str | None = None  # the plain delimiter of the literal we are in
    typographic = False  # whether that literal was opened with a typographic quote
    for char in tag:
        plain = '"' if char in DOUBLE else "'" if char in SINGLE else char
        if quote is None:
            if char in DASHES:
                plain = "-"
            if plain in "\"'":
                quote, typographic = plain, plain != char
            if plain != char:
                replaced.append(char)
            out.append(plain)
        elif plain == quote and (typographic or char == plain):
            if char != plain:
                replaced.append(char)
            out.append(plain)
            quote = None
        else:
            out.append(char)  # inside a literal every character is text
    return Mended("".join(out), tuple(replaced))


def mend_all(text: str) -> str:
    """Every complete tag in ``text`` mended (text outside tags untouched)."""
    return TAG.sub(lambda m: mend(m.group(0)).text, text)


def mend_xml(xml: str) -> str:
    """Every tag in a Word part's XML mended, also where Word split it into several runs.

    ``mend`` replaces character for character, so the tag's text is mended as a whole and
    each character written back to the place it came from between the XML tags.
    """
    positions: list[int] = []
    inside = False
    for index, char in enumerate(xml):
        if char == "<":
            inside = True
        elif char == ">":
            inside = False
        elif not inside:
            positions.append(index)
    text = "".join(xml[i] for i in positions)
    chars = list(xml)
    for match in TAG.finditer(text):
        mended = mend(match.group(0))
        if mended.replaced:
            for offset, char in enumerate(mended.text):
                chars[positions[match.start() + offset]] = char
    return "".join(chars)
