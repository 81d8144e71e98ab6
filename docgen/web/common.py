"""Helpers shared by the route modules: request state, pages, CSRF-checked forms,
the principal, and the form view of an application."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse

from docgen.web import auth, forms
from docgen.web.documents import Check, clause_choices, root_model
from docgen.web.settings import Settings
from docgen.web.storage import Snapshot, Store

PREVIEW_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src 'self'; "
               "base-uri 'none'; form-action 'none'; frame-ancestors 'self'; sandbox")


def store_of(request: Request) -> Store:
    return request.app.state.store  # type: ignore[no-any-return]


def settings_of(request: Request) -> Settings:
    return request.app.state.settings  # type: ignore[no-any-return]


def page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    html = request.app.state.templates.get_template(template).render(
        csrf=auth.csrf_token(request, request.app.state.secret), **context)
    return HTMLResponse(html, status_code=status)


async def checked_form(request: Request) -> FormData:
    """The posted form, after its CSRF token was checked (403 otherwise)."""
    form = await request.form(max_part_size=settings_of(request).upload_max_bytes + 1024)
    sent = form.get(auth.CSRF_FIELD) or request.headers.get(auth.CSRF_HEADER)
    if not auth.csrf_ok(request, request.app.state.secret,
                        sent if isinstance(sent, str) else None):
        raise HTTPException(403, "Das Formular ist abgelaufen oder kam nicht von dieser Seite "
                                 "(CSRF-Prüfung). Bitte laden Sie die Seite neu.")
    return form


def principal_of(request: Request) -> auth.Kommune:
    principal = auth.current(request, store_of(request))
    if principal is None:
        raise HTTPException(403, "Kein gültiger Zugang. Bitte öffnen Sie Ihren persönlichen "
                                 "Link erneut.")
    return principal


_BUNDLE_PART = re.compile(r"^buendel\.teile\.\d+\.(anhang|dokument)$")


def make_choices(uploads: Sequence[str], documents: Sequence[tuple[str, str]]
                 ) -> forms.ChoiceHook:
    """Choices that depend on the application: the uploaded logo, standard clause ids for
    clause changes, uploaded PDFs and rendered documents for the parts of the bundle."""

    def choices(name: str, shape: Any) -> list[tuple[str, str]] | None:
        if name == "briefkopf.logo":
            return [(n, n) for n in uploads if n.lower().endswith((".svg", ".png"))] or None
        part = _BUNDLE_PART.match(name)
        if part and part.group(1) == "anhang":
            return [(n, n) for n in uploads if n.lower().endswith(".pdf")] or None
        if part:
            return [(stem, f"{title} ({stem})") for stem, title in documents] or None
        top = name.split(".", 1)[0]
        catalogue = {"kooperationsvereinbarung": "kooperationsvereinbarung.yaml",
                     "geschaeftsordnungen": "geschaeftsordnung.yaml"}.get(top)
        if catalogue is None:
            return None
        if name.endswith(f"klauseln.{forms.KEY}") or name.endswith((".nach", ".vor")):
            return clause_choices(catalogue)
        return None

    return choices


def form_view(request: Request, snapshot: Snapshot, result: Check, dokument: str | None,
              uploads: Sequence[str] = (), **extra: Any) -> dict[str, Any]:
    nodes = forms.build_form(root_model(), snapshot.daten,
                             make_choices(uploads, result.documents))
    placed = forms.attach_errors(nodes, [(f.field, f.message) for f in result.findings
                                         if not f.warning])
    warnings = [f for f in result.findings if f.warning]
    stems = [s for s, _ in result.documents]
    chosen = dokument if dokument in stems else (stems[0] if stems else dokument or "")
    frist = (snapshot.daten.get("modellprojekt") or {}).get("einreichungsfrist")
    return {"nodes": nodes, "fehler": placed, "warnungen": warnings, "snapshot": snapshot,
            "dokumente": result.documents, "dokument": chosen, "frist": frist,
            "anhaenge": sorted(n for n in uploads if n.lower().endswith(".pdf")),
            "angemeldet": True, **extra}


def load_application(store: Store, principal: auth.Kommune) -> tuple[Snapshot, dict[str, bytes]]:
    snapshot = store.get(principal.antrag_id)
    if snapshot is None:
        raise HTTPException(404, "Antrag nicht gefunden.")
    return snapshot, store.files(principal.antrag_id)


def conflict_text(newest: int) -> str:
    return (f"Dieser Antrag wurde inzwischen an anderer Stelle geändert (jetzt Version "
            f"{newest}), zum Beispiel in einem zweiten Browserfenster. Ihre Eingaben sind nicht "
            "verloren: Sie stehen als „Konflikt“ in der Versionsliste und lassen sich dort "
            "wiederherstellen. Bitte laden Sie die Seite neu, bevor Sie weiterschreiben.")


