"""The web app's one door into the library: check, preview, render, export, import.

Nothing here renders on its own. An application's data is written out exactly as
``docgen`` would read it (the exported YAML file and its uploaded files in a private
temporary folder), and the library's engine does the rest; so a download from the web
is byte-identical to ``docgen render`` of the exported file.
"""

from __future__ import annotations

import datetime
import functools
import multiprocessing
import os
import tempfile
import threading
from collections.abc import Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from docgen.assets import load_logo
from docgen.errors import DocgenError, Severity
from docgen.loading import load
from docgen.output import slugify
from docgen.pipeline import Engine, Options
from docgen.registry import DOCUMENT_TYPES, Unterlagen
from docgen.web.shapes import Shape, model_fields

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def root_model() -> type[BaseModel]:
    """The model of a whole data file, as the library validates it (composed from the
    registry: a new document type brings its own form section)."""
    model: type[BaseModel] = Unterlagen
    return model


def data_file_name(data: Mapping[str, Any]) -> str:
    kommune = data.get("kommune")
    name = kommune.get("name") if isinstance(kommune, Mapping) else None
    try:
        slug = slugify(name) if isinstance(name, str) else "antrag"
    except DocgenError:
        slug = "antrag"
    return f"{slug}.yaml"


# -- YAML export and import ----------------------------------------------------------


_DumperBase: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
"""libyaml's emitter where PyYAML has it (several times faster), else the pure-Python one."""


class _Dumper(_DumperBase):  # type: ignore[valid-type,misc]
    pass


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def _typed(shape: Shape, value: Any) -> Any:
    """JSON-stored data with its dates as dates again (YAML writes them unquoted)."""
    if shape.kind == "datum" and isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return value
    if shape.kind == "gruppe" and isinstance(value, Mapping):
        fields = dict(shape.fields)
        return {k: _typed(fields[k], v) if k in fields else v for k, v in value.items()}
    if shape.kind == "liste" and isinstance(value, list) and shape.item is not None:
        return [_typed(shape.item, v) for v in value]
    if shape.kind == "zuordnung" and isinstance(value, Mapping) and shape.item is not None:
        return {k: _typed(shape.item, v) for k, v in value.items()}
    return value


def export_yaml(data: Mapping[str, Any], schema_url: str | None = None) -> str:
    """The data file as YAML; with ``schema_url`` its first line names the JSON Schema for
    editors with a YAML language server (as the examples in ``data/`` do)."""
    fields = dict(model_fields(root_model()))
    typed = {k: _typed(fields[k], v) if k in fields else v for k, v in data.items()}
    body = yaml.dump(typed, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    schema_line = f"# yaml-language-server: $schema={schema_url}\n" if schema_url else ""
    return (schema_line + "# Datendatei für docgen, aus dem Webformular exportiert.\n"
            "# Prüfen: docgen validate DATEI – erzeugen: docgen render DATEI -o ausgabe\n" + body)


def import_yaml(name: str, content: bytes) -> dict[str, Any]:
    """An uploaded data file's content as data, read by the library's own loader (same
    messages). A ``basis:`` cannot be followed: its file is not uploaded with it."""
    suffix = Path(name).suffix.lower() or ".yaml"
    with tempfile.TemporaryDirectory(prefix="docgen-import-") as folder:
        path = Path(folder) / f"import{suffix}"
        path.write_bytes(content)
        loaded = load(path, display_name=Path(name).name)
    data: dict[str, Any] = _jsonable(loaded.data)
    return data


def load_data_file(path: Path) -> tuple[dict[str, Any], dict[str, bytes]]:
    """A data file on this machine with its base files merged in (``basis:``), and the logo
    it names: what an application starts from (the example, the call's shared facts)."""
    loaded = load(path)
    data: dict[str, Any] = _jsonable(loaded.data)
    files: dict[str, bytes] = {}
    logo = (data.get("briefkopf") or {}).get("logo")
    if isinstance(logo, str):  # with the command line's checks; a missing logo is an error
        where = ("briefkopf", "logo")
        checked = load_logo(logo, loaded.folder_of(where), loaded.source_map.location(where),
                            "briefkopf.logo")
        assert checked.logo_bytes is not None
        files[Path(logo).name] = checked.logo_bytes
        data["briefkopf"]["logo"] = Path(logo).name
    return data, files


def _jsonable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


@contextmanager
def materialised(data: Mapping[str, Any], files: Mapping[str, bytes]) -> Iterator[Path]:
    """The data file and its uploaded files in a private temporary folder."""
    with tempfile.TemporaryDirectory(prefix="docgen-web-") as folder:
        root = Path(folder)
        for name, content in files.items():
            (root / Path(name).name).write_bytes(content)
        path = root / data_file_name(data)
        path.write_text(export_yaml(data), encoding="utf-8")
        yield path


# -- checking and previewing (in the app process; fast) -------------------------------


@dataclass(frozen=True)
class Finding:
    field: str | None
    message: str
    warning: bool = False
    where: str = ""
    """``file:line:column`` in the exported data file, as the command line says it."""


@dataclass(frozen=True)
class Check:
    findings: tuple[Finding, ...]
    documents: tuple[tuple[str, str], ...]
    """(file stem, German title) of every document the data describes."""

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if not f.warning)


