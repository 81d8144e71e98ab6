"""Stage 6, write: output names derived safely from data, files replaced atomically."""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from pathlib import Path

from docgen.errors import Location, OutputError

_TRANSLITERATION = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss",
                                  "Ä": "ae", "Ö": "oe", "Ü": "ue", "ẞ": "ss",
                                  "æ": "ae", "Æ": "ae", "ø": "oe", "Ø": "oe", "œ": "oe",
                                  "Œ": "oe"})


def slugify(text: str) -> str:
    """``Landkreis Märkisch-Oderland`` → ``landkreis-maerkisch-oderland``.

    Only ``a-z``, ``0-9`` and single hyphens remain, so a slug can never name
    a parent folder, an absolute path or a hidden file.
    """
    text = text.translate(_TRANSLITERATION)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    slug = slug[:80].rstrip("-")
    if not slug:
        raise OutputError.single(f"aus „{text}“ lässt sich kein Ordnername bilden")
    return slug


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, path)
    except OSError as exc:
        Path(tmp_name).unlink(missing_ok=True)
        raise OutputError.single(
            f"Datei konnte nicht geschrieben werden ({exc.strerror})", Location(str(path))
        ) from exc
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
