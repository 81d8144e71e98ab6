"""Shared parts of the Word template builders: house styles, letterhead, footer, docxtpl
blocks, tables, signature blocks and a reproducible save.

Everything a document shows is formatted by a named style (Word: "Formatvorlage"), never
by direct formatting on runs, so an author restyles a template in one place. Sizes and
spacing follow templates/html/docgen.css, so both routes paginate alike.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Sequence
from datetime import datetime

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor
from docx.styles.style import BaseStyle
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph

from docgen.wordparts import APP_XML, HOUSE_ACCENT

FIXED_TIME = datetime(2026, 1, 1)
FONT = "Liberation Sans"
AKZENT = RGBColor.from_string(HOUSE_ACCENT)
"""The house accent; docgen paints it in ``briefkopf.farbe`` when it renders a document."""
GRAU = RGBColor(0x4A, 0x4A, 0x4A)
LINIE = "8A9BB0"
FLAECHE = "EEF2F7"
PAGE_WIDTH, LEFT, RIGHT = 210.0, 25.0, 20.0
TEXT_WIDTH = PAGE_WIDTH - LEFT - RIGHT
LINE = 1.25
"""Line spacing (multiple of single): a single line of Liberation Sans is 1.117 em, CSS says 1.4."""


def twips(mm: float) -> str:
    return str(round(mm / 25.4 * 1440))


# --- styles -------------------------------------------------------------------------

def _explicit_fonts(doc: DocumentObject) -> None:
    """Liberation Sans named in the defaults and every style; no theme fonts (Cambria)."""
    root = doc.styles.element
    rpr = root.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for fonts in [*root.iter(qn("w:rFonts"))]:
        for attribute in [*fonts.attrib]:
            if attribute.endswith("Theme") or attribute.endswith("theme"):
                del fonts.attrib[attribute]
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attribute), "de-DE")
    for style in doc.styles:
        if style.type in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER) and \
                style.element.find(qn("w:rPr")) is not None:
            style.font.name = FONT  # sets ascii/hAnsi; East Asian and complex too:
            rfonts = style.element.rPr.find(qn("w:rFonts"))
            for attribute in ("w:cs", "w:eastAsia"):
                rfonts.set(qn(attribute), FONT)


def style(doc: DocumentObject, name: str, base: str | None = "Normal", *, size: float | None = None,
           bold: bool | None = None, italic: bool | None = None, colour: RGBColor | None = None,
           before: float | None = None, after: float | None = None, keep_next: bool | None = None,
           align: WD_ALIGN_PARAGRAPH | None = None, line: float | None = None,
           kind: WD_STYLE_TYPE = WD_STYLE_TYPE.PARAGRAPH) -> BaseStyle:
    """A paragraph style, created if missing; sizes in pt, spacing in mm."""
    try:
        style = doc.styles[name]
    except KeyError:
        style = doc.styles.add_style(name, kind)
        style.quick_style = True
    if base is not None:
        style.base_style = doc.styles[base]
    font = style.font
    font.name = FONT
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if italic is not None:
        font.italic = italic
    if colour is not None:
        font.color.rgb = colour
    if kind == WD_STYLE_TYPE.PARAGRAPH:
        paragraph = style.paragraph_format
        if before is not None:
            paragraph.space_before = Mm(before)
        if after is not None:
            paragraph.space_after = Mm(after)
        if keep_next is not None:
            paragraph.keep_with_next = keep_next
        if align is not None:
            paragraph.alignment = align
        if line is not None:
            paragraph.line_spacing = line
    return style


def border(style: BaseStyle, side: str, size_pt: float, colour: str, space_pt: float = 1) -> None:
    ppr = style.element.get_or_add_pPr()
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        # schema order: pBdr comes after keepNext/keepLines/pageBreakBefore/framePr/…
        spacing = ppr.find(qn("w:spacing"))
        if spacing is not None:
            spacing.addprevious(borders)
        else:
            ppr.append(borders)
    line = OxmlElement(f"w:{side}")
    line.set(qn("w:val"), "single")
    line.set(qn("w:sz"), str(round(size_pt * 8)))
    line.set(qn("w:space"), str(round(space_pt)))
    line.set(qn("w:color"), colour)
    borders.append(line)


def _caps(style: BaseStyle) -> None:
    rpr = style.element.get_or_add_rPr()
    caps = OxmlElement("w:caps")
    rpr.insert(0, caps) if rpr.find(qn("w:rFonts")) is None else rpr.find(qn("w:rFonts")).addnext(caps)


def styles(doc: DocumentObject) -> None:
    """The house styles; sizes and spacing as in templates/html/docgen.css."""
    _explicit_fonts(doc)
    style(doc, "Normal", None, size=10.5, before=0, after=2.5, line=LINE)
    style(doc, "No Spacing", None, size=10.5)
    title = style(doc, "Title", size=15, bold=True, colour=RGBColor(0, 0, 0), before=0, after=6,
                   keep_next=True, align=WD_ALIGN_PARAGRAPH.LEFT, line=1.1)
    ppr = title.element.get_or_add_pPr()
    for old in ppr.findall(qn("w:pBdr")):
        ppr.remove(old)
    title.element.rPr.remove(title.element.rPr.find(qn("w:spacing")))
    subtitle = style(doc, "Subtitle", size=11, colour=RGBColor(0, 0, 0), italic=False, before=0,
                     after=4, align=WD_ALIGN_PARAGRAPH.CENTER)
    subtitle.element.rPr.remove(subtitle.element.rPr.find(qn("w:spacing")))
    subtitle.element.pPr.remove(subtitle.element.pPr.find(qn("w:numPr")))
    heading = style(doc, "Heading 1", size=11.5, bold=True, colour=AKZENT, before=8, after=2,
                     keep_next=True, line=1.1)
    border(heading, "bottom", 1, HOUSE_ACCENT, 3)
    _caps(heading)
    style(doc, "Heading 2", size=11, bold=True, colour=AKZENT, before=6, after=2, keep_next=True,
           line=1.1)
    style(doc, "Heading 3", size=10.5, bold=True, colour=RGBColor(0, 0, 0), before=5, after=1.5,
           keep_next=True, line=1.1)
    for name in ("Heading 1", "Heading 2", "Heading 3", "Title"):
        doc.styles[name].font.italic = False
    style(doc, "Frage", size=10, bold=True, before=3.5, after=1, keep_next=True)
    style(doc, "Kernaussage", bold=True, keep_next=False)
    style(doc, "Hinweis", size=9, colour=GRAU, after=3)
    style(doc, "Projekt", size=9.5, colour=GRAU, after=3)
    style(doc, "Feldbezeichnung", size=9, colour=GRAU)
    style(doc, "Zentriert", align=WD_ALIGN_PARAGRAPH.CENTER, colour=GRAU, before=3, after=3)
    style(doc, "Partei", after=2.5)
    style(doc, "Absatz", after=2)
    numbered = style(doc, "Absatz nummeriert", "Absatz").paragraph_format
    numbered.left_indent, numbered.first_line_indent = Mm(8), Mm(-8)
    numbered.tab_stops.add_tab_stop(Mm(8))
    inner = style(doc, "Aufzählung im Absatz", "List Bullet").paragraph_format
    inner.left_indent, inner.first_line_indent = Mm(13), Mm(-5)
    style(doc, "Titel zentriert", "Title", align=WD_ALIGN_PARAGRAPH.CENTER, after=2)
    style(doc, "Hinweis zentriert", "Hinweis", align=WD_ALIGN_PARAGRAPH.CENTER, before=2, after=8)
    style(doc, "Nebenangabe", None, size=9.5, colour=GRAU, kind=WD_STYLE_TYPE.CHARACTER)
    style(doc, "Strong", None, bold=True, kind=WD_STYLE_TYPE.CHARACTER)
    style(doc, "Emphasis", None, italic=True, kind=WD_STYLE_TYPE.CHARACTER)
    style(doc, "List Bullet", after=1)
    for name in ("Header", "Footer"):
        running = style(doc, name, size=8, colour=GRAU, after=0, line=1.0)
        for tabs in running.element.pPr.findall(qn("w:tabs")):
            running.element.pPr.remove(tabs)
        running.paragraph_format.tab_stops.add_tab_stop(Mm(TEXT_WIDTH), WD_TAB_ALIGNMENT.RIGHT)
    style(doc, "Briefkopf Ende", "Header", size=2, before=7)
    style(doc, "Seitenzahl", "Footer", align=WD_ALIGN_PARAGRAPH.RIGHT)
    style(doc, "Fußzeile Ende", "Footer", size=2, line=1.0)
    style(doc, "Briefkopf Behörde", size=13, bold=True, colour=AKZENT, after=0, line=1.1)
    style(doc, "Briefkopf Untertitel", size=10, colour=AKZENT, after=0, line=1.1)
    style(doc, "Briefkopf Logo", after=0, line=1.0, align=WD_ALIGN_PARAGRAPH.RIGHT)
    # tables
    style(doc, "Tabellentext", size=10.5, after=1, line=1.15)
    style(doc, "Tabellentext klein", "Tabellentext", size=9.5)
    style(doc, "Tabellenfeld", "Tabellentext", bold=True)
    style(doc, "Tabellenzahl", "Tabellentext", align=WD_ALIGN_PARAGRAPH.RIGHT)
    style(doc, "Tabellenkopf", "Tabellentext", size=9.5, bold=True)
    style(doc, "Tabellenkopf Zahl", "Tabellenkopf", align=WD_ALIGN_PARAGRAPH.RIGHT)
    style(doc, "Tabellenteil", "Tabellentext", size=9.5, bold=True, before=1.5, after=0.5)
    style(doc, "Tabellenaufzählung", "List Bullet", size=10.5, after=1, line=1.15)
    style(doc, "Tabellenaufzählung klein", "Tabellenaufzählung", size=9.5)
    style(doc, "Tabellenaufzählung 2", "List Bullet 2", size=10.5, after=1, line=1.15)
    style(doc, "Tabellenhinweis", "Tabellentext", colour=GRAU, size=9)
    # signatures
    # (a signature block is one table row that cannot split; "keep with next" inside it
    # would tie the row to the next one)
    style(doc, "Unterschrift Ort", size=9.5, after=0, line=1.15)
    style(doc, "Unterschrift Beschriftung", size=7, colour=GRAU, after=18, line=1.15)
    name = style(doc, "Unterschrift Name", size=9.5, after=0, line=1.15)
    border(name, "top", 0.6, "000000", 2)
    style(doc, "Unterschrift Zusatz", size=9.5, after=0, line=1.15)
    # footnotes
    # footnotes: Word's built-in styles (German Word shows them as "Fußnotentext" and
    # "Fußnotenzeichen"), so Word and LibreOffice treat them as their own
    style(doc, "footnote text", size=8, colour=GRAU, after=0, line=1.1).style_id = "FootnoteText"
    style(doc, "footnote reference", None, kind=WD_STYLE_TYPE.CHARACTER).style_id = \
        "FootnoteReference"
    doc.styles["footnote reference"].font.superscript = True
    _table_style(doc)


def _table_style(doc: DocumentObject) -> None:
    """"Tabelle docgen": thin blue-grey rules, cell padding, shaded header row."""
    style = doc.styles.add_style("Tabelle docgen", WD_STYLE_TYPE.TABLE)
    style.base_style = doc.styles["Normal Table"]
    margins = {"top": 1.8, "bottom": 1.8, "left": 2.2, "right": 2.2}
    style.element.append(parse_xml(
        f"<w:tblPr {nsdecls('w')}><w:tblBorders>"
        + "".join(f'<w:{side} w:val="single" w:sz="5" w:space="0" w:color="{LINIE}"/>'
                  for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
        + "</w:tblBorders><w:tblCellMar>"
        + "".join(f'<w:{side} w:w="{twips(mm)}" w:type="dxa"/>' for side, mm in margins.items())
        + "</w:tblCellMar></w:tblPr>"))
    style.element.append(parse_xml(
        f'<w:tblStylePr {nsdecls("w")} w:type="firstRow"><w:rPr><w:b/></w:rPr>'
        f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{FLAECHE}"/></w:tcPr></w:tblStylePr>'))


def _settings(doc: DocumentObject) -> None:
    """German hyphenation, Word 2013+ compatibility mode, German number separators."""
    settings = doc.settings.element
    for old in settings.findall(qn("w:compat")):
        settings.remove(old)
    compat = parse_xml(
        f'<w:compat {nsdecls("w")}><w:compatSetting w:name="compatibilityMode" '
        'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/>'
        '<w:compatSetting w:name="overrideTableStyleFontSizeAndJustification" '
        'w:uri="http://schemas.microsoft.com/office/word" w:val="1"/>'
        '<w:compatSetting w:name="enableOpenTypeFeatures" '
        'w:uri="http://schemas.microsoft.com/office/word" w:val="1"/>'
        '<w:compatSetting w:name="doNotFlipMirrorIndents" '
        'w:uri="http://schemas.microsoft.com/office/word" w:val="1"/></w:compat>')
    tab = settings.find(qn("w:defaultTabStop"))
    tab.set(qn("w:val"), twips(12.5))
    hyphenation = [parse_xml(f'<w:autoHyphenation {nsdecls("w")}/>'),
                   parse_xml(f'<w:consecutiveHyphenLimit {nsdecls("w")} w:val="2"/>'),
                   parse_xml(f'<w:hyphenationZone {nsdecls("w")} w:val="{twips(6)}"/>')]
    for element in reversed(hyphenation):
        tab.addnext(element)
    settings.find(qn("w:characterSpacingControl")).addnext(parse_xml(
        f'<w:footnotePr {nsdecls("w")}><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>'))
    settings.find(qn("w:footnotePr")).addnext(compat)
    settings.find(qn("w:themeFontLang")).set(qn("w:val"), "de-DE")
    settings.find(qn("w:decimalSymbol")).set(qn("w:val"), ",")
    settings.find(qn("w:listSeparator")).set(qn("w:val"), ";")
    for name in ("w:rsids", "w:proofState"):
        element = settings.find(qn(name))
        if element is not None:
            settings.remove(element)


# --- the document -------------------------------------------------------------------

def new_document(title_expr: str, author_expr: str, subject_expr: str = "", *,
                 margins: tuple[float, float, float, float] = (22, RIGHT, 24, LEFT),
                 header_distance: float = 10) -> DocumentObject:
    """A4 with the house styles; core properties are Jinja (docxtpl renders them)."""
    doc = Document()
    styles(doc)
    _settings(doc)
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(PAGE_WIDTH), Mm(297)
    top, right, bottom, left = margins
    section.top_margin, section.right_margin = Mm(top), Mm(right)
    section.bottom_margin, section.left_margin = Mm(bottom), Mm(left)
    section.header_distance, section.footer_distance = Mm(header_distance), Mm(12)
    section.different_first_page_header_footer = True
    props = doc.core_properties
    props.title = title_expr
    props.author = author_expr
    props.subject = subject_expr
    props.comments = subject_expr
    props.keywords = ""
    props.language = "de-DE"
    props.created = props.modified = FIXED_TIME
    props.last_modified_by = "docgen"
    props.revision = 1
    return doc


def field(paragraph: Paragraph, instruction: str) -> None:
    simple = OxmlElement("w:fldSimple")
    simple.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    simple.append(run)
    paragraph._p.append(simple)


def footer(doc: DocumentObject, title_expr: str, header_expr: str | None) -> None:
    """Title and "Seite X von Y" on every page; the running header from page 2."""
    section = doc.sections[0]
    for part in (section.footer, section.first_page_footer):
        # two cells, as the HTML route's two margin boxes: a long title wraps in its own
        # cell and "Seite X von Y" stays whole on the right
        cells = part.add_table(rows=1, cols=2, width=Mm(TEXT_WIDTH))
        fixed_widths(cells, [TEXT_WIDTH - 32, 32])
        zero_cell_margins(cells)
        title, numbers = cells.rows[0].cells
        title.paragraphs[0].style = doc.styles["Footer"]
        title.paragraphs[0].add_run(title_expr)
        paragraph = numbers.paragraphs[0]
        paragraph.style = doc.styles["Seitenzahl"]
        paragraph.add_run("Seite ")
        field(paragraph, "PAGE")
        paragraph.add_run(" von ")
        field(paragraph, "NUMPAGES")
        empty = part.paragraphs[0]._p  # python-docx's, before the table: it goes
        empty.getparent().remove(empty)
        part.add_paragraph(style="Fußzeile Ende")  # a footer ends with a paragraph
    paragraph = section.header.paragraphs[0]
    paragraph.style = doc.styles["Header"]
    if header_expr:
        paragraph.add_run(header_expr)


def letterhead(doc: DocumentObject, floating_at: float | None = None) -> Table:
    """Office name and second line on the left, logo on the right: the first page's header.

    ``floating_at``: a distance from the page's top in mm where the letterhead floats (the
    letter, whose zones are placed on the page); otherwise it takes room in the header.
    """
    section = doc.sections[0]
    header = section.first_page_header
    width = Mm(TEXT_WIDTH)
    table = header.add_table(rows=1, cols=2, width=width)
    fixed_widths(table, [TEXT_WIDTH - 45, 45])
    zero_cell_margins(table)
    left, right = table.rows[0].cells
    left.paragraphs[0].style = doc.styles["Briefkopf Behörde"]
    left.paragraphs[0].add_run("{{ briefkopf.behoerde if briefkopf else '' }}")
    subtitle = left.add_paragraph(style="Briefkopf Untertitel")
    subtitle.add_run("{{ briefkopf.untertitel if briefkopf and briefkopf.untertitel else '' }}")
    logo = right.paragraphs[0]
    logo.style = doc.styles["Briefkopf Logo"]
    logo.add_run("{{ logo_bild }}")
    if floating_at is None:  # a rule below it, as in the HTML route
        table._tbl.tblPr.append(parse_xml(
            f'<w:tblBorders {nsdecls("w")}><w:bottom w:val="single" w:sz="6" w:space="0" '
            f'w:color="{HOUSE_ACCENT}"/></w:tblBorders>'))
        table._tbl.tblPr.find(qn("w:tblCellMar")).find(qn("w:bottom")).set(qn("w:w"), twips(2.5))
        _order_tblpr(table)
    else:
        table._tbl.tblPr.append(parse_xml(
            f'<w:tblpPr {nsdecls("w")} w:leftFromText="0" w:rightFromText="0" '
            f'w:vertAnchor="page" w:horzAnchor="page" w:tblpX="{twips(LEFT)}" '
            f'w:tblpY="{twips(floating_at)}"/>'))
        table._tbl.tblPr.append(parse_xml(f'<w:tblOverlap {nsdecls("w")} w:val="never"/>'))
        _order_tblpr(table)
    # a header ends with a paragraph; this one keeps the distance to the text below
    header.paragraphs[-1].style = doc.styles["Header" if floating_at is not None else "Briefkopf Ende"]
    return table


def _order_tblpr(table: Table) -> None:
    """Put tblPr's children in schema order (Word is strict about it)."""
    order = ["tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
             "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders",
             "shd", "tblLayout", "tblCellMar", "tblLook"]
    tblpr = table._tbl.tblPr
    children = sorted(tblpr, key=lambda e: order.index(e.tag.split("}")[1])
                      if e.tag.split("}")[1] in order else len(order))
    for child in children:
        tblpr.append(child)


