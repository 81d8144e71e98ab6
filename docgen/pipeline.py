"""The pipeline: load → validate → render → write, as small stages on one engine.

The engine holds what is worth keeping warm between documents (the Jinja
environment, WeasyPrint's font configuration and parsed stylesheet). The CLI,
tests and later a web app or batch runner all call these functions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docgen import __version__
from docgen.assets import Assets, load_assets
from docgen.clauses import assemble
from docgen.errors import DataError, DocgenError, Problem
from docgen.loading import load
from docgen.models.antrag import Antrag
from docgen.output import slugify, write_atomic
from docgen.registry import DOCUMENT_TYPES, DocumentJob
from docgen.templating import TemplateRoots, load_texts, make_environment, render_template
from docgen.validation import Validated, validate

if TYPE_CHECKING:
    from docgen.pdf import PdfRenderer


@dataclass(frozen=True)
class Options:
    templates: tuple[Path, ...] = ()
    """User template folders, looked up before the built-in one."""


@dataclass(frozen=True)
class PreparedJob:
    """A document ready to render: its job and its full template context."""

    job: DocumentJob
    context: Mapping[str, Any]


@dataclass(frozen=True)
class RenderedDocument:
    job: DocumentJob
    pdf: bytes

    @property
    def filename(self) -> str:
        return f"{self.job.stem}.pdf"


@dataclass(frozen=True)
class RenderedFile:
    """Everything one data file produced, held in memory until it is written."""

    validated: Validated[Antrag]
    slug: str
    documents: tuple[RenderedDocument, ...]

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return self.validated.warnings


class Engine:
    """Renders data files; create one and reuse it for many files."""

    def __init__(self, options: Options | None = None) -> None:
        self.options = options or Options()
        self.roots = TemplateRoots.with_user_folders(self.options.templates)
        self.env = make_environment(self.roots, "html")
        self._pdf_renderer: PdfRenderer | None = None

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
        self.prepare(validated, load_assets(validated))
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
            context: dict[str, Any] = {
                "briefkopf": validated.model.briefkopf,
                "logo": (assets or Assets()).logo,
                **job.context,
                "docgen_version": __version__,
            }
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

    def render_pdf(self, prepared: PreparedJob) -> bytes:
        html = self.render_html(prepared)
        return self.pdf_renderer.render(html, source_name=prepared.job.doc_type.html_template)

    def render_file(self, path: Path | str) -> RenderedFile:
        """Load, validate and render every document of one data file, writing nothing."""
        validated = validate(load(path), Antrag)
        assets = load_assets(validated)
        slug = slugify(validated.model.kommune.name)
        documents = tuple(
            RenderedDocument(p.job, self.render_pdf(p)) for p in self.prepare(validated, assets)
        )
        return RenderedFile(validated, slug, documents)


def write_outputs(rendered: RenderedFile, out_dir: Path) -> list[Path]:
    """Write a rendered file's documents to ``out_dir/<slug>/``, each atomically."""
    target = out_dir / rendered.slug
    written = []
    for document in rendered.documents:
        path = target / document.filename
        write_atomic(path, document.pdf)
        written.append(path)
    return written


def render_to(paths: Sequence[Path | str], out_dir: Path, options: Options | None = None
              ) -> list[Path]:
    """Convenience for library users: render and write several files; raises on the first error."""
    engine = Engine(options)
    written: list[Path] = []
    for path in paths:
        written += write_outputs(engine.render_file(path), out_dir)
    return written


__all__ = ["DocgenError", "Engine", "Options", "RenderedFile", "render_to", "write_outputs"]
