"""Accessibility of the HTML route's PDFs, read back: structure, language, alt text,
headings, table headers, layout not tagged as tables; the PDF/UA-1 claim only where it
holds; and an independent checker (the ``pdfua`` package) over every document."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pikepdf
import pytest
from pdfua import validate
from testing_utils import EXAMPLE, EXAMPLES

from docgen.barrierefreiheit import problems
from docgen.options import Options
from docgen.pipeline import Engine, RenderedFile

pytestmark = pytest.mark.slow

ANWENDUNGEN = Path(__file__).parent / "anwendungen"
FILES = [*EXAMPLES, *sorted(ANWENDUNGEN.glob("*.yaml"))]


@pytest.fixture(scope="module")
def rendered(engine: Engine) -> dict[str, RenderedFile]:
    return {path.stem: engine.render_file(path) for path in FILES}


def _claims_pdfua(pdf: bytes) -> bool:
    with pikepdf.open(io.BytesIO(pdf)) as document:
        xmp = document.Root.Metadata.read_bytes().decode("utf-8")
    return bool(re.search(r'pdfuaid:part="1"|<pdfuaid:part>1<', xmp)) and (
        "PDF/UA Universal Accessibility Schema" in xmp)  # the extension schema PDF/A wants


def _tags(pdf: bytes) -> list[tuple[str, pikepdf.Dictionary]]:
    result = []
    with pikepdf.open(io.BytesIO(pdf)) as document:
        stack = [document.Root.StructTreeRoot]
        while stack:
            node = stack.pop()
            kids = node.get("/K")
            items = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
            for kid in items:
                if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                    attributes = kid.get("/A")
                    scope = str(attributes.get("/Scope")) if isinstance(
                        attributes, pikepdf.Dictionary) and "/Scope" in attributes else ""
                    result.append((str(kid.S), scope))
                    stack.append(kid)
    return result  # type: ignore[return-value]


def test_every_document_holds_and_claims_pdfua(rendered: dict[str, RenderedFile],
                                               tmp_path: Path) -> None:
    count = 0
    for name, result in rendered.items():
        for document in result.documents:
            assert problems(document.pdf) == [], (name, document.job.stem)
            assert _claims_pdfua(document.pdf), (name, document.job.stem)
            path = tmp_path / f"{name}-{document.job.stem}.pdf"
            path.write_bytes(document.pdf)
            report = validate(str(path))
            assert [(f.rule_id, f.message) for f in report.findings] == [], (name, path.name)
            count += 1
    assert count >= 30


def test_layout_is_not_tagged_as_a_table_and_headers_have_a_scope(
    rendered: dict[str, RenderedFile],
) -> None:
    documents = {d.job.stem: d.pdf for d in rendered[EXAMPLE.stem].documents}
    letter = _tags(documents["absichtserklaerung"])
    assert not [t for t, _ in letter if t == "/Table"]  # info block and signatures: Div
    assert [t for t, _ in letter if t.startswith("/H")][:1] == ["/H1"]  # the subject line
    agreement = _tags(documents["kooperationsvereinbarung"])
    assert not [t for t, _ in agreement if t == "/Table"]  # signature grid
    form = _tags(documents["kurzkonzept"])
    scopes = [scope for tag, scope in form if tag == "/TH"]
    assert scopes.count("/Row") == 3  # Kommune, Ansprechperson, Kontaktdaten
    assert scopes.count("/Column") >= 12 and set(scopes) == {"/Row", "/Column"}


def test_logo_has_alternative_text(rendered: dict[str, RenderedFile]) -> None:
    pdf = next(d.pdf for d in rendered[EXAMPLE.stem].documents if d.job.stem == "kurzkonzept")
    with pikepdf.open(io.BytesIO(pdf)) as document:
        text = [str(o.get("/Alt")) for o in document.objects
                if isinstance(o, pikepdf.Dictionary) and o.get("/S") == "/Figure"]
    assert text == ["Logo: Landkreis Märkische Heide"]


def test_no_claim_where_the_structure_does_not_hold_it(tmp_path: Path) -> None:
    """A user's template whose headings start at H3 gets no PDF/UA identification."""
    folder = tmp_path / "vorlagen" / "html"
    folder.mkdir(parents=True)
    source = (Path(__file__).parent.parent / "templates" / "html" / "geschaeftsordnung.html.j2")
    text = source.read_text(encoding="utf-8").replace("<h1>Geschäftsordnung</h1>",
                                                      "<h3>Geschäftsordnung</h3>")
    (folder / "geschaeftsordnung.html.j2").write_text(text, encoding="utf-8")
    with Engine(Options(templates=(tmp_path / "vorlagen",))) as engine:
        result = engine.render_file(EXAMPLE)
    pdf = next(d.pdf for d in result.documents if d.job.stem.startswith("geschaeftsordnung-"))
    assert problems(pdf) == ["die erste Überschrift ist H3, nicht H1"]
    assert not _claims_pdfua(pdf)