def p(doc: DocumentObject, text: str, style: str | None = None) -> Paragraph:
    paragraph = doc.add_paragraph(style=style)
    if text:
        paragraph.add_run(text)
    return paragraph


def loop(doc: DocumentObject, header: str, body: Callable[[], None]) -> None:
    doc.add_paragraph(f"{{%p {header} %}}")
    body()
    doc.add_paragraph("{%p endfor %}")


def cond(doc: DocumentObject, condition: str, body: Callable[[], None],
         otherwise: Callable[[], None] | None = None) -> None:
    doc.add_paragraph(f"{{%p if {condition} %}}")
    body()
    if otherwise is not None:
        doc.add_paragraph("{%p else %}")
        otherwise()
    doc.add_paragraph("{%p endif %}")


def prose(doc: DocumentObject, expr: str, style: str | None = None, *, typo: bool = True) -> None:
    """A multi-paragraph text: one Word paragraph per line, with German typography."""
    text = "{{ absatz | typo }}" if typo else "{{ absatz }}"
    loop(doc, f"for absatz in {expr} | zeilen", lambda: p(doc, text, style))


def bullets(doc: DocumentObject, expr: str, *, typo: bool = True) -> None:
    text = "{{ punkt | typo }}" if typo else "{{ punkt }}"
    loop(doc, f"for punkt in {expr}", lambda: p(doc, text, "List Bullet"))


