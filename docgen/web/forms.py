"""The form of an application, generated from the root model's shapes.

Three directions, one naming rule: the form field of the data path
``begruendung.bestehende_stellen[1].umfang_vzae`` is named
``begruendung.bestehende_stellen.1.umfang_vzae`` and has the id
``f-begruendung-bestehende_stellen-1-umfang_vzae``.

- ``build_form``: data + problems → a tree of ``Node`` for the templates;
- ``parse_form``: posted form → data (the structure of a YAML data file);
(``actions.apply_action`` adds, removes or moves entries of lists, adds or drops optional
parts.)
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from pydantic import BaseModel

from docgen.web.shapes import Shape, model_fields

COUNT = "__anzahl"
"""Hidden field with the number of entries of a list or mapping."""
PRESENT = "__da"
"""Hidden field marking an optional part (a nested model that may be absent) as present."""
KEY = "__schluessel"
"""The key of a mapping entry."""


class FormData(Protocol):
    def get(self, key: str, /) -> Any: ...
    def getlist(self, key: str, /) -> list[Any]: ...


ChoiceHook = Callable[[str, Shape], Sequence[tuple[str, str]] | None]
"""Extra choices for a field path (e.g. the ids of standard clauses): (value, label)."""


def html_id(name: str) -> str:
    return "f-" + re.sub(r"[^A-Za-z0-9_-]", "-", name.replace(".", "-"))


def form_name(field_path: str) -> str:
    """``a.b[2].c`` (a problem's field) → ``a.b.2.c`` (a form field's name)."""
    return re.sub(r"\[(\d+)\]", r".\1", field_path)


@dataclass
class Node:
    shape: Shape
    name: str
    value: Any = None
    children: list[Node] = field(default_factory=list)
    key: str | None = None
    """For mapping entries: their key."""
    present: bool = True
    index: int | None = None
    count: int = 0
    errors: list[str] = field(default_factory=list)
    choices: Sequence[tuple[str, str]] = ()
    key_choices: Sequence[tuple[str, str]] = ()
    level: int = 2
    missing: bool = False
    """The data has no such key (as opposed to an explicit empty value)."""
    trail: tuple[str, ...] = ()
    """Titles of the parts around this field, outermost first (for the error summary)."""
    order: int = 0
    """Position in the form, for listing errors in the order a reader meets the fields."""

    @property
    def full_title(self) -> str:
        return " › ".join((*self.trail, self.title))

    @property
    def id(self) -> str:
        return html_id(self.name)

    @property
    def title(self) -> str:
        if self.index is not None and self.shape.title == "Eintrag":
            return f"Eintrag {self.index + 1}"
        return self.shape.title

    @property
    def text_value(self) -> str:
        """The value as an input shows it."""
        value = self.value
        if value is None and self.missing and self.keeps_default_visible:
            value = self.shape.default
        if value is None:
            return ""
        if self.shape.kind == "absatz" and isinstance(value, Mapping):
            lines = [str(value.get("text", ""))]
            lines += [f"- {p}" for p in value.get("punkte") or []]
            return "\n".join(lines)
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)

    @property
    def checked(self) -> bool:
        if self.value is None:
            return bool(self.shape.default)
        return self.value is True or self.value == "true"

    @property
    def keeps_default_visible(self) -> bool:
        """A field that may be empty on purpose but has a default shows the default as its
        value: clearing it means "none" (``einstimmig: null``), not "the default"."""
        return self.shape.nullable and self.shape.default is not None

    @property
    def placeholder(self) -> str:
        default = self.shape.default
        if self.keeps_default_visible or default is None or isinstance(default,
                                                                        bool | list | dict):
            return ""
        return f"Vorgabe: {default}"


def _child(data: Any, key: str | int) -> Any:
    if isinstance(key, int):
        return data[key] if isinstance(data, list) and key < len(data) else None
    return data.get(key) if isinstance(data, Mapping) else None


def _build(shape: Shape, name: str, data: Any, level: int, hook: ChoiceHook | None,
           index: int | None = None, trail: tuple[str, ...] = ()) -> Node:
    node = Node(shape, name, data, index=index, level=min(level, 6), trail=trail)
    inner = (*trail, node.title)
    if hook is not None:
        node.choices = hook(name, shape) or ()
        current = node.text_value
        if node.choices and current and current not in {v for v, _ in node.choices}:
            node.choices = [*node.choices, (current, current)]  # keep what the data says
    if shape.kind == "gruppe":
        node.present = data is not None or not shape.nullable or shape.required
        if shape.nullable and not shape.required and data is None:
            node.present = False
        if node.present:
            node.children = [_build(s, f"{name}.{n}" if name else n, _child(data, n),
                                    level + 1, hook, trail=inner) for n, s in shape.fields]
            for child, (n, _) in zip(node.children, shape.fields, strict=True):
                child.missing = not (isinstance(data, Mapping) and n in data)
    elif shape.kind == "liste":
        items = data if isinstance(data, list) else []
        node.count = len(items)
        assert shape.item is not None
        node.children = [_build(shape.item, f"{name}.{i}", item, level + 1, hook, index=i,
                                trail=inner) for i, item in enumerate(items)]
    elif shape.kind == "zuordnung":
        items = list(data.items()) if isinstance(data, Mapping) else []
        node.count = len(items)
        assert shape.item is not None
        if hook is not None:
            node.key_choices = hook(f"{name}.{KEY}", shape) or ()
        for i, (key, value) in enumerate(items):
            child = _build(shape.item, f"{name}.{i}", value, level + 1, hook, index=i,
                           trail=inner)
            child.key = str(key)
            child.key_choices = node.key_choices
            node.children.append(child)
    return node


def build_form(model: type[BaseModel], data: Mapping[str, Any],
               hook: ChoiceHook | None = None) -> list[Node]:
    """One node per top-level field of ``model`` (the form's sections); the fields a base
    class adds to every data file (the bundle) come after the parts and documents."""
    inherited = {name for base in model.__mro__[1:] if isinstance(base, type)
                 and issubclass(base, BaseModel) for name in base.model_fields}
    fields = sorted(model_fields(model), key=lambda item: item[0] in inherited)
    nodes = [_build(shape, name, data.get(name), 2, hook) for name, shape in fields]
    for order, node in enumerate(walk(nodes)):
        node.order = order
    return nodes


def skeleton(model: type[BaseModel], data: Mapping[str, Any] | None = None,
             include: Sequence[str] = ()) -> dict[str, Any]:
    """``data`` with its missing required parts (and the optional ones named in ``include``)
    added empty, so errors stand at the fields (``kommune.name: Pflichtfeld fehlt``) rather
    than at whole sections."""
    result: dict[str, Any] = dict(data or {})
    for name, shape in model_fields(model):
        if shape.kind != "gruppe" or shape.model is None:
            continue
        inner = result.get(name)
        if isinstance(inner, Mapping) or (inner is None and (shape.required or name in include)):
            result[name] = skeleton(shape.model, inner)
    return result


def walk(nodes: Sequence[Node]) -> list[Node]:
    found: list[Node] = []
    for node in nodes:
        found.append(node)
        found += walk(node.children)
    return found


def _resolve(nodes: Sequence[Node], parts: Sequence[str]) -> Node | None:
    """The deepest node on a data path (mapping entries by key, list entries by index)."""
    found: Node | None = None
    candidates = list(nodes)
    for part in parts:
        step = None
        for node in candidates:
            last = node.name.rpartition(".")[2]
            if (node.key is not None and node.key == part) or (node.key is None and last == part):
                step = node
                break
        if step is None:
            break
        found, candidates = step, step.children
    return found


def attach_errors(nodes: Sequence[Node], problems: Sequence[tuple[str | None, str]]
                  ) -> list[tuple[Node | None, str]]:
    """Put each (field path, message) at the nearest form field; return them in order."""
    placed: list[tuple[Node | None, str]] = []
    for path, message in problems:
        target = _resolve(nodes, form_name(path).split(".")) if path else None
        if target is not None:
            target.errors.append(message)
        placed.append((target, message))
    return sorted(placed, key=lambda item: item[0].order if item[0] else -1)


# -- posted form → data -------------------------------------------------------------


def _scalar(shape: Shape, raw: str) -> Any:
    text = raw.replace("\r\n", "\n").strip()
    if shape.kind == "ganzzahl":
        return int(text) if re.fullmatch(r"[-+]?\d+", text) else text
    if shape.kind == "zahl":
        candidate = text.replace(",", ".")
        try:
            return float(candidate) if re.fullmatch(r"[-+]?\d*\.?\d+", candidate) else text
        except ValueError:
            return text
    if shape.kind == "datum":
        try:
            return datetime.date.fromisoformat(text).isoformat()
        except ValueError:
            return text
    if shape.kind == "absatz" and shape.model is not None:
        lines = text.split("\n")
        bullets = [i for i, line in enumerate(lines) if line.startswith("- ")]
        names = set(shape.model.model_fields)
        if bullets and {"text", "punkte"} <= names:
            first = bullets[0]
            return {"text": "\n".join(lines[:first]).strip(),
                    "punkte": [line[2:].strip() for line in lines[first:] if line.strip()]}
    return text


def _parse(shape: Shape, name: str, form: FormData, in_list: bool = False) -> Any:
    if shape.kind == "gruppe":
        if shape.nullable and not shape.required and form.get(f"{name}.{PRESENT}") != "1" \
                and not in_list:
            return None
        result = {}
        for child, child_shape in shape.fields:
            child_name = f"{name}.{child}" if name else child
            value = _parse(child_shape, child_name, form)
            if value is not None:
                result[child] = value
            elif child_shape.nullable and child_shape.default is not None \
                    and form.get(child_name) is not None:
                result[child] = None  # cleared on purpose: none, not the default
        if not result and not shape.required and not shape.nullable and not in_list:
            return None  # a part with defaults only, left as it was
        return result
    if shape.kind in {"liste", "zuordnung"}:
        count_text = form.get(f"{name}.{COUNT}")
        if count_text is None or not str(count_text).isdigit():
            return None
        assert shape.item is not None
        items = [_parse(shape.item, f"{name}.{i}", form, in_list=True)
                 for i in range(int(count_text))]
        if shape.kind == "liste":
            if not items and not shape.required:
                return None
            return [("" if item is None else item) for item in items]
        result_map: dict[str, Any] = {}
        for i, item in enumerate(items):
            key = str(form.get(f"{name}.{i}.{KEY}") or "").strip()
            while key in result_map:
                key += "_"
            result_map[key] = item if item is not None else {}
        return result_map or None
    if shape.kind == "janein":
        values = form.getlist(name)
        if not values:
            return None
        value = values[-1] == "true"
        return None if value == bool(shape.default) and not shape.required else value
    raw = form.get(name)
    if raw is None or not isinstance(raw, str):
        return None
    if raw.strip() == "":
        return "" if in_list else None
    return _scalar(shape, raw)


def parse_form(model: type[BaseModel], form: FormData) -> dict[str, Any]:
    data = {}
    for name, shape in model_fields(model):
        value = _parse(shape, name, form)
        if value is not None:
            data[name] = value
    return data
