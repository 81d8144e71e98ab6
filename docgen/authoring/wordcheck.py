"""Checks of one Word template (docxtpl) that need no rendering: every problem at once.

docxtpl's paragraph, row and cell tags (``{%p …%}``, ``{%tr …%}``, ``{%tc …%}``) replace
the whole paragraph, row or cell they stand in, so text beside them vanishes, and a pair
of them must sit in the same container, or filling the template breaks its XML. Plain
block tags pair within one paragraph. The tags of each paragraph become one line of a
Jinja source, so syntax errors and unknown names get the paragraph's place.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import jinja2

from docgen.authoring.analysis import Analysis
from docgen.authoring.docx_source import Paragraph, read
from docgen.authoring.names import Shape
from docgen.authoring.tags import NAMES, TAG, mend
from docgen.errors import Location, Problem, Severity
from docgen.jinja_german import german

_LEVEL = re.compile(r"^\{([%{#])(p|tr|tc|r)\s")
_KEYWORD = re.compile(r"^\{%-?\s*(\w+)")
_DOCXTPL_ONLY = re.compile(r"\{%\s*(colspan|cellbg)\s+(.*?)\s*%\}|\{%\s*(vm|hm)\s*%\}")
OPENERS = {"if", "for", "macro", "call", "filter", "with", "block", "raw", "autoescape"}
MIDDLES = {"elif": {"if"}, "else": {"if", "for"}}
WHOLE = {"p": ("den ganzen Absatz", "einen eigenen Absatz"),
         "tr": ("die ganze Tabellenzeile", "eine eigene Tabellenzeile"),
         "tc": ("die ganze Tabellenzelle", "eine eigene Tabellenzelle")}


@dataclass(frozen=True)
class _Tag:
    text: str
    """As typed, with docxtpl's level marker."""
    plain: str
    """Mended, without the level marker: what Jinja reads."""
    level: str | None
    keyword: str | None
    paragraph: Paragraph


def _plain(tag: str, level: str | None) -> str:
    if level:
        tag = tag[:2] + " " + tag[2 + len(level):]
    mended = mend(tag).text
    special = _DOCXTPL_ONLY.fullmatch(mended)
    if special:  # docxtpl's own table tags; their argument is an expression
        return "{{ " + special.group(2) + " }}" if special.group(2) else ""
    return mended


def _container(tag: _Tag) -> tuple[str | None, str]:
    """The container a tag's pair must share, and its German name."""
    p = tag.paragraph
    if tag.level == "tr":
        return p.table, "Tabelle"
    if tag.level == "tc":
        return p.row, "Tabellenzeile"
    if tag.level == "p":
        return p.parent, p.parent_kind
    return str(p.index), "Absatz"


