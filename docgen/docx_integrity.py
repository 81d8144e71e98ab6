"""A rendered Word file is never silently broken: strict XML and the same structure.

docxtpl fills a template by treating Word's XML as text. A block tag that crosses a
Word structure (``{%p if %}`` in a table cell, ``{%p endif %}`` after the table; a
content control around ``{%p for %}``) leaves XML that is no longer well-formed, and
docxtpl "repairs" it silently with a recovering parser: the rest of the document ends
up in a table cell, the letterhead is gone, a list keeps only its first item. Here
every part is parsed strictly instead, during rendering and afterwards, and the
document's frame (sections with their headers and footers) is held against the
template. Any difference is an error naming the template, on every render.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator

from lxml import etree

from docgen.errors import Location, Problem, TemplateError

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
HINT = ("Meist kreuzt ein Block-Tag ({%p if %} … {%p endif %}, {%tr for %} … {%tr endfor %}) "
        "eine Tabelle, eine Zelle oder ein Inhaltssteuerelement; „docgen vorlagen pruefen“ "
        "zeigt, wo.")
SECTION_HINT = ("Ein Abschnittswechsel (mit seinen Kopf- und Fußzeilen) steht in einem Block "
                "({%p if %} … {%p endif %}, {%p for %} …), den die Daten weglassen; setzen Sie ihn "
                "außerhalb des Blocks.")
REFERENCES = {"headerReference": "Kopfzeile", "footerReference": "Fußzeile"}
KINDS = {"default": "Standard", "first": "erste Seite", "even": "gerade Seiten"}
_TAGS = re.compile(r"<[^>]+>")


def _broken(template: str, part: str, message: str) -> TemplateError:
    return TemplateError(Problem(
        f"Word-Vorlage: {part} ist nach dem Ausfüllen kein gültiges Word-XML mehr "
        f"({message}); docgen repariert das nicht stillschweigend. {HINT}", Location(template)))


def strict_xml(xml: str | bytes, template: str, part: str) -> etree._Element:
    """``xml`` parsed without any repair; the error quotes the document text before the fault."""
    data = xml.encode("utf-8") if isinstance(xml, str) else xml
    try:
        return etree.fromstring(data, etree.XMLParser(recover=False, resolve_entities=False))
    except etree.XMLSyntaxError as exc:
        text = data.decode("utf-8", "replace")
        line, column = exc.position
        offset = sum(len(t) + 1 for t in text.split("\n")[: line - 1]) + column
        window = re.sub(r"<[^>]*$", "", text[max(offset - 4000, 0): offset])
        before = " ".join(_TAGS.sub(" ", window).split())[-80:]
        where = f"nach „…{before}“" if before else "am Anfang"
        raise _broken(template, part, f"Fehler {where}") from exc


def _frame(root: etree._Element) -> tuple[int, set[tuple[str, str | None]], bool]:
    """Sections, header/footer references, and whether the last section sits in the body."""
    body = root.find(f"{W}body")
    sections = list(root.iter(f"{W}sectPr"))
    references = {(etree.QName(ref).localname, ref.get(f"{W}type"))
                  for sect in sections for ref in sect
                  if etree.QName(ref).localname in ("headerReference", "footerReference")}
    last_in_body = body is not None and len(body) > 0 and body[-1].tag == f"{W}sectPr"
    return len(sections), references, last_in_body


def _parts(docx: bytes) -> Iterator[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        for name in archive.namelist():
            if name.endswith((".xml", ".rels")):
                yield name, archive.read(name)


def check_rendered(template_docx: bytes, rendered_docx: bytes, template: str) -> None:
    """Every XML part of the result parses strictly; sections, headers and footers survive."""
    parsed = {name: strict_xml(data, template, name) for name, data in _parts(rendered_docx)}
    source = dict(_parts(template_docx))
    problems = [Problem(f"Word-Vorlage: der Teil „{name}“ fehlt im Ergebnis",
                        Location(template)) for name in source if name not in parsed]
    if "word/document.xml" in source and "word/document.xml" in parsed:
        want = _frame(etree.fromstring(source["word/document.xml"]))
        got = _frame(parsed["word/document.xml"])
        if not got[2] and want[2]:
            problems.append(Problem(
                "Word-Vorlage: die Abschnittseinstellungen (Seitenformat, Kopf- und Fußzeilen) "
                f"stehen im Ergebnis nicht mehr am Ende des Dokuments. {HINT}", Location(template)))
        lost = sorted(f"{REFERENCES[kind]} ({KINDS.get(str(page), page)})"
                      for kind, page in want[1] - got[1])
        if lost:
            problems.append(Problem(
                "Word-Vorlage: Kopf- oder Fußzeilen gingen beim Ausfüllen verloren: "
                + ", ".join(lost) + f". {SECTION_HINT}", Location(template)))
        if got[0] < want[0]:
            problems.append(Problem(
                f"Word-Vorlage: das Ergebnis hat {got[0]} statt {want[0]} Abschnitte. "
                f"{SECTION_HINT}", Location(template)))
    if problems:
        raise TemplateError.of(problems)
