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

import jinja2
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from jinja2.sandbox import ImmutableSandboxedEnvironment

from docgen.errors import Location, Problem, TemplateError
from docgen.finalize import require_text
from docgen.formatting import FILTERS
from docgen.templating import TemplateRoots

_TAG = re.compile(r"<[^>]+>")


def _environment() -> jinja2.Environment:
    env = ImmutableSandboxedEnvironment(autoescape=True, undefined=jinja2.StrictUndefined,
                                        finalize=require_text)
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
            message = f"{kind}: {exc.message}" + (f" – bei: „{around}“" if around else "")
            raise TemplateError(Problem(message, Location(self._docgen_name))) from exc


class WordRenderer:
    """Renders DOCX templates from ``docx/`` in the template folders."""

    def __init__(self, roots: TemplateRoots) -> None:
        self.roots = roots
        self.env = _environment()

    def render(self, template: str, context: Mapping[str, Any], logo_png: bytes | None,
               timestamp: datetime) -> bytes:
        """The DOCX; the same input and ``timestamp`` give the same bytes."""
        path = self.roots.find(f"docx/{template}")
        if path is None:
            raise TemplateError.single(f"Word-Vorlage „docx/{template}“ nicht gefunden")
        try:
            document = _Template(str(path), str(path))
        except Exception as exc:  # a damaged or non-Word file
            raise TemplateError.single(f"Word-Vorlage nicht lesbar ({exc})",
                                       Location(str(path))) from exc
        values = dict(context)
        values["logo_bild"] = (
            InlineImage(document, io.BytesIO(logo_png), height=Mm(14)) if logo_png else ""
        )
        document.render(values, jinja_env=self.env, autoescape=True)
        properties = document.docx.core_properties
        properties.created = properties.modified = timestamp.replace(tzinfo=None)
        buffer = io.BytesIO()
        document.save(buffer)
        return _normalised_zip(buffer.getvalue(), timestamp)


def _normalised_zip(data: bytes, timestamp: datetime) -> bytes:
    """The same archive with fixed entry order, dates and compression: reproducible bytes."""
    stamp = (max(timestamp.year, 1980), timestamp.month, timestamp.day,
             timestamp.hour, timestamp.minute, timestamp.second - timestamp.second % 2)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        names = sorted(source.namelist(), key=lambda n: (n != "[Content_Types].xml", n))
        for name in names:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(name))
    return out.getvalue()
