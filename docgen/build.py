"""Batch builds: many data files, in parallel processes, each failure isolated, reported.

``build()`` finds the data files, keeps the K-th of N shards if asked, renders every
file in a pool of worker processes (each with its own warm ``Engine``), and returns
a report that the CLI prints as a summary and writes as JSON and JUnit XML. One bad
file never stops the others; its previous outputs stay as they were, since outputs
are only ever replaced atomically after a file rendered completely.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

from docgen.errors import DocgenError, Problem
from docgen.loading import SUFFIXES
from docgen.output import write_atomic
from docgen.pipeline import Engine, Options, write_outputs
from docgen.processes import die_with_parent, stop_pool


@dataclass
class FileResult:
    """What happened to one data file."""

    path: str
    ok: bool
    documents: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    rebuilt: list[str] = field(default_factory=list)
    """Documents (and the bundle) rendered anew; the others were unchanged."""
    hinweis: str = ""
    """For a failed file: what became of its outputs (German, for the reader of the report)."""


KEPT = ("Für diese Datei wurde nichts geschrieben; ihre letzten guten Ausgaben bleiben "
        "erhalten.")


@dataclass
class BuildReport:
    results: list[FileResult]
    seconds: float
    shard: str | None = None

    @property
    def failed(self) -> list[FileResult]:
        return [r for r in self.results if not r.ok]


def discover(inputs: Sequence[Path]) -> list[Path]:
    """Data files in ``inputs`` (folders are searched recursively), sorted, each once."""
    return sorted(discover_with_keys(inputs))


def discover_with_keys(inputs: Sequence[Path]) -> dict[Path, str]:
    """Data files and their shard keys: the path relative to the folder it was found in
    (or the file's name), so every machine of a CI matrix splits the inputs alike,
    wherever its checkout lies."""
    found: dict[Path, str] = {}
    for item in inputs:
        if item.is_dir():
            for path in sorted(item.rglob("*")):
                relative = path.relative_to(item)
                if (path.suffix.lower() in SUFFIXES and path.is_file()
                        and not any(part.startswith(".") for part in relative.parts)):
                    found.setdefault(path, relative.as_posix())
        elif item.is_file():
            found.setdefault(item, item.name)
        else:
            raise DocgenError(Problem(f"„{item}“ gibt es nicht"))
    bases = _bases_of(found)
    return {path: key for path, key in found.items() if path.resolve() not in bases}


def _bases_of(files: Iterable[Path]) -> set[Path]:
    """The base files (``basis:``) the data files name: shared parts, not documents."""
    from docgen.loading import load

    bases: set[Path] = set()
    for path in files:
        try:
            if b"basis:" in path.read_bytes():
                bases.update(p.resolve() for p in load(path).bases.values())
        except (DocgenError, OSError):
            continue  # the build itself reports what is wrong with the file
    return bases


def parse_shard(text: str) -> tuple[int, int]:
    """``"2/3"`` → ``(2, 3)``."""
    try:
        k, n = (int(x) for x in text.split("/"))
    except ValueError:
        raise DocgenError(Problem(f"--shard erwartet K/N, z. B. 1/3, nicht „{text}“")) from None
    if not 1 <= k <= n:
        raise DocgenError(Problem(f"--shard {text}: K muss zwischen 1 und N liegen"))
    return k, n


def in_shard(key: str, shard: tuple[int, int]) -> bool:
    """Whether the input with shard ``key`` belongs to shard K of N: stable everywhere."""
    k, n = shard
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()
    return int(digest, 16) % n == k - 1


# --- worker side ---------------------------------------------------------------------

_ENGINE: Engine | None = None


def _start_worker(options: Options) -> None:
    """Initializer of a pool process: one engine for its lifetime, closed at exit.

    A worker dies with the coordinator (parent-death signal) and leaves Ctrl-C to it,
    so an interrupted build prints one line, not a traceback per worker.
    """
    import atexit

    die_with_parent(signal.SIGKILL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _use_engine(Engine(options))
    atexit.register(_ENGINE.close)  # type: ignore[union-attr]


def _use_engine(engine: Engine | None) -> None:
    global _ENGINE
    _ENGINE = engine


def _build_file(path: Path, out_dir: Path, force: bool = False) -> FileResult:
    assert _ENGINE is not None
    begin = time.perf_counter()
    try:
        rendered = _ENGINE.render_file(path, cache_in=out_dir, force=force)
        written = write_outputs(rendered, out_dir)
    except DocgenError as exc:
        return FileResult(str(path), False, problems=[str(p) for p in exc.problems],
                          seconds=time.perf_counter() - begin, hinweis=KEPT)
    except Exception as exc:  # a bug: this file fails, the batch goes on
        return _internal_error(path, exc, time.perf_counter() - begin)
    return FileResult(str(path), True, [d.job.stem for d in rendered.documents],
                      [str(p) for p in written], warnings=[str(w) for w in rendered.warnings],
                      seconds=time.perf_counter() - begin,
                      rebuilt=[d.job.stem for d in rendered.documents if not d.reused]
                      + ([] if rendered.bundle_reused or rendered.bundle_filename is None
                         else [rendered.bundle_filename]))


def _internal_error(path: Path, exc: BaseException, seconds: float) -> FileResult:
    return FileResult(str(path), False, problems=[
        f"{path}: interner Fehler ({type(exc).__name__}: {exc}) – bitte melden"],
        seconds=seconds, hinweis=KEPT)


# --- coordinator ---------------------------------------------------------------------

def same_output_folder(files: Sequence[Path]) -> dict[Path, str]:
    """Files that would write into the same output folder (the same file name in two folders).

    None of them is built: which one should win is for a person to decide.
    """
    from docgen.output import slugify

    by_slug: dict[str, list[Path]] = {}
    for path in files:
        try:
            by_slug.setdefault(slugify(path.stem), []).append(path)
        except DocgenError:
            continue  # the build itself reports what is wrong with the file
    clashing: dict[Path, str] = {}
    for slug, paths in by_slug.items():
        if len(paths) > 1:
            for path in paths:
                others = ", ".join(str(p) for p in paths if p != path)
                clashing[path] = (f"{path}: derselbe Ausgabeordner „{slug}“ wie "
                                  f"{others}; keine der Dateien wurde erzeugt")
    return clashing


@contextmanager
def _sequential(options: Options) -> Iterator[None]:
    """In-process build: the engine lives exactly as long as the build (no atexit hook,
    so a long-running caller such as a web app does not collect engines)."""
    engine = Engine(options)
    _use_engine(engine)
    try:
        yield
    finally:
        engine.close()
        _use_engine(None)


def build(inputs: Sequence[Path], out_dir: Path, options: Options, *, jobs: int | None = None,
          shard: tuple[int, int] | None = None, force: bool = False,
          progress: Callable[[int, int, FileResult], None] | None = None) -> BuildReport:
    begin = time.perf_counter()
    keys = discover_with_keys(inputs)
    files = sorted(keys)
    if shard is not None:
        files = [f for f in files if in_shard(keys[f], shard)]
    results: list[FileResult] = []
    clashing = same_output_folder(files)
    files = [f for f in files if f not in clashing]
    workers = max(1, min(jobs or os.cpu_count() or 1, len(files) or 1))

    def done(result: FileResult) -> None:
        results.append(result)
        if progress is not None:
            progress(len(results), len(files), result)

    for path, message in sorted(clashing.items()):
        done(FileResult(str(path), False, problems=[message], hinweis=KEPT))
    if files and workers == 1:
        with _sequential(options):
            for path in files:
                done(_build_file(path, out_dir, force))
    elif files:
        crashed = _in_pool(files, workers, out_dir, options, force, done)
        for path in crashed:  # alone, so the file that kills its worker is known
            if _in_pool([path], 1, out_dir, options, force, done):
                done(FileResult(str(path), False, problems=[
                    f"{path}: der Arbeitsprozess ist bei dieser Datei abgestürzt"],
                    hinweis=KEPT))
    results.sort(key=lambda r: r.path)
    return BuildReport(results, time.perf_counter() - begin,
                       f"{shard[0]}/{shard[1]}" if shard else None)


def _in_pool(files: Sequence[Path], workers: int, out_dir: Path, options: Options,
             force: bool, done: Callable[[FileResult], None]) -> list[Path]:
    """Build ``files`` in a pool; returns those whose worker died before answering."""
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_start_worker,
                               initargs=(options,))
    crashed: list[Path] = []
    try:
        futures = {pool.submit(_build_file, path, out_dir, force): path for path in files}
        for future in as_completed(futures):
            try:
                result = future.result()
            except BrokenProcessPool:
                crashed.append(futures[future])
            except Exception as exc:  # raised outside the file's own guard: still its error
                done(_internal_error(futures[future], exc, 0.0))
            else:
                done(result)
    except BaseException:
        stop_pool(pool)  # Ctrl-C or a bug here: no worker may outlive the build
        raise
    if crashed:
        stop_pool(pool)
    else:
        pool.shutdown(wait=True)
    return sorted(crashed)


def write_json_report(report: BuildReport, path: Path) -> None:
    data = {"dateien": len(report.results), "fehlerhaft": len(report.failed),
            "sekunden": round(report.seconds, 3), "shard": report.shard,
            "ergebnisse": [asdict(r) for r in report.results]}
    write_atomic(path, json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8"))


def write_junit_report(report: BuildReport, path: Path) -> None:
    """JUnit XML: one test case per document, so CI systems show failures per document."""
    cases: list[tuple[str, str, str | None, float]] = []
    for result in report.results:
        if result.ok:
            for stem in result.documents:
                cases.append((result.path, stem, None, result.seconds / max(len(result.documents), 1)))
        else:
            cases.append((result.path, "daten", "\n".join([*result.problems, result.hinweis]),
                          result.seconds))
    suite = ET.Element("testsuite", name="docgen build", tests=str(len(cases)),
                       failures=str(sum(1 for c in cases if c[2])), errors="0",
                       time=f"{report.seconds:.3f}")
    for classname, name, failure, seconds in cases:
        case = ET.SubElement(suite, "testcase", classname=classname, name=name,
                             time=f"{seconds:.3f}")
        if failure:
            first = failure.splitlines()[0]
            element = ET.SubElement(case, "failure", message=first)
            element.text = failure
    data = ET.tostring(suite, encoding="utf-8", xml_declaration=True)
    write_atomic(path, data)
