"""Load benchmark of the web form against ``docgen serve`` on 127.0.0.1.

Each editing user has an application of its own (started through the web like a
municipality, then filled by importing the example). Users type into a field, the page
autosaves (the whole form, as htmx posts it) and reloads the HTML preview; further users
download PDFs at the same time. Measured in one run:

* first one user alone (the baseline), then ``--users`` editing users and ``--renderers``
  PDF downloaders together for ``--seconds``;
* median and 95th percentile of autosave and preview, and their ratio to the baseline;
* PDF downloads: answered, refused with 429 ("bitte gleich noch einmal"), latency;
* errors (any other answer) and lost saves (the stored data lacks a save that was
  acknowledged) – both should be 0.

Prints figures; asserts nothing. Run after ``make setup``:

    .venv/bin/python bench/web_load.py [--users 50] [--renderers 10] [--seconds 30]
        [--datenbank postgresql+psycopg://…]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import httpx2 as httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from web_support import csrf_of, form_fields, free_port, postgres_cluster, wait_for  # noqa: E402

from docgen.web.documents import export_yaml, load_data_file  # noqa: E402

EXAMPLE = ROOT / "data" / "landkreis-maerkische-heide.yaml"
_DATA, EXAMPLE_UPLOADS = load_data_file(EXAMPLE)
EXAMPLE_FILE = export_yaml(_DATA)
"""The example as one file (its base files merged in), as the form exports it."""
FIELD = "kurzkonzept.ansprechperson.funktion"


@dataclass
class Figures:
    autosave: list[float] = field(default_factory=list)
    preview: list[float] = field(default_factory=list)
    pdf: list[float] = field(default_factory=list)
    refused: int = 0
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def error(self, text: str) -> None:
        with self.lock:
            self.errors.append(text)


def start_user(base: str) -> tuple[httpx.Client, str]:
    """A new application with the example's content; returns the client and its form."""
    user = httpx.Client(base_url=base, timeout=120)
    page = user.get("/")
    user.post("/neu", data={"csrf": csrf_of(page.text)})
    form = user.get("/antrag").text
    user.post("/antrag/import", data={"csrf": csrf_of(form), "version": "1"},
              files={"datei": (EXAMPLE.name, EXAMPLE_FILE.encode(), "application/yaml")})
    for name, content in EXAMPLE_UPLOADS.items():
        user.post("/antrag/logo", data={"csrf": csrf_of(form), "version": "2"},
                  files={"logo": (name, content, "image/svg+xml")})
    return user, user.get("/antrag").text


def edit(base: str, figures: Figures, until: float, name: str) -> tuple[str, str] | None:
    """Type, autosave, preview until ``until``; returns (last acknowledged value, stored)."""
    user, page = start_user(base)
    fields: dict[str, list[str]] = {}
    for key, value in form_fields(page):
        fields.setdefault(key, []).append(value)
    assert FIELD in fields, f"the form has no field {FIELD}"
    acknowledged = None
    counter = 0
    try:
        while time.monotonic() < until:
            counter += 1
            value = f"Funktion {name}-{counter}"
            fields[FIELD] = [value]
            started = time.perf_counter()
            answer = user.post("/antrag/speichern", data=fields, headers={"HX-Request": "true"})
            saved = time.perf_counter() - started
            if answer.status_code != 200:
                figures.error(f"Speichern {answer.status_code}")
                continue
            version = re.search(r'id="version" name="version" value="(\d+)"', answer.text)
            if version is None:
                figures.error("keine Version in der Antwort")
                continue
            fields["version"] = [version.group(1)]
            acknowledged = value
            started = time.perf_counter()
            preview = user.get(f"/antrag/vorschau/kurzkonzept?v={version.group(1)}")
            shown = time.perf_counter() - started
            if preview.status_code != 200 or value not in preview.text:
                figures.error(f"Vorschau {preview.status_code}")
            with figures.lock:
                figures.autosave.append(saved)
                figures.preview.append(shown)
            time.sleep(random.uniform(1.0, 3.0))  # a pause in typing: the debounced save fires
        stored = user.get("/antrag/export").text
        return (acknowledged or "", stored) if acknowledged else None
    finally:
        user.close()


