"""Helpers shared by the tests: reading PDFs back, and editing the example data."""

from __future__ import annotations

import copy
import io
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pdfplumber
import yaml

from docgen.loading import load

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "data" / "landkreis-maerkische-heide.yaml"
"""The full application: every document of the application bundle."""
EXAMPLES = sorted((ROOT / "data").glob("*.yaml"))
"""Every example data file (base files live in ``data/basis/`` and are not examples)."""


def example_for(doc_type: Any) -> Path:
    """The first example data file that describes ``doc_type``."""
    for path in EXAMPLES:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if data.get(doc_type.key):
            return path
    raise AssertionError(f"no example in data/ describes {doc_type.name}")


def pdf_pages(pdf: bytes) -> list[str]:
    """The text of each page, as pdfplumber extracts it (in reading order per line)."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [page.extract_text() or "" for page in document.pages]


def pdf_tables(pdf: bytes) -> list[list[list[str]]]:
    """Every ruled table of every page, cells as text (a table split over pages is two)."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [
            [[cell or "" for cell in row] for row in table]
            for page in document.pages
            for table in page.extract_tables()
        ]


def squash(text: str) -> str:
    """Text without white space, hyphens and soft hyphens, for layout-proof comparison.

    Line breaks and hyphenation move with the layout; the words do not.
    """
    return re.sub(r"[\s\u00ad\-‐]+", "", text)


def contains(haystack: str, needle: str) -> bool:
    return squash(needle) in squash(haystack)


def line_col(text: str, marker: str, *, offset: int = 0) -> tuple[int, int]:
    """1-based line and column of ``marker`` (plus ``offset`` characters) in ``text``."""
    index = text.index(marker) + offset
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column


def example_text() -> str:
    return EXAMPLE.read_text(encoding="utf-8")


def write_variant(tmp_path: Path, old: str, new: str, name: str = "antrag.yaml") -> tuple[Path, str]:
    """A copy of the example with one exact snippet replaced; returns path and text."""
    text = example_text()
    assert text.count(old) == 1, f"snippet must occur exactly once: {old!r}"
    text = text.replace(old, new)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    copy_example_bases(tmp_path)
    return path, text


BASIS = "basis: basis/landkreis-maerkische-heide.yaml\n"
"""The example's first key; data added right after it stands at the top level."""


def with_top_level(tmp_path: Path, added: str, name: str = "antrag.yaml") -> tuple[Path, str]:
    """A copy of the example with top-level YAML ``added`` (it overrides the base file)."""
    return write_variant(tmp_path, BASIS, BASIS + added, name=name)


def copy_example_bases(folder: Path) -> None:
    """The base files the example extends (``basis:``) and their logo, beside ``folder``'s files."""
    if not (folder / "basis").exists():
        shutil.copytree(EXAMPLE.parent / "basis", folder / "basis")


def table_rows(pdf: bytes, first_header_cell: str) -> list[list[str]]:
    """Squashed body rows of the tables whose first header cell is ``first_header_cell``.

    A table continued on the next page repeats its header there; a row split by a page
    break comes back as a row with an empty first cell and is joined to the one before.
    """
    rows: list[list[str]] = []
    for table in pdf_tables(pdf):
        if squash(table[0][0]) != squash(first_header_cell):
            continue
        for row in table[1:]:
            cells = [squash(c) for c in row]
            if rows and not cells[0]:
                rows[-1] = [a + b for a, b in zip(rows[-1], cells, strict=True)]
            else:
                rows.append(cells)
    return rows


def write_application(folder: Path, name: str, changes: dict[str, Any] | None = None,
                      drop: tuple[str, ...] = (), source: Path = EXAMPLE) -> Path:
    """The example (with its base files merged in) with values changed by dotted path
    (``a.b.0.c``) and parts dropped, as one file.

    Keeps everything else, so a test states only what makes its case.
    """
    data = copy.deepcopy(load(source).data)
    for dotted, value in (changes or {}).items():
        *parents, last = _steps(dotted)
        target = data
        for step in parents:
            target = target[step]
        target[last] = value
    for dotted in drop:
        *parents, last = _steps(dotted)
        target = data
        for step in parents:
            target = target[step]
        del target[last]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100),
                    encoding="utf-8")
    for asset in (EXAMPLE.parent / "basis").glob("*.svg"):  # the logo the base file names
        shutil.copyfile(asset, folder / asset.name)
    return path


def _steps(dotted: str) -> list[str | int]:
    return [int(p) if p.isdigit() else p for p in dotted.split(".")]


FIXTURES = ROOT / "tests" / "fixtures"
APPLICATIONS = FIXTURES / "pruefung" / "bewerbungen"
"""Seven invented applications, each a few values over the example (``basis:``)."""
ASSESSMENT = FIXTURES / "pruefung" / "bewertung.yaml"


def write_applications(folder: Path, keys: tuple[str, ...] | None = None) -> list[Path]:
    """Copies of the invented applications in ``folder``, their ``basis:`` still pointing at
    the example."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for source in sorted(APPLICATIONS.glob("*.yaml")):
        if keys is not None and source.stem not in keys:
            continue
        text = source.read_text(encoding="utf-8")
        old = text.split("basis: ", 1)[1].split("\n", 1)[0]
        target = os.path.relpath((APPLICATIONS / old).resolve(), folder.resolve())
        path = folder / source.name
        path.write_text(text.replace(f"basis: {old}\n", f"basis: {target}\n"), encoding="utf-8")
        written.append(path)
    return written
