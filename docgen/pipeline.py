"""The pipeline: load → validate → render → convert → write, as small stages on one engine.

The engine holds what is worth keeping warm between documents (the Jinja
environment, WeasyPrint's font configuration and parsed stylesheet, the running
LibreOffice of the Word route). The CLI, tests and later a web app or batch
runner all call these functions; close the engine (or use it in a ``with``
block) to stop LibreOffice.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docgen import __version__
from docgen.assets import Assets, load_assets
from docgen.clauses import assemble
from docgen.errors import DataError, DocgenError, Problem, Severity
from docgen.loading import load
from docgen.models.antrag import Antrag
from docgen.output import slugify, write_atomic
from docgen.registry import DOCUMENT_TYPES, DocumentJob, DocumentType
from docgen.templating import (
    TemplateRoots,
    load_texts,
    make_environment,
    render_template,
    template_errors,
)
from docgen.validation import Validated, validate
from docgen.wordparts import PageNumbers

if TYPE_CHECKING:
    from docgen.convert import WarmConverter
    from docgen.pdf import Layout, PdfRenderer
    from docgen.word import WordRenderer

FORMATS = ("pdf", "docx", "html")
STYLESHEETS_FOR_CACHE = ("html/docgen.css", "html/theme.css")
ROUTES = ("html", "docx")


def document_timestamp(antrag: Antrag) -> datetime:
    """Creation time written into files: ``SOURCE_DATE_EPOCH`` if set, else the data's date.

    Never the clock, so the same input gives the same bytes.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None:
        try:
            return datetime.fromtimestamp(int(epoch), tz=UTC)
        except ValueError as exc:
            raise DocgenError.single(
                f"SOURCE_DATE_EPOCH muss eine ganze Zahl (Sekunden) sein, nicht „{epoch}“"
            ) from exc
    return datetime.combine(antrag.datum, time(), tzinfo=UTC)


@dataclass(frozen=True)
class Options:
    templates: tuple[Path, ...] = ()
    """User template folders, looked up before the built-in one."""
    formats: tuple[str, ...] = ("pdf",)
    """What to write: ``pdf``, ``docx`` (editable Word file), ``html`` (preview/debugging)."""
    pdf_routes: Mapping[str, str] = field(default_factory=dict)
    """Per document type (or ``*`` for all), which route makes the PDF: ``html`` or ``docx``.
    Unnamed types use their registry default."""

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


@dataclass(frozen=True)
class PreparedJob:
    """A document ready to render: its job and its full template context."""

    job: DocumentJob
    context: Mapping[str, Any]


@dataclass(frozen=True)
class RenderedDocument:
    job: DocumentJob
    outputs: Mapping[str, bytes]
    """File suffix (``pdf``, ``docx``, ``html``) → content."""
    reused: bool = False
    """Taken unchanged from the previous build (incremental builds)."""
    layout: Layout | None = field(default=None, repr=False, compare=False)
    """The WeasyPrint layout behind the PDF (HTML route), for renumbering in the bundle."""

    @property
    def pdf(self) -> bytes:
        return self.outputs["pdf"]

    @property
    def filename(self) -> str:
        return f"{self.job.stem}.pdf"

    def filenames(self) -> dict[str, bytes]:
        return {f"{self.job.stem}.{suffix}": data for suffix, data in self.outputs.items()}


@dataclass(frozen=True)
class RenderedFile:
    """Everything one data file produced, held in memory until it is written."""

    validated: Validated[Antrag]
    slug: str
    documents: tuple[RenderedDocument, ...]
    bundle: bytes | None = None
    """The merged application bundle (PDF), when PDFs were rendered."""
    bundle_warnings: tuple[Problem, ...] = ()
    bundle_reused: bool = False
    cache_keys: Mapping[str, str] | None = None
    """For incremental builds: the content key of every output, to store beside them."""

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return self.validated.warnings + self.bundle_warnings

    @property
    def bundle_filename(self) -> str:
        return f"{self.validated.model.buendel.dateiname}.pdf"


