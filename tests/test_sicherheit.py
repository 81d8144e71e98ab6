"""The mechanisms behind tests/faelle, each tested where a folder of input cannot show it:
active content stripped from attachments, all-or-nothing writes, the cache checking the
bytes it vouches for, batch isolation of crashes and bugs, the pool adapter's contract."""

from __future__ import annotations

import io
import json
import os
import signal
import time
import zipfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pikepdf
import pytest
from testing_utils import EXAMPLE, copy_example_bases

import docgen.build
import docgen.output
from docgen.cache import CACHE_FILE, code_fingerprint
from docgen.cli import main
from docgen.errors import OutputError
from docgen.output import write_folder
from docgen.processes import stop_pool
from docgen.sanitize import sanitize_pdf
from docgen.templating import builtin_templates
from docgen.word import docx_template_problem

# --- attachments -----------------------------------------------------------------------


def _hostile_pdf() -> bytes:
    document = pikepdf.new()
    document.add_blank_page()
    page = document.pages[0]
    javascript = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))
    document.Root.OpenAction = document.make_indirect(javascript)
    document.Root.Names = pikepdf.Dictionary(JavaScript=pikepdf.Dictionary(
        Names=pikepdf.Array([pikepdf.String("a"), document.make_indirect(javascript)])))
    document.Root.AcroForm = pikepdf.Dictionary(Fields=pikepdf.Array())
    page.obj.AA = pikepdf.Dictionary(O=javascript)
    launch = pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String("calc.exe"))
    link = pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link,
                              Rect=pikepdf.Array([0, 0, 10, 10]), A=launch)
    attached = pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.FileAttachment,
                                  Rect=pikepdf.Array([0, 0, 10, 10]))
    page.obj.Annots = pikepdf.Array([document.make_indirect(link),
                                     document.make_indirect(attached)])
    document.attachments["boese.exe"] = pikepdf.AttachedFileSpec(document, b"MZ")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_attachments_lose_every_kind_of_active_content() -> None:
    cleaned, removed = sanitize_pdf(_hostile_pdf())
    assert removed == sorted(["Aktion beim Öffnen", "Formularfelder", "JavaScript",
                              "eingebettete Dateien", "automatische Aktionen",
                              "Programmstart-Aktionen"])
    with pikepdf.open(io.BytesIO(cleaned)) as document:
        assert "/OpenAction" not in document.Root and "/AcroForm" not in document.Root
        assert "/JavaScript" not in document.Root.Names
        assert "/EmbeddedFiles" not in document.Root.Names
        page = document.pages[0].obj
        assert "/AA" not in page
        assert [str(a.Subtype) for a in page.Annots] == ["/Link"]
        assert "/A" not in page.Annots[0]
        assert len(document.pages) == 1  # the printed content stays


def test_a_harmless_attachment_stays_byte_identical() -> None:
    document = pikepdf.new()
    document.add_blank_page()
    out = io.BytesIO()
    document.save(out)
    assert sanitize_pdf(out.getvalue()) == (out.getvalue(), [])


# --- Word templates ----------------------------------------------------------------------


def test_the_built_in_word_templates_pass_the_checks() -> None:
    for path in sorted((builtin_templates() / "docx").glob("*.docx")):
        assert docx_template_problem(path.read_bytes()) is None, path.name


