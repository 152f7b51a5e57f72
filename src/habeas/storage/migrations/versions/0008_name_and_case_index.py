"""Registered projections: the name index (with FTS5 on SQLite, a pg_trgm GIN index on
PostgreSQL), the case index (cases by court and docket number core) and the obligation
index (by order, start of effect and deadline); all filled from the current records.
See `habeas.storage.index_tables` and `habeas.storage.name_index`.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "name_index",
        sa.Column(
            "id",
            sa.Integer(),
            autoincrement=True,
            nullable=False,
            comment="Row number: the word index's row id (SQLite FTS5 content_rowid); "
            "not derived from the log, so verify does not compare it.",
        ),
        sa.Column(
            "key",
            sa.String(200),
            nullable=False,
            comment="The current record found by this name.",
        ),
        sa.Column(
            "term",
            sa.String(500),
            nullable=False,
            comment="The name folded for search (lower case, no accents, words of a-z and 0-9 "
            "joined by single spaces), with a space at each end.",
        ),
        sa.Column("record_type", sa.String(40), nullable=False, comment="Type of the record."),
        sa.Column(
            "sensitivity",
            sa.String(16),
            nullable=False,
            comment="The record's sensitivity (public, restricted or confidential): a search "
            "returns only the levels its reader may see.",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_name_index")),
    )
    op.create_index("ix_name_index_key", "name_index", ["key"])
    op.create_index("ix_name_index_type", "name_index", ["record_type", "sensitivity"])
    op.create_table(
        "case_index",
        sa.Column("key", sa.String(200), nullable=False, comment="The current case."),
        sa.Column("court_key", sa.String(200), nullable=False, comment="Its court record's key."),
        sa.Column(
            "docket_number",
            sa.String(200),
            nullable=False,
            comment="Its docket number as recorded.",
        ),
        sa.Column(
            "docket_number_core",
            sa.String(40),
            nullable=False,
            comment="The number's core as CourtListener computes it (year and serial number, "
            "'8:25-cv-00951-PX' -> '2500951'); '' when the number has none.",
        ),
        sa.Column(
            "docket_number_normal",
            sa.String(200),
            nullable=False,
            comment="The number as habeas compares it (lower case, no spaces, a district "
            "number's judge initials dropped): "
            "habeas.domain.docket_keys.normalise_docket_number.",
        ),
        sa.Column("sensitivity", sa.String(16), nullable=False, comment="The case's sensitivity."),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_case_index")),
    )
    op.create_index("ix_case_index_core", "case_index", ["court_key", "docket_number_core"])
    op.create_index("ix_case_index_normal", "case_index", ["court_key", "docket_number_normal"])

    op.create_table(
        "obligation_index",
        sa.Column("key", sa.String(200), nullable=False, comment="The current obligation."),
        sa.Column(
            "order_key", sa.String(200), nullable=False, comment="The order that imposes it."
        ),
        sa.Column(
            "effective_start",
            sa.String(32),
            nullable=True,
            comment="First instant of its own `effective_from`, UTC ISO 8601 (None: it binds "
            "from its order, which the compliance rules read).",
        ),
        sa.Column(
            "deadline_start",
            sa.String(32),
            nullable=True,
            comment="First instant of an explicit deadline, UTC ISO 8601 (None: no fixed one).",
        ),
        sa.Column(
            "sensitivity", sa.String(16), nullable=False, comment="The obligation's sensitivity."
        ),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_obligation_index")),
    )
    op.create_index("ix_obligation_index_order", "obligation_index", ["order_key"])
    op.create_index("ix_obligation_index_effective", "obligation_index", ["effective_start"])
    op.create_index("ix_obligation_index_deadline", "obligation_index", ["deadline_start"])

    from habeas.storage.name_index import SQLITE_DDL, install_postgres

    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        for statement in SQLITE_DDL:
            conn.exec_driver_sql(statement)
    else:
        install_postgres(conn)
    # A ledger that already holds records gets its index rows now, by the projections' own
    # rules, so `habeas verify` and search agree from the first read.
    from habeas.storage.projections.indexes import backfill

    backfill(conn)


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        for name in ("name_index_ai", "name_index_ad", "name_index_au"):
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
        conn.exec_driver_sql("DROP TABLE IF EXISTS name_index_fts")
    else:
        conn.exec_driver_sql("DROP INDEX IF EXISTS ix_name_index_term_trgm")
    op.drop_index("ix_obligation_index_deadline", table_name="obligation_index")
    op.drop_index("ix_obligation_index_effective", table_name="obligation_index")
    op.drop_index("ix_obligation_index_order", table_name="obligation_index")
    op.drop_table("obligation_index")
    op.drop_index("ix_case_index_normal", table_name="case_index")
    op.drop_index("ix_case_index_core", table_name="case_index")
    op.drop_table("case_index")
    op.drop_index("ix_name_index_type", table_name="name_index")
    op.drop_index("ix_name_index_key", table_name="name_index")
    op.drop_table("name_index")
