"""Storage of the web app: applications, their versions (the audit trail), access links,
uploads and failed link attempts, in SQLAlchemy 2 on SQLite or PostgreSQL.

The app process keeps nothing between requests; everything lives here. The schema is made
by Alembic (``docgen/web/migrations``); ``migrate`` brings a database up to date.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import (
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    create_engine,
    delete,
    func,
    select,
    update,
)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker


class Base(DeclarativeBase):
    pass


class Antrag(Base):
    """One application: its current data document and its version counter."""

    __tablename__ = "antraege"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    daten: Mapped[str] = mapped_column(Text)
    """The data document as JSON (the same structure as a YAML data file)."""
    version: Mapped[int] = mapped_column(Integer)
    """Number of the newest version; a save must name it (optimistic locking)."""
    erstellt: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    geaendert: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    eingereicht: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    eingereichte_version: Mapped[int | None] = mapped_column(Integer, nullable=True)


class Version(Base):
    """Every save of an application: who, when, what changed, and the whole document."""

    __tablename__ = "versionen"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    antrag_id: Mapped[int] = mapped_column(ForeignKey("antraege.id", ondelete="CASCADE"),
                                           index=True)
    nummer: Mapped[int | None] = mapped_column(Integer, nullable=True)
    """The application's version number; None for a save that lost a conflict (kept, so
    nothing typed is lost)."""
    art: Mapped[str] = mapped_column(String(20))
    """entwurf, import, wiederhergestellt, eingereicht, konflikt, angelegt"""
    wer: Mapped[str] = mapped_column(String(200))
    wann: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    aenderungen: Mapped[str] = mapped_column(Text)
    """JSON list of the changed field paths."""
    daten: Mapped[str] = mapped_column(Text)


class Zugang(Base):
    """A secret link to one application; only the SHA-256 of its token is stored."""

    __tablename__ = "zugaenge"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    antrag_id: Mapped[int] = mapped_column(ForeignKey("antraege.id", ondelete="CASCADE"),
                                           index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    bezeichnung: Mapped[str] = mapped_column(String(200))
    erstellt: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    gueltig_bis: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    widerrufen: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class Datei(Base):
    """An uploaded file of an application (letterhead logo, attachment PDF)."""

    __tablename__ = "dateien"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    antrag_id: Mapped[int] = mapped_column(ForeignKey("antraege.id", ondelete="CASCADE"),
                                           index=True)
    name: Mapped[str] = mapped_column(String(200))
    inhalt: Mapped[bytes] = mapped_column(LargeBinary)
    hochgeladen: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Fehlversuch(Base):
    """A link attempt with an unknown, expired or revoked token (for rate limiting)."""

    __tablename__ = "fehlversuche"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    quelle: Mapped[str] = mapped_column(String(100), index=True)
    wann: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class Einstellung(Base):
    """Settings shared by every app process (the key that signs CSRF tokens)."""

    __tablename__ = "einstellungen"
    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    wert: Mapped[str] = mapped_column(Text)


def now() -> datetime:
    return datetime.now(UTC)


def _aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; they were stored in UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


@dataclass(frozen=True)
class Snapshot:
    """What a request needs of an application, detached from the database session."""

    id: int
    daten: dict[str, Any]
    version: int
    eingereicht: datetime | None
    eingereichte_version: int | None


@dataclass(frozen=True)
class VersionInfo:
    nummer: int | None
    art: str
    wer: str
    wann: datetime
    aenderungen: list[str]


class Conflict(Exception):
    """A save named a version that is no longer the newest."""

    def __init__(self, newest: int) -> None:
        super().__init__(newest)
        self.newest = newest


def changed_paths(old: Any, new: Any, prefix: str = "") -> list[str]:
    """Dotted paths whose values differ between two data documents."""
    if isinstance(old, Mapping) and isinstance(new, Mapping):
        paths: list[str] = []
        for key in sorted(set(old) | set(new), key=str):
            paths += changed_paths(old.get(key), new.get(key), f"{prefix}.{key}" if prefix
                                   else str(key))
        return paths
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        return [p for i, (a, b) in enumerate(zip(old, new, strict=True))
                for p in changed_paths(a, b, f"{prefix}[{i}]")]
    return [] if old == new else [prefix or "(alles)"]


def migrate(url: str) -> None:
    """Bring the database at ``url`` to the newest schema (Alembic ``upgrade head``)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    command.upgrade(config, "head")


