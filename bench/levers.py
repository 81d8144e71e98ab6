"""CPU per application of ``docgen build``, revision against revision, interleaved in one run.

Each state is a git revision of this repository (``main``, ``HEAD~1``, a commit id),
unpacked with ``git archive`` into a temporary folder, optionally with build options
(``HEAD:nur_buendel`` builds the bundles only). Every round builds the same generated
applications once with every state, in turn, each in a fresh process with ``--jobs``
workers, so load on a shared machine hits all states alike. Measured is CPU time
(the build process and its workers, ``getrusage``), not wall time, and the peak
resident memory of one worker. Prints CPU per application, the ratio to the first
state, and the ratio of each state to the one before it.

    .venv/bin/python bench/levers.py main HEAD~1 HEAD HEAD:nur_buendel --apps 12 --rounds 2
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_bench import ROOT, generate

OPTION_NAMES = {"nur_buendel": "bundle_only"}
"""Short names on the command line → ``Options`` fields (absent in older revisions)."""

_CODE = """
import json, resource, statistics, sys, time
from pathlib import Path
import docgen.build
from docgen.build import build
from docgen.pipeline import Options
data, out, jobs, options = sys.argv[1], sys.argv[2], int(sys.argv[3]), json.loads(sys.argv[4])
build_file = docgen.build._build_file
def cpu_of_file(*args, **kwargs):  # workers are forked: they call this one
    begin = time.process_time()
    result = build_file(*args, **kwargs)
    result.seconds = time.process_time() - begin
    return result
docgen.build._build_file = cpu_of_file
report = build([Path(data)], Path(out), Options(**options), jobs=jobs, force=True)
per_file = sorted(r.seconds for r in report.results)
own, children = (resource.getrusage(who) for who in
                 (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
print(json.dumps({"cpu": own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime,
                  "worker_mib": (children.ru_maxrss if jobs > 1 else own.ru_maxrss) / 1024,
                  "wall": report.seconds, "failed": len(report.failed),
                  "per_file": statistics.median(per_file)}))
"""


def unpack(revision: str, folder: Path) -> Path:
    """The revision's tree (docgen and templates) in ``folder``."""
    archive = subprocess.run(["git", "archive", "--format=tar", revision, "docgen", "templates"],
                             cwd=ROOT, capture_output=True, check=True).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    return folder


def run(tree: Path, data: Path, out: Path, jobs: int, options: dict[str, Any]) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, "-c", _CODE, str(data), str(out), str(jobs), json.dumps(options)],
        cwd=tree, env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin", "HOME": str(tree)},
        capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(f"build in {tree} failed:\n{result.stderr[-2000:]}")
    figures: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    if figures["failed"]:
        raise SystemExit(f"{figures['failed']} applications failed in {tree}")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("states", nargs="+", metavar="REV[:OPTION]")
    parser.add_argument("--apps", type=int, default=12)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        data = folder / "daten"
        data.mkdir()
        generate(data, args.apps)
        states: list[tuple[str, Path, dict[str, Any]]] = []
        trees: dict[str, Path] = {}
        for state in args.states:
            revision, _, option = state.partition(":")
            if revision not in trees:
                trees[revision] = unpack(revision, folder / f"rev{len(trees)}")
            options = {OPTION_NAMES[option]: True} if option else {}
            states.append((state, trees[revision], options))
        cpu: dict[str, list[float]] = {state: [] for state, _, _ in states}
        per_file: dict[str, list[float]] = {state: [] for state, _, _ in states}
        memory: dict[str, float] = {state: 0.0 for state, _, _ in states}
        for round_ in range(args.rounds):
            for number, (state, tree, options) in enumerate(states):
                figures = run(tree, data, folder / f"out-{round_}-{number}", args.jobs, options)
                cpu[state].append(figures["cpu"] / args.apps)
                per_file[state].append(figures["per_file"])
                memory[state] = max(memory[state], figures["worker_mib"])
                print(f"  round {round_ + 1}, {state}: {figures['cpu'] / args.apps:.3f} s CPU "
                      f"per application ({figures['per_file']:.3f} s in the worker), "
                      f"wall {figures['wall']:.1f} s", file=sys.stderr)

    print(f"{args.apps} applications, --jobs {args.jobs}, {args.rounds} rounds interleaved. "
          "CPU/app: the build and its workers, start-up included; in worker: median CPU of "
          "one application inside a worker (steady state)")
    print(f"{'state':30} {'CPU/app':>8} {'vs first':>8} {'vs prev':>8} {'in worker':>9} "
          f"{'vs first':>8} {'vs prev':>8} {'spread':>6} {'MiB/worker':>10}")
    first: tuple[float, float] | None = None
    previous: tuple[float, float] | None = None
    for state, _, _ in states:
        now = (statistics.median(cpu[state]), statistics.median(per_file[state]))
        spread = (max(cpu[state]) - min(cpu[state])) / now[0]
        first = first or now
        ratios = []
        for i in range(2):
            ratios.append(f"{now[i] / first[i]:7.2f}×")
            ratios.append(f"{now[i] / previous[i]:7.2f}×" if previous else f"{'–':>8}")
        print(f"{state:30} {now[0]:7.3f}s {ratios[0]} {ratios[1]} {now[1]:8.3f}s {ratios[2]} "
              f"{ratios[3]} {spread:6.0%} {memory[state]:10.0f}")
        previous = now
    print("(throughput with the same number of workers is inversely proportional to CPU per "
          "application: a ratio of 0.5× is twice the throughput)")


if __name__ == "__main__":
    main()
