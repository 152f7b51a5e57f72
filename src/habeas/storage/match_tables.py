"""The person blocking keys: the projection that lets an incoming person record be matched
against the whole ledger by indexed lookups instead of a scan.

`match_keys` holds, for each current person record, the blocking keys the matcher finds it
by (`habeas.match.features.blocking_keys`: an identifier, two name words by sound, a surname
by sound with a given name's initial, a full date of birth). Written and checked by
`habeas.storage.projections.match_keys`.
"""

from __future__ import annotations

from sqlalchemy import Column, Index, PrimaryKeyConstraint, String, Table

from habeas.storage.tables import metadata

__all__ = ["match_keys"]

match_keys = Table(
    "match_keys",
    metadata,
    Column("person_key", String(200), nullable=False, comment="The current person record."),
    Column(
        "block_key",
        String(120),
        nullable=False,
        comment="A blocking key it is found by: id:<scheme>:<digest> (an identifier's "
        "SHA-256), nn:<A>:<B> (two name words by sound), ni:<A>:<i> (a surname by sound and "
        "a given name's initial), db:<yyyy-mm-dd>:<A> (date of birth and a surname's first "
        "sound).",
    ),
    PrimaryKeyConstraint("person_key", "block_key", name="pk_match_keys"),
)
Index("ix_match_keys_block", match_keys.c.block_key)