def render(base: str, figures: Figures, until: float) -> None:
    user, _ = start_user(base)
    try:
        while time.monotonic() < until:
            started = time.perf_counter()
            answer = user.get("/antrag/dokument/kurzkonzept.pdf")
            took = time.perf_counter() - started
            if answer.status_code == 200 and answer.content.startswith(b"%PDF"):
                with figures.lock:
                    figures.pdf.append(took)
            elif answer.status_code == 429 and "bitte gleich noch einmal" in answer.text:
                with figures.lock:
                    figures.refused += 1
                time.sleep(1.0)
            else:
                figures.error(f"PDF {answer.status_code}")
    finally:
        user.close()


def run(base: str, users: int, renderers: int, seconds: float) -> tuple[Figures, int]:
    figures = Figures()
    until = time.monotonic() + seconds + 15  # setting up users takes a while
    with ThreadPoolExecutor(users + renderers) as pool:
        edits = [pool.submit(edit, base, figures, until, str(i)) for i in range(users)]
        renders = [pool.submit(render, base, figures, until) for _ in range(renderers)]
        lost = 0
        for future in edits:
            outcome = future.result()
            if outcome is not None and outcome[0] not in outcome[1]:
                lost += 1
        for future in renders:
            future.result()
    return figures, lost


def describe(values: list[float]) -> str:
    if not values:
        return "–"
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return (f"Median {statistics.median(ordered) * 1000:6.1f} ms, 95 % {p95 * 1000:6.1f} ms "
            f"(n = {len(ordered)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--renderers", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--datenbank", default=None, help="SQLAlchemy-URL (Standard: SQLite)")
    parser.add_argument("--postgres", action="store_true",
                        help="a throw-away PostgreSQL cluster, as the tests make it")
    parser.add_argument("--prozesse", type=int, default=2)
    parser.add_argument("--app-prozesse", type=int, default=1)
    args = parser.parse_args()

    with contextlib.ExitStack() as stack:
        url = args.datenbank
        if args.postgres:
            url = stack.enter_context(postgres_cluster())
        folder = Path(tempfile.mkdtemp(prefix="docgen-last-"))
        measure(args, url or f"sqlite:///{folder / 'web.sqlite3'}")


def measure(args: argparse.Namespace, url: str) -> None:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "docgen", "serve", "--port", str(port), "--datenbank", url,
         "--prozesse", str(args.prozesse), "--app-prozesse", str(args.app_prozesse)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        env={**os.environ, "DOCGEN_SICHERE_COOKIES": "0"})
    base = f"http://127.0.0.1:{port}"
    try:
        def up() -> bool:
            try:
                return httpx.get(base + "/", timeout=1).status_code == 200
            except httpx.HTTPError:
                return False

        assert wait_for(up, 30), "server did not start"
        print(f"docgen serve auf {base}, Datenbank {url.split(':')[0]}, "
              f"{args.app_prozesse} App-Prozess(e) mit je {args.prozesse} Render-Prozessen")
        alone, lost_alone = run(base, 1, 0, 10)
        print(f"1 Nutzer allein – Speichern: {describe(alone.autosave)}")
        print(f"1 Nutzer allein – Vorschau:  {describe(alone.preview)}")
        loaded, lost = run(base, args.users, args.renderers, args.seconds)
        print(f"{args.users} Nutzer + {args.renderers} PDF – Speichern: "
              f"{describe(loaded.autosave)}")
        print(f"{args.users} Nutzer + {args.renderers} PDF – Vorschau:  "
              f"{describe(loaded.preview)}")
        for label, a, b in (("Speichern", alone.autosave, loaded.autosave),
                            ("Vorschau", alone.preview, loaded.preview)):
            if a and b:
                print(f"Verhältnis unter Last / allein, {label} (Median): "
                      f"{statistics.median(b) / statistics.median(a):.1f}")
        print(f"PDF: {describe(loaded.pdf)}, abgewiesen mit 429: {loaded.refused}")
        print(f"Fehler: {len(alone.errors) + len(loaded.errors)} "
              f"{sorted(set(alone.errors + loaded.errors))[:5]}; "
              f"verlorene Speicherungen: {lost_alone + lost}")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
