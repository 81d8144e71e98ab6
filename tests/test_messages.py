"""Every validation error a model can raise reads German, by construction.

The table of messages covers every pydantic error type, and a walk over the models
of the registry feeds a wrong value to every field and reads the message back.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from collections.abc import Iterator
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from docgen.messages import FALLBACK, MESSAGES, PYDANTIC_ERROR_TYPES, german_message
from docgen.registry import SHARED_PARTS, Unterlagen
from docgen.validation import unwrap_types

ENGLISH = ("Input should", "Field required", "valid", "should be", "Value error", "Extra inputs")


def test_every_pydantic_error_type_has_a_german_message() -> None:
    assert set(MESSAGES) == PYDANTIC_ERROR_TYPES


def _models(root: type[BaseModel]) -> Iterator[type[BaseModel]]:
    seen: set[type[BaseModel]] = set()
    pending = [root]
    while pending:
        model = pending.pop()
        if model in seen:
            continue
        seen.add(model)
        yield model
        for info in model.model_fields.values():
            pending += [t for t in unwrap_types(info.annotation)
                        if isinstance(t, type) and issubclass(t, BaseModel)]


def _outer(annotation: Any) -> list[Any]:
    """The alternatives of a field's type, without Annotated and None."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _outer(typing.get_args(annotation)[0])
    if origin in {typing.Union, types.UnionType}:
        return [t for arg in typing.get_args(annotation) for t in _outer(arg)]
    return [] if annotation is type(None) else [annotation]


def _wrong(annotation: Any) -> Any:
    """A value of the wrong kind for a field of ``annotation``."""
    outer = _outer(annotation)
    if any(typing.get_origin(t) in {list, dict} for t in outer):
        return "kein Abschnitt und keine Liste"
    kinds = [t for t in unwrap_types(annotation) if t is not type(None)]
    if any(t is str for t in kinds):
        return ["keine", "Zeichenkette"]
    if any(typing.get_origin(t) is typing.Literal for t in kinds):
        return "gibt-es-nicht"
    if any(t in (int, float, dt.date, dt.time, bool) for t in kinds):
        return "kaputt"
    return 17  # a section, a list of sections, a mapping


FIELDS = [(model, name) for model in _models(Unterlagen) for name in model.model_fields]


def test_the_walk_reaches_every_document_and_shared_part() -> None:
    models = {model for model, _ in FIELDS}
    for part in SHARED_PARTS.values():
        assert part.model in models


@pytest.mark.parametrize(("model", "name"), FIELDS,
                         ids=[f"{m.__name__}.{n}" for m, n in FIELDS])
def test_a_wrong_value_gets_a_german_message(model: type[BaseModel], name: str) -> None:
    annotation = model.model_fields[name].annotation
    with pytest.raises(ValidationError) as info:
        model.model_validate({name: _wrong(annotation)})
    errors = [e for e in info.value.errors(include_url=False) if e["loc"][:1] == (name,)]
    assert errors, f"{model.__name__}.{name} accepted {_wrong(annotation)!r}"
    for error in errors:
        message = german_message(error)
        assert message != FALLBACK, error
        assert not any(word in message for word in ENGLISH), (error["type"], message)


def test_a_type_missing_from_the_table_still_reads_german(monkeypatch: pytest.MonkeyPatch) -> None:
    error: Any = {"type": "string_type", "loc": ("x",), "msg": "Input should be a valid string",
                  "input": 1}
    assert german_message(error) == "Text erwartet"
    monkeypatch.delitem(MESSAGES, "string_type")  # as after an upgrade adding a type
    assert german_message(error) == FALLBACK


def test_docgens_own_errors_keep_their_german_text() -> None:
    error: Any = {"type": "email", "loc": ("x",), "msg": "keine gültige E-Mail-Adresse: „x“",
                  "input": "x"}
    assert german_message(error) == "keine gültige E-Mail-Adresse: „x“"
