"""YAML's node tree, built from the parser's events with limits on everything hostile.

PyYAML's own composer trusts its input: a file nested ten thousand levels deep
overflows the stack, a "billion laughs" file of aliases expands to more nodes than
memory holds once it is walked, an alias inside its own anchor makes a cycle, and
an out-of-range date or a number of 5000 digits raises a bare ``ValueError`` with no
location. Here libyaml only tokenises (with explicit stacks, no recursion); the tree
is built in Python, and every limit is checked where its node starts, so the error
names that line and column. ``DocgenLoader`` is the safe loader with docgen's narrowed
implicit types (see ``docgen.loading``) and no duplicate keys.
"""

from __future__ import annotations

import datetime
import math
import re
from dataclasses import dataclass
from typing import Any

import yaml

from docgen.errors import DataError, Location


@dataclass(frozen=True)
class Limits:
    """What one data file may contain. The README states these figures."""

    max_bytes: int = 5 * 1024 * 1024
    """File size (raise it with ``--max-dateigroesse``)."""
    max_depth: int = 40
    """Nesting of sections and lists."""
    max_nodes: int = 200_000
    """Values after expanding every alias (``*name``): bounds memory and time."""
    max_aliases: int = 1_000
    """Uses of ``*name``."""
    max_string: int = 100_000
    """Characters of one value."""
    max_number_digits: int = 30
    """Digits of one number."""
    max_magnitude: float = 1e15
    """Largest absolute value of a number (money, counts and rates are far below)."""


DEFAULT_LIMITS = Limits()


# --- the loader: narrowed implicit types, no duplicate keys, German problem texts -------

_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
_FLOAT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)?\.[0-9]+(?:[eE][-+]?[0-9]+)?$")


_SafeBase: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's parser where PyYAML has it (much faster), else the pure-Python one."""


class DocgenLoader(_SafeBase):  # type: ignore[valid-type,misc]
    """SafeLoader with narrowed implicit types and duplicate-key detection."""