class Engine:
    """Renders data files; create one and reuse it for many files."""

    def __init__(self, options: Options | None = None) -> None:
        self.options = options or Options()
        self.options.check()
        self.roots = TemplateRoots.with_user_folders(self.options.templates)
        self.env = make_environment(self.roots, "html")
        self._pdf_renderer: PdfRenderer | None = None
        self._word_renderer: WordRenderer | None = None
        self._converter: WarmConverter | None = None

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the warm LibreOffice, if one was started."""
        if self._converter is not None:
            self._converter.close()
            self._converter = None

    @property
    def word_renderer(self) -> WordRenderer:
        if self._word_renderer is None:
            from docgen.word import WordRenderer

            self._word_renderer = WordRenderer(self.roots)
        return self._word_renderer

    @property
    def converter(self) -> WarmConverter:
        if self._converter is None:
            from docgen.convert import WarmConverter

            self._converter = WarmConverter()
        return self._converter

    @property
    def pdf_renderer(self) -> PdfRenderer:
        if self._pdf_renderer is None:
            from docgen.pdf import PdfRenderer  # WeasyPrint takes ~1 s to import

            self._pdf_renderer = PdfRenderer(self.roots)
        return self._pdf_renderer

    # -- stages ---------------------------------------------------------------

    def validate_file(self, path: Path | str) -> Validated[Antrag]:
        """Load and validate a data file completely: fields, referred files, clauses."""
        validated = validate(load(path), Antrag)
        prepared = self.prepare(validated, load_assets(validated))
        self.bundle_plan(validated, [p.job.stem for p in prepared])
        return validated

    def jobs(self, validated: Validated[Antrag]) -> list[DocumentJob]:
        return [job for t in DOCUMENT_TYPES for job in t.jobs_for(validated.model)]

    def prepare(self, validated: Validated[Antrag], assets: Assets | None = None
                ) -> list[PreparedJob]:
        """Every document's full context; clause-based documents get their ``abschnitte``.

        Problems of all documents are collected and raised together.
        """
        prepared: list[PreparedJob] = []
        problems: list[Problem] = []
        error_type: type[DocgenError] = DataError
        for job in self.jobs(validated):
            context = prepared_context(validated, job, assets)
            if job.doc_type.texts is not None:
                try:
                    context["texte"] = load_texts(self.roots, job.doc_type.texts, job.names or {})
                except DocgenError as exc:
                    problems += [p for p in exc.problems if p not in problems]
                    error_type = type(exc)
                    continue
            if job.clauses is not None:
                try:
                    context["abschnitte"] = assemble(
                        self.roots, job.clauses, job.names or {},
                        validated.source.source_map,
                    )
                except DocgenError as exc:
                    problems += [p for p in exc.problems if p not in problems]
                    if not isinstance(exc, DataError):
                        error_type = type(exc)
                    continue
            prepared.append(PreparedJob(job, context))
        if problems:
            raise error_type.of(problems)
        return prepared

    def render_html(self, prepared: PreparedJob) -> str:
        return render_template(self.env, prepared.job.doc_type.html_template, prepared.context)

    def _standalone_html(self, html: str) -> str:
        """The HTML with the shared stylesheets inlined, for viewing in a browser."""
        from docgen.pdf import STYLESHEETS

        css = "\n".join(
            path.read_text(encoding="utf-8")
            for path in (self.roots.find(name) for name in STYLESHEETS) if path is not None
        )
        return html.replace("</head>", f"<style>\n{css}\n</style>\n</head>", 1)

    def render_docx(self, prepared: PreparedJob, assets: Assets | None = None,
                    numbers: PageNumbers | None = None) -> bytes:
        """The DOCX; ``numbers``: its pages as pages of a bundle (first number, total)."""
        template = prepared.job.doc_type.docx_template
        if template is None:
            raise DocgenError.single(
                f"für „{prepared.job.doc_type.title}“ gibt es keine Word-Vorlage")
        return self.word_renderer.render(template, prepared.context,
                                         (assets or Assets()).logo_png(),
                                         document_timestamp(prepared.context["antrag"]), numbers)

    def convert_docx(self, docx: bytes, prepared: PreparedJob) -> bytes:
        """The Word route's PDF of a DOCX: LibreOffice, then dates and ids made reproducible."""
        from docgen.bundle import make_reproducible

        return make_reproducible(self.converter.convert(docx, name=prepared.job.stem),
                                 document_timestamp(prepared.context["antrag"]))

    def render_document(self, prepared: PreparedJob, assets: Assets | None = None
                        ) -> RenderedDocument:
        """Every requested format of one document, each route run at most once; the HTML
        route's layout is kept for the bundle."""
        formats = self.options.formats
        route = self.options.route_for(prepared.job.doc_type)
        outputs: dict[str, bytes] = {}
        html = docx = None
        layout = None
        if "html" in formats or ("pdf" in formats and route == "html"):
            html = self.render_html(prepared)
        if "docx" in formats or ("pdf" in formats and route == "docx"):
            docx = self.render_docx(prepared, assets)
        if "pdf" in formats:
            if route == "html":
                assert html is not None
                layout = self.pdf_renderer.layout(
                    html, source_name=prepared.job.doc_type.html_template)
                outputs["pdf"] = layout.write()
            else:
                assert docx is not None
                outputs["pdf"] = self.convert_docx(docx, prepared)
        if "docx" in formats and docx is not None:
            outputs["docx"] = docx
        if "html" in formats and html is not None:
            outputs["html"] = self._standalone_html(html).encode("utf-8")
        return RenderedDocument(prepared.job, outputs, layout=layout)

    def render_file(self, path: Path | str, *, cache_in: Path | None = None,
                    force: bool = False) -> RenderedFile:
        """Load, validate and render every document of one data file, writing nothing.

        With ``cache_in`` (the output folder), documents whose content key matches the
        previous build's are taken from there instead of being rendered (``force``: never).
        """
        from docgen.cache import OutputCache, digest, folder_files, template_closure

        validated = validate(load(path), Antrag)
        assets = load_assets(validated)
        slug = slugify(validated.model.kommune.name)
        prepared = self.prepare(validated, assets)
        plan = self.bundle_plan(validated, [p.job.stem for p in prepared])
        cache = OutputCache(cache_in / slug, enabled=not force) if cache_in else None
        common: set[Path] = set()
        if cache is not None:
            common = folder_files(self.roots, "fonts") | {
                p for name in STYLESHEETS_FOR_CACHE if (p := self.roots.find(name)) is not None}
        inputs = [repr(self.options).encode(), validated.source.path.read_bytes(),
                  assets.logo_bytes or b""]
        keys: dict[str, str] = {}
        documents = []
        for job in prepared:
            reused = None
            if cache is not None:
                doc_type = job.job.doc_type
                with template_errors(doc_type.html_template):
                    files = template_closure(self.env, self.roots, doc_type.html_template)
                files |= common
                for name in (f"texte/{doc_type.texts}" if doc_type.texts else None,
                             f"klauseln/{job.job.clauses.catalogue}" if job.job.clauses else None,
                             f"docx/{doc_type.docx_template}" if doc_type.docx_template else None):
                    if name and (found := self.roots.find(name)) is not None:
                        files.add(found)
                key = keys[job.job.stem] = digest([*inputs, job.job.stem.encode()], files)
                names = [f"{job.job.stem}.{suffix}" for suffix in self.options.formats]
                reused = cache.fresh(job.job.stem, key, names)
            if reused is not None:
                outputs = {name.rsplit(".", 1)[1]: data for name, data in reused.items()}
                documents.append(RenderedDocument(job.job, outputs, reused=True))
            else:
                documents.append(self.render_document(job, assets))
        bundle: bytes | None = None
        warnings: tuple[Problem, ...] = ()
        bundle_reused = False
        if "pdf" in self.options.formats:
            cached = None
            if cache is not None:
                bundle_name = f"{validated.model.buendel.dateiname}.pdf"
                with template_errors(_BUNDLE_TYPE.html_template):
                    files = template_closure(self.env, self.roots, _BUNDLE_TYPE.html_template)
                bundle_key = keys[bundle_name] = digest(
                    [*inputs, *(k.encode() for k in keys.values()),
                     *(data or b"" for _, _, data in plan)], files | common)
                cached = cache.fresh(bundle_name, bundle_key, [bundle_name])
            if cached is not None:
                bundle, bundle_reused = next(iter(cached.values())), True
            else:
                bundle, warnings = self.render_bundle(validated, prepared, documents, assets, plan)
        # the layouts served the bundle; a caller that keeps the result keeps only bytes
        kept = tuple(replace(d, layout=None) for d in documents)
        return RenderedFile(validated, slug, kept, bundle, warnings, bundle_reused,
                            keys if cache is not None else None)

    # -- the bundle -------------------------------------------------------------------

    def bundle_plan(self, validated: Validated[Antrag], stems: Sequence[str]
                    ) -> list[tuple[str | None, str | None, bytes | None]]:
        """Check the bundle definition before anything is rendered.

        Returns (document stem or None, title or None, external PDF or None) per part.
        """
        from docgen.bundle import check_attachment

        spec = validated.model.buendel
        if spec.teile is None:
            return [(stem, None, None) for stem in stems]
        source_map = validated.source.source_map
        folder = validated.source.path.parent.resolve()
        plan: list[tuple[str | None, str | None, bytes | None]] = []
        problems: list[Problem] = []
        for index, teil in enumerate(spec.teile):
            here = ("buendel", "teile", index)
            if teil.dokument is not None:
                if teil.dokument not in stems:
                    problems.append(Problem(
                        f"kein Dokument „{teil.dokument}“; vorhanden: {', '.join(stems)}",
                        source_map.location((*here, "dokument")), "buendel.teile"))
                plan.append((teil.dokument, teil.titel, None))
                continue
            assert teil.anhang is not None
            where = source_map.location((*here, "anhang"))
            path = (folder / teil.anhang).resolve()
            problem = None
            data = b""
            if not path.is_relative_to(folder):
                problem = f"„{teil.anhang}“ liegt außerhalb des Ordners der Datendatei"
            else:
                try:
                    data = path.read_bytes()
                except FileNotFoundError:
                    problem = f"Anhang „{teil.anhang}“ nicht gefunden"
                except OSError as exc:
                    problem = f"Anhang „{teil.anhang}“ nicht lesbar ({exc.strerror})"
                else:
                    problem = check_attachment(data, teil.anhang)
            if problem:
                problems.append(Problem(problem, where, "buendel.teile"))
            plan.append((None, teil.titel, data))
        if problems:
            raise DataError.of(problems)
        return plan

    def _bundle_parts(self, validated: Validated[Antrag],
                      plan: Sequence[tuple[str | None, str | None, bytes | None]],
                      documents: Sequence[RenderedDocument]
                      ) -> list[tuple[str, bytes, RenderedDocument | None]]:
        """(title, pdf, document or None for an external PDF) in the bundle's order."""
        from docgen.bundle import pdf_title

        by_stem = {d.job.stem: d for d in documents}
        parts: list[tuple[str, bytes, RenderedDocument | None]] = []
        for stem, title, data in plan:
            if stem is not None:
                document = by_stem[stem]
                parts.append((title or _short(pdf_title(document.pdf), validated),
                              document.pdf, document))
            else:
                assert title is not None and data is not None
                parts.append((title, data, None))
        return parts

    def render_bundle(self, validated: Validated[Antrag], prepared: Sequence[PreparedJob],
                      documents: Sequence[RenderedDocument], assets: Assets | None = None,
                      plan: Sequence[tuple[str | None, str | None, bytes | None]] | None = None,
                      ) -> tuple[bytes, tuple[Problem, ...]]:
        # ``plan`` from ``bundle_plan``; given by render_file, which checked it before rendering
        """Cover, table of contents and every part as one archival PDF."""
        from docgen.bundle import Metadata, Part, claims_pdfa, merge, page_count

        antrag = validated.model
        spec = antrag.buendel
        if plan is None:
            plan = self.bundle_plan(validated, [d.job.stem for d in documents])
        parts = self._bundle_parts(validated, plan, documents)
        counts = [page_count(pdf) for _, pdf, _ in parts]
        front_job = DocumentJob(_BUNDLE_TYPE, "buendel", {"antrag": antrag})

        def front(front_pages: int) -> Layout:
            starts, page = [], front_pages + 1
            for count in counts:
                starts.append(page)
                page += count
            entries = [(n, title, start) for n, ((title, _, _), start)
                       in enumerate(zip(parts, starts, strict=True), start=1)]
            context = {**prepared_context(validated, front_job, assets), "eintraege": entries}
            html = render_template(self.env, _BUNDLE_TYPE.html_template, context)
            return self.pdf_renderer.layout(html, source_name=_BUNDLE_TYPE.html_template)

        front_pages = 2
        front_layout = front(front_pages)
        while front_layout.page_count != front_pages:
            front_pages = front_layout.page_count
            front_layout = front(front_pages)
        total = front_pages + sum(counts)
        front_layout.renumber(1, total)
        front_pdf = front_layout.write()

        by_stem = {p.job.stem: p for p in prepared}
        warnings: list[Problem] = []
        final_parts = []
        page = front_pages + 1
        for (title, pdf, document), count in zip(parts, counts, strict=True):
            if document is not None and spec.seitenzahlen == "durchgehend":
                job = by_stem[document.job.stem]
                if self.options.route_for(document.job.doc_type) == "html":
                    # its pages numbered as pages of the bundle; a document taken from the
                    # previous build comes without its layout and is laid out again
                    layout = document.layout or self.pdf_renderer.layout(
                        self.render_html(job), source_name=document.job.doc_type.html_template)
                    layout.renumber(page, total)
                    pdf = layout.write()
                else:  # Word route: the DOCX again, its page fields starting at ``page``
                    pdf = self.convert_docx(
                        self.render_docx(job, assets, PageNumbers(page, total)), job)
                    if page_count(pdf) != count:
                        raise DocgenError.single(
                            f"„{title}“ hat mit den Seitenzahlen des Bündels {page_count(pdf)} "
                            f"statt {count} Seiten; bitte mit „seitenzahlen: je_dokument“ bündeln")
            final_parts.append(Part(title, pdf))
            page += count

        created = document_timestamp(antrag)
        source = None
        if spec.quelldaten_einbetten:
            source = (validated.source.path.name, validated.source.path.read_bytes())
        bundle = merge(
            front_pdf, final_parts,
            Metadata(title=f"{spec.titel} – {antrag.kommune.name}", author=antrag.kommune.name,
                     subject=f"{spec.titel}: {', '.join(p.title for p in final_parts)}",
                     keywords=f"{antrag.modellprojekt.kurztitel}, Bewerbung, {antrag.kommune.name}",
                     created=created),
            labels_per_part=spec.seitenzahlen == "je_dokument", source_file=source,
        )
        for part in final_parts:
            if not claims_pdfa(part.pdf):
                warnings.append(Problem(
                    f"„{part.title}“ ist kein PDF/A; das Bündel wird darum nicht als PDF/A "
                    "gekennzeichnet", validated.source.source_map.location(("buendel",)),
                    "buendel", Severity.WARNING))
        return bundle, tuple(warnings)


