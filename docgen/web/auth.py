"""Who may do what: secret links for municipalities, CSRF tokens, rate limits.

A municipality opens its application through a secret link ``/zugang/TOKEN``. The token
has 256 random bits; the database stores only its SHA-256. Opening the link puts the
token into an HttpOnly cookie and redirects to ``/antrag``, so the token leaves the
address bar at once; every request hashes the cookie's token and looks it up.

The result of authentication is a ``Principal``. Today there is one kind,
``Kommune`` (one application); a BLS login (issue 17) adds its own kind beside it and
its own routes, without touching these.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from starlette.requests import Request
from starlette.responses import Response

from docgen.web.storage import Store, now

SESSION_COOKIE = "docgen_zugang"
ANON_COOKIE = "docgen_anon"
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"


def new_token() -> str:
    """A URL-safe token with 256 random bits."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Kommune:
    """A municipality holding a valid secret link: it reaches exactly one application."""

    antrag_id: int
    bezeichnung: str
    token_hash: str

    @property
    def wer(self) -> str:
        """For the audit trail: the link's label and the first hash digits (never the token)."""
        return f"{self.bezeichnung} (Zugang {self.token_hash[:8]})"


Principal = Kommune


def client_key(request: Request) -> str:
    return request.client.host if request.client else "unbekannt"


class TooManyAttempts(Exception):
    pass


def open_link(store: Store, token: str, source: str, limit: int, window: timedelta
              ) -> Kommune | None:
    """The principal of a secret link, or None; counts failures per source.

    Raises TooManyAttempts when ``source`` failed ``limit`` times within ``window``.
    """
    if store.failures(source, window) >= limit:
        raise TooManyAttempts
    principal = principal_for(store, token)
    if principal is None:
        store.note_failure(source)
    return principal


def principal_for(store: Store, token: str | None) -> Kommune | None:
    if not token or len(token) > 200:
        return None
    digest = token_hash(token)
    found = store.link(digest)
    if found is None:
        return None
    antrag_id, bezeichnung, gueltig_bis, widerrufen, stored = found
    if not hmac.compare_digest(stored, digest):  # the lookup matched; compare in constant time
        return None
    if widerrufen is not None or gueltig_bis <= now():
        return None
    return Kommune(antrag_id, bezeichnung, digest)


def current(request: Request, store: Store) -> Kommune | None:
    return principal_for(store, request.cookies.get(SESSION_COOKIE))


def set_session(response: Response, token: str, secure: bool, max_age: int) -> None:
    response.set_cookie(SESSION_COOKIE, token, max_age=max_age, httponly=True, secure=secure,
                        samesite="lax", path="/")


# -- CSRF -----------------------------------------------------------------------------


def csrf_binding(request: Request) -> str:
    """What a CSRF token is bound to: the session's token hash, else the anonymous cookie."""
    session = request.cookies.get(SESSION_COOKIE)
    if session:
        return "s:" + token_hash(session)
    anon = request.cookies.get(ANON_COOKIE) or getattr(request.state, "anon", None)
    return "a:" + (anon if isinstance(anon, str) else "")


def csrf_token(request: Request, secret: bytes) -> str:
    return hmac.new(secret, csrf_binding(request).encode(), hashlib.sha256).hexdigest()


def csrf_ok(request: Request, secret: bytes, sent: str | None) -> bool:
    binding = csrf_binding(request)
    if not sent or binding in {"a:", "s:"}:
        return False
    expected = hmac.new(secret, binding.encode(), hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, sent)
