"""Shared parts of the Word template builders: styles, letterhead, footer, docxtpl
blocks and a reproducible save.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from datetime import datetime

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

FIXED_TIME = datetime(2026, 1, 1)
AKZENT = RGBColor(0x1F, 0x4E, 0x79)
FONT = "Liberation Sans"


# --- document set-up ----------------------------------------------------------------

def set_language(doc: DocumentObject) -> None:
    """de-DE as default language (LibreOffice otherwise tags the PDF en-US)."""
    styles = doc.styles.element
    rpr_default = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr_default.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr_default.append(lang)
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attribute), "de-DE")
    fonts = rpr_default.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr_default.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)


def styles(doc: DocumentObject) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(5)
    normal.paragraph_format.line_spacing = 1.15
    for name, size, colour in (("Title", 16, None), ("Heading 1", 12, AKZENT),
                               ("Heading 2", 11, AKZENT), ("Heading 3", 10.5, None)):
        style = doc.styles[name]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = colour or RGBColor(0, 0, 0)
        style.paragraph_format.space_before = Pt(10 if name != "Title" else 0)
        style.paragraph_format.space_after = Pt(4)
        style.paragraph_format.keep_with_next = True
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is not None:
            for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
                fonts.attrib.pop(qn(attribute), None)
    title = doc.styles["Title"]
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    title_ppr = title.element.get_or_add_pPr()
    for border in title_ppr.findall(qn("w:pBdr")):
        title_ppr.remove(border)
    bullet = doc.styles["List Bullet"]
    bullet.font.name = FONT
    bullet.paragraph_format.space_after = Pt(2)
    small = doc.styles.add_style("Hinweis", 1)
    small.base_style = normal
    small.font.size = Pt(9)
    small.font.color.rgb = RGBColor(0x4A, 0x4A, 0x4A)
    small.font.italic = True
    label = doc.styles.add_style("Feldbezeichnung", 1)
    label.base_style = normal
    label.font.size = Pt(9)
    label.font.color.rgb = RGBColor(0x4A, 0x4A, 0x4A)


def new_document(title_expr: str, author_expr: str) -> DocumentObject:
    doc = Document()
    set_language(doc)
    styles(doc)
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Mm(25), Mm(20)
    section.top_margin, section.bottom_margin = Mm(22), Mm(24)
    section.header_distance, section.footer_distance = Mm(10), Mm(10)
    section.different_first_page_header_footer = True
    props = doc.core_properties
    props.title = title_expr
    props.author = author_expr
    props.language = "de-DE"
    props.created = props.modified = FIXED_TIME
    props.last_modified_by = "docgen"
    props.revision = 1
    return doc


def field(paragraph: Paragraph, instruction: str) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def footer(doc: DocumentObject, title_expr: str, header_expr: str | None) -> None:
    section = doc.sections[0]
    width = section.page_width - section.left_margin - section.right_margin
    for footer in (section.footer, section.first_page_footer):
        paragraph = footer.paragraphs[0]
        paragraph.style = doc.styles["Feldbezeichnung"]
        paragraph.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
        paragraph.add_run(f"{title_expr}\tSeite ")
        field(paragraph, "PAGE")
        paragraph.add_run(" von ")
        field(paragraph, "NUMPAGES")
    if header_expr:
        paragraph = section.header.paragraphs[0]
        paragraph.style = doc.styles["Feldbezeichnung"]
        paragraph.add_run(header_expr)


def letterhead(doc: DocumentObject) -> None:
    """Office name and second line on the left, logo on the right; first page's header."""
    section = doc.sections[0]
    header = section.first_page_header
    width = section.page_width - section.left_margin - section.right_margin
    table = header.add_table(rows=1, cols=2, width=width)
    table.autofit = False
    left, right = table.rows[0].cells
    left.width, right.width = width - Mm(40), Mm(40)
    run = left.paragraphs[0].add_run("{{ briefkopf.behoerde if briefkopf else '' }}")
    run.bold = True
    run.font.size = Pt(13)
    run.font.color.rgb = AKZENT
    run = left.add_paragraph().add_run(
        "{{ briefkopf.untertitel if briefkopf and briefkopf.untertitel else '' }}")
    run.font.color.rgb = AKZENT
    logo = right.paragraphs[0]
    logo.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    logo.add_run("{{ logo_bild }}")


def p(doc: DocumentObject, text: str, style: str | None = None, bold: bool = False) -> Paragraph:
    paragraph = doc.add_paragraph(style=style)
    run = paragraph.add_run(text)
    run.bold = bold
    return paragraph


def loop(doc: DocumentObject, header: str, body: Callable[[], None]) -> None:
    doc.add_paragraph(f"{{%p {header} %}}")
    body()
    doc.add_paragraph("{%p endfor %}")


def cond(doc: DocumentObject, condition: str, body: Callable[[], None]) -> None:
    doc.add_paragraph(f"{{%p if {condition} %}}")
    body()
    doc.add_paragraph("{%p endif %}")


def prose(doc: DocumentObject, expr: str) -> None:
    """A multi-paragraph text: one Word paragraph per line of the text."""
    loop(doc, f"for absatz in {expr} | zeilen", lambda: p(doc, "{{ absatz }}"))


def bullets(doc: DocumentObject, expr: str) -> None:
    loop(doc, f"for punkt in {expr}", lambda: p(doc, "{{ punkt }}", "List Bullet"))


def table(doc: DocumentObject, widths: list[float]) -> object:
    table = doc.add_table(rows=0, cols=len(widths))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    return table


def row(table: object, cells: list[str], widths: list[float], bold: bool = False) -> object:
    row = table.add_row()  # type: ignore[attr-defined]
    for cell, text, width in zip(row.cells, cells, widths, strict=True):
        cell.width = Mm(width)
        paragraph = cell.paragraphs[0]
        run = paragraph.add_run(text)
        run.bold = bold
    return row


def reproducible_bytes(doc: DocumentObject) -> bytes:
    """The saved file with fixed zip timestamps, so the same builder gives the same bytes."""
    buffer = io.BytesIO()
    doc.save(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        items = sorted(source.infolist(), key=lambda i: (i.filename != "[Content_Types].xml", i.filename))
        for item in items:
            info = zipfile.ZipInfo(item.filename, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(item.filename))
    return out.getvalue()



def signature_block(doc: DocumentObject, persons: str, place: str, date: str, name: str,
                    function: str, office: str, deputy: str) -> None:
    """One signature block per person in ``persons``, one below the other."""

    def block() -> None:
        p(doc, f"{place}, {date}").paragraph_format.space_before = Pt(14)
        p(doc, "Ort, Datum", "Feldbezeichnung")
        p(doc, "").paragraph_format.space_before = Mm(10)
        p(doc, "_______________________________").paragraph_format.space_after = Pt(0)
        for line in (f"{{{{ {deputy} ~ ' ' if {deputy} }}}}{{{{ {name} }}}}",
                     f"{{{{ {function} }}}}", f"{{{{ {office} }}}}"):
            p(doc, line).paragraph_format.space_after = Pt(0)

    loop(doc, f"for p in {persons}", block)



def sections(doc: DocumentObject) -> None:
    def section() -> None:
        p(doc, "{{ a.zeichen }} {{ a.titel }}", "Heading 2")

        def paragraph() -> None:
            p(doc, "{{ '(' ~ loop.index ~ ') ' if a.absaetze | length > 1 }}{{ absatz.text }}")
            bullets(doc, "absatz.punkte")

        loop(doc, "for absatz in a.absaetze", paragraph)

    loop(doc, "for a in abschnitte", section)
