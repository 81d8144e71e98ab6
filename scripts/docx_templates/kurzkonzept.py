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
    c.p(doc, "{{ texte.ausgangslage.hinweis | typo }} ", "Hinweis").add_run(
        "{{ texte.ausgangslage.voraussetzung | typo }}", "Emphasis")
    c.prose(doc, "kurzkonzept.ausgangslage.beschreibung", typo=True)
    c.p(doc, "{{ texte.ausgangslage.indikatoren }}", "Heading 3")
    numbers = ["Tabellentext", "Tabellenzahl", "Tabellenzahl", "Tabellenzahl", "Tabellentext"]
    table = c.table(doc, [44.5, 28, 28, 21.5, 43],
                    [f"{{{{ texte.ausgangslage.spalten[{i}] }}}}" for i in range(5)],
                    ["Tabellenkopf", *["Tabellenkopf Zahl"] * 3, "Tabellenkopf"])
    def figures(title: str, i: str) -> list[str]:
        return [title, f"{{{{ {i}.wert | zahl(1) }}}}", f"{{{{ {i}.landesdurchschnitt | zahl(1) }}}}",
                f"{{{{ '+' if {i}.abweichung_prozent > 0 }}}}"
                f"{{{{ {i}.abweichung_prozent | zahl(1) }}}}\u00a0%",
                f"{{{{ {i}.jahr | string }}}}, {{{{ {i}.quelle | typo }}}}"]

    for key in ("hilfen_zur_erziehung", "u15_sozialgeld"):
        c.row(table, figures(f"{{{{ texte.ausgangslage.{key} | typo }}}}",
                             f"kurzkonzept.ausgangslage.indikatoren.{key}"), numbers)
    c.row(table, ["{%tr for w in kurzkonzept.ausgangslage.indikatoren.weitere %}", "", "", "", ""])
    c.row(table, figures("{{ (w.bezeichnung ~ (' (' ~ w.einheit ~ ')' if w.einheit != "
                         "'je 100.000 Einwohner' else '')) | typo }}", "w"), numbers)
    c.row(table, ["{%tr endfor %}", "", "", "", ""])
    c.p(doc, "{{ texte.befund | typo }}", "Hinweis")


def _aktivitaeten(doc: DocumentObject) -> None:
    c.p(doc, "{{ texte.aktivitaeten.titel }}", "Heading 1")
    c.p(doc, "{{ texte.aktivitaeten.hinweis | typo }} ", "Hinweis").add_run(
        "{{ texte.aktivitaeten.voraussetzung | typo }}", "Emphasis")
    table = c.table(doc, [44.5, 54.5, 66],
                    [f"{{{{ texte.aktivitaeten.spalten[{i}] }}}}" for i in range(3)])
    c.row(table, ["{%tr for feld in texte.aktivitaeten.handlungsfelder %}", "", ""])
    row = c.row(table, ["{{ feld.buchstabe }}) {{ feld.titel | typo }}", "", ""],
                ["Tabellentext klein"] * 3)
    c.cell_lines(row, 1, ["{%p for punkt in feld.erforderlich %}",
                          ("{{ punkt | typo }}", "Anforderung"), "{%p endfor %}"])
    c.cell_lines(row, 2, [  # a bullet, or a bullet with its sub-bullets
        "{%p for punkt in kurzkonzept.handlungsfelder[feld.buchstabe].aktueller_stand %}",
        "{%p if punkt is string %}", ("{{ punkt | typo }}", "Tabellenaufzählung"), "{%p else %}",
        ("{{ punkt.text | typo }}", "Tabellenaufzählung"), "{%p for unter in punkt.unterpunkte %}",
        ("{{ unter | typo }}", "Tabellenaufzählung 2"), "{%p endfor %}", "{%p endif %}",
        "{%p endfor %}"])
    c.row(table, ["{%tr endfor %}", "", ""])