class WordCheck:
    def __init__(self, path: Path, display: str, env: jinja2.Environment,
                 provided: Mapping[str, Shape], label: str) -> None:
        self.path, self.display, self.env = path, display, env
        self.provided, self.label = provided, label
        self.problems: list[Problem] = []

    def _say(self, paragraph: Paragraph | str, message: str,
             severity: Severity = Severity.ERROR) -> None:
        place = paragraph if isinstance(paragraph, str) else paragraph.place
        self.problems.append(Problem(message, Location(f"{self.display}, {place}"),
                                     severity=severity))

    def run(self) -> list[Problem]:
        try:
            source = read(self.path)
        except Exception as exc:  # not a Word file at all
            self.problems.append(Problem(f"keine lesbare Word-Datei (.docx): {exc}",
                                         Location(self.display)))
            return self.problems
        for remark in source.remarks:
            self._say(remark.place, remark.message)
        tags = [t for p in source.paragraphs for t in self._tags(p)]
        self._pairs(tags)
        self._names(source.paragraphs, tags)
        return self.problems

    def _tags(self, paragraph: Paragraph) -> list[_Tag]:
        text = paragraph.text
        found = []
        for match in TAG.finditer(text):
            raw = match.group(0)
            level_match = _LEVEL.match(raw)
            level = level_match.group(2) if level_match else None
            plain = _plain(raw, level)
            keyword = _KEYWORD.match(plain)
            tag = _Tag(raw, plain, level, keyword.group(1) if keyword else None, paragraph)
            found.append(tag)
            self._one(tag)
        rest = TAG.sub("", text)
        for opener in ("{{", "{%"):
            if opener in rest:
                self._say(paragraph, f"ein Tag „{opener}“ wird in diesem Absatz nicht "
                                     f"geschlossen: „{text.strip()[:90]}“ – ein Tag muss in "
                                     "einem Absatz beginnen und enden")
        return found

    def _one(self, tag: _Tag) -> None:
        paragraph, raw = tag.paragraph, tag.text
        mended = mend(raw)
        if mended.replaced:
            chars = ", ".join(dict.fromkeys(NAMES[c] for c in mended.replaced))
            self._say(paragraph, f"im Tag „{raw}“ stehen typografische Zeichen ({chars}); docgen "
                                 f"liest den Tag als „{mended.text}“. Besser gerade Zeichen "
                                 "tippen (AutoKorrektur „Gerade Anführungszeichen durch "
                                 "typografische ersetzen“ ausschalten)", Severity.WARNING)
        left = [c for c in mended.text if c in "“”‘’"]
        if left:
            self._say(paragraph, f"im Tag „{raw}“ steht {NAMES[left[0]]} in einer Zeichenkette; "
                                 "docxtpl macht daraus ein gerades Anführungszeichen und beendet "
                                 "die Zeichenkette. Schreiben Sie diesen Text außerhalb des Tags")
        if raw.startswith(("{{r ", "{{p ")):
            self._say(paragraph, f"„{raw}“ gibt nur formatierten Text (RichText, Unterdokument) "
                                 "aus, den docgen nicht liefert; der Wert erschiene nicht. "
                                 f"Schreiben Sie „{{{{ {raw[4:-2].strip()} }}}}“")
        if tag.level in ("p", "tr", "tc") and not raw.startswith("{#"):
            whole = {"p": paragraph.text, "tr": paragraph.row_text, "tc": paragraph.cell_text}
            rest = " ".join(whole[tag.level].replace(raw, " ", 1).split())
            if rest:
                whole_one, own = WHOLE[tag.level]
                self._say(paragraph, f"„{raw}“ ersetzt beim Ausfüllen {whole_one}; der Text "
                                     f"daneben geht verloren: „{rest[:90]}“ – setzen Sie den Tag "
                                     f"allein in {own}")
        problem = _syntax(self.env, tag)
        if problem:
            self._say(paragraph, f"Syntaxfehler im Tag „{raw}“: {problem}")

    def _pairs(self, tags: list[_Tag]) -> None:
        stack: list[_Tag] = []
        for tag in tags:
            keyword = tag.keyword
            if keyword is None or tag.text.startswith(("{{", "{#")):
                continue
            if keyword == "set" and "=" not in tag.plain:
                keyword = "block-set"
            if keyword in OPENERS or keyword == "block-set":
                stack.append(tag)
            elif keyword in MIDDLES or keyword.startswith("end"):
                if not stack:
                    self._say(tag.paragraph, f"„{tag.text}“ schließt nichts: davor ist kein "
                                             "Block offen")
                    continue
                opener = stack[-1] if keyword in MIDDLES else stack.pop()
                self._same_container(opener, tag)
        for opener in stack:
            self._say(opener.paragraph, f"„{opener.text}“ wird nirgends geschlossen")

    def _same_container(self, opener: _Tag, closer: _Tag) -> None:
        (where, kind), (other, other_kind) = _container(opener), _container(closer)
        if where == other or (opener.level is None and closer.level is None and any(
                t.text.startswith("{%-") or t.text.endswith("-%}") for t in (opener, closer))):
            return  # docxtpl joins the paragraphs between {%- … -%} into one
        if opener.level != closer.level:
            hint = (f"die Tags sind verschieden: „{opener.text}“ und „{closer.text}“ – "
                    "schreiben Sie beide als {%p …%} (Absätze), {%tr …%} (Zeilen) oder ohne "
                    "Zusatz im selben Absatz")
        else:
            hint = (f"„{opener.text}“ ({opener.paragraph.place}, {kind}) und „{closer.text}“ "
                    f"({closer.paragraph.place}, {other_kind}) stehen in verschiedenen "
                    "Bereichen; beide müssen im selben Bereich stehen, sonst zerbricht das "
                    "Dokument beim Ausfüllen")
        self._say(closer.paragraph, f"Block-Tags kreuzen eine Word-Struktur: {hint}")

    def _names(self, paragraphs: list[Paragraph], tags: list[_Tag]) -> None:
        lines = [""] * len(paragraphs)
        for tag in tags:
            lines[tag.paragraph.index] += tag.plain
        try:
            ast = self.env.parse("\n".join(lines))
        except jinja2.TemplateSyntaxError as exc:
            if not any(p.severity is Severity.ERROR for p in self.problems):  # said already
                self._say(paragraphs[(exc.lineno or 1) - 1],
                          f"Syntaxfehler: {german(exc.message)}")
            return
        for found in Analysis(self.provided, self.label).run(ast):
            paragraph = paragraphs[found.line - 1]
            self._say(paragraph, f"{found.message} – Text: „{paragraph.text.strip()[:90]}“")


def _syntax(env: jinja2.Environment, tag: _Tag) -> str | None:
    """The German syntax error of one tag on its own, if it has one."""
    keyword, plain = tag.keyword, tag.plain
    if not plain or keyword in ("else", "raw", "autoescape") or (keyword or "").startswith("end"):
        return None
    if plain.startswith("{%"):
        if keyword == "elif":
            plain = "{% if true %}" + plain + "{% endif %}"
        elif keyword in OPENERS:
            plain += "{% end" + keyword + " %}"
        elif keyword == "set" and "=" not in plain:
            plain += "{% endset %}"
    try:
        env.compile(plain)  # compiling also finds unknown filters and tests
    except jinja2.TemplateSyntaxError as exc:
        return german(exc.message)
    return None
