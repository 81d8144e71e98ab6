"""Builds the Word templates under templates/docx/ (docxtpl syntax), reproducibly.

The committed .docx files are what a template author opens and edits in Word or
LibreOffice; the builders are how they were first made and how to remake them in the
house style after a structural change. Run:

    .venv/bin/python scripts/build_docx_templates.py [--out FOLDER] [TYPE …]

For every document type in ``docgen.registry.DOCUMENT_TYPES`` with a ``docx_template``,
the builder is found by convention: ``kurzkonzept.docx`` is built by
``scripts/docx_templates/kurzkonzept.py``, ``fachliche-standards.docx`` by
``fachliche_standards.py`` (hyphens become underscores); its ``build()`` returns the
document. A type whose template has no builder module is left alone: its committed,
hand-authored DOCX is the template.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent
ROOT = SCRIPTS.parent
OUT = ROOT / "templates" / "docx"
BUILDERS = SCRIPTS / "docx_templates"


def builder_module(docx_template: str) -> str:
    """Module name of the builder for a template file name (``a-b.docx`` → ``a_b``)."""
    return Path(docx_template).stem.replace("-", "_")


def main(only: list[str], out: Path = OUT) -> int:
    sys.path.insert(0, str(SCRIPTS))
    from docx_templates._common import reproducible_bytes

    from docgen.registry import DOCUMENT_TYPES

    out.mkdir(parents=True, exist_ok=True)
    for doc_type in DOCUMENT_TYPES:
        if doc_type.docx_template is None or (only and doc_type.name not in only):
            continue
        module = builder_module(doc_type.docx_template)
        if not (BUILDERS / f"{module}.py").is_file():
            print(f"übersprungen (kein Builder, handgeschriebene Vorlage): {doc_type.docx_template}")
            continue
        built = importlib.import_module(f"docx_templates.{module}").build()
        data = built if isinstance(built, bytes) else reproducible_bytes(built)
        (out / doc_type.docx_template).write_bytes(data)
        print(f"geschrieben: {out / doc_type.docx_template}")
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Word-Vorlagen aus ihren Buildern erzeugen")
    parser.add_argument("types", nargs="*", metavar="TYP", help="nur diese Dokumenttypen")
    parser.add_argument("--out", type=Path, default=OUT, help=f"Zielordner (Vorgabe: {OUT})")
    arguments = parser.parse_args()
    sys.exit(main(arguments.types, arguments.out))
