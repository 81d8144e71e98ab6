"""Template folders and the Jinja environment every document type renders with.

Template folders are layered: a user's folders (``--templates DIR``) come
first, the built-in ``templates/`` folder last, so one file can be overridden
without copying the rest. Every folder has the same layout as the built-in
one (``html/``, ``docx/``, ``fonts/``). Nothing outside these folders can be
reached: names with ``..`` and links pointing out of a folder are refused.

The environment is sandboxed, autoescapes, and uses ``StrictUndefined``: a
value the template needs but the data lacks is an error, never an empty field.
"""

from __future__ import annotations

import functools
import re
import traceback
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from docgen.errors import Location, Problem, TemplateError
from docgen.finalize import UnformattedValue, require_text
from docgen.formatting import FILTERS
from docgen.jinja_german import german as in_german
from docgen.typografie import HTML_FILTERS


def builtin_templates() -> Path:
    """The built-in template folder: inside an installed wheel, or the source tree."""
    installed = Path(__file__).parent / "_templates"
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parent.parent / "templates"


@dataclass(frozen=True)
class TemplateRoots:
    """Template folders in lookup order: user folders first, the built-in one last."""

    folders: tuple[Path, ...]

    @classmethod
    def with_user_folders(cls, user_folders: Sequence[Path | str] = ()) -> TemplateRoots:
        folders = [Path(f).resolve() for f in user_folders]
        for folder in folders:
            if not folder.is_dir():
                raise TemplateError.single(
                    "Vorlagenordner nicht gefunden", Location(str(folder))
                )
        return cls((*folders, builtin_templates().resolve()))

    def find(self, name: str) -> Path | None:
        """The first file ``name`` (relative, with ``/``) inside one of the folders."""
        relative = PurePosixPath(name)
        if relative.is_absolute() or ".." in relative.parts or not relative.parts:
            return None
        for folder in self.folders:
            candidate = (folder / relative).resolve()
            if candidate.is_relative_to(folder) and candidate.is_file():
                return candidate
        return None

    def allows(self, path: Path) -> bool:
        resolved = path.resolve()
        return any(resolved.is_relative_to(folder) for folder in self.folders)


class _RootedLoader(jinja2.BaseLoader):
    """Loads ``<subfolder>/<name>`` from the first template folder that has it."""

    def __init__(self, roots: TemplateRoots, subfolder: str) -> None:
        self.roots = roots
        self.subfolder = subfolder

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        path = self.roots.find(f"{self.subfolder}/{template}")
        if path is None:
            raise jinja2.TemplateNotFound(template)
        source = path.read_text(encoding="utf-8")
        mtime = path.stat().st_mtime
        return source, str(path), lambda: path.stat().st_mtime == mtime


MAX_REPEAT = 100_000
"""Largest result of ``*`` on text or lists and of ``range`` in a template."""


class DocgenSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, also bounding ``*`` and ``**`` (no gigabyte strings)."""

    intercepted_binops = frozenset(["*", "**"])

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, int | float) and abs(right) > 64:
            raise SecurityError(f"Potenz mit Exponent {right} ist zu groß")
        if operator == "*":
            for sequence, count in ((left, right), (right, left)):
                if (isinstance(sequence, str | list | tuple) and isinstance(count, int)
                        and len(sequence) * count > MAX_REPEAT):
                    raise SecurityError(f"Vervielfachung auf mehr als {MAX_REPEAT} Elemente")
        return super().call_binop(context, operator, left, right)


_SANDBOX_MESSAGES = (
    (re.compile(r"access to attribute '(.+)' of '(.+)' object is unsafe\.?"),
     "Zugriff auf „{0}“ eines Werts vom Typ „{1}“ ist in Vorlagen nicht erlaubt"),
    (re.compile(r"(.+) is not safely callable"),
     "Aufruf von {0} ist in Vorlagen nicht erlaubt"),
    (re.compile(r"Range too big.*"),
     f"range(…) ist zu groß (höchstens {MAX_REPEAT} Elemente)"),
)


def german_sandbox_message(text: str) -> str:
    for pattern, german in _SANDBOX_MESSAGES:
        match = pattern.fullmatch(text.strip())
        if match:
            return german.format(*match.groups())
    if text.startswith(("Potenz", "Vervielfachung")):  # DocgenSandbox's own, German already
        return text
    return f"in Vorlagen nicht erlaubt ({text})"


def make_environment(roots: TemplateRoots, subfolder: str = "html") -> jinja2.Environment:
    env = DocgenSandbox(
        loader=_RootedLoader(roots, subfolder),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=require_text,
    )
    env.filters.update(FILTERS)
    env.filters.update(HTML_FILTERS)
    return env


def _template_line(exc: BaseException) -> Location | None:
    """The innermost template frame of a rendering error, as a location."""
    found = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename.endswith((".j2", ".html", ".xml", ".txt")):
            found = Location(frame.filename, frame.lineno)
    return found


@contextmanager
def template_errors(template_name: str) -> Iterator[None]:
    """Turn Jinja's exceptions into German TemplateErrors with template file and line."""
    try:
        yield
    except jinja2.TemplateSyntaxError as exc:
        location = Location(exc.filename or exc.name or template_name, exc.lineno)
        raise TemplateError(
            Problem(f"Syntaxfehler in der Vorlage: {in_german(exc.message)}", location)
        ) from exc
    except jinja2.TemplateNotFound as exc:
        location = _template_line(exc) or Location(template_name)
        name = str(exc.name)
        outside = name.startswith("/") or ".." in PurePosixPath(name).parts
        message = (f"„{name}“ liegt außerhalb der Vorlagenordner (include, import und extends "
                   "nur innerhalb)" if outside else f"Vorlage „{name}“ nicht gefunden")
        raise TemplateError(Problem(message, location)) from exc
    except jinja2.UndefinedError as exc:
        location = _template_line(exc) or Location(template_name)
        raise TemplateError(
            Problem("die Vorlage verlangt einen Wert, den die Daten nicht haben: "
                    f"{in_german(exc.message)}",
                    location)
        ) from exc
    except UnformattedValue as exc:
        location = _template_line(exc) or Location(template_name)
        raise TemplateError(Problem(str(exc.message), location)) from exc
    except (SecurityError, OverflowError) as exc:
        location = _template_line(exc) or Location(template_name)
        raise TemplateError(
            Problem(f"Sicherheitsregel der Vorlagen verletzt: {german_sandbox_message(str(exc))}",
                    location)
        ) from exc


def render_template(
    env: jinja2.Environment, name: str, context: Mapping[str, Any]
) -> str:
    with template_errors(name):
        return env.get_template(name).render(context)


# --- text resources -----------------------------------------------------------------
# Wording shared by the HTML and the DOCX template of a document (the form's own texts,
# the declarations of a letter) lives once in ``texte/<name>.yaml``. Every string in it
# is a small Jinja template, rendered to plain text with the document's context; the
# document templates then insert it, escaped like any other value.

_TEXT_ENV = DocgenSandbox(
    autoescape=False, undefined=jinja2.StrictUndefined, keep_trailing_newline=False
)
_TEXT_ENV.filters.update(FILTERS)


@functools.lru_cache(maxsize=4096)
def _compiled_text(source: str) -> jinja2.Template:
    return _TEXT_ENV.from_string(source)


@functools.lru_cache(maxsize=1024)
def _compiled_expression(source: str) -> Any:
    return _TEXT_ENV.compile_expression(source)


def render_text(source: str, context: Mapping[str, Any], where: Location) -> str:
    """Render one text snippet to plain text; errors point at ``where``."""
    try:
        with template_errors(where.file):
            return _compiled_text(source).render(context).strip()
    except TemplateError as exc:
        raise TemplateError(Problem(exc.problems[0].message, where)) from exc


def evaluate(expression: str, context: Mapping[str, Any], where: Location) -> Any:
    """Evaluate one Jinja expression (a condition, a list) with ``context``."""
    try:
        with template_errors(where.file):
            return _compiled_expression(expression)(**context)
    except TemplateError as exc:
        raise TemplateError(Problem(exc.problems[0].message, where)) from exc


def load_texts(roots: TemplateRoots, name: str, context: Mapping[str, Any]) -> Any:
    """``texte/<name>``, every string rendered with ``context`` (mappings and lists kept)."""
    from docgen.loading import load_unchanging

    path = roots.find(f"texte/{name}")
    if path is None:
        raise TemplateError.single(f"Textbaustein-Datei „texte/{name}“ nicht gefunden")
    loaded = load_unchanging(path)

    def walk(value: Any, where: tuple[str | int, ...]) -> Any:
        if isinstance(value, str):
            return render_text(value, context, loaded.source_map.location(where))
        if isinstance(value, dict):
            return {k: walk(v, (*where, str(k))) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v, (*where, i)) for i, v in enumerate(value)]
        return value

    return walk(loaded.data, ())
