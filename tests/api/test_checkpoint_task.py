"""The server's own signer: a checkpoint at start and then every period (daily by default),
and a refusal logged loudly each time, never hidden and never fatal."""

from __future__ import annotations

import logging
import time
from pathlib import Path

import pytest
from sqlalchemy import update

from habeas.api.checkpoints import SIGN_EVERY, checkpoint_signer
from habeas.config import Settings
from habeas.ledger_keys import create_key_file
from habeas.services import checkpoints
from habeas.services.writer import ledger_writer
from habeas.storage import tables as t
from habeas.storage.store import Store


def append(store: Store, n: int) -> None:
    with ledger_writer(store, author="test") as w:
        for i in range(n):
            w.audit({"action": "read", "n": i})


def wait_for(check: object, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not check():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.02)


def test_it_signs_at_start_and_every_period(sqlite_store: Store, tmp_path: Path) -> None:
    assert SIGN_EVERY <= 24 * 3600
    key = tmp_path / "k.key"
    create_key_file(key, "task.example/habeas")
    append(sqlite_store, 2)
    task = checkpoint_signer(sqlite_store, Settings(signing_key=str(key)), every=0.05)
    assert task is not None
    try:
        assert checkpoints.latest(sqlite_store).size == 2  # signed as it started
        append(sqlite_store, 3)
        wait_for(lambda: checkpoints.latest(sqlite_store).size == 5)
    finally:
        task.stop()


def test_without_a_key_there_is_no_signer(sqlite_store: Store) -> None:
    assert checkpoint_signer(sqlite_store, Settings()) is None


def test_a_refusal_is_logged_as_an_error(
    sqlite_store: Store, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    key = tmp_path / "k.key"
    create_key_file(key, "task.example/habeas")
    append(sqlite_store, 2)
    task = checkpoint_signer(sqlite_store, Settings(signing_key=str(key)), every=3600)
    assert task is not None
    task.stop()
    with sqlite_store.write() as tx:  # the log is rewritten behind its checkpoint
        tx.conn.execute(update(t.head).values(root="22" * 32))
    with caplog.at_level(logging.ERROR):
        again = checkpoint_signer(sqlite_store, Settings(signing_key=str(key)), every=3600)
        assert again is not None
        again.stop()
    refused = [r for r in caplog.records if "habeas-checkpoint-signer failed" in r.getMessage()]
    assert refused and "rewritten" in str(refused[0].exc_info[1])
