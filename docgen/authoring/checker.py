"""``docgen vorlagen pruefen``: a template folder checked for both routes, every problem at once.

For each document type, its HTML template (with what it extends, includes and imports)
and its Word template are checked without data (syntax, typographic quotes and dashes
inside tags, names the type does not provide, docxtpl's structural rules, tracked
changes and comments) and then rendered strictly with the sample data. In a user's
folder, files that override nothing (wrong name, folder or extension) are reported too.
Each problem is German and names a place a person can find: ``html/x.html.j2:45`` or
``docx/x.docx, Tabelle 2, Zeile 3, Spalte 1``.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import jinja2

from docgen.assembly import FRONT_TEMPLATE
from docgen.authoring.analysis import Analysis
from docgen.authoring.names import COMMON, Shape, examples_folder, names_for
from docgen.authoring.tags import NAMES, TAG, mend
from docgen.authoring.wordcheck import WordCheck
from docgen.errors import DocgenError, Location, Problem, Severity
from docgen.formatting import FILTERS
from docgen.jinja_german import german
from docgen.models.buendel import Buendel
from docgen.registry import DOCUMENT_TYPES
from docgen.templating import TemplateRoots, builtin_templates, make_environment

FOLDERS = ("html", "docx", "texte", "klauseln", "fonts")
WORD_SUFFIXES = (".dotx", ".dotm", ".docm", ".doc", ".odt", ".ott", ".rtf")
_REFERENCE = re.compile(r"""\{%-?\s*(?:extends|include|import|from)\s+["']([^"']+)["']""")


def check_folder(folder: Path | None = None) -> list[Problem]:
    """Every problem of ``folder`` layered over the built-in templates (None: the built-in)."""
    roots = TemplateRoots.with_user_folders([folder] if folder else [])
    display = _display(folder)
    problems = list(stray_files(folder, display)) if folder else []
    samples, sample_problems = _samples(roots)
    problems += sample_problems
    env = make_environment(roots, "html")
    word_env = jinja2.Environment()
    word_env.filters.update(FILTERS)
    for doc_type in DOCUMENT_TYPES:
        jobs, assets = samples.get(doc_type.name, ([], None))
        sample = jobs[0].context if jobs else {}
        provided = {k: v.shape for k, v in names_for(doc_type, False, sample).items()}
        html, used = _check_html(env, roots, doc_type.html_template, provided,
                                 f"„{doc_type.title}“", display)
        own = [roots.find(f"{sub}/{name}") for sub, name in (
            ("texte", doc_type.texts), ("klauseln", doc_type.clauses)) if name]
        problems += html
        if not _errors(html) and _touches(folder, [*used, *own]):
            problems += _render(lambda job: _render_html(roots, job), jobs)
        path = roots.find(f"docx/{doc_type.docx_template}") if doc_type.docx_template else None
        if path is None:
            continue
        from docgen.word import docx_template_problem

        refused = docx_template_problem(path.read_bytes())  # unsafe files are never opened
        if refused:
            problems.append(Problem(refused, Location(display(path))))
            continue
        provided = {k: v.shape for k, v in names_for(doc_type, True, sample).items()}
        word = WordCheck(path, display(path), word_env, provided,
                         f"„{doc_type.title}“").run()
        problems += word
        if not _errors(word) and _touches(folder, [path, *own]):
            problems += _render(lambda job, a=assets: _render_docx(roots, job, a), jobs)
    problems += _check_html(env, roots, FRONT_TEMPLATE, _front_names(),
                            "Deckblatt und Anlagenverzeichnis des Bündels", display)[0]
    return list(dict.fromkeys(problems))


def _front_names() -> dict[str, Shape]:
    """What the bundle's cover sheet and table of contents get (``docgen/assembly.py``)."""
    kurzkonzept = next(t for t in DOCUMENT_TYPES if t.key == "kurzkonzept")
    names = {k: v.shape for k, v in names_for(kurzkonzept).items()
             if k in ("kurzkonzept", "kommune", "modellprojekt", "briefkopf", *COMMON)}
    return {**names, "buendel": Shape(model=Buendel, kind="Abschnitt"),
            "eintraege": Shape(kind="Liste")}


def _touches(folder: Path | None, paths: list[Path | None]) -> bool:
    """Whether a test render can find anything new: always for the built-in folder, else only
    where the user's folder provides one of the files the document is made from."""
    if folder is None:
        return True
    root = folder.resolve()
    return any(p is not None and p.resolve().is_relative_to(root) for p in paths)


def _errors(problems: list[Problem]) -> bool:
    return any(p.severity is Severity.ERROR for p in problems)


def _display(folder: Path | None) -> Any:
    builtin = builtin_templates().resolve()

    def show(path: Path) -> str:
        for root, label in ((folder.resolve() if folder else None, folder), (builtin, None)):
            if root is not None and path.resolve().is_relative_to(root):
                relative = path.resolve().relative_to(root).as_posix()
                return f"{label}/{relative}" if label is not None else relative
        return str(path)
    return show


_SAMPLES: dict[tuple[Any, ...], tuple[dict[str, tuple[list[Any], Any]], list[Problem]]] = {}


def _samples(roots: TemplateRoots) -> tuple[dict[str, tuple[list[Any], Any]], list[Problem]]:
    """Per type, its prepared jobs from the sample data (with the folder's texts and clauses);
    kept while neither the sample data nor the texts and clauses it is prepared with change."""
    key = tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size)
                for folder in (*roots.folders, examples_folder())
                for sub in ("texte", "klauseln", "", "basis")
                for p in sorted((folder / sub).glob("*.y*ml")) if p.is_file())
    if key not in _SAMPLES:
        _SAMPLES.clear()
        _SAMPLES[key] = _prepare_samples(roots)
    return _SAMPLES[key]


