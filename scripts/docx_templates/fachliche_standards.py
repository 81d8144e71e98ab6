"""Word template of the Leitgedanken/fachliche Standards table of a body."""

from __future__ import annotations

from docx.document import Document as DocumentObject

from docx_templates import _common as c


def build() -> DocumentObject:
    g, k = "ordnung", "antrag.kommune"
    bf, s = f"{g}.beschlussfassung", f"{g}.sitzungen"
    title = f"Leitgedanken und fachliche Standards: {{{{ {g}.name }}}}"
    doc = c.new_document(title, f"{{{{ {k}.name }}}}")
    c.letterhead(doc)
    c.footer(doc, title, f"Anlage: fachliche Standards · {{{{ {g}.name }}}}")
    c.p(doc, f"{{{{ {g}.name }}}}{{{{ ' (' ~ {g}.abkuerzung ~ ')' if {g}.abkuerzung }}}}", "Title")
    c.p(doc, "Anlage zur Geschäftsordnung: Leitgedanken und fachliche Standards")
    c.p(doc, "Leitgedanken", "Heading 1")
    c.loop(doc, f"for gedanke in {g}.leitgedanken", lambda: c.p(doc, "{{ gedanke }}"))
    widths = [62, 103]
    table = c.table(doc, widths)
    c.row(table, [f"{{{{ {g}.gremium | satzanfang }}}}", "Fachliche Standards"], widths, bold=True)

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

    row = c.row(table, ["", ""], widths)
    cell_lines(row, 0, [f"1. Wie soll {{{{ {g}.kurz_mit_artikel }}}} zusammengesetzt sein?",
                        "a) ständige Mitglieder", "b) zeitweilige Mitglieder", "c) Gaststatus"])
    cell_lines(row, 1, ["a) ständige Mitglieder", *member_list(f"{g}.mitglieder.staendig"),
                        "b) zeitweilige Mitglieder", *member_list(f"{g}.mitglieder.zeitweilig"),
                        "c) Gaststatus", *member_list(f"{g}.mitglieder.gaeste"),
                        *optional(f"{g}.mitglieder.besetzung", f"{{{{ {g}.mitglieder.besetzung }}}}")])
    row = c.row(table, ["", ""], widths)
    cell_lines(row, 0, [f"2. Welche Angelegenheiten soll {{{{ {g}.kurz_mit_artikel }}}} beraten?"])
    cell_lines(row, 1, [f"{{%p for a in {g}.aufgaben %}}", "{{ a }}", "{%p endfor %}",
                        *optional(f"{g}.nicht_zustaendig", "Nicht Gegenstand der Beratung"),
                        f"{{%p for a in {g}.nicht_zustaendig %}}", "{{ a }}", "{%p endfor %}"])
    row = c.row(table, ["", ""], widths)
    cell_lines(row, 0, ["3. Wie werden Angelegenheiten beraten?", "a) Moderation",
                        "b) Protokollführung", "c) Wiedervorlagenkontrolle"])
    cell_lines(row, 1, [f"a) {{{{ {g}.arbeitsweise.moderation | satzanfang }}}}",
                        f"b) {{{{ {g}.arbeitsweise.protokollfuehrung | satzanfang }}}}: "
                        f"{{{{ {g}.arbeitsweise.protokoll }}}}",
                        f"c) {{{{ {g}.arbeitsweise.wiedervorlage }}}}",
                        *optional(f"{g}.arbeitsweise.methoden", "Methoden"),
                        f"{{%p for m in {g}.arbeitsweise.methoden %}}", "{{ m }}", "{%p endfor %}"])
    row = c.row(table, ["", ""], widths)
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
        *optional(f"{bf}.beschlussfaehig_ab", f"Beschlussfähig ab {{{{ {bf}.beschlussfaehig_ab }}}} "
                  "anwesenden stimmberechtigten Mitgliedern."),
        *optional(f"{bf}.umlaufverfahren",
                  "Klärungen und Abstimmungen per E-Mail (Umlaufverfahren) sind zulässig.")])
    row = c.row(table, ["", ""], widths)
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
    c.row(table, [f"{{%tr if {g}.schnittstellen %}}", ""], widths)
    row = c.row(table, ["", ""], widths)
    cell_lines(row, 0, [f"6. Welche Schnittstellen sind für {{{{ {g}.kurz_mit_artikel }}}} und "
                        "seine Arbeit relevant?"])
    cell_lines(row, 1, [f"{{%p for sch in {g}.schnittstellen %}}", "{{ sch.beschreibung }}",
                        "{%p endfor %}"])
    c.row(table, ["{%tr endif %}", ""], widths)
    c.row(table, [f"{{%tr if {g}.budget %}}", ""], widths)
    c.row(table, ["Budget", f"{{{{ {g}.budget }}}}"], widths)
    c.row(table, ["{%tr endif %}", ""], widths)
    row = c.row(table, ["Sozialdatenschutz und Schweigepflicht", ""], widths)
    cell_lines(row, 1, ["Schweigepflicht für alle Mitglieder und Gäste; Einzelfälle nur "
                        "anonymisiert oder mit schriftlicher Entbindung von der Schweigepflicht.",
                        f"{{%p for d in {g}.datenschutz %}}", "{{ d }}", "{%p endfor %}"])
    c.p(doc, f"Beschluss: {{{{ {g}.beschluss.gremium }}}}, {{{{ {g}.beschluss.datum | datum }}}}; "
            f"in Kraft ab {{{{ {g}.beschluss.inkrafttreten | datum }}}}.", "Hinweis")
    return doc
