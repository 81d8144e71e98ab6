"""Every registered document type, held against the example data and its template."""

from __future__ import annotations

import pytest
from jinja2 import meta, nodes
from testing_utils import EXAMPLE

from docgen.pipeline import Engine
from docgen.registry import DOCUMENT_TYPES


@pytest.mark.parametrize("doc_type", DOCUMENT_TYPES, ids=lambda t: t.name)
def test_example_describes_every_document_type(engine: Engine, doc_type) -> None:  # type: ignore[no-untyped-def]
    validated = engine.validate_file(EXAMPLE)
    jobs = doc_type.jobs_for(validated.model)
    assert jobs, f"the example data has no {doc_type.name}"
    assert len({job.stem for job in jobs}) == len(jobs)


@pytest.mark.parametrize("doc_type", DOCUMENT_TYPES, ids=lambda t: t.name)
def test_template_uses_only_what_the_pipeline_provides(engine: Engine, doc_type) -> None:  # type: ignore[no-untyped-def]
    prepared = [p for p in engine.prepare(engine.validate_file(EXAMPLE))
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
    assert "antrag" in undeclared
