"""Accounts: users, sessions, API tokens, failed sign-ins and server settings.

Operational tables, not the log: see `habeas.storage.account_tables`.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column(
            "username",
            sa.String(64),
            nullable=False,
            comment="The account's name: lower case letters, digits, . _ -; never reused.",
        ),
        sa.Column("role", sa.String(16), nullable=False, comment="viewer, editor or admin."),
        sa.Column(
            "password_hash",
            sa.Text(),
            nullable=True,
            comment="argon2id hash of the password (PHC string); null once the account is removed.",
        ),
        sa.Column(
            "created_at", sa.String(32), nullable=False, comment="When the account was added (UTC)."
        ),
        sa.Column(
            "password_changed_at",
            sa.String(32),
            nullable=False,
            comment="When the password was last set (UTC).",
        ),
        sa.Column(
            "removed_at",
            sa.String(32),
            nullable=True,
            comment="When the account was removed (UTC); null while it is active.",
        ),
        sa.CheckConstraint(
            "role IN ('viewer', 'editor', 'admin')", name=op.f("ck_users_role_known")
        ),
        sa.PrimaryKeyConstraint("username", name=op.f("pk_users")),
    )

    op.create_table(
        "sessions",
        sa.Column(
            "token_hash",
            sa.String(64),
            nullable=False,
            comment="SHA-256 of the session token, hex; the token itself is only in the cookie.",
        ),
        sa.Column("username", sa.String(64), nullable=False, comment="The account signed in."),
        sa.Column(
            "client", sa.String(200), nullable=False, comment="The client address that signed in."
        ),
        sa.Column(
            "created_at", sa.String(32), nullable=False, comment="When the session began (UTC)."
        ),
        sa.Column(
            "last_seen_at",
            sa.String(32),
            nullable=False,
            comment="When the session was last used (UTC, to the minute); idle sessions end.",
        ),
        sa.Column(
            "expires_at",
            sa.String(32),
            nullable=False,
            comment="When the session ends however active it is (UTC).",
        ),
        sa.ForeignKeyConstraint(
            ["username"], ["users.username"], name=op.f("fk_sessions_username_users")
        ),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_sessions")),
    )
    op.create_index("ix_sessions_username", "sessions", ["username"])

    op.create_table(
        "api_tokens",
        sa.Column(
            "token_id",
            sa.String(16),
            nullable=False,
            comment="The token's public id (printed in it after 'habeas_'), to list and revoke it.",
        ),
        sa.Column(
            "token_hash",
            sa.String(64),
            nullable=False,
            comment="SHA-256 of the whole token, hex; the token is shown once and never stored.",
        ),
        sa.Column(
            "username", sa.String(64), nullable=False, comment="The account the token acts as."
        ),
        sa.Column(
            "label", sa.String(200), nullable=False, comment="What the token is for, in words."
        ),
        sa.Column(
            "created_at", sa.String(32), nullable=False, comment="When it was created (UTC)."
        ),
        sa.Column(
            "last_used_at",
            sa.String(32),
            nullable=True,
            comment="When it was last used (UTC, to the minute); null if never.",
        ),
        sa.Column(
            "revoked_at",
            sa.String(32),
            nullable=True,
            comment="When it was revoked (UTC); null while it is valid.",
        ),
        sa.ForeignKeyConstraint(
            ["username"], ["users.username"], name=op.f("fk_api_tokens_username_users")
        ),
        sa.PrimaryKeyConstraint("token_id", name=op.f("pk_api_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_api_tokens_token_hash")),
    )
    op.create_index("ix_api_tokens_username", "api_tokens", ["username"])

    op.create_table(
        "login_attempts",
        sa.Column(
            "id",
            sa.Integer(),
            autoincrement=True,
            nullable=False,
            comment="Row number (no meaning).",
        ),
        sa.Column(
            "username",
            sa.String(64),
            nullable=False,
            comment="The user name tried (it need not exist).",
        ),
        sa.Column(
            "client", sa.String(200), nullable=False, comment="The client address that tried."
        ),
        sa.Column(
            "at",
            sa.String(32),
            nullable=False,
            comment="When the sign-in failed (UTC); rows older than the window are deleted.",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_attempts")),
    )
    op.create_index("ix_login_attempts_client", "login_attempts", ["client", "at"])
    op.create_index("ix_login_attempts_username", "login_attempts", ["username", "client", "at"])

    op.create_table(
        "settings",
        sa.Column("name", sa.String(64), nullable=False, comment="The setting: public_view."),
        sa.Column("value", sa.Text(), nullable=False, comment="Its value, as text."),
        sa.Column(
            "updated_at", sa.String(32), nullable=False, comment="When it was last set (UTC)."
        ),
        sa.Column("updated_by", sa.String(200), nullable=False, comment="Who set it."),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_settings")),
    )


def downgrade() -> None:
    raise NotImplementedError("habeas migrations only go forward: the log is append-only")
