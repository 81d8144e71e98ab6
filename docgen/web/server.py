"""``docgen serve``: migrate the database, optionally load the example, run uvicorn."""

from __future__ import annotations

import argparse
import logging
import os
from datetime import timedelta
from typing import TextIO

from docgen.web import auth
from docgen.web.documents import load_data_file
from docgen.web.settings import Settings
from docgen.web.storage import Store, migrate


def load_example(store: Store, settings: Settings, path: str, *, reuse: bool = False) -> str:
    """Create an application from a data file (with its logo) and a fresh link to it;
    returns the token. With ``reuse``, an example loaded before from the same file is kept
    (with its edits) and only gets a new link."""
    from pathlib import Path

    key = f"beispiel:{Path(path).resolve()}"
    known = store.setting(key) if reuse else None
    if known is not None and store.get(int(known)) is not None:
        antrag_id = int(known)
    else:
        daten, files = load_data_file(Path(path))
        antrag_id = store.create(daten, "Beispiel")
        for name, content in files.items():
            store.put_file(antrag_id, name, content)
        store.set_setting(key, str(antrag_id))
    token = auth.new_token()
    store.add_link(antrag_id, auth.token_hash(token), "Beispiel",
                   timedelta(days=settings.link_gueltig_tage))
    return token


def serve(args: argparse.Namespace, out: TextIO) -> int:
    import uvicorn

    from docgen.web.app import create_app

    overrides: dict[str, object] = {}
    if args.datenbank:
        overrides["datenbank"] = args.datenbank
    if args.vorlage:
        overrides["vorlage"] = args.vorlage
    elif args.beispiel:
        overrides["vorlage"] = args.beispiel
    if args.prozesse:
        overrides["render_prozesse"] = args.prozesse
    settings = Settings.from_env(**overrides)
    migrate(settings.datenbank)
    base = f"http://{args.host}:{args.port}"
    if args.beispiel:
        store = Store(settings.datenbank)
        token = load_example(store, settings, str(args.beispiel), reuse=True)
        store.close()
        # shown once on the operator's terminal; the access log never contains tokens
        print(f"Beispielantrag angelegt. Persönlicher Link: {base}/zugang/{token}", file=out)
    print(f"docgen-Webformular: {base}/ (Beenden mit Strg+C)", file=out, flush=True)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    if args.app_prozesse > 1:
        # every process builds its app from the environment: nothing is shared but the database
        os.environ["DOCGEN_DATENBANK"] = settings.datenbank
        os.environ["DOCGEN_RENDER_PROZESSE"] = str(settings.render_prozesse)
        if settings.vorlage is not None:
            os.environ["DOCGEN_VORLAGE"] = str(settings.vorlage)
        uvicorn.run("docgen.web.app:create_app", factory=True, workers=args.app_prozesse,
                    host=args.host, port=args.port, access_log=False, log_config=None)
    else:
        uvicorn.run(create_app(settings, migrate_db=False), host=args.host, port=args.port,
                    access_log=False, log_config=None)
    return 0
