"""Word template of the Absichts- und Kooperationserklärung, a DIN 5008 letter.

Page 1's zones sit in the first page's header, placed on the page with the measures of
docgen/din5008.py, like the HTML route: return line and recipient in the address field,
the information block at 125 mm, fold and hole marks at the left edge. The template holds
both forms; ``din.name`` (the data's ``form``) picks one. The subject line starts where
DIN 5008 wants the text to begin, by its paragraph style ("Betreff Form A/B").
"""

from __future__ import annotations

from docx.document import Document as DocumentObject
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

from docgen.din5008 import FORMS, RUECKSENDE_PT, DinForm
from docx_templates import _common as c

E, K, MP = "erklaerung", "kommune", "modellprojekt"
EMU_PER_MM = 36000

# Line heights (pt) as in the HTML route (7 pt × 1.2, 10 pt × 1.2, 8.5 pt × 1.3 + 0.3 mm),
# and how far (mm) LibreOffice sets a frame's first letters higher than WeasyPrint sets
# the same line box: measured once from both routes' PDFs (tests/test_word_layout.py).
RETURN_LINE_HEIGHT = 7 * 1.2
RECIPIENT_LINE_HEIGHT = 10 * 1.2
INFO_LINE_HEIGHT = 8.5 * 1.3 + 0.3 * 72 / 25.4
RETURN_SHIFT, RECIPIENT_SHIFT, INFO_SHIFT, SUBJECT_SHIFT = 0.56, 0.68, 0.26, 1.17
LETTERHEAD_SHIFT = 1.46


def _frame(paragraph: Paragraph, x: float, y: float, width: float, height: float | None) -> None:
    """Place the paragraph in a frame on the page (mm from the top-left corner)."""
    ppr = paragraph._p.get_or_add_pPr()
    rule = f' w:h="{c.twips(height)}" w:hRule="exact"' if height else ""
    frame = parse_xml(
        f'<w:framePr {nsdecls("w")} w:w="{c.twips(width)}"{rule} w:wrap="notBeside" '
        f'w:vAnchor="page" w:hAnchor="page" w:x="{c.twips(x)}" w:y="{c.twips(y)}"/>')
    style = ppr.find(qn("w:pStyle"))
    if style is not None:
        style.addnext(frame)
    else:
        ppr.insert(0, frame)


def _mark(number: int, name: str, top: float, length: float) -> str:
    """A fold or hole mark: a thin line at 4 mm from the left edge, ``top`` mm down."""
    emu = round(length * EMU_PER_MM)
    label = f"{name} ({top:g} mm)".replace(".", ",")
    return (
        f'<w:r {nsdecls("w", "wp", "a")} '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        '<w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" '
        'relativeHeight="2" behindDoc="1" locked="1" layoutInCell="1" allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/>'
        f'<wp:positionH relativeFrom="page"><wp:posOffset>{4 * EMU_PER_MM}</wp:posOffset></wp:positionH>'
        f'<wp:positionV relativeFrom="page"><wp:posOffset>{round(top * EMU_PER_MM)}</wp:posOffset>'
        f'</wp:positionV><wp:extent cx="{emu}" cy="0"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:wrapNone/><wp:docPr id="{number}" name="{name}" descr="{label}"/>'
        '<wp:cNvGraphicFramePr/><a:graphic><a:graphicData '
        'uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        '<wps:wsp><wps:cNvCnPr/><wps:spPr><a:xfrm><a:off x="0" y="0"/>'
        f'<a:ext cx="{emu}" cy="0"/></a:xfrm><a:prstGeom prst="line"><a:avLst/></a:prstGeom>'
        '<a:ln w="5080"><a:solidFill><a:srgbClr val="000000"/></a:solidFill></a:ln></wps:spPr>'
        '<wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>')