def _stellen(doc: DocumentObject) -> None:
    table = c.table(doc, [52, 45, 25, 43],
                    [f"{{{{ texte.begruendung.stellen_spalten[{i}] }}}}" for i in range(4)],
                    ["Tabellenkopf", "Tabellenkopf", "Tabellenkopf Zahl", "Tabellenkopf"])
    c.row(table, [f"{{%tr for s in {B}.bestehende_stellen %}}", "", "", ""])
    c.row(table, ["{{ s.bezeichnung }}", "{{ s.bereich }}",
                  "{{ s.umfang_vzae | vzae if s.umfang_vzae is not none else '–' }}",
                  "{{ s.laeuft_aus | ja_nein }}{{ ' – ' ~ (s.hinweis | typo) if s.hinweis }}"],
          ["Tabellentext", "Tabellentext", "Tabellenzahl", "Tabellentext"])
    c.row(table, ["{%tr endfor %}", "", "", ""])


def _begruendung(doc: DocumentObject) -> None:
    c.p(doc, "{{ texte.begruendung.titel }}", "Heading 1")
    c.p(doc, "{{ texte.begruendung.hinweis | typo }}", "Hinweis")
    c.p(doc, "{{ texte.begruendung.motivation }}", "Heading 3")
    c.prose(doc, f"{B}.motivation")
    c.p(doc, "{{ texte.begruendung.ziele }}", "Heading 3")
    c.bullets(doc, f"{B}.ziele", typo=True)
    c.cond(doc, f"{B}.umsetzungsideen", lambda: (
        c.p(doc, "{{ texte.begruendung.umsetzungsideen }}", "Heading 3"),
        c.prose(doc, f"{B}.umsetzungsideen")))
    c.p(doc, "{{ texte.begruendung.fragen_titel }}", "Heading 3")
    c.p(doc, "{{ texte.begruendung.fragen[0] | typo }}", "Frage")
    c.cond(doc, f"{B}.bestehende_stellen", lambda: _stellen(doc))
    c.prose(doc, f"{B}.bestehende_stellen_erlaeuterung")
    c.p(doc, "{{ texte.begruendung.fragen[1] | typo }}", "Frage")
    c.p(doc, f"Ansiedlung: {{{{ {KS}.ansiedlung_name }}}}", "Kernaussage")
    c.cond(doc, f"{KS}.ansiedlung_erlaeuterung", lambda: c.prose(doc, f"{KS}.ansiedlung_erlaeuterung"))
    c.p(doc, "{{ texte.begruendung.fragen[2] | typo }}", "Frage")
    c.p(doc, f"{{{{ texte.begruendung.stelle_neu if {KS}.stelle == 'neu' else "
             f"texte.begruendung.stelle_kombiniert }}}}", "Kernaussage")
    c.prose(doc, f"{KS}.stelle_erlaeuterung")
    c.p(doc, "{{ texte.begruendung.fragen[3] | typo }}", "Frage")
    c.p(doc, f"{{{{ 'Ja.' if {KS}.person_vorgesehen else 'Nein.' }}}}", "Kernaussage")
    c.cond(doc, f"{KS}.person_erlaeuterung", lambda: c.prose(doc, f"{KS}.person_erlaeuterung"))
    c.p(doc, "{{ texte.begruendung.fragen[4] | typo }}", "Frage")
    c.prose(doc, f"{B}.verstetigung")
    c.p(doc, "{{ texte.begruendung.fragen[5] | typo }}", "Frage")
    c.prose(doc, f"{B}.zusammenarbeit")


def _beilagen(doc: DocumentObject) -> None:
    c.p(doc, "{{ texte.beilagen.titel }}", "Heading 1")
    c.bullets(doc, "texte.beilagen.liste", typo=True)
    c.p(doc, "{{ texte.beilagen.hinweis | typo }}")
    c.p(doc, "{{ texte.beilagen.informationen | typo }}", "Hinweis")
    c.cond(doc, "kurzkonzept.anlagen", lambda: (
        c.p(doc, "{{ texte.beilagen.anlagen }}", "Heading 3"),
        c.loop(doc, "for anlage in kurzkonzept.anlagen", lambda: c.p(
            doc, "{{ loop.index | zahl }}. {{ anlage.titel | typo }}"
                 "{{ ' (' ~ (anlage.datei | adresse) ~ ')' if anlage.datei }}",
            "Anlage")),
    ))
    c.p(doc, "{{ kurzkonzept.ort | name }}, den {{ kurzkonzept.datum | datum | typo }}",
        "Ort und Datum")
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
