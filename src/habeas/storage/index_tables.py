"""The name index and the case index: projections that let search, lookup and the docket
importer answer with one indexed query instead of reading every record.

`name_index` holds one row per name of each current record (folded as
`habeas.domain.text.fold` does), with the record's type and sensitivity so a search filters
by both in SQL and a limit never cuts visible results. Over it, each backend keeps its own
word index (`habeas.storage.name_index`): an FTS5 table on SQLite, a trigram GIN index on
PostgreSQL. `case_index` holds each current case's court and docket number, with the
number's core (`habeas.domain.docket_numbers`) indexed by court. `obligation_index` holds each
current obligation's order, its own start of effect and its fixed deadline, so the alerts
and the status report read only the obligations that can be in effect.

Both are written and checked by `habeas.storage.projections.indexes`.
"""

from __future__ import annotations

from sqlalchemy import Column, Index, Integer, String, Table

from habeas.storage.tables import metadata

__all__ = ["case_index", "name_index", "obligation_index"]

name_index = Table(
    "name_index",
    metadata,
    Column(
        "id",
        Integer,
        primary_key=True,
        autoincrement=True,
        comment="Row number: the word index's row id (SQLite FTS5 content_rowid); "
        "not derived from the log, so verify does not compare it.",
    ),
    Column("key", String(200), nullable=False, comment="The current record found by this name."),
    Column(
        "term",
        String(500),
        nullable=False,
        comment="The name folded for search (lower case, no accents, words of a-z and 0-9 "
        "joined by single spaces), with a space at each end.",
    ),
    Column("record_type", String(40), nullable=False, comment="Type of the record."),
    Column(
        "sensitivity",
        String(16),
        nullable=False,
        comment="The record's sensitivity (public, restricted or confidential): a search "
        "returns only the levels its reader may see.",
    ),
)
Index("ix_name_index_key", name_index.c.key)
Index("ix_name_index_type", name_index.c.record_type, name_index.c.sensitivity)

case_index = Table(
    "case_index",
    metadata,
    Column("key", String(200), primary_key=True, comment="The current case."),
    Column("court_key", String(200), nullable=False, comment="Its court record's key."),
    Column("docket_number", String(200), nullable=False, comment="Its docket number as recorded."),
    Column(
        "docket_number_core",
        String(40),
        nullable=False,
        comment="The number's core as CourtListener computes it (year and serial number, "
        "'8:25-cv-00951-PX' -> '2500951'); '' when the number has none.",
    ),
    Column(
        "docket_number_normal",
        String(200),
        nullable=False,
        comment="The number as habeas compares it (lower case, no spaces, a district "
        "number's judge initials dropped): habeas.domain.docket_keys.normalise_docket_number.",
    ),
    Column("sensitivity", String(16), nullable=False, comment="The case's sensitivity."),
)
Index("ix_case_index_core", case_index.c.court_key, case_index.c.docket_number_core)
Index("ix_case_index_normal", case_index.c.court_key, case_index.c.docket_number_normal)

obligation_index = Table(
    "obligation_index",
    metadata,
    Column("key", String(200), primary_key=True, comment="The current obligation."),
    Column("order_key", String(200), nullable=False, comment="The order that imposes it."),
    Column(
        "effective_start",
        String(32),
        nullable=True,
        comment="First instant of its own `effective_from`, UTC ISO 8601 (None: it binds "
        "from its order, which the compliance rules read).",
    ),
    Column(
        "deadline_start",
        String(32),
        nullable=True,
        comment="First instant of an explicit deadline, UTC ISO 8601 (None: no fixed one).",
    ),
    Column("sensitivity", String(16), nullable=False, comment="The obligation's sensitivity."),
)
Index("ix_obligation_index_order", obligation_index.c.order_key)
Index("ix_obligation_index_effective", obligation_index.c.effective_start)
Index("ix_obligation_index_deadline", obligation_index.c.deadline_start)
