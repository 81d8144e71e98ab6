"""Throughput levers keep the output: what they promise byte for byte, read back.

Each lever of issue 18 that claims identical output is checked here against the state
without it, on every example data file (every document type of the registry), the
bundle included. No timings: the benchmark (bench/levers.py) measures those.
"""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from testing_utils import EXAMPLE, EXAMPLES, pdf_pages

from docgen.pipeline import Engine, RenderedFile

pytestmark = pytest.mark.slow  # renders real documents


def _outputs(rendered: RenderedFile) -> dict[str, bytes]:
    files = {name: data for d in rendered.documents for name, data in d.filenames().items()}
    if rendered.bundle is not None:
        files["buendel"] = rendered.bundle
    return files


def _with_stylesheet(engine: Engine, css: str) -> Engine:
    """The engine with one more stylesheet after docgen's own (the state before a lever)."""
    from weasyprint import CSS

    changed = Engine(engine.options)
    renderer = copy.copy(engine.pdf_renderer)
    renderer.stylesheets = [*renderer.stylesheets, CSS(string=css)]
    changed._pdf_renderer = renderer
    return changed


def _pixels(pdf: bytes, folder: Path) -> list[bytes]:
    """Every page as PNG at 60 dpi (poppler's pdftoppm)."""
    import subprocess

    folder.mkdir()
    (folder / "d.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(folder / "d.pdf"), str(folder / "s")],
                   check=True)
    return [p.read_bytes() for p in sorted(folder.glob("s-*.png"))]


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_fixed_footer_widths_give_the_same_pages(engine: Engine, example: Path,
                                                 tmp_path: Path) -> None:
    """The footers' fixed widths (docgen.css) save WeasyPrint measuring their text; every
    PDF, the bundle with its renumbered footers too, looks pixel for pixel as with
    automatic widths (byte for byte, but for the clip rectangle of the title's box),
    unless its title is too long for the footer: the fixed width is what lets WeasyPrint
    cut it with „…“ (automatic widths let it run into the page number)."""
    before = _with_stylesheet(engine, "@page { @bottom-left { width: auto } "
                                      "@bottom-right { width: auto } }")
    now, then = _outputs(engine.render_file(example)), _outputs(before.render_file(example))
    assert now.keys() == then.keys()
    compared = 0
    for number, name in enumerate(now):
        footers = [page.splitlines()[-1] for page in pdf_pages(now[name])]
        if any(footer.split(" Seite ")[0].endswith("…") for footer in footers):
            continue  # title cut by design
        if now[name] != then[name]:
            pages = _pixels(now[name], tmp_path / f"{number}-neu")
            assert pages == _pixels(then[name], tmp_path / f"{number}-alt"), name
        compared += 1
    assert compared >= len(now) // 2


def test_streams_are_compressed_at_level_6(engine: Engine) -> None:
    """WeasyPrint's writer (pydyf) compresses at docgen's level, not its own 9: each
    content stream's stored bytes are exactly zlib level 6 of its data (contract with
    pydyf's ``zlib`` use, docgen/pdf.py)."""
    import io
    import zlib

    import pikepdf

    from docgen.pdf import COMPRESSION_LEVEL

    rendered = engine.render_file(EXAMPLES[0])
    pdf = rendered.documents[0].pdf
    differs_from_9 = False
    with pikepdf.open(io.BytesIO(pdf)) as document:
        streams = [page.obj.Contents for page in document.pages]
        for stream in streams:
            data, raw = stream.read_bytes(), stream.read_raw_bytes()
            assert raw == zlib.compress(data, COMPRESSION_LEVEL)
            differs_from_9 |= raw != zlib.compress(data, 9)
    assert COMPRESSION_LEVEL == 6
    assert differs_from_9


def test_the_bundle_reads_no_pdf_docgen_wrote_itself(engine: Engine,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Page counts, titles and the PDF/A claim of docgen's own documents come from their
    layout; none of their PDFs is opened again just to read them."""
    import docgen.bundle

    def refused(pdf: bytes) -> None:
        raise AssertionError("a PDF docgen wrote itself was opened again")

    for name in ("page_count", "pdf_title", "claims_pdfa"):
        monkeypatch.setattr(docgen.bundle, name, refused)
    rendered = engine.render_file(EXAMPLE)
    assert rendered.bundle is not None
    assert not rendered.bundle_warnings


def test_bundle_only_writes_the_same_bundle_and_no_single_pdfs(engine: Engine,
                                                                tmp_path: Path) -> None:
    """``--nur-buendel``: the bundle byte for byte as in a full build; the documents in it
    get no PDF of their own; a rebuild reuses it, and a bundle made anew from documents
    taken from the previous build lays them out again, to the same bytes."""
    from docgen.options import Options
    from docgen.pipeline import write_outputs

    full = engine.render_file(EXAMPLE)
    with Engine(Options(bundle_only=True)) as only:
        first = only.render_file(EXAMPLE, cache_in=tmp_path)
        assert first.bundle == full.bundle
        assert all("pdf" not in d.outputs for d in first.documents)
        written = write_outputs(first, tmp_path)
        assert [p.name for p in written] == ["buendel.pdf"]
        again = only.render_file(EXAMPLE, cache_in=tmp_path)
        assert again.bundle_reused and all(d.reused for d in again.documents)
        written[0].unlink()
        rebuilt = only.render_file(EXAMPLE, cache_in=tmp_path)
        assert not rebuilt.bundle_reused and all(d.reused for d in rebuilt.documents)
        assert rebuilt.bundle == full.bundle


def test_bundle_only_on_the_command_line(tmp_path: Path) -> None:
    import io

    from docgen.cli import main

    out = io.StringIO()
    code = main(["build", str(EXAMPLES[0].parent), "-o", str(tmp_path), "--nur-buendel",
                 "--jobs", "1"], stdout=out, stderr=io.StringIO())
    assert code == 0, out.getvalue()
    pdfs = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.pdf"))
    # the workshop file makes no bundle: its document is written as always
    assert pdfs == ["landkreis-maerkische-heide-werkstatt/werkstattgespraech-auftakt.pdf",
                    "landkreis-maerkische-heide/buendel.pdf"]


def _gc_state() -> tuple[tuple[int, int, int], int]:
    import gc

    return gc.get_threshold(), gc.get_freeze_count()


def test_workers_freeze_their_start_up_and_collect_less_often() -> None:
    import gc
    from concurrent.futures import ProcessPoolExecutor

    from docgen.build import GC_THRESHOLD, _start_worker
    from docgen.options import Options

    with ProcessPoolExecutor(1, initializer=_start_worker,
                             initargs=(Options(formats=("docx",)),)) as pool:
        threshold, frozen = pool.submit(_gc_state).result()
    assert threshold == GC_THRESHOLD
    assert frozen > 10_000  # the modules and the engine made at start-up
    assert gc.get_threshold() != GC_THRESHOLD  # the caller's process keeps its settings
