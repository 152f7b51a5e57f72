"""Ed25519 verification for `habeas.ledger`'s notes, checkpoints, cosignatures and proofs.

The one function `habeas.ledger.note` takes as `Ed25519Verify`, with the `cryptography`
package. It imports nothing else of habeas, so an offline verifier can be copied out as
`habeas/ledger/` plus this file, needing only the standard library and `cryptography`.
Signing lives in `habeas.ledger_keys`.
"""

from __future__ import annotations

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from habeas.ledger.cosignature import CosignatureVerifier
from habeas.ledger.note import ALG_COSIGNATURE_V1, Ed25519NoteVerifier, parse_vkey

__all__ = ["ed25519_verify", "verifier_for"]


def ed25519_verify(public_key: bytes, message: bytes, signature: bytes) -> bool:
    """RFC 8032 Ed25519 verification (the function `habeas.ledger.note` takes)."""
    if len(public_key) != 32 or len(signature) != 64:
        return False
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, message)
    except InvalidSignature:
        return False
    return True


def verifier_for(vkey: str) -> Ed25519NoteVerifier | CosignatureVerifier:
    """The verifier of a vkey: a note key (type 0x01) or a cosigner key (type 0x04)."""
    key = parse_vkey(vkey)
    if key.alg == ALG_COSIGNATURE_V1:
        return CosignatureVerifier(key, ed25519_verify)
    return Ed25519NoteVerifier(key, ed25519_verify)
