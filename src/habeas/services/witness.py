"""Witnessing: one habeas instance checks another's log and cosigns its checkpoints.

`habeas witness add NAME URL VKEY` registers another log (its origin, the base URL of its
habeas API, its public key). `habeas witness run` then, for each such log:

1. fetches its newest signed checkpoint (`GET /api/v1/checkpoint`) and checks the log's
   signature with the registered key and that the origin is NAME;
2. checks it against the last checkpoint seen of that log: the same root at the same size,
   never a smaller tree, and for a larger one a consistency proof from the last size
   (`GET /api/v1/proofs/consistency`) that holds with BOTH roots;
3. only then cosigns it (C2SP tlog-cosignature, cosignature/v1, with this instance's key),
   remembers it, and hands the cosignature back (`POST /api/v1/checkpoint/cosignatures`).

Any failure is a `WitnessRefused` naming the log and what failed; nothing is cosigned and
the last checkpoint seen stays as it was. The first checkpoint seen of a log is trusted on
first use (there is nothing to compare it with).

The other side, `accept_cosignature`, keeps a cosignature only from a witness it knows: a
log registered here whose key (the same Ed25519 key, signature type 0x04) made it, checked
against the checkpoint signed here at that size.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx

from habeas.domain.access import Principal, require
from habeas.domain.errors import Conflict, HabeasError, NotFound, WitnessRefused
from habeas.ledger.checkpoint import Checkpoint, parse_checkpoint
from habeas.ledger.cosignature import CosignatureVerifier
from habeas.ledger.merkle import ProofError, verify_consistency
from habeas.ledger.note import ALG_COSIGNATURE_V1, ALG_ED25519, NoteError, open_note, parse_note
from habeas.ledger_keys import LogSigner, ed25519_verify, verifier_for
from habeas.storage import evidence_queries
from habeas.storage.store import Store

__all__ = [
    "WitnessResult",
    "accept_cosignature",
    "add_log",
    "list_logs",
    "witness_all",
]

TIMEOUT = 30.0
"""Seconds to wait for the other instance."""
MAX_ANSWER = 1 << 20
"""The most bytes read of one answer (a checkpoint or a consistency proof is a few KiB)."""


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _row_json(row: Any) -> dict[str, Any]:
    return {
        "name": row.name,
        "url": row.url,
        "vkey": row.vkey,
        "added_at": row.added_at,
        "last_size": row.last_size,
        "last_root": row.last_root,
        "checked_at": row.checked_at,
    }


def add_log(
    store: Store, name: str, url: str, vkey: str, *, principal: Principal
) -> dict[str, Any]:
    """Register another log to witness; `Conflict` if NAME is registered already."""
    require(principal.role, "admin")
    try:
        key = verifier_for(vkey).key
    except NoteError as e:
        raise HabeasError(f"VKEY: {e}") from e
    if key.alg != ALG_ED25519:
        raise HabeasError("VKEY: give the log's key (type 0x01, from `habeas keys show`)")
    if key.name != name:
        raise HabeasError(f"VKEY is the key of {key.name!r}, not of {name!r}")
    if not url.startswith(("http://", "https://")):
        raise HabeasError(f"URL {url!r}: use the http(s):// address of the log's habeas")
    row = {"name": name, "url": url.rstrip("/"), "vkey": vkey, "added_at": _now()}
    with store.write() as tx:
        if evidence_queries.is_witnessed(tx.conn, name):
            raise Conflict(f"the log {name!r} is witnessed already")
        evidence_queries.add_witnessed_log(tx.conn, row)
    return {**row, "last_size": None, "last_root": None, "checked_at": None}


def list_logs(store: Store, *, principal: Principal) -> list[dict[str, Any]]:
    """Every log this instance witnesses, with the last checkpoint it saw of each."""
    require(principal.role, "read")
    with store.read() as conn:
        rows = evidence_queries.witnessed_log_rows(conn)
    return [_row_json(r) for r in rows]


@dataclass(frozen=True)
class WitnessResult:
    """What witnessing one log gave: cosigned (with the checkpoint) or refused (why)."""

    name: str
    ok: bool
    size: int | None
    root: str | None
    message: str

    def as_json(self) -> dict[str, Any]:
        """The result as `habeas witness run --json` prints it."""
        return {
            "name": self.name,
            "ok": self.ok,
            "size": self.size,
            "root": self.root,
            "message": self.message,
        }


def _get(client: httpx.Client, url: str, **params: Any) -> bytes:
    """The body of a 200 answer, at most MAX_ANSWER bytes; `WitnessRefused` otherwise."""
    try:
        with client.stream("GET", url, params=params or None) as response:
            body = b""
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > MAX_ANSWER:
                    raise WitnessRefused(f"{url} answered more than {MAX_ANSWER} bytes")
            status = response.status_code
    except httpx.HTTPError as e:
        raise WitnessRefused(f"{url} did not answer: {e}") from e
    if status != 200:
        raise WitnessRefused(f"{url} answered {status}: {body[:200].decode('utf-8', 'replace')}")
    return body


def _check_consistent(client: httpx.Client, row: Any, cp: Checkpoint) -> None:
    """`WitnessRefused` unless `cp` extends the last checkpoint seen of the log `row`."""
    if row.last_size is None:
        return  # trust on first use
    last_size, last_root = int(row.last_size), bytes.fromhex(row.last_root)
    if cp.size < last_size:
        raise WitnessRefused(
            f"{row.name}: its checkpoint has {cp.size} entries, fewer than the {last_size} "
            "seen before: the log was cut or rewritten"
        )
    if cp.size == last_size:
        if cp.root != last_root:
            raise WitnessRefused(
                f"{row.name}: at {cp.size} entries its root is now {cp.root.hex()}, not the "
                f"{last_root.hex()} seen before: the log was rewritten"
            )
        return
    if last_size == 0:
        return
    answer = _get(client, f"{row.url}/api/v1/proofs/consistency", old=last_size, new=cp.size)
    try:
        proof = [bytes.fromhex(p) for p in json.loads(answer)["proof"]]
        verify_consistency(last_size, cp.size, last_root, cp.root, proof)
    except (KeyError, TypeError, ValueError) as e:  # ProofError is a ValueError
        what = str(e) if isinstance(e, ProofError) else f"a malformed answer ({e!r})"
        raise WitnessRefused(
            f"{row.name}: no proof that its {cp.size} entries extend the {last_size} seen "
            f"before ({what}): the log was rewritten"
        ) from e


def _witness_one(store: Store, signer: LogSigner, client: httpx.Client, row: Any) -> WitnessResult:
    note = _get(client, f"{row.url}/api/v1/checkpoint")
    try:
        opened = open_note(note, [verifier_for(row.vkey)])
        cp = parse_checkpoint(opened.text)
    except NoteError as e:
        raise WitnessRefused(f"{row.name}: its checkpoint does not verify: {e}") from e
    if cp.origin != row.name:
        raise WitnessRefused(f"{row.name}: the checkpoint is of {cp.origin!r}")
    _check_consistent(client, row, cp)
    line = signer.cosign(cp.text(), int(time.time())).line()
    state = {
        "last_size": cp.size,
        "last_root": cp.root.hex(),
        "last_note": note.decode("utf-8"),
        "checked_at": _now(),
    }
    with store.write() as tx:  # checked and moved at once: a concurrent run cannot roll back
        moved = evidence_queries.move_witnessed_log(tx.conn, row.name, row.last_size, state)
        if moved != 1:
            raise WitnessRefused(f"{row.name}: another witness run moved its state; run again")
    try:
        answer = client.post(
            f"{row.url}/api/v1/checkpoint/cosignatures",
            json={"size": cp.size, "cosignature": line.rstrip("\n")},
        )
    except httpx.HTTPError as e:
        return WitnessResult(
            row.name, True, cp.size, cp.root.hex(), f"cosigned; not delivered ({e})"
        )
    delivered = "delivered" if answer.status_code == 200 else f"refused ({answer.status_code})"
    return WitnessResult(row.name, True, cp.size, cp.root.hex(), f"cosigned, {delivered}")


def witness_all(
    store: Store,
    signer: LogSigner,
    *,
    principal: Principal,
    client: httpx.Client | None = None,
) -> list[WitnessResult]:
    """Witness every registered log once; a refusal is a result (ok False), not a raise."""
    require(principal.role, "admin")
    with store.read() as conn:
        rows = evidence_queries.witnessed_log_rows(conn)
    own = client is None
    http = client or httpx.Client(timeout=TIMEOUT, follow_redirects=False)
    results = []
    try:
        for row in rows:
            try:
                results.append(_witness_one(store, signer, http, row))
            except WitnessRefused as e:
                results.append(WitnessResult(row.name, False, None, None, str(e)))
    finally:
        if own:
            http.close()
    return results


CLOCK_SKEW = 300
"""Seconds a witness's clock may run ahead of this server's, or a cosignature's timestamp
precede the checkpoint's signing, before the cosignature is refused."""


