"""Every document type docgen knows: one record each, in one place.

Adding a type means adding its record here, its model and its templates;
tests and the CLI pick it up by iterating ``DOCUMENT_TYPES``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from docgen.clauses import ClauseSpec
from docgen.din5008 import FORMS
from docgen.models.antrag import Antrag
from docgen.models.base import Model
from docgen.models.erklaerung import Erklaerung
from docgen.models.vereinbarung import Geschaeftsordnung, Kooperationsvereinbarung


@dataclass(frozen=True)
class DocumentJob:
    """One document to produce from a data file: its output name and template context."""

    doc_type: DocumentType
    stem: str
    context: Mapping[str, Any]
    clauses: ClauseSpec | None = None
    """For clause-based documents: the catalogue and the data's changes to it; the
    pipeline assembles them into ``abschnitte`` before rendering."""
    names: Mapping[str, Any] | None = None
    """The names the texts of clause catalogues and text resources may use."""


def _whole_application(doc_type: DocumentType, antrag: Antrag) -> Iterable[DocumentJob]:
    yield DocumentJob(doc_type, doc_type.name, {"antrag": antrag},
                      names={"antrag": antrag, "k": antrag.kommune})


ERKLAERUNGEN = ("unterstuetzung", "kooperation", "koordinationsstelle", "konsultationskommune")
"""The four declarations of the call, in its order; file name parts of separate letters."""


def _declaration_letters(doc_type: DocumentType, antrag: Antrag) -> Iterable[DocumentJob]:
    erklaerung = antrag.erklaerung
    if erklaerung is None:
        return
    context = {"antrag": antrag, "erklaerung": erklaerung, "din": FORMS[erklaerung.form]}
    names = {
        "antrag": antrag, "e": erklaerung, "k": antrag.kommune, "mp": antrag.modellprojekt,
        "f": antrag.modellprojekt.foerderung, "ks": antrag.begruendung.koordinierungsstelle,
        "mit_sozialamt": any("Sozialamt" in u.aemter for u in erklaerung.unterzeichnende),
    }
    if erklaerung.einzelschreiben:
        for nummer, kurz in enumerate(ERKLAERUNGEN, start=1):
            yield DocumentJob(doc_type, f"erklaerung-{nummer}-{kurz}",
                              {**context, "teile": [nummer]}, names={**names, "teile": [nummer]})
    else:
        yield DocumentJob(doc_type, doc_type.name, {**context, "teile": [1, 2, 3, 4]},
                          names={**names, "teile": [1, 2, 3, 4]})


def _agreement(doc_type: DocumentType, antrag: Antrag) -> Iterable[DocumentJob]:
    vereinbarung = antrag.kooperationsvereinbarung
    if vereinbarung is None:
        return
    names = {"v": vereinbarung, "k": antrag.kommune, "mp": antrag.modellprojekt,
             "ks": antrag.begruendung.koordinierungsstelle, "antrag": antrag}
    yield DocumentJob(
        doc_type, doc_type.name, {"antrag": antrag, "vereinbarung": vereinbarung},
        ClauseSpec("kooperationsvereinbarung.yaml", vereinbarung, ("kooperationsvereinbarung",)),
        names,
    )


def _rules_of_procedure(layout: str) -> Callable[[DocumentType, Antrag], Iterable[DocumentJob]]:
    """Jobs for every body whose rules ask for ``layout`` (numbered §§ or the table)."""

    def jobs(doc_type: DocumentType, antrag: Antrag) -> Iterable[DocumentJob]:
        for index, ordnung in enumerate(antrag.geschaeftsordnungen):
            if layout not in ordnung.darstellungen:
                continue
            names = {"g": ordnung, "k": antrag.kommune, "mp": antrag.modellprojekt,
                     "antrag": antrag}
            yield DocumentJob(
                doc_type, f"{doc_type.name}-{ordnung.id.replace('_', '-')}",
                {"antrag": antrag, "ordnung": ordnung},
                ClauseSpec("geschaeftsordnung.yaml", ordnung, ("geschaeftsordnungen", index))
                if layout == "paragraphen" else None,
                names,
            )

    return jobs


@dataclass(frozen=True)
class DocumentType:
    name: str
    """Machine name, also the output file's stem (``kurzkonzept.pdf``)."""
    title: str
    """German title, as a user reads it."""
    model: type[Model]
    """The model of the data this document reads."""
    html_template: str
    """Template under ``templates/html/``."""
    docx_template: str | None = None
    """Word template under ``templates/docx/`` (docxtpl), for DOCX output and the Word route."""
    pdf_route: Literal["html", "docx"] = "html"
    """Which route makes the PDF by default: WeasyPrint from HTML (fast, measured layout) or
    LibreOffice from the DOCX."""
    texts: str | None = None
    """Text resource under ``templates/texte/`` shared by the HTML and Word templates;
    rendered with the job's ``names`` and passed to the templates as ``texte``."""
    jobs: Callable[[DocumentType, Antrag], Iterable[DocumentJob]] = field(
        default=_whole_application
    )
    """Which documents of this type a data file describes (none, one or several)."""

    def jobs_for(self, antrag: Antrag) -> list[DocumentJob]:
        return list(self.jobs(self, antrag))


DOCUMENT_TYPES: tuple[DocumentType, ...] = (
    DocumentType(
        name="kurzkonzept",
        title="Kurzkonzept für die Teilnahme als Pilotkommune",
        model=Antrag,
        html_template="kurzkonzept.html.j2",
        docx_template="kurzkonzept.docx",
        texts="kurzkonzept.yaml",
    ),
    DocumentType(
        name="absichtserklaerung",
        title="Absichts- und Kooperationserklärung (DIN-5008-Brief)",
        model=Erklaerung,
        html_template="absichtserklaerung.html.j2",
        docx_template="absichtserklaerung.docx",
        texts="absichtserklaerung.yaml",
        jobs=_declaration_letters,
    ),
    DocumentType(
        name="kooperationsvereinbarung",
        title="Kooperationsvereinbarung",
        model=Kooperationsvereinbarung,
        html_template="kooperationsvereinbarung.html.j2",
        docx_template="kooperationsvereinbarung.docx",
        jobs=_agreement,
    ),
    DocumentType(
        name="geschaeftsordnung",
        title="Geschäftsordnung eines Gremiums (nummerierte Paragraphen)",
        model=Geschaeftsordnung,
        html_template="geschaeftsordnung.html.j2",
        docx_template="geschaeftsordnung.docx",
        jobs=_rules_of_procedure("paragraphen"),
    ),
    DocumentType(
        name="fachliche-standards",
        title="Leitgedanken und fachliche Standards eines Gremiums (Anlage, Tabelle)",
        model=Geschaeftsordnung,
        html_template="fachliche-standards.html.j2",
        docx_template="fachliche-standards.docx",
        jobs=_rules_of_procedure("tabelle"),
    ),
)


def document_type(name: str) -> DocumentType:
    for doc_type in DOCUMENT_TYPES:
        if doc_type.name == name:
            return doc_type
    raise KeyError(name)
