"""The XML parts of a Word file, read and finished outside docxtpl.

- ``review_marks``: comments and tracked changes in a Word template. docgen refuses such
  a template before anything is rendered or converted: an open review is an unfinished
  template, and LibreOffice would print the revisions (or fail on the comments).
- ``finish``: what every rendered DOCX gets: the accent colour of ``briefkopf.farbe``
  instead of the house accent, docgen as the producing application, and for a bundle the
  bundle's page numbers ("Seite X von Y" continuing across documents).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W}}}"
HOUSE_ACCENT = "1F4E79"
"""The accent colour of the shipped templates; painted in ``briefkopf.farbe`` on rendering.
A template author who wants a colour to follow the letterhead uses this one."""

APP_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Application>docgen</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
    "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
    "<HyperlinksChanged>false</HyperlinksChanged></Properties>")
"""Extended properties: docgen made the file; no stale page or word counts."""

_REVISIONS = {"ins": "Einfügung", "del": "Löschung", "moveFrom": "Verschiebung",
              "moveTo": "Verschiebung", "rPrChange": "Formatänderung",
              "pPrChange": "Formatänderung", "sectPrChange": "Formatänderung",
              "tblPrChange": "Formatänderung", "trPrChange": "Formatänderung",
              "tcPrChange": "Formatänderung", "numberingChange": "Formatänderung",
              "cellIns": "Einfügung", "cellDel": "Löschung"}
_CONTENT = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml")


def _text(element: etree._Element) -> str:
    texts = element.iter(f"{_W}t", f"{_W}delText", f"{_W}instrText")
    return " ".join("".join(t.text or "" for t in texts).split())


def _quote(text: str, limit: int = 40) -> str:
    return f"„{text[:limit]}{'…' if len(text) > limit else ''}“" if text else ""


def review_marks(docx: bytes) -> list[str]:
    """German descriptions of the comments and tracked changes in a Word file, if any."""
    found: list[str] = []
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        names = archive.namelist()
        if "word/comments.xml" in names:
            comments = etree.fromstring(archive.read("word/comments.xml"))
            for comment in comments.iter(f"{_W}comment"):
                author = comment.get(f"{_W}author") or "unbekannt"
                found.append(f"Kommentar von {author} {_quote(_text(comment))}".rstrip())
        for name in sorted(n for n in names if _CONTENT.fullmatch(n)):
            root = etree.fromstring(archive.read(name))
            for tag, kind in _REVISIONS.items():
                for change in root.iter(f"{_W}{tag}"):
                    author = change.get(f"{_W}author") or "unbekannt"
                    text = _text(change) if kind != "Formatänderung" else ""
                    found.append(f"{kind} von {author} {_quote(text)}".rstrip())
    return found


def review_problem(docx: bytes) -> str | None:
    """A German reason to refuse a template with open review marks, naming them, or None."""
    try:
        marks = review_marks(docx)
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError) as exc:
        return f"Word-Vorlage nicht lesbar ({exc})"
    if not marks:
        return None
    shown = "; ".join(marks[:5]) + (f"; und {len(marks) - 5} weitere" if len(marks) > 5 else "")
    return (f"Word-Vorlage enthält {len(marks)} offene Überarbeitung"
            f"{'en' if len(marks) > 1 else ''} (Kommentare oder nachverfolgte Änderungen): "
            f"{shown} – bitte in Word alle Änderungen annehmen oder ablehnen, die Kommentare "
            "löschen und die Vorlage erneut speichern")


@dataclass(frozen=True)
class PageNumbers:
    """The pages of one document inside a bundle: its first page's number and the total."""

    first: int
    total: int


def finish(docx: bytes, *, accent: str | None, numbers: PageNumbers | None) -> dict[str, bytes]:
    """The parts of a rendered DOCX, finished (see the module's description)."""
    parts: dict[str, bytes] = {}
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        for name in archive.namelist():
            data = archive.read(name)
            if name == "docProps/app.xml":
                data = APP_XML.encode()
            elif name.startswith("word/") and name.endswith(".xml"):
                if accent and accent.upper() != HOUSE_ACCENT:
                    data = re.sub(rb'(w:(?:val|color|fill)=")' + HOUSE_ACCENT.encode() + rb'"',
                                  rb"\g<1>" + accent.upper().encode() + b'"', data,
                                  flags=re.IGNORECASE)
                if numbers is not None:
                    data = _renumber(name, data, numbers)
            parts[name] = data
    return parts


def _renumber(name: str, data: bytes, numbers: PageNumbers) -> bytes:
    """Start the page numbers at ``numbers.first`` and print ``numbers.total`` for NUMPAGES."""
    if name == "word/document.xml":
        root = etree.fromstring(data)
        sections = list(root.iter(f"{_W}sectPr"))
        if sections:
            _page_start(sections[0], numbers.first)
        return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))
    if not re.fullmatch(r"word/(header|footer)\d*\.xml", name) or b"NUMPAGES" not in data:
        return data
    root = etree.fromstring(data)
    total = str(numbers.total)
    for simple in list(root.iter(f"{_W}fldSimple")):
        if (simple.get(f"{_W}instr") or "").split()[:1] == ["NUMPAGES"]:
            _replace_field(simple, list(simple.iter(f"{_W}r")), total)
    for paragraph in root.iter(f"{_W}p"):
        _replace_complex_numpages(paragraph, total)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


_SECTPR_ORDER = ["footnotePr", "endnotePr", "type", "pgSz", "pgMar", "paperSrc", "pgBorders",
                 "lnNumType", "pgNumType"]


def _page_start(section: etree._Element, first: int) -> None:
    numbering = section.find(f"{_W}pgNumType")
    if numbering is None:
        numbering = etree.Element(f"{_W}pgNumType")
        after = [child for child in section
                 if etree.QName(child).localname in _SECTPR_ORDER[:-1]]
        if after:
            after[-1].addnext(numbering)
        else:
            section.insert(0, numbering)
    numbering.set(f"{_W}start", str(first))


def _replace_field(field: etree._Element, runs: list[etree._Element], total: str) -> None:
    """Put a plain run with ``total`` where the field was, keeping its run formatting."""
    run = etree.Element(f"{_W}r")
    formatting = next((r.find(f"{_W}rPr") for r in runs if r.find(f"{_W}rPr") is not None), None)
    if formatting is not None:
        run.append(formatting)
    etree.SubElement(run, f"{_W}t").text = total
    field.addprevious(run)
    field.getparent().remove(field)


def _replace_complex_numpages(paragraph: etree._Element, total: str) -> None:
    """A NUMPAGES field made of begin/instruction/separate/result/end runs → plain text."""
    runs = [r for r in paragraph if etree.QName(r).localname == "r"]
    index = 0
    while index < len(runs):
        char = runs[index].find(f"{_W}fldChar")
        if char is None or char.get(f"{_W}fldCharType") != "begin":
            index += 1
            continue
        end = index
        while end < len(runs):
            closing = runs[end].find(f"{_W}fldChar")
            if closing is not None and closing.get(f"{_W}fldCharType") == "end":
                break
            end += 1
        field = runs[index:end + 1]
        instruction = "".join(t.text or "" for r in field for t in r.iter(f"{_W}instrText"))
        if instruction.split()[:1] == ["NUMPAGES"]:
            _replace_field(field[0], field, total)
            for run in field[1:]:
                run.getparent().remove(run)
        index = end + 1