def _prepare_samples(roots: TemplateRoots
                     ) -> tuple[dict[str, tuple[list[Any], Any]], list[Problem]]:
    from docgen.assets import load_assets
    from docgen.options import Options
    from docgen.pipeline import Engine

    engine = Engine(Options(templates=roots.folders[:-1]))
    samples: dict[str, tuple[list[Any], Any]] = {}
    problems: list[Problem] = []
    for path in sorted(examples_folder().glob("*.yaml")):
        try:
            validated = engine.validate_file(path)
            assets = load_assets(validated)
            for prepared in engine.prepare(validated, assets):
                jobs = samples.setdefault(prepared.job.doc_type.name, ([], assets))[0]
                jobs.append(prepared)
        except DocgenError as exc:
            problems += [Problem(f"Testlauf mit den Beispieldaten: {p.message}", p.location,
                                 p.field, p.severity) for p in exc.problems]
    return samples, problems


def _render(render: Any, jobs: list[Any]) -> list[Problem]:
    """A strict test render of every sample document of one type."""
    problems: list[Problem] = []
    for job in jobs:
        try:
            render(job)
        except DocgenError as exc:
            problems += [Problem(f"Testlauf mit den Beispieldaten ({job.job.stem}): {p.message}",
                                 p.location, p.field, p.severity) for p in exc.problems]
    return problems


def _render_html(roots: TemplateRoots, job: Any) -> None:
    from docgen.templating import render_template

    render_template(make_environment(roots, "html"), job.job.doc_type.html_template, job.context)


def _render_docx(roots: TemplateRoots, job: Any, assets: Any) -> None:
    from docgen.options import document_timestamp
    from docgen.word import WordRenderer

    WordRenderer(roots).render(job.job.doc_type.docx_template, job.context,
                               assets.logo_png() if assets else None,
                               document_timestamp(job.job.datum))


def _check_html(env: jinja2.Environment, roots: TemplateRoots, template: str,
                provided: Mapping[str, Shape], label: str, display: Any
                ) -> tuple[list[Problem], list[Path]]:
    problems: list[Problem] = []
    pending: list[tuple[str, Mapping[str, Shape]]] = [(template, provided)]
    seen: set[str] = set()
    used: list[Path] = []
    while pending:
        name, names = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        path = roots.find(f"html/{name}")
        if path is None:
            problems.append(Problem(f"Vorlage „html/{name}“ nicht gefunden"))
            continue
        used.append(path)
        source = path.read_text(encoding="utf-8")
        found = list(_tag_problems(env, source))
        where = display(path)
        problems += [Problem(m, Location(where, line)) for line, m in found]
        if found:
            continue
        try:
            ast = env.parse(source)
        except jinja2.TemplateSyntaxError as exc:
            problems.append(Problem(f"Syntaxfehler: {german(exc.message)}",
                                    Location(where, exc.lineno)))
            continue
        analysis = Analysis(names, label)
        problems += [Problem(f.message, Location(where, f.line)) for f in analysis.run(ast)]
        for referenced, how, scope in analysis.referenced:
            known = {} if how == "import" else {**names, **scope}
            pending.append((referenced, known))
    return problems, used


