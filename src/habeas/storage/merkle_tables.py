"""The stored subtree roots of the log's Merkle tree, so a proof reads O(log n) rows.

As in C2SP tlog-tiles, every perfect subtree is stored once it is complete: node (level,
index) is the RFC 6962 root of leaves [index * 2**level, (index + 1) * 2**level). Level 0
(the leaves) is not stored here: it is `ledger_entries.leaf_hash`. The writer adds the nodes
an append completes in the same transaction; `habeas verify` recomputes every one; migration
0005 back-filled them for ledgers written before.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, CheckConstraint, Column, Integer, String, Table

from habeas.storage.tables import metadata

__all__ = ["merkle_nodes"]

merkle_nodes = Table(
    "merkle_nodes",
    metadata,
    Column(
        "level",
        Integer,
        primary_key=True,
        autoincrement=False,
        comment="Height of the subtree: it covers 2**level leaves (1 and up).",
    ),
    Column(
        "idx",
        BigInteger,
        primary_key=True,
        autoincrement=False,
        comment="Which subtree of its level: it covers leaves idx*2**level .. (idx+1)*2**level-1.",
    ),
    Column("hash", String(64), nullable=False, comment="The subtree's RFC 6962 root, hex."),
    CheckConstraint("level >= 1", name="level_above_leaves"),
    CheckConstraint("idx >= 0", name="idx_not_negative"),
)
