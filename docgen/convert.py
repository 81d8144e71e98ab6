"""Convert stage for the Word route: DOCX → PDF with LibreOffice, kept warm.

A ``WarmConverter`` runs one headless LibreOffice behind unoserver (its XML-RPC
server) for as long as the engine lives, so each conversion costs ~0.2 s instead
of ~1 s for a cold ``soffice --convert-to``. It owns a private LibreOffice user
profile, gives every conversion a time limit, and when LibreOffice hangs or dies
it kills the whole process group, starts a new one and retries the document, so
no document of a batch is lost. ``close()`` (or leaving the ``with`` block) shuts
it down cleanly.

unoserver's server must run under the system Python that has LibreOffice's
``uno`` module (Debian: python3-uno); scripts/setup.sh installs unoserver for it
into ``.venv/unoserver``. The client side here is plain XML-RPC.
"""

from __future__ import annotations

import contextlib
import http.client
import logging
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import xmlrpc.client
from pathlib import Path
from types import TracebackType

from docgen.errors import Location, Problem, RenderError
from docgen.processes import GUARD, die_with_parent, kill_group

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

API_VERSION = "3"
"""The unoserver XML-RPC API this client speaks (unoserver 3.x)."""

PDF_EXPORT_OPTIONS = (
    "SelectPdfVersion=2",   # PDF/A-2b
    "UseTaggedPDF=true",    # structure tree for accessibility
    "ExportBookmarks=true",
    "ExportNotes=false",
    "EmbedStandardFonts=true",
)


def unoserver_path() -> Path:
    """Where setup.sh put unoserver for the system Python (override: DOCGEN_UNOSERVER_PATH)."""
    configured = os.environ.get("DOCGEN_UNOSERVER_PATH")
    return Path(configured) if configured else Path(sys.prefix) / "unoserver"


def office_python() -> str:
    """The Python interpreter that can ``import uno`` (override: DOCGEN_UNO_PYTHON)."""
    return os.environ.get("DOCGEN_UNO_PYTHON", "/usr/bin/python3")


def _guard_dies_with_us() -> None:
    die_with_parent(signal.SIGTERM)


_SETTINGS = {
    # never update links to other files or addresses, never run macros, no remote referers
    ("/org.openoffice.Office.Writer/Content/Update", "Link"): ("int", "2"),
    ("/org.openoffice.Office.Common/Security/Scripting", "BlockUntrustedRefererLinks"):
        ("boolean", "true"),
    ("/org.openoffice.Office.Common/Security/Scripting", "MacroSecurityLevel"): ("int", "3"),
    ("/org.openoffice.Office.Common/Security/Scripting", "DisableMacrosExecution"):
        ("boolean", "true"),
}


def _write_profile_settings(profile: Path) -> None:
    """The private profile's settings: LibreOffice updates no links and runs no macros,
    so a Word template can neither read a local file nor reach a network address."""
    items = "".join(
        f'<item oor:path="{path}"><prop oor:name="{name}" oor:op="fuse">'
        f"<value>{value}</value></prop></item>\n"
        for (path, name), (_, value) in _SETTINGS.items())
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
        f"{items}</oor:items>\n", encoding="utf-8")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class _TimeoutTransport(xmlrpc.client.Transport):
    def __init__(self, timeout: float) -> None:
        super().__init__()
        self.timeout = timeout

    def make_connection(self, host: str | tuple[str, dict[str, str]]) -> http.client.HTTPConnection:
        connection = super().make_connection(host)
        connection.timeout = self.timeout
        return connection


class ConversionError(RenderError):
    """LibreOffice could not convert a document, even after restarting."""


_RETRYABLE = (OSError, xmlrpc.client.Fault, xmlrpc.client.ProtocolError, http.client.HTTPException)


def _fault_text(fault: xmlrpc.client.Fault) -> str:
    """The last line of LibreOffice's error, without the Python traceback unoserver sends."""
    lines = [line.strip() for line in str(fault.faultString).splitlines() if line.strip()]
    return re.sub(r"^<class '[^']*'>:\s*", "", lines[-1])[:200] if lines else "unbekannter Fehler"


