"""Stage 1, load: a YAML or JSON file becomes plain data plus a source map.

The source map tells, for every field path, where its key and its value stand
in the file, so that later stages can report ``file:line:column``.

YAML is read with a safe loader (no Python objects) whose implicit typing is
narrowed on purpose: in official paperwork a postcode ``03046`` must not turn
into the octal number 1574, nor ``no`` into ``False``. Only ``true``/``false``,
decimal numbers without leading zeros and ISO dates are typed; everything else
stays text. Duplicate keys are an error, not a silent overwrite.
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

from docgen.errors import DataError, Location

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

_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
_FLOAT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)?\.[0-9]+(?:[eE][-+]?[0-9]+)?$")


_SafeBase: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's parser where PyYAML has it (much faster), else the pure-Python one."""


class _DocgenLoader(_SafeBase):  # type: ignore[valid-type,misc]
    """SafeLoader with narrowed implicit types and duplicate-key detection."""


_DocgenLoader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag
        not in {
            "tag:yaml.org,2002:bool",
            "tag:yaml.org,2002:int",
            "tag:yaml.org,2002:float",
            "tag:yaml.org,2002:timestamp",
        }
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_DocgenLoader.add_implicit_resolver("tag:yaml.org,2002:bool", _BOOL, list("tTfF"))
_DocgenLoader.add_implicit_resolver("tag:yaml.org,2002:int", _INT, list("-+0123456789"))
_DocgenLoader.add_implicit_resolver("tag:yaml.org,2002:float", _FLOAT, list("-+.0123456789"))
_DocgenLoader.add_implicit_resolver(
    "tag:yaml.org,2002:timestamp",
    re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"),
    list("0123456789"),
)


def _construct_mapping_no_duplicates(
    loader: _DocgenLoader, node: yaml.MappingNode, deep: bool = False
) -> dict[Any, Any]:
    seen: dict[Any, yaml.Node] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            first = seen[key].start_mark
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"doppelter Schlüssel „{key}“ (zuerst in Zeile {first.line + 1})",
                key_node.start_mark,
            )
        seen[key] = key_node
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


def _construct_map(loader: _DocgenLoader, node: yaml.Node) -> dict[Any, Any]:
    assert isinstance(node, yaml.MappingNode)
    return _construct_mapping_no_duplicates(loader, node, deep=True)


_DocgenLoader.add_constructor("tag:yaml.org,2002:map", _construct_map)

# PyYAML's problem texts, in German. Anything not listed keeps its English detail.
_YAML_PROBLEMS: tuple[tuple[str, str], ...] = (
    ("mapping values are not allowed",
     "Doppelpunkt an unerwarteter Stelle (fehlt ein Leerzeichen nach „:“, "
     "oder muss der Text in Anführungszeichen?)"),
    ("could not find expected ':'", "erwarteter Doppelpunkt „:“ fehlt"),
    ("found character '\\t' that cannot start any token",
     "Tabulatorzeichen sind in YAML nicht erlaubt, bitte Leerzeichen zum Einrücken verwenden"),
    ("found a tab character",
     "Tabulatorzeichen sind in YAML nicht erlaubt, bitte Leerzeichen zum Einrücken verwenden"),
    ("did not find expected key", "Einrückung stimmt nicht (erwarteter Schlüssel fehlt)"),
    ("did not find expected '-' indicator", "Einrückung stimmt nicht (erwartetes „-“ fehlt)"),
    ("expected <block end>", "Einrückung stimmt nicht"),
    ("found undefined alias", "Verweis (*alias) auf einen nicht definierten Anker"),
    ("found unexpected end of stream", "unerwartetes Dateiende (Anführungszeichen nicht geschlossen?)"),
    ("found unknown escape character", "unbekannte Escape-Sequenz in Anführungszeichen"),
    ("could not determine a constructor for the tag", "nicht erlaubter YAML-Tag"),
    ("found unhashable key", "ungültiger Schlüssel (Liste oder Abschnitt als Schlüssel)"),
    ("expected a single document", "die Datei darf nur ein YAML-Dokument enthalten"),
)


