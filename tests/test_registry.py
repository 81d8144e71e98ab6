"""Every registered document type, held against the example data and its templates.

Nothing here names a document type: a new record in the registry is picked up by
every test below through the example data in ``data/`` that describes it.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pikepdf
import pytest
import yaml
from jinja2 import meta, nodes
from testing_utils import EXAMPLE, EXAMPLES, copy_example_bases, example_for, pdf_pages, squash

from docgen.pipeline import Engine
from docgen.registry import DOCUMENT_TYPES, DocumentType

by_name = pytest.mark.parametrize("doc_type", DOCUMENT_TYPES, ids=lambda t: t.name)


@by_name
def test_an_example_describes_every_document_type(engine: Engine, doc_type: DocumentType) -> None:
    validated = engine.validate_file(example_for(doc_type))
    jobs = doc_type.jobs_for(validated.model)
    assert jobs, f"no example in data/ has a {doc_type.name}"
    assert len({job.stem for job in jobs}) == len(jobs)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_example_is_valid_without_warnings(engine: Engine, path) -> None:  # type: ignore[no-untyped-def]
    assert engine.validate_file(path).warnings == ()


@by_name
def test_template_uses_only_what_the_pipeline_provides(engine: Engine, doc_type: DocumentType) -> None:
    prepared = [p for p in engine.prepare(engine.validate_file(example_for(doc_type)))
                if p.job.doc_type is doc_type]
    provided = set(prepared[0].context)
    source = engine.env.loader.get_source(engine.env, doc_type.html_template)[0]  # type: ignore[union-attr]
    ast = engine.env.parse(source)
    # names the template defines itself (top-level set, macros, imports) are visible in its
    # blocks at run time, though jinja2.meta analyses each block on its own
    own = {t.name for a in ast.find_all(nodes.Assign)
           for t in (a.target, *a.target.find_all(nodes.Name)) if isinstance(t, nodes.Name)}
    own |= {m.name for m in ast.find_all(nodes.Macro)}
    own |= {i.target for i in ast.find_all(nodes.Import)}
    undeclared = meta.find_undeclared_variables(ast) - own
    assert undeclared <= provided, undeclared - provided
    assert doc_type.item in undeclared  # the template reads its own data


@pytest.mark.slow
@by_name
def test_renders_with_its_own_title_and_date(engine: Engine, doc_type: DocumentType) -> None:
    rendered = engine.render_file(example_for(doc_type))
    documents = [d for d in rendered.documents if d.job.doc_type is doc_type]
    assert documents
    for document in documents:
        with pikepdf.open(io.BytesIO(document.pdf)) as pdf:
            created = str(pdf.docinfo["/CreationDate"])
        expected = datetime.combine(document.job.datum, datetime.min.time(), tzinfo=UTC)
        assert created.startswith(f"D:{expected:%Y%m%d}"), (document.job.stem, created)
        text = squash("\n".join(pdf_pages(document.pdf)))
        assert squash(rendered.validated.model.kommune.name) in text


@pytest.mark.slow
@by_name
def test_in_the_bundle_exactly_as_its_record_says(engine: Engine, doc_type: DocumentType,
                                                  tmp_path: Path) -> None:
    # the full application with this type's sample data added: one file, one bundle
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    sample = yaml.safe_load(example_for(doc_type).read_text(encoding="utf-8"))
    data[doc_type.key] = sample[doc_type.key]
    copy_example_bases(tmp_path)
    path = tmp_path / "alles.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    rendered = engine.render_file(path)
    assert rendered.bundle is not None
    with pikepdf.open(io.BytesIO(rendered.bundle)) as pdf, pdf.open_outline() as outline:
        titles = [str(item.title) for item in outline.root]
    documents = [d for d in rendered.documents if d.job.doc_type is doc_type]
    assert documents
    for document in documents:
        with pikepdf.open(io.BytesIO(document.pdf)) as pdf:
            title = str(pdf.docinfo["/Title"]).removesuffix(
                f" – {rendered.validated.model.kommune.name}")
        assert (title in titles) is doc_type.in_bundle, (document.job.stem, titles)
