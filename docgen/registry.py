"""Every document type docgen knows: one record each, in one place.

A record owns its data: the key its data has in a data file, the model of that
data, the shared parts it reads (``kommune``, ``modellprojekt`` …), its templates
(HTML and Word), its text resource or clause catalogue, whether it goes into the
application bundle, and which date it carries. The model a data file is validated
against (``Unterlagen``) is composed from these records, so a data file may describe
any subset of documents, and adding a type means adding its record, its model, its
templates and its sample data — the CLI, the web form, the template checks and the
tests pick it up by iterating ``DOCUMENT_TYPES``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from pydantic import Field, create_model

from docgen.clauses import ClauseSpec
from docgen.din5008 import FORMS, RUECKSENDE_PT
from docgen.models.antrag import Kommune, Koordinierungsstelle, Kurzkonzept
from docgen.models.base import Finding, Model, eindeutige_ids
from docgen.models.buendel import Buendel
from docgen.models.erklaerung import Erklaerung
from docgen.models.gemeinsam import Briefkopf, Modellprojekt
from docgen.models.vereinbarung import Geschaeftsordnung, Kooperationsvereinbarung
from docgen.models.werkstatt import Werkstattgespraech


@dataclass(frozen=True)
class SharedPart:
    """A part of a data file that several document types read."""

    model: type[Model]
    title: str
    description: str
    short: str | None = None
    """Short name in clause and text resources (``k`` for ``kommune``)."""
    optional: bool = False
    """Optional parts may be left out even where a document reads them (the letterhead)."""


SHARED_PARTS: dict[str, SharedPart] = {
    "modellprojekt": SharedPart(
        Modellprojekt, "Eckdaten des Modellprojekts",
        "Fakten des Aufrufs, für alle Kommunen gleich; meist aus einer Basisdatei", "mp"),
    "kommune": SharedPart(Kommune, "Angaben zur Kommune", "die Kommune, für die die Dokumente "
                          "sind: Name, Art und Anschrift", "k"),
    "koordinierungsstelle": SharedPart(
        Koordinierungsstelle, "Geplante Koordinierungsstelle",
        "Ansiedlung, Stelle und Person (Fragen 2–4 des Aufrufs); Kurzkonzept, Erklärung und "
        "Vereinbarung lesen sie", "ks"),
    "briefkopf": SharedPart(Briefkopf, "Briefkopf", "Behörde, zweite Zeile, Logo und Farbe "
                            "aller Dokumente (optional)", optional=True),
}


@dataclass(frozen=True)
class DocumentJob:
    """One document to produce from a data file: its output name and template context."""

    doc_type: DocumentType
    stem: str
    context: Mapping[str, Any]
    """What the templates see: the shared parts, the document's data, extras."""
    names: Mapping[str, Any]
    """The names the texts of clause catalogues and text resources may use."""
    datum: date
    """The document's own date (PDF metadata, creation date)."""
    clauses: ClauseSpec | None = None
    """For clause-based documents: the catalogue and the data's changes to it; the
    pipeline assembles them into ``abschnitte`` before rendering."""


Variants = Callable[[Any, str], Iterable[tuple[str, dict[str, Any]]]]
"""For one item of data and its default file stem: (file stem, extra names) per document."""


