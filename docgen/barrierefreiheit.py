"""Accessibility of a PDF, read back from its bytes: does its structure hold PDF/UA-1?

The HTML route claims PDF/UA-1 (``pdfuaid:part`` in the XMP metadata) only for a
PDF that passes these checks, so a document never claims more than it meets; a
user's template that breaks the structure gets no claim (and a log message).

What is checked (the machine-checkable core the templates are responsible for):
tagged (``/MarkInfo /Marked``), a structure tree, the document language, the
title shown instead of the file name, every figure with alternative text, headings
that start at H1 and skip no level, and data tables with header cells that the
data cells refer to. Layout (the letter's information block, signature grids) is
not tagged as a table at all.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass, field

import pikepdf


@dataclass
class _Found:
    headings: list[int] = field(default_factory=list)
    figures_without_alt: int = 0
    tables: list[tuple[int, int, int]] = field(default_factory=list)
    """Per table: header cells, data cells, data cells without /Headers."""


def _elements(node: object) -> Iterator[pikepdf.Dictionary]:
    """The structure elements directly below ``node`` (its /K, whatever its form)."""
    kids = node.get("/K") if isinstance(node, pikepdf.Dictionary) else None
    if kids is None:
        return
    items = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
    for item in items:
        if isinstance(item, pikepdf.Dictionary) and "/S" in item:
            yield item


def _walk(root: pikepdf.Dictionary) -> _Found:
    found = _Found()
    stack = list(reversed(list(_elements(root))))
    while stack:
        element = stack.pop()
        kind = str(element.get("/S"))
        if kind in {f"/H{n}" for n in range(1, 7)}:
            found.headings.append(int(kind[2:]))
        elif kind == "/Figure" and not str(element.get("/Alt", "")).strip():
            found.figures_without_alt += 1
        elif kind == "/Table":
            found.tables.append(_table(element))
        stack.extend(reversed(list(_elements(element))))
    return found


def _table(table: pikepdf.Dictionary) -> tuple[int, int, int]:
    headers = cells = unlinked = 0
    stack = list(_elements(table))
    while stack:
        element = stack.pop()
        kind = str(element.get("/S"))
        if kind == "/TH":
            headers += 1
        elif kind == "/TD":
            cells += 1
            attributes = element.get("/A")
            if not (isinstance(attributes, pikepdf.Dictionary) and len(
                    attributes.get("/Headers", pikepdf.Array())) > 0):
                unlinked += 1
        stack.extend(_elements(element))
    return headers, cells, unlinked


def problems(pdf: bytes) -> list[str]:
    """What keeps ``pdf`` from the PDF/UA-1 core above, in German; empty if nothing."""
    result: list[str] = []
    with pikepdf.open(io.BytesIO(pdf)) as document:
        root = document.Root
        mark = root.get("/MarkInfo")
        if not (isinstance(mark, pikepdf.Dictionary) and bool(mark.get("/Marked", False))):
            result.append("nicht als getaggtes PDF gekennzeichnet (/MarkInfo /Marked)")
        if not str(root.get("/Lang", "")).strip():
            result.append("keine Dokumentsprache (/Lang)")
        preferences = root.get("/ViewerPreferences")
        if not (isinstance(preferences, pikepdf.Dictionary)
                and bool(preferences.get("/DisplayDocTitle", False))):
            result.append("der Titel wird nicht statt des Dateinamens angezeigt")
        if not str(document.docinfo.get("/Title", "")).strip():
            result.append("kein Dokumenttitel")
        tree = root.get("/StructTreeRoot")
        if not isinstance(tree, pikepdf.Dictionary):
            return [*result, "kein Strukturbaum (/StructTreeRoot)"]
        found = _walk(tree)
    if found.figures_without_alt:
        result.append(f"{found.figures_without_alt} Abbildung(en) ohne Alternativtext")
    if found.headings and found.headings[0] != 1:
        result.append(f"die erste Überschrift ist H{found.headings[0]}, nicht H1")
    for previous, current in zip(found.headings, found.headings[1:], strict=False):
        if current > previous + 1:
            result.append(f"Überschriftenebene übersprungen (H{previous} → H{current})")
            break
    for number, (headers, cells, unlinked) in enumerate(found.tables, start=1):
        if not headers:
            result.append(f"Tabelle {number} hat keine Kopfzellen (TH); eine Tabelle nur für "
                          "das Layout gehört nicht als Tabelle getaggt")
        elif unlinked:
            result.append(f"Tabelle {number}: {unlinked} von {cells} Datenzellen ohne Bezug "
                          "auf ihre Kopfzellen")
    return result


PDFUA_NS = "http://www.aiim.org/pdfua/ns/id/"
