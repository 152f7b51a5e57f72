"""Working tables of the importers: the review queue of drafts, tracked dockets, webhooks.

None of these is the log. A draft is a proposal (an order found on a docket, a fact found in
an article) waiting for an editor; accepting it writes records to the log and marks the draft
accepted with the key written. `tracked_dockets` remembers which CourtListener docket feeds
which case and how far the last sync got, so a sync resumes where a failure left it.
`webhook_deliveries` remembers each webhook delivery once, so a repeated delivery does nothing.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    Index,
    Integer,
    String,
    Table,
    Text,
)

from habeas.storage.tables import metadata

__all__ = ["drafts", "tracked_dockets", "webhook_deliveries"]

drafts = Table(
    "drafts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True, comment="The draft's number."),
    Column(
        "kind",
        String(40),
        nullable=False,
        comment="What is proposed: order, statement, event, person, actor, facility, court...",
    ),
    Column(
        "record_type",
        String(40),
        nullable=False,
        comment="The type of record that accepting it writes.",
    ),
    Column(
        "origin",
        String(200),
        nullable=False,
        comment="The ledger key it was found in (a docket entry or a source).",
    ),
    Column("source", String(200), nullable=False, comment="The key of the source to cite."),
    Column(
        "dedupe",
        String(64),
        nullable=False,
        unique=True,
        comment="SHA-256 of origin, kind and proposal: the same finding is queued once.",
    ),
    Column("summary", Text, nullable=False, comment="One line for the queue."),
    Column(
        "proposal",
        Text,
        nullable=False,
        comment="JSON: the proposed record body, and notes for the editor (matches, anchors).",
    ),
    Column("excerpt", Text, nullable=True, comment="The exact words of the source it rests on."),
    Column("status", String(12), nullable=False, comment="pending, accepted or rejected."),
    Column("created_at", String(32), nullable=False, comment="When it was queued (UTC)."),
    Column("created_by", String(200), nullable=False, comment="Who or what queued it."),
    Column("decided_at", String(32), nullable=True, comment="When it was accepted or rejected."),
    Column("decided_by", String(200), nullable=True, comment="Who decided."),
    Column("decision_note", Text, nullable=True, comment="Why it was rejected, or a note."),
    Column("result_key", String(200), nullable=True, comment="The key accepting it wrote."),
    CheckConstraint("status IN ('pending', 'accepted', 'rejected')", name="status_known"),
)
Index("ix_drafts_status", drafts.c.status, drafts.c.id)
Index("ix_drafts_origin", drafts.c.origin)

tracked_dockets = Table(
    "tracked_dockets",
    metadata,
    Column(
        "courtlistener_id",
        BigInteger,
        primary_key=True,
        autoincrement=False,
        comment="CourtListener's docket id.",
    ),
    Column("case_key", String(200), nullable=False, comment="The case the docket feeds."),
    Column("court_id", String(40), nullable=False, comment="The court's courts-db id."),
    Column("docket_number", String(200), nullable=False, comment="As CourtListener gives it."),
    Column("added_at", String(32), nullable=False, comment="When tracking began (UTC)."),
    Column("added_by", String(200), nullable=False, comment="Who began it."),
    Column(
        "cursor",
        Text,
        nullable=True,
        comment="Where the next sync resumes: the next page's URL of an unfinished sync.",
    ),
    Column(
        "last_modified",
        String(40),
        nullable=True,
        comment="The newest date_modified seen; the next sync asks only for newer entries.",
    ),
    Column("last_synced_at", String(32), nullable=True, comment="When a sync last finished."),
    Column("last_error", Text, nullable=True, comment="What the last failed sync said."),
    Column("entries_seen", Integer, nullable=False, default=0, comment="Entries read so far."),
)

webhook_deliveries = Table(
    "webhook_deliveries",
    metadata,
    Column(
        "idempotency_key",
        String(200),
        primary_key=True,
        comment="The sender's Idempotency-Key header (or the SHA-256 of the body).",
    ),
    Column("sender", String(40), nullable=False, comment="Who sent it: courtlistener."),
    Column("received_at", String(32), nullable=False, comment="When it first arrived (UTC)."),
    Column("body_sha256", String(64), nullable=False, comment="SHA-256 of the body received."),
    Column("outcome", Text, nullable=False, comment="JSON: what the delivery did."),
)
