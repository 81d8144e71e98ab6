"""The pipeline: load → validate → render → convert → assemble → write, on one engine.

The engine keeps warm what is worth it between documents (the Jinja environment,
WeasyPrint's fonts and stylesheet, the Word route's LibreOffice) and strings the stages
together. Its public surface is what the CLI, the batch runner and the web app call:
``validate_file``, ``prepare``, ``render_html``, ``render_document``, ``render_file``.
Close the engine (or use it in a ``with`` block) to stop LibreOffice.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docgen import __version__
from docgen.assembly import bundle_only_stems, plan_bundle, render_bundle
from docgen.assets import Assets, load_assets
from docgen.clauses import assemble
from docgen.errors import DataError, DocgenError, Problem
from docgen.loading import load
from docgen.options import Options, document_timestamp
from docgen.output import data_file_slug, write_folder
from docgen.registry import DOCUMENT_TYPES, DocumentJob, Unterlagen
from docgen.templating import TemplateRoots, load_texts, make_environment, render_template
from docgen.validation import Validated, validate
from docgen.wordparts import PageNumbers

if TYPE_CHECKING:
    from docgen.convert import WarmConverter
    from docgen.pdf import Layout, PdfRenderer
    from docgen.word import WordRenderer

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
    pages: int | None = field(default=None, compare=False)
    """Page count, where docgen laid the document out itself (no need to read the PDF)."""
    title: str | None = field(default=None, compare=False)
    """The PDF's title, where docgen wrote it itself."""

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

    validated: Validated[Any]
    slug: str
    documents: tuple[RenderedDocument, ...]
    bundle: bytes | None = None
    """The merged application bundle (PDF), when the file makes one and PDFs were rendered."""
    bundle_filename: str | None = None
    bundle_warnings: tuple[Problem, ...] = ()
    bundle_reused: bool = False
    cache_keys: Mapping[str, str] | None = None
    """For incremental builds: the content key of every output, to store beside them."""

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return self.validated.warnings + self.bundle_warnings


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
    def pdf_renderer(self) -> PdfRenderer:
        if self._pdf_renderer is None:
            from docgen.pdf import PdfRenderer  # WeasyPrint takes ~1 s to import

            self._pdf_renderer = PdfRenderer(self.roots)
        return self._pdf_renderer

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

    # -- stages ---------------------------------------------------------------

    def validate_file(self, path: Path | str) -> Validated[Any]:
        """Load and validate a data file completely: fields, referred files, clauses, bundle."""
        validated = validate(load(path, limits=self.options.limits), Unterlagen)
        data_file_slug(validated.source.path, validated.source.display_name)
        plan_bundle(validated, self.prepare(validated, load_assets(validated)))
        return validated

    def prepare(self, validated: Validated[Any], assets: Assets | None = None
                ) -> list[PreparedJob]:
        """Every document's full context: common values, the job's own, its text resource
        (``texte``) and assembled clauses (``abschnitte``). Problems of all documents are
        collected and raised together."""
        prepared: list[PreparedJob] = []
        problems: list[Problem] = []
        error_type: type[DocgenError] = DataError
        for doc_type in DOCUMENT_TYPES:
            for job in doc_type.jobs_for(validated.model):
                context = {**common_context(validated.model, document_timestamp(job.datum),
                                            assets), **job.context}
                try:
                    if doc_type.texts is not None:
                        context["texte"] = load_texts(self.roots, doc_type.texts, job.names)
                    if job.clauses is not None:
                        context["abschnitte"] = assemble(self.roots, job.clauses, job.names,
                                                         validated.source.source_map)
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

    def standalone_html(self, html: str) -> str:
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
                                         document_timestamp(prepared.job.datum), numbers)

    def convert_docx(self, docx: bytes, prepared: PreparedJob) -> bytes:
        """The Word route's PDF of a DOCX: LibreOffice, then dates and ids made reproducible."""
        from docgen.bundle import make_reproducible

        return make_reproducible(self.converter.convert(docx, name=prepared.job.stem),
                                 document_timestamp(prepared.job.datum))

    def render_document(self, prepared: PreparedJob, assets: Assets | None = None, *,
                        for_bundle_only: bool = False) -> RenderedDocument:
        """Every requested format of one document, each route run at most once; the HTML
        route's layout is kept for the bundle. ``for_bundle_only``: the HTML route's PDF
        is laid out for the bundle but not written on its own."""
        formats = self.options.formats
        route = self.options.route_for(prepared.job.doc_type)
        outputs: dict[str, bytes] = {}
        html = docx = layout = None
        if "html" in formats or ("pdf" in formats and route == "html"):
            html = self.render_html(prepared)
        if "docx" in formats or ("pdf" in formats and route == "docx"):
            docx = self.render_docx(prepared, assets)
        if "pdf" in formats and html is not None and route == "html":
            layout = self.pdf_renderer.layout(
                html, source_name=prepared.job.doc_type.html_template)
            if not for_bundle_only:
                outputs["pdf"] = layout.write()
        elif "pdf" in formats and docx is not None:
            outputs["pdf"] = self.convert_docx(docx, prepared)
        if "docx" in formats and docx is not None:
            outputs["docx"] = docx
        if "html" in formats and html is not None:
            outputs["html"] = self.standalone_html(html).encode("utf-8")
        if layout is None:
            return RenderedDocument(prepared.job, outputs)
        return RenderedDocument(prepared.job, outputs, layout=layout, pages=layout.page_count,
                                title=layout.title)

    def render_file(self, path: Path | str, *, cache_in: Path | None = None,
                    force: bool = False) -> RenderedFile:
        """Load, validate and render every document of one data file, writing nothing.

        With ``cache_in`` (the output folder), outputs whose content key matches the
        previous build's are taken from there instead of being rendered (``force``: never).
        """
        from docgen.cache import FileCache

        validated = validate(load(path, limits=self.options.limits), Unterlagen)
        assets = load_assets(validated)
        slug = data_file_slug(validated.source.path, validated.source.display_name)
        prepared = self.prepare(validated, assets)
        plan = plan_bundle(validated, prepared)
        cache = (FileCache(self, validated, assets, cache_in / slug, enabled=not force)
                 if cache_in else None)
        only_in_bundle = bundle_only_stems(self.options, plan, prepared)
        documents = []
        for job in prepared:
            alone = job.job.stem in only_in_bundle
            reused = cache.document(job, without_pdf=alone) if cache is not None else None
            documents.append(RenderedDocument(job.job, reused, reused=True) if reused is not None
                             else self.render_document(job, assets, for_bundle_only=alone))
        bundle: bytes | None = None
        warnings: tuple[Problem, ...] = ()
        bundle_reused = False
        if plan is not None and "pdf" in self.options.formats:
            bundle = cache.bundle(plan) if cache is not None else None
            bundle_reused = bundle is not None
            if bundle is None:
                bundle, warnings = render_bundle(self, validated, plan, prepared, documents,
                                                 assets)
        # the layouts served the bundle; a caller that keeps the result keeps only bytes
        kept = tuple(replace(d, layout=None) for d in documents)
        return RenderedFile(validated, slug, kept, bundle, plan.filename if plan else None,
                            warnings, bundle_reused, cache.keys if cache is not None else None)


def write_outputs(rendered: RenderedFile, out_dir: Path) -> list[Path]:
    """Write a rendered file's documents and bundle to ``out_dir/<slug>/``, all at once."""
    from docgen.cache import CACHE_FILE, cache_record

    files = {name: data for d in rendered.documents if not d.reused
             for name, data in d.filenames().items()}
    if rendered.bundle is not None and rendered.bundle_filename and not rendered.bundle_reused:
        files[rendered.bundle_filename] = rendered.bundle
    written = list(files)
    if rendered.cache_keys is not None:
        files[CACHE_FILE] = cache_record(rendered)
    write_folder(out_dir / rendered.slug, files)
    return [out_dir / rendered.slug / name for name in written]


def common_context(daten: Any, created: datetime, assets: Assets | None = None
                   ) -> dict[str, Any]:
    """What every template gets besides its document's own data."""
    return {
        "briefkopf": daten.briefkopf,
        "logo": (assets or Assets()).logo,
        "erstellt": created.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "docgen_version": __version__,
    }


__all__ = ["DocgenError", "Engine", "Options", "RenderedFile", "write_outputs"]