# --- tables -------------------------------------------------------------------------

def fixed_widths(table: Table, widths: Sequence[float]) -> None:
    """Column widths in mm, in the grid (what LibreOffice reads) and in every cell."""
    table.autofit = False
    tblpr = table._tbl.tblPr
    width = tblpr.find(qn("w:tblW"))
    if width is None:
        width = OxmlElement("w:tblW")
        tblpr.append(width)
    width.set(qn("w:w"), twips(sum(widths)))
    width.set(qn("w:type"), "dxa")
    for column, mm in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        column.set(qn("w:w"), twips(mm))
    for row in table.rows:
        for cell, mm in zip(row.cells, widths, strict=True):
            cell.width = Mm(mm)
    _order_tblpr(table)


def zero_cell_margins(table: Table) -> None:
    table._tbl.tblPr.append(parse_xml(
        f'<w:tblCellMar {nsdecls("w")}><w:top w:w="0" w:type="dxa"/><w:left w:w="0" w:type="dxa"/>'
        '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar>'))
    _order_tblpr(table)


def table(doc: DocumentObject, widths: Sequence[float], header: Sequence[str] | None = None,
          header_styles: Sequence[str] | None = None) -> Table:
    """A table in the house table style; ``header``: a header row repeated on every page."""
    result = doc.add_table(rows=0, cols=len(widths))
    result.style = doc.styles["Tabelle docgen"]
    result.alignment = WD_TABLE_ALIGNMENT.LEFT
    look = result._tbl.tblPr.find(qn("w:tblLook"))
    if look is None:
        look = OxmlElement("w:tblLook")
        result._tbl.tblPr.append(look)
    for attribute, value in (("w:val", "0420" if header else "0000"),
                             ("w:firstRow", "1" if header else "0"), ("w:lastRow", "0"),
                             ("w:firstColumn", "0"), ("w:lastColumn", "0"),
                             ("w:noHBand", "1"), ("w:noVBand", "1")):
        look.set(qn(attribute), value)
    if header is not None:
        styles_ = header_styles or ["Tabellenkopf"] * len(header)
        head = row(result, list(header), list(styles_))
        head._tr.get_or_add_trPr().append(parse_xml(f'<w:tblHeader {nsdecls("w")}/>'))
    fixed_widths(result, widths)
    return result


