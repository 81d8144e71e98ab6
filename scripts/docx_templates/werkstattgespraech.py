"""Word template of the documentation of a Werkstattgespräch."""

from __future__ import annotations

from docx.document import Document as DocumentObject
from docx.shared import Mm

from docx_templates import _common as c

W, K = "werkstatt", "kommune"
TIME = ("{{ punkt.beginn | uhrzeit }}{{ '\u202f–\u202f' ~ (punkt.ende | uhrzeit) if punkt.ende }}"
        "\u00a0Uhr")


def _table(doc: DocumentObject, widths: list[float], header: list[str], loop: str,
           cells: list[str]) -> None:
    """A table with a repeated header row and one row per item of ``loop``."""
    table = c.table(doc, widths, header)
    blank = [""] * (len(widths) - 1)
    c.row(table, [f"{{%tr {loop} %}}", *blank])
    c.row(table, cells)
    c.row(table, ["{%tr endfor %}", *blank])


def _numbered(doc: DocumentObject, heading: str, expr: str) -> None:
    c.cond(doc, expr, lambda: (c.p(doc, heading, "Heading 1"), c.loop(
        doc, f"for eintrag in {expr}", lambda: c.p(doc, "{{ loop.index | zahl }}.\t{{ eintrag | typo }}",
                                                    "Nummeriert"))))


def _item(doc: DocumentObject) -> None:
    c.p(doc, "{{ loop.index | zahl }}. {{ punkt.thema | typo }}", "Heading 3")
    c.p(doc, TIME + "{{ ' · ' ~ (punkt.referierende | aufzaehlung) if punkt.referierende }}",
        "Zeitangabe")
    for part, expr, body in (("Input", "punkt.input", None), ("Diskussion", "punkt.diskussion", "d"),
                             ("Ergebnisse", "punkt.ergebnisse", "e")):
        def block(part: str = part, expr: str = expr, body: str | None = body) -> None:
            c.p(doc, part, "Teil")
            if body is None:
                c.prose(doc, expr)
            else:
                c.bullets(doc, expr)

        c.cond(doc, expr, block)


def build() -> DocumentObject:
    title = f"Dokumentation: {{{{ {W}.titel }}}} – {{{{ {K}.name }}}}"
    doc = c.new_document(title, f"{{{{ {K}.name }}}}",
                         f"Dokumentation des Werkstattgesprächs „{{{{ {W}.titel }}}}“ am "
                         f"{{{{ {W}.datum | datum }}}}")
    c.style(doc, "Teil", size=9.5, bold=True, before=2, after=0.5, keep_next=True)
    c.style(doc, "Zeitangabe", "Hinweis", keep_next=True)  # an item's heading, time, first part
    numbered = c.style(doc, "Nummeriert").paragraph_format
    numbered.left_indent, numbered.first_line_indent = Mm(6), Mm(-6)
    numbered.tab_stops.add_tab_stop(Mm(6))
    c.letterhead(doc)
    c.footer(doc, title, f"Dokumentation · {{{{ {W}.titel }}}} · {{{{ {W}.datum | datum('kurz') }}}}")
    c.p(doc, f"{{{{ {W}.anlass }}}}", "Projekt")
    c.p(doc, f"Dokumentation: {{{{ {W}.titel }}}}", "Title")
    facts = c.table(doc, [49.5, 115.5])
    for label, value in [
        ("Datum und Zeit", f"{{{{ {W}.datum | datum }}}}, {{{{ {W}.beginn | uhrzeit }}}}\u202f–\u202f"
                           f"{{{{ {W}.ende | uhrzeit }}}}\u00a0Uhr"),
        ("Ort", f"{{{{ {W}.ort }}}}"), ("Veranstaltet von", f"{{{{ {W}.veranstaltet_von }}}}"),
        ("Moderation", f"{{{{ {W}.moderation }}}}"), ("Dokumentation", f"{{{{ {W}.protokoll }}}}"),
    ]:
        c.row(facts, [label, value])
    c.shade_first_column(facts)
    c.p(doc, "Ziele des Gesprächs", "Heading 1")
    c.bullets(doc, f"{W}.ziele")
    c.p(doc, "Teilnehmende", "Heading 1")
    _table(doc, [56, 109], ["Name", "Institution und Funktion"], f"for t in {W}.anwesend",
           ["{{ t.name | name }}", "{{ t.institution }}{{ ', ' ~ t.funktion if t.funktion }}"])
    c.cond(doc, f"{W}.entschuldigt", lambda: c.p(
        doc, "Entschuldigt: {% for t in " + W + ".entschuldigt %}{{ t.name }} ({{ t.institution }})"
             "{{ '; ' if not loop.last }}{% endfor %}", "Hinweis"))
    c.p(doc, "Tagesordnung", "Heading 1")
    agenda = c.table(doc, [46, 119], ["Zeit", "Thema"])
    c.row(agenda, [f"{{%tr for punkt in {W}.tagesordnung %}}", ""])
    item = c.row(agenda, [TIME, ""])
    c.cell_lines(item, 1, ["{{ punkt.thema }}", "{%p if punkt.referierende %}",
                           ("{{ punkt.referierende | aufzaehlung }}", "Tabellenhinweis"),
                           "{%p endif %}"])
    c.row(agenda, ["{%tr endfor %}", ""])
    c.p(doc, "Verlauf und Ergebnisse", "Heading 1")
    c.loop(doc, f"for punkt in {W}.tagesordnung", lambda: _item(doc))
    _numbered(doc, "Beschlüsse", f"{W}.beschluesse")
    c.cond(doc, f"{W}.naechste_schritte", lambda: (
        c.p(doc, "Nächste Schritte (Wiedervorlage)", "Heading 1"),
        _table(doc, [86, 49.5, 29.5], ["Was", "Wer", "Bis"], f"for s in {W}.naechste_schritte",
               ["{{ s.was }}", "{{ s.wer }}", "{{ s.bis | datum('kurz') }}"])))
    c.cond(doc, f"{W}.offene_fragen", lambda: (c.p(doc, "Offene Fragen", "Heading 1"),
                                              c.bullets(doc, f"{W}.offene_fragen")))
    _numbered(doc, "Anlagen", f"{W}.anlagen")
    return doc
