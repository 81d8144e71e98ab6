"""Benchmark of batch builds: throughput, cache, memory, and where a document's time goes.

Generates N varied applications of four documents each (Kurzkonzept, letter, agreement,
one rules of procedure; the bundle on top) and measures, all in one run:

* per document type: laying out vs writing the PDF (font subsetting shown on its own),
  and docgen's HTML route against plain WeasyPrint on the same HTML;
* the Word route: docgen's warm LibreOffice against plain ``soffice --convert-to pdf``
  on the same DOCX;
* per N: cold builds sequential (up to ``--sequential-up-to``) and parallel, an unchanged
  rebuild, and the peak memory of the build's processes.

Prints figures and ratios; asserts nothing (timings drift 5–30 % on shared machines, so
compare only figures of the same run). Run after ``make setup``:

    .venv/bin/python bench/build_bench.py --sizes 10,100,1000 [--jobs 2]
"""

from __future__ import annotations

import argparse
import copy
import functools
import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

EXAMPLE = ROOT / "data" / "landkreis-maerkische-heide.yaml"
PYTHON = sys.executable
BODIES = ("steuerungsgruppe", "regionalteam_sued", "fallteam_sued")


# --- the applications ------------------------------------------------------------------

def variant(example: dict[str, Any], i: int) -> dict[str, Any]:
    """The i-th application: own name, own figures, one of three bodies, one more
    paragraph in every third one. Base files (letterhead with its logo) as in real data."""
    data = json.loads(json.dumps(example, default=str))
    data["kommune"] = {"name": f"Landkreis Probe {i:04}"}
    kurzkonzept = data["kurzkonzept"]
    for k, indikator in enumerate(kurzkonzept["ausgangslage"]["indikatoren"].values()):
        indikator["wert"] = round(indikator["wert"] * (0.6 + ((i * 7 + k * 3) % 9) / 10), 1)
    data["geschaeftsordnungen"] = [
        {**ordnung, "darstellungen": ["paragraphen"]}
        for ordnung in data["geschaeftsordnungen"] if ordnung["id"] == BODIES[i % 3]]
    if i % 3 == 2:
        text = kurzkonzept["ausgangslage"]["beschreibung"]
        first_paragraph = text.split("\n")[0]
        kurzkonzept["ausgangslage"]["beschreibung"] = f"{text}\n{first_paragraph}"
    return data


def generate(folder: Path, n: int) -> list[Path]:
    """Write n applications into ``folder``, with the example's base files (letterhead,
    logo, Modellprojekt) beside them, as a real data folder has them."""
    import shutil

    example = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    shutil.copytree(EXAMPLE.parent / "basis", folder / "basis", dirs_exist_ok=True)
    paths = []
    for i in range(n):
        text = yaml.safe_dump(variant(example, i), allow_unicode=True, sort_keys=False, width=100)
        paths.append(folder / f"antrag-{i:04}.yaml")
        paths[-1].write_text(text, encoding="utf-8")
    return paths


# --- one build, in its own process -----------------------------------------------------

def timed_build(data: Path, out: Path, jobs: int) -> dict[str, Any]:
    """Seconds, peak MiB of the build's processes, failed files, documents rebuilt."""
    code = (
        "import json, resource, sys\n"
        "from pathlib import Path\n"
        "from docgen.build import build\n"
        "from docgen.pipeline import Options\n"
        f"r = build([Path({str(data)!r})], Path({str(out)!r}), Options(), jobs={jobs})\n"
        "peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,\n"
        "           resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
        "print(json.dumps({'seconds': r.seconds, 'peak': peak / 1024, 'failed': len(r.failed),\n"
        "  'rebuilt': sum(len(x.rebuilt) for x in r.results)}))\n"
    )
    result = subprocess.run([PYTHON, "-c", code], capture_output=True, text=True, check=True,
                            cwd=ROOT)
    figures: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    if figures["failed"]:
        raise SystemExit(f"{figures['failed']} applications failed to build")
    return figures


def bundle_pages(out: Path) -> float:
    import pikepdf

    counts = []
    for path in sorted(out.glob("*/buendel.pdf"))[:30]:
        with pikepdf.open(path) as pdf:
            counts.append(len(pdf.pages))
    return statistics.mean(counts)


