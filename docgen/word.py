"""Render stage for the Word route: a docxtpl template + the document's context → DOCX.

docxtpl is kept behind this one function. The Jinja environment is the same kind
as for HTML: sandboxed, autoescaping (an "&" or "<" in the data can never break
the XML) and ``StrictUndefined``, with the same German filters. Template errors
name the template file and quote the document text around the faulty tag rather
than offsets into Word's XML.
"""

from __future__ import annotations

import io
import re
import traceback
import zipfile
from collections.abc import Mapping
from datetime import datetime
from typing import Any
from xml.etree import ElementTree
from xml.sax.saxutils import quoteattr

import jinja2
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage

from docgen.authoring.tags import mend_xml
from docgen.docx_integrity import check_rendered, strict_xml
from docgen.errors import Location, Problem, TemplateError
from docgen.files import read_limited
from docgen.finalize import UnformattedValue, require_text
from docgen.formatting import FILTERS
from docgen.jinja_german import german
from docgen.templating import DocgenSandbox, TemplateRoots, german_sandbox_message
from docgen.wordparts import HOUSE_ACCENT, PageNumbers, finish, review_problem

__all__ = ["HOUSE_ACCENT", "PageNumbers", "WordRenderer"]

_TAG = re.compile(r"<[^>]+>")
_RICH = re.compile(r"\{\{[rp]\s[^}]*\}\}")


def _environment() -> jinja2.Environment:
    env = DocgenSandbox(autoescape=True, undefined=jinja2.StrictUndefined, finalize=require_text)
    env.filters.update(FILTERS)
    return env


def _template_line(exc: BaseException) -> int | None:
    line = getattr(exc, "lineno", None)
    if line:
        return int(line)
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename == "<template>":
            return frame.lineno
    return None


class _Template(DocxTemplate):  # type: ignore[misc]
    """docxtpl's template, reporting errors with the document text around them."""

    def __init__(self, source: Any, name: str) -> None:
        super().__init__(source)
        self._docgen_name = name

    def patch_xml(self, src_xml: str) -> str:
        # docgen provides no RichText values: {{r x }} would print nothing at all
        rich = _RICH.search(_TAG.sub("", src_xml))
        if rich:
            tag, plain = rich.group(0), rich.group(0)[4:-2].strip()
            raise TemplateError(Problem(
                f"„{tag}“ gibt nur formatierten Text (RichText, Unterdokument) aus, den docgen "
                f"nicht liefert; der Wert erschiene nicht. Schreiben Sie „{{{{ {plain} }}}}“",
                Location(self._docgen_name)))
        # AutoCorrect's „quotes“ and dashes inside tags are mended where they are harmless
        return str(super().patch_xml(mend_xml(src_xml)))

    def fix_tables(self, xml: str) -> Any:
        strict_xml(xml, self._docgen_name, "der Haupttext")  # docxtpl would repair it
        return super().fix_tables(xml)

    def map_headers_footers_xml(self, rel_key: str, xml: bytes) -> None:
        part = self.docx._part.rels[rel_key].target_part.partname
        strict_xml(xml, self._docgen_name, f"die Kopf- oder Fußzeile „{part}“")
        super().map_headers_footers_xml(rel_key, xml)

    def render_xml_part(self, src_xml: str, part: Any, context: Any, jinja_env: Any = None) -> Any:
        try:
            return super().render_xml_part(src_xml, part, context, jinja_env)
        except jinja2.TemplateError as exc:
            # docxtpl puts every Word paragraph on its own line before compiling
            lines = re.sub(r"<w:p([ >])", r"\n<w:p\1", src_xml).splitlines()
            line = _template_line(exc)
            around = ""
            if line:
                texts = [_TAG.sub("", text).strip() for text in lines[max(line - 2, 0): line + 1]]
                around = " … ".join(t for t in texts if t)
            kind = ("die Vorlage verlangt einen Wert, den die Daten nicht haben"
                    if isinstance(exc, jinja2.UndefinedError) else "Fehler in der Vorlage")
            detail = exc.message if isinstance(exc, UnformattedValue) else german(exc.message)
            if isinstance(exc, jinja2.exceptions.SecurityError):
                kind, detail = ("Sicherheitsregel der Vorlagen verletzt",
                                german_sandbox_message(str(exc.message)))
            message = f"{kind}: {detail}" + (f" – bei: „{around}“" if around else "")
            raise TemplateError(Problem(message, Location(self._docgen_name))) from exc


class _Logo(InlineImage):  # type: ignore[misc]
    """The letterhead logo, with its alternative text (screen readers, tagged PDF)."""

    def __init__(self, tpl: Any, image: io.BytesIO, height: Any, alt: str) -> None:
        super().__init__(tpl, image, height=height)
        self.alt = alt

    def _insert_image(self) -> str:
        xml = str(super()._insert_image())
        return re.sub(r"(<wp:docPr [^>]*?)(/?>)",
                      lambda m: f"{m.group(1)} descr={quoteattr(self.alt)}{m.group(2)}", xml, count=1)


