"""``docgen vorlagen referenz``: what each document type's templates may use, in German.

For every document type: its templates, the names they get, and below each name every
field with its type, whether the data must have it, what it means (the models' German
titles and descriptions) and an example value from the sample data; then the filters
that format values, each with an example. Written as Markdown (committed as
``docs/vorlagen-referenz.md``, held current by a test) and as HTML.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, fields, is_dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from docgen.authoring.names import COMMON, WORD_ONLY, Name, kind_of, names_for, sample_contexts
from docgen.formatting import FILTERS
from docgen.output import write_atomic
from docgen.registry import DOCUMENT_TYPES, SHARED_PARTS, DocumentType

COMMITTED = "docs/vorlagen-referenz.md"
MAX_DEPTH = 4

KOMMUNE = object()
"""Stands for the sample data's ``kommune`` in the filter examples (grammar filters)."""

FILTER_EXAMPLES: list[tuple[str, str, Any, tuple[Any, ...]]] = [
    ("datum", "Datum, lang", dt.date(2026, 2, 13), ()),
    ("datum", "Datum, kurz", dt.date(2026, 2, 13), ("kurz",)),
    ("datum", "Monat und Jahr", dt.date(2026, 2, 13), ("monat",)),
    ("uhrzeit", "Uhrzeit", dt.time(9, 30), ()),
    ("zahl", "Zahl", 2481.6, ()),
    ("zahl", "Zahl mit festen Nachkommastellen", 2481.6, (2,)),
    ("betrag", "Geldbetrag", 100000, ()),
    ("prozent", "Anteil als Prozent", 0.125, (1,)),
    ("vzae", "Stellenumfang", 0.5, ()),
    ("ja_nein", "Wahrheitswert", True, ()),
    ("aufzaehlung", "Liste als Text", ["Jugendamt", "Gesundheitsamt", "Suchthilfe"], ()),
    ("satzanfang", "erster Buchstabe groß", "der Landkreis", ()),
    ("zeilen", "Absätze eines Fließtexts als Liste (Word: {%p for %})", "Erster.\nZweiter.",
     ()),
    ("absaetze", "Fließtext als HTML-Absätze (nur HTML)", "Erster.\nZweiter.", ()),
    ("typo", "deutsche Typografie: geschützte Leerzeichen, Minuszeichen", "S. 5, §§ 3 - 4", ()),
    ("nom", "mit bestimmtem Artikel, Nominativ", KOMMUNE, ()),
    ("gen", "mit bestimmtem Artikel, Genitiv", KOMMUNE, ()),
    ("dat", "mit bestimmtem Artikel, Dativ", KOMMUNE, ()),
    ("akk", "mit bestimmtem Artikel, Akkusativ", KOMMUNE, ()),
    ("dat", "mit Präposition (zusammengezogen, wo üblich)", KOMMUNE, ("in",)),
    ("artikel", "nur der Artikel (Kasus als Argument)", KOMMUNE, ("gen",)),
    ("ohne_artikel", "ohne Artikel (Kasus als Argument)", KOMMUNE, ("gen",)),
    ("unbestimmt", "mit unbestimmtem Artikel", KOMMUNE, ()),
    ("pronomen", "Personalpronomen (Kasus als Argument)", KOMMUNE, ("dat",)),
    ("possessiv", "Possessivpronomen (Endung als Argument)", KOMMUNE, ("e",)),
    ("in_dat", "„im“ / „in der“ mit Dativ", KOMMUNE, ()),
    ("name", "Eigenname: keine Silbentrennung darin (HTML; in Word unverändert)", "Weißenböck",
     ()),
    ("adresse", "E-Mail-Adresse, Internetadresse: nicht getrennt (HTML; in Word unverändert)",
     "info@kreis.example", ()),
]


@dataclass(frozen=True)
class Row:
    path: str
    kind: str
    required: str
    meaning: str
    example: str


def _example(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, int | float | Decimal):
        return str(value)
    if isinstance(value, str):
        text = " ".join(value.split())
        return f"„{text[:70]}…“" if len(text) > 70 else f"„{text}“"
    if isinstance(value, list | tuple):
        return f"{len(value)} Einträge"
    return "Abschnitt"


