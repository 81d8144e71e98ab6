"""The one error root of docgen, and the located problems it reports.

Every message a user reads is German and names where the problem is:
``antrag.yaml:12:5: kommune.ansprechperson.email: keine gültige E-Mail-Adresse``.
Errors are picklable, since they cross process pools in batch builds.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from typing import Self


@dataclass(frozen=True, order=True)
class Location:
    """A place in a source file; line and column count from 1."""

    file: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        if self.line is None:
            return self.file
        if self.column is None:
            return f"{self.file}:{self.line}"
        return f"{self.file}:{self.line}:{self.column}"


class Severity(Enum):
    ERROR = "Fehler"
    WARNING = "Warnung"


@dataclass(frozen=True)
class Problem:
    """One finding in a data file or template, with where it is."""

    message: str
    location: Location | None = None
    field: str | None = None
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        parts = []
        if self.location is not None:
            parts.append(str(self.location))
        if self.field:
            parts.append(self.field)
        prefix = ": ".join(parts)
        text = self.message if self.severity is Severity.ERROR else f"Warnung: {self.message}"
        return f"{prefix}: {text}" if prefix else text


class DocgenError(Exception):
    """Root of every error docgen reports to a user (German, with location).

    Anything else that escapes is a bug and keeps its traceback.
    """

    def __init__(self, *problems: Problem) -> None:
        if not problems:
            raise ValueError("DocgenError needs at least one problem")
        self.problems: tuple[Problem, ...] = problems
        super().__init__(*problems)

    @classmethod
    def single(
        cls,
        message: str,
        location: Location | None = None,
        field: str | None = None,
    ) -> Self:
        return cls(Problem(message, location, field))

    @classmethod
    def of(cls, problems: Iterable[Problem]) -> Self:
        return cls(*problems)

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)

    def __reduce__(self) -> tuple[type[DocgenError], tuple[Problem, ...]]:
        return (type(self), self.problems)


class DataError(DocgenError):
    """A data file cannot be read or does not satisfy its model."""


class TemplateError(DocgenError):
    """A template cannot be found, parsed or rendered."""


class RenderError(DocgenError):
    """A document could not be typeset or converted."""


class OutputError(DocgenError):
    """An output could not be written."""