def _zones(doc: DocumentObject, din: DinForm) -> None:
    """Address field, information block and marks of one form, in page 1's header."""
    header = doc.sections[0].first_page_header
    add = header.add_paragraph
    add(f"{{%p if din.name == '{din.name}' %}}")
    left = din.anschriftfeld_links + 5
    width = din.anschriftfeld_breite - 5
    # return line: one line at the bottom of the 17.7 mm zone, 1 mm above its end
    # the return line in the largest size at which it fits on one line (7, 6.5 or 6 pt),
    # as the HTML route measures it with the font
    add(f"{{%p set rueck = {E}.ruecksendeangabe({K}.name) %}}")
    return_top = din.empfaengerzone_oben - 1 - RETURN_LINE_HEIGHT * 25.4 / 72 - 0.6
    for index, size in enumerate(RUECKSENDE_PT):
        if index == len(RUECKSENDE_PT) - 1:
            add("{%p else %}")
        else:
            add(f"{{%p {'elif' if index else 'if'} din.ruecksendeangabe_pt(rueck) == {size} %}}")
        line = add("{{ rueck }}", style=f"Rücksendeangabe {size:g}".replace(".", ","))
        _frame(line, left, return_top + RETURN_SHIFT, width, None)
    add("{%p endif %}")
    recipient = [f"{{{{ {MP}.traeger.name }}}}", f"{{%p if {MP}.traeger.zusatz %}}",
                 f"{{{{ {MP}.traeger.zusatz }}}}", "{%p endif %}",
                 f"{{{{ {MP}.traeger.anschrift.strasse }}}}",
                 f"{{{{ {MP}.traeger.anschrift.plz }}}} {{{{ {MP}.traeger.anschrift.ort }}}}"]
    for text in recipient:
        paragraph = add(text, style=None if text.startswith("{%p") else "Anschrift")
        if not text.startswith("{%p"):
            _frame(paragraph, left, din.empfaengerzone_oben + RECIPIENT_SHIFT, width,
                   din.empfaengerzone_hoehe)
    info = [("Ihr Zeichen", f"{E}.ihr_zeichen"), ("Unser Zeichen", f"{E}.absender.aktenzeichen"),
            ("Absender", f"{E}.absender.organisationseinheit"),
            ("Ansprechperson", f"{E}.absender.sachbearbeitung"), ("Telefon", f"{E}.absender.telefon"),
            ("E-Mail", f"{E}.absender.email | adresse"), ("Datum", f"{E}.datum | datum('kurz')")]
    for label, expr in info:
        optional = label.endswith("Zeichen")
        if optional:
            add(f"{{%p if {expr} %}}")
        paragraph = add(style="Informationsblock")
        paragraph.add_run(label, style="Informationsblock Bezeichnung")
        paragraph.add_run(f"\t{{{{ {expr} }}}}")
        _frame(paragraph, din.infoblock_links, din.infoblock_oben + INFO_SHIFT, din.infoblock_breite,
               None)
        if optional:
            add("{%p endif %}")
    marks = add(style="Header")
    for number, (name, top, length) in enumerate(
            [("Falzmarke", din.falzmarken[0], 5), ("Lochmarke", din.lochmarke, 7),
             ("Falzmarke", din.falzmarken[1], 5)], start=9001):
        marks._p.append(parse_xml(_mark(number + (0 if din.name == "A" else 10), name, top, length)))
    add("{%p endif %}")


