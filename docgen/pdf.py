"""Stage 3 for the HTML route: HTML → PDF with WeasyPrint, fenced in.

Templates address their assets (stylesheets, fonts, images) relative to a
virtual folder, ``file:///docgen-vorlagen/``, which maps onto the layered
template folders. The URL fetcher answers only those and ``data:`` URLs and
refuses everything else (other files, http, ftp …) with a fatal error, so a
template cannot read the machine's files or reach the network, and a missing
asset stops rendering instead of leaving a gap in an official document.

One ``PdfRenderer`` keeps its ``FontConfiguration`` and parsed base stylesheet
across documents (measured: less time, and memory stays flat in batches).

A document is laid out once (``PdfRenderer.layout``) and can then be written as it
is and again as pages of the application bundle (``Layout.renumber``): only the
margin boxes, which carry "Seite X von Y", are made anew. Laying out is about 70 %
of WeasyPrint's time, so the bundle no longer costs a second layout per document.
This uses WeasyPrint's layout functions below its public API (pinned to 70.x in
``pyproject.toml``; ``tests/test_bundle.py`` checks the renumbered footers).
"""

from __future__ import annotations

import logging
import mimetypes
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit
from xml.etree import ElementTree

import pydyf
from weasyprint import CSS, DEFAULT_OPTIONS, HTML
from weasyprint import pdf as weasyprint_pdf
from weasyprint.css.counters import CounterStyle
from weasyprint.document import Document, Page
from weasyprint.formatting_structure.boxes import MarginBox
from weasyprint.formatting_structure.build import build_formatting_structure
from weasyprint.html import get_html_metadata
from weasyprint.layout import LayoutContext, layout_document
from weasyprint.layout.background import layout_box_backgrounds
from weasyprint.layout.page import make_margin_boxes
from weasyprint.pdf import VARIANTS
from weasyprint.pdf.metadata import DocumentMetadata
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from docgen.barrierefreiheit import PDFUA_NS, problems
from docgen.errors import Location, Problem, RenderError
from docgen.templating import TemplateRoots

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

VIRTUAL_ROOT = "file:///docgen-vorlagen/"
STYLESHEETS = ("html/docgen.css", "html/theme.css")
"""The shared stylesheet, then the theme (empty built in; a user's folder may replace it)."""


PDF_OPTIONS = {"pdf_variant": "pdf/a-2a", "pdf_tags": True}
"""Archival and accessible: PDF/A-2a (tagged, Unicode text, sRGB output intent, XMP)."""


class RefusedURLError(FatalURLFetchingError):
    """A template asked for a resource outside the allowed folders (German message)."""


class SafeURLFetcher(URLFetcher):
    """Serves only files inside the template folders, and ``data:`` URLs (the logo)."""

    def __init__(self, roots: TemplateRoots) -> None:
        super().__init__(allowed_protocols={"file", "data"}, fail_on_errors=True)
        self.roots = roots

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if url.startswith("data:"):
            return super().fetch(url, headers)
        parts = urlsplit(url)
        if parts.scheme != "file":
            raise RefusedURLError(f"Zugriff auf „{url}“ verweigert (nur Vorlagendateien erlaubt)")
        path = unquote(parts.path)
        if not url.startswith(VIRTUAL_ROOT):
            raise RefusedURLError(f"Zugriff auf „{path}“ verweigert (außerhalb der Vorlagenordner)")
        name = path.removeprefix(urlsplit(VIRTUAL_ROOT).path)
        found = self.roots.find(name)
        if found is None:
            raise RefusedURLError(f"Datei „{name}“ in keinem Vorlagenordner gefunden")
        mime, _ = mimetypes.guess_type(found.name)
        headers_out = {"Content-Type": mime} if mime else {}
        return URLFetcherResponse(url, found.read_bytes(), headers_out)


