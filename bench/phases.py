"""Where a batch spends its CPU: exclusive CPU time per phase of one application.

Renders generated applications (as bench/build_bench.py makes them: four documents, the
bundle, base files with the letterhead logo) in one warm process, after one warm-up
application, with timers wrapped around docgen's stages. A phase's time is exclusive:
what a wrapped function spent minus what wrapped functions it called spent. "everything
else" is the rest of the application's CPU (YAML, validation, clauses, Jinja, cache keys,
writing files). ``--revision`` measures an older state of the repository (git archive).

    .venv/bin/python bench/phases.py --apps 4 [--revision main] [--nur-buendel]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

# (module, attribute, phase); Layout.write inside the bundle counts as the bundle's writing
PHASES = (
    ("docgen.pdf", "PdfRenderer.layout", "WeasyPrint layout of the documents"),
    ("docgen.pdf", "Layout.write", "writing the single PDFs"),
    ("docgen.pdf", "Layout.write_part", "writing the documents again for the bundle"),
    ("docgen.pdf", "problems", "reading PDFs back for the PDF/UA claim"),
    ("docgen.pdf", "Layout.renumber", "renumbering the bundle's margin boxes"),
    ("docgen.pipeline", "render_bundle", "cover and contents (Jinja, plan)"),
    ("docgen.bundle", "merge", "merging (pikepdf)"),
    ("docgen.bundle", "page_count", "re-opening PDFs (page count, title, PDF/A claim)"),
    ("docgen.bundle", "pdf_title", "re-opening PDFs (page count, title, PDF/A claim)"),
    ("docgen.bundle", "claims_pdfa", "re-opening PDFs (page count, title, PDF/A claim)"),
)
IN_BUNDLE = {"WeasyPrint layout of the documents": "cover and contents (layout)",
             "writing the single PDFs": "writing the documents again for the bundle",
             "reading PDFs back for the PDF/UA claim":
                 "reading PDFs back for the PDF/UA claim"}


def _instrument(totals: dict[str, float]) -> None:
    import importlib

    stack: list[float] = []
    bundle_depth = [0]

    def wrap(function: Callable[..., Any], phase: str) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            is_bundle = phase == "cover and contents (Jinja, plan)"
            bundle_depth[0] += is_bundle
            begin = time.process_time()
            stack.append(0.0)
            try:
                return function(*args, **kwargs)
            finally:
                elapsed = time.process_time() - begin
                children = stack.pop()
                label = IN_BUNDLE.get(phase, phase) if bundle_depth[0] and not is_bundle \
                    else phase
                totals[label] += elapsed - children
                if stack:
                    stack[-1] += elapsed
                bundle_depth[0] -= is_bundle
        return timed

    for module_name, attribute, phase in PHASES:
        module = importlib.import_module(module_name)
        owner_name, _, name = attribute.rpartition(".")
        owner = getattr(module, owner_name) if owner_name else module
        if hasattr(owner, name):
            setattr(owner, name, wrap(getattr(owner, name), phase))


def measure(apps: int, bundle_only: bool) -> dict[str, float]:
    from build_bench import generate

    from docgen.pipeline import Engine, Options, write_outputs

    totals: dict[str, float] = defaultdict(float)
    options = Options(bundle_only=True) if bundle_only else Options()
    with tempfile.TemporaryDirectory() as tmp:
        data, out = Path(tmp) / "daten", Path(tmp) / "aus"
        data.mkdir()
        paths = generate(data, apps + 1)
        with Engine(options) as engine:
            write_outputs(engine.render_file(paths[0]), out)  # warm-up, not counted
            _instrument(totals)
            begin = time.process_time()
            for path in paths[1:]:
                write_outputs(engine.render_file(path), out)
            whole = time.process_time() - begin
    totals["everything else"] = whole - sum(totals.values())
    return {phase: seconds / apps for phase, seconds in totals.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--apps", type=int, default=4)
    parser.add_argument("--revision", default=None)
    parser.add_argument("--nur-buendel", action="store_true")
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.revision:
        from levers import unpack

        with tempfile.TemporaryDirectory() as tmp:
            tree = unpack(args.revision, Path(tmp))
            command = [sys.executable, __file__, "--apps", str(args.apps), "--json"]
            if args.nur_buendel:
                command.append("--nur-buendel")
            result = subprocess.run(command, env={**os.environ, "PYTHONPATH": str(tree)},
                                    cwd=tree, capture_output=True, text=True, check=True)
            shares = json.loads(result.stdout.strip().splitlines()[-1])
    else:
        shares = measure(args.apps, args.nur_buendel)
    if args.json:
        print(json.dumps(shares))
        return
    total = sum(shares.values())
    print(f"{args.revision or 'this checkout'}{' --nur-buendel' if args.nur_buendel else ''}: "
          f"{total * 1000:.0f} ms CPU per application ({args.apps} applications, warm process)")
    for phase, seconds in sorted(shares.items(), key=lambda item: -item[1]):
        print(f"  {phase:52} {seconds * 1000:6.0f} ms {seconds / total:6.1%}")


if __name__ == "__main__":
    main()
