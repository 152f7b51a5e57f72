"""Settings of the web app and REST API, read once from HABEAS_* environment variables.

| variable | default | meaning |
|---|---|---|
| HABEAS_DATABASE_URL | ./habeas.db | the database (a SQLite file or a PostgreSQL URL) |
| HABEAS_PUBLIC_VIEW | on | `on`: anyone may read what the public may see; `off`: sign in |
| HABEAS_SECRET_KEY | (random) | keys the CSRF tokens forms carry; set it to outlive restarts |
| HABEAS_HOST | 127.0.0.1 | the address `habeas serve` listens on |
| HABEAS_PORT | 8000 | the port `habeas serve` listens on |
| HABEAS_COOKIE_SECURE | off | `on` behind HTTPS: the session cookie is sent over HTTPS only |
| HABEAS_MAX_UPLOAD_MB | 64 | the largest bundle `POST /api/v1/import` accepts, in MiB |
| HABEAS_SIGNING_KEY | (none: unsigned) | the log's Ed25519 signing key file (`habeas keys init`) |
| HABEAS_COURTLISTENER_TOKEN | (none) | the CourtListener API token `habeas track` and `sync` send |
| HABEAS_COURTLISTENER_URL | https://www.courtlistener.com | where CourtListener answers |
| HABEAS_COURTLISTENER_WEBHOOK_SECRET | (none: webhook off) | the secret a webhook URL carries |
| HABEAS_MATCH_ON_IMPORT | on | match each newly imported person against the ledger |
| HABEAS_MATCH_AUTO_LINK | 0.999 | from this probability an imported person is linked (merged) |
| HABEAS_MATCH_REVIEW | 0.5 | from this probability a pair goes to the review queue |
| HABEAS_MATCH_IMPORT_MAX | 1000 | an import adding more people is not linked (habeas dedupe) |
| HABEAS_LEGAL_AID | (none) | a TOML file of legal-aid pointers the public look-up shows |

Booleans read `on/off`, `true/false`, `yes/no` or `1/0`. A bad value is refused with a
message naming the variable (a `HabeasError`, so the CLI prints it cleanly).
`get_settings()` reads the environment the first time it is called and keeps the result;
tests build their own `Settings(...)` instead.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

from habeas.domain.errors import HabeasError

__all__ = ["COURTLISTENER_URL", "SETTINGS", "Setting", "Settings", "get_settings"]

COURTLISTENER_URL = "https://www.courtlistener.com"


@dataclass(frozen=True)
class Setting:
    """One environment variable: its name, default (as text) and meaning."""

    env: str
    attr: str
    default: str
    meaning: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "HABEAS_DATABASE_URL",
        "database_url",
        "./habeas.db",
        "The database: a SQLite file or postgresql+psycopg://user@host/db.",
    ),
    Setting(
        "HABEAS_PUBLIC_VIEW",
        "public_view",
        "on",
        "on: anyone may read what the public role may see; off: everyone signs in first.",
    ),
    Setting(
        "HABEAS_SECRET_KEY",
        "secret_key",
        "(random at each start)",
        "Keys the CSRF tokens forms carry; set it so open forms survive a restart.",
    ),
    Setting("HABEAS_HOST", "host", "127.0.0.1", "The address `habeas serve` listens on."),
    Setting("HABEAS_PORT", "port", "8000", "The port `habeas serve` listens on."),
    Setting(
        "HABEAS_COOKIE_SECURE",
        "cookie_secure",
        "off",
        "on behind HTTPS: session cookies are sent over HTTPS only.",
    ),
    Setting(
        "HABEAS_MAX_UPLOAD_MB",
        "max_upload_mb",
        "64",
        "The largest bundle POST /api/v1/import accepts, in MiB.",
    ),
    Setting(
        "HABEAS_COPY_DIR",
        "copy_dir",
        "(none: in the database)",
        "A folder to keep stored copies of sources in, by SHA-256, instead of the database.",
    ),
    Setting(
        "HABEAS_SIGNING_KEY",
        "signing_key",
        "(none: checkpoints are not signed)",
        "The file (mode 0600) of the log's Ed25519 signing key, made by `habeas keys init`.",
    ),
    Setting(
        "HABEAS_COURTLISTENER_TOKEN",
        "courtlistener_token",
        "(none)",
        "The CourtListener API token `habeas track docket` and `habeas sync` send.",
    ),
    Setting(
        "HABEAS_COURTLISTENER_URL",
        "courtlistener_url",
        COURTLISTENER_URL,
        "Where CourtListener answers (tests point it at a local server).",
    ),
    Setting(
        "HABEAS_COURTLISTENER_WEBHOOK_SECRET",
        "courtlistener_webhook_secret",
        "(none: the webhook endpoint is off)",
        "The secret CourtListener's webhook URL carries (16 characters or more).",
    ),
    Setting(
        "HABEAS_MATCH_ON_IMPORT",
        "match_on_import",
        "on",
        "on: each person an import adds is matched against the ledger (docs/matching.md).",
    ),
    Setting(
        "HABEAS_MATCH_AUTO_LINK",
        "match_auto_link",
        "0.999",
        "From this match probability an imported person is linked to the ledger's person "
        "(never on a conflicting identifier); 1 turns automatic links off.",
    ),
    Setting(
        "HABEAS_MATCH_REVIEW",
        "match_review",
        "0.5",
        "From this match probability (below the automatic link) a pair goes to the review "
        "queue; below it the imported person stays a person of their own.",
    ),
    Setting(
        "HABEAS_MATCH_IMPORT_MAX",
        "match_import_max",
        "1000",
        "An import that adds more people than this is not linked person by person; run "
        "`habeas dedupe` after it.",
    ),
    Setting(
        "HABEAS_LEGAL_AID",
        "legal_aid",
        "(none: no pointers are shown)",
        "A TOML file of legal-aid organisations (name, url, phone, email, languages, about) "
        "the public look-up shows families (docs/web.md).",
    ),
)

_TRUE = {"1", "on", "true", "yes"}
_FALSE = {"0", "off", "false", "no"}


def _bool(name: str, raw: str) -> bool:
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise HabeasError(f"{name}={raw!r}: use on or off")


def _int(name: str, raw: str, low: int, high: int) -> int:
    try:
        value = int(raw.strip())
    except ValueError:
        value = low - 1
    if not low <= value <= high:
        raise HabeasError(f"{name}={raw!r}: use a whole number from {low} to {high}")
    return value


def _probability(name: str, raw: str) -> float:
    try:
        value = float(raw.strip())
    except ValueError:
        value = -1.0
    if not 0.0 <= value <= 1.0:
        raise HabeasError(f"{name}={raw!r}: use a probability from 0 to 1")
    return value


@dataclass(frozen=True)
class Settings:
    """What the server needs to know; every field has a HABEAS_* variable (see SETTINGS)."""

    database_url: str | None = None
    public_view: bool = True
    secret_key: str = field(default_factory=lambda: secrets.token_urlsafe(32), repr=False)
    host: str = "127.0.0.1"
    port: int = 8000
    cookie_secure: bool = False
    max_upload_mb: int = 64
    copy_dir: str | None = None
    signing_key: str | None = None
    courtlistener_token: str | None = field(default=None, repr=False)
    courtlistener_url: str = COURTLISTENER_URL
    courtlistener_webhook_secret: str | None = field(default=None, repr=False)
    match_on_import: bool = True
    match_auto_link: float = 0.999
    match_review: float = 0.5
    match_import_max: int = 1000
    legal_aid: str | None = None

    @property
    def max_upload_bytes(self) -> int:
        """HABEAS_MAX_UPLOAD_MB in bytes."""
        return self.max_upload_mb * 1024 * 1024

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Settings from `environ` (default: the process environment); bad values refused."""
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        if env.get("HABEAS_DATABASE_URL"):
            values["database_url"] = env["HABEAS_DATABASE_URL"]
        if "HABEAS_PUBLIC_VIEW" in env:
            values["public_view"] = _bool("HABEAS_PUBLIC_VIEW", env["HABEAS_PUBLIC_VIEW"])
        if env.get("HABEAS_SECRET_KEY"):
            key = env["HABEAS_SECRET_KEY"]
            if len(key) < 16:
                raise HabeasError("HABEAS_SECRET_KEY must be at least 16 characters long")
            values["secret_key"] = key
        if env.get("HABEAS_HOST"):
            values["host"] = env["HABEAS_HOST"].strip()
        if "HABEAS_PORT" in env:
            values["port"] = _int("HABEAS_PORT", env["HABEAS_PORT"], 1, 65535)
        if "HABEAS_COOKIE_SECURE" in env:
            values["cookie_secure"] = _bool("HABEAS_COOKIE_SECURE", env["HABEAS_COOKIE_SECURE"])
        if "HABEAS_MAX_UPLOAD_MB" in env:
            values["max_upload_mb"] = _int(
                "HABEAS_MAX_UPLOAD_MB", env["HABEAS_MAX_UPLOAD_MB"], 1, 16 * 1024
            )
        if env.get("HABEAS_COPY_DIR"):
            values["copy_dir"] = env["HABEAS_COPY_DIR"].strip()
        if env.get("HABEAS_SIGNING_KEY"):
            values["signing_key"] = env["HABEAS_SIGNING_KEY"].strip()
        if env.get("HABEAS_COURTLISTENER_TOKEN"):
            values["courtlistener_token"] = env["HABEAS_COURTLISTENER_TOKEN"].strip()
        if env.get("HABEAS_COURTLISTENER_URL"):
            url = env["HABEAS_COURTLISTENER_URL"].strip().rstrip("/")
            if not url.startswith(("https://", "http://")):
                raise HabeasError(f"HABEAS_COURTLISTENER_URL={url!r}: use an http(s):// address")
            values["courtlistener_url"] = url
        if env.get("HABEAS_COURTLISTENER_WEBHOOK_SECRET"):
            secret = env["HABEAS_COURTLISTENER_WEBHOOK_SECRET"].strip()
            if len(secret) < 16:
                raise HabeasError(
                    "HABEAS_COURTLISTENER_WEBHOOK_SECRET must be at least 16 characters long"
                )
            values["courtlistener_webhook_secret"] = secret
        if "HABEAS_MATCH_ON_IMPORT" in env:
            values["match_on_import"] = _bool(
                "HABEAS_MATCH_ON_IMPORT", env["HABEAS_MATCH_ON_IMPORT"]
            )
        for var, attr in (
            ("HABEAS_MATCH_AUTO_LINK", "match_auto_link"),
            ("HABEAS_MATCH_REVIEW", "match_review"),
        ):
            if env.get(var):
                values[attr] = _probability(var, env[var])
        if "HABEAS_MATCH_IMPORT_MAX" in env:
            values["match_import_max"] = _int(
                "HABEAS_MATCH_IMPORT_MAX", env["HABEAS_MATCH_IMPORT_MAX"], 0, 10**9
            )
        if env.get("HABEAS_LEGAL_AID"):
            values["legal_aid"] = env["HABEAS_LEGAL_AID"].strip()
        if values.get("match_review", 0.5) > values.get("match_auto_link", 0.999):
            raise HabeasError("HABEAS_MATCH_REVIEW must not be above HABEAS_MATCH_AUTO_LINK")
        return cls(**values)

    def but(self, **changes: Any) -> Settings:
        """A copy with some fields changed (command-line options over the environment)."""
        return replace(self, **changes)


@cache
def get_settings() -> Settings:
    """The process's settings, read from the environment once."""
    return Settings.from_env()