def _styles(doc: DocumentObject) -> None:
    c.style(doc, "Rücksendeangabe", size=7, after=0, line=1.0)
    rule = doc.styles["Rücksendeangabe"]
    c.border(rule, "bottom", 0.4, "000000", 1)
    rule.paragraph_format.line_spacing = Pt(RETURN_LINE_HEIGHT)
    for size in RUECKSENDE_PT:
        c.style(doc, f"Rücksendeangabe {size:g}".replace(".", ","), "Rücksendeangabe", size=size)
    c.style(doc, "Anschrift", size=10, after=0)
    doc.styles["Anschrift"].paragraph_format.line_spacing = Pt(RECIPIENT_LINE_HEIGHT)
    info = c.style(doc, "Informationsblock", size=8.5, after=0)
    info.paragraph_format.line_spacing = Pt(INFO_LINE_HEIGHT)
    info.paragraph_format.tab_stops.add_tab_stop(Mm(25), WD_TAB_ALIGNMENT.LEFT)
    info.paragraph_format.left_indent, info.paragraph_format.first_line_indent = Mm(25), Mm(-25)
    c.style(doc, "Informationsblock Bezeichnung", None, colour=c.GRAU, kind=WD_STYLE_TYPE.CHARACTER)
    for din in FORMS.values():
        # the subject starts two blank lines below the address field (DIN 5008)
        c.style(doc, f"Betreff Form {din.name}", bold=True,
                before=din.textbeginn - din.rand_oben + SUBJECT_SHIFT, after=8, keep_next=True)
    c.style(doc, "Anrede", after=4)
    c.style(doc, "Erklärung", "Heading 3", before=5, after=1.5)
    c.style(doc, "Gruß", before=6, keep_next=True)
    c.style(doc, "Anlagen", size=9.5, bold=True, before=6, after=1, keep_next=True)
    c.style(doc, "Anlage", "List Bullet", size=9.5, keep_next=True)


def build() -> DocumentObject:
    title = ("{{ 'Absichts- und Kooperationserklärung' if teile | length > 1 else 'Erklärung ' ~ "
             "teile[0] ~ ' von 4: ' ~ texte.erklaerungen[teile[0] - 1].titel }} – "
             "{{ kommune.name }}")
    subject = (f"{{{{ {E}.betreff if teile | length > 1 else texte.betreff_einzeln ~ ': ' ~ "
               "texte.erklaerungen[teile[0] - 1].titel }}")
    b = FORMS["B"]
    doc = c.new_document(title, f"{{{{ {K}.name }}}}", subject,
                         margins=(b.rand_oben, b.text_rechts, b.rand_unten, b.text_links),
                         header_distance=6)
    _styles(doc)
    c.letterhead(doc, floating_at=8 + LETTERHEAD_SHIFT)
    c.footer(doc, title, f"{{{{ {K}.name }}}} · Schreiben vom {{{{ {E}.datum | datum('kurz') }}}} "
                         f"an {{{{ {MP}.traeger.kurz | akk }}}}")
    for din in FORMS.values():
        _zones(doc, din)
    c.cond(doc, "din.name == 'A'", lambda: c.p(doc, subject, "Betreff Form A"),
           lambda: c.p(doc, subject, "Betreff Form B"))
    c.p(doc, f"{{{{ {E}.anrede }}}}", "Anrede")
    c.cond(doc, f"{E}.freier_absatz", lambda: c.prose(doc, f"{E}.freier_absatz"))
    c.cond(doc, "teile | length > 1", lambda: c.p(doc, "{{ texte.einleitung | typo }}"))

    def declaration() -> None:
        c.cond(doc, "teile | length > 1", lambda: c.p(
            doc, "{{ teil | zahl }}. {{ texte.erklaerungen[teil - 1].titel }}", "Erklärung"))
        c.p(doc, "{{ texte.erklaerungen[teil - 1].text | typo }}")

    c.loop(doc, "for teil in teile", declaration)
    c.p(doc, f"{{{{ {E}.gruss }}}}", "Gruß")
    c.signature_blocks(
        doc, f"{E}.unterzeichnende_fuer(teile)", f"{{{{ p.ort or {E}.ort }}}}",
        f"{{{{ (p.datum or {E}.datum) | datum('kurz') }}}}", "p.name", "p.funktion",
        f"p.stelle({K})", "p.vertretung",
        side_by_side=f"{E}.unterschriften == 'nebeneinander'")
    c.cond(doc, f"{E}.anlagen", lambda: (
        c.p(doc, "Anlagen", "Anlagen"),
        c.loop(doc, f"for anlage in {E}.anlagen", lambda: c.p(doc, "{{ anlage }}", "Anlage"))))
    return doc
