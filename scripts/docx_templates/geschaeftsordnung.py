"""Word template of a Geschäftsordnung as numbered sections."""

from __future__ import annotations

from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH

from docx_templates import _common as c


def build() -> DocumentObject:
    g, k = "ordnung", "antrag.kommune"
    title = f"Geschäftsordnung {{{{ {g}.name }}}}"
    doc = c.new_document(title, f"{{{{ {k}.name }}}}")
    c.letterhead(doc)
    c.footer(doc, title, f"Geschäftsordnung · {{{{ {g}.name }}}}")
    c.p(doc, "Geschäftsordnung", "Title").alignment = WD_ALIGN_PARAGRAPH.CENTER
    c.p(doc, f"{{{{ {g}.name }}}}{{{{ ' (' ~ {g}.abkuerzung ~ ')' if {g}.abkuerzung }}}}"
       ).alignment = WD_ALIGN_PARAGRAPH.CENTER
    c.p(doc, f"Beschluss: {{{{ {g}.beschluss.gremium }}}}, {{{{ {g}.beschluss.datum | datum }}}}",
       "Hinweis").alignment = WD_ALIGN_PARAGRAPH.CENTER
    c.sections(doc)
    return doc
