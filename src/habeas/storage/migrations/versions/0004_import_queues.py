"""The importers' working tables: drafts (review queue), tracked_dockets, webhook_deliveries;
and where a stored copy's bytes are (`source_copies.location`: database or folder).

Not the log: see `habeas.storage.import_tables`.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "source_copies",
        sa.Column(
            "location",
            sa.String(length=20),
            server_default="database",
            nullable=False,
            comment="Where the bytes are: database (in `bytes`) or folder (HABEAS_COPY_DIR).",
        ),
    )
    op.create_table(
        "drafts",
        sa.Column(
            "id", sa.Integer(), autoincrement=True, nullable=False, comment="The draft's number."
        ),
        sa.Column(
            "kind",
            sa.String(length=40),
            nullable=False,
            comment="What is proposed: order, statement, event, person, actor, facility, court...",
        ),
        sa.Column(
            "record_type",
            sa.String(length=40),
            nullable=False,
            comment="The type of record that accepting it writes.",
        ),
        sa.Column(
            "origin",
            sa.String(length=200),
            nullable=False,
            comment="The ledger key it was found in (a docket entry or a source).",
        ),
        sa.Column(
            "source",
            sa.String(length=200),
            nullable=False,
            comment="The key of the source to cite.",
        ),
        sa.Column(
            "dedupe",
            sa.String(length=64),
            nullable=False,
            comment="SHA-256 of origin, kind and proposal: the same finding is queued once.",
        ),
        sa.Column("summary", sa.Text(), nullable=False, comment="One line for the queue."),
        sa.Column(
            "proposal",
            sa.Text(),
            nullable=False,
            comment="JSON: the proposed record body, and notes for the editor (matches, anchors).",
        ),
        sa.Column(
            "excerpt",
            sa.Text(),
            nullable=True,
            comment="The exact words of the source it rests on.",
        ),
        sa.Column(
            "status", sa.String(length=12), nullable=False, comment="pending, accepted or rejected."
        ),
        sa.Column(
            "created_at", sa.String(length=32), nullable=False, comment="When it was queued (UTC)."
        ),
        sa.Column(
            "created_by", sa.String(length=200), nullable=False, comment="Who or what queued it."
        ),
        sa.Column(
            "decided_at",
            sa.String(length=32),
            nullable=True,
            comment="When it was accepted or rejected.",
        ),
        sa.Column("decided_by", sa.String(length=200), nullable=True, comment="Who decided."),
        sa.Column(
            "decision_note", sa.Text(), nullable=True, comment="Why it was rejected, or a note."
        ),
        sa.Column(
            "result_key",
            sa.String(length=200),
            nullable=True,
            comment="The key accepting it wrote.",
        ),
        sa.CheckConstraint(
            "status IN ('pending', 'accepted', 'rejected')", name=op.f("ck_drafts_status_known")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_drafts")),
        sa.UniqueConstraint("dedupe", name=op.f("uq_drafts_dedupe")),
    )
    op.create_index("ix_drafts_origin", "drafts", ["origin"], unique=False)
    op.create_index("ix_drafts_status", "drafts", ["status", "id"], unique=False)
    op.create_table(
        "tracked_dockets",
        sa.Column(
            "courtlistener_id",
            sa.BigInteger(),
            autoincrement=False,
            nullable=False,
            comment="CourtListener's docket id.",
        ),
        sa.Column(
            "case_key", sa.String(length=200), nullable=False, comment="The case the docket feeds."
        ),
        sa.Column(
            "court_id", sa.String(length=40), nullable=False, comment="The court's courts-db id."
        ),
        sa.Column(
            "docket_number",
            sa.String(length=200),
            nullable=False,
            comment="As CourtListener gives it.",
        ),
        sa.Column(
            "added_at", sa.String(length=32), nullable=False, comment="When tracking began (UTC)."
        ),
        sa.Column("added_by", sa.String(length=200), nullable=False, comment="Who began it."),
        sa.Column(
            "cursor",
            sa.Text(),
            nullable=True,
            comment="Where the next sync resumes: the next page's URL of an unfinished sync.",
        ),
        sa.Column(
            "last_modified",
            sa.String(length=40),
            nullable=True,
            comment="The newest date_modified seen; the next sync asks only for newer entries.",
        ),
        sa.Column(
            "last_synced_at",
            sa.String(length=32),
            nullable=True,
            comment="When a sync last finished.",
        ),
        sa.Column(
            "last_error", sa.Text(), nullable=True, comment="What the last failed sync said."
        ),
        sa.Column("entries_seen", sa.Integer(), nullable=False, comment="Entries read so far."),
        sa.PrimaryKeyConstraint("courtlistener_id", name=op.f("pk_tracked_dockets")),
    )
    op.create_table(
        "webhook_deliveries",
        sa.Column(
            "idempotency_key",
            sa.String(length=200),
            nullable=False,
            comment="The sender's Idempotency-Key header (or the SHA-256 of the body).",
        ),
        sa.Column(
            "sender", sa.String(length=40), nullable=False, comment="Who sent it: courtlistener."
        ),
        sa.Column(
            "received_at",
            sa.String(length=32),
            nullable=False,
            comment="When it first arrived (UTC).",
        ),
        sa.Column(
            "body_sha256",
            sa.String(length=64),
            nullable=False,
            comment="SHA-256 of the body received.",
        ),
        sa.Column("outcome", sa.Text(), nullable=False, comment="JSON: what the delivery did."),
        sa.PrimaryKeyConstraint("idempotency_key", name=op.f("pk_webhook_deliveries")),
    )


def downgrade() -> None:
    op.drop_column("source_copies", "location")
    op.drop_table("webhook_deliveries")
    op.drop_table("tracked_dockets")
    op.drop_index("ix_drafts_origin", table_name="drafts")
    op.drop_index("ix_drafts_status", table_name="drafts")
    op.drop_table("drafts")
