"""Every HTML-route document is an archival, accessible PDF: read back and checked.

Checked here: the PDF/A-2a identification in XMP, an sRGB OutputIntent, a structure tree
and /MarkInfo, /Lang de-DE, the title shown instead of the file name, every font embedded,
dates from the data, and qpdf's structural check. Not checked (no validator such as
veraPDF is available here): the full PDF/A and PDF/UA rule sets.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader
from testing_utils import EXAMPLE

from docgen.pipeline import Engine, RenderedFile

pytestmark = pytest.mark.slow  # renders real documents


@pytest.fixture(scope="module")
def rendered(engine: Engine) -> RenderedFile:
    return engine.render_file(EXAMPLE)


def _fonts(reader: PdfReader) -> list[dict]:  # type: ignore[type-arg]
    fonts = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts.append(font)
    return fonts


def test_every_document_is_pdfa2a_tagged_and_german(rendered: RenderedFile) -> None:
    for document in rendered.documents:
        reader = PdfReader(io.BytesIO(document.pdf))
        root = reader.trailer["/Root"]
        xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
        assert 'pdfaid:part="2"' in xmp and 'pdfaid:conformance="A"' in xmp, document.job.stem
        created = f"{document.job.datum:%Y-%m-%d}T00:00:00Z"  # each document's own date
        assert f"<xmp:CreateDate>{created}</xmp:CreateDate>" in xmp
        (intent,) = root["/OutputIntents"]
        assert intent.get_object()["/S"] == "/GTS_PDFA1"
        assert "/DestOutputProfile" in intent.get_object()
        assert root["/Lang"] == "de-DE"
        assert bool(root["/MarkInfo"]["/Marked"])
        assert "/StructTreeRoot" in root
        assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
        assert reader.metadata.creation_date.year == 2026


def test_every_font_is_embedded(rendered: RenderedFile) -> None:
    for document in rendered.documents:
        for font in _fonts(PdfReader(io.BytesIO(document.pdf))):
            descendants = font.get("/DescendantFonts")
            descriptor = (descendants[0].get_object() if descendants else font)["/FontDescriptor"]
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), (
                document.job.stem, font["/BaseFont"])
            assert re.match(r"/[A-Z]{6}\+", str(font["/BaseFont"])), "subset, embedded"


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is installed by scripts/setup.sh")
def test_qpdf_finds_nothing(rendered: RenderedFile, tmp_path: Path) -> None:
    for document in rendered.documents:
        path = tmp_path / document.filename
        path.write_bytes(document.pdf)
        result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True,
                                check=False)
        assert result.returncode == 0, (document.job.stem, result.stdout, result.stderr)
        assert "No syntax or stream encoding errors found" in result.stdout
