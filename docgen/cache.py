"""Incremental builds: a content-hash key per document, kept beside its outputs.

A document's key covers everything its output depends on: docgen's version, the
options, the data file and the files it refers to (logo, attachments), and every
template file the document uses — its HTML template with all it extends, includes
or imports, the stylesheets and fonts, its text resource, clause catalogue and Word
template. Changing one template therefore re-renders exactly the documents that use
it, and a fingerprint of docgen's own code and built-in templates is part of every
key, so changed code never serves stale outputs. Keys and the SHA-256 of every output
live in ``<output>/<slug>/.docgen-cache.json``; an output whose bytes no longer match
(edited, truncated, replaced) is rendered again.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from jinja2 import meta

from docgen import __version__
from docgen.assembly import FRONT_TEMPLATE, BundlePlan
from docgen.templating import TemplateRoots, builtin_templates, template_errors

if TYPE_CHECKING:
    from docgen.assets import Assets
    from docgen.pipeline import Engine, PreparedJob, RenderedFile
    from docgen.validation import Validated

CACHE_FILE = ".docgen-cache.json"


_CLOSURES: dict[tuple[TemplateRoots, str], tuple[frozenset[Path], tuple[int, ...]]] = {}


def template_closure(env: jinja2.Environment, roots: TemplateRoots, name: str) -> set[Path]:
    """The template file ``html/<name>`` and every template it references, recursively.

    Remembered per process until one of the files changes.
    """
    known = _CLOSURES.get((roots, name))
    if known is not None:
        paths, stamps = known
        try:
            if tuple(p.stat().st_mtime_ns for p in sorted(paths)) == stamps:
                return set(paths)
        except OSError:
            pass
    found = _closure(env, roots, name)
    _CLOSURES[(roots, name)] = (frozenset(found),
                                tuple(p.stat().st_mtime_ns for p in sorted(found)))
    return found


def _closure(env: jinja2.Environment, roots: TemplateRoots, name: str) -> set[Path]:
    seen: set[Path] = set()
    pending = [name]
    while pending:
        current = pending.pop()
        path = roots.find(f"html/{current}")
        if path is None or path in seen:
            continue
        seen.add(path)
        source = path.read_text(encoding="utf-8")
        for referenced in meta.find_referenced_templates(env.parse(source)):
            if referenced is not None:
                pending.append(referenced)
    return seen


def folder_files(roots: TemplateRoots, folder: str) -> set[Path]:
    """Every file in ``folder`` of the template roots (the one that wins per name)."""
    names = {p.name for root in roots.folders if (root / folder).is_dir()
             for p in (root / folder).iterdir() if p.is_file()}
    return {path for name in names if (path := roots.find(f"{folder}/{name}")) is not None}


@functools.cache
def code_fingerprint() -> bytes:
    """A hash of docgen's own code and built-in templates: changed code, new key."""
    hasher = hashlib.sha256(__version__.encode())
    package = Path(__file__).resolve().parent
    for folder in (package, builtin_templates()):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                hasher.update(str(path.relative_to(folder)).encode())
                hasher.update(hashlib.sha256(path.read_bytes()).digest())
    return hasher.digest()


def digest(parts: Iterable[bytes], files: Iterable[Path]) -> str:
    hasher = hashlib.sha256(code_fingerprint())
    for part in parts:
        hasher.update(hashlib.sha256(part).digest())
    for path in sorted(set(files)):
        hasher.update(str(path).encode())
        hasher.update(hashlib.sha256(path.read_bytes()).digest())
    return hasher.hexdigest()


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def cache_record(rendered: RenderedFile) -> bytes:
    """The cache file's content: per document its key and the hash of every output."""
    keys = rendered.cache_keys or {}
    record: dict[str, dict[str, object]] = {}
    for document in rendered.documents:
        if document.job.stem in keys:
            record[document.job.stem] = {
                "schluessel": keys[document.job.stem],
                "dateien": {name: _sha(data) for name, data in document.filenames().items()}}
    name = rendered.bundle_filename
    if rendered.bundle is not None and name is not None and name in keys:
        record[name] = {"schluessel": keys[name], "dateien": {name: _sha(rendered.bundle)}}
    return json.dumps(dict(sorted(record.items())), indent=1).encode("utf-8")


