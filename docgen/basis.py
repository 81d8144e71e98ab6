"""Shared defaults: a data file may name a base file whose values it extends.

``basis: kommges-2026.yaml`` at the top of a data file reads that file first (a
path relative to the data file's folder) and lays the data file over it: sections
(mappings) merge key by key, every other value — texts, numbers, dates and lists —
replaces the base's value as a whole. A base file may name a base of its own. So the
BLS can publish the call's facts once, and a municipality keep its letterhead and
``kommune`` in one file that its application and its other documents extend.

Every value keeps the place it came from: an error about a value from a base file
names that file, line and column.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from docgen.errors import DataError
from docgen.files import not_regular
from docgen.loading import FieldPath, LoadedData, SourceMap

KEY = "basis"
MAX_DEPTH = 8


def with_bases(loaded: LoadedData, load_one: Callable[..., LoadedData]) -> LoadedData:
    """``loaded`` laid over its chain of base files; ``basis`` itself is removed."""
    chain = [loaded]
    seen = {loaded.path.resolve()}
    current = loaded
    while KEY in current.data:
        where = current.source_map.location((KEY,))
        name = current.data[KEY]
        if not isinstance(name, str) or not name.strip():
            raise DataError.single("„basis“ muss ein Dateiname sein (relativ zu dieser Datei)",
                                   where, KEY)
        if Path(name).is_absolute():
            raise DataError.single(f"„basis: {name}“ muss ein relativer Pfad sein", where, KEY)
        target = (current.path.parent / name).resolve()
        if target in seen:
            raise DataError.single(f"„basis: {name}“ verweist im Kreis auf eine Datei, die "
                                   "schon Basis ist", where, KEY)
        if len(chain) > MAX_DEPTH:
            raise DataError.single(f"mehr als {MAX_DEPTH} Basisdateien hintereinander", where, KEY)
        problem = not_regular(target, f"Basisdatei „{name}“")
        if problem:  # a FIFO or device is refused here, never opened
            raise DataError.single(problem, where, KEY)
        display = os.path.normpath(Path(current.source_map.file).parent / name)
        current = load_one(target, display_name=display)
        seen.add(target)
        chain.append(current)
    merged = chain[-1]
    data: Any = _without_key(merged.data)
    values = dict(_entries(merged.source_map.values))
    keys = dict(_entries(merged.source_map.keys))
    origins = {p: merged.source_map.file for p in (*values, *keys)}
    for layer in reversed(chain[:-1]):
        data = _merge(data, _without_key(layer.data), (), layer.source_map,
                      values, keys, origins)
    origins = {p: f for p, f in origins.items() if f != loaded.source_map.file}
    return LoadedData(loaded.path, data,
                      SourceMap(loaded.source_map.file, values, keys, origins),
                      {layer.source_map.file: layer.path for layer in chain[1:]})


def _without_key(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k != KEY}


def _entries(table: Any) -> Any:
    return ((p, pos) for p, pos in table.items() if not p or p[0] != KEY)


def _merge(base: Any, over: Any, path: FieldPath, over_map: SourceMap,
           values: dict[FieldPath, tuple[int, int]], keys: dict[FieldPath, tuple[int, int]],
           origins: dict[FieldPath, str]) -> Any:
    """``over`` laid over ``base`` at ``path``, moving the positions along."""
    if isinstance(base, dict) and isinstance(over, dict):
        if path in over_map.values:  # the section stands where the nearer file has it
            values[path] = over_map.values[path]
            origins[path] = over_map.file
        result = dict(base)
        for key, value in over.items():
            child = (*path, key)
            if key in base:
                result[key] = _merge(base[key], value, child, over_map, values, keys, origins)
            else:
                result[key] = value
                _take(child, over_map, values, keys, origins)
            if child in over_map.keys:
                keys[child] = over_map.keys[child]
                origins[child] = over_map.file
        return result
    _take(path, over_map, values, keys, origins)
    return over


def _take(path: FieldPath, over_map: SourceMap, values: dict[FieldPath, tuple[int, int]],
          keys: dict[FieldPath, tuple[int, int]], origins: dict[FieldPath, str]) -> None:
    """Positions at and below ``path`` now come from ``over_map``'s file."""
    depth = len(path)
    for table in (values, keys):
        for stale in [p for p in table if p[:depth] == path]:
            del table[stale]
    for table, source in ((values, over_map.values), (keys, over_map.keys)):
        for p, pos in source.items():
            if p[:depth] == path:
                table[p] = pos
                origins[p] = over_map.file
