"""Settings of the web app, from the environment (``DOCGEN_…``) or given by the caller."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


def _flag(value: str | None, default: bool) -> bool:
    if value is None:
        return default
    return value.strip().lower() not in {"0", "nein", "false", "aus", ""}


@dataclass(frozen=True)
class Settings:
    datenbank: str = "sqlite:///docgen-web.sqlite3"
    """SQLAlchemy URL: SQLite file by default, ``postgresql+psycopg://…`` for PostgreSQL."""
    sichere_cookies: bool = True
    """Cookies only over HTTPS (browsers treat http://127.0.0.1 and localhost as secure)."""
    link_gueltig_tage: int = 120
    versuche_limit: int = 20
    """Failed link attempts per client address within ``versuche_fenster_minuten``."""
    versuche_fenster_minuten: int = 10
    render_prozesse: int = 2
    render_warteschlange: int = 8
    """Renders waiting beyond the running ones; more than that: HTTP 429."""
    vorlage: Path | None = None
    """A data file whose shared parts (``modellprojekt``) prefill every new application."""
    upload_max_bytes: int = 2_000_000

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        env = os.environ
        values: dict[str, object] = {}
        if "DOCGEN_DATENBANK" in env:
            values["datenbank"] = env["DOCGEN_DATENBANK"]
        values["sichere_cookies"] = _flag(env.get("DOCGEN_SICHERE_COOKIES"), True)
        if "DOCGEN_RENDER_PROZESSE" in env:
            values["render_prozesse"] = int(env["DOCGEN_RENDER_PROZESSE"])
        if "DOCGEN_VORLAGE" in env:
            values["vorlage"] = Path(env["DOCGEN_VORLAGE"])
        values.update(overrides)
        return cls(**values)  # type: ignore[arg-type]
