"""The stored copies of sources: content-addressed bytes, keyed by their SHA-256.

A copy is not in the log: the log holds the hash (a correction of the Source record sets its
`sha256`), this table holds the bytes. The key is the hash of the bytes, so a row can never
change without `habeas verify` noticing (`habeas.services.verify.verify_copies`), and storing
the same bytes twice stores them once.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, CheckConstraint, Column, LargeBinary, String, Table, Text

from habeas.storage.tables import metadata

__all__ = ["source_copies"]

source_copies = Table(
    "source_copies",
    metadata,
    Column("sha256", String(64), primary_key=True, comment="SHA-256 of the bytes, lower-case hex."),
    Column("media_type", String(200), nullable=False, comment="MIME type, e.g. application/pdf."),
    Column("size", BigInteger, nullable=False, comment="Length of the bytes."),
    Column("bytes", LargeBinary, nullable=False, comment="The copy itself."),
    Column("stored_at", String(32), nullable=False, comment="When it was first stored (UTC)."),
    Column("retrieved_from", Text, nullable=True, comment="Where the copy was taken from (a URL)."),
    Column(
        "retrieval_method",
        String(40),
        nullable=False,
        comment="How it was taken: upload, download or other.",
    ),
    Column(
        "location",
        String(20),
        nullable=False,
        server_default="database",
        comment="Where the bytes are: database (in `bytes`) or folder (HABEAS_COPY_DIR).",
    ),
    CheckConstraint("length(sha256) = 64", name="sha256_hex"),
    CheckConstraint("size >= 0", name="size_not_negative"),
)