def _add_tags_with_scope(pdf: Any, *args: Any, **kwargs: Any) -> None:
    """WeasyPrint's tagging, plus ``/Scope`` on every table header cell.

    WeasyPrint 70 links data cells to their headers (``/Headers``, ``/ID``) but gives
    the header cells no ``/Scope``; PDF/UA checkers look for it. A header in a row of
    data cells (``<th scope="row">``) heads its row, any other one its column.
    """
    _weasyprint_add_tags(pdf, *args, **kwargs)
    objects = {obj.number: obj for obj in pdf.objects if getattr(obj, "number", None) is not None}
    for obj in pdf.objects:
        if not (isinstance(obj, pydyf.Dictionary) and obj.get("S") == "/TR"):
            continue
        kids = [objects.get(int(kid.split()[0])) for kid in obj.get("K", [])
                if isinstance(kid, bytes)]
        cells = [kid for kid in kids if isinstance(kid, pydyf.Dictionary)]
        scope = "/Row" if any(c.get("S") == "/TD" for c in cells) else "/Column"
        for cell in cells:
            if cell.get("S") == "/TH" and isinstance(cell.get("A"), pydyf.Dictionary):
                cell["A"]["Scope"] = scope


_weasyprint_add_tags = weasyprint_pdf.add_tags
weasyprint_pdf.add_tags = _add_tags_with_scope


_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_EXTENSION = (
    f'<rdf:Description xmlns:rdf="{_RDF}" rdf:about=""'
    ' xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"'
    ' xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"'
    ' xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">'
    '<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">'
    "<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>"
    f"<pdfaSchema:namespaceURI>{PDFUA_NS}</pdfaSchema:namespaceURI>"
    "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>"
    '<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">'
    "<pdfaProperty:name>part</pdfaProperty:name>"
    "<pdfaProperty:valueType>Integer</pdfaProperty:valueType>"
    "<pdfaProperty:category>internal</pdfaProperty:category>"
    "<pdfaProperty:description>Part of ISO 14289 the file conforms to</pdfaProperty:description>"
    "</rdf:li></rdf:Seq></pdfaSchema:property></rdf:li></rdf:Bag></pdfaExtension:schemas>"
    "</rdf:Description>"
)


class _Metadata(DocumentMetadata):
    """WeasyPrint's metadata, plus the PDF/UA-1 identification when ``pdfua`` is set: the
    ``pdfuaid:part`` property and, as PDF/A requires for a schema it does not predefine,
    its extension schema description."""

    pdfua = False

    def generate_rdf_metadata(self, variant: str, version: int, conformance: str) -> bytes:
        data: bytes = super().generate_rdf_metadata(variant, version, conformance)
        if not self.pdfua:
            return data
        rdf = ElementTree.fromstring(data)
        description = rdf.find(f"{{{_RDF}}}Description")
        assert description is not None
        description.set(f"{{{PDFUA_NS}}}part", "1")
        rdf.append(ElementTree.fromstring(_EXTENSION))
        return ElementTree.tostring(rdf)

# --- WeasyPrint's own warnings ---------------------------------------------------------
# WeasyPrint logs, and goes on, when an image, stylesheet or font cannot be loaded or a
# glyph is missing: the document would come out without its logo or with empty boxes.
# Those messages become errors; the rest (unsupported CSS it ignores) stays a log line.

_CHANGES_OUTPUT = (
    (("Failed to load image", "Error while loading image"), "Bild konnte nicht geladen werden"),
    (("Failed to load stylesheet", "Error while loading stylesheet"),
     "Stylesheet konnte nicht geladen werden"),
    (("Failed to load inline SVG", "Error while loading inline SVG", "Failed to render SVG",
      "Error while rendering SVG"), "SVG-Bild ist fehlerhaft"),
    (("Failed to load attachment", "Error while loading attachment"),
     "Anhang konnte nicht geladen werden"),
    (("Font-face",), "Schrift konnte nicht geladen werden"),
    ((".notdef glyph",), "Zeichen, die keine Schrift enthält (würden als leere Kästchen "
                         "gedruckt)"),
    (("Content discarded", "No anchor"), "Verweis auf eine nicht vorhandene Stelle"),
    (("Malformed URL", "Malformed base URL", "Relative URI reference"), "fehlerhafte Adresse"),
)


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.problems: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        template = str(record.msg)
        for prefixes, german in _CHANGES_OUTPUT:
            if template.startswith(prefixes):
                detail = record.args[0] if isinstance(record.args, tuple) and record.args else ""
                text = f"{german} ({str(detail)[:120]})" if detail else german
                if text not in self.problems:
                    self.problems.append(text)
                return  # reported as a German error instead of an English log line
        logging.getLogger().handle(record)


