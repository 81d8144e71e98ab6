"""Shared defaults: a data file may name a base file whose values it extends.

``basis: kommges-2026.yaml`` at the top of a data file reads that file first (a
path relative to the data file's folder) and lays the data file over it: sections
(mappings) merge key by key, every other value — texts, numbers, dates and lists —
replaces the base's value as a whole. A base file may name a base of its own. So the
BLS can publish the call's facts once, and a municipality keep its letterhead and
``kommune`` in one file that its application and its other documents extend.

Lists replace the base's list unless the file states otherwise: ``basis_ergaenzen:``
names the lists (dotted field paths, e.g. ``[werkstattgespraeche, kurzkonzept.anlagen]``)
whose entries are appended to the base's entries instead.

Every value keeps the place it came from: an error about a value from a base file
names that file, line and column.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import Any

from docgen.errors import DataError
from docgen.files import not_regular
from docgen.loading import FieldPath, LoadedData, SourceMap

KEY = "basis"
APPEND = "basis_ergaenzen"
"""The lists of a file whose entries extend its base's list rather than replace it."""
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
        appended = _stated_appends(layer, data)  # lists this layer extends instead of replacing
        data = _merge(data, _without_key(layer.data), (), layer.source_map,
                      values, keys, origins, appended)
    origins = {p: f for p, f in origins.items() if f != loaded.source_map.file}
    return LoadedData(loaded.path, data,
                      SourceMap(loaded.source_map.file, values, keys, origins),
                      {layer.source_map.file: layer.path for layer in chain[1:]})


def _stated_appends(layer: LoadedData, base: Any) -> set[FieldPath]:
    """The field paths ``layer`` states as appended (``basis_ergaenzen``), each checked."""
    stated = layer.data.get(APPEND)
    if stated is None:
        return set()
    where = layer.source_map.location((APPEND,))
    if not isinstance(stated, list) or not all(isinstance(s, str) and s for s in stated):
        raise DataError.single("„basis_ergaenzen“ muss eine Liste von Feldpfaden sein, z. B. "
                               "[werkstattgespraeche, kurzkonzept.anlagen]", where, APPEND)
    paths: set[FieldPath] = set()
    for index, dotted in enumerate(stated):
        path: FieldPath = tuple(dotted.split("."))
        own, inherited = _at(layer.data, path), _at(base, path)
        if not isinstance(own, list) or not isinstance(inherited, list | None):
            where = layer.source_map.location((APPEND, index))
            raise DataError.single(f"„{dotted}“ ist hier oder in der Basisdatei keine Liste; nur "
                                   "Listen lassen sich ergänzen", where, APPEND)
        paths.add(path)
    return paths


def _at(data: Any, path: FieldPath) -> Any:
    for part in path:
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return data


def _without_key(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k not in (KEY, APPEND)}


def _entries(table: Any) -> Any:
    return ((p, pos) for p, pos in table.items() if not p or p[0] not in (KEY, APPEND))


def _merge(base: Any, over: Any, path: FieldPath, over_map: SourceMap,
           values: dict[FieldPath, tuple[int, int]], keys: dict[FieldPath, tuple[int, int]],
           origins: dict[FieldPath, str], appended: AbstractSet[FieldPath] = frozenset()) -> Any:
    """``over`` laid over ``base`` at ``path``, moving the positions along."""
    if path in appended and isinstance(base, list) and isinstance(over, list):
        _shift(path, len(base), over_map, values, keys, origins)
        return [*base, *over]
    if isinstance(base, dict) and isinstance(over, dict):
        if path in over_map.values:  # the section stands where the nearer file has it
            values[path] = over_map.values[path]
            origins[path] = over_map.file
        result = dict(base)
        for key, value in over.items():
            child = (*path, key)
            if key in base:
                result[key] = _merge(base[key], value, child, over_map, values, keys, origins,
                                     appended)
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


def _shift(path: FieldPath, offset: int, over_map: SourceMap,
           values: dict[FieldPath, tuple[int, int]], keys: dict[FieldPath, tuple[int, int]],
           origins: dict[FieldPath, str]) -> None:
    """The appended entries' positions, their indexes moved behind the base's ``offset``."""
    depth = len(path)
    for table, source in ((values, over_map.values), (keys, over_map.keys)):
        for p, pos in source.items():
            if p == path:
                table[p] = pos
                origins[p] = over_map.file
            elif p[:depth] == path and len(p) > depth and isinstance(index := p[depth], int):
                moved = (*path, index + offset, *p[depth + 1:])
                table[moved] = pos
                origins[moved] = over_map.file