def write_outputs(rendered: RenderedFile, out_dir: Path) -> list[Path]:
    """Write a rendered file's documents and bundle to ``out_dir/<slug>/``, each atomically."""
    target = out_dir / rendered.slug
    written = []
    files = [(name, data) for d in rendered.documents if not d.reused
             for name, data in d.filenames().items()]
    if rendered.bundle is not None and not rendered.bundle_reused:
        files.append((rendered.bundle_filename, rendered.bundle))
    for name, data in files:
        path = target / name
        write_atomic(path, data)
        written.append(path)
    if rendered.cache_keys is not None:
        from docgen.cache import OutputCache

        OutputCache(target).save(rendered.cache_keys)
    return written


_BUNDLE_TYPE = DocumentType(
    name="buendel", title="Bewerbungsunterlagen (Bündel)", model=Antrag,
    html_template="buendel.html.j2", jobs=lambda doc_type, antrag: ())
"""The bundle's front matter; not in the registry (it is no document of its own)."""


def _short(title: str, validated: Validated[Antrag]) -> str:
    """A document title without the municipality's name, which the bundle's cover shows."""
    return title.removesuffix(f" – {validated.model.kommune.name}")


def prepared_context(validated: Validated[Antrag], job: DocumentJob,
                     assets: Assets | None = None) -> dict[str, Any]:
    """The context every template gets: common values, then the job's own."""
    return {
        "briefkopf": validated.model.briefkopf,
        "logo": (assets or Assets()).logo,
        "erstellt": document_timestamp(validated.model).strftime("%Y-%m-%dT%H:%M:%SZ"),
        **job.context,
        "docgen_version": __version__,
    }


def render_to(paths: Sequence[Path | str], out_dir: Path, options: Options | None = None
              ) -> list[Path]:
    """Convenience for library users: render and write several files; raises on the first error."""
    written: list[Path] = []
    with Engine(options) as engine:
        for path in paths:
            written += write_outputs(engine.render_file(path), out_dir)
    return written


__all__ = ["DocgenError", "Engine", "Options", "RenderedFile", "render_to", "write_outputs"]
