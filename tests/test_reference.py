"""The template reference: current, complete, and linked from the README."""

from __future__ import annotations

import io
from pathlib import Path

from lxml import etree
from testing_utils import ROOT

from docgen.authoring.reference import COMMITTED, reference_markdown
from docgen.cli import main
from docgen.formatting import FILTERS
from docgen.registry import DOCUMENT_TYPES, SHARED_PARTS


def test_committed_reference_is_current() -> None:
    committed = (ROOT / COMMITTED).read_text(encoding="utf-8")
    assert committed == reference_markdown(), "run: .venv/bin/docgen vorlagen referenz -o docs"


def test_reference_names_every_type_name_field_and_filter() -> None:
    text = reference_markdown()
    for doc_type in DOCUMENT_TYPES:
        assert f"## {doc_type.title}" in text
        assert f"| `{doc_type.item}` | Abschnitt | Pflicht |" in text
        for field in doc_type.model.model_fields:
            assert f"| `{doc_type.item}.{field}` |" in text, (doc_type.name, field)
    for part in SHARED_PARTS:
        assert f"## Gemeinsamer Teil „{part}“" in text
    for name in FILTERS:
        assert f"| `\\| {name}" in text
    # required or optional, a German meaning, an example value from data/
    assert ("| `kurzkonzept.ansprechperson.name` | Text | Pflicht | Name – Vor- und Nachname, "
            "z. B. „Dr. Jörg Weißenböck“ | „Dr. Jörg Weißenböck“ |") in text
    assert "| `kommune.anschrift.zusatz` | Text | optional |" in text
    assert "| `\\| betrag` | Geldbetrag | 100000 → „100.000 €“ |" in text


def test_cli_writes_markdown_and_html(tmp_path: Path) -> None:
    out = io.StringIO()
    assert main(["vorlagen", "referenz", "-o", str(tmp_path)], stdout=out) == 0
    assert (tmp_path / "vorlagen-referenz.md").read_text(encoding="utf-8") == reference_markdown()
    page = etree.fromstring((tmp_path / "vorlagen-referenz.html").read_bytes(),
                            etree.HTMLParser(recover=False))
    cells = [c.text for c in page.iter("code")]
    assert "kurzkonzept.ansprechperson.name" in cells
    assert len(list(page.iter("table"))) == 1 + len(DOCUMENT_TYPES) + len(SHARED_PARTS)


def test_readme_links_reference_schema_and_checker() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for needle in ("docs/vorlagen-referenz.md", "schema/docgen.schema.json",
                   "docgen vorlagen pruefen", "yaml-language-server", "basis:"):
        assert needle in readme, needle
