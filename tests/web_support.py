"""Shared helpers of the web tests: an app on SQLite or on a real PostgreSQL cluster,
a client holding a municipality's secret link, and reading forms back from pages."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from starlette.testclient import TestClient
from testing_utils import EXAMPLE

from docgen.web.app import create_app
from docgen.web.settings import Settings

PG_BIN = Path("/usr/lib/postgresql/15/bin")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def postgres_cluster() -> Iterator[str]:
    """A throw-away PostgreSQL cluster (initdb into a temporary folder, Unix socket only);
    yields its SQLAlchemy URL and stops and removes it afterwards.

    As root, the server runs as the ``postgres`` user (PostgreSQL refuses root)."""
    if not (PG_BIN / "initdb").exists():
        raise RuntimeError("PostgreSQL 15 fehlt (scripts/setup.sh installiert postgresql)")
    folder = Path(tempfile.mkdtemp(prefix="docgen-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    data, sockets = folder / "daten", folder
    port = free_port()

    def run(*command: str) -> None:
        subprocess.run([*as_user, *command], check=True, capture_output=True, cwd="/")

    run(str(PG_BIN / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
        "-E", "UTF8", "--locale=C.UTF-8")
    run(str(PG_BIN / "pg_ctl"), "-D", str(data), "-w", "-l", str(folder / "log"), "-o",
        f"-c listen_addresses='' -k {sockets} -p {port} -c fsync=off", "start")
    try:
        run(str(PG_BIN / "createdb"), "-h", str(sockets), "-p", str(port), "-U", "postgres",
            "docgen")
        yield f"postgresql+psycopg://postgres@/docgen?host={sockets}&port={port}"
    finally:
        run(str(PG_BIN / "pg_ctl"), "-D", str(data), "-w", "-m", "immediate", "stop")
        shutil.rmtree(folder, ignore_errors=True)


def make_app(url: str, **settings: Any) -> Any:
    return create_app(Settings(datenbank=url, vorlage=EXAMPLE, **settings))


def client(app: Any) -> TestClient:
    return TestClient(app, base_url="https://testserver")


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    assert match, "kein CSRF-Feld auf der Seite"
    return match.group(1)


def start_application(browser: TestClient) -> str:
    """Start a new application as a municipality; returns the secret link's token."""
    page = browser.get("/")
    answer = browser.post("/neu", data={"csrf": csrf_of(page.text)})
    assert answer.status_code == 200, answer.text
    match = re.search(r"/zugang/([A-Za-z0-9_-]+)", answer.text)
    assert match
    return match.group(1)


def open_example(app: Any, browser: TestClient) -> str:
    """Load the example as an application, open its link in ``browser``; returns the token."""
    from docgen.web.server import load_example

    token = load_example(app.state.store, app.state.settings, str(EXAMPLE))
    assert browser.get(f"/zugang/{token}", follow_redirects=False).status_code == 303
    return token


class _Fields(HTMLParser):
    """Collects what a browser would post for the form with id ``antrag``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pairs: list[tuple[str, str]] = []
        self.in_form = False
        self._select: str | None = None
        self._selected: str | None = None
        self._first_option: str | None = None
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.in_form = a.get("id") == "antrag"
        if not self.in_form:
            return
        if tag == "input" and "name" in a:
            kind = a.get("type", "text")
            if kind == "checkbox" and "checked" not in a:
                return
            if kind in {"submit", "file"}:
                return
            self.pairs.append((a["name"], a.get("value", "")))
        elif tag == "select" and "name" in a:
            self._select, self._selected, self._first_option = a["name"], None, None
        elif tag == "option" and self._select is not None:
            if self._first_option is None:
                self._first_option = a.get("value", "")
            if "selected" in a:
                self._selected = a.get("value", "")
        elif tag == "textarea" and "name" in a:
            self._textarea, self._text = a["name"], ""

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.in_form = False
        if tag == "select" and self._select is not None:
            self.pairs.append((self._select, self._selected if self._selected is not None
                               else self._first_option or ""))
            self._select = None
        if tag == "textarea" and self._textarea is not None:
            text = self._text[1:] if self._text.startswith("\n") else self._text
            self.pairs.append((self._textarea, text))
            self._textarea = None


def form_fields(html: str) -> list[tuple[str, str]]:
    parser = _Fields()
    parser.feed(html)
    return parser.pairs


def post_form(browser: TestClient, html: str, changes: dict[str, str] | None = None,
              action: str | None = None, htmx: bool = True) -> Any:
    """Post the page's form as a browser would, with some fields changed."""
    pairs = [(k, (changes or {}).get(k, v)) for k, v in form_fields(html)]
    if action:
        pairs.append(("_aktion", action))
    data: dict[str, list[str]] = {}
    for key, value in pairs:
        data.setdefault(key, []).append(value)
    headers = {"HX-Request": "true"} if htmx else {}
    return browser.post("/antrag/speichern", data=data, headers=headers,
                        follow_redirects=not htmx or bool(action))


def wait_for(predicate: Any, seconds: float = 10.0) -> Any:
    deadline = time.monotonic() + seconds
    while True:
        value = predicate()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.05)