class Store:
    """All database access of the web app."""

    def __init__(self, url: str) -> None:
        self.url = url
        kwargs: dict[str, Any] = {}
        if url.startswith("sqlite"):
            kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
        else:
            kwargs.update(pool_size=10, max_overflow=40, pool_pre_ping=True)
        self.engine: Engine = create_engine(url, **kwargs)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self._sessions() as session, session.begin():
            yield session

    # -- shared settings ------------------------------------------------------------

    def secret(self) -> bytes:
        """The key for CSRF tokens: made once, shared by every process through the database."""
        with self.session() as s:
            row = s.get(Einstellung, "csrf_schluessel")
            if row is not None:
                return bytes.fromhex(row.wert)
            s.add(Einstellung(name="csrf_schluessel", wert=secrets.token_hex(32)))
        with self.session() as s:  # another process may have won the race: read back
            row = s.get(Einstellung, "csrf_schluessel")
            assert row is not None
            return bytes.fromhex(row.wert)

    def setting(self, name: str) -> str | None:
        with self.session() as s:
            row = s.get(Einstellung, name)
            return row.wert if row is not None else None

    def set_setting(self, name: str, wert: str) -> None:
        with self.session() as s:
            s.merge(Einstellung(name=name, wert=wert))

    # -- applications ---------------------------------------------------------------

    def create(self, daten: Mapping[str, Any], wer: str) -> int:
        moment = now()
        text = json.dumps(daten, ensure_ascii=False)
        with self.session() as s:
            antrag = Antrag(daten=text, version=1, erstellt=moment, geaendert=moment)
            s.add(antrag)
            s.flush()
            s.add(Version(antrag_id=antrag.id, nummer=1, art="angelegt", wer=wer, wann=moment,
                          aenderungen="[]", daten=text))
            return antrag.id

    def get(self, antrag_id: int) -> Snapshot | None:
        with self.session() as s:
            antrag = s.get(Antrag, antrag_id)
            if antrag is None:
                return None
            return Snapshot(antrag.id, json.loads(antrag.daten), antrag.version,
                            _aware(antrag.eingereicht) if antrag.eingereicht else None,
                            antrag.eingereichte_version)

    def save(self, antrag_id: int, daten: Mapping[str, Any], expected: int, wer: str,
             art: str = "entwurf") -> int:
        """Store a new version if ``expected`` is still the newest; else keep the attempt
        as a ``konflikt`` version (nothing typed is lost) and raise Conflict."""
        moment = now()
        text = json.dumps(daten, ensure_ascii=False)
        with self.session() as s:
            current = s.get(Antrag, antrag_id)
            if current is None:
                raise KeyError(antrag_id)
            old = json.loads(current.daten)
            done = s.execute(
                update(Antrag).where(Antrag.id == antrag_id, Antrag.version == expected)
                .values(daten=text, version=expected + 1, geaendert=moment)
                .execution_options(synchronize_session=False)
            )
            changes = json.dumps(changed_paths(old, daten), ensure_ascii=False)
            if done.rowcount != 1:  # type: ignore[attr-defined]
                newest = s.execute(select(Antrag.version).where(Antrag.id == antrag_id)).scalar_one()
                s.add(Version(antrag_id=antrag_id, nummer=None, art="konflikt", wer=wer,
                              wann=moment, aenderungen=changes, daten=text))
                conflict = Conflict(newest)
            else:
                s.add(Version(antrag_id=antrag_id, nummer=expected + 1, art=art, wer=wer,
                              wann=moment, aenderungen=changes, daten=text))
                return expected + 1
        raise conflict

    def submit(self, antrag_id: int, expected: int, wer: str) -> datetime:
        """Freeze the newest version as the submitted one, with its time."""
        moment = now()
        with self.session() as s:
            done = s.execute(
                update(Antrag).where(Antrag.id == antrag_id, Antrag.version == expected)
                .values(eingereicht=moment, eingereichte_version=expected)
                .execution_options(synchronize_session=False)
            )
            if done.rowcount != 1:  # type: ignore[attr-defined]
                raise Conflict(s.execute(select(Antrag.version)
                                         .where(Antrag.id == antrag_id)).scalar_one())
            daten = s.execute(select(Antrag.daten).where(Antrag.id == antrag_id)).scalar_one()
            s.add(Version(antrag_id=antrag_id, nummer=expected, art="eingereicht", wer=wer,
                          wann=moment, aenderungen="[]", daten=daten))
        return moment

    def versions(self, antrag_id: int) -> list[VersionInfo]:
        with self.session() as s:
            rows = s.execute(select(Version).where(Version.antrag_id == antrag_id)
                             .order_by(Version.id.desc())).scalars().all()
            return [VersionInfo(v.nummer, v.art, v.wer, _aware(v.wann), json.loads(v.aenderungen))
                    for v in rows]

    def version_data(self, antrag_id: int, version_index: int) -> dict[str, Any] | None:
        """The data of the ``version_index``-th version row (0 = oldest), conflicts included."""
        with self.session() as s:
            row = s.execute(select(Version.daten).where(Version.antrag_id == antrag_id)
                            .order_by(Version.id).offset(version_index).limit(1)).scalar()
            return json.loads(row) if row is not None else None

    # -- files ----------------------------------------------------------------------

    def put_file(self, antrag_id: int, name: str, inhalt: bytes) -> None:
        with self.session() as s:
            s.execute(delete(Datei).where(Datei.antrag_id == antrag_id, Datei.name == name))
            s.add(Datei(antrag_id=antrag_id, name=name, inhalt=inhalt, hochgeladen=now()))

    def files(self, antrag_id: int) -> dict[str, bytes]:
        with self.session() as s:
            rows = s.execute(select(Datei.name, Datei.inhalt)
                             .where(Datei.antrag_id == antrag_id)).all()
            return {name: bytes(inhalt) for name, inhalt in rows}

    # -- access links -----------------------------------------------------------------

    def add_link(self, antrag_id: int, token_hash: str, bezeichnung: str,
                 gueltig: timedelta) -> None:
        moment = now()
        with self.session() as s:
            s.add(Zugang(antrag_id=antrag_id, token_hash=token_hash, bezeichnung=bezeichnung,
                         erstellt=moment, gueltig_bis=moment + gueltig))

    def link(self, token_hash: str) -> tuple[int, str, datetime, datetime | None, str] | None:
        """(application, label, valid until, revoked, stored hash) of a link, or None."""
        with self.session() as s:
            row = s.execute(select(Zugang).where(Zugang.token_hash == token_hash)).scalar()
            if row is None:
                return None
            return (row.antrag_id, row.bezeichnung, _aware(row.gueltig_bis),
                    _aware(row.widerrufen) if row.widerrufen else None, row.token_hash)

    def revoke_link(self, token_hash: str) -> None:
        with self.session() as s:
            s.execute(update(Zugang).where(Zugang.token_hash == token_hash)
                      .values(widerrufen=now()))

    def note_failure(self, quelle: str) -> None:
        with self.session() as s:
            s.add(Fehlversuch(quelle=quelle, wann=now()))

    def failures(self, quelle: str, within: timedelta) -> int:
        since = now() - within
        with self.session() as s:
            s.execute(delete(Fehlversuch).where(Fehlversuch.wann < now() - timedelta(days=1)))
            return s.execute(select(func.count()).select_from(Fehlversuch).where(
                Fehlversuch.quelle == quelle, Fehlversuch.wann >= since)).scalar_one()
