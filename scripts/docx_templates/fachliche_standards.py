"""Word template of the Leitgedanken/fachliche Standards table of a body."""

from __future__ import annotations

from docx.document import Document as DocumentObject

from docx_templates import _common as c

G, K = "ordnung", "kommune"
BF, S = f"{G}.beschlussfassung", f"{G}.sitzungen"
TEIL = "Tabellenteil"
PUNKT = "Tabellenaufzählung"


def _items(expr: str, var: str = "a", text: str | None = None) -> list[str | tuple[str, str]]:
    """One bulleted cell paragraph per item of ``expr``."""
    return [f"{{%p for {var} in {expr} %}}", (text or f"{{{{ {var} | typo }}}}", PUNKT),
            "{%p endfor %}"]


def _members(expr: str) -> list[str | tuple[str, str]]:
    return [*_items(expr, "m", "{{ m.beschreibung | typo }}"),
            f"{{%p if not {expr} %}}", "keine", "{%p endif %}"]


def _optional(condition: str, line: str | tuple[str, str]) -> list[str | tuple[str, str]]:
    return [f"{{%p if {condition} %}}", line, "{%p endif %}"]


def _question(text: str) -> tuple[str, str]:
    return (text, "Tabellenfrage")


def build() -> DocumentObject:
    title = f"Leitgedanken und fachliche Standards: {{{{ {G}.name }}}}"
    doc = c.new_document(title, f"{{{{ {K}.name }}}}",
                         "Anlage zur Geschäftsordnung: Leitgedanken und fachliche Standards für "
                         f"{{{{ {G} | akk }}}} „{{{{ {G}.name }}}}“")
    c.style(doc, "Tabellentext", size=9.5)  # the whole table in 9.5 pt, as the HTML route's
    c.style(doc, "Tabellenaufzählung", size=9.5)
    c.style(doc, "Tabellenfrage", "Tabellentext", bold=True)
    c.letterhead(doc)
    c.footer(doc, title, f"Anlage: fachliche Standards · {{{{ {G}.name }}}}")
    c.p(doc, f"{{{{ {G}.name }}}}{{{{ ' (' ~ {G}.abkuerzung ~ ')' if {G}.abkuerzung }}}}",
        "Titel zentriert")
    c.p(doc, "Anlage zur Geschäftsordnung: Leitgedanken und fachliche Standards", "Subtitle")
    c.p(doc, "Leitgedanken", "Heading 1")
    c.loop(doc, f"for gedanke in {G}.leitgedanken", lambda: c.p(doc, "{{ gedanke | typo }}"))
    table = c.table(doc, [62.7, 102.3], [f"{{{{ {G}.gremium | satzanfang }}}}", "Fachliche Standards"])
    nom, akk = f"{{{{ {G} | nom }}}}", f"{{{{ {G} | akk }}}}"

    def add(left: list[str | tuple[str, str]], right: list[str | tuple[str, str]]) -> None:
        row = c.row(table, ["", ""], can_split=True)  # long rows may break, as in the HTML route
        c.cell_lines(row, 0, left)
        c.cell_lines(row, 1, right)

    add([_question(f"1. Wie soll {nom} zusammengesetzt sein?"), "a) ständige Mitglieder",
         "b) zeitweilige Mitglieder", "c) Gaststatus"],
        [("a) ständige Mitglieder", TEIL), *_members(f"{G}.mitglieder.staendig"),
         ("b) zeitweilige Mitglieder", TEIL), *_members(f"{G}.mitglieder.zeitweilig"),
         ("c) Gaststatus", TEIL), *_members(f"{G}.mitglieder.gaeste"),
         *_optional(f"{G}.mitglieder.besetzung", f"{{{{ {G}.mitglieder.besetzung }}}}")])
    add([_question(f"2. Welche Angelegenheiten soll {nom} beraten?")],
        [*_items(f"{G}.aufgaben"),
         *_optional(f"{G}.nicht_zustaendig", ("Nicht Gegenstand der Beratung", TEIL)),
         *_items(f"{G}.nicht_zustaendig")])
    add([_question("3. Wie werden Angelegenheiten beraten?"), "a) Moderation",
         "b) Protokollführung", "c) Wiedervorlagenkontrolle"],
        [f"a) {{{{ {G}.arbeitsweise.moderation | satzanfang }}}}",
         f"b) {{{{ {G}.arbeitsweise.protokollfuehrung | satzanfang }}}}: "
         f"{{{{ {G}.arbeitsweise.protokoll }}}}",
         f"c) {{{{ {G}.arbeitsweise.wiedervorlage }}}}",
         *_optional(f"{G}.arbeitsweise.methoden", ("Methoden", TEIL)),
         *_items(f"{G}.arbeitsweise.methoden", "m")])
    add([_question("4. Wie soll die Entscheidungsfindung erfolgen?"), "a) Einstimmigkeit",
         "b) Mehrheit", "c) Klärung bei offenem Beratungsergebnis"],
        [f"{{%p if {BF}.nur_beratend %}}",
         "Das Gremium berät und empfiehlt; es stimmt nicht ab.",
         "{%p else %}",
         f"a) {{{{ ('Ja, ' ~ {BF}.einstimmig) if {BF}.einstimmig else 'nicht vorgesehen' }}}}",
         f"b) {{{{ ('Zulässig ' ~ {BF}.mehrheit) if {BF}.mehrheit else 'nicht vorgesehen' }}}}",
         "{%p endif %}",
         f"c) {{{{ {BF}.bei_dissens }}}}",
         *_optional(f"{BF}.beschlussfaehig_ab", f"Beschlussfähig ab {{{{ {BF}.beschlussfaehig_ab | zahl }}}} "
                    "anwesenden stimmberechtigten Mitgliedern."),
         *_optional(f"{BF}.umlaufverfahren",
                    "Klärungen und Abstimmungen per E-Mail (Umlaufverfahren) sind zulässig.")])
    add([_question("5. Wie soll die Beratung organisiert sein?"), "a) Sitzungsturnus",
         "b) Einladungswesen", "c) Anmeldung von TOPs", "d) Zeitmanagement"],
        [f"a) {{{{ {S}.turnus | satzanfang }}}}",
         f"b) Einladung durch {{{{ {S}.einladung_durch }}}}{{{{ ', mindestens ' ~ "
         f"{S}.einladungsfrist_tage ~ ' Tage vorher' if {S}.einladungsfrist_tage }}}}",
         f"c) {{{{ ('Bis ' ~ {S}.anmeldung_tops_tage ~ (' Tag' if {S}.anmeldung_tops_tage == 1 "
         f"else ' Tage') ~ ' vor der Sitzung') if {S}.anmeldung_tops_tage is not none else "
         f"'keine Frist' }}}}",
         f"d) {{{{ ('ca. ' ~ ({S}.dauer_stunden | zahl) ~ ' Stunden Sitzungszeit') if "
         f"{S}.dauer_stunden else 'nach Bedarf' }}}}"])
    c.row(table, [f"{{%tr if {G}.schnittstellen %}}", ""])
    add([_question(f"6. Welche Schnittstellen sind für {akk} und "
                   f"{{{{ {G} | possessiv('e') }}}} Arbeit relevant?")],
        _items(f"{G}.schnittstellen", "sch", "{{ sch.beschreibung | typo }}"))
    c.row(table, ["{%tr endif %}", ""])
    c.row(table, [f"{{%tr if {G}.budget %}}", ""])
    add([_question("Budget")], [f"{{{{ {G}.budget }}}}"])
    c.row(table, ["{%tr endif %}", ""])
    add([_question("Sozialdatenschutz und Schweigepflicht")],
        ["Schweigepflicht für alle Mitglieder und Gäste; Einzelfälle nur anonymisiert oder mit "
         "schriftlicher Entbindung von der Schweigepflicht.", *_items(f"{G}.datenschutz", "d")])
    c.p(doc, f"Beschluss: {{{{ {G}.beschluss.gremium }}}}, {{{{ {G}.beschluss.datum | datum }}}}; "
             f"in Kraft ab {{{{ {G}.beschluss.inkrafttreten | datum }}}}.", "Hinweis")
    return doc
