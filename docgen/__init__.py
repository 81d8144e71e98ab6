"""docgen: official paperwork of German municipalities from YAML/JSON, as PDF.

The public API is what this module lists in ``__all__``.
"""

from __future__ import annotations

__version__ = "0.1.0"

from docgen.errors import DataError, DocgenError, Location, Problem, TemplateError  # noqa: E402
from docgen.loading import load  # noqa: E402
from docgen.pipeline import Engine, Options, RenderedFile, render_to, write_outputs  # noqa: E402
from docgen.registry import DOCUMENT_TYPES  # noqa: E402
from docgen.validation import validate  # noqa: E402

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
