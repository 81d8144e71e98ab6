"""The web app: factory, security headers, access log without tokens, error pages.

``create_app(settings)`` builds a Starlette app whose state is only configuration and
connections: the database holds everything else, so any number of app processes can
run behind one reverse proxy. Route groups are mounted from their own modules
(``routes`` for municipalities; a BLS module can be added beside it).
"""

from __future__ import annotations

import logging
import re
import secrets
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from docgen.web import auth
from docgen.web.documents import TEMPLATES, RenderPool
from docgen.web.settings import Settings
from docgen.web.storage import Store, migrate

HERE = Path(__file__).parent
log = logging.getLogger("docgen.web")

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; frame-src 'self'; form-action 'self'; base-uri 'none'; "
       "object-src 'none'; frame-ancestors 'none'")
_TOKEN_IN_PATH = re.compile(r"^(/zugang/)[^/?#]+")


def redact(path: str) -> str:
    """A path as the access log writes it: never a token."""
    return _TOKEN_IN_PATH.sub(r"\1…", path)


class Security(BaseHTTPMiddleware):
    """Security headers on every answer; an anonymous cookie for CSRF before a session;
    an access log line without tokens."""

    def __init__(self, app: Any, settings: Settings) -> None:
        super().__init__(app)
        self.settings = settings

    async def dispatch(self, request: Request,
                       call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        started = time.perf_counter()
        new_anon = None
        if not request.cookies.get(auth.ANON_COOKIE):
            new_anon = secrets.token_urlsafe(24)
            request.state.anon = new_anon
        response = await call_next(request)
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CSP)
        headers["X-Content-Type-Options"] = "nosniff"
        headers["Referrer-Policy"] = "no-referrer"
        headers.setdefault("X-Frame-Options", "DENY")
        headers["Cross-Origin-Opener-Policy"] = "same-origin"
        if not request.url.path.startswith("/static/"):
            headers.setdefault("Cache-Control", "no-store")
        if new_anon is not None:
            response.set_cookie(auth.ANON_COOKIE, new_anon, httponly=True,
                                secure=self.settings.sichere_cookies, samesite="lax")
        log.info("%s %s %s %.0f ms", request.method, redact(request.url.path),
                 response.status_code, (time.perf_counter() - started) * 1000)
        return response


def _german_date(value: object) -> str:
    """``2026-02-13`` → ``13.02.2026``; anything else as it is."""
    text = str(value)
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
    return f"{match[3]}.{match[2]}.{match[1]}" if match else text


def make_templates() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["datum_zeit"] = lambda d: d.astimezone().strftime("%d.%m.%Y, %H:%M Uhr")
    env.filters["datum"] = _german_date
    env.filters["zip_self"] = lambda values: [(v, v) for v in values]
    return env


async def _error_page(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    detail = exc.detail if isinstance(exc, HTTPException) else ""
    titles = {400: "Anfrage nicht verständlich", 403: "Nicht erlaubt",
              404: "Nicht gefunden", 413: "Datei zu groß",
              429: "Bitte gleich noch einmal", 500: "Interner Fehler"}
    env: Environment = request.app.state.templates
    html = env.get_template("fehler.html").render(
        titel=titles.get(status, "Fehler"), text=detail or titles.get(status, "Fehler"),
        csrf="", angemeldet=False)
    response = HTMLResponse(html, status_code=status)
    if status == 429:
        response.headers["Retry-After"] = "2"
    return response


def create_app(settings: Settings | None = None, *, migrate_db: bool = True) -> Starlette:
    from docgen.web import routes

    settings = settings or Settings.from_env()
    if migrate_db:
        migrate(settings.datenbank)
    store = Store(settings.datenbank)
    pool = RenderPool(settings.render_prozesse, settings.render_warteschlange)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        try:
            yield
        finally:
            pool.close()
            store.close()

    app = Starlette(
        routes=[*routes.ROUTES,
                Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
                Mount("/antrag/fonts", StaticFiles(directory=TEMPLATES / "fonts"), name="fonts")],
        middleware=[Middleware(Security, settings=settings)],
        exception_handlers={HTTPException: _error_page, 500: _error_page},
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.store = store
    app.state.pool = pool
    app.state.secret = store.secret()
    app.state.templates = make_templates()
    return app
