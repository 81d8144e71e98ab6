"""Batch builds: parallel, failure-isolated, reported, shardable."""

from __future__ import annotations

import io
import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from testing_utils import EXAMPLE, line_col

from docgen.build import discover, discover_with_keys, in_shard, parse_shard
from docgen.cli import main
from docgen.errors import DocgenError


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("eingaben")
    text = EXAMPLE.read_text(encoding="utf-8")
    (folder / "a").mkdir()
    (folder / "a" / "maerkische-heide.yaml").write_text(text, encoding="utf-8")
    (folder / "b").mkdir()
    (folder / "b" / "havelbruch.yaml").write_text(
        text.replace("  name: Landkreis Märkische Heide", "  name: Landkreis Havelbruch"),
        encoding="utf-8")
    (folder / "b" / "kaputt.yaml").write_text(
        text.replace("  art: Landkreis", "  art: Dorf")
        .replace("  name: Landkreis Märkische Heide", "  name: Landkreis Kaputt"),
        encoding="utf-8")
    for sub in ("a", "b"):
        for asset in EXAMPLE.parent.glob("*.svg"):
            shutil.copyfile(asset, folder / sub / asset.name)
    (folder / ".versteckt").mkdir()
    (folder / ".versteckt" / "alt.yaml").write_text("kaputt: [", encoding="utf-8")
    return folder


def test_discover_finds_data_files_only(inputs: Path) -> None:
    assert [p.relative_to(inputs).as_posix() for p in discover([inputs])] == [
        "a/maerkische-heide.yaml", "b/havelbruch.yaml", "b/kaputt.yaml"]
    with pytest.raises(DocgenError, match="gibt es nicht"):
        discover([inputs / "fehlt"])


def test_parallel_build_isolates_the_broken_file_and_reports_it(inputs: Path,
                                                                tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    code = main(["build", str(inputs), "-o", str(tmp_path), "--jobs", "2"], stdout=out, stderr=err)
    assert code == 1
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_dir()) == [
        "landkreis-havelbruch", "landkreis-maerkische-heide"]
    for slug in ("landkreis-havelbruch", "landkreis-maerkische-heide"):
        assert len(list((tmp_path / slug).glob("*.pdf"))) == 10
    broken = inputs / "b" / "kaputt.yaml"
    line, column = line_col(broken.read_text(encoding="utf-8"), "Dorf")
    where = f"{broken}:{line}:{column}: kommune.art"
    assert where in err.getvalue()
    assert "3 Datei(en), 1 fehlerhaft" in out.getvalue()

    report = json.loads((tmp_path / "docgen-bericht.json").read_text(encoding="utf-8"))
    assert (report["dateien"], report["fehlerhaft"]) == (3, 1)
    (failed,) = [r for r in report["ergebnisse"] if not r["ok"]]
    assert failed["path"] == str(broken) and failed["problems"][0].startswith(where)

    suite = ET.parse(tmp_path / "docgen-bericht.xml").getroot()
    assert suite.get("tests") == "19" and suite.get("failures") == "1"
    (failure,) = suite.iter("failure")
    assert failure.get("message", "").startswith(where)


def test_shards_partition_the_inputs() -> None:
    paths = [f"kreis-{i:03}.yaml" for i in range(300)]
    shards = [parse_shard(f"{k}/3") for k in (1, 2, 3)]
    members = [[p for p in paths if in_shard(p, shard)] for shard in shards]
    assert sorted(p for part in members for p in part) == sorted(paths)  # union, no overlap
    assert all(60 < len(part) < 140 for part in members)  # roughly even
    assert members == [[p for p in paths if in_shard(p, shard)] for shard in shards]  # stable
    for bad in ("0/3", "4/3", "drei", "1/0"):
        with pytest.raises(DocgenError, match="--shard"):
            parse_shard(bad)


def test_shard_builds_exactly_its_part(inputs: Path, tmp_path: Path) -> None:
    keys = discover_with_keys([inputs])
    mine = [str(p) for p in sorted(keys) if in_shard(keys[p], (2, 2))]
    assert sorted(keys.values()) == ["a/maerkische-heide.yaml", "b/havelbruch.yaml",
                                     "b/kaputt.yaml"]
    out = io.StringIO()
    main(["build", str(inputs), "-o", str(tmp_path), "--shard", "2/2", "--jobs", "1"],
         stdout=out, stderr=io.StringIO())
    report = json.loads((tmp_path / "docgen-bericht.json").read_text(encoding="utf-8"))
    assert [r["path"] for r in report["ergebnisse"]] == mine
    assert report["shard"] == "2/2"


def _rebuilt(out_dir: Path) -> list[str]:
    report = json.loads((out_dir / "docgen-bericht.json").read_text(encoding="utf-8"))
    return sorted(name for result in report["ergebnisse"] for name in result["rebuilt"])


def test_incremental_build_renders_only_what_changed(tmp_path: Path) -> None:
    data = tmp_path / "daten"
    data.mkdir()
    shutil.copyfile(EXAMPLE, data / EXAMPLE.name)
    for asset in EXAMPLE.parent.glob("*.svg"):
        shutil.copyfile(asset, data / asset.name)
    templates = tmp_path / "vorlagen" / "html"
    templates.mkdir(parents=True)
    builtin = Path(__file__).resolve().parent.parent / "templates" / "html"
    shutil.copyfile(builtin / "geschaeftsordnung.html.j2", templates / "geschaeftsordnung.html.j2")
    out = tmp_path / "ausgabe"
    command = ["build", str(data), "-o", str(out), "--jobs", "1",
               "--templates", str(templates.parent)]
    silent = {"stdout": io.StringIO(), "stderr": io.StringIO()}

    assert main(command, **silent) == 0
    everything = _rebuilt(out)
    assert len(everything) == 10 and "buendel.pdf" in everything
    target = out / "landkreis-maerkische-heide"
    stamps = {p.name: p.stat().st_mtime_ns for p in target.glob("*.pdf")}

    assert main(command, **silent) == 0
    assert _rebuilt(out) == [], "an unchanged build renders nothing"
    assert {p.name: p.stat().st_mtime_ns for p in target.glob("*.pdf")} == stamps

    with (templates / "geschaeftsordnung.html.j2").open("a", encoding="utf-8") as handle:
        handle.write("{# geändert #}\n")
    assert main(command, **silent) == 0
    assert _rebuilt(out) == ["buendel.pdf", "geschaeftsordnung-fallteam-sued",
                             "geschaeftsordnung-regionalteam-sued",
                             "geschaeftsordnung-steuerungsgruppe"]
    # documents taken from the previous build are typeset again for the bundle's page
    # numbers, the rebuilt ones renumbered: either way the same bundle
    incremental = (target / "buendel.pdf").read_bytes()

    assert main([*command, "--force"], **silent) == 0
    assert _rebuilt(out) == everything
    assert (target / "buendel.pdf").read_bytes() == incremental


def test_two_files_for_the_same_output_folder_are_refused(tmp_path: Path) -> None:
    for name in ("eins.yaml", "zwei.yaml"):
        shutil.copyfile(EXAMPLE, tmp_path / name)
    err = io.StringIO()
    code = main(["build", str(tmp_path), "-o", str(tmp_path / "out"), "--jobs", "1"],
                stdout=io.StringIO(), stderr=err)
    assert code == 1
    assert not (tmp_path / "out" / "landkreis-maerkische-heide").exists()
    assert f"{tmp_path / 'eins.yaml'}: kommune.name: derselbe Ausgabeordner " \
           f"„landkreis-maerkische-heide“ wie {tmp_path / 'zwei.yaml'}" in err.getvalue()
