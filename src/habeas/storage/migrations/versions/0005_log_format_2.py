"""Log format 2: the disclosures column beside each entry, and the stored subtree roots.

`ledger_entries.disclosures` holds a format-2 entry's field values with their salts (the
entry's body commits only to their digests). `merkle_nodes` holds every complete perfect
subtree root of the tree; this migration back-fills them from the stored leaf hashes, so
existing ledgers get proofs that read O(log n) rows at once. Entries already written stay in
format 1 and verify as before.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

from __future__ import annotations

import hashlib

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_CHUNK = 5000


def upgrade() -> None:
    op.add_column(
        "ledger_entries",
        sa.Column(
            "disclosures",
            sa.Text(),
            nullable=True,
            comment="Format 2: canonical JSON list of [salt, field, value], one per field "
            "of the record, each checked against its digest in body; null for format 1 "
            "or no record.",
        ),
    )
    nodes = op.create_table(
        "merkle_nodes",
        sa.Column(
            "level",
            sa.Integer(),
            autoincrement=False,
            nullable=False,
            comment="Height of the subtree: it covers 2**level leaves (1 and up).",
        ),
        sa.Column(
            "idx",
            sa.BigInteger(),
            autoincrement=False,
            nullable=False,
            comment="Which subtree of its level: it covers leaves "
            "idx*2**level .. (idx+1)*2**level-1.",
        ),
        sa.Column(
            "hash", sa.String(64), nullable=False, comment="The subtree's RFC 6962 root, hex."
        ),
        sa.CheckConstraint("level >= 1", name=op.f("ck_merkle_nodes_level_above_leaves")),
        sa.CheckConstraint("idx >= 0", name=op.f("ck_merkle_nodes_idx_not_negative")),
        sa.PrimaryKeyConstraint("level", "idx", name=op.f("pk_merkle_nodes")),
    )
    _backfill(nodes)


def _backfill(nodes: sa.Table) -> None:
    """Every complete subtree root of the stored log, from its leaf hashes in order."""
    conn = op.get_bind()
    entries = sa.table("ledger_entries", sa.column("position"), sa.column("leaf_hash"))
    edge: list[bytes] = []  # the right edge, one root per set bit of the size
    size, last, rows = 0, -1, []
    while True:
        chunk = conn.execute(
            sa.select(entries.c.position, entries.c.leaf_hash)
            .where(entries.c.position > last)
            .order_by(entries.c.position)
            .limit(_CHUNK)
        ).all()
        if not chunk:
            break
        for position, leaf in chunk:
            node, carry, level = bytes.fromhex(leaf), size, 0
            while carry & 1:
                node = hashlib.sha256(b"\x01" + edge.pop() + node).digest()
                carry >>= 1
                level += 1
                rows.append({"level": level, "idx": size >> level, "hash": node.hex()})
            edge.append(node)
            size += 1
            last = int(position)
        if rows:
            conn.execute(sa.insert(nodes), rows)
            rows = []


def downgrade() -> None:
    op.drop_table("merkle_nodes")
    with op.batch_alter_table("ledger_entries") as batch:
        batch.drop_column("disclosures")
