"""C2SP tlog-checkpoint, tlog-cosignature and tlog-proof, checked against the specs'
own examples and round-tripped."""

from __future__ import annotations

import base64

import pytest
from hypothesis import given
from hypothesis import strategies as st

from habeas.ledger.checkpoint import Checkpoint, parse_checkpoint
from habeas.ledger.cosignature import cosigned_message, split_cosignature
from habeas.ledger.merkle import ProofError, inclusion_proof, leaf_hash, root_from_leaf_hashes
from habeas.ledger.note import NoteError, open_note, parse_note, sign_note
from habeas.ledger.tlog_proof import TlogProof, decode_proof, verify_proof
from habeas.ledger_keys import LogSigner, verifier_for

# The example of c2sp.org/tlog-checkpoint and c2sp.org/tlog-cosignature.
SOFA = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
SOFA_NOTE = (
    SOFA + "\n"
    "— example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2"
    "q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n"
    "— witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2"
    "oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==\n"
)


def test_the_spec_checkpoint_parses_and_reencodes() -> None:
    cp = parse_checkpoint(SOFA)
    assert (cp.origin, cp.size) == ("example.com/behind-the-sofa", 20852163)
    assert cp.root == base64.b64decode("CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=")
    assert cp.text() == SOFA


def test_the_spec_cosignature_carries_its_timestamp_and_message() -> None:
    note = parse_note(SOFA_NOTE.encode())
    assert note.text == SOFA
    timestamp, sig = split_cosignature(note.signatures[1].signature)
    assert timestamp == 1679315147 and len(sig) == 64
    assert cosigned_message(SOFA, timestamp) == (
        b"cosignature/v1\ntime 1679315147\nexample.com/behind-the-sofa\n20852163\n"
        b"CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
    )


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("origin\n12\n", "at least three lines"),
        ("origin\n012\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n", "leading 0"),
        ("origin\n-1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n", "tree size"),
        ("origin\n1\nnot base64!\n", "root hash"),
        ("origin\n1\nAAAA\n", "32 bytes"),
        ("\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n", "origin"),
        ("origin\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n", "extension"),
        ("origin\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=", "newline"),
    ],
)
def test_a_malformed_checkpoint_is_refused_naming_the_line(text: str, what: str) -> None:
    with pytest.raises(NoteError, match=what):
        parse_checkpoint(text)


def signer(name: str = "log.example/habeas", fill: int = 7) -> LogSigner:
    return LogSigner(name, bytes([fill]) * 32)


def test_a_cosignature_verifies_with_the_cosigner_vkey_only() -> None:
    log, witness = signer(), signer("witness.example/habeas", 9)
    text = Checkpoint("log.example/habeas", 3, b"\x01" * 32).text()
    signed = sign_note(text, [log])
    cosigned = sign_note(text, [log], keep=[witness.cosign(text, 1700000000)])
    opened = open_note(
        cosigned, [verifier_for(log.vkey.encode()), verifier_for(witness.cosigner_vkey.encode())]
    )
    assert [s.name for s in opened.verified] == ["witness.example/habeas", "log.example/habeas"]
    # The witness's key of type 0x01 is another key ID: its line stays unverified.
    only_note_key = open_note(
        cosigned, [verifier_for(log.vkey.encode()), verifier_for(witness.vkey.encode())]
    )
    assert len(only_note_key.unverified) == 1
    # A cosignature of another checkpoint does not verify on this one.
    other = Checkpoint("log.example/habeas", 4, b"\x01" * 32).text()
    forged = sign_note(text, [log], keep=[witness.cosign(other, 1700000000)])
    with pytest.raises(NoteError, match=r"invalid signature for key witness\.example/habeas"):
        open_note(forged, [verifier_for(witness.cosigner_vkey.encode())])
    assert signed != cosigned


def tree(n: int) -> tuple[list[bytes], list[bytes]]:
    entries = [f"entry {i}".encode() for i in range(n)]
    return entries, [leaf_hash(e) for e in entries]


def proof_file(n: int, index: int, log: LogSigner) -> bytes:
    entries, leaves = tree(n)
    cp = Checkpoint(log.name, n, root_from_leaf_hashes(leaves))
    note = sign_note(cp.text(), [log])
    path = inclusion_proof(leaves, index, n)
    return TlogProof(index, tuple(path), note, extra=entries[index]).encode()


def test_a_tlog_proof_round_trips_and_verifies() -> None:
    log = signer()
    data = proof_file(11, 6, log)
    assert data.startswith(b"c2sp.org/tlog-proof@v1\nextra ")
    assert b"\nindex 6\n" in data
    proof = decode_proof(data)
    assert proof.encode() == data
    checked = verify_proof(data, [verifier_for(log.vkey.encode())], origin=log.name)
    assert checked.checkpoint.size == 11 and checked.leaf_hash == leaf_hash(b"entry 6")


def test_a_tlog_proof_refuses_a_changed_entry_wrong_key_or_origin() -> None:
    log = signer()
    good = proof_file(11, 6, log)
    proof = decode_proof(good)
    changed = TlogProof(proof.index, proof.path, proof.checkpoint, b"entry 7").encode()
    with pytest.raises(ProofError, match="different root"):
        verify_proof(changed, [verifier_for(log.vkey.encode())])
    with pytest.raises(NoteError, match="no signature from a trusted key"):
        verify_proof(good, [verifier_for(signer("other.example/x", 3).vkey.encode())])
    with pytest.raises(NoteError, match="not 'elsewhere'"):
        verify_proof(good, [verifier_for(log.vkey.encode())], origin="elsewhere")
    moved = TlogProof(5, proof.path, proof.checkpoint, proof.extra).encode()
    with pytest.raises(ProofError):
        verify_proof(moved, [verifier_for(log.vkey.encode())])


@pytest.mark.parametrize(
    "data",
    [
        b"c2sp.org/tlog-proof@v2\nindex 0\n\n",
        b"c2sp.org/tlog-proof@v1\nindex 01\n\n",
        b"c2sp.org/tlog-proof@v1\nextra !!\nindex 0\n\n",
        b"c2sp.org/tlog-proof@v1\n\n",
        b"c2sp.org/tlog-proof@v1\nindex 0\nAAAA\n\n",
        b"c2sp.org/tlog-proof@v1\nindex 0\n",
    ],
)
def test_a_malformed_tlog_proof_is_refused(data: bytes) -> None:
    with pytest.raises(NoteError):
        decode_proof(data)


@given(n=st.integers(1, 40), data=st.data())
def test_every_entry_of_any_tree_has_a_verifying_proof(n: int, data: st.DataObject) -> None:
    index = data.draw(st.integers(0, n - 1))
    log = signer()
    checked = verify_proof(proof_file(n, index, log), [verifier_for(log.vkey.encode())])
    assert checked.proof.index == index
