"""Stage 1, load: a YAML or JSON file becomes plain data plus a source map.

The source map tells, for every field path, where its key and its value stand
in the file, so that later stages can report ``file:line:column``.

YAML is read with a safe loader (no Python objects) whose implicit typing is
narrowed on purpose: in official paperwork a postcode ``03046`` must not turn
into the octal number 1574, nor ``no`` into ``False``. Only ``true``/``false``,
decimal numbers without leading zeros and ISO dates are typed; everything else
stays text. Duplicate keys are an error, not a silent overwrite. The loader and the
limits every file is held to live in ``docgen.composing``.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from docgen.composing import (
    DEFAULT_LIMITS,
    DocgenLoader,
    Limits,
    check_number,
    compose,
    german_yaml_problem,
)
from docgen.errors import DataError, Location
from docgen.files import read_limited

FieldPath = tuple[str | int, ...]


@dataclass(frozen=True)
class SourceMap:
    """Where each field path's key and value stand in the source file."""

    file: str
    values: Mapping[FieldPath, tuple[int, int]] = field(default_factory=dict)
    keys: Mapping[FieldPath, tuple[int, int]] = field(default_factory=dict)
    origins: Mapping[FieldPath, str] = field(default_factory=dict)
    """For values taken from a base file (``basis:``): the file they stand in."""

    def location(self, path: FieldPath, *, key: bool = False) -> Location:
        """The location of ``path``; falls back to the nearest ancestor that exists."""
        table = self.keys if key else self.values
        probe = tuple(path)
        while probe:
            if probe in table:
                return Location(self.origins.get(probe, self.file), *table[probe])
            if probe in self.values:
                return Location(self.origins.get(probe, self.file), *self.values[probe])
            probe = probe[:-1]
        if () in self.values:
            return Location(self.origins.get((), self.file), *self.values[()])
        return Location(self.file, 1, 1)


@dataclass(frozen=True)
class LoadedData:
    """The result of loading: the data, and where each part of it came from."""

    path: Path
    data: Any
    source_map: SourceMap
    bases: Mapping[str, Path] = field(default_factory=dict)
    """The base files (``basis:``) whose values this data extends, nearest first, by the
    name locations use for them."""

    def folder_of(self, path: FieldPath) -> Path:
        """The folder of the file the value at ``path`` was written in (for relative paths)."""
        origin = self.source_map.location(path).file
        return self.bases.get(origin, self.path).parent.resolve()

    @property
    def display_name(self) -> str:
        return self.source_map.file


# --- YAML -------------------------------------------------------------------

