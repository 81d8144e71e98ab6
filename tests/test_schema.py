"""The data file's JSON Schema: exported from the models, committed, and checked by an
independent validator (``jsonschema``) against every example."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from testing_utils import EXAMPLES, ROOT

from docgen.authoring.schema import COMMITTED, data_schema, schema_text
from docgen.cli import main
from docgen.loading import load, load_single
from docgen.registry import DOCUMENT_TYPES

BASES = sorted((ROOT / "data" / "basis").glob("*.yaml"))
ALL = [*EXAMPLES, *BASES]
by_file = pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)


def _plain(value: Any) -> Any:
    """Loaded data as JSON has it: dates and times as ISO text."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return value


def _errors(schema: dict[str, Any], data: Any) -> list[str]:
    validator = Draft202012Validator(schema)
    return [f"{'.'.join(map(str, e.absolute_path))}: {e.message}"
            for e in validator.iter_errors(_plain(data))]


def test_committed_schema_is_current() -> None:
    committed = (ROOT / COMMITTED).read_text(encoding="utf-8")
    assert committed == schema_text(), "run: .venv/bin/docgen schema -o schema/docgen.schema.json"
    Draft202012Validator.check_schema(json.loads(committed))


def test_schema_carries_german_titles_and_descriptions() -> None:
    schema = data_schema()
    kommune = schema["$defs"]["Kommune"]["properties"]["name"]
    assert kommune["title"] == "Name der Kommune"
    assert "Landkreis" in kommune["description"]
    assert "basis" in schema["properties"]
    assert schema["additionalProperties"] is False


@by_file
def test_every_example_names_the_committed_schema(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
    assert match, first
    assert (path.parent / match.group(1)).resolve() == (ROOT / COMMITTED).resolve()


@by_file
def test_every_example_is_valid_raw_and_after_its_bases(path: Path) -> None:
    schema = data_schema()
    assert _errors(schema, load_single(path).data) == []  # as an editor sees the file
    assert _errors(schema, load(path).data) == []  # as docgen validates it


@pytest.mark.parametrize("doc_type", DOCUMENT_TYPES, ids=lambda t: t.name)
def test_one_type_schema_takes_its_example(doc_type: Any) -> None:
    from testing_utils import example_for

    data = load(example_for(doc_type)).data
    part = {k: v for k, v in data.items()
            if k in {doc_type.key, *doc_type.shared, "briefkopf", "buendel"}}
    assert _errors(data_schema(doc_type.name), part) == []
    assert set(data_schema(doc_type.name)["required"]) >= {doc_type.key, "kommune"}


def test_a_misspelled_key_is_flagged() -> None:
    data = load(ROOT / "data" / "landkreis-maerkische-heide.yaml").data
    data["kommune"] = {**data["kommune"], "artt": data["kommune"]["art"]}
    data["kurzkonzept"] = {**data["kurzkonzept"], "ortt": "Fließfurt"}
    errors = _errors(data_schema(), data)
    assert any(e.startswith("kommune: ") and "'artt'" in e for e in errors), errors
    assert any(e.startswith("kurzkonzept: ") and "'ortt'" in e for e in errors), errors
    assert any("'bassis'" in e for e in _errors(data_schema(), {"bassis": "x.yaml"}))


def test_cli_prints_the_schema_and_refuses_unknown_types() -> None:
    out, err = io.StringIO(), io.StringIO()
    assert main(["schema"], stdout=out, stderr=err) == 0
    assert out.getvalue() == schema_text()
    assert main(["schema", "kurzkonzpt"], stdout=out, stderr=err) == 2
    assert "unbekannter Dokumenttyp „kurzkonzpt“" in err.getvalue()
