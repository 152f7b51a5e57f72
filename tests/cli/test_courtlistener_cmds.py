"""`habeas track docket` and `habeas sync` against a real local server playing CourtListener:
what they print (and --json), and the plain message and exit code when CourtListener refuses."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from click.testing import CliRunner, Result

from habeas.cli import courtlistener_cmds
from habeas.cli.main import cli
from habeas.config import Settings
from habeas.ingest.courtlistener_client import CourtListenerClient
from habeas.services.courtlistener_sync import client_for
from habeas.storage.store import Store
from tests.ingest.courtlistener_server import DOCKET, ENTRIES, TOKEN, FakeCourtListener

URL = "https://www.courtlistener.com/docket/69777799/abrego-garcia-v-noem/"


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeCourtListener]:
    """The fake CourtListener, named by the environment as an operator would; no pacing."""
    with FakeCourtListener() as server:
        monkeypatch.setenv("HABEAS_COURTLISTENER_URL", server.url)
        monkeypatch.setenv("HABEAS_COURTLISTENER_TOKEN", TOKEN)

        def quick(settings: Settings, **kw: Any) -> CourtListenerClient:
            return client_for(settings, min_interval=0, sleep=lambda s: None)

        monkeypatch.setattr(courtlistener_cmds, "client_for", quick)
        yield server


@pytest.fixture
def db(sqlite_url: str) -> str:
    """A new ledger (SQLite: the commands' PostgreSQL side is the services' tests')."""
    store = Store(sqlite_url)
    store.migrate()
    store.close()
    return sqlite_url


def run(db: str, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", db, *args], catch_exceptions=False)


def test_track_docket_by_url_imports_and_says_what_it_did(db: str, fake: FakeCourtListener) -> None:
    r = run(db, "track", "docket", URL)
    assert r.exit_code == 0, r.output
    assert "docket 69777799 → case/mdd-8-25-cv-00951: tracked, 6 entries in 2 page(s)" in r.stdout
    assert "3 draft order(s) to review" in r.stdout
    r = run(db, "review", "list", "--kind", "order")
    assert r.stdout.count("pending") == 3


def test_track_json_keeps_its_documented_shape(db: str, fake: FakeCourtListener) -> None:
    r = run(db, "track", "docket", str(DOCKET), "--json")
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert set(out) == {
        "docket",
        "case",
        "tracked_now",
        "resumed_from",
        "pages",
        "entries",
        "new_entries",
        "drafts",
        "last_modified",
        "error",
        "forbidden",
    }
    assert out["docket"] == DOCKET and len(out["new_entries"]) == 6


def test_sync_twice_adds_nothing_the_second_time(db: str, fake: FakeCourtListener) -> None:
    assert run(db, "track", "docket", str(DOCKET)).exit_code == 0
    r = run(db, "sync", "--json")
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["ok"] is True and out["dockets"][0]["new_entries"] == []
    fake.new_filings()
    r = run(db, "sync", "--docket", URL)
    assert r.exit_code == 0, r.output
    assert "2 new, 1 draft order(s)" in r.stdout


def test_sync_with_nothing_tracked_says_how_to_track(db: str, fake: FakeCourtListener) -> None:
    r = run(db, "sync")
    assert r.exit_code == 0 and "habeas track docket ID" in r.stdout


def test_a_403_gets_a_plain_message_naming_webhooks_and_pacer_pages_and_exit_1(
    db: str, fake: FakeCourtListener
) -> None:
    fake.entries_forbidden()
    r = run(db, "track", "docket", str(DOCKET))
    assert r.exit_code == 1
    assert "only to some accounts" in r.stderr
    assert "webhook" in r.stderr and "habeas import docket FILE.html" in r.stderr
    assert "Traceback" not in r.output
    r = run(db, "sync")
    assert r.exit_code == 1
    assert "error: docket 69777799: CourtListener refused" in r.stderr
    assert "PACER" in r.stderr


def test_a_failed_sync_exits_1_and_the_next_resumes(db: str, fake: FakeCourtListener) -> None:
    fake.fail("cursor=", 500)
    r = run(db, "track", "docket", str(DOCKET), "--json")
    assert r.exit_code == 1 and json.loads(r.stdout)["error"] == "CourtListenerError"
    r = run(db, "sync")
    assert r.exit_code == 0, r.output
    assert "(resumed at " in r.stdout and "2 new" in r.stdout
    assert fake.paths(ENTRIES)[-1].startswith(ENTRIES + "?cursor=")


def test_a_missing_token_is_a_plain_message(
    db: str, fake: FakeCourtListener, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("HABEAS_COURTLISTENER_TOKEN")
    r = run(db, "track", "docket", str(DOCKET))
    assert r.exit_code == 1 and "set HABEAS_COURTLISTENER_TOKEN" in r.stderr
    assert fake.paths() == []


def test_what_is_not_a_docket_is_refused_with_exit_1(db: str, fake: FakeCourtListener) -> None:
    r = run(db, "track", "docket", "https://example.org/nothing")
    assert r.exit_code == 1 and "docket:" in r.stderr
    r = run(db, "sync", "--docket", "12345")
    assert r.exit_code == 3 and "not tracked" in r.stderr


def test_sync_without_a_token_says_so_once(
    db: str, fake: FakeCourtListener, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run(db, "track", "docket", str(DOCKET)).exit_code == 0
    monkeypatch.delenv("HABEAS_COURTLISTENER_TOKEN")
    asked = len(fake.paths())
    r = run(db, "sync")
    assert r.exit_code == 1 and r.stderr.count("set HABEAS_COURTLISTENER_TOKEN") == 1
    assert len(fake.paths()) == asked
