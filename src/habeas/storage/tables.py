"""The database tables (SQLAlchemy Core). Every column says what it means.

`ledger_entries` is the log itself and is only ever appended to. `ledger_head` holds the
tree's current size, root and right edge, so an append needs no scan. The other tables are
projections: current state derived from the log in the same transaction as each append, and
checked against the log by `habeas verify`. No foreign key cascades: nothing is deleted.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

__all__ = [
    "entries",
    "head",
    "metadata",
    "record_refs",
    "record_versions",
    "records",
    "search_terms",
]

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

entries = Table(
    "ledger_entries",
    metadata,
    Column(
        "position",
        BigInteger,
        primary_key=True,
        autoincrement=False,
        comment="Place in the log, from 0; the primary key, so two appends cannot share it.",
    ),
    Column("op", String(16), nullable=False, comment="assert, correct, retract or audit."),
    Column("record_type", String(40), nullable=False, comment="Type of the record concerned."),
    Column("record_key", String(200), nullable=False, comment="Key of the record concerned."),
    Column("version", Integer, nullable=False, comment="Version of the record this makes."),
    Column(
        "recorded_at",
        String(32),
        nullable=False,
        comment="When the ledger learned it: UTC, ISO 8601 with microseconds.",
    ),
    Column(
        "body",
        Text,
        nullable=False,
        comment="The entry's canonical JSON, exactly the bytes the leaf hash commits to.",
    ),
    Column(
        "disclosures",
        Text,
        nullable=True,
        comment="Format 2: canonical JSON list of [salt, field, value], one per field of the "
        "record, each checked against its digest in body; null for format 1 or no record.",
    ),
    Column("leaf_hash", String(64), nullable=False, comment="SHA-256(0x00 || body), hex."),
    Column(
        "tree_root",
        String(64),
        nullable=False,
        comment="Root of the Merkle tree of entries 0..position, hex.",
    ),
    CheckConstraint("position >= 0", name="position_not_negative"),
)
Index("ix_ledger_entries_record_key", entries.c.record_key, entries.c.position)
Index("ix_ledger_entries_recorded_at", entries.c.recorded_at)

head = Table(
    "ledger_head",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False, comment="Always 1: one row."),
    Column("size", BigInteger, nullable=False, comment="Number of entries in the log."),
    Column("root", String(64), nullable=False, comment="Merkle root of the whole log, hex."),
    Column(
        "frontier",
        Text,
        nullable=False,
        comment="JSON list of hex subtree roots along the right edge of the tree.",
    ),
    CheckConstraint("id = 1", name="single_row"),
)

record_versions = Table(
    "record_versions",
    metadata,
    Column(
        "position",
        BigInteger,
        ForeignKey("ledger_entries.position"),
        primary_key=True,
        autoincrement=False,
        comment="The entry that made this version.",
    ),
    Column("record_key", String(200), nullable=False, comment="Key of the record."),
    Column("version", Integer, nullable=False, comment="1 for the first assertion, then +1."),
    Column("op", String(16), nullable=False, comment="assert, correct or retract."),
    Column("record_type", String(40), nullable=False, comment="Type of the record."),
    Column("recorded_at", String(32), nullable=False, comment="When the ledger learned it."),
    Column("body", Text, nullable=True, comment="The record's canonical JSON; null if retracted."),
    Column(
        "subject_key",
        String(200),
        nullable=True,
        comment="The record this one is chiefly about (a custody event's person).",
    ),
    Column(
        "valid_start",
        String(32),
        nullable=True,
        comment="When the fact happened: first instant of its span, UTC ISO 8601.",
    ),
    Column(
        "valid_date",
        String(10),
        nullable=True,
        comment="When the fact happened: its calendar date in its own zone.",
    ),
    UniqueConstraint("record_key", "version", name="uq_record_versions_key_version"),
)
Index("ix_record_versions_subject", record_versions.c.subject_key, record_versions.c.record_type)

records = Table(
    "records",
    metadata,
    Column("key", String(200), primary_key=True, comment="The record's key."),
    Column("record_type", String(40), nullable=False, comment="Its type."),
    Column("version", Integer, nullable=False, comment="Its current version."),
    Column(
        "position",
        BigInteger,
        ForeignKey("ledger_entries.position"),
        nullable=False,
        comment="The entry that made the current version.",
    ),
    Column("status", String(16), nullable=False, comment="active or retracted."),
    Column("body", Text, nullable=True, comment="Current canonical JSON; null if retracted."),
    Column("label", Text, nullable=False, comment="One-line name for lists."),
    Column("recorded_at", String(32), nullable=False, comment="When this version was recorded."),
    Column(
        "first_recorded_at",
        String(32),
        nullable=False,
        comment="When the record was first recorded.",
    ),
    Column("subject_key", String(200), nullable=True, comment="What it is chiefly about."),
    Column("valid_start", String(32), nullable=True, comment="When it happened (UTC start)."),
    Column("valid_date", String(10), nullable=True, comment="When it happened (local date)."),
    Column("unsourced", Boolean, nullable=False, comment="Recorded without a source."),
    Column("synthetic", Boolean, nullable=False, comment="Invented demo or test data."),
    Column(
        "sensitivity", String(16), nullable=False, comment="public, restricted or confidential."
    ),
)
Index("ix_records_type", records.c.record_type, records.c.key)
Index("ix_records_subject", records.c.subject_key, records.c.record_type)

record_refs = Table(
    "record_refs",
    metadata,
    Column("key", String(200), primary_key=True, comment="The referring record (current)."),
    Column("path", String(200), primary_key=True, comment="The field that holds the reference."),
    Column("ref_key", String(200), nullable=False, comment="The record referred to."),
)
Index("ix_record_refs_ref_key", record_refs.c.ref_key)

search_terms = Table(
    "search_terms",
    metadata,
    Column("key", String(200), primary_key=True, comment="The record found by this name."),
    Column(
        "term",
        String(500),
        primary_key=True,
        comment="A name folded for search: lower case, no accents, single spaces, "
        "with a space at each end so word prefixes match with LIKE '% word%'.",
    ),
    Column("record_type", String(40), nullable=False, comment="Type of the record."),
)
Index("ix_search_terms_type", search_terms.c.record_type)

# The operational tables of accounts (users, sessions, api_tokens, login_attempts, settings).
from habeas.storage import account_tables as _account_tables  # noqa: E402,F401

# The audit queue of reads and the marker of how far it was flushed into the log.
from habeas.storage import audit_tables as _audit_tables  # noqa: E402,F401

# The stored copies of sources (content-addressed bytes; the log holds their hashes).
from habeas.storage import copy_tables as _copy_tables  # noqa: E402,F401

# Signed checkpoints, witnesses' cosignatures, and the logs this instance witnesses.
from habeas.storage import evidence_tables as _evidence_tables  # noqa: E402,F401

# The importers' working tables (review queue of drafts, tracked dockets, webhook deliveries).
from habeas.storage import import_tables as _import_tables  # noqa: E402,F401

# The name index (behind search and lookup) and the case index (cases by docket number).
from habeas.storage import index_tables as _index_tables  # noqa: E402,F401

# The person blocking keys (an incoming person is matched by indexed lookups).
from habeas.storage import match_tables as _match_tables  # noqa: E402,F401

# The review queue of candidate pairs and the merges of people (pair and merge records).
from habeas.storage import merge_tables as _merge_tables  # noqa: E402,F401

# The stored subtree roots of the Merkle tree (proofs read O(log n) of them).
from habeas.storage import merkle_tables as _merkle_tables  # noqa: E402,F401

# The name keys (words and phonetic keys of every name, behind forgiving search).
from habeas.storage import name_key_tables as _name_key_tables  # noqa: E402,F401

# Custody spans: each person's custody folded into stretches held in one facility.
from habeas.storage import span_tables as _span_tables  # noqa: E402,F401
