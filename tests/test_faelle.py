"""One folder per class of bad or hostile input under ``tests/faelle/`` (as pypa/build's
``tests/packages``): the input, and ``erwartet.yaml`` with what docgen must answer.

Each case runs the real command line in this process against an output folder that
already holds a previous build, and asserts: the exit code; the message's
``file:line:column``, field and German wording; no traceback and no English error text;
and that the previous output folder is byte-identical afterwards.

The input is either a data file of its own (``daten.yaml``/``daten.json``) or a change
to the example (``aenderung.yaml``: ``ersetze`` snippets in the example or its base files,
``anhaengen`` text to the example). Other files in the folder (a logo under ``basis/``
beside the base file that names it, attachments, a ``vorlagen/`` folder) are copied beside
the data file. ``vorbereitung`` in ``erwartet.yaml`` sets up what a repository cannot hold
(FIFOs, symbolic links, read-only folders, large files).
"""

from __future__ import annotations

import io
import os
import re
import shutil
import stat
from pathlib import Path
from typing import Any

import pytest
import yaml
from testing_utils import EXAMPLE

from docgen.cli import main

FAELLE = Path(__file__).parent / "faelle"
ENGLISH = re.compile(r"Traceback|Error\b|error:|Exception|unsafe|not found|invalid", re.IGNORECASE)
PLACEHOLDER = re.compile(r"⟨(.)\*(\d+)⟩")


def _cases() -> list[Any]:
    cases = []
    for folder in sorted(p for p in FAELLE.iterdir() if p.is_dir()):
        expected = yaml.safe_load((folder / "erwartet.yaml").read_text(encoding="utf-8"))
        marks = [pytest.mark.slow] if expected.get("langsam") else []
        cases.append(pytest.param(folder, expected, id=folder.name, marks=marks))
    return cases


def _expand(text: str) -> str:
    return PLACEHOLDER.sub(lambda m: m.group(1) * int(m.group(2)), text)


def _input(folder: Path, work: Path, expected: dict[str, Any]) -> tuple[Path, Path | None]:
    """The data file of the case in ``work``, with every file it brings beside it, and the
    file a change was made in (the example's data file or one of its base files)."""
    (work / "basis").mkdir()
    for item in folder.iterdir():
        if item.name in ("erwartet.yaml", "aenderung.yaml"):
            continue
        if item.is_dir():
            shutil.copytree(item, work / item.name, dirs_exist_ok=True)
        else:
            shutil.copy(item, work / item.name)
    if "eingabe" in expected:
        return work / expected["eingabe"], None
    own = [p for p in work.iterdir() if p.stem == "daten" and p.suffix in (".yaml", ".json")]
    if own:
        return own[0], None
    change = yaml.safe_load((folder / "aenderung.yaml").read_text(encoding="utf-8")) or {}
    data = work / expected.get("dateiname", "antrag.yaml")
    shutil.copy(EXAMPLE, data)
    for base in (EXAMPLE.parent / "basis").iterdir():  # the example's chain of base files
        if not (work / "basis" / base.name).exists():
            shutil.copy(base, work / "basis" / base.name)
    changed = None
    for item in change.get("ersetze", []):
        holders = [p for p in (data, *sorted((work / "basis").glob("*.yaml")))
                   if item["alt"] in p.read_text(encoding="utf-8")]
        assert len(holders) == 1, f"{folder.name}: snippet in {holders}: {item['alt']!r}"
        text = holders[0].read_text(encoding="utf-8")
        assert text.count(item["alt"]) == 1, f"{folder.name}: snippet not unique: {item['alt']!r}"
        holders[0].write_text(text.replace(item["alt"], _expand(item["neu"])), encoding="utf-8")
        changed = holders[0]
    if "anhaengen" in change:
        with open(data, "a", encoding="utf-8") as handle:
            handle.write(_expand(change["anhaengen"]))
        changed = data
    return data, changed


def _prepare(steps: list[dict[str, Any]], work: Path, out: Path) -> None:
    """What a repository cannot hold, made in place (``vorbereitung`` in erwartet.yaml)."""
    for step in steps:
        (kind, value), = step.items()
        if kind == "fifo":
            (work / value).unlink(missing_ok=True)
            os.mkfifo(work / value)
        elif kind == "ordner":
            (work / value).unlink(missing_ok=True)
            (work / value).mkdir()
        elif kind == "symlink":
            (work / value[0]).unlink(missing_ok=True)
            os.symlink(value[1], work / value[0])
        elif kind == "gross":
            with open(work / value[0], "ab") as handle:
                handle.write(b"#" + b"x" * int(value[1]) + b"\n")
        elif kind == "ausgabe":
            target = out / "antrag"
            if value == "symlink":
                elsewhere = out.parent / "anderswo"
                shutil.move(target, elsewhere)
                os.symlink(elsewhere, target)
            elif value == "slug-datei":
                shutil.rmtree(target)
                target.write_bytes(b"eine Datei, kein Ordner")
            elif value == "schreibgeschuetzt":
                for path in [target, *target.iterdir()]:
                    path.chmod(path.stat().st_mode & ~0o222)
                out.chmod(0o555)
        elif kind == "zweite_datei":
            (work / value[1]).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(work / value[0], work / value[1])
        else:
            raise AssertionError(f"unknown step {kind}")


