"""Registered projection: the person blocking keys (`habeas.storage.match_tables`), filled
from the current person records, so an incoming person is matched by indexed lookups.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "match_keys",
        sa.Column(
            "person_key", sa.String(200), nullable=False, comment="The current person record."
        ),
        sa.Column(
            "block_key",
            sa.String(120),
            nullable=False,
            comment="A blocking key it is found by: id:<scheme>:<digest> (an identifier's "
            "SHA-256), nn:<A>:<B> (two name words by sound), ni:<A>:<i> (a surname by sound and "
            "a given name's initial), db:<yyyy-mm-dd>:<A> (date of birth and a surname's first "
            "sound).",
        ),
        sa.PrimaryKeyConstraint("person_key", "block_key", name="pk_match_keys"),
    )
    op.create_index("ix_match_keys_block", "match_keys", ["block_key"])
    from habeas.storage.projections.match_keys import backfill

    backfill(op.get_bind())


def downgrade() -> None:
    op.drop_index("ix_match_keys_block", table_name="match_keys")
    op.drop_table("match_keys")
