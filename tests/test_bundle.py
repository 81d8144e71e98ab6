"""The application bundle: one merged, archival, accessible PDF, read back."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
from testing_utils import EXAMPLE, pdf_pages, squash, write_variant

from docgen.errors import DataError
from docgen.pipeline import Engine, RenderedFile

pytestmark = pytest.mark.slow  # renders real documents


@pytest.fixture(scope="module")
def rendered(engine: Engine) -> RenderedFile:
    return engine.render_file(EXAMPLE)


@pytest.fixture(scope="module")
def bundle(rendered: RenderedFile) -> bytes:
    assert rendered.bundle is not None
    assert rendered.bundle_filename == "buendel.pdf"
    return rendered.bundle


def _outline(pdf: bytes) -> list[tuple[str, int, list[str]]]:
    with pikepdf.open(io.BytesIO(pdf)) as document:
        index = {page.objgen: i for i, page in enumerate(document.pages)}
        with document.open_outline() as outline:
            return [(item.title, index[item.destination[0].objgen] + 1,
                     [child.title for child in item.children]) for item in outline.root]


def _toc(pdf: bytes) -> list[tuple[str, int]]:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        (table,) = document.pages[1].extract_tables()
    assert [squash(c) for c in table[0]] == ["Nr.", "Unterlage", "Seite"]
    return [(" ".join(row[1].split()).replace("‐ ", ""), int(row[2])) for row in table[1:]]


def test_pages_are_the_parts_plus_cover_and_contents(rendered: RenderedFile, bundle: bytes) -> None:
    parts = sum(len(pikepdf.open(io.BytesIO(d.pdf)).pages) for d in rendered.documents)
    with pikepdf.open(io.BytesIO(bundle)) as document:
        assert len(document.pages) == parts + 2
    pages = pdf_pages(bundle)
    assert squash("Bewerbung als Pilotkommune im Modellprojekt") in squash(pages[0])
    assert "Anlagenverzeichnis" in pages[1]


def test_outline_has_every_document_and_its_sections(rendered: RenderedFile, bundle: bytes) -> None:
    outline = _outline(bundle)
    assert [title for title, _, _ in outline] == [
        "Kurzkonzept für die Teilnahme als Pilotkommune",
        "Absichts- und Kooperationserklärung",
        "Kooperationsvereinbarung",
        "Geschäftsordnung Kommunale Steuerungsgruppe KommGes Märkische Heide",
        "Geschäftsordnung Regionalteam Süd",
        "Geschäftsordnung Fallteam Süd",
        "Leitgedanken und fachliche Standards: Kommunale Steuerungsgruppe KommGes Märkische Heide",
        "Leitgedanken und fachliche Standards: Regionalteam Süd",
        "Leitgedanken und fachliche Standards: Fallteam Süd",
    ]
    assert outline[0][1] == 3
    assert [title.split(" ")[0] for title in outline[0][2][:3]] == ["1.", "2.", "3."]
    assert outline[0][2][0] == "1. Ausgangslage"
    assert "1. Unterstützung der Bewerbung durch die Leitungen von Gesundheitsamt und Jugendamt" \
        in outline[1][2]
    assert "§ 6 Koordinationsstelle".replace(" ", "\u00a0", 1) in outline[2][2]
    # each part starts where the previous one ended
    counts = [len(pikepdf.open(io.BytesIO(d.pdf)).pages) for d in rendered.documents]
    starts = [page for _, page, _ in outline]
    assert starts == [3 + sum(counts[:i]) for i in range(len(counts))]


def test_table_of_contents_matches_the_outline(bundle: bytes) -> None:
    toc = _toc(bundle)
    outline = _outline(bundle)
    assert [page for _, page in toc] == [page for _, page, _ in outline]
    assert [squash(title) for title, _ in toc] == [squash(title) for title, _, _ in outline]


def test_page_numbers_run_across_the_bundle(bundle: bytes) -> None:
    pages = pdf_pages(bundle)
    total = len(pages)
    for number, text in enumerate(pages, start=1):
        assert f"Seite {number} von {total}" in text, number
    with pikepdf.open(io.BytesIO(bundle)) as document:
        labels = document.Root.PageLabels.Nums
        assert list(labels[:1]) == [0] and labels[1].S == "/D" and labels[1].St == 1


def test_renumbering_a_layout_equals_typesetting_it_again(engine: Engine) -> None:
    """The bundle renumbers each document's laid-out pages instead of typesetting it twice;
    the result must be the very PDF a second typesetting with the bundle's numbers gives."""
    validated = engine.validate_file(EXAMPLE)
    job = engine.prepare(validated)[0]
    renderer = engine.pdf_renderer
    html = engine.render_html(job)
    layout = renderer.layout(html, source_name="kurzkonzept")
    standalone = layout.write()
    layout.renumber(12, 40)
    renumbered = layout.write()
    # the same numbers asked of CSS: counting from 12, of 40 pages
    numbered_by_css = html.replace("</head>", """<style>
  @page :first { counter-reset: page 12; }
  @page { @bottom-right { content: "Seite " counter(page) " von 40"; } }
</style></head>""", 1)
    again = renderer.render(numbered_by_css, source_name="kurzkonzept")
    assert renumbered == again
    pages = pdf_pages(renumbered)
    assert [f"Seite {12 + i} von 40" in text for i, text in enumerate(pages)] == [True] * len(pages)
    assert "Seite 1 von " in pdf_pages(standalone)[0]