@dataclass(frozen=True)
class DocumentType:
    name: str
    """Machine name, also the output file's stem (``kurzkonzept.pdf``)."""
    title: str
    """German title, as a user reads it."""
    key: str
    """The key of this document's data in a data file."""
    model: type[Model]
    """The model of the data under ``key`` (of one entry, when ``many``)."""
    html_template: str
    """Template under ``templates/html/``."""
    datum: Callable[[Any], date]
    """The document's own date, from its data."""
    item: str
    """Name of the document's data in its templates (``vereinbarung``)."""
    alias: str | None = None
    """Short name of the document's data in clause and text resources (``v``)."""
    shared: tuple[str, ...] = ("kommune", "modellprojekt")
    """The shared parts it reads (``briefkopf`` is always offered when present)."""
    many: bool = False
    """The key holds a list of entries with an ``id``, one document each (``<name>-<id>``)."""
    docx_template: str | None = None
    """Word template under ``templates/docx/`` (docxtpl), for DOCX output and the Word route."""
    pdf_route: Literal["html", "docx"] = "html"
    """Which route makes the PDF by default: WeasyPrint from HTML or LibreOffice from DOCX."""
    texts: str | None = None
    """Text resource under ``templates/texte/`` shared by the HTML and Word templates;
    rendered with the job's ``names`` and passed to the templates as ``texte``."""
    clauses: str | None = None
    """Clause catalogue under ``templates/klauseln/``; its sections become ``abschnitte``."""
    in_bundle: bool = True
    """Whether the application bundle contains it by default (in registry order)."""
    when: Callable[[Any], bool] = field(default=lambda item: True)
    """Which entries of the data get this document at all."""
    variants: Variants | None = None
    """Several documents from one entry (the four separate letters); default: one."""
    checks: Callable[[Any, Any], Iterator[Finding]] | None = None
    """Rules between this document's data (first argument) and the shared parts of the
    whole file (second); paths are relative to the file."""

    def jobs_for(self, unterlagen: Any) -> list[DocumentJob]:
        data = getattr(unterlagen, self.key)
        if data is None:
            return []
        entries = list(enumerate(data)) if self.many else [(None, data)]
        shared = {name: getattr(unterlagen, name) for name in self.shared}
        if unterlagen.briefkopf is not None:
            shared["briefkopf"] = unterlagen.briefkopf
        names = {SHARED_PARTS[n].short or n: v for n, v in shared.items()}
        # which documents the same file describes (the Kurzkonzept says whether the
        # declarations it lists as enclosed are there)
        vorhanden = {key: bool(getattr(unterlagen, key)) for key in data_keys()}
        shared = {**shared, "vorhanden": vorhanden}
        names = {**names, "vorhanden": vorhanden}
        jobs = []
        for index, item in entries:
            if not self.when(item):
                continue
            stem = self.name if index is None else f"{self.name}-{item.id.replace('_', '-')}"
            path = (self.key,) if index is None else (self.key, index)
            own = {**shared, **names, self.item: item, **({self.alias: item} if self.alias else {})}
            for variant, extra in (self.variants(item, stem) if self.variants
                                   else [(stem, {})]):
                jobs.append(DocumentJob(
                    self, variant, {**shared, self.item: item, **extra},
                    {**own, **extra}, self.datum(item),
                    ClauseSpec(self.clauses, item, path) if self.clauses else None,
                ))
        return jobs


ERKLAERUNGEN = ("unterstuetzung", "kooperation", "koordinationsstelle", "konsultationskommune")
"""The four declarations of the call, in its order; file name parts of separate letters."""


