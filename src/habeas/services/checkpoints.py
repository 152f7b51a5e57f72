"""Signed checkpoints: the log's size and root, as a C2SP tlog-checkpoint signed with the
log's Ed25519 key, stored and served; never one that contradicts an earlier one.

When a checkpoint is signed:

- after each import (`enable_signing` registers the one `AFTER_COMMIT` hook of the store);
- at least daily while the server runs (`habeas.api.checkpoint_task`);
- on demand (`habeas proof sign`).

Before signing, the log must extend the last checkpoint signed: not fewer entries, the same
root at the same size, and a consistency proof from the old tree to the new one that holds
with the OLD root. The last checkpoint is read from the database AND from a file beside the
key (`<key file>.checkpoint`), since a database restored from an old backup brings its old
checkpoints with it. Anything else raises `CheckpointRefused` and nothing is signed.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from habeas.config import Settings
from habeas.domain.errors import CheckpointRefused, HabeasError, NotFound
from habeas.ledger.checkpoint import Checkpoint, parse_checkpoint
from habeas.ledger.note import Note, NoteError, open_note, parse_note, sign_note
from habeas.ledger_keys import LogSigner, load_key_file, verifier_for
from habeas.services.proofs import consistency_in
from habeas.services.write import AFTER_COMMIT, Committed
from habeas.storage import evidence_queries
from habeas.storage.store import Connection, Store

__all__ = [
    "SignedCheckpoint",
    "enable_signing",
    "latest",
    "latest_with_cosignatures",
    "note_with_cosignatures",
    "published",
    "sign_checkpoint",
    "signer_from",
    "state_file",
]


@dataclass(frozen=True)
class SignedCheckpoint:
    """A checkpoint as signed: its size, root (hex), origin, the signed note, and when."""

    size: int
    root: str
    origin: str
    note: str
    key_id: str
    signed_at: str

    def as_json(self) -> dict[str, Any]:
        """The checkpoint as the CLI's --json and the API show it."""
        return {
            "size": self.size,
            "root": self.root,
            "origin": self.origin,
            "key_id": self.key_id,
            "signed_at": self.signed_at,
            "note": self.note,
        }


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def published(store: Store, settings: Settings) -> dict[str, Any]:
    """What anyone may know to check this log: its public keys (None without a key), its
    newest signed checkpoint with the cosignatures witnesses returned (None before one is
    signed), and who cosigned it."""
    signer = signer_from(settings)
    with store.read() as conn:
        newest = _latest_row(conn)
        note = note_with_cosignatures(conn) if newest is not None else None
        cosigners = (
            [
                {"name": r.cosigner, "vkey": r.vkey, "cosigned_at": int(r.cosigned_at)}
                for r in evidence_queries.cosigners_of(conn, newest.size)
            ]
            if newest is not None
            else []
        )
    return {
        "key": signer.public() if signer is not None else None,
        "checkpoint": (
            {**newest.as_json(), "note": note.decode("utf-8")} if newest and note else None
        ),
        "cosigners": cosigners,
    }


def signer_from(settings: Settings) -> LogSigner | None:
    """The log's key from HABEAS_SIGNING_KEY; None when no key is configured."""
    if not settings.signing_key:
        return None
    return load_key_file(Path(settings.signing_key))


def state_file(key_path: Path) -> Path:
    """The file beside the key holding the last checkpoint signed with it."""
    return key_path.with_name(key_path.name + ".checkpoint")


def _row(row: Any) -> SignedCheckpoint:
    return SignedCheckpoint(
        int(row.size), row.root, row.origin, row.note, row.key_id, row.signed_at
    )


def _latest_row(conn: Connection) -> SignedCheckpoint | None:
    row = evidence_queries.signed_checkpoint(conn)
    return _row(row) if row is not None else None


def latest(store: Store) -> SignedCheckpoint:
    """The newest signed checkpoint; `NotFound` when none was ever signed."""
    with store.read() as conn:
        found = _latest_row(conn)
    if found is None:
        raise NotFound("no checkpoint has been signed yet: run `habeas keys init`, then import")
    return found


def latest_with_cosignatures(store: Store, size: int | None = None) -> bytes:
    """The signed note of the newest checkpoint (or that of `size`), with every cosignature
    witnesses returned for it appended: what a proof carries."""
    with store.read() as conn:
        return note_with_cosignatures(conn, size)


