"""The overview of all applications: one row each, as an XLSX workbook and as a PDF.

The workbook has a sheet „Bewerbungen“ (header frozen, filters on, a native bar chart
of both indicators in percent of the state average, 100 % marked by a line), a sheet
„Dreiergruppen“ with the selection help and a sheet „Legende“. The PDF shows the same
rows and groups, with the chart drawn as SVG. openpyxl is used only here.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING, Any

from docgen.formatting import datum, zahl
from docgen.pruefung.auswahl import Auswahl
from docgen.pruefung.bericht import sender_context
from docgen.pruefung.regeln import Regeln
from docgen.templating import render_template

if TYPE_CHECKING:
    from docgen.pipeline import Engine
    from docgen.pruefung import Bewerbung

TEMPLATE = "uebersicht.html.j2"
CHART_TEMPLATE = "uebersicht-diagramm.svg.j2"
INDICATORS = (("hilfen_zur_erziehung", "HzE"), ("u15_sozialgeld", "U15 Sozialgeld"))
"""The indicators compared, with the short names of the columns."""
COLOURS = ("#1f4e79", "#c0504d")
VERDICT_COLOURS = {"erfüllt": "1D6B32", "nicht erfüllt": "A11D1D", "nicht prüfbar": "8A5A00"}
"""The verdicts' colours in the workbook, as in the PDF."""


@dataclass(frozen=True)
class Spalte:
    titel: str
    breite: float
    """Column width in the workbook (characters)."""
    format: str | None = None
    """Excel number format."""


def columns(regeln: Regeln) -> list[Spalte]:
    cols = [Spalte("Kommune", 30), Spalte("Art", 16), Spalte("Einwohner", 12, "#,##0")]
    for _, short in INDICATORS:
        cols += [Spalte(f"{short} je 100.000", 12, "#,##0.0"),
                 Spalte(f"{short} Landesdurchschnitt", 14, "#,##0.0"),
                 Spalte(f"{short} in % des Landesdurchschnitts", 14, "0.0")]
    cols += [Spalte(getattr(regeln.bedingungen, cid).titel, 16) for cid in condition_ids(regeln)]
    cols += [Spalte("Gesamtergebnis", 14), Spalte("Koordinierungsstelle", 22),
             Spalte("Aktivität", 16), Spalte("Eingang (BLS)", 13, "DD.MM.YYYY"),
             Spalte("Datiert", 13, "DD.MM.YYYY"), Spalte("Datei", 40)]
    return cols


def condition_ids(regeln: Regeln) -> list[str]:
    return list(type(regeln.bedingungen).model_fields)


@dataclass(frozen=True)
class Zeile:
    """One application in the overview (None where unknown)."""

    kommune: str
    art: str | None
    einwohner: int | None
    indikatoren: tuple[tuple[float, float, float] | None, ...]
    """Per indicator of ``INDICATORS``: value, state average, value in % of the average."""
    urteile: tuple[str | None, ...]
    ergebnis: str
    ansiedlung: str | None
    aktivitaet: str
    eingang: date | None
    datiert: date | None
    datei: str

    def cells(self) -> list[Any]:
        """The workbook row, in the order of ``columns``."""
        cells: list[Any] = [self.kommune, self.art, self.einwohner]
        for values in self.indikatoren:
            cells += list(values) if values else [None] * 3
        return [*cells, *self.urteile, self.ergebnis, self.ansiedlung, self.aktivitaet,
                self.eingang, self.datiert, self.datei]


def rows(bewerbungen: Sequence[Bewerbung], regeln: Regeln) -> list[Zeile]:
    table = []
    for b in sorted(bewerbungen, key=lambda b: b.steckbrief.kommune):
        s, verdicts = b.steckbrief, {p.id: str(p.urteil) for p in b.bericht.pruefungen}
        values = tuple((i.wert, i.landesdurchschnitt, round(i.prozent, 1)) if i else None
                       for i in (s.indikator(key) for key, _ in INDICATORS))
        table.append(Zeile(s.kommune, s.art, s.einwohner, values,
                           tuple(verdicts.get(cid) for cid in condition_ids(regeln)),
                           str(b.bericht.ergebnis), s.ansiedlung, s.aktivitaet.text, s.eingang,
                           s.datiert, s.datei))
    return table