def _utc(seconds: int) -> str:
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _check_cosigned_when(name: str, stamp: int, signed_at: str, size: int) -> None:
    """A cosignature dated in the future, or before the checkpoint it cosigns was signed,
    cannot be what it says: refused, naming both times."""
    now = int(time.time())
    if stamp > now + CLOCK_SKEW:
        raise WitnessRefused(
            f"the cosignature of {name} is dated {_utc(stamp)}, after this server's clock "
            f"({_utc(now)}): its clock is wrong or the line is not what it says"
        )
    signed = int(datetime.fromisoformat(signed_at).timestamp())
    if stamp < signed - CLOCK_SKEW:
        raise WitnessRefused(
            f"the cosignature of {name} is dated {_utc(stamp)}, before checkpoint {size} was "
            f"signed ({_utc(signed)})"
        )


def accept_cosignature(store: Store, size: int, line: str) -> dict[str, Any]:
    """Keep a witness's cosignature of this log's checkpoint of `size` entries.

    The line must be a C2SP cosignature by a log registered here (`habeas witness add`),
    verifying over the checkpoint signed here at that size; `WitnessRefused` otherwise."""
    with store.read() as conn:
        cp = evidence_queries.signed_checkpoint(conn, size)
        known = evidence_queries.witnessed_log_vkeys(conn)
    if cp is None:
        raise NotFound(f"no checkpoint was signed here at size {size}")
    text = parse_note(cp.note.encode("utf-8")).text
    try:
        sig = parse_note((text + "\n" + line.strip() + "\n").encode("utf-8")).signatures[0]
    except NoteError as e:
        raise WitnessRefused(f"the cosignature is malformed: {e}") from e
    for vkey in known:
        key = verifier_for(vkey).key.with_alg(ALG_COSIGNATURE_V1)
        if (key.name, key.key_id) == (sig.name, sig.key_id):
            break
    else:
        raise WitnessRefused(
            f"{sig.name}+{sig.key_id:08x} is not a witness known here (`habeas witness add`)"
        )
    verifier = CosignatureVerifier(key, ed25519_verify)
    if not verifier.verify(text.encode("utf-8"), sig.signature):
        raise WitnessRefused(f"the cosignature of {sig.name} does not verify on checkpoint {size}")
    _check_cosigned_when(sig.name, verifier.timestamp(sig), cp.signed_at, size)
    row = {
        "size": size,
        "cosigner": sig.name,
        "key_id": f"{sig.key_id:08x}",
        "line": sig.line().rstrip("\n"),
        "vkey": key.encode(),
        "cosigned_at": verifier.timestamp(sig),
        "received_at": _now(),
    }
    with store.write() as tx:
        evidence_queries.replace_cosignature(tx.conn, row)
    return {k: row[k] for k in ("size", "cosigner", "key_id", "cosigned_at")}
