"""Contract with docxtpl's internals that docgen/word.py hooks into, and the strict reader."""

from __future__ import annotations

import inspect

import pytest
from docxtpl import DocxTemplate

from docgen.docx_integrity import strict_xml
from docgen.errors import TemplateError


@pytest.mark.parametrize(("method", "parameters"), [
    ("patch_xml", ["self", "src_xml"]),             # mends tags, refuses {{r}} / {{p}}
    ("fix_tables", ["self", "xml"]),                # the body, before docxtpl's repairing parse
    ("map_headers_footers_xml", ["self", "relKey", "xml"]),  # each header and footer
    ("render_xml_part", ["self", "src_xml", "part", "context", "jinja_env"]),
])
def test_docxtpl_still_has_the_hooks_word_py_overrides(method: str, parameters: list[str]) -> None:
    assert list(inspect.signature(getattr(DocxTemplate, method)).parameters) == parameters
    assert "recover=True" in inspect.getsource(DocxTemplate.fix_tables)  # why we parse first


def test_strict_xml_quotes_the_text_before_the_fault() -> None:
    xml = ('<w:body xmlns:w="urn:w"><w:p><w:r><w:t>Erster Absatz</w:t></w:r></w:p>'
           "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Zelle</w:t></w:r></w:p></w:body>")
    with pytest.raises(TemplateError) as info:
        strict_xml(xml, "vorlage.docx", "der Haupttext")
    assert str(info.value).startswith("vorlage.docx: Word-Vorlage: der Haupttext ist nach dem "
                                      "Ausfüllen kein gültiges Word-XML mehr (Fehler nach "
                                      "„…Erster Absatz Zelle“)")