def test_clickable_hyperlinks_stay_allowed_in_word_templates() -> None:
    source = builtin_templates() / "docx" / "kurzkonzept.docx"
    out = io.BytesIO()
    relation = (b'<Relationship Id="rIdLink" Type="http://schemas.openxmlformats.org/'
                b'officeDocument/2006/relationships/hyperlink" Target="https://example.org" '
                b'TargetMode="External"/></Relationships>')
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(out, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == "word/_rels/document.xml.rels":
                data = data.replace(b"</Relationships>", relation)
            new.writestr(info, data)
    assert docx_template_problem(out.getvalue()) is None


# --- all or nothing ----------------------------------------------------------------------


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_failing_write_leaves_every_previous_output_byte_identical(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "kreis"
    write_folder(target, {"kurzkonzept.pdf": b"alt 1", "buendel.pdf": b"alt 2"})
    before = _tree(tmp_path)
    real_open = open

    def failing_open(path: object, mode: str = "r", *args: object, **kwargs: object) -> object:
        if str(path).endswith("buendel.pdf") and "x" in mode:
            raise OSError(28, "No space left on device")
        return real_open(path, mode, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr("builtins.open", failing_open)
    with pytest.raises(OutputError, match="bisherigen Ausgaben sind unverändert"):
        write_folder(target, {"kurzkonzept.pdf": b"neu 1", "buendel.pdf": b"neu 2"})
    assert _tree(tmp_path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kreis"]  # no staging left


def test_outputs_replace_their_names_and_keep_the_rest(tmp_path: Path) -> None:
    target = tmp_path / "kreis"
    write_folder(target, {"kurzkonzept.pdf": b"alt", "kurzkonzept.docx": b"word"})
    (target / "notiz.txt").write_text("von Hand", encoding="utf-8")
    write_folder(target, {"kurzkonzept.pdf": b"neu"})
    assert _tree(tmp_path) == {"kreis/kurzkonzept.docx": b"word", "kreis/kurzkonzept.pdf": b"neu",
                               "kreis/notiz.txt": b"von Hand"}


def test_a_name_leaving_the_folder_is_refused_at_the_write_too(tmp_path: Path) -> None:
    for name in ("../x.pdf", "a/b.pdf", ".versteckt.pdf", "", "x.exe"):
        with pytest.raises(OutputError, match="unzulässiger Ausgabename"):
            write_folder(tmp_path / "kreis", {name: b"x"})
    assert not (tmp_path / "kreis").exists()


def test_the_swap_never_writes_through_a_link_inside_the_folder(tmp_path: Path) -> None:
    victim = tmp_path / "fremd.pdf"
    victim.write_bytes(b"fremd")
    target = tmp_path / "kreis"
    target.mkdir()
    os.symlink(victim, target / "kurzkonzept.pdf")
    write_folder(target, {"kurzkonzept.pdf": b"neu"})
    assert victim.read_bytes() == b"fremd"
    assert not (target / "kurzkonzept.pdf").is_symlink()


def test_leftovers_of_a_killed_run_are_cleared_by_the_next_write(tmp_path: Path) -> None:
    (tmp_path / ".kreis.neu-abc").mkdir()
    (tmp_path / ".kreis.neu-abc" / "kurzkonzept.pdf").write_bytes(b"halb")
    write_folder(tmp_path / "kreis", {"kurzkonzept.pdf": b"ganz"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kreis"]


def test_without_renameat2_the_swap_still_works(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    write_folder(tmp_path / "kreis", {"kurzkonzept.pdf": b"alt"})
    monkeypatch.setattr(docgen.output, "_exchange", lambda first, second: False)
    write_folder(tmp_path / "kreis", {"kurzkonzept.pdf": b"neu"})
    assert _tree(tmp_path) == {"kreis/kurzkonzept.pdf": b"neu"}


# --- cache ---------------------------------------------------------------------------------


def test_the_code_fingerprint_covers_docgens_code_and_templates() -> None:
    assert code_fingerprint() == code_fingerprint.__wrapped__()  # stable within a state
    assert len(code_fingerprint()) == 32


@pytest.mark.slow
def test_the_cache_rebuilds_an_output_that_was_changed_truncated_or_replaced(
        tmp_path: Path) -> None:
    data = tmp_path / "antrag.yaml"
    text = EXAMPLE.read_text(encoding="utf-8")
    data.write_text(text[:text.index("\nkooperationsvereinbarung:")] + "\n", encoding="utf-8")
    copy_example_bases(tmp_path)
    out = tmp_path / "ausgabe"

    def build() -> dict[str, object]:
        stdout = io.StringIO()
        assert main(["build", str(data), "-o", str(out), "--jobs", "1"], stdout,
                    io.StringIO()) == 0
        report = json.loads((out / "docgen-bericht.json").read_text(encoding="utf-8"))
        return dict(report["ergebnisse"][0])

    first = build()
    folder = out / "antrag"
    good = _tree(folder)
    assert CACHE_FILE in good
    assert build()["rebuilt"] == []
    (folder / "kurzkonzept.pdf").write_bytes(good["kurzkonzept.pdf"][:1000])  # truncated
    (folder / "absichtserklaerung.pdf").write_bytes(b"%PDF-1.7 untergeschoben")  # replaced
    rebuilt = build()["rebuilt"]
    assert sorted(rebuilt) == ["absichtserklaerung", "kurzkonzept"]  # type: ignore[type-var]
    assert _tree(folder) == good
    assert first["ok"]


# --- batch isolation -------------------------------------------------------------------------


def crashing_build_file(path: Path, out_dir: Path, force: bool = False) -> object:
    """Stands in for docgen.build._build_file in the workers: one file kills its worker,
    one raises a bug, the others are built for real."""
    if path.name.startswith("absturz"):
        os.kill(os.getpid(), signal.SIGKILL)
    if path.name.startswith("fehler"):
        raise ZeroDivisionError("division by zero")
    return REAL_BUILD_FILE(path, out_dir, force)


REAL_BUILD_FILE = docgen.build._build_file


@pytest.mark.slow
def test_a_crashed_worker_and_a_bug_fail_only_their_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    lean = text[:text.index("\nkooperationsvereinbarung:")] + "\n"
    copy_example_bases(tmp_path)
    for name in ("absturz.yaml", "fehler.yaml", "gut.yaml"):
        (tmp_path / name).write_text(lean, encoding="utf-8")
    monkeypatch.setattr(docgen.build, "_build_file", crashing_build_file)
    out = tmp_path / "ausgabe"
    stdout, stderr = io.StringIO(), io.StringIO()
    code = main(["build", str(tmp_path), "-o", str(out), "--jobs", "2"], stdout, stderr)
    assert code == 1
    report = json.loads((out / "docgen-bericht.json").read_text(encoding="utf-8"))
    results = {Path(r["path"]).name: r for r in report["ergebnisse"]}
    assert results["gut.yaml"]["ok"]
    assert "abgestürzt" in results["absturz.yaml"]["problems"][0]
    assert "interner Fehler (ZeroDivisionError" in results["fehler.yaml"]["problems"][0]
    junit = (out / "docgen-bericht.xml").read_text(encoding="utf-8")
    assert "abgestürzt" in junit and "interner Fehler" in junit
    assert (out / "gut" / "kurzkonzept.pdf").is_file()
    assert not (out / "absturz").exists() and not (out / "fehler").exists()
    assert "Traceback" not in stderr.getvalue()


@pytest.mark.slow
def test_stop_pool_ends_every_worker_of_the_pool() -> None:
    """Contract of the one private attribute docgen uses: ProcessPoolExecutor._processes."""
    pool = ProcessPoolExecutor(max_workers=2)
    pool.submit(os.getpid).result()
    workers = dict(pool._processes)
    assert workers and all(hasattr(p, "kill") for p in workers.values())
    stop_pool(pool)
    # asked of the system, not of Process.is_alive(): the pool's own thread may reap a worker
    # first, and then is_alive() cannot tell any more
    deadline = time.monotonic() + 10
    while any(_running(p.pid) for p in workers.values()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_running(p.pid) for p in workers.values())


def _running(pid: int | None) -> bool:
    """Whether ``pid`` is a live process (neither gone nor a zombie waiting to be reaped)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] != "Z"


def test_a_change_of_docgens_code_changes_every_key(monkeypatch: pytest.MonkeyPatch) -> None:
    import docgen.cache

    before = docgen.cache.digest([b"daten"], [])
    monkeypatch.setattr(docgen.cache, "code_fingerprint", lambda: b"anderer Code")
    assert docgen.cache.digest([b"daten"], []) != before


def test_libreoffice_profiles_update_no_links_and_run_no_macros(tmp_path: Path) -> None:
    from xml.etree import ElementTree

    from docgen.convert import _write_profile_settings

    _write_profile_settings(tmp_path)
    root = ElementTree.parse(tmp_path / "user" / "registrymodifications.xcu").getroot()
    settings = {(item.get("{http://openoffice.org/2001/registry}path"),
                 item[0].get("{http://openoffice.org/2001/registry}name")): item[0][0].text
                for item in root}
    assert settings[("/org.openoffice.Office.Writer/Content/Update", "Link")] == "2"  # never
    assert settings[("/org.openoffice.Office.Common/Security/Scripting",
                     "DisableMacrosExecution")] == "true"
