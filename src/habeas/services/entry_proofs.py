"""One entry's offline proof (C2SP tlog-proof), checking one, and finding an entry by hash.

`entry_proof` proves entry N against the newest signed checkpoint (which must cover it),
with every cosignature witnesses returned: the file needs nothing from habeas to check, only
the log's public key (and the witnesses' keys, to count their cosignatures). It carries the
entry's bytes as its `extra` line when the reader may see them: a format-2 entry's envelope
(digests, never values) when the record is within the reader's clearance; a format-1 entry
(which holds its record) only for a reader who sees everything. Without them the proof still
proves the leaf hash it is given.

`find_entries` answers "which entry is this?" from a hash: an entry's leaf hash, the SHA-256
of its bytes, or the SHA-256 of a stored source copy its source record names.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

from habeas.domain.access import Principal
from habeas.domain.errors import HabeasError, LedgerCorrupt, NotFound
from habeas.ledger.merkle import ProofError
from habeas.ledger.note import NoteError
from habeas.ledger.tlog_proof import TlogProof, verify_proof
from habeas.ledger_keys import verifier_for
from habeas.services.checkpoints import note_with_cosignatures
from habeas.services.proofs import inclusion_in
from habeas.services.visibility import Visibility
from habeas.storage import evidence_queries, queries
from habeas.storage.projections import record_from_row
from habeas.storage.store import Connection, Store

__all__ = ["EntryProof", "check_proof", "entry_proof", "find_entries"]

_HEX = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class EntryProof:
    """A tlog-proof of one entry, and what it says."""

    position: int
    size: int
    leaf_hash: str
    root: str
    with_entry: bool
    data: bytes

    def as_json(self) -> dict[str, Any]:
        """As `habeas proof entry --json` prints it (the proof file as text)."""
        return {
            "position": self.position,
            "size": self.size,
            "leaf_hash": self.leaf_hash,
            "root": self.root,
            "with_entry": self.with_entry,
            "proof": self.data.decode("utf-8"),
        }


def _shown(conn: Connection, vis: Visibility, row: Any) -> bool:
    """May this reader see the entry's bytes (its key, type, who, when, why)? Only if the
    record, as it is now, would be shown to it at all (its own level, and the people and
    cases it concerns): a public event of a withheld person is withheld with the person."""
    if vis.full or vis.sees_everything:
        return True
    if row.op == "audit" or json.loads(row.body).get("format", 1) != 2:
        return False
    current = queries.get_records(conn, [row.record_key]).get(row.record_key)
    if current is None or current.status != "active":
        return False
    record = record_from_row(current.body)
    if record is None:
        return False
    hidden = vis.hidden(conn, {k for _path, k, _types in record.references()} | {record.key})
    return record.key not in hidden and vis.show(record, hidden) is not None


def entry_proof(store: Store, position: int, *, principal: Principal) -> EntryProof:
    """The tlog-proof of entry `position` against the newest signed checkpoint."""
    vis = Visibility.of(store, principal)
    with store.read() as conn:
        row = queries.entry_at(conn, position)
        if row is None:
            raise NotFound(f"the log has no entry {position}")
        newest = evidence_queries.signed_checkpoint(conn)
        if newest is None or int(newest.size) <= position:
            covered = "none is signed yet" if newest is None else f"the newest has {newest.size}"
            raise NotFound(
                f"no signed checkpoint covers entry {position} ({covered}): "
                "run `habeas proof sign` first"
            )
        size = int(newest.size)
        leaf, path, root = inclusion_in(conn, position, size)
        if root.hex() != newest.root:
            raise LedgerCorrupt(
                f"the stored tree at {size} entries no longer has the signed root: run "
                "`habeas verify`",
                position=position,
            )
        note = note_with_cosignatures(conn, size)
        shown = _shown(conn, vis, row)
    extra = row.body.encode("utf-8") if shown else None
    proof = TlogProof(position, tuple(path), note, extra)
    return EntryProof(position, size, leaf.hex(), root.hex(), shown, proof.encode())


def check_proof(
    data: bytes, vkeys: list[str], *, origin: str | None = None, leaf_hash: str | None = None
) -> dict[str, Any]:
    """Check a tlog-proof file offline with the given public keys (the log's and any
    witnesses'); `HabeasError` saying what fails. Returns what it proves."""
    if not vkeys:
        raise HabeasError("give the log's public key (--key VKEY) to check a proof against")
    try:
        verifiers = [verifier_for(k) for k in vkeys]
        leaf = bytes.fromhex(leaf_hash) if leaf_hash else None
        checked = verify_proof(data, verifiers, origin=origin, leaf=leaf)
    except (NoteError, ProofError) as e:
        raise HabeasError(f"the proof does not hold: {e}") from e
    except ValueError as e:
        raise HabeasError(f"--leaf-hash is not hex: {e}") from e
    cp = checked.checkpoint
    entry = checked.proof.extra
    return {
        "valid": True,
        "origin": cp.origin,
        "size": cp.size,
        "root": cp.root.hex(),
        "index": checked.proof.index,
        "leaf_hash": checked.leaf_hash.hex(),
        "signed_by": [f"{s.name}+{s.key_id:08x}" for s in checked.note.verified],
        "unverified": [f"{s.name}+{s.key_id:08x}" for s in checked.note.unverified],
        "entry": json.loads(entry) if entry is not None else None,
    }


def _hex(value: str, what: str) -> str:
    folded = value.strip().lower()
    if not _HEX.fullmatch(folded):
        raise HabeasError(f"{what} {value!r} is not a SHA-256 (64 hex digits)")
    return folded


def find_entries(
    store: Store,
    *,
    principal: Principal,
    hash_hex: str | None = None,
    copy_sha256: str | None = None,
) -> list[dict[str, Any]]:
    """The entries whose leaf hash or SHA-256 is `hash_hex`, or whose source record names
    the stored copy `copy_sha256`; `NotFound` when none is. Entries the reader may not see
    are given by position and leaf hash only."""
    if (hash_hex is None) == (copy_sha256 is None):
        raise HabeasError("give one of --hash or --copy-sha256")
    vis = Visibility.of(store, principal)
    with store.read() as conn:
        if hash_hex is not None:
            h = _hex(hash_hex, "--hash")
            found = [(r, "leaf_hash") for r in evidence_queries.entries_by_leaf_hash(conn, h)]
            kinds = [("entry", "entry_sha256")]
        else:
            h = _hex(copy_sha256 or "", "--copy-sha256")
            found, kinds = [], [("copy", "copy_sha256")]
        for kind, label in kinds:
            found += [(r, label) for r in evidence_queries.entries_by_hash(conn, h, kind)]
        out = []
        for row, matched in sorted(found, key=lambda f: int(f[0].position)):
            item: dict[str, Any] = {
                "position": int(row.position),
                "leaf_hash": row.leaf_hash,
                "entry_sha256": hashlib.sha256(row.body.encode("utf-8")).hexdigest(),
                "matched": matched,
            }
            if _shown(conn, vis, row):
                item |= {
                    "op": row.op,
                    "record_type": row.record_type,
                    "record_key": row.record_key,
                    "version": int(row.version),
                    "recorded_at": row.recorded_at,
                }
            out.append(item)
    if not out:
        raise NotFound(f"no entry has the hash {h}")
    return out
