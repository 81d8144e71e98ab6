"""Builds the Word templates under templates/docx/ (docxtpl syntax), reproducibly.

The committed .docx files are what a template author opens and edits in Word or
LibreOffice; this script is how they were first made and how to remake them in
the house style after a structural change. Run:

    .venv/bin/python scripts/build_docx_templates.py

The templates use Word styles (Title, Heading 1/2, List Bullet, a table style),
not direct formatting, so an author can restyle them in one place. Wording shared
with the HTML templates comes from templates/texte/*.yaml (``texte``) and from the
assembled clauses (``abschnitte``); the templates only arrange it.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

OUT = Path(__file__).resolve().parent.parent / "templates" / "docx"
FIXED_TIME = datetime(2026, 1, 1)
AKZENT = RGBColor(0x1F, 0x4E, 0x79)
FONT = "Liberation Sans"


# --- document set-up ----------------------------------------------------------------

def _set_language(doc: DocumentObject) -> None:
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


def _styles(doc: DocumentObject) -> None:
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


def _new(title_expr: str, author_expr: str) -> DocumentObject:
    doc = Document()
    _set_language(doc)
    _styles(doc)
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


def _field(paragraph: Paragraph, instruction: str) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _footer(doc: DocumentObject, title_expr: str, header_expr: str | None) -> None:
    section = doc.sections[0]
    width = section.page_width - section.left_margin - section.right_margin
    for footer in (section.footer, section.first_page_footer):
        paragraph = footer.paragraphs[0]
        paragraph.style = doc.styles["Feldbezeichnung"]
        paragraph.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
        paragraph.add_run(f"{title_expr}\tSeite ")
        _field(paragraph, "PAGE")
        paragraph.add_run(" von ")
        _field(paragraph, "NUMPAGES")
    if header_expr:
        paragraph = section.header.paragraphs[0]
        paragraph.style = doc.styles["Feldbezeichnung"]
        paragraph.add_run(header_expr)


def _letterhead(doc: DocumentObject) -> None:
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


def _p(doc: DocumentObject, text: str, style: str | None = None, bold: bool = False) -> Paragraph:
    paragraph = doc.add_paragraph(style=style)
    run = paragraph.add_run(text)
    run.bold = bold
    return paragraph


def _loop(doc: DocumentObject, header: str, body: Callable[[], None]) -> None:
    doc.add_paragraph(f"{{%p {header} %}}")
    body()
    doc.add_paragraph("{%p endfor %}")


def _cond(doc: DocumentObject, condition: str, body: Callable[[], None]) -> None:
    doc.add_paragraph(f"{{%p if {condition} %}}")
    body()
    doc.add_paragraph("{%p endif %}")


def _prose(doc: DocumentObject, expr: str) -> None:
    """A multi-paragraph text: one Word paragraph per line of the text."""
    _loop(doc, f"for absatz in {expr} | zeilen", lambda: _p(doc, "{{ absatz }}"))


def _bullets(doc: DocumentObject, expr: str) -> None:
    _loop(doc, f"for punkt in {expr}", lambda: _p(doc, "{{ punkt }}", "List Bullet"))


def _table(doc: DocumentObject, widths: list[float]) -> object:
    table = doc.add_table(rows=0, cols=len(widths))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    return table


def _row(table: object, cells: list[str], widths: list[float], bold: bool = False) -> object:
    row = table.add_row()  # type: ignore[attr-defined]
    for cell, text, width in zip(row.cells, cells, widths, strict=True):
        cell.width = Mm(width)
        paragraph = cell.paragraphs[0]
        run = paragraph.add_run(text)
        run.bold = bold
    return row


def _save(doc: DocumentObject, name: str) -> None:
    """Save with fixed zip timestamps, so the same script gives the same bytes."""
    buffer = io.BytesIO()
    doc.save(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        items = sorted(source.infolist(), key=lambda i: (i.filename != "[Content_Types].xml", i.filename))
        for item in items:
            info = zipfile.ZipInfo(item.filename, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(item.filename))
    (OUT / name).write_bytes(out.getvalue())
    print(f"geschrieben: {OUT / name}")


# --- the documents ------------------------------------------------------------------

def signature_block(doc: DocumentObject, persons: str, place: str, date: str, name: str,
                    function: str, office: str, deputy: str) -> None:
    """One signature block per person in ``persons``, one below the other."""

    def block() -> None:
        _p(doc, f"{place}, {date}").paragraph_format.space_before = Pt(14)
        _p(doc, "Ort, Datum", "Feldbezeichnung")
        _p(doc, "").paragraph_format.space_before = Mm(10)
        _p(doc, "_______________________________").paragraph_format.space_after = Pt(0)
        for line in (f"{{{{ {deputy} ~ ' ' if {deputy} }}}}{{{{ {name} }}}}",
                     f"{{{{ {function} }}}}", f"{{{{ {office} }}}}"):
            _p(doc, line).paragraph_format.space_after = Pt(0)

    _loop(doc, f"for p in {persons}", block)


def kurzkonzept() -> None:
    doc = _new("{{ texte.titel }} – {{ kommune.name }}", "{{ kommune.name }}")
    _letterhead(doc)
    _footer(doc, "{{ texte.titel }} – {{ kommune.name }}",
            "Modellprojekt KommGes · Kurzkonzept · {{ kommune.name }}")
    _p(doc, "{{ texte.projekt }}", "Hinweis")
    _p(doc, "{{ texte.titel }}¹", "Title")
    widths = [60, 105]
    table = _table(doc, widths)
    k, p = "kommune", "kurzkonzept.ansprechperson"
    _row(table, ["{{ texte.felder.kommune }}",
                 f"{{{{ {k}.name }}}} ({{{{ {k}.art }}}}), {{{{ {k}.anschrift.strasse }}}}, "
                 f"{{{{ {k}.anschrift.plz }}}} {{{{ {k}.anschrift.ort }}}}"], widths)
    _row(table, ["{{ texte.felder.ansprechperson }}",
                 f"{{{{ {p}.name }}}}, {{{{ {p}.funktion }}}}, {{{{ {p}.institution }}}}"], widths)
    _row(table, ["{{ texte.felder.kontakt }}",
                 f"Tel.: {{{{ {p}.telefon }}}}, E-Mail: {{{{ {p}.email }}}}"], widths)
    _p(doc, "¹ {{ texte.fussnote }}", "Hinweis")

    _p(doc, "{{ texte.ausgangslage.titel }}", "Heading 1")
    _p(doc, "{{ texte.ausgangslage.hinweis }} {{ texte.ausgangslage.voraussetzung }}", "Hinweis")
    _prose(doc, "kurzkonzept.ausgangslage.beschreibung")
    _p(doc, "{{ texte.ausgangslage.indikatoren }}", "Heading 3")
    widths = [45, 28, 28, 22, 42]
    table = _table(doc, widths)
    _row(table, [f"{{{{ texte.ausgangslage.spalten[{i}] }}}}" for i in range(5)], widths, bold=True)
    for key in ("hilfen_zur_erziehung", "u15_sozialgeld"):
        i = f"kurzkonzept.ausgangslage.indikatoren.{key}"
        _row(table, [f"{{{{ texte.ausgangslage.{key} }}}}", f"{{{{ {i}.wert | zahl(1) }}}}",
                     f"{{{{ {i}.landesdurchschnitt | zahl(1) }}}}",
                     f"{{{{ '+' if {i}.abweichung_prozent > 0 }}}}"
                     f"{{{{ {i}.abweichung_prozent | zahl(1) }}}} %",
                     f"{{{{ {i}.jahr | string }}}}, {{{{ {i}.quelle }}}}"], widths)
    _p(doc, "{{ texte.befund }}")

    _p(doc, "{{ texte.aktivitaeten.titel }}", "Heading 1")
    _p(doc, "{{ texte.aktivitaeten.hinweis }} {{ texte.aktivitaeten.voraussetzung }}", "Hinweis")
    widths = [45, 55, 65]
    table = _table(doc, widths)
    _row(table, [f"{{{{ texte.aktivitaeten.spalten[{i}] }}}}" for i in range(3)], widths, bold=True)
    _row(table, ["{%tr for feld in texte.aktivitaeten.handlungsfelder %}", "", ""], widths)
    row = _row(table, ["{{ feld.buchstabe }}) {{ feld.titel }}", "", ""], widths)
    for cell, expr in ((row.cells[1], "feld.erforderlich"),  # type: ignore[attr-defined]
                       (row.cells[2], "kurzkonzept.handlungsfelder[feld.buchstabe].aktueller_stand")):
        cell.paragraphs[0].add_run(f"{{%p for punkt in {expr} %}}")
        cell.add_paragraph("{{ punkt }}", style="List Bullet")
        cell.add_paragraph("{%p endfor %}")
    _row(table, ["{%tr endfor %}", "", ""], widths)

    b = "kurzkonzept.begruendung"
    _p(doc, "{{ texte.begruendung.titel }}", "Heading 1")
    _p(doc, "{{ texte.begruendung.hinweis }}", "Hinweis")
    _p(doc, "{{ texte.begruendung.motivation }}", "Heading 3")
    _prose(doc, f"{b}.motivation")
    _p(doc, "{{ texte.begruendung.ziele }}", "Heading 3")
    _bullets(doc, f"{b}.ziele")
    _cond(doc, f"{b}.umsetzungsideen", lambda: (
        _p(doc, "{{ texte.begruendung.umsetzungsideen }}", "Heading 3"),
        _prose(doc, f"{b}.umsetzungsideen")))
    _p(doc, "{{ texte.begruendung.fragen_titel }}", "Heading 3")
    _p(doc, "{{ texte.begruendung.fragen[0] }}", bold=True)

    def stellen() -> None:
        widths = [50, 45, 25, 45]
        table = _table(doc, widths)
        _row(table, [f"{{{{ texte.begruendung.stellen_spalten[{i}] }}}}" for i in range(4)],
             widths, bold=True)
        _row(table, [f"{{%tr for s in {b}.bestehende_stellen %}}", "", "", ""], widths)
        _row(table, ["{{ s.bezeichnung }}", "{{ s.bereich }}",
                     "{{ s.umfang_vzae | vzae if s.umfang_vzae is not none else '–' }}",
                     "{{ s.laeuft_aus | ja_nein }}{{ ' – ' ~ s.hinweis if s.hinweis }}"], widths)
        _row(table, ["{%tr endfor %}", "", "", ""], widths)

    _cond(doc, f"{b}.bestehende_stellen", stellen)
    _prose(doc, f"{b}.bestehende_stellen_erlaeuterung")
    ks = "koordinierungsstelle"
    _p(doc, "{{ texte.begruendung.fragen[1] }}", bold=True)
    _p(doc, f"Ansiedlung: {{{{ {ks}.ansiedlung }}}}", bold=True)
    _cond(doc, f"{ks}.ansiedlung_erlaeuterung", lambda: _prose(doc, f"{ks}.ansiedlung_erlaeuterung"))
    _p(doc, "{{ texte.begruendung.fragen[2] }}", bold=True)
    _p(doc, f"{{{{ texte.begruendung.stelle_neu if {ks}.stelle == 'neu' else "
            f"texte.begruendung.stelle_kombiniert }}}}", bold=True)
    _prose(doc, f"{ks}.stelle_erlaeuterung")
    _p(doc, "{{ texte.begruendung.fragen[3] }}", bold=True)
    _p(doc, f"{{{{ 'Ja.' if {ks}.person_vorgesehen else 'Nein.' }}}}", bold=True)
    _cond(doc, f"{ks}.person_erlaeuterung", lambda: _prose(doc, f"{ks}.person_erlaeuterung"))
    _p(doc, "{{ texte.begruendung.fragen[4] }}", bold=True)
    _prose(doc, f"{b}.verstetigung")
    _p(doc, "{{ texte.begruendung.fragen[5] }}", bold=True)
    _prose(doc, f"{b}.zusammenarbeit")

    _p(doc, "{{ texte.beilagen.titel }}", "Heading 1")
    _bullets(doc, "texte.beilagen.liste")
    _cond(doc, "kurzkonzept.anlagen", lambda: (
        _p(doc, "{{ texte.beilagen.anlagen }}", "Heading 3"),
        _loop(doc, "for anlage in kurzkonzept.anlagen", lambda: _p(
            doc, "{{ loop.index | zahl }}. {{ anlage.titel }}"
                 "{{ ' (' ~ anlage.datei ~ ')' if anlage.datei }}")),
    ))
    _p(doc, "")
    _p(doc, "{{ kurzkonzept.ort }}, den {{ kurzkonzept.datum | datum }}")
    _p(doc, "")
    _p(doc, "_______________________________")
    _p(doc, f"{{{{ {p}.name }}}}, {{{{ {p}.funktion }}}}")
    _p(doc, f"{{{{ {p}.institution }}}}")
    _save(doc, "kurzkonzept.docx")


def absichtserklaerung() -> None:
    e, k, mp = "erklaerung", "kommune", "modellprojekt"
    title = ("{{ 'Absichts- und Kooperationserklärung' if teile | length > 1 else 'Erklärung ' ~ "
             "teile[0] ~ ' von 4: ' ~ texte.erklaerungen[teile[0] - 1].titel }} – {{ kommune.name }}")
    doc = _new(title, f"{{{{ {k}.name }}}}")
    _letterhead(doc)
    _footer(doc, title, f"{{{{ {k}.name }}}} · Schreiben vom {{{{ {e}.datum | datum('kurz') }}}} "
                        f"an die {{{{ {mp}.traeger.kurzname }}}}")
    # Address field and information block side by side, as in DIN 5008 Form B.
    spacer = _p(doc, "")
    spacer.paragraph_format.space_before = Mm(12)
    table = doc.add_table(rows=1, cols=2)
    table.autofit = False
    left, right = table.rows[0].cells
    left.width, right.width = Mm(95), Mm(70)
    sender = left.paragraphs[0]
    sender.style = doc.styles["Feldbezeichnung"]
    sender.add_run(f"{{{{ {k}.name }}}} · {{{{ {e}.absender.anschrift.strasse }}}} · "
                   f"{{{{ {e}.absender.anschrift.plz }}}} {{{{ {e}.absender.anschrift.ort }}}}")
    for line in (f"{{{{ {mp}.traeger.name }}}}", f"{{{{ {mp}.traeger.zusatz or '' }}}}",
                 f"{{{{ {mp}.traeger.anschrift.strasse }}}}",
                 f"{{{{ {mp}.traeger.anschrift.plz }}}} {{{{ {mp}.traeger.anschrift.ort }}}}"):
        paragraph = left.add_paragraph(line)
        paragraph.paragraph_format.space_after = Pt(0)
    info = [
        f"{{{{ 'Ihr Zeichen: ' ~ {e}.ihr_zeichen if {e}.ihr_zeichen }}}}",
        f"{{{{ 'Unser Zeichen: ' ~ {e}.absender.aktenzeichen if {e}.absender.aktenzeichen }}}}",
        f"Absender: {{{{ {e}.absender.organisationseinheit }}}}",
        f"Ansprechperson: {{{{ {e}.absender.sachbearbeitung }}}}",
        f"Telefon: {{{{ {e}.absender.telefon }}}}",
        f"E-Mail: {{{{ {e}.absender.email }}}}",
        f"Datum: {{{{ {e}.datum | datum('kurz') }}}}",
    ]
    right.paragraphs[0].add_run(info[0])
    right.paragraphs[0].style = doc.styles["Feldbezeichnung"]
    for line in info[1:]:
        paragraph = right.add_paragraph(line, style="Feldbezeichnung")
        paragraph.paragraph_format.space_after = Pt(0)
    spacer = _p(doc, "")
    spacer.paragraph_format.space_before = Mm(8)
    _p(doc, f"{{{{ {e}.betreff if teile | length > 1 else texte.betreff_einzeln ~ ': ' ~ "
            f"texte.erklaerungen[teile[0] - 1].titel }}}}", bold=True)
    _p(doc, f"{{{{ {e}.anrede }}}}")
    _cond(doc, "teile | length > 1", lambda: _p(doc, "{{ texte.einleitung }}"))

    def declaration() -> None:
        _cond(doc, "teile | length > 1", lambda: _p(
            doc, "{{ teil | zahl }}. {{ texte.erklaerungen[teil - 1].titel }}", "Heading 2"))
        _p(doc, "{{ texte.erklaerungen[teil - 1].text }}")

    _loop(doc, "for teil in teile", declaration)
    _p(doc, f"{{{{ {e}.gruss }}}}")
    signature_block(
        doc, f"{e}.unterzeichnende", f"{{{{ p.ort or {e}.ort }}}}",
        f"{{{{ (p.datum or {e}.datum) | datum('kurz') }}}}", "p.name", "p.funktion",
        f"p.amt_bezeichnung or ({k}.name if p.amt == 'Verwaltungsspitze' else "
        f"('' if p.amt == 'weitere' else p.amt ~ ' ' ~ {k}.genitiv))", "p.vertretung")
    _cond(doc, f"{e}.anlagen", lambda: (_p(doc, "Anlagen", bold=True),
                                        _bullets(doc, f"{e}.anlagen")))
    _save(doc, "absichtserklaerung.docx")


def _sections(doc: DocumentObject) -> None:
    def section() -> None:
        _p(doc, "{{ a.zeichen }} {{ a.titel }}", "Heading 2")

        def paragraph() -> None:
            _p(doc, "{{ '(' ~ loop.index ~ ') ' if a.absaetze | length > 1 }}{{ absatz.text }}")
            _bullets(doc, "absatz.punkte")

        _loop(doc, "for absatz in a.absaetze", paragraph)

    _loop(doc, "for a in abschnitte", section)


def kooperationsvereinbarung() -> None:
    v, k = "vereinbarung", "kommune"
    title = f"{{{{ {v}.titel }}}} – {{{{ {k}.name }}}}"
    doc = _new(title, f"{{{{ {k}.name }}}}")
    _letterhead(doc)
    _footer(doc, title, f"{{{{ {v}.titel }}}} · {{{{ {k}.name }}}}")
    paragraph = _p(doc, f"{{{{ {v}.titel }}}}", "Title")
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph = _p(doc, f"{{{{ {v}.untertitel }}}}")
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def party() -> None:
        _p(doc, "{{ 'und' if loop.last and not loop.first }}").alignment = WD_ALIGN_PARAGRAPH.CENTER
        _p(doc, "{{ p.name }}{{ ', ' ~ p.anschrift.strasse ~ ', ' ~ p.anschrift.plz ~ ' ' ~ "
                "p.anschrift.ort if p.anschrift }},", bold=True)
        _p(doc, "vertreten durch {{ p.vertreten_durch }}, {{ p.funktion }} – im Folgenden "
                "„{{ p.kurzbezeichnung }}“ –")

    _loop(doc, f"for p in {v}.parteien", party)
    _sections(doc)
    _p(doc, "Unterschriften", "Heading 2")
    signature_block(doc, f"{v}.parteien", f"{{{{ {v}.ort }}}}", f"{{{{ {v}.datum | datum('kurz') }}}}",
                    "p.vertreten_durch", "p.funktion", "p.name", "p.vertretung")
    _save(doc, "kooperationsvereinbarung.docx")


def geschaeftsordnung() -> None:
    g, k = "ordnung", "kommune"
    title = f"Geschäftsordnung {{{{ {g}.name }}}}"
    doc = _new(title, f"{{{{ {k}.name }}}}")
    _letterhead(doc)
    _footer(doc, title, f"Geschäftsordnung · {{{{ {g}.name }}}}")
    _p(doc, "Geschäftsordnung", "Title").alignment = WD_ALIGN_PARAGRAPH.CENTER
    _p(doc, f"{{{{ {g}.name }}}}{{{{ ' (' ~ {g}.abkuerzung ~ ')' if {g}.abkuerzung }}}}"
       ).alignment = WD_ALIGN_PARAGRAPH.CENTER
    _p(doc, f"Beschluss: {{{{ {g}.beschluss.gremium }}}}, {{{{ {g}.beschluss.datum | datum }}}}",
       "Hinweis").alignment = WD_ALIGN_PARAGRAPH.CENTER
    _sections(doc)
    _save(doc, "geschaeftsordnung.docx")


def fachliche_standards() -> None:
    g, k = "ordnung", "kommune"
    bf, s = f"{g}.beschlussfassung", f"{g}.sitzungen"
    title = f"Leitgedanken und fachliche Standards: {{{{ {g}.name }}}}"
    doc = _new(title, f"{{{{ {k}.name }}}}")
    _letterhead(doc)
    _footer(doc, title, f"Anlage: fachliche Standards · {{{{ {g}.name }}}}")
    _p(doc, f"{{{{ {g}.name }}}}{{{{ ' (' ~ {g}.abkuerzung ~ ')' if {g}.abkuerzung }}}}", "Title")
    _p(doc, "Anlage zur Geschäftsordnung: Leitgedanken und fachliche Standards")
    _p(doc, "Leitgedanken", "Heading 1")
    _loop(doc, f"for gedanke in {g}.leitgedanken", lambda: _p(doc, "{{ gedanke }}"))
    widths = [62, 103]
    table = _table(doc, widths)
    _row(table, [f"{{{{ {g}.gremium | satzanfang }}}}", "Fachliche Standards"], widths, bold=True)

    def cell_lines(row: object, column: int, lines: list[str], style: str | None = None) -> None:
        cell = row.cells[column]  # type: ignore[attr-defined]
        cell.paragraphs[0].add_run(lines[0])
        for line in lines[1:]:
            cell.add_paragraph(line, style=style)

    def member_list(expr: str) -> list[str]:
        return [f"{{%p for m in {expr} %}}", "{{ m.beschreibung }}", "{%p endfor %}",
                f"{{%p if not {expr} %}}", "keine", "{%p endif %}"]

    def optional(condition: str, text: str) -> list[str]:
        return [f"{{%p if {condition} %}}", text, "{%p endif %}"]

    row = _row(table, ["", ""], widths)
    cell_lines(row, 0, [f"1. Wie soll {{{{ {g}.kurz_mit_artikel }}}} zusammengesetzt sein?",
                        "a) ständige Mitglieder", "b) zeitweilige Mitglieder", "c) Gaststatus"])
    cell_lines(row, 1, ["a) ständige Mitglieder", *member_list(f"{g}.mitglieder.staendig"),
                        "b) zeitweilige Mitglieder", *member_list(f"{g}.mitglieder.zeitweilig"),
                        "c) Gaststatus", *member_list(f"{g}.mitglieder.gaeste"),
                        *optional(f"{g}.mitglieder.besetzung", f"{{{{ {g}.mitglieder.besetzung }}}}")])
    row = _row(table, ["", ""], widths)
    cell_lines(row, 0, [f"2. Welche Angelegenheiten soll {{{{ {g}.kurz_mit_artikel }}}} beraten?"])
    cell_lines(row, 1, [f"{{%p for a in {g}.aufgaben %}}", "{{ a }}", "{%p endfor %}",
                        *optional(f"{g}.nicht_zustaendig", "Nicht Gegenstand der Beratung"),
                        f"{{%p for a in {g}.nicht_zustaendig %}}", "{{ a }}", "{%p endfor %}"])
    row = _row(table, ["", ""], widths)
    cell_lines(row, 0, ["3. Wie werden Angelegenheiten beraten?", "a) Moderation",
                        "b) Protokollführung", "c) Wiedervorlagenkontrolle"])
    cell_lines(row, 1, [f"a) {{{{ {g}.arbeitsweise.moderation | satzanfang }}}}",
                        f"b) {{{{ {g}.arbeitsweise.protokollfuehrung | satzanfang }}}}: "
                        f"{{{{ {g}.arbeitsweise.protokoll }}}}",
                        f"c) {{{{ {g}.arbeitsweise.wiedervorlage }}}}",
                        *optional(f"{g}.arbeitsweise.methoden", "Methoden"),
                        f"{{%p for m in {g}.arbeitsweise.methoden %}}", "{{ m }}", "{%p endfor %}"])
    row = _row(table, ["", ""], widths)
    cell_lines(row, 0, ["4. Wie soll die Entscheidungsfindung erfolgen?", "a) Einstimmigkeit",
                        "b) Mehrheit", "c) Klärung bei offenem Beratungsergebnis"])
    cell_lines(row, 1, [
        f"{{%p if {bf}.nur_beratend %}}",
        "Das Gremium berät und empfiehlt; es stimmt nicht ab.",
        "{%p else %}",
        f"a) {{{{ ('Ja, ' ~ {bf}.einstimmig) if {bf}.einstimmig else 'nicht vorgesehen' }}}}",
        f"b) {{{{ ('Zulässig ' ~ {bf}.mehrheit) if {bf}.mehrheit else 'nicht vorgesehen' }}}}",
        "{%p endif %}",
        f"c) {{{{ {bf}.bei_dissens }}}}",
        *optional(f"{bf}.beschlussfaehig_ab", f"Beschlussfähig ab {{{{ {bf}.beschlussfaehig_ab | zahl }}}} "
                  "anwesenden stimmberechtigten Mitgliedern."),
        *optional(f"{bf}.umlaufverfahren",
                  "Klärungen und Abstimmungen per E-Mail (Umlaufverfahren) sind zulässig.")])
    row = _row(table, ["", ""], widths)
    cell_lines(row, 0, ["5. Wie soll die Beratung organisiert sein?", "a) Sitzungsturnus",
                        "b) Einladungswesen", "c) Anmeldung von TOPs", "d) Zeitmanagement"])
    cell_lines(row, 1, [
        f"a) {{{{ {s}.turnus | satzanfang }}}}",
        f"b) Einladung durch {{{{ {s}.einladung_durch }}}}{{{{ ', mindestens ' ~ "
        f"{s}.einladungsfrist_tage ~ ' Tage vorher' if {s}.einladungsfrist_tage }}}}",
        f"c) {{{{ ('Bis ' ~ {s}.anmeldung_tops_tage ~ (' Tag' if {s}.anmeldung_tops_tage == 1 "
        f"else ' Tage') ~ ' vor der Sitzung') if {s}.anmeldung_tops_tage is not none else "
        f"'keine Frist' }}}}",
        f"d) {{{{ ('ca. ' ~ ({s}.dauer_stunden | zahl) ~ ' Stunden Sitzungszeit') if "
        f"{s}.dauer_stunden else 'nach Bedarf' }}}}"])
    _row(table, [f"{{%tr if {g}.schnittstellen %}}", ""], widths)
    row = _row(table, ["", ""], widths)
    cell_lines(row, 0, [f"6. Welche Schnittstellen sind für {{{{ {g}.kurz_mit_artikel }}}} und "
                        "seine Arbeit relevant?"])
    cell_lines(row, 1, [f"{{%p for sch in {g}.schnittstellen %}}", "{{ sch.beschreibung }}",
                        "{%p endfor %}"])
    _row(table, ["{%tr endif %}", ""], widths)
    _row(table, [f"{{%tr if {g}.budget %}}", ""], widths)
    _row(table, ["Budget", f"{{{{ {g}.budget }}}}"], widths)
    _row(table, ["{%tr endif %}", ""], widths)
    row = _row(table, ["Sozialdatenschutz und Schweigepflicht", ""], widths)
    cell_lines(row, 1, ["Schweigepflicht für alle Mitglieder und Gäste; Einzelfälle nur "
                        "anonymisiert oder mit schriftlicher Entbindung von der Schweigepflicht.",
                        f"{{%p for d in {g}.datenschutz %}}", "{{ d }}", "{%p endfor %}"])
    _p(doc, f"Beschluss: {{{{ {g}.beschluss.gremium }}}}, {{{{ {g}.beschluss.datum | datum }}}}; "
            f"in Kraft ab {{{{ {g}.beschluss.inkrafttreten | datum }}}}.", "Hinweis")
    _save(doc, "fachliche-standards.docx")


def werkstattgespraech() -> None:
    w, k = "werkstatt", "kommune"
    title = f"Dokumentation: {{{{ {w}.titel }}}} – {{{{ {k}.name }}}}"
    doc = _new(title, f"{{{{ {k}.name }}}}")
    _letterhead(doc)
    _footer(doc, title, f"Dokumentation · {{{{ {w}.titel }}}} · {{{{ {w}.datum | datum('kurz') }}}}")
    zeit = ("{{ punkt.beginn | uhrzeit }}{{ ' – ' ~ (punkt.ende | uhrzeit) if punkt.ende }} Uhr")
    _p(doc, f"{{{{ {w}.anlass }}}}", "Hinweis")
    _p(doc, f"Dokumentation: {{{{ {w}.titel }}}}", "Title")
    widths = [50.0, 110.0]
    table = _table(doc, widths)
    for label, value in [
        ("Datum und Zeit", f"{{{{ {w}.datum | datum }}}}, {{{{ {w}.beginn | uhrzeit }}}} – "
                           f"{{{{ {w}.ende | uhrzeit }}}} Uhr"),
        ("Ort", f"{{{{ {w}.ort }}}}"), ("Veranstaltet von", f"{{{{ {w}.veranstaltet_von }}}}"),
        ("Moderation", f"{{{{ {w}.moderation }}}}"), ("Dokumentation", f"{{{{ {w}.protokoll }}}}"),
    ]:
        _row(table, [label, value], widths)
    _p(doc, "Ziele des Gesprächs", "Heading 1")
    _bullets(doc, f"{w}.ziele")
    _p(doc, "Teilnehmende", "Heading 1")
    widths = [55.0, 105.0]
    table = _table(doc, widths)
    _row(table, ["Name", "Institution und Funktion"], widths, bold=True)
    _row(table, [f"{{%tr for t in {w}.anwesend %}}", ""], widths)
    _row(table, ["{{ t.name }}", "{{ t.institution }}{{ ', ' ~ t.funktion if t.funktion }}"], widths)
    _row(table, ["{%tr endfor %}", ""], widths)
    _cond(doc, f"{w}.entschuldigt", lambda: _p(
        doc, "Entschuldigt: {% for t in " + w + ".entschuldigt %}{{ t.name }} ({{ t.institution }})"
             "{{ '; ' if not loop.last }}{% endfor %}", "Hinweis"))
    _p(doc, "Tagesordnung", "Heading 1")
    widths = [45.0, 115.0]
    table = _table(doc, widths)
    _row(table, ["Zeit", "Thema"], widths, bold=True)
    _row(table, [f"{{%tr for punkt in {w}.tagesordnung %}}", ""], widths)
    _row(table, [zeit, "{{ punkt.thema }}{{ ' – ' ~ (punkt.referierende | aufzaehlung) "
                       "if punkt.referierende }}"], widths)
    _row(table, ["{%tr endfor %}", ""], widths)
    _p(doc, "Verlauf und Ergebnisse", "Heading 1")

    def item() -> None:
        _p(doc, "{{ loop.index | zahl }}. {{ punkt.thema }}", "Heading 2")
        _p(doc, zeit + "{{ ' · ' ~ (punkt.referierende | aufzaehlung) if punkt.referierende }}",
           "Hinweis")
        _cond(doc, "punkt.input", lambda: (_p(doc, "Input", bold=True),
                                           _prose(doc, "punkt.input")))
        _cond(doc, "punkt.diskussion", lambda: (_p(doc, "Diskussion", bold=True),
                                                _bullets(doc, "punkt.diskussion")))
        _cond(doc, "punkt.ergebnisse", lambda: (_p(doc, "Ergebnisse", bold=True),
                                                _bullets(doc, "punkt.ergebnisse")))

    _loop(doc, f"for punkt in {w}.tagesordnung", item)

    def numbered(heading: str, expr: str) -> None:
        _cond(doc, expr, lambda: (_p(doc, heading, "Heading 1"), _loop(
            doc, f"for eintrag in {expr}", lambda: _p(doc, "{{ loop.index | zahl }}. {{ eintrag }}"))))

    numbered("Beschlüsse", f"{w}.beschluesse")

    def steps() -> None:
        _p(doc, "Nächste Schritte (Wiedervorlage)", "Heading 1")
        widths = [85.0, 50.0, 25.0]
        table = _table(doc, widths)
        _row(table, ["Was", "Wer", "Bis"], widths, bold=True)
        _row(table, [f"{{%tr for s in {w}.naechste_schritte %}}", "", ""], widths)
        _row(table, ["{{ s.was }}", "{{ s.wer }}", "{{ s.bis | datum('kurz') }}"], widths)
        _row(table, ["{%tr endfor %}", "", ""], widths)

    _cond(doc, f"{w}.naechste_schritte", steps)
    _cond(doc, f"{w}.offene_fragen", lambda: (_p(doc, "Offene Fragen", "Heading 1"),
                                              _bullets(doc, f"{w}.offene_fragen")))
    numbered("Anlagen", f"{w}.anlagen")
    _save(doc, "werkstattgespraech.docx")


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    kurzkonzept()
    absichtserklaerung()
    kooperationsvereinbarung()
    geschaeftsordnung()
    fachliche_standards()
    werkstattgespraech()
