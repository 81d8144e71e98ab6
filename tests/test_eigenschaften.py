"""Property-based: whatever a data file holds, load + validate + prepare either succeed or
raise docgen's own error (German, located). Nothing else may escape: no ValueError from a
date, no RecursionError from nesting, no OverflowError from a number, no KeyError from a
shape the code did not expect."""

from __future__ import annotations

import copy
import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from testing_utils import BASIS, EXAMPLE, copy_example_bases

from docgen.errors import DocgenError
from docgen.pipeline import Engine

KEYS = ["kommune", "name", "art", "anschrift", "plz", "ort", "datum", "briefkopf", "logo",
        "buendel", "dateiname", "teile", "anhang", "modellprojekt", "beginn", "ende",
        "kooperationsvereinbarung", "klauseln", "neue_klauseln", "geschaeftsordnungen", "id",
        "erklaerung", "unterzeichnende", "ausgangslage", "indikatoren", "wert", "x"]
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30), st.sampled_from(["2026-02-30", "0000-01-01", "1e400", "../x",
                                           "\u200b", "\u00a0", "Landkreis", "15890",
                                           "wappen-maerkische-heide.svg", "[§ kosten]"]))
VALUES = st.recursive(
    SCALARS,
    lambda children: st.one_of(st.lists(children, max_size=4),
                               st.dictionaries(st.sampled_from(KEYS), children, max_size=5)),
    max_leaves=30)
DOCUMENTS = st.dictionaries(st.sampled_from(KEYS), VALUES, max_size=6)

EXAMPLE_TEXT = EXAMPLE.read_text(encoding="utf-8")
EXAMPLE_LINES = EXAMPLE_TEXT.splitlines(keepends=True)
EXAMPLE_DATA = yaml.load(EXAMPLE_TEXT, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
NOISE = [":", "-", "[", "]", "{", '"', "'", "\t", "\x00", "&a", "*a", "!!str", "\u200b", "9" * 40,
         "1.0e400", "2026-02-30", "\n", " ", "#", "|", ">", "%", "@", "`", "\\", "---\n"]

FAST = settings(max_examples=20, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow])
"""The fast tier: a fixed set of examples, the same every run."""
THOROUGH = settings(max_examples=300, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
"""The slow tier: many new examples every run."""


def _both(*strategies: Any) -> Any:
    """The property as two tests: ``test_…`` (fast tier) and ``test_…_gruendlich`` (slow)."""

    def register(body: Any) -> Any:
        thorough = pytest.mark.slow(THOROUGH(given(*strategies)(body)))
        thorough.__name__ = f"{body.__name__}_gruendlich"
        globals()[thorough.__name__] = thorough
        return FAST(given(*strategies)(body))

    return register


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine()


def _check(engine: Engine, name: str, content: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        copy_example_bases(Path(folder))
        path = Path(folder) / name
        path.write_bytes(content)
        try:
            engine.validate_file(path)
        except DocgenError as exc:
            for problem in exc.problems:
                assert problem.message and not problem.message.startswith("Traceback")


def _yaml(value: Any) -> str:
    return yaml.dump(value, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper),
                     allow_unicode=True)


@_both(DOCUMENTS, st.booleans())
def test_generated_documents_raise_only_docgens_error(engine: Engine, document: dict[str, Any],
                                                      as_json: bool) -> None:
    if as_json:
        _check(engine, "daten.json", json.dumps(document, allow_nan=True).encode())
    else:
        _check(engine, "daten.yaml", _yaml(document).encode())


@_both(st.dictionaries(st.sampled_from(KEYS), VALUES, max_size=4), st.data())
def test_the_example_with_generated_parts_raises_only_docgens_error(
        engine: Engine, parts: dict[str, Any], data: st.DataObject) -> None:
    base = copy.deepcopy(EXAMPLE_DATA)
    section = data.draw(st.sampled_from(sorted(base)))
    if isinstance(base[section], dict):
        base[section] = {**base[section], **parts}
    else:
        base[section] = parts
    _check(engine, "antrag.yaml", _yaml(base).encode())


@_both(st.lists(st.tuples(st.integers(0, len(EXAMPLE_TEXT) - 1), st.sampled_from(NOISE),
                          st.integers(0, 3)), min_size=1, max_size=4))
def test_mutations_of_the_example_raise_only_docgens_error(
        engine: Engine, mutations: list[tuple[int, str, int]]) -> None:
    text = EXAMPLE_TEXT
    for position, noise, cut in mutations:
        position = min(position, len(text))
        text = text[:position] + noise + text[position + cut:]
    _check(engine, "antrag.yaml", text.encode("utf-8"))


@_both(st.lists(st.integers(0, len(EXAMPLE_LINES) - 1), min_size=1, max_size=6),
       st.sampled_from(["delete", "duplicate", "dedent", "indent"]))
def test_line_edits_of_the_example_raise_only_docgens_error(
        engine: Engine, lines: list[int], edit: str) -> None:
    result = list(EXAMPLE_LINES)
    for index in sorted(set(lines), reverse=True):
        line = result[index]
        if edit == "delete":
            del result[index]
        elif edit == "duplicate":
            result.insert(index, line)
        elif edit == "dedent":
            result[index] = line[2:] if line.startswith("  ") else line
        else:
            result[index] = "  " + line
    _check(engine, "antrag.yaml", "".join(result).encode("utf-8"))


def test_non_finite_numbers_never_pass(engine: Engine) -> None:
    for number in ("inf", "-.inf", "nan", '"1e300"', "1.0e300", '"Infinity"'):
        text = EXAMPLE_TEXT.replace(
            BASIS, f"{BASIS}modellprojekt:\n  foerderung:\n    betrag_max: {number}\n")
        with tempfile.TemporaryDirectory() as folder:
            copy_example_bases(Path(folder))
            (Path(folder) / "antrag.yaml").write_text(text, encoding="utf-8")
            with pytest.raises(DocgenError):
                engine.validate_file(Path(folder) / "antrag.yaml")
