"""Downloads from the web form are byte-identical to ``docgen render`` of the exported data
file (with its uploaded logo beside it): the web app has no second pipeline."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient
from testing_utils import EXAMPLE, contains, pdf_pages
from web_support import client, make_app, open_example

from docgen.cli import main

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    app: Any = make_app(f"sqlite:///{tmp_path_factory.mktemp('db') / 'web.sqlite3'}")
    try:
        with client(app) as browser:
            open_example(app, browser)
            yield browser
    finally:
        app.state.pool.close()
        app.state.store.close()


def test_downloads_equal_the_command_line_render_of_the_export(example: TestClient,
                                                               tmp_path: Path) -> None:
    exported = example.get("/antrag/export")
    folder = tmp_path / "export"
    folder.mkdir()
    data_file = folder / "landkreis-maerkische-heide.yaml"
    data_file.write_bytes(exported.content)
    (folder / "wappen-maerkische-heide.svg").write_bytes(
        (EXAMPLE.parent / "basis" / "wappen-maerkische-heide.svg").read_bytes())
    out = tmp_path / "ausgabe"
    assert main(["render", str(data_file), "-o", str(out), "--format", "pdf,docx"],
                stdout=io.StringIO(), stderr=io.StringIO()) == 0
    rendered = out / "landkreis-maerkische-heide"
    for name in ("kurzkonzept.pdf", "kurzkonzept.docx", "absichtserklaerung.pdf",
                 "buendel.pdf"):
        answer = example.get(f"/antrag/dokument/{name}")
        assert answer.status_code == 200, answer.text
        assert answer.content == (rendered / name).read_bytes(), name
    text = "\n".join(pdf_pages(example.get("/antrag/dokument/kurzkonzept.pdf").content))
    assert contains(text, "Landkreis Märkische Heide")


def test_an_unknown_document_is_not_found(example: TestClient) -> None:
    answer = example.get("/antrag/dokument/gibt-es-nicht.pdf")
    assert answer.status_code == 404
    assert "gibt es in diesem Antrag nicht" in answer.text