def _rows(path: str, value: Any, model: Any, depth: int) -> Iterator[Row]:
    """The fields below ``path``: from the model when there is one, else from the sample."""
    if depth > MAX_DEPTH:
        return
    if isinstance(model, type) and issubclass(model, BaseModel):
        for name, info in model.model_fields.items():
            sub = getattr(value, name, None) if value is not None else None
            meaning = " – ".join(t for t in (info.title, info.description) if t)
            yield from _field(f"{path}.{name}", sub, info.annotation, info.is_required(),
                              meaning, depth)
        for name, member in vars(model).items():
            if isinstance(member, property) and not name.startswith("_"):
                sub = getattr(value, name, None) if value is not None else None
                doc = (member.__doc__ or "").strip().splitlines()
                yield Row(f"{path}.{name}", _kind_of_value(sub), "abgeleitet",
                          "aus den Daten berechnet" + (f": {doc[0]}" if doc else ""),
                          _example(sub))
        return
    if isinstance(value, Mapping):
        for key, sub in value.items():
            yield from _field(f"{path}.{key}", sub, None, True, "", depth)
    elif is_dataclass(value) and not isinstance(value, type):
        for f in fields(value):
            yield from _field(f"{path}.{f.name}", getattr(value, f.name), None, True, "", depth)


def _kind_of_value(value: Any) -> str:
    if isinstance(value, list | tuple):
        return "Liste"
    if isinstance(value, BaseModel | Mapping) or is_dataclass(value):
        return "Abschnitt"
    return kind_of(type(value)) if value is not None else "Wert"


def _field(path: str, value: Any, annotation: Any, required: bool, meaning: str,
           depth: int) -> Iterator[Row]:
    from docgen.authoring.names import shape_of

    shape = shape_of(annotation) if annotation is not None else None
    kind = shape.kind if shape else _kind_of_value(value)
    if shape and shape.item is not None:
        item_kind = shape.item.kind if shape.item.model is None else "Abschnitte"
        kind = f"Liste ({item_kind})"
    yield Row(path, kind, "Pflicht" if required else "optional", meaning, _example(value))
    if shape is not None and shape.item is not None:
        first = value[0] if isinstance(value, list | tuple) and value else None
        yield from _rows(f"{path}[]", first, shape.item.model, depth + 1)
    elif shape is not None and shape.model is not None:
        yield from _rows(path, value, shape.model, depth + 1)
    elif isinstance(value, list | tuple) and value:
        yield from _rows(f"{path}[]", value[0], None, depth + 1)
    elif isinstance(value, Mapping) or (is_dataclass(value) and not isinstance(value, type)):
        yield from _rows(path, value, None, depth + 1)


def _name_rows(name: Name) -> Iterator[Row]:
    hidden = name.name in COMMON or name.name in WORD_ONLY  # varies per run: no example
    yield Row(name.name, name.shape.kind, "Pflicht" if name.required else "optional",
              name.title, "" if hidden else _example(name.sample))
    if name.name in SHARED_PARTS or hidden:
        return  # shared parts are described once, below
    if isinstance(name.sample, list | tuple):
        yield from _rows(f"{name.name}[]", name.sample[0] if name.sample else None, None, 1)
    else:
        yield from _rows(name.name, name.sample, name.shape.model, 1)


@dataclass(frozen=True)
class Section:
    title: str
    text: str
    rows: list[Row]


def sections() -> list[Section]:
    samples = sample_contexts()
    result = [Section(
        "Filter", "Werte, die kein Text sind (Zahlen, Daten, Listen, Wahrheitswerte, leere "
        "Felder), gibt eine Vorlage nur mit einem Filter aus: `{{ kurzkonzept.datum | datum }}`. "
        "Ohne Filter ist es ein Fehler mit Datei und Zeile.",
        _filter_rows(samples))]
    for doc_type in DOCUMENT_TYPES:
        sample = samples.get(doc_type.name, {})
        names = names_for(doc_type, True, sample)
        result.append(Section(doc_type.title, _templates(doc_type),
                              [row for name in names.values() for row in _name_rows(name)]))
    shared = next(iter(samples.values()), {})
    for part, spec in SHARED_PARTS.items():
        rows = list(_rows(part, shared.get(part), spec.model, 1))
        result.append(Section(f"Gemeinsamer Teil „{part}“: {spec.title}", spec.description, rows))
    return result


def _filter_rows(samples: Mapping[str, Mapping[str, Any]]) -> list[Row]:
    """Every filter, with an example where one is known (grammar ones on the sample kommune)."""
    kommune = next(iter(samples.values()), {}).get("kommune")
    rows = []
    for name, what, value, args in FILTER_EXAMPLES:
        if name not in FILTERS:
            continue
        shown = "kommune" if value is KOMMUNE else _example(value)
        value = kommune if value is KOMMUNE else value
        result = _formatted(FILTERS[name](value, *args))
        rows.append(Row(f"| {name}" + (f"({', '.join(map(repr, args))})" if args else ""), what,
                        "", "", f"{shown} → {_example(result)}"))
    described = {name for name, *_ in FILTER_EXAMPLES}
    rows += [Row(f"| {name}", (function.__doc__ or "").strip().splitlines()[0] if function.__doc__
                 else "", "", "", "") for name, function in FILTERS.items() if name not in described]
    return rows