def row(table_: Table, cells: Sequence[str], styles_: Sequence[str | None] | None = None,
        *, can_split: bool = False) -> _Row:
    """A row with one paragraph per cell; rows do not break across pages unless asked."""
    new = table_.add_row()
    if not can_split:
        new._tr.get_or_add_trPr().append(parse_xml(f'<w:cantSplit {nsdecls("w")}/>'))
    for index, (cell, text) in enumerate(zip(new.cells, cells, strict=True)):
        paragraph = cell.paragraphs[0]
        paragraph.style = (styles_[index] if styles_ else None) or "Tabellentext"
        if text:
            paragraph.add_run(text)
    widths = [int(c.get(qn("w:w"))) for c in table_._tbl.tblGrid.findall(qn("w:gridCol"))]
    for cell, width in zip(new.cells, widths, strict=True):
        cell.width = width * 635  # twips → EMU
    return new


def shade_first_column(table_: Table) -> None:
    """The label column of a label/value table, shaded like a header."""
    for table_row in table_.rows:
        table_row.cells[0]._tc.get_or_add_tcPr().append(parse_xml(
            f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{FLAECHE}"/>'))


def cell_lines(table_row: _Row, column: int, lines: Sequence[str | tuple[str, str]]) -> None:
    """Paragraphs of a cell: plain strings in "Tabellentext", or (text, style)."""
    cell = table_row.cells[column]
    for index, line in enumerate(lines):
        text, style = (line, None) if isinstance(line, str) else line
        if text.startswith("{%p"):
            style = None  # docxtpl removes the paragraph; its style does not matter
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        paragraph.style = style or "Tabellentext"
        if index == 0 and paragraph.runs:
            raise ValueError("cell already has text")
        paragraph.add_run(text)


# --- footnotes ----------------------------------------------------------------------

FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


def footnote(doc: DocumentObject, paragraph: Paragraph, text: str) -> None:
    """A real footnote (Word's own, numbered 1) at the end of ``paragraph``; one per document."""
    separators = "".join(
        f'<w:footnote w:type="{kind}" w:id="{number}"><w:p><w:pPr><w:spacing w:after="0" '
        f'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:{kind}/></w:r></w:p></w:footnote>'
        for kind, number in (("separator", -1), ("continuationSeparator", 0)))
    xml = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes {nsdecls("w")}>'
        f'{separators}<w:footnote w:id="1"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>'
        '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>'
        f'<w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:footnote></w:footnotes>')
    part = Part(PackURI("/word/footnotes.xml"), FOOTNOTES_CT, xml.encode("utf-8"), doc.part.package)
    doc.part.relate_to(part, RT.FOOTNOTES)
    run = paragraph.add_run()
    run.style = doc.styles["footnote reference"]
    reference = OxmlElement("w:footnoteReference")
    reference.set(qn("w:id"), "1")
    run._r.append(reference)


# --- signature blocks ---------------------------------------------------------------

def signature_cell(cell: _Cell, place_date: str, name: str, function: str, office: str,
                   condition: str | None = None) -> None:
    """Place and date, room for the signature, the line with the name, function, office.

    ``condition``: a Jinja condition for the whole block (an empty second cell of a pair).
    """
    lines = [(place_date, "Unterschrift Ort"), ("Ort, Datum", "Unterschrift Beschriftung"),
             (name, "Unterschrift Name"), (function, "Unterschrift Zusatz"),
             (f"{{%p if {office} %}}", None), (f"{{{{ {office} }}}}", "Unterschrift Zusatz"),
             ("{%p endif %}", None)]
    if condition:
        lines = [(f"{{%p if {condition} %}}", None), *lines, ("{%p endif %}", None)]
    for index, (text, style) in enumerate(lines):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        paragraph.style = style
        paragraph.add_run(text)


def signature_blocks(doc: DocumentObject, persons: str, place: str, date: str, name: str,
                     function: str, office: str, deputy: str, side_by_side: str = "true") -> None:
    """One block per person in ``persons``: two by two in a table (``side_by_side`` a Jinja
    condition, or "true"/"false"), or one below the other. Every block is a table row that
    cannot split across pages. Expressions name the person ``p``."""
    def block(cell: _Cell, person: str, condition: str | None = None) -> None:
        def expr(text: str) -> str:
            return re.sub(r"\bp\.", f"{person}.", text)
        signature_cell(cell, expr(f"{place}, {date}"),
                       expr(f"{{{{ {deputy} ~ ' ' if {deputy} }}}}{{{{ {name} }}}}"),
                       expr(f"{{{{ {function} }}}}"), expr(office), condition)

    def two_by_two() -> None:
        grid = doc.add_table(rows=0, cols=2)
        row(grid, [f"{{%tr for paar in {persons} | batch(2) %}}", ""], can_split=True)
        pair = row(grid, ["", ""])
        block(pair.cells[0], "paar[0]")
        block(pair.cells[1], "paar[1]", "paar | length > 1")
        row(grid, ["{%tr endfor %}", ""], can_split=True)
        fixed_widths(grid, [TEXT_WIDTH / 2, TEXT_WIDTH / 2])
        _signature_margins(grid)

    def stacked() -> None:
        grid = doc.add_table(rows=0, cols=1)
        row(grid, [f"{{%tr for p in {persons} %}}"], can_split=True)
        block(row(grid, [""]).cells[0], "p")
        row(grid, ["{%tr endfor %}"], can_split=True)
        fixed_widths(grid, [TEXT_WIDTH / 2])
        _signature_margins(grid)

    if side_by_side == "true":
        two_by_two()
    elif side_by_side == "false":
        stacked()
    else:
        cond(doc, side_by_side, two_by_two, stacked)


def _signature_margins(grid: Table) -> None:
    """No rules; 6 mm to the right of and below each block, as in the HTML route."""
    grid._tbl.tblPr.append(parse_xml(
        f'<w:tblCellMar {nsdecls("w")}><w:top w:w="0" w:type="dxa"/><w:left w:w="0" w:type="dxa"/>'
        f'<w:bottom w:w="{twips(6)}" w:type="dxa"/><w:right w:w="{twips(6)}" w:type="dxa"/>'
        '</w:tblCellMar>'))
    _order_tblpr(grid)


def sections(doc: DocumentObject) -> None:
    """The numbered sections (§ 1 …) of agreements and rules of procedure."""
    def section() -> None:
        p(doc, "{{ a.zeichen }} {{ a.titel | typo }}", "Heading 2")

        def paragraph() -> None:
            cond(doc, "a.absaetze | length > 1",
                 lambda: p(doc, "({{ loop.index | zahl }})\t{{ absatz.text | typo }}", "Absatz nummeriert"),
                 lambda: p(doc, "{{ absatz.text | typo }}", "Absatz"))
            loop(doc, "for punkt in absatz.punkte",
                 lambda: p(doc, "{{ punkt | typo }}", "Aufzählung im Absatz"))

        loop(doc, "for absatz in a.absaetze", paragraph)

    loop(doc, "for a in abschnitte", section)


# --- saving -------------------------------------------------------------------------

_DROPPED = ("word/stylesWithEffects.xml", "docProps/thumbnail.jpeg", "customXml/")

def reproducible_bytes(doc: DocumentObject) -> bytes:
    """The saved file with fixed zip timestamps, so the same builder gives the same bytes.

    Leftovers of python-docx's own template go: Word 2010's stylesWithEffects, a thumbnail
    of another document, custom XML, and app properties naming another application.
    """
    buffer = io.BytesIO()
    doc.save(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        items = sorted(source.infolist(), key=lambda i: (i.filename != "[Content_Types].xml", i.filename))
        for item in items:
            name = item.filename
            if name.startswith(_DROPPED):
                continue
            data = source.read(name)
            if name == "docProps/app.xml":
                data = APP_XML.encode()
            elif name.endswith(".rels") or name == "[Content_Types].xml":
                text = data.decode()
                for dropped in _DROPPED:
                    gone = re.escape(dropped.removeprefix("word/"))
                    text = re.sub(rf'<(Relationship|Override)[^>]*"(/|\.\./)?(word/)?{gone}[^"]*"[^>]*/>',
                                  "", text)
                data = text.encode()
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, data)
    return out.getvalue()