def test_archival_and_accessible(bundle: bytes) -> None:
    with pikepdf.open(io.BytesIO(bundle)) as document:
        root = document.Root
        with document.open_metadata() as meta:
            assert meta["pdfaid:part"] == "2"
            assert meta["pdfaid:conformance"] == "A"
            assert meta["dc:title"].startswith("Bewerbung als Pilotkommune")
            assert meta["dc:creator"] == ["Landkreis Märkische Heide"]
            assert meta["xmp:CreateDate"].startswith("2026-02-06")
        assert root.Lang == "de-DE"
        assert bool(root.MarkInfo.Marked)
        assert bool(root.ViewerPreferences.DisplayDocTitle)
        assert len(root.OutputIntents) == 1 and root.OutputIntents[0].S == "/GTS_PDFA1"
        tree = root.StructTreeRoot
        document_element = tree.K
        assert document_element.S == "/Document"
        assert len(document_element.K) >= 10  # the front matter's and every part's elements
        keys = list(tree.ParentTree.Nums[::2])
        assert keys == sorted(set(keys)), "parent tree keys unique after renumbering"
        struct_parents = [int(p.obj.StructParents) for p in document.pages
                          if "/StructParents" in p.obj]
        assert len(set(struct_parents)) == len(struct_parents) == len(document.pages)
        assert set(struct_parents) <= set(keys)
        for page in document.pages:
            for font in page.obj.Resources.Font.values():
                descendant = font.get("/DescendantFonts")
                descriptor = (descendant[0] if descendant else font).FontDescriptor
                assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def test_reproducible_and_qpdf_clean(engine: Engine, bundle: bytes, tmp_path: Path) -> None:
    again = engine.render_file(EXAMPLE).bundle
    assert again == bundle
    if shutil.which("qpdf"):
        path = tmp_path / "buendel.pdf"
        path.write_bytes(bundle)
        result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True,
                                check=False)
        assert result.returncode == 0, result.stdout + result.stderr


def _attachment(folder: Path, name: str = "atlas.pdf", *, encrypt: bool = False) -> Path:
    document = pikepdf.new()
    document.add_blank_page(page_size=(595, 842))
    document.add_blank_page(page_size=(595, 842))
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if encrypt:
        document.save(path, encryption=pikepdf.Encryption(owner="a", user="geheim"))
    else:
        document.save(path)
    return path


BASIS = "basis: basis/landkreis-maerkische-heide.yaml\n"
"""The example's first key: data added after it stands at the top level."""

BUNDLE_DATA = """
buendel:
  seitenzahlen: je_dokument
  quelldaten_einbetten: true
  teile:
    - dokument: kurzkonzept
    - anhang: {anhang}
      titel: Sozialstrukturatlas 2024 (Auszug)
    - dokument: absichtserklaerung
"""