_LOCK = threading.Lock()
_ENGINE: Engine | None = None


def _engine() -> Engine:
    global _ENGINE
    if _ENGINE is None:
        _ENGINE = Engine(Options(formats=("html",)))
    return _ENGINE


def _findings(exc: DocgenError) -> tuple[Finding, ...]:
    return tuple(Finding(p.field, p.message, p.severity is Severity.WARNING,
                         str(p.location) if p.location else "") for p in exc.problems)


def check(data: Mapping[str, Any], files: Mapping[str, bytes]) -> Check:
    """Every problem the command line's ``validate`` reports, with its field path."""
    with _LOCK, materialised(data, files) as path:
        engine = _engine()
        try:
            validated = engine.validate_file(path)
        except DocgenError as exc:
            findings = _findings(exc)
        else:
            documents = tuple((job.stem, job.doc_type.title) for t in DOCUMENT_TYPES
                              for job in t.jobs_for(validated.model))
            return Check(_findings(DocgenError(*validated.warnings)) if validated.warnings
                         else (), documents)
    if "buendel" in data and all((f.field or "").startswith("buendel") for f in findings):
        # only the bundle is wrong: its parts can still be chosen from the documents
        return Check(findings, check({k: v for k, v in data.items() if k != "buendel"},
                                     files).documents)
    return Check(findings, ())


def _render_one(engine: Engine, path: Path, stem: str, suffix: str) -> bytes | None:
    """One document of a data file in one format, as ``render`` makes it; None if the data
    describes no such document."""
    from docgen.assets import load_assets
    from docgen.validation import validate

    validated = validate(load(path), Unterlagen)
    assets = load_assets(validated)
    for prepared in engine.prepare(validated, assets):
        if prepared.job.stem == stem:
            return engine.render_document(prepared, assets).outputs[suffix]
    return None


def preview(data: Mapping[str, Any], files: Mapping[str, bytes], stem: str) -> str | None:
    """The HTML preview of one document (stylesheets inlined), or None if the data has
    errors or describes no such document."""
    with _LOCK, materialised(data, files) as path:
        try:
            html = _render_one(_engine(), path, stem, "html")
        except DocgenError:
            return None
    return html.decode("utf-8") if html is not None else None


def clause_choices(catalogue: str) -> list[tuple[str, str]]:
    """(id, title) of the standard clauses of a catalogue, for the form's choices."""
    path = TEMPLATES / "klauseln" / catalogue
    if not path.is_file():
        return []
    return list(_clause_choices(path, path.stat().st_mtime_ns))


@functools.lru_cache(maxsize=16)
def _clause_choices(path: Path, _mtime_ns: int) -> tuple[tuple[str, str], ...]:
    content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return tuple((str(a["id"]), f"{a.get('titel', a['id'])} ({a['id']})")
                 for a in content.get("abschnitte", []) if isinstance(a, Mapping) and "id" in a)


def attachment_problem(content: bytes, name: str) -> str | None:
    """Why a PDF cannot go into the bundle (the command line's own check), or None."""
    from docgen.bundle import check_attachment

    return check_attachment(content, name)


# -- rendering PDF and Word (in a bounded pool of worker processes) --------------------


class Busy(Exception):
    """The render pool is full; the caller answers HTTP 429."""


_WORKER_ENGINES: dict[tuple[str, ...], Engine] = {}


def _render_in_worker(data: Mapping[str, Any], files: Mapping[str, bytes], what: str,
                      stem: str) -> bytes:
    formats = ("docx",) if what == "docx" else ("pdf",)
    engine = _WORKER_ENGINES.get(formats)
    if engine is None:
        engine = _WORKER_ENGINES[formats] = Engine(Options(formats=formats))
    with materialised(data, files) as path:
        if what == "buendel":
            bundle = engine.render_file(path).bundle
            if bundle is None:
                raise DocgenError.single("kein Bündel erzeugt")
            return bundle
        content = _render_one(engine, path, stem, what)
    if content is None:
        raise DocgenError.single(f"kein Dokument „{stem}“")
    return content


def _lower_priority() -> None:
    """Render workers yield the processor to the app process: typing and previews stay quick
    while PDFs are made."""
    os.nice(10)


class RenderPool:
    """At most ``workers`` renders at once, ``waiting`` more queued; beyond that: Busy."""

    def __init__(self, workers: int, waiting: int) -> None:
        self.workers = workers
        self.capacity = workers + waiting
        self._in_flight = 0
        self._lock = threading.Lock()
        self._executor: ProcessPoolExecutor | None = None

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            self._executor = ProcessPoolExecutor(
                self.workers, mp_context=multiprocessing.get_context("spawn"),
                initializer=_lower_priority)
        return self._executor

    def render(self, data: Mapping[str, Any], files: Mapping[str, bytes], what: str,
               stem: str = "") -> bytes:
        """``what``: ``pdf`` or ``docx`` of document ``stem``, or ``buendel``."""
        with self._lock:
            if self._in_flight >= self.capacity:
                raise Busy
            self._in_flight += 1
            pool = self._pool()
        try:
            return pool.submit(_render_in_worker, dict(data), dict(files), what, stem).result()
        finally:
            with self._lock:
                self._in_flight -= 1

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None
