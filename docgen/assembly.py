"""Assemble stage, planning side: which parts the application bundle has, and the bundle.

The plan is checked while the data file is validated, before anything is rendered:
every ``buendel.teile`` entry names a document the file makes or an external PDF
beside the data file. Without ``teile`` the bundle holds every document whose
record says ``in_bundle``, in registry order. ``render_bundle`` then lays out the
cover and table of contents, renumbers each HTML-route document's kept layout with
the bundle's page numbers (a Word-route document is converted again with its page
fields starting at its page in the bundle and the bundle's total), and hands
everything to ``docgen.bundle.merge``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from docgen.errors import DataError, DocgenError, Problem, Severity
from docgen.models.buendel import Buendel
from docgen.templating import render_template
from docgen.validation import Validated
from docgen.wordparts import PageNumbers

if TYPE_CHECKING:
    from docgen.assets import Assets
    from docgen.options import Options
    from docgen.pdf import Layout
    from docgen.pipeline import Engine, PreparedJob, RenderedDocument

FRONT_TEMPLATE = "buendel.html.j2"
"""Cover sheet and table of contents (Anlagenverzeichnis) of the bundle."""


@dataclass(frozen=True)
class PlannedPart:
    """One part of the bundle: a document of the file, or an external PDF."""

    stem: str | None = None
    """File stem of a rendered document (``kurzkonzept``)."""
    title: str | None = None
    """Title in the table of contents; a document's own title when None."""
    attachment: bytes | None = None
    """An external PDF's bytes, active content removed (``docgen.sanitize``)."""
    removed: tuple[str, ...] = ()
    """What was removed from the external PDF (German), for a warning."""


@dataclass(frozen=True)
class BundlePlan:
    spec: Buendel
    parts: tuple[PlannedPart, ...]

    @property
    def filename(self) -> str:
        return f"{self.spec.dateiname}.pdf"


def plan_bundle(validated: Validated[Any], prepared: Sequence[PreparedJob]) -> BundlePlan | None:
    """The bundle of a data file, checked; None when the file makes no bundle."""
    from docgen.bundle import check_attachment
    from docgen.files import read_limited
    from docgen.output import output_name_clash
    from docgen.sanitize import MAX_ATTACHMENT_BYTES, sanitize_pdf

    spec = validated.model.bundle
    if spec is None:
        return None
    stems = [p.job.stem for p in prepared]
    clash = output_name_clash(spec.dateiname, stems)
    if clash:
        raise DataError.single(clash, validated.source.source_map.location(
            ("buendel", "dateiname")), "buendel.dateiname")
    if spec.teile is None:
        return BundlePlan(spec, tuple(PlannedPart(p.job.stem) for p in prepared
                                      if p.job.doc_type.in_bundle))
    source_map = validated.source.source_map
    folder = validated.source.folder_of(("buendel",))
    parts: list[PlannedPart] = []
    problems: list[Problem] = []
    for index, teil in enumerate(spec.teile):
        here = ("buendel", "teile", index)
        if teil.dokument is not None:
            if teil.dokument not in stems:
                problems.append(Problem(
                    f"kein Dokument „{teil.dokument}“; vorhanden: {', '.join(stems)}",
                    source_map.location((*here, "dokument")), "buendel.teile"))
            parts.append(PlannedPart(teil.dokument, teil.titel))
            continue
        assert teil.anhang is not None
        path = (folder / teil.anhang).resolve()
        where = source_map.location((*here, "anhang"))
        problem = None
        data = b""
        removed: list[str] = []
        if not path.is_relative_to(folder):
            problem = f"„{teil.anhang}“ liegt außerhalb des Ordners der Datendatei"
        else:
            try:
                data = read_limited(path, MAX_ATTACHMENT_BYTES, where, DataError,
                                    label=f"Anhang „{teil.anhang}“")
            except DataError as exc:
                problem = exc.problems[0].message
            else:
                problem = check_attachment(data, teil.anhang)
                if problem is None:
                    data, removed = sanitize_pdf(data)
        if problem:
            problems.append(Problem(problem, where, "buendel.teile"))
        parts.append(PlannedPart(None, teil.titel, data, tuple(removed)))
    if problems:
        raise DataError.of(problems)
    return BundlePlan(spec, tuple(parts))


def bundle_only_stems(options: Options, plan: BundlePlan | None,
                      prepared: Sequence[PreparedJob]) -> set[str]:
    """Documents whose PDF goes into the bundle only (``Options.bundle_only``): HTML-route
    documents of the bundle are laid out for it but not written on their own."""
    if not options.bundle_only or plan is None or "pdf" not in options.formats:
        return set()
    in_bundle = {part.stem for part in plan.parts}
    return {p.job.stem for p in prepared
            if p.job.stem in in_bundle and options.route_for(p.job.doc_type) == "html"}


@dataclass(frozen=True)
class _Part:
    title: str
    pdf: bytes | None
    """None for a document laid out for the bundle only (written below)."""
    document: RenderedDocument | None
    pages: int
    archival: bool
    """Claims PDF/A (WeasyPrint's PDFs always do: docgen asks for PDF/A-2a)."""


def _document_part(document: RenderedDocument, title: str | None, kommune: str,
                   route: str) -> _Part:
    """A rendered document as a part, reading its PDF only for what docgen does not know
    already (outputs taken from the previous build, the Word route's PDF)."""
    from docgen.bundle import claims_pdfa, page_count, pdf_title

    pdf = document.outputs.get("pdf")
    if pdf is None:
        assert document.title is not None and document.pages is not None
        return _Part(title or document.title.removesuffix(f" – {kommune}"), None, document,
                     document.pages, True)
    own_title = document.title if document.title is not None else pdf_title(pdf)
    pages = document.pages if document.pages is not None else page_count(pdf)
    archival = document.layout is not None or route == "html" or claims_pdfa(pdf)
    return _Part(title or own_title.removesuffix(f" – {kommune}"), pdf, document, pages,
                 archival)


