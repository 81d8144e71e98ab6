"""The command line, in-process through main() and once as the installed command."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from testing_utils import EXAMPLE, contains, line_col, pdf_pages, with_top_level, write_variant

from docgen.cli import main


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.slow
def test_render_writes_the_kurzkonzept(tmp_path: Path) -> None:
    code, out, err = _run("render", str(EXAMPLE), "-o", str(tmp_path))
    assert code == 0, err
    target = tmp_path / "landkreis-maerkische-heide" / "kurzkonzept.pdf"
    written = out.splitlines()
    assert written[:2] == [f"geschrieben: {target}",
                           f"geschrieben: {target.parent / 'absichtserklaerung.pdf'}"]
    assert len(written) == 10  # nine documents and the bundle
    assert sorted(p.name for p in target.parent.iterdir()) == sorted(
        line.rsplit("/", 1)[1] for line in written)
    assert err == ""
    assert contains(pdf_pages(target.read_bytes())[0], "Dr. Jörg Weißenböck")
    assert not list(target.parent.glob(".*.tmp")), "no temporary files left behind"


def test_validate_only_checks(tmp_path: Path) -> None:
    code, out, _ = _run("validate", str(EXAMPLE))
    assert code == 0
    assert out == f"{EXAMPLE}: gültig\n"


@pytest.mark.parametrize(
    ("old", "new", "marker", "expected"),
    [
        ("kurzkonzept:\n  ansprechperson:", "kurzkonzept:\n  ansprechperson: X: Y", ": Y",
         "Doppelpunkt an unerwarteter Stelle"),
        ("Gesundheitsplaner\n    telefon: 03366 351-2240\n    email: joerg.weissenboeck@"
         "maerkische-heide.example\n", "Gesundheitsplaner\n    telefon: 03366 351-2240\n",
         "ansprechperson:", "kurzkonzept.ansprechperson.email: Pflichtfeld fehlt"),
        ("        jahr: 2024\n        quelle: Amt", "        jahr: zwanzig\n        quelle: Amt",
         "zwanzig",
         "kurzkonzept.ausgangslage.indikatoren.hilfen_zur_erziehung.jahr: ganze Zahl erwartet"),
        ("\n  ort: Fließfurt\n  datum: 2026-02-06",
         "\n  ort: Fließfurt\n  datum: 2026-02-06\n  anlagenn: []", "anlagenn",
         "kurzkonzept.anlagenn: unbekanntes Feld „anlagenn“ – meinten Sie „anlagen“?"),
    ],
    ids=["yaml-syntax", "missing-field", "wrong-type", "unknown-key"],
)
def test_bad_input_fails_with_location_and_writes_nothing(
    tmp_path: Path, old: str, new: str, marker: str, expected: str
) -> None:
    path, text = write_variant(tmp_path, old, new)
    out_dir = tmp_path / "ausgabe"
    code, out, err = _run("render", str(path), "-o", str(out_dir))
    assert code == 1
    assert out == ""
    line, column = line_col(text, marker)
    lines = err.splitlines()
    assert any(x.startswith(f"{path}:{line}:{column}: ") and expected in x for x in lines), err
    assert lines[-1] == "1 von 1 Datei(en) fehlerhaft, für sie wurde nichts geschrieben."
    assert not out_dir.exists()


@pytest.mark.slow
def test_failed_render_keeps_the_last_good_output(tmp_path: Path) -> None:
    assert _run("render", str(EXAMPLE), "-o", str(tmp_path))[0] == 0
    target = tmp_path / "landkreis-maerkische-heide" / "kurzkonzept.pdf"
    before = target.read_bytes()
    # the same file name in another folder: the same output folder
    (tmp_path / "neu").mkdir()
    broken, _ = with_top_level(tmp_path / "neu", "kommune:\n  art: Dorf\n", name=EXAMPLE.name)
    code, _, err = _run("render", str(broken), "-o", str(tmp_path))
    assert code == 1 and "kommune.art" in err
    assert target.read_bytes() == before


@pytest.mark.slow
def test_one_bad_file_does_not_stop_the_others(tmp_path: Path) -> None:
    broken, _ = with_top_level(tmp_path, "kommune:\n  art: Dorf\n", name="kaputt.yaml")
    code, out, err = _run("render", str(broken), str(EXAMPLE), "-o", str(tmp_path / "out"))
    assert code == 1
    assert "kurzkonzept.pdf" in out
    assert "1 von 2 Datei(en) fehlerhaft" in err


def test_usage_errors_exit_2() -> None:
    code, _, _ = _run("render", str(EXAMPLE))  # -o missing
    assert code == 2
    code, _, _ = _run("zaubern")
    assert code == 2


@pytest.mark.slow
def test_installed_command_and_module_entry_point(tmp_path: Path) -> None:
    docgen = shutil.which("docgen", path=os.path.dirname(sys.executable))
    assert docgen, "the docgen command is installed beside the interpreter"
    result = subprocess.run(
        [docgen, "render", str(EXAMPLE), "-o", str(tmp_path)],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "landkreis-maerkische-heide" / "kurzkonzept.pdf").stat().st_size > 10_000
    broken, _ = with_top_level(tmp_path, "kommune:\n  art: Dorf\n")
    result = subprocess.run(
        [sys.executable, "-m", "docgen", "validate", str(broken)],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 1
    assert "kommune.art: ungültiger Wert „Dorf“" in result.stderr
    assert "Traceback" not in result.stderr
