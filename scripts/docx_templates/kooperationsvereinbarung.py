"""Word template of the Kooperationsvereinbarung, from the assembled clauses."""

from __future__ import annotations

from docx.document import Document as DocumentObject

from docx_templates import _common as c


def build() -> DocumentObject:
    v, k = "vereinbarung", "kommune"
    title = f"{{{{ {v}.titel }}}} – {{{{ {k}.name }}}}"
    doc = c.new_document(title, f"{{{{ {k}.name }}}}", f"{{{{ {v}.titel }}}} {{{{ {v}.untertitel }}}}")
    c.letterhead(doc)
    c.footer(doc, title, f"{{{{ {v}.titel }}}} · {{{{ {k}.name }}}}")
    c.p(doc, f"{{{{ {v}.titel }}}}", "Titel zentriert")
    c.p(doc, f"{{{{ {v}.untertitel }}}}", "Subtitle")

    def party() -> None:
        c.cond(doc, "loop.last and not loop.first", lambda: c.p(doc, "und", "Zentriert"))
        paragraph = c.p(doc, "", "Partei")
        paragraph.add_run("{{ p.name }}", "Strong")
        paragraph.add_run("{{ ', ' ~ p.anschrift.strasse ~ ', ' ~ p.anschrift.plz ~ ' ' ~ "
                          "p.anschrift.ort if p.anschrift }},").add_break()
        paragraph.add_run("vertreten durch {{ p.vertreten_durch }}, {{ p.funktion }} ")
        paragraph.add_run("– im Folgenden „{{ p.kurzbezeichnung }}“ –", "Nebenangabe")

    c.loop(doc, f"for p in {v}.parteien", party)
    c.sections(doc)
    c.p(doc, "Unterschriften", "Heading 2")
    c.signature_blocks(doc, f"{v}.parteien", f"{{{{ {v}.ort }}}}",
                       f"{{{{ {v}.datum | datum('kurz') }}}}", "p.vertreten_durch", "p.funktion",
                       "p.name", "p.vertretung")
    return doc
