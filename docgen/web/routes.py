"""Pages and actions of a municipality: start, secret link, the form, preview, downloads,
export and import, versions, submission.

Handlers parse the request (async), then do their work in a worker thread (database,
library) and answer with a whole page, or for htmx requests with the parts that change.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from docgen.web import auth, forms
from docgen.web.actions import apply_action
from docgen.web.common import (
    PREVIEW_CSP,
    checked_form,
    conflict_text,
    form_view,
    load_application,
    page,
    principal_of,
    settings_of,
    store_of,
)
from docgen.web.documents import check, load_data_file, preview, root_model
from docgen.web.settings import Settings
from docgen.web.storage import Conflict, Store
from docgen.web.transfer import TRANSFER_ROUTES

# -- start and access ---------------------------------------------------------------------


async def start(request: Request) -> Response:
    return page(request, "start.html", angemeldet=auth.current(request, store_of(request))
                 is not None)


def _new_application(settings: Settings, store: Store, daten: Mapping[str, Any],
                     bezeichnung: str) -> tuple[int, str]:
    antrag_id = store.create(daten, bezeichnung)
    token = auth.new_token()
    store.add_link(antrag_id, auth.token_hash(token), bezeichnung,
                   timedelta(days=settings.link_gueltig_tage))
    return antrag_id, token


SHARED_FACTS = ("modellprojekt",)
"""Parts of the template data file that every new application starts with."""
STARTING_PARTS = ("kommune", "koordinierungsstelle", "kurzkonzept", "erklaerung")
"""Parts a new application shows open (the call asks for the Kurzkonzept and the letter);
the others are added with their „… ausfüllen“ buttons."""


def base_data(settings: Settings) -> dict[str, Any]:
    """What every new application starts with: the call's shared facts."""
    start = forms.skeleton(root_model(), include=STARTING_PARTS)
    if settings.vorlage is None:
        return start
    daten, _ = load_data_file(settings.vorlage)
    return {**start, **{k: daten[k] for k in SHARED_FACTS if k in daten}}


async def new(request: Request) -> Response:
    await checked_form(request)
    settings, store = settings_of(request), store_of(request)
    _, token = await run_in_threadpool(_new_application, settings, store, base_data(settings),
                                       "Kommune")
    response = page(request, "link.html", link=str(request.url_for("zugang", token=token)),
                     angemeldet=True)
    auth.set_session(response, token, settings.sichere_cookies,
                     settings.link_gueltig_tage * 86400)
    return response


async def zugang(request: Request) -> Response:
    settings, store = settings_of(request), store_of(request)
    token = request.path_params["token"]
    try:
        principal = await run_in_threadpool(
            auth.open_link, store, token, auth.client_key(request), settings.versuche_limit,
            timedelta(minutes=settings.versuche_fenster_minuten))
    except auth.TooManyAttempts:
        raise HTTPException(429, "Zu viele ungültige Links von Ihrem Anschluss. Bitte warten "
                                 "Sie einige Minuten.") from None
    if principal is None:
        raise HTTPException(404, "Dieser Link ist ungültig, abgelaufen oder widerrufen.")
    response = RedirectResponse("/antrag", status_code=303)
    auth.set_session(response, token, settings.sichere_cookies,
                     settings.link_gueltig_tage * 86400)
    return response


async def new_link(request: Request) -> Response:
    """Revoke the link in use and hand out a new one (e.g. after it was forwarded by mistake)."""
    await checked_form(request)
    principal = principal_of(request)
    settings, store = settings_of(request), store_of(request)
    token = auth.new_token()

    def work() -> None:
        store.add_link(principal.antrag_id, auth.token_hash(token), principal.bezeichnung,
                       timedelta(days=settings.link_gueltig_tage))
        store.revoke_link(principal.token_hash)

    await run_in_threadpool(work)
    response = page(request, "link.html", link=str(request.url_for("zugang", token=token)),
                     angemeldet=True, erneuert=True)
    auth.set_session(response, token, settings.sichere_cookies,
                     settings.link_gueltig_tage * 86400)
    return response


# -- the form ----------------------------------------------------------------------------------


async def antrag(request: Request) -> Response:
    principal = principal_of(request)
    store = store_of(request)

    def work() -> dict[str, Any]:
        snapshot, files = load_application(store, principal)
        return form_view(request, snapshot, check(snapshot.daten, files),
                         request.query_params.get("dokument"), list(files),
                         fokus=request.query_params.get("fokus", ""),
                         meldung=request.query_params.get("meldung", ""))

    context = await run_in_threadpool(work)
    return page(request, "antrag.html", **context)


async def save(request: Request) -> Response:
    form = await checked_form(request)
    principal = principal_of(request)
    store = store_of(request)
    model = root_model()
    daten = forms.parse_form(model, form)
    action = form.get("_aktion")
    focus = None
    if isinstance(action, str) and action:
        focus = apply_action(model, daten, action)
    version_text = form.get("version")
    expected = int(version_text) if isinstance(version_text, str) and version_text.isdigit() \
        else -1
    dokument = form.get("dokument")
    dokument = dokument if isinstance(dokument, str) else None
    htmx = request.headers.get("hx-request") == "true"

    def work() -> Response:
        try:
            version = store.save(principal.antrag_id, daten, expected, principal.wer)
        except Conflict as exc:
            if htmx:
                return page(request, "teile/status.html", status=409,
                             konflikt=conflict_text(exc.newest), version=None)
            raise HTTPException(409, conflict_text(exc.newest)) from None
        if htmx and not action:
            snapshot, files = load_application(store, principal)
            context = form_view(request, snapshot, check(snapshot.daten, files), dokument,
                                list(files))
            return page(request, "teile/gespeichert.html", version=version, **context)
        target = "/antrag?meldung=gespeichert"
        if dokument:
            target += f"&dokument={quote(dokument, safe='')}"
        if focus:
            target += f"&fokus={forms.html_id(focus)}#{forms.html_id(focus)}"
        return RedirectResponse(target, status_code=303)

    return await run_in_threadpool(work)


async def preview_page(request: Request) -> Response:
    principal = principal_of(request)
    store = store_of(request)
    stem = request.path_params["stem"]

    def work() -> str | None:
        snapshot, files = load_application(store, principal)
        return preview(snapshot.daten, files, stem)

    html = await run_in_threadpool(work)
    if html is None:
        html = ("<!DOCTYPE html><html lang=\"de\"><head><meta charset=\"utf-8\"><title>Vorschau"
                "</title></head><body><p>Die Vorschau erscheint, sobald die Angaben keine Fehler "
                "mehr enthalten. Die Fehler stehen im Formular bei den Feldern.</p></body></html>")
    response = HTMLResponse(html)
    response.headers["Content-Security-Policy"] = PREVIEW_CSP
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response


ROUTES = [
    Route("/", start, name="start"),
    Route("/neu", new, methods=["POST"], name="neu"),
    Route("/zugang/{token}", zugang, name="zugang"),
    Route("/antrag", antrag, name="antrag"),
    Route("/antrag/speichern", save, methods=["POST"], name="speichern"),
    Route("/antrag/neuer-link", new_link, methods=["POST"], name="neuer_link"),
    Route("/antrag/vorschau/{stem}", preview_page, name="vorschau"),
    *TRANSFER_ROUTES,
]