class OutputCache:
    """The keys of one output folder, and the outputs they vouch for.

    An output is reused only if its key matches and its bytes still hash to what was
    written: a file changed, truncated or replaced since is rendered again.
    """

    def __init__(self, folder: Path, enabled: bool = True) -> None:
        self.folder = folder
        self.enabled = enabled
        self.records: dict[str, dict[str, object]] = {}
        path = folder / CACHE_FILE
        if enabled and path.is_file() and not path.is_symlink():
            try:
                loaded = json.loads(path.read_text(encoding="utf-8"))
                self.records = {str(k): v for k, v in loaded.items() if isinstance(v, dict)}
            except (ValueError, OSError, AttributeError):
                self.records = {}  # a damaged cache only costs a rebuild

    def fresh(self, name: str, key: str, files: Iterable[str]) -> dict[str, bytes] | None:
        """The outputs ``files`` if ``name`` was last built with ``key`` and all are intact."""
        record = self.records.get(name)
        if not self.enabled or record is None or record.get("schluessel") != key:
            return None
        hashes = record.get("dateien")
        if not isinstance(hashes, dict):
            return None
        outputs = {}
        for file in files:
            path = self.folder / file
            if path.is_symlink() or not path.is_file():
                return None
            data = path.read_bytes()
            if hashes.get(file) != _sha(data):
                return None
            outputs[file] = data
        return outputs


STYLESHEETS = ("html/docgen.css", "html/theme.css")


class FileCache:
    """The cache decisions for one data file: a key per output, and what can be reused.

    ``document`` and ``bundle`` compute an output's key from everything it depends on
    and return the previous build's outputs when the key matches; ``keys`` collects
    every key, to be saved beside the outputs once they are written.
    """

    def __init__(self, engine: Engine, validated: Validated[Any], assets: Assets,
                 folder: Path, enabled: bool = True) -> None:
        self.engine = engine
        self.outputs = OutputCache(folder, enabled)
        roots = engine.roots
        self.common = folder_files(roots, "fonts") | {
            p for name in STYLESHEETS if (p := roots.find(name)) is not None}
        source = validated.source
        self.inputs = [repr(engine.options).encode(),
                       *(p.read_bytes() for p in (source.path, *source.bases.values())),
                       assets.logo_bytes or b""]
        self.keys: dict[str, str] = {}

    def _template_files(self, name: str) -> set[Path]:
        with template_errors(name):
            return template_closure(self.engine.env, self.engine.roots, name)

    def document(self, prepared: PreparedJob) -> dict[str, bytes] | None:
        """The previous outputs of ``prepared`` by suffix, if its key is unchanged."""
        job = prepared.job
        doc_type = job.doc_type
        files = self._template_files(doc_type.html_template) | self.common
        for name in (f"texte/{doc_type.texts}" if doc_type.texts else None,
                     f"klauseln/{doc_type.clauses}" if doc_type.clauses else None,
                     f"docx/{doc_type.docx_template}" if doc_type.docx_template else None):
            if name and (found := self.engine.roots.find(name)) is not None:
                files.add(found)
        key = self.keys[job.stem] = digest([*self.inputs, job.stem.encode()], files)
        names = [f"{job.stem}.{suffix}" for suffix in self.engine.options.formats]
        reused = self.outputs.fresh(job.stem, key, names)
        if reused is None:
            return None
        return {name.rsplit(".", 1)[1]: data for name, data in reused.items()}

    def bundle(self, plan: BundlePlan) -> bytes | None:
        """The previous bundle, if neither its parts nor its front matter changed."""
        key = self.keys[plan.filename] = digest(
            [*self.inputs, *(k.encode() for k in self.keys.values()),
             *(part.attachment or b"" for part in plan.parts)],
            self._template_files(FRONT_TEMPLATE) | self.common)
        reused = self.outputs.fresh(plan.filename, key, [plan.filename])
        return None if reused is None else reused[plan.filename]
