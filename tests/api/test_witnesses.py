"""Two habeas instances on this machine (two databases, two real HTTP servers) witness each
other: each fetches the other's signed checkpoint and a consistency proof over HTTP, cosigns
it, and hands the cosignature back; a log rewritten behind its checkpoints is refused."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from habeas.app import create_app
from habeas.config import Settings
from habeas.domain.access import LOCAL_OPERATOR
from habeas.domain.errors import WitnessRefused
from habeas.ledger.note import open_note, parse_note
from habeas.ledger_keys import LogSigner, create_key_file, load_key_file, verifier_for
from habeas.services import checkpoints, witness
from habeas.services.writer import ledger_writer
from habeas.storage.evidence_tables import cosignatures, signed_checkpoints, witnessed_logs
from habeas.storage.store import Store
from tests.api.server import LiveServer


@dataclass
class Instance:
    """One habeas: its database, key and server address."""

    name: str
    store: Store
    key: Path
    signer: LogSigner
    url: str

    def grow(self, n: int) -> None:
        with ledger_writer(self.store, author="test") as w:
            for i in range(n):
                w.audit({"action": "read", "n": i})
        checkpoints.sign_checkpoint(
            self.store, self.signer, remember=checkpoints.state_file(self.key)
        )


@contextmanager
def instance(folder: Path, name: str, port: int = 0, key: Path | None = None) -> Iterator[Instance]:
    folder.mkdir(parents=True, exist_ok=True)
    db = f"sqlite:///{folder / 'habeas.db'}"
    store = Store(db)
    store.migrate()
    if key is None:
        key = folder / "signing.key"
        signer = create_key_file(key, name)
    else:
        signer = load_key_file(key)
    app = create_app(Settings(database_url=db, signing_key=str(key)))
    try:
        with LiveServer(app, port) as server:  # signs a checkpoint as it starts
            yield Instance(name, store, key, signer, server.url)
    finally:
        store.close()


def witnesses(a: Instance, b: Instance) -> None:
    """`a` witnesses `b` (and so accepts `b`'s cosignatures too)."""
    witness.add_log(a.store, b.name, b.url, b.signer.vkey.encode(), principal=LOCAL_OPERATOR)


def run(a: Instance) -> list[witness.WitnessResult]:
    return witness.witness_all(a.store, a.signer, principal=LOCAL_OPERATOR)


def test_two_instances_witness_each_other_and_refuse_a_rewritten_log(tmp_path: Path) -> None:
    with (
        instance(tmp_path / "a", "a.example/habeas") as a,
        instance(tmp_path / "b", "b.example/habeas") as b,
    ):
        a.grow(3)
        b.grow(5)
        witnesses(a, b)
        witnesses(b, a)
        first = run(a)
        assert [(r.name, r.ok, r.size) for r in first] == [("b.example/habeas", True, 5)]
        assert first[0].message == "cosigned, delivered"
        assert [(r.name, r.ok, r.size) for r in run(b)] == [("a.example/habeas", True, 3)]

        # b's published checkpoint now carries a's cosignature, checkable by a's witness key.
        note = httpx.get(f"{b.url}/api/v1/checkpoint").content
        opened = open_note(
            note,
            [verifier_for(b.signer.vkey.encode()), verifier_for(a.signer.cosigner_vkey.encode())],
        )
        assert [s.name for s in opened.verified] == ["b.example/habeas", "a.example/habeas"]

        b.grow(4)  # b appends: a checks the consistency proof from 5 to 9 and cosigns
        assert [(r.ok, r.size) for r in run(a)] == [(True, 9)]
        with b.store.read() as conn:
            kept = conn.execute(select(cosignatures.c.size, cosignatures.c.cosigner)).all()
        assert sorted(kept) == [(5, "a.example/habeas"), (9, "a.example/habeas")]

        # A stranger's cosignature is not kept.
        stranger = LogSigner("stranger.example/x", b"\x09" * 32)
        line = stranger.cosign(checkpoints.latest(b.store).note.split("\n\n")[0] + "\n", 1)
        answer = httpx.post(
            f"{b.url}/api/v1/checkpoint/cosignatures",
            json={"size": 9, "cosignature": line.line().strip()},
        )
        assert answer.status_code == 400 and "not a witness known here" in answer.text

        # b's log is rewritten: another history of 12 entries under the same key, its old
        # checkpoints gone with the old database, served at the same address.
        port = int(b.url.rsplit(":", 1)[1])
        key = b.key
    for old in (tmp_path / "b").glob("habeas.db*"):  # the database and its sidecars
        old.unlink()
    checkpoints.state_file(key).unlink()
    with (
        instance(tmp_path / "a", "a.example/habeas", key=tmp_path / "a" / "signing.key") as a,
        instance(tmp_path / "b", "b.example/habeas", port, key=key) as forged,
    ):
        forged.grow(12)
        refused = run(a)
        assert [(r.name, r.ok) for r in refused] == [("b.example/habeas", False)]
        assert "no proof that its 12 entries extend the 9 seen before" in refused[0].message
        with a.store.read() as conn:
            seen = conn.execute(select(witnessed_logs.c.last_size)).scalar_one()
        assert seen == 9  # what a saw stays as it was
        with forged.store.read() as conn:
            assert conn.execute(select(cosignatures)).all() == []  # nothing was cosigned


def test_a_smaller_tree_or_another_root_at_the_same_size_is_refused(tmp_path: Path) -> None:
    with (
        instance(tmp_path / "a", "a.example/habeas") as a,
        instance(tmp_path / "b", "b.example/habeas") as b,
    ):
        b.grow(2)
        witnesses(a, b)
        assert run(a)[0].ok
        with a.store.write() as tx:  # as if a had seen a bigger tree of b before
            tx.conn.execute(witnessed_logs.update().values(last_size=50))
        assert "fewer than the 50 seen before" in run(a)[0].message
        with a.store.write() as tx:
            tx.conn.execute(witnessed_logs.update().values(last_size=2, last_root="00" * 32))
        assert "the log was rewritten" in run(a)[0].message
        with pytest.raises(WitnessRefused, match="not a witness known here"):
            witness.accept_cosignature(
                b.store, 2, a.signer.cosign("x\n1\n" + "A" * 43 + "=\n", 1).line()
            )


def test_a_cosignature_dated_in_the_future_or_before_the_checkpoint_is_refused(
    tmp_path: Path,
) -> None:
    with (
        instance(tmp_path / "a", "a.example/habeas") as a,
        instance(tmp_path / "b", "b.example/habeas") as b,
    ):
        b.grow(2)
        witnesses(a, b)
        witnesses(b, a)  # so b takes a's cosignatures
        assert run(a)[0].ok  # a cosigned b's checkpoint of 2 entries, dated now
        with b.store.read() as conn:
            note = conn.execute(
                select(signed_checkpoints.c.note).where(signed_checkpoints.c.size == 2)
            ).scalar_one()
        text = parse_note(note.encode()).text
        now = int(time.time())
        with pytest.raises(WitnessRefused, match="after this server's clock"):
            witness.accept_cosignature(b.store, 2, a.signer.cosign(text, now + 86_400).line())
        with pytest.raises(WitnessRefused, match="before checkpoint 2 was signed"):
            witness.accept_cosignature(b.store, 2, a.signer.cosign(text, now - 86_400).line())
        kept = witness.accept_cosignature(b.store, 2, a.signer.cosign(text, now).line())
        assert kept["cosigned_at"] == now
