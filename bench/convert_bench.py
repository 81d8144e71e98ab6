"""Benchmark of the Word route's conversion: warm LibreOffice vs a cold soffice per file.

Prints per-document medians for both, measured in the same run, their ratio, and the
throughput of one and of two warm LibreOffice instances (two threads, one instance
each). Run after `make setup`:

    .venv/bin/python bench/convert_bench.py [--rounds 3] [--batch 60]

No thresholds here or in the tests: the figures are printed to be read.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docgen.convert import WarmConverter  # noqa: E402
from docgen.pipeline import Engine, Options  # noqa: E402


def example_docx() -> list[tuple[str, bytes]]:
    with Engine(Options(formats=("docx",))) as engine:
        rendered = engine.render_file(ROOT / "data" / "landkreis-maerkische-heide.yaml")
    return [(d.job.stem, d.outputs["docx"]) for d in rendered.documents]


def cold(documents: list[tuple[str, bytes]], rounds: int) -> dict[str, float]:
    times: dict[str, list[float]] = {name: [] for name, _ in documents}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        profile = (folder / "profil").as_uri()
        # create the profile once, so every measured run is a plain cold start
        warmup = folder / "warmup.docx"
        warmup.write_bytes(documents[0][1])
        subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(folder), str(warmup)],
                       check=True, capture_output=True)
        for _ in range(rounds):
            for name, data in documents:
                source = folder / f"{name}.docx"
                source.write_bytes(data)
                start = time.perf_counter()
                subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless",
                                "--convert-to", "pdf", "--outdir", str(folder), str(source)],
                               check=True, capture_output=True)
                times[name].append(time.perf_counter() - start)
                assert (folder / f"{name}.pdf").read_bytes().startswith(b"%PDF")
    return {name: statistics.median(values) for name, values in times.items()}


def warm(documents: list[tuple[str, bytes]], rounds: int) -> tuple[dict[str, float], float]:
    times: dict[str, list[float]] = {name: [] for name, _ in documents}
    start = time.perf_counter()
    with WarmConverter() as converter:
        converter.start()
        startup = time.perf_counter() - start
        converter.convert(documents[0][1])  # first conversion loads the Writer modules
        for _ in range(rounds):
            for name, data in documents:
                begin = time.perf_counter()
                converter.convert(data, name=name)
                times[name].append(time.perf_counter() - begin)
    return {name: statistics.median(values) for name, values in times.items()}, startup


def throughput(documents: list[tuple[str, bytes]], batch: int, instances: int) -> float:
    """Conversions per minute with ``instances`` warm LibreOffices working in parallel."""
    jobs = [documents[i % len(documents)][1] for i in range(batch)]
    converters = [WarmConverter() for _ in range(instances)]
    for converter in converters:
        converter.start()
        converter.convert(jobs[0])
    lock = threading.Lock()

    def worker(converter: WarmConverter) -> None:
        while True:
            with lock:
                if not jobs:
                    return
                data = jobs.pop()
            converter.convert(data)

    threads = [threading.Thread(target=worker, args=(c,)) for c in converters]
    begin = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - begin
    for converter in converters:
        converter.close()
    return batch / elapsed * 60


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--batch", type=int, default=60)
    args = parser.parse_args()
    documents = example_docx()
    print(f"{len(documents)} DOCX documents of the example, {args.rounds} rounds each\n")
    cold_times = cold(documents, args.rounds)
    warm_times, startup = warm(documents, args.rounds)
    print(f"{'document':42} {'cold s':>8} {'warm s':>8} {'ratio':>7}")
    for name, _ in documents:
        print(f"{name:42} {cold_times[name]:8.3f} {warm_times[name]:8.3f} "
              f"{cold_times[name] / warm_times[name]:6.1f}×")
    cold_median = statistics.median(cold_times.values())
    warm_median = statistics.median(warm_times.values())
    print(f"{'median per document':42} {cold_median:8.3f} {warm_median:8.3f} "
          f"{cold_median / warm_median:6.1f}×")
    print(f"\nwarm converter start-up (once): {startup:.2f} s")
    one = throughput(documents, args.batch, 1)
    two = throughput(documents, args.batch, 2)
    print(f"throughput, 1 warm LibreOffice : {one:6.0f} conversions/min")
    print(f"throughput, 2 warm LibreOffices: {two:6.0f} conversions/min ({two / one:.2f}×)")


if __name__ == "__main__":
    main()