def _walk_nodes(
    node: yaml.Node,
    path: FieldPath,
    values: dict[FieldPath, tuple[int, int]],
    keys: dict[FieldPath, tuple[int, int]],
) -> None:
    mark = node.start_mark
    values[path] = (mark.line + 1, mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            child = (*path, str(key_node.value))
            kmark = key_node.start_mark
            keys[child] = (kmark.line + 1, kmark.column + 1)
            _walk_nodes(value_node, child, values, keys)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk_nodes(item, (*path, index), values, keys)


def _yaml_source_map(text: str, display: str, limits: Limits = DEFAULT_LIMITS) -> SourceMap:
    return _compose(text, display, limits)[1]


def _compose(text: str, display: str, limits: Limits = DEFAULT_LIMITS) -> tuple[Any, SourceMap]:
    """Parse once: the node tree gives both the data and the positions."""
    values: dict[FieldPath, tuple[int, int]] = {}
    keys: dict[FieldPath, tuple[int, int]] = {}
    loader = DocgenLoader(text)
    try:
        node = compose(loader, display, limits)
        data = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    if node is not None:
        _walk_nodes(node, (), values, keys)
    return data, SourceMap(display, values, keys)


# where a problem starts: an unclosed quote or bracket at its opening, not at the file's end
_STARTS_AT_CONTEXT = ("while scanning a quoted scalar", "while scanning a block scalar",
                      "while parsing a flow sequence", "while parsing a flow mapping",
                      "while scanning a simple key")


def _load_yaml(text: str, display: str, limits: Limits = DEFAULT_LIMITS) -> tuple[Any, SourceMap]:
    try:
        data, source_map = _compose(text, display, limits)
    except yaml.reader.ReaderError as exc:
        line, column = _line_column(text, exc.position)
        raise DataError.single(
            f"unerlaubtes Steuerzeichen (Code {exc.character!r}) in der Datei",
            Location(display, line, column)) from exc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark is not None and (exc.context or "").startswith(_STARTS_AT_CONTEXT):
            mark = exc.context_mark
        location = Location(display, mark.line + 1, mark.column + 1) if mark else Location(display)
        problem = exc.problem or str(exc)
        if exc.problem_mark and problem.startswith("found character that cannot start any token"):
            lines = text.splitlines()
            pm = exc.problem_mark
            if pm.line < len(lines) and lines[pm.line][pm.column: pm.column + 1] == "\t":
                problem = "found character '\\t' that cannot start any token"  # libyaml's wording
                location = Location(display, pm.line + 1, pm.column + 1)
        raise DataError.single(german_yaml_problem(problem), location) from exc
    except yaml.YAMLError as exc:
        raise DataError.single(f"YAML-Fehler ({exc})", Location(display)) from exc
    return data, source_map


def _line_column(text: str, index: int) -> tuple[int, int]:
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


# --- JSON -------------------------------------------------------------------

_JSON_PROBLEMS: tuple[tuple[str, str], ...] = (
    ("Expecting ',' delimiter", "Komma „,“ erwartet"),
    ("Expecting ':' delimiter", "Doppelpunkt „:“ erwartet"),
    ("Expecting property name enclosed in double quotes",
     "Schlüssel in doppelten Anführungszeichen erwartet (oder überzähliges Komma)"),
    ("Expecting value", "Wert erwartet"),
    ("Unterminated string", "Zeichenkette nicht geschlossen"),
    ("Invalid control character", "unerlaubtes Steuerzeichen in Zeichenkette"),
    ("Invalid \\escape", "ungültige Escape-Sequenz"),
    ("Extra data", "überzählige Daten nach dem Ende des JSON-Dokuments"),
)


def _json_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateJSONKeyError(key)
        result[key] = value
    return result


class _DuplicateJSONKeyError(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


class _BadNumberError(ValueError):
    def __init__(self, text: str, problem: str) -> None:
        super().__init__(problem)
        self.text = text
        self.problem = problem


def _json_number(limits: Limits, kind: type[int] | type[float]) -> Any:
    def parse(text: str) -> int | float:
        digits = sum(c.isdigit() for c in text)
        if digits > limits.max_number_digits:
            raise _BadNumberError(text, f"Zahl mit {digits} Ziffern ist zu lang")
        number = kind(text)
        problem = check_number(number, text, limits)
        if problem:
            raise _BadNumberError(text, problem)
        return number
    return parse


def _json_constant(text: str) -> Any:
    raise _BadNumberError(text, f"„{text}“ ist in docgen keine erlaubte Zahl (nur endliche Zahlen)")


def _token_location(text: str, token: str, display: str) -> Location:
    found = re.search(r"(?<![\w.\"])" + re.escape(token) + r"(?![\w.])", text)
    if found is None:
        return Location(display)
    return Location(display, *_line_column(text, found.start()))


def _load_json(text: str, display: str, limits: Limits = DEFAULT_LIMITS) -> tuple[Any, SourceMap]:
    # JSON as written by people and tools is YAML too; its nodes give the positions, and
    # composing them first applies the limits (depth, size of values) before json recurses
    source_map: SourceMap | None
    try:
        source_map = _load_yaml(text, display, limits)[1]
    except DataError as exc:
        if not exc.problems[0].message.startswith(("zu ", "Wert zu lang", "Zahl ")):
            source_map = None  # YAML and JSON differ here; the JSON parser decides
        else:
            raise
    try:
        data = json.loads(text, object_pairs_hook=_json_pairs,
                          parse_int=_json_number(limits, int),
                          parse_float=_json_number(limits, float),
                          parse_constant=_json_constant)
    except json.JSONDecodeError as exc:
        message = next(
            (german for english, german in _JSON_PROBLEMS if exc.msg.startswith(english)),
            f"JSON-Syntaxfehler ({exc.msg})",
        )
        raise DataError.single(message, Location(display, exc.lineno, exc.colno)) from exc
    except _DuplicateJSONKeyError as exc:
        try:  # the YAML reading of the same text knows where the second key stands
            _compose(text, display, limits)
        except DataError as located:
            raise located from exc
        except yaml.MarkedYAMLError as located:
            mark = located.problem_mark
            if mark is not None and (located.problem or "").startswith("doppelter Schlüssel"):
                raise DataError.single(located.problem or "", Location(
                    display, mark.line + 1, mark.column + 1)) from exc
        except yaml.YAMLError:
            pass
        raise DataError.single(f"doppelter Schlüssel „{exc.key}“", Location(display)) from exc
    except _BadNumberError as exc:
        raise DataError.single(exc.problem, _token_location(text, exc.text, display)) from exc
    except RecursionError as exc:
        raise DataError.single(f"zu tief verschachtelt (höchstens {limits.max_depth} Ebenen)",
                               Location(display)) from exc
    return data, source_map or SourceMap(display)


# --- entry point --------------------------------------------------------------

SUFFIXES = {".yaml": _load_yaml, ".yml": _load_yaml, ".json": _load_json}


def load_unchanging(path: Path) -> LoadedData:
    """``load`` for files that rarely change (template resources), memoised per file state."""
    stat = path.stat()
    return _load_memo(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=64)
def _load_memo(path: Path, mtime_ns: int, size: int) -> LoadedData:
    return load(path)


def load(path: Path | str, *, display_name: str | None = None,
         limits: Limits = DEFAULT_LIMITS) -> LoadedData:
    """Read a YAML or JSON data file and the base files it names (``basis:``).

    Raises DataError with location on any problem.
    """
    from docgen.basis import with_bases

    return with_bases(load_single(path, display_name=display_name, limits=limits),
                      functools.partial(load_single, limits=limits))


def load_single(path: Path | str, *, display_name: str | None = None,
                limits: Limits = DEFAULT_LIMITS) -> LoadedData:
    """Read one YAML or JSON file, without following ``basis:``."""
    path = Path(path)
    display = display_name or str(path)
    parser = SUFFIXES.get(path.suffix.lower())
    if parser is None:
        raise DataError.single(
            f"unbekannte Dateiendung „{path.suffix}“; erwartet .yaml, .yml oder .json",
            Location(display),
        )
    raw = read_limited(path, limits.max_bytes, Location(display), DataError,
                       "--max-dateigroesse")
    if b"\x00" in raw:
        index = raw.index(b"\x00")
        line = raw[:index].count(b"\n") + 1
        raise DataError.single(
            "Datei enthält ein Nullbyte (keine Textdatei? als UTF-8-Text speichern)",
            Location(display, line, index - (raw.rfind(b"\n", 0, index) + 1) + 1))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise DataError.single(
            "Datei ist nicht UTF-8-kodiert (bitte als UTF-8 speichern)",
            Location(display, line, column),
        ) from exc
    data, source_map = parser(text, display, limits)
    if data is None:
        raise DataError.single("Datei ist leer", Location(display, 1, 1))
    if not isinstance(data, dict):
        raise DataError.single(
            "oberste Ebene muss eine Zuordnung von Feldern sein (Schlüssel: Wert)",
            Location(display, 1, 1),
        )
    return LoadedData(path, data, source_map)