def _snapshot(root: Path) -> dict[str, tuple[int, bytes | str]]:
    """Every entry below ``root`` (not following links): type, mode, bytes or link target."""
    found: dict[str, tuple[int, bytes | str]] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in [*dirnames, *filenames]:
            path = Path(dirpath) / name
            info = path.lstat()
            if stat.S_ISLNK(info.st_mode):
                found[str(path.relative_to(root))] = (info.st_mode, os.readlink(path))
            elif stat.S_ISREG(info.st_mode):
                found[str(path.relative_to(root))] = (info.st_mode, path.read_bytes())
            else:
                found[str(path.relative_to(root))] = (info.st_mode, b"")
    return found


def _previous_build(out: Path, slug: str) -> None:
    target = out / slug
    target.mkdir(parents=True)
    for name in ("kurzkonzept.pdf", "buendel.pdf", "kooperationsvereinbarung.pdf"):
        (target / name).write_bytes(f"%PDF-1.7 alte Ausgabe {name}\n".encode())
    (out / "andere-kommune").mkdir()
    (out / "andere-kommune" / "kurzkonzept.pdf").write_bytes(b"%PDF-1.7 fremde Ausgabe\n")


@pytest.mark.parametrize(("folder", "expected"), _cases())
def test_case(folder: Path, expected: dict[str, Any], tmp_path: Path) -> None:
    work = tmp_path / "daten"
    work.mkdir()
    out = tmp_path / "ausgabe"
    data, changed = _input(folder, work, expected)
    _previous_build(out, re.sub(r"[^a-z0-9]+", "-", data.stem.lower()).strip("-") or "antrag")
    _prepare(expected.get("vorbereitung", []), work, out)
    before = _snapshot(tmp_path)

    command = expected.get("befehl", "render")
    arguments = [str(a).format(daten=work, ausgabe=out) for a in expected.get("argumente", [])]
    files = [str(data), *(str(work / f) for f in expected.get("weitere_dateien", []))]
    argv = [command, *files, *arguments]
    if command != "validate":
        argv += ["-o", str(expected.get("ausgabeordner", out)).format(daten=work, ausgabe=out)]
    if command == "build":
        argv += ["--jobs", "1", "--report-json", str(tmp_path / "bericht.json"),
                 "--report-junit", str(tmp_path / "bericht.xml")]
    stdout, stderr = io.StringIO(), io.StringIO()
    try:
        code = main(argv, stdout, stderr)
        after = _snapshot(tmp_path)
    finally:
        if out.is_dir() and not out.is_symlink():
            out.chmod(0o755)  # so that pytest can clean up
    err = stderr.getvalue()

    assert code == expected["exit"], err
    assert not ENGLISH.search(err), err
    name = expected.get("datei", (changed or data).relative_to(work).as_posix())
    if "marke" in expected:
        text = Path(work / name).read_text(encoding="utf-8")
        index = text.index(expected["marke"]) + expected.get("versatz", 0)
        line = text.count("\n", 0, index) + 1
        column = index - (text.rfind("\n", 0, index) + 1) + 1
    else:
        line, column = expected.get("zeile"), expected.get("spalte")
    where = f"{name}:{line}:{column}" if column else f"{name}:{line}" if line else name
    prefix = where + (f": {expected['feld']}" if expected.get("feld") else "") + ":"
    matching = [entry for entry in err.splitlines() if prefix in entry]
    assert matching, f"expected a line with {prefix!r}:\n{err}"
    assert any(expected["meldung"] in entry for entry in matching), err
    if expected.get("warnung"):
        assert any("Warnung:" in entry for entry in matching), err

    if command == "build":  # the reports are written, and name the failure
        report = (tmp_path / "bericht.json").read_text(encoding="utf-8")
        assert expected["meldung"] in report
        assert expected["meldung"] in (tmp_path / "bericht.xml").read_text(encoding="utf-8")
        for report_file in ("bericht.json", "bericht.xml"):
            after.pop(report_file, None)
    if expected.get("ausgabe_unveraendert", True):
        assert after == before


def test_there_are_at_least_sixty_classes() -> None:
    assert len(_cases()) >= 60
