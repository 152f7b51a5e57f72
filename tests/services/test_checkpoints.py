"""Signed checkpoints: signed after each import, C2SP-conformant, and never one that
contradicts a checkpoint signed before (an old backup restored, a rewritten log)."""

from __future__ import annotations

import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import update

from habeas.config import Settings
from habeas.domain.access import LOCAL_OPERATOR
from habeas.domain.errors import CheckpointRefused
from habeas.ledger.checkpoint import parse_checkpoint
from habeas.ledger.note import open_note
from habeas.ledger_keys import KeyFileError, LogSigner, create_key_file, load_key_file, verifier_for
from habeas.services import checkpoints, proofs
from habeas.services.importing import import_bundle
from habeas.services.writer import ledger_writer
from habeas.storage import tables as t
from habeas.storage.store import Store
from tests.conftest import small_story, write_bundle


@pytest.fixture
def key(tmp_path: Path) -> Path:
    path = tmp_path / "keys" / "signing.key"
    create_key_file(path, "test.example/habeas")
    return path


@pytest.fixture
def signing(store: Store, key: Path) -> Iterator[Store]:
    """The store, signing a checkpoint after each import with `key`."""
    stop = checkpoints.enable_signing(store, Settings(signing_key=str(key)))
    yield store
    stop()


def append_audit(store: Store, n: int) -> None:
    with ledger_writer(store, author="test") as w:
        for i in range(n):
            w.audit({"action": "read", "n": i})


def sign(store: Store, key: Path) -> checkpoints.SignedCheckpoint:
    return checkpoints.sign_checkpoint(
        store, load_key_file(key), remember=checkpoints.state_file(key)
    )


def test_the_key_file_is_private_and_never_overwritten(key: Path) -> None:
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert key.read_text().startswith("PRIVATE+KEY+test.example/habeas+")
    with pytest.raises(KeyFileError, match="never overwritten"):
        create_key_file(key, "other.example/x")
    key.chmod(0o644)
    with pytest.raises(KeyFileError, match="readable by others"):
        load_key_file(key)


def test_an_import_signs_a_checkpoint_that_a_note_verifier_accepts(
    signing: Store, key: Path, tmp_path: Path
) -> None:
    bundle = write_bundle(tmp_path / "story.jsonl", small_story())
    import_bundle(signing, bundle, principal=LOCAL_OPERATOR)
    done = checkpoints.latest(signing)
    head = proofs.checkpoint(signing)
    assert (done.size, done.root) == (head["size"], head["root"])
    vkey = load_key_file(key).vkey.encode()
    opened = open_note(done.note.encode(), [verifier_for(vkey)])
    cp = parse_checkpoint(opened.text)
    assert (cp.origin, cp.size, cp.root.hex()) == ("test.example/habeas", done.size, done.root)
    assert checkpoints.state_file(key).read_text() == done.note


def test_signing_twice_at_one_size_gives_the_same_checkpoint(store: Store, key: Path) -> None:
    append_audit(store, 3)
    assert sign(store, key) == sign(store, key)
    append_audit(store, 2)
    assert sign(store, key).size == 5


def test_after_a_restore_from_an_old_backup_it_refuses_to_sign(
    sqlite_store: Store, key: Path, tmp_path: Path
) -> None:
    append_audit(sqlite_store, 3)
    sign(sqlite_store, key)
    db = Path(sqlite_store.url.removeprefix("sqlite:///"))
    backup = tmp_path / "backup.db"
    sqlite_store.close()
    shutil.copy(db, backup)
    newer = Store(sqlite_store.url)
    append_audit(newer, 4)
    assert sign(newer, key).size == 7
    newer.close()
    shutil.copy(backup, db)  # the old backup, with its old checkpoints, comes back
    restored = Store(f"sqlite:///{db}")
    with pytest.raises(CheckpointRefused, match=r"fewer than the 7 .*older backup restored"):
        sign(restored, key)
    append_audit(restored, 4)  # as many entries as before, but not the same ones
    with pytest.raises(CheckpointRefused, match=r"has root .* not the .* it was rewritten"):
        sign(restored, key)
    append_audit(restored, 1)
    with pytest.raises(CheckpointRefused, match=r"first 7 entries .* rewritten"):
        sign(restored, key)
    assert checkpoints.latest(restored).size == 3  # nothing was signed
    restored.close()


def test_a_rewritten_log_is_refused_even_with_its_own_checkpoints(store: Store, key: Path) -> None:
    """A rewrite that recomputes every hash still cannot match the root signed before."""
    append_audit(store, 4)
    first = sign(store, key)
    with store.write() as tx:  # forge the tree: another root for the same 4 entries
        tx.conn.execute(update(t.head).values(root="00" * 32))
    with pytest.raises(CheckpointRefused, match="rewritten"):
        sign(store, key)
    assert checkpoints.latest(store) == first


def test_another_key_does_not_unlock_a_refusal(store: Store, key: Path, tmp_path: Path) -> None:
    append_audit(store, 2)
    sign(store, key)
    with store.write() as tx:
        tx.conn.execute(update(t.head).values(root="11" * 32))
    other = LogSigner("test.example/habeas", b"\x05" * 32)
    with pytest.raises(CheckpointRefused):
        checkpoints.sign_checkpoint(store, other)