DocgenLoader.yaml_implicit_resolvers = {
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
DocgenLoader.add_implicit_resolver("tag:yaml.org,2002:bool", _BOOL, list("tTfF"))
DocgenLoader.add_implicit_resolver("tag:yaml.org,2002:int", _INT, list("-+0123456789"))
DocgenLoader.add_implicit_resolver("tag:yaml.org,2002:float", _FLOAT, list("-+.0123456789"))
DocgenLoader.add_implicit_resolver(
    "tag:yaml.org,2002:timestamp",
    re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"),
    list("0123456789"),
)


def _construct_mapping_no_duplicates(
    loader: DocgenLoader, node: yaml.MappingNode, deep: bool = False
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


def _construct_map(loader: DocgenLoader, node: yaml.Node) -> dict[Any, Any]:
    assert isinstance(node, yaml.MappingNode)
    return _construct_mapping_no_duplicates(loader, node, deep=True)


DocgenLoader.add_constructor("tag:yaml.org,2002:map", _construct_map)

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
    ("did not find expected ',' or ']'", "Liste in „[ ]“ nicht geschlossen (erwartet „,“ oder „]“)"),
    ("did not find expected ',' or '}'",
     "Abschnitt in „{ }“ nicht geschlossen (erwartet „,“ oder „}“)"),
    ("exceeded maximum nesting depth", "zu tief verschachtelt"),
)


def german_yaml_problem(problem: str) -> str:
    for english, german in _YAML_PROBLEMS:
        if problem.startswith(english):
            return german
    if problem.startswith("doppelter Schlüssel"):
        return problem
    return f"YAML-Syntaxfehler ({problem})"


_INT_TAG = "tag:yaml.org,2002:int"
_FLOAT_TAG = "tag:yaml.org,2002:float"
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_ALLOWED_TAGS = {"!", *(f"tag:yaml.org,2002:{name}" for name in
                       ("str", "int", "float", "bool", "null", "timestamp", "seq", "map"))}


def _where(display: str, mark: Any) -> Location:
    return Location(display, mark.line + 1, mark.column + 1)


def check_number(value: float, text: str, limits: Limits) -> str | None:
    """A German reason why a number is not acceptable, or None."""
    if isinstance(value, float) and not math.isfinite(value):
        return f"Zahl „{text}“ ist nicht endlich (unendlich oder keine Zahl)"
    if abs(value) > limits.max_magnitude:
        return (f"Zahl „{text}“ ist zu groß (höchstens {limits.max_magnitude:.0e} "
                "dem Betrag nach)").replace("+", "")
    return None


def check_date(text: str) -> str | None:
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return f"„{text}“ ist kein gültiges Kalenderdatum (JJJJ-MM-TT, Jahr ab 1)"
    return None


class _Composer:
    def __init__(self, loader: Any, display: str, limits: Limits) -> None:
        self.loader = loader
        self.display = display
        self.limits = limits
        self.anchors: dict[str, tuple[yaml.Node, int]] = {}
        self.open_anchors: set[str] = set()
        self.nodes = 0
        self.aliases = 0

    def fail(self, message: str, mark: Any) -> DataError:
        return DataError.single(message, _where(self.display, mark))

    def count(self, weight: int, mark: Any) -> None:
        self.nodes += weight
        if self.nodes > self.limits.max_nodes:
            raise self.fail(
                f"zu viele Werte: mehr als {self.limits.max_nodes} nach Auflösen der Verweise "
                "(*alias); ist die Datei eine „Billion Laughs“-Bombe?", mark)

    def document(self) -> yaml.Node | None:
        loader = self.loader
        loader.get_event()  # stream start
        if loader.check_event(yaml.StreamEndEvent):
            return None
        loader.get_event()  # document start
        node, _ = self.node(1)
        loader.get_event()  # document end
        if not loader.check_event(yaml.StreamEndEvent):
            raise self.fail("die Datei darf nur ein Dokument enthalten (zweites „---“ gefunden)",
                            loader.peek_event().start_mark)
        return node

    def node(self, depth: int) -> tuple[yaml.Node, int]:
        """The next node and its weight (values it stands for, aliases expanded)."""
        event = self.loader.peek_event()
        if isinstance(event, yaml.AliasEvent):
            self.loader.get_event()
            if event.anchor in self.open_anchors:
                raise self.fail(f"Verweis „*{event.anchor}“ steht in seinem eigenen Anker "
                                "(rekursiver Verweis)", event.start_mark)
            if event.anchor not in self.anchors:
                raise self.fail(f"Verweis „*{event.anchor}“ auf einen nicht definierten Anker",
                                event.start_mark)
            self.aliases += 1
            if self.aliases > self.limits.max_aliases:
                raise self.fail(f"zu viele Verweise (*alias): höchstens {self.limits.max_aliases}",
                                event.start_mark)
            node, weight = self.anchors[event.anchor]
            self.count(weight, event.start_mark)
            return node, weight
        if depth > self.limits.max_depth:
            raise self.fail(f"zu tief verschachtelt (höchstens {self.limits.max_depth} Ebenen)",
                            event.start_mark)
        tag = getattr(event, "tag", None)
        if tag is not None and tag not in _ALLOWED_TAGS:
            raise self.fail(f"nicht erlaubter YAML-Tag „{tag}“", event.start_mark)
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            self.open_anchors.add(anchor)
        if isinstance(event, yaml.ScalarEvent):
            node, weight = self.scalar(), 1
            self.count(1, event.start_mark)
        elif isinstance(event, yaml.SequenceStartEvent):
            node, weight = self.sequence(depth)
        else:
            node, weight = self.mapping(depth)
        if anchor is not None:
            self.open_anchors.discard(anchor)
            self.anchors[anchor] = (node, weight)
        return node, weight

    def scalar(self) -> yaml.ScalarNode:
        event = self.loader.get_event()
        value = event.value
        if len(value) > self.limits.max_string:
            raise self.fail(f"Wert zu lang ({len(value)} Zeichen, höchstens "
                            f"{self.limits.max_string})", event.start_mark)
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.loader.resolve(yaml.ScalarNode, value, event.implicit)
        problem = None
        if tag in (_INT_TAG, _FLOAT_TAG):
            digits = sum(c.isdigit() for c in value)
            if digits > self.limits.max_number_digits:
                problem = f"Zahl mit {digits} Ziffern ist zu lang"
            else:
                try:
                    number = int(value) if tag == _INT_TAG else float(value)
                except ValueError:
                    number = None
                if number is not None:
                    problem = check_number(number, value, self.limits)
        elif tag == _TIMESTAMP_TAG:
            problem = check_date(value)
        if problem:
            raise self.fail(problem, event.start_mark)
        return yaml.ScalarNode(tag, value, event.start_mark, event.end_mark, style=event.style)

    def sequence(self, depth: int) -> tuple[yaml.Node, int]:
        start = self.loader.get_event()
        self.count(1, start.start_mark)
        node = yaml.SequenceNode(start.tag or "tag:yaml.org,2002:seq", [], start.start_mark,
                                 None, flow_style=start.flow_style)
        weight = 1
        while not self.loader.check_event(yaml.SequenceEndEvent):
            child, child_weight = self.node(depth + 1)
            node.value.append(child)
            weight += child_weight
        node.end_mark = self.loader.get_event().end_mark
        return node, weight

    def mapping(self, depth: int) -> tuple[yaml.Node, int]:
        start = self.loader.get_event()
        self.count(1, start.start_mark)
        node = yaml.MappingNode(start.tag or "tag:yaml.org,2002:map", [], start.start_mark,
                                None, flow_style=start.flow_style)
        weight = 1
        while not self.loader.check_event(yaml.MappingEndEvent):
            key, key_weight = self.node(depth + 1)
            value, value_weight = self.node(depth + 1)
            node.value.append((key, value))
            weight += key_weight + value_weight
        node.end_mark = self.loader.get_event().end_mark
        return node, weight


def compose(loader: Any, display: str, limits: Limits = DEFAULT_LIMITS) -> yaml.Node | None:
    """The single document's node tree, or None for an empty file; raises DataError."""
    return _Composer(loader, display, limits).document()
