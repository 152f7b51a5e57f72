"""The tables of accounts, sessions, API tokens, sign-in attempts and server settings.

These are operational tables, not the log and not projections of it: rows here are updated
and deleted (a session ends, a token is revoked, old failed sign-ins are forgotten), and
`habeas verify` does not check them. What matters for the record — an account added or
removed, a role changed, a token created or revoked, a confidential record read — is also
appended to the log as an audit entry (`habeas.services.audit`), without any secret.

No secret is stored: passwords as argon2id hashes, session and API tokens as SHA-256 hashes.
They live on the same `metadata` as the ledger tables, so one migration history covers both.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, Integer, String, Table, Text

from habeas.storage.tables import metadata

__all__ = ["api_tokens", "login_attempts", "sessions", "settings", "users"]

users = Table(
    "users",
    metadata,
    Column(
        "username",
        String(64),
        primary_key=True,
        comment="The account's name: lower case letters, digits, . _ -; never reused.",
    ),
    Column("role", String(16), nullable=False, comment="viewer, editor or admin."),
    Column(
        "password_hash",
        Text,
        nullable=True,
        comment="argon2id hash of the password (PHC string); null once the account is removed.",
    ),
    Column("created_at", String(32), nullable=False, comment="When the account was added (UTC)."),
    Column(
        "password_changed_at",
        String(32),
        nullable=False,
        comment="When the password was last set (UTC).",
    ),
    Column(
        "removed_at",
        String(32),
        nullable=True,
        comment="When the account was removed (UTC); null while it is active.",
    ),
    CheckConstraint("role IN ('viewer', 'editor', 'admin')", name="role_known"),
)

sessions = Table(
    "sessions",
    metadata,
    Column(
        "token_hash",
        String(64),
        primary_key=True,
        comment="SHA-256 of the session token, hex; the token itself is only in the cookie.",
    ),
    Column(
        "username",
        String(64),
        ForeignKey("users.username"),
        nullable=False,
        comment="The account signed in.",
    ),
    Column("client", String(200), nullable=False, comment="The client address that signed in."),
    Column("created_at", String(32), nullable=False, comment="When the session began (UTC)."),
    Column(
        "last_seen_at",
        String(32),
        nullable=False,
        comment="When the session was last used (UTC, to the minute); idle sessions end.",
    ),
    Column(
        "expires_at",
        String(32),
        nullable=False,
        comment="When the session ends however active it is (UTC).",
    ),
)
Index("ix_sessions_username", sessions.c.username)

api_tokens = Table(
    "api_tokens",
    metadata,
    Column(
        "token_id",
        String(16),
        primary_key=True,
        comment="The token's public id (printed in it after 'habeas_'), to list and revoke it.",
    ),
    Column(
        "token_hash",
        String(64),
        nullable=False,
        unique=True,
        comment="SHA-256 of the whole token, hex; the token is shown once and never stored.",
    ),
    Column(
        "username",
        String(64),
        ForeignKey("users.username"),
        nullable=False,
        comment="The account the token acts as.",
    ),
    Column("label", String(200), nullable=False, comment="What the token is for, in words."),
    Column("created_at", String(32), nullable=False, comment="When it was created (UTC)."),
    Column(
        "last_used_at",
        String(32),
        nullable=True,
        comment="When it was last used (UTC, to the minute); null if never.",
    ),
    Column(
        "revoked_at",
        String(32),
        nullable=True,
        comment="When it was revoked (UTC); null while it is valid.",
    ),
)
Index("ix_api_tokens_username", api_tokens.c.username)

login_attempts = Table(
    "login_attempts",
    metadata,
    Column(
        "id",
        Integer,
        primary_key=True,
        autoincrement=True,
        comment="Row number (no meaning).",
    ),
    Column(
        "username",
        String(64),
        nullable=False,
        comment="The user name tried (it need not exist).",
    ),
    Column("client", String(200), nullable=False, comment="The client address that tried."),
    Column(
        "at",
        String(32),
        nullable=False,
        comment="When the sign-in failed (UTC); rows older than the window are deleted.",
    ),
)
Index("ix_login_attempts_client", login_attempts.c.client, login_attempts.c.at)
Index(
    "ix_login_attempts_username",
    login_attempts.c.username,
    login_attempts.c.client,
    login_attempts.c.at,
)

settings = Table(
    "settings",
    metadata,
    Column("name", String(64), primary_key=True, comment="The setting: public_view."),
    Column("value", Text, nullable=False, comment="Its value, as text."),
    Column("updated_at", String(32), nullable=False, comment="When it was last set (UTC)."),
    Column("updated_by", String(200), nullable=False, comment="Who set it."),
)