# --- where one document's time goes ----------------------------------------------------

def _median(action: Callable[[], object], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        begin = time.perf_counter()
        action()
        times.append(time.perf_counter() - begin)
    return statistics.median(times)


def _plain_weasyprint(html: str, renderer: Any) -> bytes:
    """What a plain WeasyPrint user writes, with docgen's stylesheets, fonts and fetcher."""
    from weasyprint import HTML

    from docgen.pdf import PDF_OPTIONS, VIRTUAL_ROOT

    pdf: bytes = HTML(string=html, base_url=VIRTUAL_ROOT + "html/",
                      url_fetcher=renderer.fetcher).write_pdf(
        stylesheets=renderer.stylesheets, font_config=renderer.font_config, **PDF_OPTIONS)
    return pdf


Split = tuple[str, int, float, float, float, float, float, float]


def document_split(rounds: int) -> list[Split]:
    """Per document type: (name, pages, layout s, writing s, of it font subsetting s,
    plain WeasyPrint s for HTML.write_pdf on the same HTML, docgen's HTML route s,
    layout s without automatic hyphenation)."""
    import weasyprint.pdf.fonts as pdf_fonts
    from weasyprint import CSS

    from docgen.pipeline import Engine

    subsetting = [0.0]
    original_subset = pdf_fonts.Font.subset

    def timed_subset(self: Any, *args: Any) -> Any:
        begin = time.perf_counter()
        try:
            return original_subset(self, *args)
        finally:
            subsetting[0] += time.perf_counter() - begin

    pdf_fonts.Font.subset = timed_subset  # type: ignore[method-assign]
    rows: list[Split] = []
    with tempfile.TemporaryDirectory() as tmp:
        (path,) = generate(Path(tmp), 1)
        engine = Engine()
        renderer = engine.pdf_renderer
        unhyphenated = copy.copy(renderer)
        unhyphenated.stylesheets = [*renderer.stylesheets, CSS(string="* { hyphens: manual }")]
        for job in engine.prepare(engine.validate_file(path)):
            html = engine.render_html(job)
            layout = renderer.layout(html, source_name=job.job.stem)
            layout.write()  # warm-up
            steps = {"layout": functools.partial(renderer.layout, html, source_name="bench"),
                     "write": layout.write,
                     "plain": functools.partial(_plain_weasyprint, html, renderer),
                     "docgen": functools.partial(engine.render_document, job),
                     "unhyphenated": functools.partial(unhyphenated.layout, html,
                                                       source_name="bench")}
            times: dict[str, list[float]] = {name: [] for name in steps}
            subsetting[0] = 0.0
            for _ in range(rounds):  # interleaved, so drift hits every step alike
                for name, step in steps.items():
                    gc.collect()
                    begin = time.perf_counter()
                    step()
                    times[name].append(time.perf_counter() - begin)
            # subsetting happens in "write", "plain" and "docgen": a third of the total each
            subset = subsetting[0] / rounds / 3
            median = {name: statistics.median(values) for name, values in times.items()}
            rows.append((job.job.stem, layout.page_count, median["layout"], median["write"],
                         subset, median["plain"], median["docgen"], median["unhyphenated"]))
    pdf_fonts.Font.subset = original_subset  # type: ignore[method-assign]
    return rows


def word_route(rounds: int) -> tuple[float, float]:
    """Median seconds per document: docgen's Word route (DOCX template → warm LibreOffice →
    reproducible PDF) vs plain ``soffice --convert-to pdf`` of the same DOCX files."""
    from convert_bench import cold

    from docgen.pipeline import Engine, Options

    with tempfile.TemporaryDirectory() as tmp:
        (path,) = generate(Path(tmp), 1)
        options = Options(formats=("pdf", "docx"), pdf_routes={"*": "docx"})
        with Engine(options) as engine:
            jobs = engine.prepare(engine.validate_file(path))
            documents = [(job.job.stem, engine.render_document(job).outputs["docx"])
                         for job in jobs]  # also starts LibreOffice and loads Writer
            ours = statistics.median(
                _median(functools.partial(engine.render_document, job), rounds) for job in jobs)
    plain = statistics.median(cold(documents, rounds).values())
    return ours, plain


# --- report ----------------------------------------------------------------------------

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10,100",
                        help="numbers of applications, e.g. 10,100,1000 (empty: no builds)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--sequential-up-to", type=int, default=100,
                        help="measure the sequential build only up to this many applications")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--no-word", action="store_true", help="skip the LibreOffice comparison")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]

    print(f"docgen build benchmark – {os.cpu_count()} CPUs, {args.jobs} worker processes, "
          f"Python {sys.version.split()[0]}\n")
    rows = document_split(args.rounds)
    print(f"One application, per document (median of {args.rounds}):")
    print(f"{'document':38} {'pages':>5} {'layout':>8} {'write':>8} {'write %':>8} "
          f"{'fonts':>7} {'plain WP':>9} {'docgen':>8} {'ratio':>6}")
    for name, pages, laying, writing, subset, plain, ours, _ in rows:
        print(f"{name:38} {pages:5d} {laying:7.3f}s {writing:7.3f}s "
              f"{writing / (laying + writing):7.0%} {subset * 1000:5.1f}ms {plain:8.3f}s "
              f"{ours:7.3f}s {ours / plain:5.2f}×")
    laying = sum(r[2] for r in rows)
    writing = sum(r[3] for r in rows)
    plain = sum(r[5] for r in rows)
    ours = sum(r[6] for r in rows)
    print(f"{'all four':38} {sum(r[1] for r in rows):5d} {laying:7.3f}s {writing:7.3f}s "
          f"{writing / (laying + writing):7.0%} {sum(r[4] for r in rows) * 1000:5.1f}ms "
          f"{plain:8.3f}s {ours:7.3f}s {ours / plain:5.2f}×")
    unhyphenated = sum(r[7] for r in rows)
    print(f"layout of all four without automatic hyphenation (hyphens: manual): "
          f"{unhyphenated:.3f} s, {1 - unhyphenated / laying:.0%} less")

    if not args.no_word:
        word, soffice = word_route(max(3, args.rounds // 2))
        print(f"\nWord route, per document: docgen (DOCX + warm LibreOffice) {word:.3f} s, plain "
              f"soffice --convert-to pdf {soffice:.3f} s, ratio {word / soffice:.2f}×")

    if not sizes:
        return
    print(f"\n{'apps':>5} {'pages/bundle':>12} {'sequential':>18} {'parallel':>18} "
          f"{'speed-up':>8} {'unchanged':>16} {'peak MiB':>8}")
    peaks = {}
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            data, out_seq, out_par = Path(tmp) / "daten", Path(tmp) / "seq", Path(tmp) / "par"
            data.mkdir()
            generate(data, n)
            seq = None
            if n <= args.sequential_up_to:
                seq = timed_build(data, out_seq, 1)["seconds"]
            cold = timed_build(data, out_par, args.jobs)
            warm = timed_build(data, out_par, args.jobs)
            assert warm["rebuilt"] == 0, "an unchanged rebuild must render nothing"
            pages = bundle_pages(out_par)
            peaks[n] = cold["peak"]
            seq_text = f"{seq:7.1f}s {n / seq:5.2f}/s" if seq else f"{'–':>15}"
            speed = f"{seq / cold['seconds']:7.2f}×" if seq else f"{'–':>8}"
            print(f"{n:5d} {pages:12.1f} {seq_text:>18} {cold['seconds']:7.1f}s "
                  f"{n / cold['seconds']:5.2f}/s {speed:>8} {warm['seconds']:6.2f}s "
                  f"{cold['seconds'] / warm['seconds']:6.0f}× {cold['peak']:8.0f}")
            sys.stdout.flush()
    print("\n(/s: application bundles per second, each with its four documents; 'unchanged':"
          " the same build again, and how many times faster than the cold parallel build)")
    if len(peaks) > 1:
        small, large = min(peaks), max(peaks)
        print(f"peak memory {large} vs {small} applications: {peaks[large] / peaks[small]:.2f}×")


if __name__ == "__main__":
    main()
