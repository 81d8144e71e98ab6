"""Files a data file refers to (a letterhead logo), checked and read once.

Paths are relative to the data file's folder and may not leave it; only a regular
file within the size limit is read (a FIFO or device is refused without reading). The
image is checked before it reaches a renderer: a PNG must decode and stay below a pixel
limit (no decompression bomb), an SVG must parse and may reference nothing outside
itself. The bytes go into the documents as ``data:`` URIs, so templates never touch the
file system.
"""

from __future__ import annotations

import base64
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from docgen.errors import DataError, Location, Problem, RenderError
from docgen.files import read_limited
from docgen.validation import Validated

_LOGO_TYPES = {".svg": "image/svg+xml", ".png": "image/png"}


@dataclass
class Assets:
    logo: str | None = None
    """The letterhead logo as a data: URI, or None."""
    logo_bytes: bytes | None = None
    logo_mime: str | None = None
    _png: bytes | None = field(default=None, repr=False)

    def logo_png(self) -> bytes | None:
        """The logo as PNG for Word (which cannot show SVG), rendered once on demand."""
        if self.logo_bytes is None:
            return None
        if self.logo_mime == "image/png":
            return self.logo_bytes
        if self._png is None:
            import cairosvg  # only the Word route needs it

            try:
                self._png = cairosvg.svg2png(bytestring=self.logo_bytes, output_height=400,
                                             unsafe=False)
            except Exception as exc:  # cairosvg raises whatever its parser meets
                raise RenderError.single(
                    f"Logo konnte nicht für Word umgewandelt werden ({exc})") from exc
        return self._png


MAX_LOGO_BYTES = 2 * 1024 * 1024
MAX_LOGO_PIXELS = 25_000_000
"""A PNG larger than this (e.g. 100 000 × 100 000 pixels in a few kilobytes) is refused
before it is decoded: a decompression bomb would take gigabytes."""


def check_attachments(validated: Validated[Any]) -> None:
    """Every ``kurzkonzept.anlagen[].datei`` must exist next to the file that names it."""
    kurzkonzept = getattr(validated.model, "kurzkonzept", None)
    if kurzkonzept is None:
        return
    problems = []
    for index, anlage in enumerate(kurzkonzept.anlagen):
        if anlage.datei is None:
            continue
        field = ("kurzkonzept", "anlagen", index, "datei")
        where = validated.source.source_map.location(field)
        folder = (Path(where.file).parent if where.file else validated.source.path.parent).resolve()
        path = (folder / anlage.datei).resolve()
        if not path.is_relative_to(folder):
            message = f"„{anlage.datei}“ liegt außerhalb des Ordners der Datendatei"
        elif not path.is_file():
            message = (f"Anlage „{anlage.datei}“ nicht gefunden (gesucht in {folder}); "
                       "Datei neben die Datendatei legen oder „datei“ weglassen")
        else:
            continue
        problems.append(Problem(message, where, f"kurzkonzept.anlagen[{index}].datei"))
    if problems:
        raise DataError.of(problems)


def load_assets(validated: Validated[Any]) -> Assets:
    check_attachments(validated)
    briefkopf = validated.model.briefkopf
    if briefkopf is None or briefkopf.logo is None:
        return Assets()
    field = ("briefkopf", "logo")
    return load_logo(briefkopf.logo, validated.source.folder_of(field),
                     validated.source.source_map.location(field), "briefkopf.logo")


def load_logo(name: str, base: Path, where: Location, field_name: str) -> Assets:
    """The logo file ``name`` in folder ``base`` (not outside it), checked, as a data: URI."""
    folder = base.resolve()
    path = (folder / name).resolve()

    def fail(message: str) -> DataError:
        return DataError(Problem(message, where, field_name))

    if not path.is_relative_to(folder):
        raise fail(f"„{name}“ liegt außerhalb des Ordners der Datendatei")
    mime = _LOGO_TYPES.get(path.suffix.lower())
    if mime is None:
        raise fail(f"„{name}“: Logo muss eine SVG- oder PNG-Datei sein")
    data = read_limited(path, MAX_LOGO_BYTES, where, DataError,
                        label=f"Logo-Datei „{name}“", field=field_name)
    problem = (_png_problem(data) if mime == "image/png" else svg_problem(data))
    if problem:
        raise fail(f"Logo-Datei „{name}“: {problem}")
    return Assets(logo=f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}",
                  logo_bytes=data, logo_mime=mime)


def _png_problem(data: bytes) -> str | None:
    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "keine gültige PNG-Datei"
    from PIL import Image, ImageFile, UnidentifiedImageError

    lenient = ImageFile.LOAD_TRUNCATED_IMAGES  # WeasyPrint turns it on; a logo must be whole
    try:
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            if width * height > MAX_LOGO_PIXELS:
                return (f"Bild ist zu groß ({width} × {height} Pixel, höchstens "
                        f"{MAX_LOGO_PIXELS // 1_000_000} Millionen Pixel)")
            image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        return f"PNG-Datei ist beschädigt ({exc})"
    except Image.DecompressionBombError:
        return "Bild ist zu groß (Dekompressionsbombe)"
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = lenient
    return None


_SVG_NS = "{http://www.w3.org/2000/svg}"
_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
_URL = re.compile(r"url\(\s*['\"]?([^'\")]*)", re.IGNORECASE)


def _local(reference: str) -> bool:
    reference = reference.strip()
    return reference.startswith("#") or reference.lower().startswith("data:") or not reference


def svg_problem(data: bytes) -> str | None:
    """A German reason why an SVG cannot be the logo: broken, or reaching outside itself."""
    head = data[:4096].lower()
    if b"<!doctype" in head or b"<!entity" in data.lower():
        return "SVG mit DOCTYPE oder ENTITY ist nicht erlaubt"
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        line, column = exc.position
        return f"SVG-Datei ist fehlerhaft (Zeile {line}, Spalte {column + 1})"
    if root.tag != f"{_SVG_NS}svg" and root.tag != "svg":
        return "keine SVG-Datei (das äußerste Element ist nicht <svg>)"
    for element in root.iter():
        tag = str(element.tag).removeprefix(_SVG_NS)
        if tag in ("script", "foreignObject"):
            return f"SVG enthält <{tag}>, das ist nicht erlaubt"
        for name, value in element.attrib.items():
            if name in ("href", _XLINK_HREF) and not _local(value):
                return f"SVG verweist auf eine externe Datei oder Adresse („{value[:80]}“)"
            for reference in _URL.findall(value):
                if not _local(reference):
                    return f"SVG verweist auf eine externe Datei oder Adresse („{reference[:80]}“)"
        if tag == "style" and element.text:
            if "@import" in element.text:
                return "SVG lädt mit @import ein externes Stylesheet"
            for reference in _URL.findall(element.text):
                if not _local(reference):
                    return f"SVG verweist auf eine externe Datei oder Adresse („{reference[:80]}“)"
    return None
