"""docgen: official paperwork of German municipalities from YAML/JSON, as PDF.

The public API is what this module lists in ``__all__``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

__version__ = "0.1.0"

from docgen.errors import DataError, DocgenError, Location, Problem, TemplateError
from docgen.loading import load
from docgen.pipeline import Engine, Options, RenderedFile, write_outputs
from docgen.registry import DOCUMENT_TYPES
from docgen.validation import validate

__all__ = [
    "DOCUMENT_TYPES",
    "DataError",
    "DocgenError",
    "Engine",
    "Location",
    "Options",
    "Problem",
    "RenderedFile",
    "TemplateError",
    "__version__",
    "load",
    "render_to",
    "validate",
    "write_outputs",
]


def render_to(paths: Sequence[Path | str], out_dir: Path, options: Options | None = None
              ) -> list[Path]:
    """Convenience for library users: render and write several files; raises on the first error."""
    written: list[Path] = []
    with Engine(options) as engine:
        for path in paths:
            written += write_outputs(engine.render_file(path), out_dir)
    return written
