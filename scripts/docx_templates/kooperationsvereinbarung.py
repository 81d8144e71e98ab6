"""Word template of the Kooperationsvereinbarung, from the assembled clauses."""

from __future__ import annotations

from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH

from docx_templates import _common as c


def build() -> DocumentObject:
    v, k = "vereinbarung", "antrag.kommune"
    title = f"{{{{ {v}.titel }}}} – {{{{ {k}.name }}}}"
    doc = c.new_document(title, f"{{{{ {k}.name }}}}")
    c.letterhead(doc)
    c.footer(doc, title, f"{{{{ {v}.titel }}}} · {{{{ {k}.name }}}}")
    paragraph = c.p(doc, f"{{{{ {v}.titel }}}}", "Title")
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph = c.p(doc, f"{{{{ {v}.untertitel }}}}")
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def party() -> None:
        c.p(doc, "{{ 'und' if loop.last and not loop.first }}").alignment = WD_ALIGN_PARAGRAPH.CENTER
        c.p(doc, "{{ p.name }}{{ ', ' ~ p.anschrift.strasse ~ ', ' ~ p.anschrift.plz ~ ' ' ~ "
                "p.anschrift.ort if p.anschrift }},", bold=True)
        c.p(doc, "vertreten durch {{ p.vertreten_durch }}, {{ p.funktion }} – im Folgenden "
                "„{{ p.kurzbezeichnung }}“ –")

    c.loop(doc, f"for p in {v}.parteien", party)
    c.sections(doc)
    c.p(doc, "Unterschriften", "Heading 2")
    c.signature_block(doc, f"{v}.parteien", f"{{{{ {v}.ort }}}}", f"{{{{ {v}.datum | datum('kurz') }}}}",
                    "p.vertreten_durch", "p.funktion", "p.name", "p.vertretung")
    return doc