class WarmConverter:
    """One warm LibreOffice; not thread-safe (it converts one document at a time)."""

    def __init__(self, *, timeout: float = 60.0, start_timeout: float = 60.0,
                 retries: int = 2) -> None:
        self.timeout = timeout
        self.start_timeout = start_timeout
        self.retries = retries
        self.restarts = 0
        self._process: subprocess.Popen[bytes] | None = None
        self._profile: Path | None = None
        self._port = 0

    # -- life cycle -------------------------------------------------------------------

    def __enter__(self) -> WarmConverter:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self) -> None:
        if self.running:
            return
        library = unoserver_path()
        if not (library / "unoserver").is_dir():
            raise ConversionError(Problem(
                f"unoserver nicht gefunden in „{library}“ – bitte „make setup“ ausführen "
                "(installiert LibreOffice und unoserver)"))
        self._profile = Path(tempfile.mkdtemp(prefix="docgen-libreoffice-"))
        self._port = _free_port()
        uno_port = _free_port()
        _write_profile_settings(self._profile / "profil")
        command = [
            office_python(), "-c", GUARD, str(os.getpid()), str(self._profile),
            "-m", "unoserver.server",
            "--interface", "127.0.0.1", "--port", str(self._port),
            "--uno-interface", "127.0.0.1", "--uno-port", str(uno_port),
            "--user-installation", str(self._profile / "profil"),
            "--conversion-timeout", str(int(self.timeout)),
            "--libreoffice-pid-file", str(self._profile / "soffice.pid"),
        ]
        environment = {**os.environ, "PYTHONPATH": str(library), "HOME": str(self._profile)}
        log = (self._profile / "unoserver.log").open("wb")
        try:
            self._process = subprocess.Popen(
                command, env=environment, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                start_new_session=True,  # own process group: one kill ends LibreOffice too
                preexec_fn=_guard_dies_with_us,
            )
        except OSError as exc:
            raise ConversionError(Problem(
                f"LibreOffice-Konverter konnte nicht gestartet werden ({exc})")) from exc
        finally:
            log.close()
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if not self.running:
                break
            try:
                info = self._proxy(timeout=2).info()
            except _RETRYABLE:
                time.sleep(0.2)
                continue
            if str(info.get("api")) != API_VERSION:
                self.close()
                raise ConversionError(Problem(
                    f"unoserver spricht API {info.get('api')}, erwartet {API_VERSION}"))
            logger.info("LibreOffice bereit (unoserver %s)", info.get("unoserver"))
            return
        detail = self._log_tail()
        died = not self.running
        self.close()
        if died:
            raise ConversionError(Problem(f"LibreOffice hat sich beim Start beendet{detail}"))
        raise ConversionError(Problem(
            f"LibreOffice ist nicht rechtzeitig gestartet ({self.start_timeout:.0f} s){detail}"))

    def close(self) -> None:
        """Stop LibreOffice and unoserver and remove the private profile."""
        process, self._process = self._process, None
        if process is not None:
            # nothing in a conversion profile is worth saving: end the group at once
            # instead of waiting for LibreOffice to shut down politely
            kill_group(process.pid)
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=10)
        if self._profile is not None:
            shutil.rmtree(self._profile, ignore_errors=True)
            self._profile = None

    @staticmethod
    def _kill_group(pgid: int) -> None:
        kill_group(pgid)

    def restart(self) -> None:
        self.restarts += 1
        logger.warning("LibreOffice wird neu gestartet (%d. Neustart)", self.restarts)
        if self._process is not None:
            self._kill_group(self._process.pid)
            self._process.wait(timeout=10)
        self.close()
        self.start()

    def office_pids(self) -> list[int]:
        """Process ids of LibreOffice itself (soffice.bin) under this converter."""
        if self._process is None:
            return []
        pids = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            name = stat[stat.index("(") + 1: stat.rindex(")")]
            fields = stat[stat.rindex(")") + 2:].split()
            if (int(fields[2]) == self._process.pid and name.startswith(("soffice", "oosplash"))
                    and fields[0] != "Z"):  # a killed LibreOffice not yet reaped is gone
                pids.append(int(entry.name))
        return pids

    def _office_alive(self) -> bool:
        """LibreOffice still runs a moment after a failure: the failure was the document's."""
        if not (self.running and self.office_pids()):
            return False
        time.sleep(0.3)  # a LibreOffice that just died may not have been noticed yet
        return self.running and bool(self.office_pids())

    # -- converting -------------------------------------------------------------------

    def _proxy(self, timeout: float) -> xmlrpc.client.ServerProxy:
        return xmlrpc.client.ServerProxy(f"http://127.0.0.1:{self._port}", allow_none=True,
                                         transport=_TimeoutTransport(timeout))

    def convert(self, docx: bytes, *, name: str = "Dokument") -> bytes:
        """DOCX bytes → PDF bytes (PDF/A-2b, tagged). Restarts and retries on failure."""
        last: BaseException | None = None
        for attempt in range(self.retries + 1):
            try:
                if not self.running:
                    if self._process is not None or attempt:
                        self.restart()
                    else:
                        self.start()
                result = self._proxy(self.timeout + 5).convert(
                    None, xmlrpc.client.Binary(docx), None, "pdf", "writer_pdf_Export",
                    list(PDF_EXPORT_OPTIONS), True, None, None,
                )
                if not isinstance(result, xmlrpc.client.Binary):
                    raise OSError("LibreOffice lieferte keine Datei zurück")
                pdf = bytes(result.data)
                if not pdf.startswith(b"%PDF"):
                    raise OSError("LibreOffice lieferte kein PDF")
                return pdf
            except (*_RETRYABLE, ConversionError) as exc:  # also a LibreOffice dying at start
                if isinstance(exc, xmlrpc.client.Fault) and self._office_alive():
                    # LibreOffice is alive and answered: it cannot convert this document,
                    # and would fail the same way again; no restart, no retry
                    raise ConversionError(Problem(
                        "LibreOffice kann dieses Dokument nicht in PDF umwandeln "
                        f"({_fault_text(exc)}); ein neuer Versuch würde ebenso scheitern",
                        Location(name))) from exc
                last = exc
                logger.warning("Umwandlung von %s fehlgeschlagen (%s), Versuch %d von %d",
                               name, exc, attempt + 1, self.retries + 1)
                if self._process is not None:
                    self._kill_group(self._process.pid)
                    self._process.wait(timeout=10)
        raise ConversionError(Problem(
            f"Umwandlung in PDF mit LibreOffice nach {self.retries + 1} Versuchen "
            f"fehlgeschlagen ({last})", Location(name))) from last

    def _log_tail(self) -> str:
        if self._profile is None:
            return ""
        try:
            text = (self._profile / "unoserver.log").read_text(errors="replace").strip()
        except OSError:
            return ""
        return f": {text.splitlines()[-1]}" if text else ""