@contextmanager
def weasyprint_warnings_as_errors(source_name: str) -> Iterator[None]:
    """Run WeasyPrint; what it logged that changes the output becomes a RenderError."""
    collector = _Collector()
    weasy_logger = logging.getLogger("weasyprint")
    weasy_logger.addHandler(collector)
    propagate, weasy_logger.propagate = weasy_logger.propagate, False
    try:
        yield
    finally:
        weasy_logger.removeHandler(collector)
        weasy_logger.propagate = propagate
    if collector.problems:
        raise RenderError.of(Problem(f"WeasyPrint: {text}", Location(source_name))
                             for text in collector.problems)


# --- stylesheets reach nothing outside the template folders -----------------------------

_CSS_REFERENCE = re.compile(
    r"""@import\s+(?:url\(\s*)?['"]?([^'")\s;]+)|url\(\s*['"]?([^'")\s]+)""", re.IGNORECASE)


def stylesheet_problems(roots: TemplateRoots) -> list[Problem]:
    """Every ``@import``/``url()`` of a stylesheet in the template folders that points
    outside them or at nothing, located in the stylesheet itself."""
    problems: list[Problem] = []
    for folder in roots.folders:
        html = folder / "html"
        if not html.is_dir():
            continue
        for path in sorted(p for p in html.rglob("*.css") if p.is_file()):  # no FIFO
            name = path.relative_to(folder).as_posix()
            base = VIRTUAL_ROOT + name
            text = path.read_text(encoding="utf-8", errors="replace")
            for match in _CSS_REFERENCE.finditer(text):
                reference = match.group(1) or match.group(2)
                if reference.startswith(("data:", "#")):
                    continue
                target = urljoin(base, reference)
                line = text.count("\n", 0, match.start()) + 1
                column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
                where = Location(str(path), line, column)
                if not target.startswith(VIRTUAL_ROOT):
                    problems.append(Problem(f"„{reference}“ liegt außerhalb der Vorlagenordner; "
                                            "Stylesheets dürfen nur Vorlagendateien laden", where))
                elif roots.find(unquote(target.removeprefix(VIRTUAL_ROOT))) is None:
                    problems.append(Problem(f"„{reference}“ in keinem Vorlagenordner gefunden",
                                            where))
    return problems


def _fetch_message(exc: FatalURLFetchingError) -> str:
    """German text for a resource WeasyPrint could not fetch (ours are German already)."""
    if isinstance(exc, RefusedURLError):
        return str(exc)
    quoted = re.search(r'"([^"]{0,120})', str(exc))
    url = quoted.group(1) if quoted else ""
    return f"Bild, Schrift oder Stylesheet konnte nicht geladen werden („{url}“)"


