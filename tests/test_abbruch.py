"""Fault tests with real processes: the Word route's batch build (two workers, each with
its own LibreOffice) is interrupted, killed, or loses its LibreOffice; afterwards no
process and no LibreOffice profile of the run may remain, every output that exists must
open, and a rerun must complete.

Processes of a run are found by a marker in their environment, which every descendant
(workers, unoserver, LibreOffice) inherits; profiles by the run's own TMPDIR.
"""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
import uuid
import zipfile
from pathlib import Path

import pikepdf
import pytest
from testing_utils import EXAMPLE, copy_example_bases

pytestmark = pytest.mark.slow

FILES = 4


def _inputs(folder: Path) -> Path:
    text = EXAMPLE.read_text(encoding="utf-8")
    lean = text[:text.index("\nkooperationsvereinbarung:")] + "\n"
    data = folder / "daten"
    data.mkdir()
    copy_example_bases(data)
    for i in range(FILES):
        (data / f"kreis-{i}.yaml").write_text(lean, encoding="utf-8")
    return data


class Run:
    """One ``docgen build --pdf-route docx --jobs 2`` in its own session."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.marker = f"docgen-test-{uuid.uuid4().hex}"
        self.tmp = folder / "tmp"
        self.tmp.mkdir(exist_ok=True)
        self.out = folder / "ausgabe"
        self.data = folder / "daten"

    def start(self, *extra: str) -> subprocess.Popen[str]:
        environment = {**os.environ, "DOCGEN_TESTLAUF": self.marker, "TMPDIR": str(self.tmp)}
        return subprocess.Popen(
            [sys.executable, "-m", "docgen", "build", str(self.data), "-o", str(self.out),
             "--pdf-route", "docx", "--format", "pdf,docx", "--jobs", "2", *extra],
            env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            start_new_session=True)

    def processes(self) -> list[tuple[int, str]]:
        """(pid, name) of every live process carrying this run's marker."""
        found = []
        needle = self.marker.encode()
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                if needle not in (entry / "environ").read_bytes():
                    continue
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if stat[stat.rindex(")") + 2] != "Z":
                found.append((int(entry.name), stat[stat.index("(") + 1: stat.rindex(")")]))
        return found

    def wait_for(self, name: str, timeout: float = 90) -> list[int]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pids = [pid for pid, process in self.processes() if process.startswith(name)]
            if pids:
                return pids
            time.sleep(0.2)
        raise AssertionError(f"no {name} started: {self.processes()}")

    def assert_nothing_left(self, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while self.processes() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert self.processes() == []
        assert sorted(p.name for p in self.tmp.iterdir()
                      if p.name.startswith("docgen-libreoffice-")) == []

    def assert_outputs_open(self) -> int:
        count = 0
        for path in sorted(self.out.rglob("*")):
            if any(part.startswith(".") for part in path.relative_to(self.out).parts):
                continue
            if path.suffix == ".pdf":
                with pikepdf.open(path) as document:
                    assert len(document.pages) > 0, path
                count += 1
            elif path.suffix == ".docx":
                with zipfile.ZipFile(path) as archive:
                    assert archive.testzip() is None, path
                count += 1
        return count


@pytest.fixture
def run(tmp_path: Path) -> Run:
    _inputs(tmp_path)
    return Run(tmp_path)


def _completes(run: Run) -> None:
    """A full run succeeds, every output opens, nothing of it remains."""
    process = run.start()
    _, err = process.communicate(timeout=600)
    assert process.returncode == 0, err
    assert run.assert_outputs_open() == FILES * 5  # 2 documents × pdf/docx + bundle
    run.assert_nothing_left(timeout=5)


def test_a_successful_word_route_build_leaves_nothing_running(run: Run) -> None:
    _completes(run)


def test_ctrl_c_stops_the_build_with_one_german_line(run: Run) -> None:
    process = run.start()
    run.wait_for("soffice")
    os.killpg(process.pid, signal.SIGINT)  # what a terminal sends to the whole group
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130
    assert "Traceback" not in err
    assert [line for line in err.splitlines() if line.strip()][-1].startswith("Abgebrochen")
    run.assert_nothing_left()
    run.assert_outputs_open()
    _completes(run)


def test_sigkill_of_the_coordinator_takes_workers_and_libreoffice_with_it(run: Run) -> None:
    process = run.start()
    run.wait_for("soffice")
    process.kill()
    process.communicate(timeout=60)
    run.assert_nothing_left()
    run.assert_outputs_open()
    _completes(run)


def test_sigterm_of_the_coordinator_leaves_nothing(run: Run) -> None:
    process = run.start()
    run.wait_for("soffice")
    process.terminate()
    _, err = process.communicate(timeout=60)
    assert process.returncode == 143
    assert "Traceback" not in err
    run.assert_nothing_left()
    run.assert_outputs_open()


def test_killing_libreoffice_mid_batch_loses_no_document(run: Run) -> None:
    process = run.start()
    for pid in run.wait_for("soffice"):
        os.kill(pid, signal.SIGKILL)
    _, err = process.communicate(timeout=600)
    assert process.returncode == 0, err
    assert run.assert_outputs_open() == FILES * 5
    run.assert_nothing_left(timeout=5)
    _completes(run)


def test_closing_the_converter_ends_everything_at_once() -> None:
    """close() kills the guard's group instead of waiting for LibreOffice to shut down
    politely (which took up to its 10 s timeout), and removes the profile."""
    import docx

    from docgen.convert import WarmConverter

    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Probe")
    document.save(buffer)
    with WarmConverter(timeout=30) as converter:
        assert converter.convert(buffer.getvalue()).startswith(b"%PDF")
        guard, profile = converter._process, converter._profile
        office = converter.office_pids()
        assert guard is not None and profile is not None and office
    assert guard.returncode == -signal.SIGKILL
    assert not profile.exists()
    for pid in office:
        stat = Path(f"/proc/{pid}/stat")
        assert not stat.exists() or stat.read_text().rsplit(")", 1)[1].split()[0] == "Z"
