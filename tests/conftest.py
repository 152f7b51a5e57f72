"""Fixtures: a fresh database per test, on SQLite and (when reachable) on PostgreSQL.

The PostgreSQL half runs against HABEAS_TEST_POSTGRES_URL (default: the local server's
`test` database). Each test gets its own schema, dropped afterwards. Where the server is
unreachable the PostgreSQL tests are skipped — unless HABEAS_REQUIRE_POSTGRES=1 (set by CI),
in which case they fail.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from habeas.storage.store import Store

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
PG_URL = os.environ.get(
    "HABEAS_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
REQUIRE_PG = os.environ.get("HABEAS_REQUIRE_POSTGRES") == "1"


def _pg_available() -> str | None:
    try:
        engine = create_engine(PG_URL)
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
        return None
    except Exception as e:  # any failure to connect means "not available here"
        return f"PostgreSQL not reachable at {PG_URL}: {type(e).__name__}"


_PG_PROBLEM: str | None = None
_PG_CHECKED = False


def pg_problem() -> str | None:
    """Why PostgreSQL cannot be used (None when it can)."""
    global _PG_CHECKED, _PG_PROBLEM
    if not _PG_CHECKED:
        _PG_PROBLEM = _pg_available()
        _PG_CHECKED = True
    return _PG_PROBLEM


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """URL of a new SQLite file."""
    return f"sqlite:///{tmp_path / 'habeas.db'}"


@pytest.fixture
def pg_url() -> Iterator[str]:
    """URL of a new, empty PostgreSQL schema (dropped after the test)."""
    yield from pg_schema_url()


def pg_schema_url() -> Iterator[str]:
    """Yield the URL of a new, empty PostgreSQL schema, and drop it when resumed (for
    fixtures of any scope); skips, or fails under HABEAS_REQUIRE_POSTGRES=1, without a server."""
    problem = pg_problem()
    if problem:
        if REQUIRE_PG:
            pytest.fail(problem)
        pytest.skip(problem)
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in PG_URL else "?"
    try:
        yield f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest) -> str:
    """A fresh database URL on each backend."""
    name = "sqlite_url" if request.param == "sqlite" else "pg_url"
    return str(request.getfixturevalue(name))


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    """A fresh, migrated store on each backend."""
    s = Store(db_url)
    s.migrate()
    yield s
    s.close()


@pytest.fixture
def sqlite_store(sqlite_url: str) -> Iterator[Store]:
    """A fresh, migrated SQLite store."""
    s = Store(sqlite_url)
    s.migrate()
    yield s
    s.close()


def write_bundle(path: Path, records: list[dict[str, Any]], header: bool = True) -> Path:
    """Write records as a bundle file."""
    lines = []
    if header:
        lines.append(json.dumps({"type": "bundle", "format": "habeas-bundle", "version": 1}))
    lines += [json.dumps(r, ensure_ascii=False) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


SRC = "source/test-court-doc"


def source(key: str = SRC) -> dict[str, Any]:
    """A minimal source record."""
    return {
        "type": "source",
        "key": key,
        "kind": "court_document",
        "title": "Order of the court",
        "court": "mdd",
        "docket_number": "8:25-cv-00001",
        "published": "2025-04-04",
    }


def cite(key: str = SRC) -> list[dict[str, Any]]:
    """A citation list pointing at the minimal source."""
    return [{"source": key}]


def small_story() -> list[dict[str, Any]]:
    """A small synthetic story: one person moved from a detention centre to a prison abroad."""
    return [
        source(),
        {
            "type": "actor",
            "key": "actor/agency",
            "kind": "agency",
            "name": "Agency X",
            "country": "US",
            "sources": cite(),
        },
        {
            "type": "actor",
            "key": "actor/state-b",
            "kind": "government",
            "name": "State B",
            "country": "SV",
            "sources": cite(),
        },
        {
            "type": "facility",
            "key": "facility/centre",
            "name": "North Centre",
            "kind": "detention_center",
            "country": "US",
            "capacity": 10,
            "sources": cite(),
        },
        {
            "type": "facility",
            "key": "facility/prison",
            "name": "Big Prison",
            "aliases": ["Prisión Grande"],
            "kind": "prison",
            "country": "SV",
            "capacity": 2,
            "operator": "actor/state-b",
            "sources": cite(),
        },
        {
            "type": "person",
            "key": "person/ana",
            "full_name": "Ana María Pérez Gómez",
            "given_names": "Ana María",
            "surnames": "Pérez Gómez",
            "synthetic": True,
            "nationality": ["SV"],
            "sources": cite(),
        },
        {
            "type": "custody_event",
            "key": "ev/ana-1",
            "person": "person/ana",
            "kind": "apprehended",
            "at": "2025-03-01",
            "custodian": "actor/agency",
            "place": {"name": "Springfield", "country": "US"},
            "synthetic": True,
            "sources": cite(),
        },
        {
            "type": "custody_event",
            "key": "ev/ana-2",
            "person": "person/ana",
            "kind": "detained",
            "at": "2025-03-01",
            "facility": "facility/centre",
            "custodian": "actor/agency",
            "legal_basis": "Immigration and Nationality Act",
            "synthetic": True,
            "sources": cite(),
        },
        {
            "type": "custody_event",
            "key": "ev/ana-3",
            "person": "person/ana",
            "kind": "removed",
            "at": "2025-03-15T17:26[America/Chicago]",
            "custodian": "actor/agency",
            "synthetic": True,
            "country": "SV",
            "sources": cite(),
        },
        {
            "type": "custody_event",
            "key": "ev/ana-4",
            "person": "person/ana",
            "kind": "admitted",
            "at": "2025-03-16",
            "facility": "facility/prison",
            "custodian": "actor/state-b",
            "synthetic": True,
            "sources": cite(),
        },
        {
            "type": "custody_event",
            "key": "ev/ana-5",
            "person": "person/ana",
            "kind": "released",
            "at": "2025-07-18",
            "country": "VE",
            "synthetic": True,
            "sources": cite(),
        },
    ]
