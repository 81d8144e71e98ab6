"""Word template of the Absichts- und Kooperationserklärung, a DIN 5008 letter."""

from __future__ import annotations

from docx.document import Document as DocumentObject
from docx.shared import Mm, Pt

from docx_templates import _common as c


def build() -> DocumentObject:
    e, k, mp = "erklaerung", "antrag.kommune", "antrag.modellprojekt"
    title = ("{{ 'Absichts- und Kooperationserklärung' if teile | length > 1 else 'Erklärung ' ~ "
             "teile[0] ~ ' von 4: ' ~ texte.erklaerungen[teile[0] - 1].titel }} – {{ antrag.kommune.name }}")
    doc = c.new_document(title, f"{{{{ {k}.name }}}}")
    c.letterhead(doc)
    c.footer(doc, title, f"{{{{ {k}.name }}}} · Schreiben vom {{{{ {e}.datum | datum('kurz') }}}} "
                        f"an die {{{{ {mp}.traeger.kurzname }}}}")
    # Address field and information block side by side, as in DIN 5008 Form B.
    spacer = c.p(doc, "")
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
    spacer = c.p(doc, "")
    spacer.paragraph_format.space_before = Mm(8)
    c.p(doc, f"{{{{ {e}.betreff if teile | length > 1 else texte.betreff_einzeln ~ ': ' ~ "
            f"texte.erklaerungen[teile[0] - 1].titel }}}}", bold=True)
    c.p(doc, f"{{{{ {e}.anrede }}}}")
    c.cond(doc, "teile | length > 1", lambda: c.p(doc, "{{ texte.einleitung }}"))

    def declaration() -> None:
        c.cond(doc, "teile | length > 1", lambda: c.p(
            doc, "{{ teil }}. {{ texte.erklaerungen[teil - 1].titel }}", "Heading 2"))
        c.p(doc, "{{ texte.erklaerungen[teil - 1].text }}")

    c.loop(doc, "for teil in teile", declaration)
    c.p(doc, f"{{{{ {e}.gruss }}}}")
    c.signature_block(
        doc, f"{e}.unterzeichnende", f"{{{{ p.ort or {e}.ort }}}}",
        f"{{{{ (p.datum or {e}.datum) | datum('kurz') }}}}", "p.name", "p.funktion",
        f"p.amt_bezeichnung or ({k}.name if p.amt == 'Verwaltungsspitze' else "
        f"('' if p.amt == 'weitere' else p.amt ~ ' ' ~ {k}.genitiv))", "p.vertretung")
    c.cond(doc, f"{e}.anlagen", lambda: (c.p(doc, "Anlagen", bold=True),
                                        c.bullets(doc, f"{e}.anlagen")))
    return doc
