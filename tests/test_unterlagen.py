"""A data file describes any subset of documents; shared parts come from base files."""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

import pikepdf
import pytest
import yaml
from testing_utils import EXAMPLE, copy_example_bases, line_col

from docgen.errors import DataError
from docgen.loading import load
from docgen.pipeline import Engine
from docgen.registry import DOCUMENT_TYPES, Unterlagen
from docgen.validation import validate

EXAMPLE_DATA = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))


def _file(folder: Path, data: dict, name: str = "daten.yaml") -> Path:  # type: ignore[type-arg]
    copy_example_bases(folder)
    path = folder / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _problems(path: Path) -> list[str]:
    with pytest.raises(DataError) as info:
        validate(load(path), Unterlagen)
    return [str(p) for p in info.value.problems]


def test_a_file_with_only_rules_of_procedure_makes_just_those(tmp_path: Path) -> None:
    ordnung = EXAMPLE_DATA["geschaeftsordnungen"][0]
    path = _file(tmp_path, {"basis": EXAMPLE_DATA["basis"], "geschaeftsordnungen": [ordnung]})
    validated = validate(load(path), Unterlagen)
    jobs = [j for t in DOCUMENT_TYPES for j in t.jobs_for(validated.model)]
    assert {j.doc_type.key for j in jobs} == {"geschaeftsordnungen"}
    assert {j.stem for j in jobs} >= {f"geschaeftsordnung-{ordnung['id'].replace('_', '-')}"}
    assert validated.model.bundle is None  # no Kurzkonzept, no application bundle


@pytest.mark.slow
def test_rendering_a_subset_writes_only_its_documents(engine: Engine, tmp_path: Path) -> None:
    ordnung = {**EXAMPLE_DATA["geschaeftsordnungen"][0], "darstellungen": ["paragraphen"]}
    path = _file(tmp_path, {"basis": EXAMPLE_DATA["basis"], "geschaeftsordnungen": [ordnung]})
    rendered = engine.render_file(path)
    assert [d.job.stem for d in rendered.documents] == [f"geschaeftsordnung-{ordnung['id']}"]
    assert rendered.bundle is None and rendered.bundle_filename is None
    with pikepdf.open(io.BytesIO(rendered.documents[0].pdf)) as pdf:
        assert str(pdf.docinfo["/CreationDate"]).startswith(
            f"D:{ordnung['beschluss']['datum']:%Y%m%d}")  # the date it was adopted


def test_a_missing_shared_part_names_the_documents_that_need_it(tmp_path: Path) -> None:
    data = {"modellprojekt": yaml.safe_load((EXAMPLE.parent / "basis" / "kommges-2026.yaml")
                                           .read_text(encoding="utf-8"))["modellprojekt"],
            "kooperationsvereinbarung": EXAMPLE_DATA["kooperationsvereinbarung"]}
    path = _file(tmp_path, data)
    problems = _problems(path)
    assert any(p.startswith(f"{path}:1:1: kommune: Pflichtteil „kommune“ (Angaben zur Kommune) "
                            "fehlt; gebraucht für: Kooperationsvereinbarung") for p in problems)
    assert any("koordinierungsstelle: Pflichtteil „koordinierungsstelle“" in p
               and "Kooperationsvereinbarung" in p for p in problems)


def test_a_kurzkonzept_lacking_a_field_names_that_field(tmp_path: Path) -> None:
    kurzkonzept = {k: v for k, v in EXAMPLE_DATA["kurzkonzept"].items() if k != "handlungsfelder"}
    path = _file(tmp_path, {**EXAMPLE_DATA, "kurzkonzept": kurzkonzept})
    text = path.read_text(encoding="utf-8")
    line, column = line_col(text, "kurzkonzept:")
    assert _problems(path) == [
        f"{path}:{line}:{column}: kurzkonzept.handlungsfelder: Pflichtfeld fehlt"]


def test_a_file_without_any_document_is_an_error(tmp_path: Path) -> None:
    path = _file(tmp_path, {"basis": EXAMPLE_DATA["basis"]})
    (problem,) = _problems(path)
    assert problem.startswith(f"{path}:1:1: die Datei beschreibt kein Dokument; erwartet "
                              "mindestens einen der Abschnitte „kurzkonzept“")


def test_a_bundle_needs_the_kurzkonzept(tmp_path: Path) -> None:
    path = _file(tmp_path, {"basis": EXAMPLE_DATA["basis"],
                            "geschaeftsordnungen": EXAMPLE_DATA["geschaeftsordnungen"][:1],
                            "buendel": {"titel": "Unterlagen"}})
    assert any("buendel: ein Bündel (Bewerbungsunterlagen) braucht das Kurzkonzept" in p
               for p in _problems(path))


def test_values_from_a_base_file_are_located_in_that_file(tmp_path: Path) -> None:
    copy_example_bases(tmp_path)
    base = tmp_path / "basis" / "kommges-2026.yaml"
    text = base.read_text(encoding="utf-8").replace("    vzae: 0.5", "    vzae: 5")
    base.write_text(text, encoding="utf-8")
    path = tmp_path / EXAMPLE.name
    path.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    line, column = line_col(text, "vzae: 5", offset=len("vzae: "))
    (problem,) = _problems(path)
    assert problem == (f"{tmp_path / 'basis' / 'kommges-2026.yaml'}:{line}:{column}: "
                       "modellprojekt.foerderung.vzae: Wert muss ≤ 1 sein (angegeben: 5)")


def test_a_data_file_overrides_single_values_of_its_base(tmp_path: Path) -> None:
    copy_example_bases(tmp_path)
    path = tmp_path / "antrag.yaml"
    text = EXAMPLE.read_text(encoding="utf-8").replace(
        "basis: basis/landkreis-maerkische-heide.yaml\n",
        "basis: basis/landkreis-maerkische-heide.yaml\nkommune:\n  anschrift:\n    plz: '15891'\n")
    path.write_text(text, encoding="utf-8")
    kommune = validate(load(path), Unterlagen).model.kommune
    assert kommune.anschrift.plz == "15891"  # from the data file
    assert kommune.anschrift.ort == "Fließfurt"  # still from the base file
    assert kommune.name == "Landkreis Märkische Heide"


@pytest.mark.parametrize(
    ("basis", "message"),
    [("fehlt.yaml", "Basisdatei „fehlt.yaml“ nicht gefunden"),
     ("/etc/passwd", "„basis: /etc/passwd“ muss ein relativer Pfad sein"),
     ("daten.yaml", "„basis: daten.yaml“ verweist im Kreis auf eine Datei, die schon Basis ist")],
)
def test_bad_base_files(tmp_path: Path, basis: str, message: str) -> None:
    path = tmp_path / "daten.yaml"
    path.write_text(textwrap.dedent(f"""\
        basis: {basis}
        kommune:
          name: Stadt Beispiel
        """), encoding="utf-8")
    with pytest.raises(DataError) as info:
        load(path)
    assert str(info.value) == f"{path}:1:8: basis: {message}"