def workbook(bewerbungen: Sequence[Bewerbung], auswahl: Auswahl, regeln: Regeln,
             stand: date) -> bytes:
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, LineChart, Reference
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = "Bewerbungen"
    cols = columns(regeln)
    sheet.append([c.titel for c in cols])
    for row in rows(bewerbungen, regeln):
        sheet.append(row.cells())
    _texts_stay_texts(sheet)
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            if cell.value in VERDICT_COLOURS:
                cell.font = Font(color=VERDICT_COLOURS[cell.value], bold=cell.value == "nicht erfüllt")
    header_fill = PatternFill("solid", fgColor="EEF2F7")
    for index, col in enumerate(cols, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font, cell.fill = Font(bold=True), header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(index)].width = col.breite
        if col.format:
            for (body,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                body.number_format = col.format
    sheet.row_dimensions[1].height = 45
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = sheet.dimensions
    count = len(bewerbungen)
    if count:
        # a helper column right of the table: the 100 % line of the chart
        marker = len(cols) + 2
        sheet.cell(row=1, column=marker, value="Landesdurchschnitt = 100 %")
        for r in range(2, count + 2):
            sheet.cell(row=r, column=marker, value=100)
        bars = BarChart()
        bars.type, bars.grouping = "col", "clustered"
        bars.title = "Belastungsindikatoren in % des Landesdurchschnitts"
        bars.y_axis.title = "% des Landesdurchschnitts (100 = Durchschnitt)"
        bars.x_axis.delete = bars.y_axis.delete = False  # newer Excel hides axes otherwise
        names = Reference(sheet, min_col=1, min_row=2, max_row=count + 1)
        for position in (6, 9):  # the "in %" columns of both indicators
            bars.add_data(Reference(sheet, min_col=position, min_row=1, max_row=count + 1),
                          titles_from_data=True)
        bars.set_categories(names)
        line = LineChart()
        line.add_data(Reference(sheet, min_col=marker, min_row=1, max_row=count + 1),
                      titles_from_data=True)
        bars += line
        bars.height, bars.width = 10, 6 + 2.2 * count
        sheet.add_chart(bars, f"A{count + 4}")
    _groups_sheet(book.create_sheet("Dreiergruppen"), auswahl)
    legend = book.create_sheet("Legende")
    for line_text in legend_lines(regeln, stand):
        legend.append([line_text])
    legend.column_dimensions["A"].width = 120
    stamp = datetime.combine(stand, time(), tzinfo=UTC).replace(tzinfo=None)
    book.properties.creator = regeln.absender.name
    book.properties.title = f"Übersicht der Bewerbungen – {regeln.name}"
    book.properties.created = book.properties.modified = stamp
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _texts_stay_texts(sheet: Any) -> None:
    """Text from the data is never a formula: openpyxl would store „=…“ as one."""
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.data_type == "f":
                cell.data_type = "s"


def _groups_sheet(sheet: Any, auswahl: Auswahl) -> None:
    sheet.append([auswahl.hinweis])
    sheet.append(["Rang", "Kommunen", "Unterschiedsmaß", "Anteile", "Gründe"])
    for rank, group in enumerate(auswahl.gruppen, start=1):
        parts = "; ".join(f"{name} {zahl(value, 2)}" for name, value in group.anteile)
        sheet.append([rank, group.namen, group.mass, parts, " ".join(group.gruende)])
    sheet.append([])
    sheet.append(["Nicht berücksichtigt", "Grund"])
    for profile, why in auswahl.ausgeschlossen:
        sheet.append([profile.kommune, why])
    for reason, count in auswahl.verworfen:
        sheet.append([f"{count} Gruppe(n) verworfen", reason])
    _texts_stay_texts(sheet)
    for column, width in zip("ABCDE", (8, 60, 16, 50, 120), strict=True):
        sheet.column_dimensions[column].width = width


def legend_lines(regeln: Regeln, stand: date) -> list[str]:
    lines = [f"Übersicht der Bewerbungen nach „{regeln.aufruf}“, Prüfregeln „{regeln.name}“, "
             f"Stand {datum(stand, 'kurz')}."]
    for cid in condition_ids(regeln):
        rule = getattr(regeln.bedingungen, cid)
        lines.append(f"{rule.titel} ({rule.fundstelle}): {rule.wortlaut}")
    lines.append("„nicht prüfbar“: Die Daten entscheiden die Bedingung nicht; es fehlt ein "
                 "Dokument oder ein Urteil der BLS in der Bewertungsdatei.")
    return lines


# --- PDF --------------------------------------------------------------------------------------

def chart(bewerbungen: Sequence[Bewerbung]) -> dict[str, Any]:
    """Geometry of a horizontal bar chart: both indicators per municipality in % of average."""
    profiles = sorted((b.steckbrief for b in bewerbungen), key=lambda s: s.kommune)
    label, plot, bar, gap = 230.0, 520.0, 11.0, 12.0
    values = [i.prozent for s in profiles for i in s.indikatoren]
    top = max([150.0, *values])
    top = (int(top // 50) + 1) * 50
    height = 30 + len(profiles) * (2 * bar + gap) + 30
    bars, labels, ticks = [], [], []
    middle = label + plot * 100 / top
    y = 20.0
    for s in profiles:
        labels.append({"x": label - 8, "y": y + bar + 4, "text": s.kommune, "anchor": "end"})
        for offset, ((key, short), colour) in enumerate(zip(INDICATORS, COLOURS, strict=True)):
            i = s.indikator(key)
            if i is None:
                continue
            width = plot * i.prozent / top
            top_y = y + offset * bar
            bars.append({"x": label, "y": top_y, "w": width, "h": bar - 1, "farbe": colour,
                         "titel": f"{s.kommune}, {short}: {zahl(i.prozent, 1)} %"})
            x = label + width + 3
            if x < middle + 3 < x + 30:  # the label would cross the 100 % line: right of it
                x = middle + 3
            labels.append({"x": x, "y": top_y + bar - 2.5, "text": f"{zahl(i.prozent, 0)} %",
                           "anchor": "start"})
        y += 2 * bar + gap
    for value in range(0, top + 1, 50):
        ticks.append({"x": label + plot * value / top, "text": f"{value} %"})
    return {"breite": label + plot + 60, "hoehe": height, "balken": bars, "beschriftungen": labels,
            "teilung": ticks, "achse_y": y, "mitte": middle,
            "legende": [{"farbe": c, "text": s} for (_, s), c in zip(INDICATORS, COLOURS, strict=True)]}


def chart_image(engine: Engine, bewerbungen: Sequence[Bewerbung]) -> str:
    """The chart as an SVG ``data:`` URI, for an image with a text alternative (PDF/UA)."""
    svg = render_template(engine.env, CHART_TEMPLATE, {"d": chart(bewerbungen)})
    return f"data:image/svg+xml;base64,{base64.b64encode(svg.encode('utf-8')).decode('ascii')}"


def render_pdf(engine: Engine, bewerbungen: Sequence[Bewerbung], auswahl: Auswahl,
               regeln: Regeln, stand: date) -> bytes:
    context = {
        **sender_context(regeln, stand), "regeln": regeln, "absender": regeln.absender,
        "stand": stand, "spalten": columns(regeln), "zeilen": rows(bewerbungen, regeln),
        "bedingungen": [getattr(regeln.bedingungen, cid) for cid in condition_ids(regeln)],
        "diagramm_bild": chart_image(engine, bewerbungen), "auswahl": auswahl,
        "legende": legend_lines(regeln, stand),
    }
    html = render_template(engine.env, TEMPLATE, context)
    return engine.pdf_renderer.render(html, source_name=TEMPLATE)
