"""What a form field looks like, read from a pydantic model's type annotations.

Every model field becomes a ``Shape``: a group of fields (a nested model), a list, a
mapping (``dict[str, Model]``), or a single value with its widget (text, long text,
number, date, choice, yes/no, paragraph). The form is built from shapes alone, so a
new document type, or a new field, gets its form with no web code.
"""

from __future__ import annotations

import datetime
import types
import typing
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

Kind = Literal["gruppe", "liste", "zuordnung", "text", "langtext", "ganzzahl", "zahl", "datum",
               "wahl", "janein", "absatz"]

LONG_TEXT_HINTS = ("Absätz", "Sätze", "Sätzen", "Satz", "Wortlaut")
"""A text field whose description mentions these is written in whole sentences: a textarea."""
LONG_TEXT_NAMES = ("beschreibung", "motivation", "verstetigung", "zusammenarbeit",
                   "umsetzungsideen", "zielgruppe")


@dataclass(frozen=True)
class Shape:
    kind: Kind
    title: str = ""
    description: str = ""
    required: bool = True
    nullable: bool = False
    default: Any = None
    """The model's default (None if there is none or it is None)."""
    model: type[BaseModel] | None = None
    """For groups: the model; for paragraphs: the structured alternative."""
    item: Shape | None = None
    """For lists and mappings: the shape of one entry."""
    choices: tuple[str, ...] = ()
    fields: tuple[tuple[str, Shape], ...] = field(default=(), repr=False)

    @property
    def is_container(self) -> bool:
        return self.kind in {"gruppe", "liste", "zuordnung"}


def _strip(annotation: Any) -> tuple[Any, bool]:
    """The annotation without Annotated[...] and None; whether None was allowed."""
    nullable = False
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
            continue
        if origin in {typing.Union, types.UnionType}:
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            nullable = nullable or len(args) < len(typing.get_args(annotation))
            if len(args) == 1:
                annotation = args[0]
                continue
            return typing.Union[tuple(args)], nullable  # noqa: UP007
        return annotation, nullable


def _value_shape(annotation: Any, title: str, description: str, name: str = "") -> Shape:
    """The shape of a bare annotation (no field metadata yet)."""
    annotation, nullable = _strip(annotation)
    origin = typing.get_origin(annotation)
    base = Shape("text", title, description, nullable=nullable)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return Shape("gruppe", title, description, nullable=nullable, model=annotation,
                     fields=model_fields(annotation))
    if origin is list:
        (item,) = typing.get_args(annotation)
        return Shape("liste", title, description, nullable=nullable,
                     item=_value_shape(item, "Eintrag", ""))
    if origin is dict:
        _, value = typing.get_args(annotation)
        return Shape("zuordnung", title, description, nullable=nullable,
                     item=_value_shape(value, "Eintrag", ""))
    if origin is Literal:
        return Shape("wahl", title, description, nullable=nullable,
                     choices=tuple(str(a) for a in typing.get_args(annotation)))
    if origin in {typing.Union, types.UnionType}:
        args = [_strip(a)[0] for a in typing.get_args(annotation)]  # tagged members too
        models = [a for a in args if isinstance(a, type) and issubclass(a, BaseModel)]
        if str in args and models:
            return Shape("absatz", title, description, nullable=nullable, model=models[0])
        return base
    if annotation is bool:
        return Shape("janein", title, description, nullable=nullable)
    if annotation is int:
        return Shape("ganzzahl", title, description, nullable=nullable)
    if annotation is float:
        return Shape("zahl", title, description, nullable=nullable)
    if annotation is datetime.date:
        return Shape("datum", title, description, nullable=nullable)
    if any(hint in description for hint in LONG_TEXT_HINTS) or name in LONG_TEXT_NAMES \
            or name.endswith("_erlaeuterung"):
        return Shape("langtext", title, description, nullable=nullable)
    return base


def field_shape(name: str, info: FieldInfo) -> Shape:
    shape = _value_shape(info.annotation, info.title or name, info.description or "", name)
    default = info.default if info.default is not PydanticUndefined else None
    if isinstance(default, BaseModel):
        default = None
    required = info.is_required()
    return Shape(shape.kind, shape.title, shape.description, required, shape.nullable,
                 default, shape.model, shape.item, shape.choices, shape.fields)


_CACHE: dict[type[BaseModel], tuple[tuple[str, Shape], ...]] = {}


def model_fields(model: type[BaseModel]) -> tuple[tuple[str, Shape], ...]:
    """(name, shape) of every field of ``model``, in declaration order."""
    if model not in _CACHE:
        _CACHE[model] = ()  # guards against recursive models
        _CACHE[model] = tuple((name, field_shape(name, info))
                              for name, info in model.model_fields.items())
    return _CACHE[model]


def blank(shape: Shape) -> Any:
    """A new, empty entry of a list or mapping of this shape."""
    if shape.kind == "gruppe":
        return {}
    if shape.kind in {"liste"}:
        return []
    if shape.kind == "zuordnung":
        return {}
    return ""