def test_bundle_definition_attachments_and_source_data(engine: Engine, tmp_path: Path) -> None:
    path, _ = write_variant(tmp_path, BASIS,
                            BASIS + BUNDLE_DATA.format(anhang="anhang/atlas.pdf"))
    _attachment(tmp_path / "anhang")
    rendered = engine.render_file(path)
    assert rendered.bundle is not None
    toc = _toc(rendered.bundle)
    assert [t for t, _ in toc] == ["Kurzkonzept für die Teilnahme als Pilotkommune",
                                   "Sozialstrukturatlas 2024 (Auszug)",
                                   "Absichts- und Kooperationserklärung"]
    kurz = len(pikepdf.open(io.BytesIO(rendered.documents[0].pdf)).pages)
    assert [p for _, p in toc] == [3, 3 + kurz, 3 + kurz + 2]
    with pikepdf.open(io.BytesIO(rendered.bundle)) as document:
        assert list(document.attachments) == [path.name]
        assert document.attachments[path.name].get_file().read_bytes() == path.read_bytes()
        labels = document.Root.PageLabels.Nums
        assert [int(labels[i]) for i in range(0, len(labels), 2)] == [0, 2, 2 + kurz, 4 + kurz]
        with document.open_metadata() as meta:
            assert "pdfaid:part" not in meta, "an attachment that is no PDF/A is not claimed"
    assert any("ist kein PDF/A" in str(w) for w in rendered.warnings)


@pytest.mark.parametrize(
    ("anhang", "prepare", "message"),
    [
        ("fehlt.pdf", None, "Anhang „fehlt.pdf“ nicht gefunden"),
        ("../../etc/passwd", None, "liegt außerhalb des Ordners der Datendatei"),
        ("kaputt.pdf", "kaputt", "ist keine lesbare PDF-Datei"),
        ("geheim.pdf", "verschluesselt", "mit einem Kennwort geschützt"),
    ],
)
def test_bad_attachments(engine: Engine, tmp_path: Path, anhang: str, prepare: str | None,
                         message: str) -> None:
    path, text = write_variant(tmp_path, BASIS,
                               BASIS + BUNDLE_DATA.format(anhang=anhang))
    if prepare == "kaputt":
        (tmp_path / anhang).write_bytes(b"%PDF-1.7 kein pdf")
    elif prepare == "verschluesselt":
        _attachment(tmp_path, anhang, encrypt=True)
    with pytest.raises(DataError) as info:
        engine.validate_file(path)  # found by validation alone, before anything is rendered
    (problem,) = info.value.problems
    with pytest.raises(DataError):
        engine.render_file(path)
    line = text[: text.index(f"anhang: {anhang}")].count("\n") + 1
    assert str(problem).startswith(f"{path}:{line}:")
    assert message in str(problem)


def test_embedding_the_data_file_makes_pdfa3(engine: Engine, tmp_path: Path) -> None:
    path, _ = write_variant(tmp_path, BASIS,
                            BASIS + "buendel:\n  quelldaten_einbetten: true\n")
    bundle = engine.render_file(path).bundle
    assert bundle is not None
    with pikepdf.open(io.BytesIO(bundle)) as document:
        with document.open_metadata() as meta:
            assert (meta["pdfaid:part"], meta["pdfaid:conformance"]) == ("3", "A")
        spec = document.attachments[path.name]
        assert spec.obj.AFRelationship == "/Source"
        assert list(document.Root.AF) == [spec.obj]
        assert spec.get_file().read_bytes() == path.read_bytes()


def test_unknown_document_in_the_bundle(engine: Engine, tmp_path: Path) -> None:
    path, _ = write_variant(tmp_path, BASIS, BASIS + "buendel:\n"
                            "  teile:\n    - dokument: kurzkonzept\n    - dokument: satzung\n")
    with pytest.raises(DataError) as info:
        engine.validate_file(path)
    assert "buendel.teile: kein Dokument „satzung“; vorhanden: kurzkonzept, " in str(info.value)
