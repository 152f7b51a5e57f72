"""C2SP signed notes, checked against the vectors of golang.org/x/mod/sumdb/note's tests
(note_test.go: the PeterNeumann and EnochRoot keys and signatures)."""

from __future__ import annotations

import base64

import pytest
from hypothesis import given
from hypothesis import strategies as st

from habeas.ledger.note import (
    ALG_COSIGNATURE_V1,
    ALG_ED25519,
    Ed25519NoteVerifier,
    Note,
    NoteError,
    Signature,
    VerifierKey,
    open_note,
    parse_note,
    parse_vkey,
    sign_note,
)
from habeas.ledger_keys import LogSigner, ed25519_verify, parse_signer_key, verifier_for

# From golang.org/x/mod/sumdb/note/note_test.go.
PETER_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
PETER_SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
ENOCH_VKEY = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop"
TEXT = (
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n"
)
PETER_SIG = (
    "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdng"
    "otpRZb6KE6RyyBwJnAM=\n"
)
ENOCH_SIG = (
    "— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWL"
    "ox33WWd1RvMc+QQ=\n"
)


def peter() -> Ed25519NoteVerifier:
    return Ed25519NoteVerifier(parse_vkey(PETER_VKEY), ed25519_verify)


def enoch() -> Ed25519NoteVerifier:
    return Ed25519NoteVerifier(parse_vkey(ENOCH_VKEY), ed25519_verify)


def test_the_reference_vkey_parses_and_reencodes_exactly() -> None:
    key = parse_vkey(PETER_VKEY)
    assert (key.name, key.alg, f"{key.key_id:08x}") == ("PeterNeumann", ALG_ED25519, "c74f20a3")
    assert key.encode() == PETER_VKEY


def test_a_mangled_vkey_is_refused() -> None:
    b = bytearray(PETER_VKEY.encode())
    for i in range(len(b)):
        b[i] += 1
        with pytest.raises(NoteError):
            parse_vkey(b.decode("latin-1"))
        b[i] -= 1
    for bad in (
        PETER_VKEY[:-1],
        PETER_VKEY[1:],
        # Go's wrong-length key and unknown algorithm, each with an adjusted key hash:
        "PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==",
        "PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
    ):
        with pytest.raises(NoteError):
            parse_vkey(bad)


def test_signing_the_reference_text_gives_the_reference_note_byte_for_byte() -> None:
    signer = parse_signer_key(PETER_SKEY)
    assert signer.vkey.encode() == PETER_VKEY
    assert signer.encode() == PETER_SKEY
    assert sign_note(TEXT, [signer]) == (TEXT + "\n" + PETER_SIG).encode()


def test_signing_replaces_the_signers_own_earlier_line() -> None:
    signer = parse_signer_key(PETER_SKEY)
    stale = Signature("PeterNeumann", 0xC74F20A3, b"BADSIGN")
    assert sign_note(TEXT, [signer], keep=[stale]) == (TEXT + "\n" + PETER_SIG).encode()


def test_open_verifies_known_keys_and_keeps_unknown_lines_unverified() -> None:
    opened = open_note((TEXT + "\n" + PETER_SIG + ENOCH_SIG).encode(), [peter()])
    assert opened.text == TEXT
    assert [s.name for s in opened.verified] == ["PeterNeumann"]
    assert [(s.name, s.key_id) for s in opened.unverified] == [("EnochRoot", 0xAF0CFE78)]
    both = open_note((TEXT + "\n" + PETER_SIG + ENOCH_SIG).encode(), [peter(), enoch()])
    assert [s.name for s in both.verified] == ["PeterNeumann", "EnochRoot"]


def test_a_note_without_a_trusted_signature_is_refused() -> None:
    with pytest.raises(NoteError, match="no signature from a trusted key"):
        open_note((TEXT + "\n" + PETER_SIG + ENOCH_SIG).encode(), [])


def test_a_duplicated_verifier_is_ambiguous() -> None:
    with pytest.raises(NoteError, match="ambiguous key EnochRoot\\+af0cfe78"):
        open_note((TEXT + "\n" + ENOCH_SIG).encode(), [enoch(), peter(), enoch()])


def test_a_bad_signature_of_a_known_key_rejects_the_note() -> None:
    bad = PETER_SIG[:60] + "ABCD" + PETER_SIG[60:]
    with pytest.raises(NoteError, match="invalid signature for key PeterNeumann\\+c74f20a3"):
        open_note((TEXT + "\n" + bad).encode(), [peter()])