def render_bundle(engine: Engine, validated: Validated[Any], plan: BundlePlan,
                  prepared: Sequence[PreparedJob], documents: Sequence[RenderedDocument],
                  assets: Assets | None = None) -> tuple[bytes, tuple[Problem, ...]]:
    """Cover, table of contents and every part as one archival PDF, and its warnings."""
    from docgen.bundle import Metadata, Part, claims_pdfa, merge, page_count
    from docgen.options import document_timestamp
    from docgen.pipeline import common_context

    daten = validated.model
    kommune = daten.kommune.name
    by_stem = {d.job.stem: d for d in documents}
    prepared_by_stem = {p.job.stem: p for p in prepared}
    parts: list[_Part] = []
    for planned in plan.parts:
        if planned.stem is None:
            assert planned.title is not None and planned.attachment is not None
            parts.append(_Part(planned.title, planned.attachment, None,
                               page_count(planned.attachment), claims_pdfa(planned.attachment)))
            continue
        made = by_stem[planned.stem]
        if "pdf" not in made.outputs and made.layout is None:
            # for the bundle only, and taken from the previous build: laid out again
            layout = engine.pdf_renderer.layout(
                engine.render_html(prepared_by_stem[planned.stem]),
                source_name=made.job.doc_type.html_template)
            made = replace(made, layout=layout, pages=layout.page_count, title=layout.title)
        parts.append(_document_part(made, planned.title, kommune,
                                    engine.options.route_for(made.job.doc_type)))
    counts = [part.pages for part in parts]
    created = document_timestamp(daten.kurzkonzept.datum)
    front_context = {**common_context(daten, created, assets), "kurzkonzept": daten.kurzkonzept,
                     "kommune": daten.kommune, "modellprojekt": daten.modellprojekt,
                     "buendel": plan.spec}

    def front(front_pages: int) -> Layout:
        starts, page = [], front_pages + 1
        for count in counts:
            starts.append(page)
            page += count
        entries = [(n, part.title, start) for n, (part, start)
                   in enumerate(zip(parts, starts, strict=True), start=1)]
        html = render_template(engine.env, FRONT_TEMPLATE, {**front_context, "eintraege": entries})
        return engine.pdf_renderer.layout(html, source_name=FRONT_TEMPLATE)

    front_pages = 2
    front_layout = front(front_pages)
    while front_layout.page_count != front_pages:
        front_pages = front_layout.page_count
        front_layout = front(front_pages)
    total = front_pages + sum(counts)
    front_layout.renumber(1, total)
    front_pdf = front_layout.write_part()

    final_parts = []
    archival: list[bool] = []
    page = front_pages + 1
    for part, count in zip(parts, counts, strict=True):
        pdf, document = part.pdf, part.document
        if document is not None and plan.spec.seitenzahlen == "durchgehend":
            job = prepared_by_stem[document.job.stem]
            if engine.options.route_for(document.job.doc_type) == "html":
                # its pages numbered as pages of the bundle; a document taken from the
                # previous build comes without its layout and is laid out again
                layout = document.layout or engine.pdf_renderer.layout(
                    engine.render_html(job), source_name=document.job.doc_type.html_template)
                layout.renumber(page, total)
                pdf = layout.write_part()
            else:  # Word route: the DOCX again, its page fields starting at ``page``
                pdf = engine.convert_docx(engine.render_docx(job, assets, PageNumbers(page, total)),
                                          job)
                if page_count(pdf) != count:
                    raise DocgenError.single(
                        f"„{part.title}“ hat mit den Seitenzahlen des Bündels {page_count(pdf)} "
                        f"statt {count} Seiten; bitte mit „seitenzahlen: je_dokument“ bündeln")
        elif pdf is None:
            assert document is not None and document.layout is not None
            pdf = document.layout.write_part()
        final_parts.append(Part(part.title, pdf))
        archival.append(part.archival)
        page += count

    source = None
    if plan.spec.quelldaten_einbetten:
        source = (validated.source.path.name, validated.source.path.read_bytes())
    bundle = merge(
        front_pdf, final_parts,
        Metadata(title=f"{plan.spec.titel} – {kommune}", author=kommune,
                 subject=f"{plan.spec.titel}: {', '.join(p.title for p in final_parts)}",
                 keywords=f"{daten.modellprojekt.kurztitel}, Bewerbung, {kommune}",
                 created=created),
        labels_per_part=plan.spec.seitenzahlen == "je_dokument", source_file=source,
    )
    source_map = validated.source.source_map
    where = source_map.location(("buendel",))
    warnings = tuple(
        Problem(f"aus dem Anhang „{planned.title}“ entfernt: {', '.join(planned.removed)}",
                source_map.location(("buendel", "teile", index)), f"buendel.teile[{index}]",
                Severity.WARNING)
        for index, planned in enumerate(plan.parts) if planned.removed) + tuple(
        Problem(f"„{part.title}“ ist kein PDF/A; das Bündel wird darum nicht als PDF/A "
                "gekennzeichnet", where, "buendel", Severity.WARNING)
        for part, claims in zip(final_parts, archival, strict=True) if not claims)
    return bundle, warnings
