"""Word template of the Kurzkonzept (the call's application form)."""

from __future__ import annotations

from docx.document import Document as DocumentObject
from docx.shared import Mm

from docx_templates import _common as c

K, P, B = "kommune", "kurzkonzept.ansprechperson", "kurzkonzept.begruendung"
KS = "koordinierungsstelle"


def _header(doc: DocumentObject) -> None:
    c.p(doc, "{{ texte.projekt }}", "Projekt")
    title = c.p(doc, "{{ texte.titel }}", "Title")
    c.footnote(doc, title, "{{ texte.fussnote }}")
    fields = c.table(doc, [59.4, 105.6])
    for label, value, detail in (
        ("kommune", f"{{{{ {K}.name }}}}",
         f"{{{{ {K}.art }}}} · {{{{ {K}.anschrift.strasse }}}}, {{{{ {K}.anschrift.plz }}}} "
         f"{{{{ {K}.anschrift.ort }}}}"),
        ("ansprechperson", f"{{{{ {P}.name }}}}",
         f"{{{{ {P}.funktion }}}}, {{{{ {P}.institution }}}}"),
        ("kontakt", f"Tel.: {{{{ {P}.telefon }}}}", f"E-Mail: {{{{ {P}.email }}}}"),
    ):
        row = c.row(fields, [f"{{{{ texte.felder.{label} }}}}", value],
                    ["Tabellenkopf", "Tabellenfeld"])
        row.cells[0].paragraphs[0].style = "Tabellentext klein"
        row.cells[1].add_paragraph(detail, style="Tabellenhinweis")
    c.shade_first_column(fields)


def _ausgangslage(doc: DocumentObject) -> None:
    c.p(doc, "{{ texte.ausgangslage.titel }}", "Heading 1")
    c.p(doc, "{{ texte.ausgangslage.hinweis }} ", "Hinweis").add_run(
        "{{ texte.ausgangslage.voraussetzung }}", "Emphasis")
    c.prose(doc, "kurzkonzept.ausgangslage.beschreibung")
    c.p(doc, "{{ texte.ausgangslage.indikatoren }}", "Heading 3")
    numbers = ["Tabellentext", "Tabellenzahl", "Tabellenzahl", "Tabellenzahl", "Tabellentext"]
    table = c.table(doc, [44.5, 28, 28, 21.5, 43],
                    [f"{{{{ texte.ausgangslage.spalten[{i}] }}}}" for i in range(5)],
                    ["Tabellenkopf", *["Tabellenkopf Zahl"] * 3, "Tabellenkopf"])
    for key in ("hilfen_zur_erziehung", "u15_sozialgeld"):
        i = f"kurzkonzept.ausgangslage.indikatoren.{key}"
        c.row(table, [f"{{{{ texte.ausgangslage.{key} }}}}", f"{{{{ {i}.wert | zahl(1) }}}}",
                      f"{{{{ {i}.landesdurchschnitt | zahl(1) }}}}",
                      f"{{{{ '+' if {i}.abweichung_prozent > 0 }}}}"
                      f"{{{{ {i}.abweichung_prozent | zahl(1) }}}}\u00a0%",
                      f"{{{{ {i}.jahr | string }}}}, {{{{ {i}.quelle }}}}"], numbers)
    c.p(doc, "{{ texte.befund }}", "Hinweis")


def _aktivitaeten(doc: DocumentObject) -> None:
    c.p(doc, "{{ texte.aktivitaeten.titel }}", "Heading 1")
    c.p(doc, "{{ texte.aktivitaeten.hinweis }} ", "Hinweis").add_run(
        "{{ texte.aktivitaeten.voraussetzung }}", "Emphasis")
    table = c.table(doc, [44.5, 54.5, 66],
                    [f"{{{{ texte.aktivitaeten.spalten[{i}] }}}}" for i in range(3)])
    c.row(table, ["{%tr for feld in texte.aktivitaeten.handlungsfelder %}", "", ""])
    row = c.row(table, ["{{ feld.buchstabe }}) {{ feld.titel }}", "", ""], ["Tabellentext klein"] * 3)
    for column, expr, style in (
            (1, "feld.erforderlich", "Anforderung"),
            (2, "kurzkonzept.handlungsfelder[feld.buchstabe].aktueller_stand", "Tabellenaufzählung")):
        c.cell_lines(row, column, [f"{{%p for punkt in {expr} %}}", ("{{ punkt }}", style),
                                   "{%p endfor %}"])
    c.row(table, ["{%tr endfor %}", "", ""])


def _stellen(doc: DocumentObject) -> None:
    table = c.table(doc, [52, 45, 25, 43],
                    [f"{{{{ texte.begruendung.stellen_spalten[{i}] }}}}" for i in range(4)],
                    ["Tabellenkopf", "Tabellenkopf", "Tabellenkopf Zahl", "Tabellenkopf"])
    c.row(table, [f"{{%tr for s in {B}.bestehende_stellen %}}", "", "", ""])
    c.row(table, ["{{ s.bezeichnung }}", "{{ s.bereich }}",
                  "{{ s.umfang_vzae | vzae if s.umfang_vzae is not none else '–' }}",
                  "{{ s.laeuft_aus | ja_nein }}{{ ' – ' ~ s.hinweis if s.hinweis }}"],
          ["Tabellentext", "Tabellentext", "Tabellenzahl", "Tabellentext"])
    c.row(table, ["{%tr endfor %}", "", "", ""])


