"""Structural actions on an application's data: add, remove or move an entry of a list or
mapping, add or drop an optional part. The same actions serve the buttons with and
without JavaScript (htmx swaps the re-rendered form; without it the page reloads)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel

from docgen.web.shapes import Shape, blank, model_fields


def _shape_at(model: type[BaseModel], parts: Sequence[str]) -> Shape | None:
    shapes = dict(model_fields(model))
    shape: Shape | None = None
    for part in parts:
        if shape is None:
            shape = shapes.get(part)
        elif shape.kind == "gruppe":
            shape = dict(shape.fields).get(part)
        elif shape.kind in {"liste", "zuordnung"} and part.isdigit():
            shape = shape.item
        else:
            return None
        if shape is None:
            return None
    return shape


def apply_action(model: type[BaseModel], data: dict[str, Any], action: str) -> str | None:
    """Apply ``neu:PATH``, ``weg:PATH.I``, ``hoch:PATH.I``, ``runter:PATH.I``,
    ``teil-neu:PATH`` or ``teil-weg:PATH`` to ``data`` in place.

    Returns the form field name to focus afterwards, or None if the action is unknown.
    """
    verb, _, path = action.partition(":")
    parts = [p for p in path.split(".") if p]
    if not parts:
        return None
    if verb in {"neu", "teil-neu"}:
        shape = _shape_at(model, parts)
        if shape is None:
            return None
        parent = _container(data, parts[:-1], create=True)
        last = _key(parent, parts[-1])
        if verb == "teil-neu":
            parent[last] = {}
            return path
        assert shape.item is not None
        if shape.kind == "liste":
            items = _get(parent, last)
            items = list(items) if isinstance(items, list) else []
            items.append(blank(shape.item))
            parent[last] = items
            return f"{path}.{len(items) - 1}"
        mapping = dict(_get(parent, last) or {})
        key = ""
        while key in mapping:
            key += "_"
        mapping[key] = blank(shape.item)
        parent[last] = mapping
        return f"{path}.{len(mapping) - 1}"
    if verb == "teil-weg":
        parent = _container(data, parts[:-1], create=False)
        if isinstance(parent, dict):
            parent.pop(parts[-1], None)
        return ".".join(parts[:-1]) or None
    if verb in {"weg", "hoch", "runter"} and parts[-1].isdigit():
        index = int(parts[-1])
        parent = _container(data, parts[:-2], create=False)
        if parent is None:
            return None
        last = _key(parent, parts[-2])
        container = _get(parent, last)
        is_map = isinstance(container, dict)
        items = list(container.items()) if is_map else list(container or [])
        if not 0 <= index < len(items):
            return None
        focus = path
        if verb == "weg":
            del items[index]
            focus = ".".join(parts[:-1])
        else:
            other = index - 1 if verb == "hoch" else index + 1
            if 0 <= other < len(items):
                items[index], items[other] = items[other], items[index]
                focus = ".".join([*parts[:-1], str(other)])
        parent[last] = dict(items) if is_map else items
        return focus
    return None


def _key(container: Any, part: str) -> str | int:
    return int(part) if isinstance(container, list) and part.isdigit() else part


def _get(container: Any, key: str | int) -> Any:
    if isinstance(container, list):
        return container[key] if isinstance(key, int) and key < len(container) else None
    if isinstance(container, dict):
        if key in container:
            return container[key]
        if isinstance(key, str) and key.isdigit():  # mapping entries are addressed by index
            values = list(container.values())
            return values[int(key)] if int(key) < len(values) else None
    return None


def _container(data: dict[str, Any], parts: Sequence[str], create: bool) -> Any:
    current: Any = data
    for part in parts:
        key = _key(current, part)
        nxt = _get(current, key)
        if nxt is None:
            if not create or not isinstance(current, dict):
                return None
            nxt = current[key] = {}
        elif isinstance(current, dict) and isinstance(key, str) and key.isdigit() \
                and key not in current:
            pass  # an entry of a mapping, reached by its index
        current = nxt
    return current