def _formatted(value: Any) -> Any:
    return " ".join(str(value).split()) if not isinstance(value, list) else value


def _templates(doc_type: DocumentType) -> str:
    files = [f"`html/{doc_type.html_template}`"]
    if doc_type.docx_template:
        files.append(f"`docx/{doc_type.docx_template}`")
    extra = []
    if doc_type.texts:
        extra.append(f"Textbausteine `texte/{doc_type.texts}`")
    if doc_type.clauses:
        extra.append(f"Klauseln `klauseln/{doc_type.clauses}`")
    many = (f" Je Eintrag der Liste `{doc_type.key}` ein Dokument." if doc_type.many
            else f" Daten unter `{doc_type.key}`.")
    return (f"Vorlagen: {' und '.join(files)}" + (f"; {', '.join(extra)}" if extra else "")
            + "." + many)


INTRO = ("Was die Vorlagen jedes Dokumenttyps verwenden dürfen: Namen, Typen, ob die Daten "
         "den Wert haben müssen (Pflicht) oder nicht (optional: in der Vorlage mit "
         "`{% if … %}` abfragen), Bedeutung und ein Beispielwert aus den Beispieldaten in "
         "`data/`. `name[]` steht für einen Eintrag einer Liste (`{% for eintrag in name %}`). "
         "Erzeugt mit `docgen vorlagen referenz`; nicht von Hand ändern. Prüfen: "
         "`docgen vorlagen pruefen ORDNER`.")


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def reference_markdown() -> str:
    lines = ["# Vorlagen-Referenz", "", INTRO, ""]
    for section in sections():
        lines += [f"## {section.title}", "", section.text, ""]
        if section.title == "Filter":
            lines += ["| Filter | Wirkung | Beispiel |", "|---|---|---|"]
            lines += [f"| `{_md(r.path)}` | {_md(r.kind)} | {_md(r.example)} |"
                      for r in section.rows]
        else:
            lines += ["| Name | Typ | Pflicht | Bedeutung | Beispiel |", "|---|---|---|---|---|"]
            lines += [f"| `{_md(r.path)}` | {_md(r.kind)} | {r.required} | {_md(r.meaning)} | "
                      f"{_md(r.example)} |" for r in section.rows]
        lines.append("")
    return "\n".join(lines)


def _code(text: str) -> str:
    """Markdown's `code` as HTML, the rest escaped."""
    parts = html.escape(text, quote=False).split("`")
    return "".join(f"<code>{p}</code>" if i % 2 else p for i, p in enumerate(parts))


def reference_html() -> str:
    body = [f"<h1>Vorlagen-Referenz</h1>\n<p>{_code(INTRO)}</p>"]
    for section in sections():
        body.append(f"<h2>{html.escape(section.title)}</h2>\n<p>{_code(section.text)}</p>")
        filters = section.title == "Filter"
        head = ("Filter", "Wirkung", "Beispiel") if filters else (
            "Name", "Typ", "Pflicht", "Bedeutung", "Beispiel")
        body.append("<table>\n<tr>" + "".join(f"<th>{h}</th>" for h in head) + "</tr>")
        for r in section.rows:
            cells = ([r.path, r.kind, r.example] if filters
                     else [r.path, r.kind, r.required, r.meaning, r.example])
            body.append("<tr>" + "".join(
                f"<td><code>{html.escape(c)}</code></td>" if i == 0 else f"<td>{html.escape(c)}</td>"
                for i, c in enumerate(cells)) + "</tr>")
        body.append("</table>")
    style = ("body{font-family:sans-serif;max-width:70em;margin:2em auto;line-height:1.4}"
             "table{border-collapse:collapse;width:100%}td,th{border:1px solid #bbb;"
             "padding:.2em .4em;vertical-align:top;text-align:left}code{white-space:nowrap}")
    return ("<!DOCTYPE html>\n<html lang=\"de\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>Vorlagen-Referenz</title>\n<style>{style}</style>\n</head>\n<body>\n"
            + "\n".join(body) + "\n</body>\n</html>\n")


def write_reference(folder: Path) -> list[Path]:
    """``vorlagen-referenz.md`` and ``.html`` in ``folder``."""
    written = []
    for suffix, text in (("md", reference_markdown()), ("html", reference_html())):
        path = folder / f"vorlagen-referenz.{suffix}"
        write_atomic(path, text.encode("utf-8"))
        written.append(path)
    return written
