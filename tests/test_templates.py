"""Template folders, overrides, escaping and the fence around templates."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from testing_utils import EXAMPLE, contains, pdf_pages, write_variant

from docgen.errors import DocgenError, RenderError, TemplateError
from docgen.pipeline import Engine, Options
from docgen.templating import TemplateRoots

MINIMAL = """{% extends "base.html.j2" %}
{% set dokumenttitel = "Eigene Vorlage" %}
{% block inhalt %}
BODY
{% endblock %}
"""


def _user_folder(tmp_path: Path, body: str, name: str = "kurzkonzept.html.j2") -> Path:
    folder = tmp_path / "vorlagen"
    (folder / "html").mkdir(parents=True)
    (folder / "html" / name).write_text(MINIMAL.replace("BODY", body), encoding="utf-8")
    return folder


def _render_with(folder: Path) -> bytes:
    engine = Engine(Options(templates=(folder,)))
    return engine.render_file(EXAMPLE).documents[0].pdf


@pytest.mark.slow
def test_user_folder_overrides_one_template_and_keeps_the_rest(tmp_path: Path) -> None:
    folder = _user_folder(tmp_path, "<p>Eigene Fassung für {{ kommune.name }}</p>")
    (text,) = pdf_pages(_render_with(folder))
    assert contains(text, "Eigene Fassung für Landkreis Märkische Heide")
    # the built-in base layout and stylesheet still apply
    assert "Seite 1 von 1" in text
    assert contains(text, "Eigene Vorlage")


@pytest.mark.slow
def test_user_data_is_escaped(tmp_path: Path, engine: Engine) -> None:
    nasty = 'Landkreis <b>Fett</b> & "Co" \'X\' <script>alert(1)</script>'
    basis = "basis: basis/landkreis-maerkische-heide.yaml\n"
    path, _ = write_variant(tmp_path, basis, f"{basis}kommune:\n"
                            f"  name: '{nasty.replace(chr(39), chr(39) * 2)}'\n")
    # so long a name does not fit the letter's one-line return address: shorten that line
    text = path.read_text(encoding="utf-8").replace(
        "    organisationseinheit: Jugendamt und Gesundheitsamt\n",
        "    organisationseinheit: Jugendamt und Gesundheitsamt\n"
        "    ruecksendeangabe: Landkreis · Große Straße 14 · 15890 Fließfurt\n", 1)
    path.write_text(text, encoding="utf-8")
    validated = engine.validate_file(path)
    prepared = engine.prepare(validated)
    assert len(prepared) >= 2
    for job in prepared:  # every document type escapes
        html = engine.render_html(job)
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "<script>" not in html and "<b>Fett</b>" not in html
    rendered = engine.render_file(path)
    assert rendered.slug == "antrag"  # the data file's name, never the data
    for document in rendered.documents:
        assert PdfReader(io.BytesIO(document.pdf)).metadata.author == nasty
    for document in rendered.documents[:3]:  # the ones that print the name in the text
        assert contains("\n".join(pdf_pages(document.pdf)), nasty.removeprefix("Landkreis "))


def test_missing_value_in_template_names_template_and_line(tmp_path: Path) -> None:
    folder = _user_folder(tmp_path, "<p>{{ kommune.landrat }}</p>")
    with pytest.raises(TemplateError) as info:
        _render_with(folder)
    message = str(info.value)
    assert message.startswith(f"{folder / 'html' / 'kurzkonzept.html.j2'}:4: ")
    assert "die Vorlage verlangt einen Wert, den die Daten nicht haben" in message
    assert "landrat" in message


def test_template_syntax_error_has_line(tmp_path: Path) -> None:
    folder = _user_folder(tmp_path, "<p>{% if kommune %}offen</p>")
    with pytest.raises(TemplateError) as info:
        _render_with(folder)
    assert str(info.value).startswith(f"{folder / 'html' / 'kurzkonzept.html.j2'}:")
    assert "Syntaxfehler in der Vorlage" in str(info.value)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('<img src="file:///etc/passwd">', "Zugriff auf „/etc/passwd“ verweigert"),
        ('<img src="../../../../../../etc/passwd">', "Zugriff auf „/etc/passwd“ verweigert"),
        ('<link rel="stylesheet" href="https://example.org/x.css">',
         "Zugriff auf „https://example.org/x.css“ verweigert"),
        ('<img src="logo-fehlt.png">', "Datei „html/logo-fehlt.png“ in keinem Vorlagenordner"),
    ],
)
def test_templates_cannot_reach_outside_their_folders(
    tmp_path: Path, body: str, expected: str
) -> None:
    folder = _user_folder(tmp_path, body)
    with pytest.raises(RenderError) as info:
        _render_with(folder)
    assert expected in str(info.value)


@pytest.mark.parametrize(
    "body",
    ['{% include "../../../../etc/passwd" %}', '{% include "/etc/passwd" %}'],
)
def test_jinja_cannot_include_outside_files(tmp_path: Path, body: str) -> None:
    folder = _user_folder(tmp_path, body)
    with pytest.raises(TemplateError, match="außerhalb der Vorlagenordner"):
        _render_with(folder)


def test_sandbox_blocks_python_internals(tmp_path: Path) -> None:
    folder = _user_folder(tmp_path, "{{ ''.__class__.__mro__[1].__subclasses__() }}")
    with pytest.raises(TemplateError) as info:
        _render_with(folder)
    assert "__class__" in str(info.value) or "nicht erlaubt" in str(info.value)


def test_links_out_of_a_template_folder_are_refused(tmp_path: Path) -> None:
    folder = tmp_path / "vorlagen"
    (folder / "html").mkdir(parents=True)
    secret = tmp_path / "geheim.txt"
    secret.write_text("geheim", encoding="utf-8")
    (folder / "html" / "geheim.html.j2").symlink_to(secret)
    roots = TemplateRoots.with_user_folders([folder])
    assert roots.find("html/geheim.html.j2") is None
    assert roots.find("html/kurzkonzept.html.j2") is not None  # the built-in one


def test_missing_user_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(DocgenError, match="Vorlagenordner nicht gefunden"):
        Engine(Options(templates=(tmp_path / "fehlt",)))
