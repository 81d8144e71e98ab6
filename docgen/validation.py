"""Stage 2, validate: loaded data against its pydantic model, every problem at once.

Pydantic's English messages become German ones; each problem carries the
file, line and column of the offending value (or of the key, for unknown keys,
or of the enclosing section, for missing ones) and the dotted field path.
"""

from __future__ import annotations

import datetime
import difflib
import types
import typing
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from docgen.composing import DEFAULT_LIMITS, check_number
from docgen.errors import DataError, Problem, Severity
from docgen.loading import FieldPath, LoadedData, SourceMap
from docgen.messages import german_message
from docgen.models.base import Finding, Model, all_checks

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Validated(Generic[M]):
    """A valid model instance, where it came from, and the warnings about it."""

    model: M
    source: LoadedData
    warnings: tuple[Problem, ...] = ()


def field_path(loc: Sequence[str | int]) -> str:
    """``("handlungsfelder", "A", "aktueller_stand", 2)`` → ``handlungsfelder.A.aktueller_stand[2]``."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def _message(error: ErrorDetails, known_fields: Iterable[str]) -> str:
    if error["type"] == "extra_forbidden":
        name = str(error["loc"][-1])
        close = difflib.get_close_matches(name, list(known_fields), n=1, cutoff=0.6)
        hint = f" – meinten Sie „{close[0]}“?" if close else ""
        return f"unbekanntes Feld „{name}“{hint}"
    return german_message(error)


def unwrap_types(annotation: Any) -> list[Any]:
    """The concrete types inside Optional/Union/Annotated/list annotations."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return unwrap_types(typing.get_args(annotation)[0])
    if origin in {typing.Union, types.UnionType}:
        return [t for arg in typing.get_args(annotation) for t in unwrap_types(arg)]
    if origin in {list, tuple, set, frozenset}:
        return [t for arg in typing.get_args(annotation) for t in unwrap_types(arg)]
    if origin is dict:
        return unwrap_types(typing.get_args(annotation)[1])
    return [annotation]


def _fields_at(model: type[BaseModel], loc: Sequence[str | int]) -> list[str]:
    """The field names the model allows at ``loc`` (for did-you-mean hints)."""
    current: list[Any] = [model]
    for part in loc:
        if isinstance(part, int):
            continue
        following: list[Any] = []
        for candidate in current:
            if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                info = candidate.model_fields.get(part)
                if info is not None:
                    following.extend(unwrap_types(info.annotation))
        current = following
    names: list[str] = []
    for candidate in current:
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            names.extend(candidate.model_fields)
    return names


def _position(problem: Problem) -> tuple[int, int, str]:
    location = problem.location
    if location is None:
        return (0, 0, problem.field or "")
    return (location.line or 0, location.column or 0, problem.field or "")


def problems_from_validation_error(
    exc: ValidationError, model: type[BaseModel], source_map: SourceMap
) -> list[Problem]:
    problems = []
    for error in exc.errors(include_url=False):
        # tags of alternatives (docgen.models.base.text_oder) are no part of the field path
        loc: FieldPath = tuple(p for p in error["loc"]
                               if not (isinstance(p, str) and p.startswith("§")))
        kind = error["type"]
        if kind == "extra_forbidden":
            location = source_map.location(loc, key=True)
        elif kind == "missing":
            # at the key of the section that lacks the field
            location = source_map.location(loc[:-1], key=True)
        else:
            location = source_map.location(loc)
        known = _fields_at(model, loc[:-1]) if kind == "extra_forbidden" else ()
        problems.append(Problem(_message(error, known), location, field_path(loc) or None))
    problems.sort(key=_position)
    return problems


EARLIEST_DATE = datetime.date(1990, 1, 1)
"""Dates before this are errors: no document of the project can be dated so early (the
Land Brandenburg and its Landkreise did not exist yet); almost always a typo in the year."""
FUTURE_YEARS = 10
"""Dates more than this many years ahead are warnings."""


def value_findings(value: Any, path: FieldPath = ()) -> Iterable[Finding]:
    """Every date outside the plausible range and every number beyond the limits, also
    where pydantic made them from text (``"1e308"``)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        problem = check_number(value, repr(value), DEFAULT_LIMITS)
        if problem:
            yield Finding(path, problem)
    elif isinstance(value, datetime.date):
        today = datetime.date.today()
        if value < EARLIEST_DATE:
            yield Finding(path, f"Datum {value:%d.%m.%Y} ist unplausibel früh (vor "
                                f"{EARLIEST_DATE:%d.%m.%Y}) – Tippfehler im Jahr?")
        elif value.year > today.year + FUTURE_YEARS:
            yield Finding(path, f"Datum {value:%d.%m.%Y} liegt mehr als {FUTURE_YEARS} Jahre "
                                "in der Zukunft – bitte prüfen", warning=True)
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from value_findings(getattr(value, name), (*path, name))
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from value_findings(item, (*path, index))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from value_findings(item, (*path, str(key)))


def _problem(finding: Finding, source_map: SourceMap) -> Problem:
    return Problem(finding.message, source_map.location(finding.path),
                   field_path(finding.path) or None,
                   Severity.WARNING if finding.warning else Severity.ERROR)


def validate(loaded: LoadedData, model: type[M]) -> Validated[M]:
    """Check loaded data against ``model``; raise DataError listing every problem.

    First the fields (pydantic) and the model's ``requirements`` of the raw data, all at
    once; then, on valid data, the ``checks`` of every model inside, found by walking it.
    """
    problems = [_problem(f, loaded.source_map) for f in model.requirements(loaded.data)]
    try:
        instance = model.model_validate(loaded.data)
    except ValidationError as exc:
        problems += problems_from_validation_error(exc, model, loaded.source_map)
        raise DataError.of(sorted(problems, key=_position)) from exc
    if problems:
        raise DataError.of(problems)
    findings = [_problem(f, loaded.source_map)
                for f in (*value_findings(instance), *all_checks(instance))]
    errors = [p for p in findings if p.severity is Severity.ERROR]
    if errors:
        raise DataError.of(errors)
    return Validated(instance, loaded, tuple(p for p in findings if p not in errors))
