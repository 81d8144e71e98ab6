"""What goes in and out of an application: downloads (PDF, Word, bundle), the data file
(export and import), the letterhead logo, earlier versions, and the submission."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from docgen.errors import DocgenError
from docgen.web.common import (
    checked_form,
    conflict_text,
    form_view,
    load_application,
    page,
    principal_of,
    settings_of,
    store_of,
)
from docgen.web.documents import (
    Busy,
    attachment_problem,
    check,
    data_file_name,
    export_yaml,
    import_yaml,
    root_model,
)
from docgen.web.forms import skeleton
from docgen.web.storage import Conflict

MEDIA = {"pdf": "application/pdf",
         "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
LOGO_SUFFIXES = (".svg", ".png")
BUSY = "Gerade werden viele Dokumente erzeugt – bitte gleich noch einmal versuchen."


def _attachment(content: bytes, name: str, media: str) -> Response:
    return Response(content, media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


async def download(request: Request) -> Response:
    principal = principal_of(request)
    store = store_of(request)
    stem, fmt = request.path_params["stem"], request.path_params["fmt"]
    if fmt not in MEDIA:
        raise HTTPException(404, "Dieses Format gibt es nicht.")

    def work() -> bytes:
        snapshot, files = load_application(store, principal)
        result = check(snapshot.daten, files)
        if result.errors:
            raise HTTPException(400, "Das Dokument lässt sich erst erzeugen, wenn die Angaben "
                                     "keine Fehler mehr enthalten.")
        what = "buendel" if stem == "buendel" else fmt
        if stem != "buendel" and stem not in {s for s, _ in result.documents}:
            raise HTTPException(404, f"Ein Dokument „{stem}“ gibt es in diesem Antrag nicht.")
        try:
            return request.app.state.pool.render(snapshot.daten, files, what, stem)  # type: ignore[no-any-return]
        except Busy:
            raise HTTPException(429, BUSY) from None

    content = await run_in_threadpool(work)
    return _attachment(content, f"{stem}.{fmt}", MEDIA[fmt])


async def export(request: Request) -> Response:
    principal = principal_of(request)
    snapshot, _ = await run_in_threadpool(load_application, store_of(request), principal)
    schema_url = str(request.url_for("schema"))
    return _attachment(export_yaml(snapshot.daten, schema_url).encode("utf-8"),
                       data_file_name(snapshot.daten), "application/yaml; charset=utf-8")


async def schema(request: Request) -> Response:
    """The JSON Schema of a data file, for editors (named in every exported file)."""
    from docgen.authoring.schema import schema_text

    return Response(schema_text(), media_type="application/schema+json")


async def _upload(request: Request, field: str) -> tuple[Any, UploadFile]:
    form = await checked_form(request)
    upload = form.get(field)
    if not isinstance(upload, UploadFile) or not upload.filename:
        await form.close()
        raise HTTPException(400, "Bitte wählen Sie eine Datei aus.")
    return form, upload


async def _read_limited(request: Request, form: Any, upload: UploadFile) -> bytes:
    limit = settings_of(request).upload_max_bytes
    content = await upload.read(limit + 1)
    await form.close()
    if len(content) > limit:
        raise HTTPException(413, f"Die Datei „{upload.filename}“ ist größer als "
                                 f"{limit // 1_000_000} MB und wurde nicht übernommen.")
    return content


def _version(form: Any) -> int:
    text = form.get("version")
    return int(text) if isinstance(text, str) and text.isdigit() else -1


async def import_file(request: Request) -> Response:
    form, upload = await _upload(request, "datei")
    principal = principal_of(request)
    content = await _read_limited(request, form, upload)
    store = store_of(request)
    name = Path(upload.filename or "import.yaml").name
    if Path(name).suffix.lower() not in {".yaml", ".yml", ".json"}:
        raise HTTPException(400, f"„{name}“: bitte eine Datendatei mit der Endung .yaml, .yml "
                                 "oder .json wählen.")

    def work() -> Response:
        try:
            daten = skeleton(root_model(), import_yaml(name, content))
        except DocgenError as exc:
            raise HTTPException(400, "Die Datei ließ sich nicht lesen: " + "; ".join(
                str(p) for p in exc.problems)) from None
        try:
            store.save(principal.antrag_id, daten, _version(form), principal.wer, art="import")
        except Conflict as exc:
            raise HTTPException(409, conflict_text(exc.newest)) from None
        return RedirectResponse("/antrag?meldung=importiert", status_code=303)

    return await run_in_threadpool(work)


async def logo(request: Request) -> Response:
    """Upload the letterhead logo: size and type checked here, content by the library's own
    check of the data file (the same messages as ``docgen validate``)."""
    form, upload = await _upload(request, "logo")
    principal = principal_of(request)
    content = await _read_limited(request, form, upload)
    store = store_of(request)
    suffix = Path(upload.filename or "").suffix.lower()
    if suffix not in LOGO_SUFFIXES:
        raise HTTPException(400, f"„{upload.filename}“: das Logo muss eine SVG- oder PNG-Datei "
                                 "sein.")
    name = f"logo{suffix}"

    def work() -> Response:
        snapshot, files = load_application(store, principal)
        daten = dict(snapshot.daten)
        briefkopf = dict(daten.get("briefkopf") or {})
        briefkopf["logo"] = name
        daten["briefkopf"] = briefkopf
        problems = [f for f in check(daten, {**files, name: content}).errors
                    if f.field == "briefkopf.logo"]
        if problems:
            raise HTTPException(400, "Das Logo wurde nicht übernommen: " + "; ".join(
                p.message for p in problems))
        store.put_file(principal.antrag_id, name, content)
        try:
            store.save(principal.antrag_id, daten, _version(form), principal.wer)
        except Conflict as exc:
            raise HTTPException(409, conflict_text(exc.newest)) from None
        return RedirectResponse("/antrag?meldung=logo#f-briefkopf", status_code=303)

    return await run_in_threadpool(work)


def safe_name(name: str) -> str:
    """An uploaded file's name, reduced to letters, digits, ``.``, ``_`` and ``-``."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", Path(name).name).strip(".-") or "anhang"
    return stem[:100]


