"""A Word template read the way its author sees it: paragraphs with places a person finds.

Every paragraph of the body, the headers, footers and footnotes, in document order, with
its text (runs joined, so a tag Word split into several runs is whole again), where it
is ("Tabelle 2, Zeile 3, Spalte 1", "Absatz 14", "Kopfzeile header1.xml, Absatz 1") and
the containers docxtpl's paragraph and row tags depend on. Tracked changes and comments
are collected too. Reads the file with lxml only; nothing of docxtpl.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PARTS = {"header": "Kopfzeile", "footer": "Fußzeile", "footnotes": "Fußnoten",
         "endnotes": "Endnoten"}
CHANGES = {"ins": "eingefügter Text", "del": "gelöschter Text", "moveFrom": "verschobener Text",
           "moveTo": "verschobener Text", "rPrChange": "geänderte Formatierung",
           "pPrChange": "geänderte Absatzformatierung"}


@dataclass(frozen=True)
class Paragraph:
    index: int
    """Position among all paragraphs read (the line of the derived Jinja source)."""
    place: str
    text: str
    parent: str
    """Identity of the element holding the paragraph (body, cell, content control …)."""
    parent_kind: str
    row: str | None
    """Identity of the table row, when in a table."""
    table: str | None
    row_text: str = ""
    cell_text: str = ""


@dataclass(frozen=True)
class Remark:
    """A tracked change or a comment, with its place and text."""

    place: str
    message: str


@dataclass
class WordSource:
    paragraphs: list[Paragraph]
    remarks: list[Remark]


def _text(element: etree._Element) -> str:
    parts = []
    for node in element.iter(f"{W}t", f"{W}delText", f"{W}tab", f"{W}br"):
        parts.append(node.text or "" if node.tag in (f"{W}t", f"{W}delText") else " ")
    return "".join(parts)


def _kind(element: etree._Element) -> str:
    name = str(etree.QName(element).localname)
    return {"body": "Haupttext", "tc": "Tabellenzelle", "sdtContent": "Inhaltssteuerelement",
            "txbxContent": "Textfeld", "hdr": "Kopfzeile", "ftr": "Fußzeile",
            "footnote": "Fußnote", "endnote": "Endnote"}.get(name, name)


def read(path: Path) -> WordSource:
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        parts = ["word/document.xml", *sorted(
            n for n in names if n.startswith("word/") and n.count("/") == 1
            and n.removeprefix("word/").startswith(tuple(PARTS)) and n.endswith(".xml"))]
        roots = {name: etree.fromstring(archive.read(name)) for name in parts if name in names}
        comments = (etree.fromstring(archive.read("word/comments.xml"))
                    if "word/comments.xml" in names else None)
    source = WordSource([], [])
    comment_texts = {c.get(f"{W}id"): _text(c).strip()
                     for c in (comments.iter(f"{W}comment") if comments is not None else [])}
    for name, root in roots.items():
        _read_part(name, root, source, comment_texts)
    return source


def _read_part(name: str, root: etree._Element, source: WordSource,
               comments: dict[str | None, str]) -> None:
    short = name.removeprefix("word/")
    prefix = next((f"{label} {short}, " for key, label in PARTS.items()
                   if short.startswith(key)), "")
    tree = root.getroottree()
    tables = {tree.getpath(t): n for n, t in enumerate(root.iter(f"{W}tbl"), start=1)}
    loose = 0
    for paragraph in root.iter(f"{W}p"):
        cell = next((a for a in paragraph.iterancestors(f"{W}tc")), None)
        if cell is not None:
            row = cell.getparent()
            table = row.getparent()
            rows = [r for r in table if r.tag == f"{W}tr"]
            cells = [c for c in row if c.tag == f"{W}tc"]
            place = (f"Tabelle {tables[tree.getpath(table)]}, Zeile {rows.index(row) + 1}, "
                     f"Spalte {cells.index(cell) + 1}")
            cell_paragraphs = [p for p in cell.iter(f"{W}p")]
            if len(cell_paragraphs) > 1:
                place += f", Absatz {cell_paragraphs.index(paragraph) + 1}"
            row_id, table_id = f"{name}:{tree.getpath(row)}", f"{name}:{tree.getpath(table)}"
            row_text, cell_text = _text(row), _text(cell)
        else:
            loose += 1
            place, row_id, table_id, row_text, cell_text = f"Absatz {loose}", None, None, "", ""
        if next(paragraph.iterancestors(f"{W}sdt"), None) is not None:
            place += " (im Inhaltssteuerelement)"
        parent = paragraph.getparent()
        text = _text(paragraph)
        source.paragraphs.append(Paragraph(
            len(source.paragraphs), prefix + place, text, f"{name}:{tree.getpath(parent)}", _kind(parent),
            row_id, table_id, row_text, cell_text))
        for change, what in CHANGES.items():
            for element in paragraph.iter(f"{W}{change}"):
                quoted = _text(element).strip()
                source.remarks.append(Remark(prefix + place, (
                    f"Änderungsverfolgung: {what}" + (f" „{quoted}“" if quoted else "")
                    + " – nehmen Sie alle Änderungen an oder lehnen Sie sie ab, sonst füllt "
                      "docgen eine andere Fassung aus, als Sie sehen")))
        for reference in paragraph.iter(f"{W}commentReference"):
            note = comments.get(reference.get(f"{W}id"), "")
            source.remarks.append(Remark(prefix + place, (
                f"Kommentar „{note}“ – löschen Sie Kommentare aus der Vorlage, sonst stehen sie "
                "in jedem erzeugten Dokument")))