def test_a_changed_text_fails_its_signature() -> None:
    with pytest.raises(NoteError, match="invalid signature"):
        open_note((TEXT.replace("answer", "Answer") + "\n" + PETER_SIG).encode(), [peter()])


@pytest.mark.parametrize(
    "message",
    [
        TEXT,
        TEXT + "\n",
        TEXT + "\n" + PETER_SIG[:-1],
        "\x01" + TEXT + "\n" + PETER_SIG,
        TEXT + "\n" + "— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNX"
        "gKvqfqdngotpRZb6KE6RyyBwJnAM=",
        TEXT + "\n" + PETER_SIG + "Unexpected line.\n",
        TEXT + "\n" + PETER_SIG * 101,
    ],
)
def test_malformed_notes_are_refused(message: str) -> None:
    with pytest.raises(NoteError):
        open_note(message.encode(), [peter()])


def test_a_note_that_is_not_utf8_is_refused() -> None:
    with pytest.raises(NoteError, match="UTF-8"):
        parse_note(b"\xff" + (TEXT + "\n" + PETER_SIG).encode())


def test_the_text_may_hold_blank_lines_the_last_one_separates_signatures() -> None:
    text = "one\n\ntwo\n"
    signer = parse_signer_key(PETER_SKEY)
    opened = open_note(sign_note(text, [signer]), [peter()])
    assert opened.text == text


def test_a_cosigner_key_is_the_same_key_under_type_4() -> None:
    signer = parse_signer_key(PETER_SKEY)
    cos = signer.cosigner_vkey
    assert cos.alg == ALG_COSIGNATURE_V1 and cos.public_key == signer.public_key
    assert cos.key_id != signer.key_id
    assert parse_vkey(cos.encode()) == cos
    assert isinstance(verifier_for(cos.encode()).key, VerifierKey)


def test_each_verifier_takes_only_keys_of_its_own_type() -> None:
    from habeas.ledger.cosignature import CosignatureVerifier

    signer = parse_signer_key(PETER_SKEY)
    note_key, cosigner_key = parse_vkey(PETER_VKEY), signer.cosigner_vkey
    assert CosignatureVerifier(cosigner_key, ed25519_verify).name == "PeterNeumann"
    with pytest.raises(NoteError, match=r"not a cosigner key \(type 0x04\)"):
        CosignatureVerifier(note_key, ed25519_verify)
    with pytest.raises(NoteError, match=r"not an Ed25519 note key \(type 0x01\)"):
        Ed25519NoteVerifier(cosigner_key, ed25519_verify)


names = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cc", "Cs", "Zs", "Zl", "Zp"), blacklist_characters="+"
    ),
    min_size=1,
    max_size=30,
)
texts = st.lists(
    st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=40),
    min_size=1,
    max_size=5,
).map(lambda lines: "".join(line + "\n" for line in lines))


@given(name=names, text=texts, seed=st.binary(min_size=32, max_size=32))
def test_any_note_signed_here_opens_with_its_vkey(name: str, text: str, seed: bytes) -> None:
    if any(c.isspace() for c in name):
        return
    signer = LogSigner(name, seed)
    signed = sign_note(text, [signer])
    opened = open_note(signed, [verifier_for(signer.vkey.encode())])
    assert opened.text == text
    assert parse_note(signed) == Note(text, opened.verified)
    assert base64.b64decode(signed.decode().rsplit(" ", 1)[1])[:4] == signer.key_id.to_bytes(
        4, "big"
    )


def test_the_verifier_module_needs_only_the_ledger_and_cryptography() -> None:
    """`habeas/ledger/` plus `habeas/ledger_crypto.py` can be copied out as a verifier."""
    import json
    import subprocess
    import sys

    probe = (
        "import json, sys; before = set(sys.modules); import habeas.ledger_crypto; "
        "print(json.dumps(sorted(set(sys.modules) - before)))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    outside = [
        m
        for m in json.loads(out.stdout)
        if m.split(".")[0] not in sys.stdlib_module_names
        and m.split(".")[0] not in ("cryptography", "_cffi_backend", "cffi", "_openssl")
        and not m.startswith(("habeas.ledger", "habeas.ledger_crypto"))
        and m != "habeas"
    ]
    assert outside == []
