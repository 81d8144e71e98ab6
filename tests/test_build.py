"""Batch builds: parallel, failure-isolated, reported, shardable."""

from __future__ import annotations

import io
import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from testing_utils import EXAMPLE, copy_example_bases, line_col

from docgen.build import discover, discover_with_keys, in_shard, parse_shard
from docgen.cli import main
from docgen.errors import DocgenError

pytestmark = pytest.mark.slow  # renders real documents

LEAN = 19
"""Lean applications beside the full example: Kurzkonzept, letter and bundle only."""


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """20 valid applications (the full example and 19 lean ones) and 1 broken one."""
    folder = tmp_path_factory.mktemp("eingaben")
    text = EXAMPLE.read_text(encoding="utf-8")
    lean = text[:text.index("\nkooperationsvereinbarung:")] + "\n"
    basis = "basis: basis/landkreis-maerkische-heide.yaml\n"
    (folder / "a").mkdir()
    (folder / "a" / "maerkische-heide.yaml").write_text(text, encoding="utf-8")
    (folder / "b").mkdir()
    for i in range(1, LEAN + 1):
        (folder / "b" / f"kreis-{i:02}.yaml").write_text(
            lean.replace(basis, f"{basis}kommune:\n  name: Landkreis Probe {i:02}\n"),
            encoding="utf-8")
    (folder / "b" / "kaputt.yaml").write_text(
        lean.replace(basis, f"{basis}kommune:\n  name: Landkreis Kaputt\n  art: Dorf\n"),
        encoding="utf-8")
    for sub in ("a", "b"):
        copy_example_bases(folder / sub)
    (folder / ".versteckt").mkdir()
    (folder / ".versteckt" / "alt.yaml").write_text("kaputt: [", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def full_build(inputs: Path, tmp_path_factory: pytest.TempPathFactory
               ) -> tuple[Path, int, str, str]:
    """The whole folder built in two processes: (output folder, exit code, stdout, stderr)."""
    target = tmp_path_factory.mktemp("ausgabe")
    out, err = io.StringIO(), io.StringIO()
    code = main(["build", str(inputs), "-o", str(target), "--jobs", "2"], stdout=out, stderr=err)
    return target, code, out.getvalue(), err.getvalue()


def _outputs(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.suffix in {".pdf", ".docx"}}


def test_discover_finds_data_files_only(inputs: Path) -> None:
    found = [p.relative_to(inputs).as_posix() for p in discover([inputs])]
    # base files (data/basis/…) are no data files of their own
    assert found == ["a/maerkische-heide.yaml", "b/kaputt.yaml",
                     *(f"b/kreis-{i:02}.yaml" for i in range(1, LEAN + 1))]
    with pytest.raises(DocgenError, match="gibt es nicht"):
        discover([inputs / "fehlt"])


def test_parallel_build_isolates_the_broken_file_and_reports_it(
        inputs: Path, full_build: tuple[Path, int, str, str]) -> None:
    target, code, out, err = full_build
    assert code == 1
    slugs = sorted(p.name for p in target.iterdir() if p.is_dir())
    assert slugs == [*(f"kreis-{i:02}" for i in range(1, LEAN + 1)),
                     "maerkische-heide"]  # 20 sets
    assert len(list((target / "maerkische-heide").glob("*.pdf"))) == 10
    for slug in slugs[:-1]:
        assert sorted(p.name for p in (target / slug).glob("*.pdf")) == [
            "absichtserklaerung.pdf", "buendel.pdf", "kurzkonzept.pdf"]
    broken = inputs / "b" / "kaputt.yaml"
    line, column = line_col(broken.read_text(encoding="utf-8"), "Dorf")
    where = f"{broken}:{line}:{column}: kommune.art"
    assert where in err
    assert "21 Datei(en), 1 fehlerhaft" in out

    report = json.loads((target / "docgen-bericht.json").read_text(encoding="utf-8"))
    assert (report["dateien"], report["fehlerhaft"]) == (21, 1)
    (failed,) = [r for r in report["ergebnisse"] if not r["ok"]]
    assert failed["path"] == str(broken) and failed["problems"][0].startswith(where)
    assert "letzten guten Ausgaben bleiben erhalten" in failed["hinweis"]

    suite = ET.parse(target / "docgen-bericht.xml").getroot()
    assert suite.get("tests") == str(9 + 2 * LEAN + 1) and suite.get("failures") == "1"
    (failure,) = suite.iter("failure")
    assert failure.get("message", "").startswith(where)
    assert "letzten guten Ausgaben bleiben erhalten" in (failure.text or "")


def test_progress_on_a_terminal_is_a_rich_bar_and_plain_lines_in_a_log(
        inputs: Path, full_build: tuple[Path, int, str, str]) -> None:
    from docgen.progress import TerminalProgress

    screen = io.StringIO()
    with TerminalProgress(screen, force_terminal=True) as bar:
        bar.update(10, 40, 1)
        bar.update(40, 40, 1)
    assert "40/40" in screen.getvalue() and "1 fehlerhaft" in screen.getvalue()
    assert "\x1b[" in screen.getvalue()  # drawn with terminal control sequences
    log = full_build[2]  # stdout is no terminal in the test: one line per file
    assert "[21/21] " in log and "\x1b[" not in log
    assert sum(line.startswith("[") for line in log.splitlines()) == 21


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


CI_SHARDS = {
    # shard K of 3 as each CI names it: GitLab 1-based, Kubernetes and GitHub 0-based
    1: {"GITLAB_CI": "true", "CI_NODE_INDEX": "1", "CI_NODE_TOTAL": "3"},
    2: {"JOB_COMPLETION_INDEX": "1", "DOCGEN_JOB_TOTAL": "3"},
    3: {"GITHUB_ACTIONS": "true", "DOCGEN_JOB_INDEX": "2", "DOCGEN_JOB_TOTAL": "3"},
}


def test_shards_together_are_exactly_the_full_build(
        inputs: Path, full_build: tuple[Path, int, str, str], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """``--shard auto`` under each CI's variables; the shards' outputs are the full build's,
    and their merged reports are the full build's report."""
    keys = discover_with_keys([inputs])
    for k, variables in CI_SHARDS.items():
        with monkeypatch.context() as env:
            for name in ("GITLAB_CI", "CI_NODE_INDEX", "CI_NODE_TOTAL", "JOB_COMPLETION_INDEX",
                         "GITHUB_ACTIONS", "DOCGEN_JOB_INDEX", "DOCGEN_JOB_TOTAL"):
                env.delenv(name, raising=False)
            for name, value in variables.items():
                env.setenv(name, value)
            main(["build", str(inputs), "-o", str(tmp_path), "--shard", "auto", "--jobs", "2",
                  "--report-json", str(tmp_path / f"teil-{k}.json"),
                  "--report-junit", str(tmp_path / f"teil-{k}.xml")],
                 stdout=io.StringIO(), stderr=io.StringIO())
        report = json.loads((tmp_path / f"teil-{k}.json").read_text(encoding="utf-8"))
        assert report["shard"] == f"{k}/3"
        assert [r["path"] for r in report["ergebnisse"]] == [
            str(p) for p in sorted(keys) if in_shard(keys[p], (k, 3))]
    full = _outputs(full_build[0])
    assert len(full) == 10 + 3 * LEAN
    assert _outputs(tmp_path) == full  # same files, same bytes

    out = io.StringIO()
    assert main(["berichte", "zusammenfuehren",
                 *(str(tmp_path / f"teil-{k}.{suffix}") for k in (3, 1, 2)
                   for suffix in ("json", "xml")),
                 "--json", str(tmp_path / "gesamt.json"), "--junit", str(tmp_path / "gesamt.xml")],
                stdout=out, stderr=io.StringIO()) == 0
    merged = json.loads((tmp_path / "gesamt.json").read_text(encoding="utf-8"))
    whole = json.loads((full_build[0] / "docgen-bericht.json").read_text(encoding="utf-8"))
    assert (merged["dateien"], merged["fehlerhaft"]) == (whole["dateien"], whole["fehlerhaft"])
    assert [r["path"] for r in merged["ergebnisse"]] == [r["path"] for r in whole["ergebnisse"]]
    assert merged["teile"] == ["1/3", "2/3", "3/3"]
    suites = ET.parse(tmp_path / "gesamt.xml").getroot()
    single = ET.parse(full_build[0] / "docgen-bericht.xml").getroot()
    assert suites.tag == "testsuites" and len(suites.findall("testsuite")) == 3
    assert (suites.get("tests"), suites.get("failures")) == (single.get("tests"),
                                                             single.get("failures"))
    assert main(["berichte", "zusammenfuehren", str(tmp_path / "teil-1.json"),
                 str(tmp_path / "teil-2.json"), "--json", str(tmp_path / "x.json")],
                stdout=io.StringIO(), stderr=(err := io.StringIO())) == 1
    assert "der Bericht von Teil 3/3 fehlt" in err.getvalue()


def _rebuilt(out_dir: Path) -> list[str]:
    report = json.loads((out_dir / "docgen-bericht.json").read_text(encoding="utf-8"))
    return sorted(name for result in report["ergebnisse"] for name in result["rebuilt"])


def test_incremental_build_renders_only_what_changed(tmp_path: Path) -> None:
    data = tmp_path / "daten"
    data.mkdir()
    shutil.copyfile(EXAMPLE, data / EXAMPLE.name)
    copy_example_bases(data)
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
    for name in ("eins", "zwei"):
        (tmp_path / name).mkdir()
        shutil.copyfile(EXAMPLE, tmp_path / name / "antrag.yaml")
        copy_example_bases(tmp_path / name)
    err = io.StringIO()
    code = main(["build", str(tmp_path), "-o", str(tmp_path / "out"), "--jobs", "1"],
                stdout=io.StringIO(), stderr=err)
    assert code == 1
    assert not (tmp_path / "out" / "antrag").exists()
    assert f"{tmp_path / 'eins' / 'antrag.yaml'}: derselbe Ausgabeordner „antrag“ wie " \
           f"{tmp_path / 'zwei' / 'antrag.yaml'}" in err.getvalue()