def _letters(erklaerung: Erklaerung, stem: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """One letter with all four declarations, or four letters ``erklaerung-<n>-<kurz>``."""
    common = {"din": FORMS[erklaerung.form],
              "mit_sozialamt": any("Sozialamt" in u.aemter for u in erklaerung.unterzeichnende)}
    if not erklaerung.einzelschreiben:
        yield stem, {**common, "teile": [1, 2, 3, 4]}
        return
    for nummer, kurz in enumerate(ERKLAERUNGEN, start=1):
        yield f"erklaerung-{nummer}-{kurz}", {**common, "teile": [nummer]}


def _after_deadline(key: str, what: str) -> Callable[[Any, Any], Iterator[Finding]]:
    """A warning when the document under ``key`` is dated after the call's deadline."""
    def check(data: Any, unterlagen: Any) -> Iterator[Finding]:
        frist = unterlagen.modellprojekt.einreichungsfrist
        if data.datum > frist:
            yield Finding((key, "datum"), f"das Datum {what} liegt nach der Einreichungsfrist "
                                          f"({frist:%d.%m.%Y})", warning=True)
    return check


def _letter_enclosed(kurzkonzept: Any, unterlagen: Any) -> Iterator[Finding]:
    if unterlagen.erklaerung is None:
        yield Finding(("kurzkonzept",), "das Kurzkonzept nennt die vier Erklärungen als "
                      "beiliegend, diese Datei enthält aber kein Schreiben („erklaerung“); das "
                      "Kurzkonzept sagt daher, dass sie gesondert folgen", warning=True)


def _return_address(erklaerung: Erklaerung, unterlagen: Any) -> Iterator[Finding]:
    """The DIN 5008 return-address line must fit one line of the address field."""
    zeile = erklaerung.ruecksendeangabe(unterlagen.kommune.name)
    form = FORMS[erklaerung.form]
    if form.ruecksendeangabe_pt(zeile) is None:
        eigene = erklaerung.absender.ruecksendeangabe is not None
        yield Finding(
            ("erklaerung", "absender", "ruecksendeangabe" if eigene else "anschrift"),
            f"die Rücksendeangabe „{zeile}“ passt auch in {min(RUECKSENDE_PT):g} pt nicht auf "
            f"eine Zeile des Anschriftfeldes ({form.ruecksendeangabe_breite:g} mm); eine kürzere "
            "Zeile unter „erklaerung.absender.ruecksendeangabe“ angeben (z. B. „Str.“ statt "
            "„Straße“, ein Postfach oder den Namen abgekürzt)")


def _all(*checks: Callable[[Any, Any], Iterator[Finding]]) -> Callable[[Any, Any], Iterator[Finding]]:
    def check(data: Any, unterlagen: Any) -> Iterator[Finding]:
        for one in checks:
            yield from one(data, unterlagen)
    return check


_ORDNUNG: dict[str, Any] = {
    "key": "geschaeftsordnungen", "model": Geschaeftsordnung, "many": True,
    "item": "ordnung", "alias": "g", "datum": lambda g: g.beschluss.datum,
}
"""Both document types made from a body's rules of procedure read the same data."""


DOCUMENT_TYPES: tuple[DocumentType, ...] = (
    DocumentType(
        name="kurzkonzept",
        title="Kurzkonzept für die Teilnahme als Pilotkommune",
        key="kurzkonzept", model=Kurzkonzept, item="kurzkonzept",
        shared=("kommune", "modellprojekt", "koordinierungsstelle"),
        datum=lambda k: k.datum,
        html_template="kurzkonzept.html.j2",
        docx_template="kurzkonzept.docx",
        texts="kurzkonzept.yaml",
        checks=_all(_after_deadline("kurzkonzept", "des Kurzkonzepts"), _letter_enclosed),
    ),
    DocumentType(
        name="absichtserklaerung",
        title="Absichts- und Kooperationserklärung (DIN-5008-Brief)",
        key="erklaerung", model=Erklaerung, item="erklaerung", alias="e",
        shared=("kommune", "modellprojekt", "koordinierungsstelle"),
        datum=lambda e: e.datum,
        html_template="absichtserklaerung.html.j2",
        docx_template="absichtserklaerung.docx",
        texts="absichtserklaerung.yaml",
        variants=_letters,
        checks=_all(_after_deadline("erklaerung", "des Schreibens"), _return_address),
    ),
    DocumentType(
        name="kooperationsvereinbarung",
        title="Kooperationsvereinbarung",
        key="kooperationsvereinbarung", model=Kooperationsvereinbarung,
        item="vereinbarung", alias="v",
        shared=("kommune", "modellprojekt", "koordinierungsstelle"),
        datum=lambda v: v.datum,
        html_template="kooperationsvereinbarung.html.j2",
        docx_template="kooperationsvereinbarung.docx",
        clauses="kooperationsvereinbarung.yaml",
    ),
    DocumentType(
        name="geschaeftsordnung",
        title="Geschäftsordnung eines Gremiums (nummerierte Paragraphen)",
        **_ORDNUNG,
        html_template="geschaeftsordnung.html.j2",
        docx_template="geschaeftsordnung.docx",
        clauses="geschaeftsordnung.yaml",
        when=lambda g: "paragraphen" in g.darstellungen,
    ),
    DocumentType(
        name="fachliche-standards",
        title="Leitgedanken und fachliche Standards eines Gremiums (Anlage, Tabelle)",
        **_ORDNUNG,
        html_template="fachliche-standards.html.j2",
        docx_template="fachliche-standards.docx",
        when=lambda g: "tabelle" in g.darstellungen,
    ),
    DocumentType(
        name="werkstattgespraech",
        title="Dokumentation eines Werkstattgesprächs",
        key="werkstattgespraeche", model=Werkstattgespraech, many=True,
        item="werkstatt", alias="w",
        datum=lambda w: w.datum,
        html_template="werkstattgespraech.html.j2",
        docx_template="werkstattgespraech.docx",
        in_bundle=False,
    ),
)


def document_type(name: str) -> DocumentType:
    for doc_type in DOCUMENT_TYPES:
        if doc_type.name == name:
            return doc_type
    raise KeyError(name)


def data_keys() -> dict[str, list[DocumentType]]:
    """Each document data key of a data file and the types made from it."""
    keys: dict[str, list[DocumentType]] = {}
    for doc_type in DOCUMENT_TYPES:
        keys.setdefault(doc_type.key, []).append(doc_type)
    return keys


class UnterlagenBasis(Model):
    """What every data file has besides its documents and shared parts."""

    buendel: Buendel | None = Field(
        default=None, title="Bewerbungsbündel",
        description="das zusammengefügte PDF der Bewerbung; ohne Angaben alle Dokumente des "
                    "Bündels in üblicher Reihenfolge")
    """The one merged PDF of the application; made whenever the file has a Kurzkonzept."""

    @classmethod
    def requirements(cls, data: Mapping[str, Any]) -> Iterator[Finding]:
        """The shared parts the file's documents read and the file lacks; no document."""
        present = [(key, types) for key, types in data_keys().items() if data.get(key)]
        if not present:
            yield Finding((), "die Datei beschreibt kein Dokument; erwartet mindestens einen "
                              "der Abschnitte " + ", ".join(f"„{k}“" for k in data_keys()))
            return
        for part, spec in SHARED_PARTS.items():
            if spec.optional or part in data:
                continue
            needing = [t.title for _, types in present for t in types if part in t.shared]
            if needing:
                yield Finding((part,), f"Pflichtteil „{part}“ ({spec.title}) fehlt; gebraucht "
                                       f"für: {'; '.join(dict.fromkeys(needing))}")
        if "buendel" in data and not data.get("kurzkonzept"):
            yield Finding(("buendel",), "ein Bündel (Bewerbungsunterlagen) braucht das "
                                        "Kurzkonzept („kurzkonzept“) in derselben Datei")

    def checks(self) -> Iterator[Finding]:
        for key, types in data_keys().items():
            data = getattr(self, key)
            check = types[0].checks
            if data and check is not None:
                yield from check(data, self)

    @property
    def bundle(self) -> Buendel | None:
        """The bundle's definition, if the file makes one."""
        if getattr(self, "kurzkonzept", None) is None:
            return None
        return self.buendel or Buendel()


def _compose() -> type[UnterlagenBasis]:
    fields: dict[str, Any] = {
        name: (part.model | None, Field(default=None, title=part.title,
                                        description=part.description))
        for name, part in SHARED_PARTS.items()}
    for key, types in data_keys().items():
        title = types[0].title.split(" (")[0]
        description = " und ".join(t.title for t in types)
        if types[0].many:
            fields[key] = (eindeutige_ids(types[0].model),
                           Field(default=[], title=title, description=f"je Eintrag: {description}"))
        else:
            fields[key] = (types[0].model | None,
                           Field(default=None, title=title, description=f"optional: {description}"))
    return create_model(
        "Unterlagen", __base__=UnterlagenBasis, __module__=__name__,
        __doc__="One data file: shared parts and any subset of documents.", **fields)


Unterlagen = _compose()
"""The model of a data file, composed from ``SHARED_PARTS`` and ``DOCUMENT_TYPES``."""
