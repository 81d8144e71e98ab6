"""The JSON Schema of a data file, with the German titles and descriptions of every field.

Editors with a YAML language server complete and check a data file whose first line is
``# yaml-language-server: $schema=…`` against it. The schema is exported from the same
models docgen validates with (``docgen.registry.Unterlagen``), so the two cannot drift;
the committed copy ``schema/docgen.schema.json`` is held equal to the code by a test.
"""

from __future__ import annotations

import json
from typing import Any

from docgen.basis import APPEND
from docgen.basis import KEY as BASIS
from docgen.errors import DocgenError
from docgen.registry import DOCUMENT_TYPES, SHARED_PARTS, Unterlagen

DIALECT = "https://json-schema.org/draft/2020-12/schema"
COMMITTED = "schema/docgen.schema.json"
"""Where the repository keeps the exported schema (relative to its root)."""


def _basis_property() -> dict[str, Any]:
    return {"type": "string", "minLength": 1, "title": "Basisdatei",
            "description": "optional: Datei (relativ zu dieser), deren Werte diese Datei "
                           "erweitert; Abschnitte werden Feld für Feld zusammengeführt, Listen "
                           "und alle anderen Werte ersetzt, z. B. „basis/kommges-2026.yaml“"}


def _append_property() -> dict[str, Any]:
    return {"type": "array", "items": {"type": "string", "minLength": 1},
            "title": "Listen der Basisdatei ergänzen",
            "description": "optional: Listen (Feldpfade), deren Einträge an die Liste der "
                           "Basisdatei angehängt werden, statt sie zu ersetzen, z. B. "
                           "[werkstattgespraeche, kurzkonzept.anlagen]"}


def data_schema(type_name: str | None = None) -> dict[str, Any]:
    """The schema of a whole data file, or of a file describing one document type."""
    schema = Unterlagen.model_json_schema(mode="validation")
    schema["title"] = "docgen-Datendatei"
    schema["description"] = ("gemeinsame Teile (Kommune, Modellprojekt …) und beliebig viele "
                             "Dokumente; jeder Abschnitt ist optional, ein Dokument verlangt "
                             "aber die gemeinsamen Teile, die es liest")
    properties = schema["properties"]
    if type_name is not None:
        doc_type = next((t for t in DOCUMENT_TYPES if type_name in (t.name, t.key)), None)
        if doc_type is None:
            names = ", ".join(dict.fromkeys(t.name for t in DOCUMENT_TYPES))
            raise DocgenError.single(f"unbekannter Dokumenttyp „{type_name}“; bekannt: {names}")
        keep = {doc_type.key, *doc_type.shared, "briefkopf",
                *(["buendel"] if doc_type.in_bundle else [])}
        schema["properties"] = {k: v for k, v in properties.items() if k in keep}
        schema["title"] = f"docgen-Datendatei: {doc_type.title}"
        schema["required"] = [doc_type.key, *(p for p in doc_type.shared
                                              if not SHARED_PARTS[p].optional)]
        _prune_definitions(schema)
    schema["properties"] = {BASIS: _basis_property(), APPEND: _append_property(),
                            **schema["properties"]}
    return {"$schema": DIALECT, **schema}


def _prune_definitions(schema: dict[str, Any]) -> None:
    """Drop ``$defs`` no longer reachable from the properties."""
    defs = schema.get("$defs", {})
    reachable: set[str] = set()
    pending = [schema["properties"]]
    while pending:
        text = json.dumps(pending.pop())
        for name in defs:
            if f'"#/$defs/{name}"' in text and name not in reachable:
                reachable.add(name)
                pending.append(defs[name])
    schema["$defs"] = {k: v for k, v in defs.items() if k in reachable}


def schema_text(type_name: str | None = None) -> str:
    """The schema as the committed file holds it (stable order, UTF-8, final newline)."""
    return json.dumps(data_schema(type_name), ensure_ascii=False, indent=2) + "\n"