def note_with_cosignatures(conn: Connection, size: int | None = None) -> bytes:
    """`latest_with_cosignatures` inside the caller's transaction."""
    row = evidence_queries.signed_checkpoint(conn, size)
    if row is None:
        raise NotFound(
            "no checkpoint has been signed yet"
            if size is None
            else f"no checkpoint was signed at size {size}"
        )
    lines = evidence_queries.cosigners_of(conn, int(row.size))
    note = parse_note(row.note.encode("utf-8"))
    extra = [parse_note((note.text + "\n" + r.line + "\n").encode()).signatures[0] for r in lines]
    return Note(note.text, note.signatures + tuple(extra)).encode()


def _remembered(path: Path | None, signer: LogSigner) -> tuple[int, bytes, str] | None:
    """(size, root, where) of the checkpoint in the state file, checked with the key."""
    if path is None or not path.exists():
        return None
    try:
        opened = open_note(path.read_bytes(), [verifier_for(signer.vkey.encode())])
        cp = parse_checkpoint(opened.text)
    except (OSError, NoteError) as e:
        raise CheckpointRefused(f"{path} is not a checkpoint signed with this key: {e}") from e
    return cp.size, cp.root, str(path)


def _refuse_unless_extends(
    conn: Connection, size: int, root: bytes, prev_size: int, prev_root: bytes, where: str
) -> None:
    """`CheckpointRefused` unless the log of `size` entries (`root`) extends the tree of
    `prev_size` entries whose signed root was `prev_root`."""
    advice = (
        "restore the newest database (or undo the rewrite) before signing again; "
        "see docs/evidence.md, 'Signed checkpoints'"
    )
    if size < prev_size:
        raise CheckpointRefused(
            f"refusing to sign: the log has {size} entries, fewer than the {prev_size} of "
            f"the checkpoint signed before ({where}): was an older backup restored? {advice}"
        )
    if size == prev_size:
        if root != prev_root:
            raise CheckpointRefused(
                f"refusing to sign: the log of {size} entries has root {root.hex()}, not the "
                f"{prev_root.hex()} signed before at that size ({where}): it was rewritten. "
                f"{advice}"
            )
        return
    if prev_size == 0:
        return
    try:
        old_root, _, _ = consistency_in(conn, prev_size, size)
    except HabeasError as e:
        raise CheckpointRefused(f"refusing to sign: no consistency proof from {where}: {e}") from e
    if old_root != prev_root:
        raise CheckpointRefused(
            f"refusing to sign: the first {prev_size} entries of the log no longer have the "
            f"root signed before ({where}): the log was rewritten. {advice}"
        )


def sign_checkpoint(
    store: Store, signer: LogSigner, *, remember: Path | None = None
) -> SignedCheckpoint:
    """Sign the log's head as a checkpoint (or return the one signed already at this size).

    `remember`: the state file beside the key (see `state_file`), read before and written
    after. The head is locked meanwhile, so nothing is appended between check and sign."""
    remembered = _remembered(remember, signer)
    with store.write() as tx:
        head = tx.lock_head()
        size, root = head.size, bytes.fromhex(head.root)
        prev = _latest_row(tx.conn)
        if remembered is not None:
            _refuse_unless_extends(tx.conn, size, root, *remembered)
        if prev is not None:
            where = f"size {prev.size}, signed {prev.signed_at}"
            _refuse_unless_extends(tx.conn, size, root, prev.size, bytes.fromhex(prev.root), where)
            if prev.size == size:
                done = prev
                _write_state(remember, done)
                return done
        text = Checkpoint(signer.name, size, root).text()
        note = sign_note(text, [signer]).decode("utf-8")
        done = SignedCheckpoint(size, root.hex(), signer.name, note, f"{signer.key_id:08x}", _now())
        evidence_queries.add_signed_checkpoint(tx.conn, done.__dict__)
    _write_state(remember, done)
    return done


def _write_state(path: Path | None, done: SignedCheckpoint) -> None:
    if path is None:
        return
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(done.note, encoding="utf-8")
    os.replace(tmp, path)


def enable_signing(store: Store, settings: Settings) -> Callable[[], None]:
    """Sign a checkpoint of `store` after each import into it, with the key of `settings`
    (nothing when none is configured). Returns the function that stops it."""
    if not settings.signing_key:
        return lambda: None
    key_path = Path(settings.signing_key)

    def after_import(done: Committed) -> None:
        if done.store is store and done.kind == "import":
            signer = load_key_file(key_path)  # read when needed: a bad key fails the import
            sign_checkpoint(store, signer, remember=state_file(key_path))

    return AFTER_COMMIT.register(after_import)