class Layout:
    """One laid-out document: ``write()`` it, ``renumber()`` its pages, write it again."""

    def __init__(self, document: Document, context: LayoutContext, source_name: str) -> None:
        self.document = document
        self.context = context
        self.source_name = source_name

    @property
    def page_count(self) -> int:
        return len(self.document.pages)

    def write(self) -> bytes:
        """The PDF, claiming PDF/UA-1 only if its structure, read back, holds the claim."""
        pdf = self._write(claim_pdfua=True)
        missing = problems(pdf)
        if missing:
            logger.warning("%s: keine PDF/UA-Kennzeichnung, weil: %s", self.source_name,
                           "; ".join(missing))
            pdf = self._write(claim_pdfua=False)
        return pdf

    def _write(self, *, claim_pdfua: bool) -> bytes:
        # WeasyPrint collects the glyphs used while writing; start afresh, so a second
        # write gives the very bytes a fresh typesetting would
        self.document.fonts = {}
        metadata = self.document.metadata
        if isinstance(metadata, _Metadata):
            metadata.pdfua = claim_pdfua
        try:
            with weasyprint_warnings_as_errors(self.source_name):
                pdf = self.document.write_pdf(**PDF_OPTIONS)
        except FatalURLFetchingError as exc:
            raise RenderError.single(_fetch_message(exc), Location(self.source_name)) from exc
        assert isinstance(pdf, bytes)
        return pdf

    def renumber(self, start: int, total: int) -> None:
        """Number the pages ``start``, ``start + 1`` … of ``total`` (as pages of a bundle).

        Only the margin boxes are made anew; the pages' content keeps its layout.
        """
        context = self.context
        for index, page in enumerate(self.document.pages):
            box = page._page_box
            content = [child for child in box.children if not isinstance(child, MarginBox)]
            context.current_page = index + 1
            quote_depth, counters, scopes, groups = context.page_maker[index + 1][3]
            counters = {**counters, "page": [start + index], "pages": [total]}
            margins = list(make_margin_boxes(context, box, (quote_depth, counters, scopes, groups)))
            for margin in margins:
                layout_box_backgrounds(box, margin, context.get_image_from_uri)
            box.children = (*content, *margins)


class PdfRenderer:
    """Renders HTML strings to PDF bytes; keep one per process and reuse it."""

    def __init__(self, roots: TemplateRoots) -> None:
        self.roots = roots
        self.font_config = FontConfiguration()
        self.fetcher = SafeURLFetcher(roots)
        self.stylesheets = []
        problems = stylesheet_problems(roots)
        if problems:
            raise RenderError.of(problems)
        for name in STYLESHEETS:
            try:
                self.stylesheets.append(CSS(
                    url=VIRTUAL_ROOT + name, url_fetcher=self.fetcher, font_config=self.font_config
                ))
            except FatalURLFetchingError as exc:
                raise RenderError.single(_fetch_message(exc), Location(name)) from exc
        # what HTML.render would make of the options: the defaults, ours, the variant's
        self.options: dict[str, Any] = {**DEFAULT_OPTIONS, **PDF_OPTIONS}
        _, variant_defaults = VARIANTS[self.options["pdf_variant"]]
        self.options.update({key: value for key, value in variant_defaults.items()
                             if key in self.options and self.options[key] is None})

    def render(self, html: str, *, source_name: str) -> bytes:
        """Typeset ``html`` (written for base URL ``html/`` of the template folders)."""
        return self.layout(html, source_name=source_name).write()

    def layout(self, html: str, *, source_name: str) -> Layout:
        """Lay ``html`` out into pages, keeping what renumbering needs.

        The steps of WeasyPrint's ``HTML.render``, keeping the layout context.
        """
        source = HTML(string=html, base_url=VIRTUAL_ROOT + "html/", url_fetcher=self.fetcher)
        options = {**self.options, "stylesheets": self.stylesheets}
        color_profiles: dict[str, Any] = {}
        try:
            with weasyprint_warnings_as_errors(source_name):
                context = Document._build_layout_context(
                    source, self.font_config, CounterStyle(), color_profiles, options)
                root = build_formatting_structure(
                    source.etree_element, context.style_for, context.get_image_from_uri,
                    source.base_url, context.target_collector, context.counter_style,
                    context.footnotes)
                pages = [Page(box) for box in layout_document(source, root, context)]
        except FatalURLFetchingError as exc:
            raise RenderError.single(_fetch_message(exc), Location(source_name)) from exc
        document = Document(pages, _Metadata(**get_html_metadata(source)),
                            source.url_fetcher, self.font_config, color_profiles,
                            options["output_intent"])
        document._html = source
        return Layout(document, context, source_name)