def _tag_problems(env: jinja2.Environment, source: str) -> Iterator[tuple[int, str]]:
    for match in TAG.finditer(source):
        tag = match.group(0)
        if tag.startswith("{#"):
            continue
        line = source.count("\n", 0, match.start()) + 1
        mended = mend(tag)
        if mended.replaced:
            chars = ", ".join(dict.fromkeys(NAMES[c] for c in mended.replaced))
            yield line, (f"im Tag „{tag}“ stehen typografische Zeichen ({chars}); in Tags "
                         f"gelten nur gerade: „{mended.text}“")
        for opener in ("{{", "{%"):
            if opener in tag[2:]:
                yield line, f"im Tag „{tag[:60]}“ beginnt ein weiterer Tag: ein Tag ist nicht " \
                            "geschlossen"


def stray_files(folder: Path, display: Any) -> Iterator[Problem]:
    """Files of a user's folder that override nothing: wrong name, folder or extension."""
    builtin = builtin_templates()
    known = {p.relative_to(builtin).as_posix() for p in builtin.rglob("*") if p.is_file()}
    docx_names = [t.docx_template for t in DOCUMENT_TYPES if t.docx_template]
    texts = "\n".join(p.read_text(encoding="utf-8", errors="replace")
                      for p in folder.rglob("*") if p.suffix in (".j2", ".css") and p.is_file())
    used = set(_REFERENCE.findall(texts))
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if (not path.is_file() or any(part.startswith((".", "~$")) for part in relative.parts)
                or relative.as_posix() in known):
            continue
        name, top = path.name, relative.parts[0]
        where = Location(display(path))
        if len(relative.parts) == 1:
            guess = _guess(name, known)
            yield Problem("liegt nicht in einem Unterordner und überschreibt nichts; Vorlagen "
                          f"gehören nach {', '.join(f'{f}/' for f in FOLDERS)}"
                          + (f" – gemeint ist wohl „{guess}“" if guess else ""), where)
        elif top not in FOLDERS:
            yield Problem(f"unbekannter Ordner „{top}/“: überschreibt nichts; Vorlagenordner "
                          f"haben {', '.join(f'{f}/' for f in FOLDERS)}"
                          + _hint(top, FOLDERS), where)
        elif top == "docx":
            stem = path.stem
            if path.suffix.lower() in WORD_SUFFIXES:
                yield Problem(f"Word-Vorlagen müssen als Word-Dokument (.docx) gespeichert "
                              f"sein, nicht als „{path.suffix}“; gemeint ist wohl "
                              f"„docx/{stem}.docx“", where)
            else:
                yield Problem(f"„{name}“ überschreibt nichts: Word-Vorlagen heißen "
                              f"{', '.join(docx_names)}" + _hint(name, docx_names), where)
        elif top == "html" and name.endswith(".j2") and name not in used:
            html = [k.removeprefix("html/") for k in known if k.startswith("html/")]
            yield Problem(f"„{name}“ überschreibt nichts und wird von keiner Vorlage eingebunden"
                          + _hint(name, html), where)
        elif top in ("texte", "klauseln"):
            own = [k.removeprefix(f"{top}/") for k in known if k.startswith(f"{top}/")]
            yield Problem(f"„{name}“ überschreibt nichts: in {top}/ gibt es {', '.join(own)}"
                          + _hint(name, own), where)


def _hint(name: str, valid: Any) -> str:
    lower = {v.lower(): v for v in valid}
    if name.lower() in lower:
        return f" – Groß-/Kleinschreibung: die Datei muss „{lower[name.lower()]}“ heißen"
    close = difflib.get_close_matches(name, list(valid), n=1, cutoff=0.6)
    return f" – meinten Sie „{close[0]}“?" if close else ""


def _guess(name: str, known: set[str]) -> str | None:
    for candidate in sorted(known):
        if candidate.split("/")[-1].lower() == name.lower():
            return candidate
    return None
