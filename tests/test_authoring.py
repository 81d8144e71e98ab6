"""Template authoring: each failure a BLS author met is a located German message (or a
mended success where it is harmless), from the checker and from rendering itself."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.document import Document
from testing_utils import EXAMPLE

from docgen.authoring.checker import check_folder
from docgen.authoring.tags import mend
from docgen.cli import main
from docgen.errors import Problem, Severity, TemplateError
from docgen.pipeline import Engine, Options

Make = Callable[[Document], object]
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _append(d: Document, xml: str) -> None:
    """Raw WordprocessingML at the end of the body (before its section properties)."""
    from docx.oxml import parse_xml

    body = d.element.body
    body.insert(len(body) - 1, parse_xml(xml))


def _word_folder(tmp_path: Path, make: Make, name: str = "docx/kurzkonzept.docx") -> Path:
    folder = tmp_path / "vorlagen"
    document = docx.Document()
    make(document)
    (folder / name).parent.mkdir(parents=True, exist_ok=True)
    document.save(str(folder / name))
    return folder


def _errors(folder: Path) -> list[str]:
    return [str(p) for p in check_folder(folder) if p.severity is Severity.ERROR]


def _render_docx(folder: Path, name: str = "kurzkonzept") -> bytes:
    engine = Engine(Options(templates=(folder,), formats=("docx",)))
    prepared = [p for p in engine.prepare(engine.validate_file(EXAMPLE))
                if p.job.doc_type.name == name]
    return engine.render_docx(prepared[0])


def _if_in_cell_endif_after(condition: str) -> Make:
    def make(d: Document) -> None:
        d.add_paragraph("{{ kommune.name }}")
        d.add_table(rows=1, cols=1).cell(0, 0).paragraphs[0].add_run(f"{{%p if {condition} %}}")
        d.add_paragraph("Nachsatz")
        d.add_paragraph("{%p endif %}")
    return make


@pytest.mark.slow  # renders every document of the sample data in both routes
def test_the_built_in_folder_has_no_finding() -> None:
    assert check_folder() == []


def test_a_block_tag_crossing_a_table_is_located_and_never_rendered_broken(
        tmp_path: Path) -> None:
    folder = _word_folder(tmp_path, _if_in_cell_endif_after("not kurzkonzept.anlagen"))
    (error,) = _errors(folder)
    assert error.startswith(f"{folder}/docx/kurzkonzept.docx, Absatz 3: Block-Tags kreuzen")
    assert "„{%p if not kurzkonzept.anlagen %}“ (Tabelle 1, Zeile 1, Spalte 1, Tabellenzelle)" \
        in error
    # rendering refuses what docxtpl would "repair" into a document without its rest
    with pytest.raises(TemplateError) as info:
        _render_docx(folder)
    message = str(info.value)
    assert message.startswith(f"{folder}/docx/kurzkonzept.docx: Word-Vorlage: der Haupttext ist "
                              "nach dem Ausfüllen kein gültiges Word-XML mehr")
    assert "Landkreis Märkische Heide" in message  # the document text before the fault


def test_a_content_control_around_a_loop_is_located(tmp_path: Path) -> None:
    def make(d: Document) -> None:
        _append(d, (
            f'<w:sdt {W}><w:sdtContent><w:p><w:r><w:t>{{%p for a in kurzkonzept.anlagen %}}'
            '</w:t></w:r></w:p><w:p><w:r><w:t>{{ a.titel }}</w:t></w:r></w:p></w:sdtContent>'
            '</w:sdt>'))
        d.add_paragraph("{%p endfor %}")
    folder = _word_folder(tmp_path, make)
    (error,) = _errors(folder)
    assert "Absatz 1 (im Inhaltssteuerelement), Inhaltssteuerelement" in error
    assert "„{%p endfor %}“ (Absatz 3, Haupttext)" in error
    with pytest.raises(TemplateError, match="kein gültiges Word-XML mehr"):
        _render_docx(folder)  # never only the first item and the rest swallowed


def test_text_beside_a_paragraph_tag_would_vanish(tmp_path: Path) -> None:
    def make(d: Document) -> None:
        d.add_paragraph("Anlagen: {%p for a in kurzkonzept.anlagen %}")
        d.add_paragraph("{{ a.titel }}")
        d.add_paragraph("{%p endfor %}")
        table = d.add_table(rows=1, cols=2)
        table.cell(0, 0).text = "{%tr if kurzkonzept.anlagen %}"
        table.cell(0, 1).text = "Überschrift"
        d.add_table(rows=1, cols=1).cell(0, 0).text = "{%tr endif %}"
    errors = _errors(_word_folder(tmp_path, make))
    assert any(e.endswith("docx/kurzkonzept.docx, Absatz 1: „{%p for a in kurzkonzept.anlagen %}“"
                          " ersetzt beim Ausfüllen den ganzen Absatz; der Text daneben geht "
                          "verloren: „Anlagen:“ – setzen Sie den Tag allein in einen eigenen "
                          "Absatz") for e in errors), errors
    assert any("Tabelle 1, Zeile 1, Spalte 1: „{%tr if kurzkonzept.anlagen %}“ ersetzt beim "
               "Ausfüllen die ganze Tabellenzeile; der Text daneben geht verloren: „Überschrift“"
               in e for e in errors), errors
    assert any("Tabelle 2, Zeile 1, Spalte 1: Block-Tags kreuzen" in e for e in errors), errors


def test_richtext_tag_on_plain_text_is_an_error(tmp_path: Path) -> None:
    folder = _word_folder(tmp_path, lambda d: d.add_paragraph("{{r kommune.name }}"))
    assert _errors(folder) == [
        f"{folder}/docx/kurzkonzept.docx, Absatz 1: „{{{{r kommune.name }}}}“ gibt nur "
        "formatierten Text (RichText, Unterdokument) aus, den docgen nicht liefert; der Wert "
        "erschiene nicht. "
        "Schreiben Sie „{{ kommune.name }}“"]
    with pytest.raises(TemplateError, match="RichText"):
        _render_docx(folder)


def test_autocorrected_quotes_in_a_tag_are_mended(tmp_path: Path) -> None:
    folder = _word_folder(tmp_path, lambda d: d.add_paragraph(
        "{{ „neu“ if kommune.art == „Landkreis“ else ‚alt‘ }} – {{ kommune.art if 3 – 1 == 2 }}"))
    quotes, dash = check_folder(folder)
    assert quotes.severity is dash.severity is Severity.WARNING
    assert str(quotes).endswith(
        "Absatz 1: Warnung: im Tag „{{ „neu“ if kommune.art == „Landkreis“ else ‚alt‘ }}“ stehen "
        "typografische Zeichen (deutsches Anführungszeichen unten „, Anführungszeichen oben “, "
        "einfaches Anführungszeichen unten ‚, einfaches Anführungszeichen ‘); docgen liest den "
        "Tag als „{{ \"neu\" if kommune.art == \"Landkreis\" else 'alt' }}“. Besser gerade "
        "Zeichen tippen (AutoKorrektur „Gerade Anführungszeichen durch typografische ersetzen“ "
        "ausschalten)")
    assert "(Gedankenstrich –); docgen liest den Tag als „{{ kommune.art if 3 - 1 == 2 }}“" \
        in str(dash)
    out = docx.Document(io.BytesIO(_render_docx(folder)))
    assert out.paragraphs[0].text == "neu – Landkreis"  # the dash between the tags stays


def test_quotes_that_cannot_be_mended_are_named(tmp_path: Path) -> None:
    folder = _word_folder(tmp_path, lambda d: d.add_paragraph('{{ "Er sagte „ja“" }}'))
    (error,) = _errors(folder)
    assert "Anführungszeichen oben “ in einer Zeichenkette" in error
    assert mend('{{ "Er sagte „ja“" }}').text == '{{ "Er sagte „ja“" }}'  # text stays text


@pytest.mark.slow  # renders the sample Kurzkonzept in both routes, five times
@pytest.mark.parametrize(("body", "expected"), [
    ("{{ kurzkonzept.handlungsfelder.A.aktueller_stand }}",
     "die Vorlage gibt ohne Formatierung eine Liste (3 Einträge); geben Sie sie mit "
     "„| aufzaehlung“"),
    ("{{ kurzkonzept.datum }}", "das Datum 2026-02-06; formatieren Sie es mit „| datum“"),
    ("{{ kurzkonzept.ausgangslage.indikatoren.u15_sozialgeld.wert }}",
     "die Zahl 11342.0; formatieren Sie sie mit „| zahl“"),
    ("{{ kommune.anschrift }}", "einen ganzen Abschnitt (Anschrift); geben Sie eines seiner "
                                "Felder aus: strasse, plz, ort, zusatz"),
    ("{{ kommune.anschrift.zusatz }}", "ein leeres (optionales) Feld; fragen Sie es mit"),
])
def test_values_that_are_not_text_need_a_filter_in_both_routes(
        tmp_path: Path, body: str, expected: str) -> None:
    _word_folder(tmp_path, lambda d: d.add_paragraph(body))
    (tmp_path / "vorlagen" / "html").mkdir()
    (tmp_path / "vorlagen" / "html" / "kurzkonzept.html.j2").write_text(
        '{% extends "base.html.j2" %}\n{% set dokumenttitel = "X" %}\n'
        "{% block inhalt %}\n<p>" + body + "</p>\n{% endblock %}\n", encoding="utf-8")
    errors = _errors(tmp_path / "vorlagen")
    assert len(errors) == 2, errors
    word, html = sorted(errors)
    assert html.startswith(f"{tmp_path}/vorlagen/html/kurzkonzept.html.j2:4: Testlauf mit den "
                           "Beispieldaten (kurzkonzept): ")
    assert word.startswith(f"{tmp_path}/vorlagen/docx/kurzkonzept.docx: Testlauf mit den ")
    assert expected in html and expected in word
    assert f"bei: „{body}“" in word


def test_unknown_names_are_all_reported_with_did_you_mean(tmp_path: Path) -> None:
    folder = tmp_path / "vorlagen"
    (folder / "html").mkdir(parents=True)
    (folder / "html" / "kurzkonzept.html.j2").write_text(
        '{% extends "base.html.j2" %}\n{% set dokumenttitel = "X" %}\n{% block inhalt %}\n'
        "<p>{{ kurzkonzept.ortt }}</p>\n{% for a in kurzkonzept.anlagen %}{{ a.titl }}"
        "{% endfor %}\n<p>{{ antrag.kommune.name }}</p>\n{% endblock %}\n", encoding="utf-8")
    errors = _errors(folder)
    where = f"{folder}/html/kurzkonzept.html.j2"
    assert errors[:2] == [
        f"{where}:4: „kurzkonzept.ortt“: das Feld „ortt“ gibt es nicht – meinten Sie „ort“? "
        "Vorhanden: anlagen, ansprechperson, ausgangslage, begruendung, datum, handlungsfelder, ort",
        f"{where}:5: „a.titl“: das Feld „titl“ gibt es nicht – meinten Sie „titel“? "
        "Vorhanden: datei, titel"]
    assert len(errors) == 3
    assert errors[2].startswith(
        f"{where}:6: „antrag“ gibt es in „Kurzkonzept für die Teilnahme als Pilotkommune“ nicht. "
        "Verfügbar: briefkopf, docgen_version, dokumenttitel, erstellt, kommune, "
        "koordinierungsstelle, kurzkonzept, logo, modellprojekt, texte")


def test_rendering_names_a_missing_field_in_german_with_the_valid_ones(tmp_path: Path) -> None:
    folder = _word_folder(tmp_path, lambda d: d.add_paragraph("{{ kurzkonzept.ortt }}"))
    with pytest.raises(TemplateError) as info:
        _render_docx(folder)
    assert str(info.value) == (
        f"{folder}/docx/kurzkonzept.docx: die Vorlage verlangt einen Wert, den die Daten nicht "
        "haben: „Kurzkonzept“ hat kein Feld „ortt“ – meinten Sie „ort“? Vorhanden: anlagen, "
        "ansprechperson, ausgangslage, begruendung, datum, handlungsfelder, ort – bei: "
        "„{{ kurzkonzept.ortt }}“")


def test_syntax_errors_of_every_tag_at_once_in_german(tmp_path: Path) -> None:
    def make(d: Document) -> None:
        d.add_paragraph("{{ kommune.name | datm }}")
        d.add_paragraph("{{ kommune.name kommune.art }}")
    errors = _errors(_word_folder(tmp_path, make))
    assert len(errors) == 2, errors
    assert "Absatz 1: Syntaxfehler im Tag „{{ kommune.name | datm }}“: unbekannter Filter „datm“ " \
           "– meinten Sie „datum“?" in errors[0]
    assert "Absatz 2: Syntaxfehler im Tag „{{ kommune.name kommune.art }}“: erwartet „}}“, " \
           "gefunden „kommune“" in errors[1]


def test_tracked_changes_and_comments_are_reported(tmp_path: Path) -> None:
    def make(d: Document) -> None:
        _append(d, (
            f'<w:p {W}><w:ins w:id="1" w:author="A"><w:r><w:t>{{{{ kommune.name }}}}</w:t></w:r>'
            '</w:ins><w:del w:id="2" w:author="A"><w:r><w:delText>alt</w:delText></w:r></w:del>'
            '</w:p>'))
        paragraph = d.add_paragraph("Text")
        d.add_comment(paragraph.runs, text="Bitte prüfen", author="B")
    errors = _errors(_word_folder(tmp_path, make))
    assert any("Absatz 1: Änderungsverfolgung: eingefügter Text „{{ kommune.name }}“" in e
               for e in errors), errors
    assert any("Absatz 1: Änderungsverfolgung: gelöschter Text „alt“" in e for e in errors)
    assert any("Absatz 2: Kommentar „Bitte prüfen“" in e for e in errors), errors


@pytest.mark.parametrize(("name", "expected"), [
    ("docx/Kurzkonzept.docx", "Groß-/Kleinschreibung: die Datei muss „kurzkonzept.docx“ heißen"),
    ("docx/kurzkonzept.dotx", "nicht als „.dotx“; gemeint ist wohl „docx/kurzkonzept.docx“"),
    ("kurzkonzept.docx", "liegt nicht in einem Unterordner und überschreibt nichts; Vorlagen "
                         "gehören nach html/, docx/, texte/, klauseln/, fonts/ – gemeint ist wohl "
                         "„docx/kurzkonzept.docx“"),
    ("word/kurzkonzept.docx", "unbekannter Ordner „word/“"),
    ("html/kurzkonzpt.html.j2", "überschreibt nichts und wird von keiner Vorlage eingebunden – "
                                "meinten Sie „kurzkonzept.html.j2“?"),
    ("texte/kurzkonzept.yml", "meinten Sie „kurzkonzept.yaml“?"),
])
def test_files_that_override_nothing(tmp_path: Path, name: str, expected: str) -> None:
    folder = tmp_path / "vorlagen"
    (folder / name).parent.mkdir(parents=True)
    (folder / name).write_text("", encoding="utf-8")
    (error,) = _errors(folder)
    assert error.startswith(f"{folder}/{name}: ")
    assert expected in error


@pytest.mark.slow  # renders every document of the sample data in both routes
def test_cli_reports_every_problem_and_fails(tmp_path: Path) -> None:
    folder = _word_folder(tmp_path, lambda d: (d.add_paragraph("{{r kommune.name }}"),
                                               d.add_paragraph("{{ kommune.nam }}")))
    (folder / "docx" / "Geschaeftsordnung.docx").write_bytes(b"")
    out, err = io.StringIO(), io.StringIO()
    assert main(["vorlagen", "pruefen", str(folder)], stdout=out, stderr=err) == 1
    lines = err.getvalue().splitlines()
    assert len(lines) == 4, lines  # three problems and the summary
    assert lines[-1] == f"{folder}: 3 Problem(e) gefunden"
    assert main(["vorlagen", "pruefen"], stdout=out, stderr=err) == 0
    assert out.getvalue().endswith("eingebaute Vorlagen: keine Probleme gefunden\n")


def test_problem_lines_name_file_and_place() -> None:
    assert str(Problem("x", None)) == "x"


def test_typographic_quotes_in_an_html_tag_are_named(tmp_path: Path) -> None:
    folder = tmp_path / "vorlagen"
    (folder / "html").mkdir(parents=True)
    (folder / "html" / "kurzkonzept.html.j2").write_text(
        '{% extends "base.html.j2" %}\n{% set dokumenttitel = "X" %}\n{% block inhalt %}\n'
        "{% if kommune.art == „Landkreis“ %}<p>ja</p>{% endif %}\n{% endblock %}\n",
        encoding="utf-8")
    assert _errors(folder) == [
        f"{folder}/html/kurzkonzept.html.j2:4: im Tag „{{% if kommune.art == „Landkreis“ %}}“ "
        "stehen typografische Zeichen (deutsches Anführungszeichen unten „, Anführungszeichen "
        "oben “); in Tags gelten nur gerade: „{% if kommune.art == \"Landkreis\" %}“"]


def test_validate_takes_templates_like_render(tmp_path: Path) -> None:
    folder = tmp_path / "vorlagen"
    (folder / "texte").mkdir(parents=True)
    (folder / "texte" / "kurzkonzept.yaml").write_text("titel: \"{{ kommune.nam }}\"\n",
                                                       encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert main(["validate", str(EXAMPLE), "--templates", str(folder)], stdout=out,
                stderr=err) == 1
    assert err.getvalue().startswith(f"{folder}/texte/kurzkonzept.yaml:1:8: die Vorlage verlangt "
                                     "einen Wert, den die Daten nicht haben: „Kommune“ hat kein "
                                     "Feld „nam“ – meinten Sie „name“?")
    assert main(["validate", str(EXAMPLE)], stdout=out, stderr=err) == 0


def test_the_bundle_cover_is_checked_too(tmp_path: Path) -> None:
    from testing_utils import ROOT

    folder = tmp_path / "vorlagen"
    (folder / "html").mkdir(parents=True)
    source = (ROOT / "templates" / "html" / "buendel.html.j2").read_text(encoding="utf-8")
    (folder / "html" / "buendel.html.j2").write_text(
        source.replace("{{ buendel.titel }}</h1>", "{{ buendel.titl }}</h1>"), encoding="utf-8")
    (error,) = _errors(folder)
    assert "html/buendel.html.j2:" in error
    assert "„buendel.titl“: das Feld „titl“ gibt es nicht – meinten Sie „titel“?" in error


def test_a_section_lost_by_a_condition_is_an_error_naming_the_template(tmp_path: Path) -> None:
    from docx.enum.section import WD_SECTION

    def make(d: Document) -> None:
        d.sections[0].header.paragraphs[0].text = "Kopf {{ kommune.name }}"
        d.add_paragraph("Erster Teil")
        d.add_paragraph("{%p if kurzkonzept.anlagen is none %}")
        d.add_section(WD_SECTION.NEW_PAGE)  # a section break inside the block
        d.add_paragraph("{%p endif %}")
        d.add_paragraph("Zweiter Teil")
    folder = _word_folder(tmp_path, make)
    with pytest.raises(TemplateError) as info:
        _render_docx(folder)
    lost, sections = (str(p) for p in info.value.problems)
    where = f"{folder}/docx/kurzkonzept.docx: Word-Vorlage: "
    assert lost.startswith(where + "Kopf- oder Fußzeilen gingen beim Ausfüllen verloren: "
                                   "Kopfzeile (Standard). Ein Abschnittswechsel")
    assert sections.startswith(where + "das Ergebnis hat 1 statt 2 Abschnitte.")
    assert any("Testlauf" in e and "1 statt 2 Abschnitte" in e for e in _errors(folder))
