"""Word template of the Kurzkonzept (the call's application form)."""

from __future__ import annotations

from docx.document import Document as DocumentObject

from docx_templates import _common as c


def build() -> DocumentObject:
    doc = c.new_document("{{ texte.titel }} – {{ antrag.kommune.name }}", "{{ antrag.kommune.name }}")
    c.letterhead(doc)
    c.footer(doc, "{{ texte.titel }} – {{ antrag.kommune.name }}",
            "Modellprojekt KommGes · Kurzkonzept · {{ antrag.kommune.name }}")
    c.p(doc, "{{ texte.projekt }}", "Hinweis")
    c.p(doc, "{{ texte.titel }}¹", "Title")
    widths = [60, 105]
    table = c.table(doc, widths)
    k, p = "antrag.kommune", "antrag.ansprechperson"
    c.row(table, ["{{ texte.felder.kommune }}",
                 f"{{{{ {k}.name }}}} ({{{{ {k}.art }}}}), {{{{ {k}.anschrift.strasse }}}}, "
                 f"{{{{ {k}.anschrift.plz }}}} {{{{ {k}.anschrift.ort }}}}"], widths)
    c.row(table, ["{{ texte.felder.ansprechperson }}",
                 f"{{{{ {p}.name }}}}, {{{{ {p}.funktion }}}}, {{{{ {p}.institution }}}}"], widths)
    c.row(table, ["{{ texte.felder.kontakt }}",
                 f"Tel.: {{{{ {p}.telefon }}}}, E-Mail: {{{{ {p}.email }}}}"], widths)
    c.p(doc, "¹ {{ texte.fussnote }}", "Hinweis")

    c.p(doc, "{{ texte.ausgangslage.titel }}", "Heading 1")
    c.p(doc, "{{ texte.ausgangslage.hinweis }} {{ texte.ausgangslage.voraussetzung }}", "Hinweis")
    c.prose(doc, "antrag.ausgangslage.beschreibung")
    c.p(doc, "{{ texte.ausgangslage.indikatoren }}", "Heading 3")
    widths = [45, 28, 28, 22, 42]
    table = c.table(doc, widths)
    c.row(table, [f"{{{{ texte.ausgangslage.spalten[{i}] }}}}" for i in range(5)], widths, bold=True)
    for key in ("hilfen_zur_erziehung", "u15_sozialgeld"):
        i = f"antrag.ausgangslage.indikatoren.{key}"
        c.row(table, [f"{{{{ texte.ausgangslage.{key} }}}}", f"{{{{ {i}.wert | zahl(1) }}}}",
                     f"{{{{ {i}.landesdurchschnitt | zahl(1) }}}}",
                     f"{{{{ '+' if {i}.abweichung_prozent > 0 }}}}"
                     f"{{{{ {i}.abweichung_prozent | zahl(1) }}}} %",
                     f"{{{{ {i}.jahr }}}}, {{{{ {i}.quelle }}}}"], widths)
    c.p(doc, "{{ texte.befund }}")

    c.p(doc, "{{ texte.aktivitaeten.titel }}", "Heading 1")
    c.p(doc, "{{ texte.aktivitaeten.hinweis }} {{ texte.aktivitaeten.voraussetzung }}", "Hinweis")
    widths = [45, 55, 65]
    table = c.table(doc, widths)
    c.row(table, [f"{{{{ texte.aktivitaeten.spalten[{i}] }}}}" for i in range(3)], widths, bold=True)
    c.row(table, ["{%tr for feld in texte.aktivitaeten.handlungsfelder %}", "", ""], widths)
    row = c.row(table, ["{{ feld.buchstabe }}) {{ feld.titel }}", "", ""], widths)
    for cell, expr in ((row.cells[1], "feld.erforderlich"),  # type: ignore[attr-defined]
                       (row.cells[2], "antrag.handlungsfelder[feld.buchstabe].aktueller_stand")):
        cell.paragraphs[0].add_run(f"{{%p for punkt in {expr} %}}")
        cell.add_paragraph("{{ punkt }}", style="List Bullet")
        cell.add_paragraph("{%p endfor %}")
    c.row(table, ["{%tr endfor %}", "", ""], widths)

    b = "antrag.begruendung"
    c.p(doc, "{{ texte.begruendung.titel }}", "Heading 1")
    c.p(doc, "{{ texte.begruendung.hinweis }}", "Hinweis")
    c.p(doc, "{{ texte.begruendung.motivation }}", "Heading 3")
    c.prose(doc, f"{b}.motivation")
    c.p(doc, "{{ texte.begruendung.ziele }}", "Heading 3")
    c.bullets(doc, f"{b}.ziele")
    c.cond(doc, f"{b}.umsetzungsideen", lambda: (
        c.p(doc, "{{ texte.begruendung.umsetzungsideen }}", "Heading 3"),
        c.prose(doc, f"{b}.umsetzungsideen")))
    c.p(doc, "{{ texte.begruendung.fragen_titel }}", "Heading 3")
    c.p(doc, "{{ texte.begruendung.fragen[0] }}", bold=True)

    def stellen() -> None:
        widths = [50, 45, 25, 45]
        table = c.table(doc, widths)
        c.row(table, [f"{{{{ texte.begruendung.stellen_spalten[{i}] }}}}" for i in range(4)],
             widths, bold=True)
        c.row(table, [f"{{%tr for s in {b}.bestehende_stellen %}}", "", "", ""], widths)
        c.row(table, ["{{ s.bezeichnung }}", "{{ s.bereich }}",
                     "{{ s.umfang_vzae | vzae if s.umfang_vzae is not none else '–' }}",
                     "{{ s.laeuft_aus | ja_nein }}{{ ' – ' ~ s.hinweis if s.hinweis }}"], widths)
        c.row(table, ["{%tr endfor %}", "", "", ""], widths)

    c.cond(doc, f"{b}.bestehende_stellen", stellen)
    c.prose(doc, f"{b}.bestehende_stellen_erlaeuterung")
    ks = f"{b}.koordinierungsstelle"
    c.p(doc, "{{ texte.begruendung.fragen[1] }}", bold=True)
    c.p(doc, f"Ansiedlung: {{{{ {ks}.ansiedlung }}}}", bold=True)
    c.cond(doc, f"{ks}.ansiedlung_erlaeuterung", lambda: c.prose(doc, f"{ks}.ansiedlung_erlaeuterung"))
    c.p(doc, "{{ texte.begruendung.fragen[2] }}", bold=True)
    c.p(doc, f"{{{{ texte.begruendung.stelle_neu if {ks}.stelle == 'neu' else "
            f"texte.begruendung.stelle_kombiniert }}}}", bold=True)
    c.prose(doc, f"{ks}.stelle_erlaeuterung")
    c.p(doc, "{{ texte.begruendung.fragen[3] }}", bold=True)
    c.p(doc, f"{{{{ 'Ja.' if {ks}.person_vorgesehen else 'Nein.' }}}}", bold=True)
    c.cond(doc, f"{ks}.person_erlaeuterung", lambda: c.prose(doc, f"{ks}.person_erlaeuterung"))
    c.p(doc, "{{ texte.begruendung.fragen[4] }}", bold=True)
    c.prose(doc, f"{b}.verstetigung")
    c.p(doc, "{{ texte.begruendung.fragen[5] }}", bold=True)
    c.prose(doc, f"{b}.zusammenarbeit")

    c.p(doc, "{{ texte.beilagen.titel }}", "Heading 1")
    c.bullets(doc, "texte.beilagen.liste")
    c.cond(doc, "antrag.anlagen", lambda: (
        c.p(doc, "{{ texte.beilagen.anlagen }}", "Heading 3"),
        c.loop(doc, "for anlage in antrag.anlagen", lambda: c.p(
            doc, "{{ loop.index }}. {{ anlage.titel }}{{ ' (' ~ anlage.datei ~ ')' if anlage.datei }}")),
    ))
    c.p(doc, "")
    c.p(doc, "{{ antrag.ort }}, den {{ antrag.datum | datum }}")
    c.p(doc, "")
    c.p(doc, "_______________________________")
    c.p(doc, f"{{{{ {p}.name }}}}, {{{{ {p}.funktion }}}}")
    c.p(doc, f"{{{{ {p}.institution }}}}")
    return doc