def _german_yaml_problem(problem: str) -> str:
    for english, german in _YAML_PROBLEMS:
        if problem.startswith(english):
            return german
    if problem.startswith("doppelter Schlüssel"):
        return problem
    return f"YAML-Syntaxfehler ({problem})"


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


def _yaml_source_map(text: str, display: str) -> SourceMap:
    return _compose(text, display)[1]


def _compose(text: str, display: str) -> tuple[Any, SourceMap]:
    """Parse once: the node tree gives both the data and the positions."""
    values: dict[FieldPath, tuple[int, int]] = {}
    keys: dict[FieldPath, tuple[int, int]] = {}
    loader = _DocgenLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    if node is not None:
        _walk_nodes(node, (), values, keys)
    return data, SourceMap(display, values, keys)


def _load_yaml(text: str, display: str) -> tuple[Any, SourceMap]:
    try:
        data, source_map = _compose(text, display)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        location = Location(display, mark.line + 1, mark.column + 1) if mark else Location(display)
        problem = exc.problem or str(exc)
        if mark and problem.startswith("found character that cannot start any token"):
            lines = text.splitlines()
            if mark.line < len(lines) and lines[mark.line][mark.column: mark.column + 1] == "\t":
                problem = "found character '\\t' that cannot start any token"  # libyaml's wording
        raise DataError.single(_german_yaml_problem(problem), location) from exc
    except yaml.YAMLError as exc:
        raise DataError.single(f"YAML-Fehler ({exc})", Location(display)) from exc
    return data, source_map


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


def _load_json(text: str, display: str) -> tuple[Any, SourceMap]:
    try:
        data = json.loads(text, object_pairs_hook=_json_pairs)
    except json.JSONDecodeError as exc:
        message = next(
            (german for english, german in _JSON_PROBLEMS if exc.msg.startswith(english)),
            f"JSON-Syntaxfehler ({exc.msg})",
        )
        raise DataError.single(message, Location(display, exc.lineno, exc.colno)) from exc
    except _DuplicateJSONKeyError as exc:
        raise DataError.single(f"doppelter Schlüssel „{exc.key}“", Location(display)) from exc
    # JSON as written by people and tools is YAML too; its nodes give the positions.
    try:
        source_map = _yaml_source_map(text, display)
    except yaml.YAMLError:
        source_map = SourceMap(display)
    return data, source_map


# --- entry point --------------------------------------------------------------

SUFFIXES = {".yaml": _load_yaml, ".yml": _load_yaml, ".json": _load_json}


def load_unchanging(path: Path) -> LoadedData:
    """``load`` for files that rarely change (template resources), memoised per file state."""
    stat = path.stat()
    return _load_memo(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=64)
def _load_memo(path: Path, mtime_ns: int, size: int) -> LoadedData:
    return load(path)


def load(path: Path | str, *, display_name: str | None = None) -> LoadedData:
    """Read a YAML or JSON data file and the base files it names (``basis:``).

    Raises DataError with location on any problem.
    """
    from docgen.basis import with_bases

    return with_bases(load_single(path, display_name=display_name), load_single)


def load_single(path: Path | str, *, display_name: str | None = None) -> LoadedData:
    """Read one YAML or JSON file, without following ``basis:``."""
    path = Path(path)
    display = display_name or str(path)
    parser = SUFFIXES.get(path.suffix.lower())
    if parser is None:
        raise DataError.single(
            f"unbekannte Dateiendung „{path.suffix}“; erwartet .yaml, .yml oder .json",
            Location(display),
        )
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise DataError.single("Datei nicht gefunden", Location(display)) from exc
    except OSError as exc:
        raise DataError.single(f"Datei nicht lesbar ({exc.strerror})", Location(display)) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise DataError.single(
            "Datei ist nicht UTF-8-kodiert (bitte als UTF-8 speichern)",
            Location(display, line, column),
        ) from exc
    data, source_map = parser(text, display)
    if data is None:
        raise DataError.single("Datei ist leer", Location(display, 1, 1))
    if not isinstance(data, dict):
        raise DataError.single(
            "oberste Ebene muss eine Zuordnung von Feldern sein (Schlüssel: Wert)",
            Location(display, 1, 1),
        )
    return LoadedData(path, data, source_map)