def _begruendung(doc: DocumentObject) -> None:
    c.p(doc, "{{ texte.begruendung.titel }}", "Heading 1")
    c.p(doc, "{{ texte.begruendung.hinweis }}", "Hinweis")
    c.p(doc, "{{ texte.begruendung.motivation }}", "Heading 3")
    c.prose(doc, f"{B}.motivation")
    c.p(doc, "{{ texte.begruendung.ziele }}", "Heading 3")
    c.bullets(doc, f"{B}.ziele")
    c.cond(doc, f"{B}.umsetzungsideen", lambda: (
        c.p(doc, "{{ texte.begruendung.umsetzungsideen }}", "Heading 3"),
        c.prose(doc, f"{B}.umsetzungsideen")))
    c.p(doc, "{{ texte.begruendung.fragen_titel }}", "Heading 3")
    c.p(doc, "{{ texte.begruendung.fragen[0] }}", "Frage")
    c.cond(doc, f"{B}.bestehende_stellen", lambda: _stellen(doc))
    c.prose(doc, f"{B}.bestehende_stellen_erlaeuterung")
    c.p(doc, "{{ texte.begruendung.fragen[1] }}", "Frage")
    c.p(doc, f"Ansiedlung: {{{{ {KS}.ansiedlung }}}}", "Kernaussage")
    c.cond(doc, f"{KS}.ansiedlung_erlaeuterung", lambda: c.prose(doc, f"{KS}.ansiedlung_erlaeuterung"))
    c.p(doc, "{{ texte.begruendung.fragen[2] }}", "Frage")
    c.p(doc, f"{{{{ texte.begruendung.stelle_neu if {KS}.stelle == 'neu' else "
             f"texte.begruendung.stelle_kombiniert }}}}", "Kernaussage")
    c.prose(doc, f"{KS}.stelle_erlaeuterung")
    c.p(doc, "{{ texte.begruendung.fragen[3] }}", "Frage")
    c.p(doc, f"{{{{ 'Ja.' if {KS}.person_vorgesehen else 'Nein.' }}}}", "Kernaussage")
    c.cond(doc, f"{KS}.person_erlaeuterung", lambda: c.prose(doc, f"{KS}.person_erlaeuterung"))
    c.p(doc, "{{ texte.begruendung.fragen[4] }}", "Frage")
    c.prose(doc, f"{B}.verstetigung")
    c.p(doc, "{{ texte.begruendung.fragen[5] }}", "Frage")
    c.prose(doc, f"{B}.zusammenarbeit")


def _beilagen(doc: DocumentObject) -> None:
    c.p(doc, "{{ texte.beilagen.titel }}", "Heading 1")
    c.bullets(doc, "texte.beilagen.liste")
    c.cond(doc, "kurzkonzept.anlagen", lambda: (
        c.p(doc, "{{ texte.beilagen.anlagen }}", "Heading 3"),
        c.loop(doc, "for anlage in kurzkonzept.anlagen", lambda: c.p(
            doc, "{{ loop.index | zahl }}. {{ anlage.titel }}{{ ' (' ~ anlage.datei ~ ')' if anlage.datei }}",
            "Anlage")),
    ))
    c.p(doc, "{{ kurzkonzept.ort }}, den {{ kurzkonzept.datum | datum }}", "Ort und Datum")
    c.p(doc, f"{{{{ {P}.name }}}}, {{{{ {P}.funktion }}}}", "Unterschrift Feld")
    c.p(doc, f"{{{{ {P}.institution }}}}", "Unterschrift Institution")


def build() -> DocumentObject:
    title = "{{ texte.titel }} – {{ kommune.name }}"
    doc = c.new_document(title, f"{{{{ {K}.name }}}}",
                         "Kurzkonzept zur Bewerbung als Pilotkommune im Modellprojekt "
                         "„Kommunale Gesamtkonzepte“ (KommGes)")
    c.style(doc, "Anlage", after=1, keep_next=True)
    c.style(doc, "Anforderung", "Tabellenaufzählung klein", italic=True)
    c.style(doc, "Ort und Datum", before=10, after=14, keep_next=True)
    c.style(doc, "Unterschrift Feld", "Unterschrift Name", size=9,
            keep_next=True).paragraph_format.right_indent = Mm(90)
    c.style(doc, "Unterschrift Institution", "Unterschrift Zusatz", size=9)
    c.letterhead(doc)
    c.footer(doc, title, f"Modellprojekt KommGes · Kurzkonzept · {{{{ {K}.name }}}}")
    _header(doc)
    _ausgangslage(doc)
    _aktivitaeten(doc)
    _begruendung(doc)
    _beilagen(doc)
    return doc
