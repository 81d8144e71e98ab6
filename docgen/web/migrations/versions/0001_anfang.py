"""First schema: applications, versions, access links, files, failed attempts, settings.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "antraege",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("daten", sa.Text, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("erstellt", _TZ, nullable=False),
        sa.Column("geaendert", _TZ, nullable=False),
        sa.Column("eingereicht", _TZ, nullable=True),
        sa.Column("eingereichte_version", sa.Integer, nullable=True),
    )
    op.create_table(
        "versionen",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("antrag_id", sa.Integer,
                  sa.ForeignKey("antraege.id", ondelete="CASCADE"), nullable=False),
        sa.Column("nummer", sa.Integer, nullable=True),
        sa.Column("art", sa.String(20), nullable=False),
        sa.Column("wer", sa.String(200), nullable=False),
        sa.Column("wann", _TZ, nullable=False),
        sa.Column("aenderungen", sa.Text, nullable=False),
        sa.Column("daten", sa.Text, nullable=False),
    )
    op.create_index("ix_versionen_antrag_id", "versionen", ["antrag_id"])
    op.create_table(
        "zugaenge",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("antrag_id", sa.Integer,
                  sa.ForeignKey("antraege.id", ondelete="CASCADE"), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("bezeichnung", sa.String(200), nullable=False),
        sa.Column("erstellt", _TZ, nullable=False),
        sa.Column("gueltig_bis", _TZ, nullable=False),
        sa.Column("widerrufen", _TZ, nullable=True),
    )
    op.create_index("ix_zugaenge_antrag_id", "zugaenge", ["antrag_id"])
    op.create_table(
        "dateien",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("antrag_id", sa.Integer,
                  sa.ForeignKey("antraege.id", ondelete="CASCADE"), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("inhalt", sa.LargeBinary, nullable=False),
        sa.Column("hochgeladen", _TZ, nullable=False),
    )
    op.create_index("ix_dateien_antrag_id", "dateien", ["antrag_id"])
    op.create_table(
        "fehlversuche",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("quelle", sa.String(100), nullable=False),
        sa.Column("wann", _TZ, nullable=False),
    )
    op.create_index("ix_fehlversuche_quelle", "fehlversuche", ["quelle"])
    op.create_index("ix_fehlversuche_wann", "fehlversuche", ["wann"])
    op.create_table(
        "einstellungen",
        sa.Column("name", sa.String(100), primary_key=True),
        sa.Column("wert", sa.Text, nullable=False),
    )


def downgrade() -> None:
    for table in ("einstellungen", "fehlversuche", "dateien", "zugaenge", "versionen",
                  "antraege"):
        op.drop_table(table)