async def attachment(request: Request) -> Response:
    """Upload a PDF for the bundle (``buendel.teile[].anhang``), checked as the command line
    checks it."""
    form, upload = await _upload(request, "anhang")
    principal = principal_of(request)
    content = await _read_limited(request, form, upload)
    name = safe_name(upload.filename or "")
    if not name.lower().endswith(".pdf"):
        raise HTTPException(400, f"„{upload.filename}“: Anhänge müssen PDF-Dateien sein.")
    problem = attachment_problem(content, name)
    if problem:
        raise HTTPException(400, f"Der Anhang wurde nicht übernommen: {problem}")
    store = store_of(request)
    await run_in_threadpool(store.put_file, principal.antrag_id, name, content)
    return RedirectResponse("/antrag?meldung=anhang#anhaenge", status_code=303)


async def versions(request: Request) -> Response:
    principal = principal_of(request)
    store = store_of(request)
    rows = await run_in_threadpool(store.versions, principal.antrag_id)
    snapshot, _ = await run_in_threadpool(load_application, store, principal)
    total = len(rows)
    entries = [(total - 1 - i, row) for i, row in enumerate(rows)]
    return page(request, "versionen.html", eintraege=entries, snapshot=snapshot,
                   angemeldet=True)


async def restore(request: Request) -> Response:
    form = await checked_form(request)
    principal = principal_of(request)
    store = store_of(request)
    index = int(request.path_params["index"])

    def work() -> Response:
        daten = store.version_data(principal.antrag_id, index)
        if daten is None:
            raise HTTPException(404, "Diese Version gibt es nicht.")
        expected = _version(form)
        if expected < 0:
            snapshot, _ = load_application(store, principal)
            expected = snapshot.version
        try:
            store.save(principal.antrag_id, daten, expected, principal.wer,
                       art="wiederhergestellt")
        except Conflict as exc:
            raise HTTPException(409, conflict_text(exc.newest)) from None
        return RedirectResponse("/antrag?meldung=wiederhergestellt", status_code=303)

    return await run_in_threadpool(work)


async def submit(request: Request) -> Response:
    form = await checked_form(request)
    principal = principal_of(request)
    store = store_of(request)

    def work() -> Response:
        snapshot, files = load_application(store, principal)
        result = check(snapshot.daten, files)
        if result.errors:
            context = form_view(request, snapshot, result, None, list(files),
                              meldung_fehler="Der Antrag kann erst eingereicht werden, wenn "
                                             "alle Fehler behoben sind.")
            return page(request, "antrag.html", status=422, **context)
        expected = _version(form)
        try:
            moment = store.submit(principal.antrag_id, expected, principal.wer)
        except Conflict as exc:
            raise HTTPException(409, conflict_text(exc.newest)) from None
        frist_text = (snapshot.daten.get("modellprojekt") or {}).get("einreichungsfrist")
        spaet = None
        if isinstance(frist_text, str):
            frist = datetime.date.fromisoformat(frist_text)
            if moment.astimezone().date() > frist:
                spaet = frist.strftime("%d.%m.%Y")
        return page(request, "eingereicht.html", zeitpunkt=moment, version=expected,
                       spaet=spaet, angemeldet=True)

    return await run_in_threadpool(work)


TRANSFER_ROUTES = [
    Route("/antrag/dokument/{stem}.{fmt}", download, name="dokument"),
    Route("/antrag/export", export, name="export"),
    Route("/schema/docgen.schema.json", schema, name="schema"),
    Route("/antrag/import", import_file, methods=["POST"], name="import"),
    Route("/antrag/logo", logo, methods=["POST"], name="logo"),
    Route("/antrag/anhang", attachment, methods=["POST"], name="anhang"),
    Route("/antrag/versionen", versions, name="versionen"),
    Route("/antrag/versionen/{index:int}/wiederherstellen", restore, methods=["POST"],
          name="wiederherstellen"),
    Route("/antrag/einreichen", submit, methods=["POST"], name="einreichen"),
]