class WordRenderer:
    """Renders DOCX templates from ``docx/`` in the template folders."""

    def __init__(self, roots: TemplateRoots) -> None:
        self.roots = roots
        self.env = _environment()

    def render(self, template: str, context: Mapping[str, Any], logo_png: bytes | None,
               timestamp: datetime, numbers: PageNumbers | None = None) -> bytes:
        """The DOCX; the same input and ``timestamp`` give the same bytes.

        ``numbers``: the document's pages inside a bundle (first page number, total).
        """
        path = self.roots.find(f"docx/{template}")
        if path is None:
            raise TemplateError.single(f"Word-Vorlage „docx/{template}“ nicht gefunden")
        raw = read_limited(path, MAX_TEMPLATE_BYTES, Location(str(path)), TemplateError,
                           label="Word-Vorlage")
        problem = docx_template_problem(raw) or review_problem(raw)
        if problem:
            raise TemplateError.single(problem, Location(str(path)))
        try:
            document = _Template(io.BytesIO(raw), str(path))
        except Exception as exc:  # a damaged or non-Word file
            raise TemplateError.single(f"Word-Vorlage nicht lesbar ({exc})",
                                       Location(str(path))) from exc
        values = dict(context)
        briefkopf = values.get("briefkopf")
        alt = f"Logo: {briefkopf.behoerde}" if briefkopf is not None else "Logo"
        values["logo_bild"] = (
            _Logo(document, io.BytesIO(logo_png), Mm(14), alt) if logo_png else ""
        )
        document.render(values, jinja_env=self.env, autoescape=True)
        properties = document.docx.core_properties
        properties.created = properties.modified = timestamp.replace(tzinfo=None)
        buffer = io.BytesIO()
        document.save(buffer)
        accent = briefkopf.farbe.lstrip("#") if briefkopf is not None else None
        check_rendered(raw, buffer.getvalue(), str(path))  # what docxtpl made, before finishing
        return _normalised_zip(finish(buffer.getvalue(), accent=accent, numbers=numbers), timestamp)


def _normalised_zip(parts: Mapping[str, bytes], timestamp: datetime) -> bytes:
    """The archive of ``parts`` with fixed entry order, dates and compression: reproducible bytes."""
    stamp = (max(timestamp.year, 1980), timestamp.month, timestamp.day,
             timestamp.hour, timestamp.minute, timestamp.second - timestamp.second % 2)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in sorted(parts, key=lambda n: (n != "[Content_Types].xml", n)):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, parts[name])
    return out.getvalue()


# --- what a Word template may contain --------------------------------------------------

MAX_TEMPLATE_BYTES = 10 * 1024 * 1024
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_RATIO = 200
"""Unpacked size per packed byte of one entry: a zip bomb has thousands."""
MAX_ENTRIES = 2000
_HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
_RELATIONSHIP = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_FIELD = re.compile(rb"\b(INCLUDETEXT|INCLUDEPICTURE|LINK|DDEAUTO|DDE|IMPORT)\b")
_INSTRUCTION = re.compile(rb"<w:instrText[^>]*>([^<]*)<|w:instr=\"([^\"]*)\"")


def docx_template_problem(data: bytes) -> str | None:
    """A German reason why a DOCX template is refused before rendering, or None.

    Refused: oversized or bomb-like archives (checked from the directory, before anything
    is unpacked), relationships to external targets (linked images, remote templates;
    clickable hyperlinks are allowed) and fields that pull in other files (INCLUDETEXT …).
    """
    if len(data) > MAX_TEMPLATE_BYTES:
        return f"Word-Vorlage ist zu groß (höchstens {MAX_TEMPLATE_BYTES // 1024 // 1024} MB)"
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return "Word-Vorlage ist keine DOCX-Datei (kein ZIP-Archiv)"
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_ENTRIES:
            return f"Word-Vorlage hat zu viele Teile ({len(entries)})"
        if sum(e.file_size for e in entries) > MAX_UNPACKED_BYTES:
            return "Word-Vorlage ist entpackt zu groß (Verdacht auf ZIP-Bombe)"
        for entry in entries:
            if entry.file_size > 1024 * 1024 and entry.file_size > MAX_RATIO * max(
                    entry.compress_size, 1):
                return f"Teil „{entry.filename}“ ist ungewöhnlich stark komprimiert (ZIP-Bombe?)"
        for entry in entries:
            if entry.filename.endswith(".rels"):
                problem = _external_relationship(archive.read(entry), entry.filename)
            elif entry.filename.startswith("word/") and entry.filename.endswith(".xml"):
                problem = _linking_field(archive.read(entry), entry.filename)
            else:
                continue
            if problem:
                return problem
    return None


def _external_relationship(xml: bytes, part: str) -> str | None:
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError:
        return f"Teil „{part}“ der Word-Vorlage ist kein gültiges XML"
    for relation in root.iter(_RELATIONSHIP):
        if relation.get("TargetMode") == "External" and relation.get("Type") != _HYPERLINK:
            kind = str(relation.get("Type", "")).rsplit("/", 1)[-1]
            return (f"Word-Vorlage verweist auf eine externe Quelle ({kind}: "
                    f"„{str(relation.get('Target', ''))[:80]}“); nicht erlaubt")
    return None


def _linking_field(xml: bytes, part: str) -> str | None:
    for match in _INSTRUCTION.finditer(xml):
        instruction = match.group(1) or match.group(2) or b""
        found = _FIELD.search(instruction.upper())
        if found:
            return (f"Word-Vorlage enthält ein Feld {found.group(1).decode()}, das andere "
                    f"Dateien einbindet („{part}“); nicht erlaubt")
    return None
