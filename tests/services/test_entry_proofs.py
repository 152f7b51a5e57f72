"""One entry's C2SP tlog-proof (offline, against the signed checkpoint and its witnesses),
and finding an entry by its leaf hash, its SHA-256 or a stored copy's SHA-256."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from habeas.domain.access import LOCAL_OPERATOR, PUBLIC
from habeas.domain.errors import HabeasError, NotFound
from habeas.ledger.tlog_proof import decode_proof
from habeas.ledger_keys import LogSigner
from habeas.services import checkpoints, entry_proofs, proofs
from habeas.services.copies import attach_copy
from habeas.services.importing import import_bundle
from habeas.services.verify import verify_ledger
from habeas.storage.store import Store
from tests.conftest import SRC, small_story, write_bundle

LOG = LogSigner("proofs.example/habeas", b"\x02" * 32)


@pytest.fixture
def story(store: Store, tmp_path: Path) -> Store:
    import_bundle(
        store, write_bundle(tmp_path / "s.jsonl", small_story()), principal=LOCAL_OPERATOR
    )
    return store


def test_an_entry_proof_checks_offline_with_the_log_key_alone(story: Store) -> None:
    with pytest.raises(NotFound, match="habeas proof sign"):
        entry_proofs.entry_proof(story, 1, principal=LOCAL_OPERATOR)
    signed = checkpoints.sign_checkpoint(story, LOG)
    proof = entry_proofs.entry_proof(story, 1, principal=LOCAL_OPERATOR)
    assert proof.size == signed.size and proof.with_entry
    assert proof.leaf_hash == proofs.inclusion_proof(story, 1, signed.size)["leaf_hash"]
    result = entry_proofs.check_proof(proof.data, [LOG.vkey.encode()], origin=LOG.name)
    assert result["index"] == 1 and result["entry"]["key"] == "actor/agency"
    assert result["signed_by"] == [f"{LOG.name}+{LOG.key_id:08x}"]


def test_a_tampered_proof_or_a_wrong_key_names_what_fails(story: Store) -> None:
    checkpoints.sign_checkpoint(story, LOG)
    data = entry_proofs.entry_proof(story, 2, principal=LOCAL_OPERATOR).data
    other = LogSigner("proofs.example/habeas", b"\x03" * 32)
    with pytest.raises(HabeasError, match="no signature from a trusted key"):
        entry_proofs.check_proof(data, [other.vkey.encode()])
    moved = data.replace(b"\nindex 2\n", b"\nindex 3\n")
    with pytest.raises(HabeasError, match="the proof does not hold"):
        entry_proofs.check_proof(moved, [LOG.vkey.encode()])
    with pytest.raises(HabeasError, match="--key"):
        entry_proofs.check_proof(data, [])


def test_the_public_gets_no_entry_bytes_of_a_record_above_its_clearance(
    story: Store, tmp_path: Path
) -> None:
    secret = {
        "type": "person",
        "key": "person/hidden",
        "full_name": "Synthetic Hidden Person",
        "synthetic": True,
        "sensitivity": "confidential",
        "sources": [{"source": SRC}],
    }
    import_bundle(story, write_bundle(tmp_path / "x.jsonl", [secret]), principal=LOCAL_OPERATOR)
    checkpoints.sign_checkpoint(story, LOG)
    found = entry_proofs.find_entries(
        story, principal=LOCAL_OPERATOR, hash_hex=leaf_of(story, "person/hidden")
    )
    position = found[0]["position"]
    public = entry_proofs.entry_proof(story, position, principal=PUBLIC)
    assert not public.with_entry and decode_proof(public.data).extra is None
    assert b"person/hidden" not in public.data
    # Still a proof of the leaf, given apart:
    checked = entry_proofs.check_proof(public.data, [LOG.vkey.encode()], leaf_hash=public.leaf_hash)
    assert checked["entry"] is None
    seen = entry_proofs.find_entries(story, principal=PUBLIC, hash_hex=public.leaf_hash)
    assert "record_key" not in seen[0]


def leaf_of(store: Store, key: str) -> str:
    with store.read() as conn:
        from habeas.storage import queries

        return str(queries.history(conn, key)[-1].leaf_hash)


def test_find_entry_by_leaf_hash_by_entry_sha256_and_by_copy_sha256(
    story: Store, tmp_path: Path
) -> None:
    leaf = leaf_of(story, "actor/agency")
    by_leaf = entry_proofs.find_entries(story, principal=LOCAL_OPERATOR, hash_hex=leaf)
    assert [(f["record_key"], f["matched"]) for f in by_leaf] == [("actor/agency", "leaf_hash")]
    by_sha = entry_proofs.find_entries(
        story, principal=LOCAL_OPERATOR, hash_hex=by_leaf[0]["entry_sha256"].upper()
    )
    assert [(f["position"], f["matched"]) for f in by_sha] == [
        (by_leaf[0]["position"], "entry_sha256")
    ]
    pdf = tmp_path / "order.pdf"
    pdf.write_bytes(b"%PDF-1.4 synthetic order of the court\n")
    copy = hashlib.sha256(pdf.read_bytes()).hexdigest()
    attach_copy(story, SRC, pdf, principal=LOCAL_OPERATOR)
    by_copy = entry_proofs.find_entries(story, principal=LOCAL_OPERATOR, copy_sha256=copy)
    assert [(f["record_key"], f["version"], f["matched"]) for f in by_copy] == [
        (SRC, 2, "copy_sha256")
    ]
    with pytest.raises(NotFound):
        entry_proofs.find_entries(story, principal=LOCAL_OPERATOR, copy_sha256="ab" * 32)
    with pytest.raises(HabeasError, match="not a SHA-256"):
        entry_proofs.find_entries(story, principal=LOCAL_OPERATOR, hash_hex="xyz")
    assert verify_ledger(story).size > 0  # the index of hashes is checked by verify too


def test_verify_finds_an_edited_entry_hash_row(story: Store) -> None:
    from sqlalchemy import update

    from habeas.domain.errors import LedgerCorrupt
    from habeas.storage.evidence_tables import entry_hashes

    with story.write() as tx:
        tx.conn.execute(
            update(entry_hashes).where(entry_hashes.c.position == 1).values(hash="0" * 64)
        )
    with pytest.raises(LedgerCorrupt):
        verify_ledger(story)


def test_the_proof_json_carries_the_file_text(story: Store) -> None:
    checkpoints.sign_checkpoint(story, LOG)
    out = entry_proofs.entry_proof(story, 0, principal=LOCAL_OPERATOR).as_json()
    assert out["proof"].startswith("c2sp.org/tlog-proof@v1\n")
    assert json.loads(json.dumps(out)) == out
