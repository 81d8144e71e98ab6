"""Benchmark of batch builds: documents per second, cache, memory, docgen's overhead.

Generates N varied applications from the example, then measures in one run:
sequential and parallel cold builds, an unchanged (warm-cache) rebuild, peak memory of
each build process, and docgen's HTML route against plain WeasyPrint on the same HTML.
Prints figures; asserts nothing. Run after `make setup`:

    .venv/bin/python bench/build_bench.py --n 10 [--jobs 2]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "data" / "landkreis-maerkische-heide.yaml"
PYTHON = sys.executable


def generate(folder: Path, n: int) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    for i in range(n):
        variant = (text.replace("  name: Landkreis Märkische Heide", f"  name: Landkreis Probe {i:04}")
                   .replace("      wert: 2481.6", f"      wert: {2100 + 7 * i}.5"))
        (folder / f"antrag-{i:04}.yaml").write_text(variant, encoding="utf-8")
    for asset in EXAMPLE.parent.glob("*.svg"):
        (folder / asset.name).write_bytes(asset.read_bytes())


def timed_build(data: Path, out: Path, jobs: int, force: bool = False) -> tuple[float, float, int]:
    """(seconds, peak MiB of the build's processes, documents rebuilt) for one build."""
    code = (
        "import json, resource, sys\n"
        "from pathlib import Path\n"
        "from docgen.build import build\n"
        "from docgen.pipeline import Options\n"
        f"r = build([Path({str(data)!r})], Path({str(out)!r}), Options(), jobs={jobs}, force={force})\n"
        "peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,\n"
        "           resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
        "print(json.dumps([r.seconds, peak / 1024, sum(len(x.rebuilt) for x in r.results),"
        " len(r.failed)]))\n"
    )
    result = subprocess.run([PYTHON, "-c", code], capture_output=True, text=True, check=True)
    seconds, peak, rebuilt, failed = json.loads(result.stdout.strip().splitlines()[-1])
    assert failed == 0
    return seconds, peak, rebuilt


def overhead(rounds: int) -> tuple[float, float]:
    """Median seconds: docgen's HTML route vs plain WeasyPrint on the same HTML."""
    from weasyprint import HTML

    from docgen.pdf import PDF_OPTIONS, VIRTUAL_ROOT
    from docgen.pipeline import Engine

    engine = Engine()
    validated = engine.validate_file(EXAMPLE)
    job = engine.prepare(validated)[0]
    html = engine.render_html(job)
    renderer = engine.pdf_renderer
    renderer.render(html, source_name="warm-up")
    docgen_times, plain_times = [], []
    for _ in range(rounds):
        begin = time.perf_counter()
        engine.render_outputs(job)
        docgen_times.append(time.perf_counter() - begin)
        begin = time.perf_counter()
        HTML(string=html, base_url=VIRTUAL_ROOT + "html/", url_fetcher=renderer.fetcher).write_pdf(
            stylesheets=renderer.stylesheets, font_config=renderer.font_config, **PDF_OPTIONS)
        plain_times.append(time.perf_counter() - begin)
    return statistics.median(docgen_times), statistics.median(plain_times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=10, help="number of applications")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data, out_seq, out_par = Path(tmp) / "daten", Path(tmp) / "seq", Path(tmp) / "par"
        data.mkdir()
        generate(data, args.n)
        docs = args.n * 10  # nine documents and the bundle per application
        seq, seq_mem, _ = timed_build(data, out_seq, 1)
        par, par_mem, _ = timed_build(data, out_par, args.jobs)
        warm, _, rebuilt = timed_build(data, out_par, args.jobs)
        print(f"{args.n} applications, {docs} outputs (9 documents + bundle each)\n")
        print(f"sequential, cold      : {seq:7.1f} s  {docs / seq:6.2f} outputs/s  peak {seq_mem:6.0f} MiB")
        print(f"{args.jobs} processes, cold   : {par:7.1f} s  {docs / par:6.2f} outputs/s  "
              f"peak {par_mem:6.0f} MiB  speed-up {seq / par:.2f}×")
        print(f"{args.jobs} processes, warm   : {warm:7.2f} s  rebuilt {rebuilt}  "
              f"{par / warm:.0f}× faster than the cold build")
    ours, plain = overhead(args.rounds)
    print(f"\nKurzkonzept, HTML → PDF (median of {args.rounds}): docgen {ours:.3f} s, "
          f"plain WeasyPrint {plain:.3f} s, ratio {ours / plain:.2f}×")


if __name__ == "__main__":
    main()
