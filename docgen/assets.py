"""Files a data file refers to (a letterhead logo), checked and read once.

Paths are relative to the data file's folder and may not leave it; the bytes go
into the documents as ``data:`` URIs, so templates never touch the file system.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from typing import Any

from docgen.errors import DataError, Problem
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

            self._png = cairosvg.svg2png(bytestring=self.logo_bytes, output_height=400)
        return self._png


def load_assets(validated: Validated[Any]) -> Assets:
    briefkopf = validated.model.briefkopf
    if briefkopf is None or briefkopf.logo is None:
        return Assets()
    field = ("briefkopf", "logo")
    where = validated.source.source_map.location(field)
    folder = validated.source.folder_of(field)
    path = (folder / briefkopf.logo).resolve()

    def fail(message: str) -> DataError:
        return DataError(Problem(message, where, "briefkopf.logo"))

    if not path.is_relative_to(folder):
        raise fail(f"„{briefkopf.logo}“ liegt außerhalb des Ordners der Datendatei")
    mime = _LOGO_TYPES.get(path.suffix.lower())
    if mime is None:
        raise fail(f"„{briefkopf.logo}“: Logo muss eine SVG- oder PNG-Datei sein")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise fail(f"Logo-Datei „{briefkopf.logo}“ nicht gefunden") from None
    except OSError as exc:
        raise fail(f"Logo-Datei „{briefkopf.logo}“ nicht lesbar ({exc.strerror})") from exc
    if mime == "image/png" and not data.startswith(b"\x89PNG\r\n\x1a\n"):
        raise fail(f"„{briefkopf.logo}“ ist keine gültige PNG-Datei")
    if mime == "image/svg+xml" and b"<svg" not in data[:4096]:
        raise fail(f"„{briefkopf.logo}“ ist keine gültige SVG-Datei")
    return Assets(logo=f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}",
                  logo_bytes=data, logo_mime=mime)
