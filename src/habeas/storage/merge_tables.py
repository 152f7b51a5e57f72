"""The review queue of candidate pairs and the merges of people: projections of the `pair`
and `merge` records (`habeas.domain.merges`), written by
`habeas.storage.projections.merges` and rebuilt by `habeas verify`."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Index, Integer, String, Table

from habeas.storage.tables import metadata

__all__ = ["pair_queue", "person_merges"]

pair_queue = Table(
    "pair_queue",
    metadata,
    Column("key", String(200), primary_key=True, comment="The current pair record."),
    Column("left_key", String(200), nullable=False, comment="The person whose key sorts first."),
    Column("right_key", String(200), nullable=False, comment="The other person."),
    Column(
        "status",
        String(16),
        nullable=False,
        comment="pending, accepted, rejected, skipped or split (merged, then split again).",
    ),
    Column(
        "probability_ppm",
        Integer,
        nullable=False,
        comment="The model's probability of a match, in parts per million.",
    ),
    Column(
        "weight_millibits",
        Integer,
        nullable=False,
        comment="Total match weight in thousandths of a bit.",
    ),
    Column(
        "conflict",
        Boolean,
        nullable=False,
        comment="True when an identifier conflicts (never linked automatically).",
    ),
    Column(
        "fingerprint",
        String(64),
        nullable=False,
        comment="SHA-256 of the evidence: a rejected pair returns only when it changes.",
    ),
    Column("origin", String(200), nullable=False, comment="Who proposed it (dedupe, import…)."),
    Column(
        "sensitivity",
        String(16),
        nullable=False,
        comment="The pair record's sensitivity (the most sensitive of its two people).",
    ),
    Column(
        "recorded_at", String(32), nullable=False, comment="When its current version was recorded."
    ),
)
Index("ix_pair_queue_status", pair_queue.c.status, pair_queue.c.probability_ppm)
Index("ix_pair_queue_left", pair_queue.c.left_key)
Index("ix_pair_queue_right", pair_queue.c.right_key)

person_merges = Table(
    "person_merges",
    metadata,
    Column("key", String(200), primary_key=True, comment="The current merge record."),
    Column(
        "absorbed_key",
        String(200),
        nullable=False,
        unique=True,
        comment="The person absorbed: reads of this key answer for the survivor.",
    ),
    Column("survivor_key", String(200), nullable=False, comment="The person kept."),
    Column("pair_key", String(200), nullable=True, comment="The pair accepted, if any."),
    Column(
        "sensitivity",
        String(16),
        nullable=False,
        comment="The merge record's sensitivity (the most sensitive of its two people).",
    ),
)
Index("ix_person_merges_survivor", person_merges.c.survivor_key)
