"""What a caller chooses for a run (formats, routes, template folders), and the one clock.

Kept apart from the engine so that the CLI, the batch runner and the web app can build
and check options without starting anything.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path

from docgen.composing import DEFAULT_LIMITS, Limits
from docgen.errors import DocgenError, Problem
from docgen.registry import DOCUMENT_TYPES, DocumentType

FORMATS = ("pdf", "docx", "html")
ROUTES = ("html", "docx")


def document_timestamp(datum: date) -> datetime:
    """Creation time written into files: ``SOURCE_DATE_EPOCH`` if set, else the document's
    own date. Never the clock, so the same input gives the same bytes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None:
        try:
            return datetime.fromtimestamp(int(epoch), tz=UTC)
        except ValueError as exc:
            raise DocgenError.single(
                f"SOURCE_DATE_EPOCH muss eine ganze Zahl (Sekunden) sein, nicht „{epoch}“"
            ) from exc
    return datetime.combine(datum, time(), tzinfo=UTC)


@dataclass(frozen=True)
class Options:
    templates: tuple[Path, ...] = ()
    """User template folders, looked up before the built-in one."""
    formats: tuple[str, ...] = ("pdf",)
    """What to write: ``pdf``, ``docx`` (editable Word file), ``html`` (preview/debugging)."""
    pdf_routes: Mapping[str, str] = field(default_factory=dict)
    """Per document type (or ``*`` for all), which route makes the PDF: ``html`` or ``docx``.
    Unnamed types use their registry default."""
    limits: Limits = DEFAULT_LIMITS
    """What a data file may contain (size, nesting, aliases …)."""

    def route_for(self, doc_type: DocumentType) -> str:
        return self.pdf_routes.get(doc_type.name, self.pdf_routes.get("*", doc_type.pdf_route))

    def check(self) -> None:
        problems = [Problem(f"unbekanntes Format „{f}“; erlaubt: {', '.join(FORMATS)}")
                    for f in self.formats if f not in FORMATS]
        names = {t.name for t in DOCUMENT_TYPES} | {"*"}
        for name, route in self.pdf_routes.items():
            if name not in names:
                problems.append(Problem(f"unbekannter Dokumenttyp „{name}“; bekannt: "
                                        f"{', '.join(sorted(names - {'*'}))}"))
            if route not in ROUTES:
                problems.append(Problem(f"unbekannter Weg „{route}“ für „{name}“; erlaubt: "
                                        "html oder docx"))
        if problems:
            raise DocgenError.of(problems)
