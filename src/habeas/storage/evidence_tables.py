"""The log's signed checkpoints, the cosignatures witnesses returned, the other logs this
instance witnesses, and the index of entries by hash (`entry_hashes`, a registered
projection: `habeas.storage.projections.hashes`). None of it is in the log itself: a
checkpoint is a statement ABOUT the log (its size and root, signed), kept here so proofs can
carry it. The private key is never
stored (it stays in the HABEAS_SIGNING_KEY file)."""

from __future__ import annotations

from sqlalchemy import BigInteger, CheckConstraint, Column, Index, String, Table, Text

from habeas.storage.tables import entries, metadata

__all__ = ["cosignatures", "entry_hashes", "signed_checkpoints", "witnessed_logs"]

signed_checkpoints = Table(
    "signed_checkpoints",
    metadata,
    Column(
        "size",
        BigInteger,
        primary_key=True,
        autoincrement=False,
        comment="Tree size the checkpoint is of (one signed checkpoint per size).",
    ),
    Column("root", String(64), nullable=False, comment="The tree's RFC 6962 root, hex."),
    Column("origin", String(200), nullable=False, comment="The checkpoint's origin line."),
    Column(
        "note",
        Text,
        nullable=False,
        comment="The C2SP signed note as signed by the log (checkpoint text and signature).",
    ),
    Column("key_id", String(8), nullable=False, comment="The signing key's ID, 8 hex digits."),
    Column("signed_at", String(32), nullable=False, comment="When it was signed, UTC ISO 8601."),
    CheckConstraint("size >= 0", name="checkpoint_size_not_negative"),
)

cosignatures = Table(
    "cosignatures",
    metadata,
    Column(
        "size",
        BigInteger,
        primary_key=True,
        autoincrement=False,
        comment="The signed checkpoint (by tree size) this cosigns.",
    ),
    Column("cosigner", String(200), primary_key=True, comment="The witness's key name."),
    Column("key_id", String(8), primary_key=True, comment="The witness key's ID (type 0x04)."),
    Column("line", Text, nullable=False, comment="The C2SP cosignature line, as received."),
    Column("vkey", Text, nullable=False, comment="The witness's cosigner vkey that checked it."),
    Column("cosigned_at", BigInteger, nullable=False, comment="The cosignature's timestamp."),
    Column("received_at", String(32), nullable=False, comment="When it arrived, UTC ISO 8601."),
)

witnessed_logs = Table(
    "witnessed_logs",
    metadata,
    Column("name", String(200), primary_key=True, comment="The log's key name (its origin)."),
    Column("url", Text, nullable=False, comment="The base URL of the log's habeas API."),
    Column("vkey", Text, nullable=False, comment="The log's public key (vkey, type 0x01)."),
    Column("added_at", String(32), nullable=False, comment="When it was added, UTC ISO 8601."),
    Column("last_size", BigInteger, nullable=True, comment="Largest tree size seen and checked."),
    Column("last_root", String(64), nullable=True, comment="Its root, hex."),
    Column("last_note", Text, nullable=True, comment="The signed checkpoint last cosigned."),
    Column("checked_at", String(32), nullable=True, comment="When it was last checked."),
)

entry_hashes = Table(
    "entry_hashes",
    metadata,
    Column(
        "position",
        BigInteger,
        primary_key=True,
        autoincrement=False,
        comment="The record entry (its position in the log).",
    ),
    Column(
        "kind",
        String(8),
        primary_key=True,
        comment="entry: SHA-256 of the entry's bytes; copy: SHA-256 of the source copy the "
        "entry's source record names.",
    ),
    Column("hash", String(64), nullable=False, comment="The SHA-256, lower-case hex."),
)
Index("ix_entry_hashes_hash", entry_hashes.c.hash)
Index("ix_ledger_entries_leaf_hash", entries.c.leaf_hash)
