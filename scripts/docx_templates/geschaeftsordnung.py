"""Word template of a Geschäftsordnung as numbered sections."""

from __future__ import annotations

from docx.document import Document as DocumentObject

from docx_templates import _common as c


def build() -> DocumentObject:
    g, k = "ordnung", "kommune"
    title = f"Geschäftsordnung {{{{ {g}.name }}}}"
    doc = c.new_document(title, f"{{{{ {k}.name }}}}",
                         f"Geschäftsordnung für {{{{ {g} | akk }}}} „{{{{ {g}.name }}}}“")
    c.letterhead(doc)
    c.footer(doc, title, f"Geschäftsordnung · {{{{ {g}.name }}}}")
    c.p(doc, "Geschäftsordnung", "Titel zentriert")
    c.p(doc, f"{{{{ {g}.name }}}}{{{{ ' (' ~ {g}.abkuerzung ~ ')' if {g}.abkuerzung }}}}", "Subtitle")
    c.p(doc, f"Beschluss: {{{{ {g}.beschluss.gremium }}}}, {{{{ {g}.beschluss.datum | datum }}}}",
        "Hinweis zentriert")
    c.sections(doc)
    return doc
