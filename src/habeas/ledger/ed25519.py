"""Ed25519 for the notes, checkpoints and cosignatures: the verifier of a vkey, and the
check itself from the `cryptography` package, imported only when asked for (so this package
stays standard-library only and the offline verifier runs with or without it).

    verify = cryptography_ed25519()          # None when cryptography is not installed
    verifier = verifier_of("name+1a2b3c4d+AQ…", verify)
"""

from __future__ import annotations

from habeas.ledger.cosignature import CosignatureVerifier
from habeas.ledger.note import ALG_COSIGNATURE_V1, Ed25519NoteVerifier, Ed25519Verify, parse_vkey

__all__ = ["cryptography_ed25519", "verifier_of"]


def cryptography_ed25519() -> Ed25519Verify | None:
    """RFC 8032 Ed25519 verification by the `cryptography` package, or None when it is
    missing (the checks that need it then say so)."""
    try:
        from cryptography.exceptions import InvalidSignature
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
    except ImportError:  # pragma: no cover - habeas itself depends on cryptography
        return None

    def verify(public_key: bytes, message: bytes, signature: bytes) -> bool:
        if len(public_key) != 32 or len(signature) != 64:
            return False
        try:
            Ed25519PublicKey.from_public_bytes(public_key).verify(signature, message)
        except InvalidSignature:
            return False
        return True

    return verify


def verifier_of(vkey: str, verify_fn: Ed25519Verify) -> Ed25519NoteVerifier | CosignatureVerifier:
    """The verifier of a vkey: a note key (type 0x01) or a cosigner key (type 0x04)."""
    key = parse_vkey(vkey.strip())
    if key.alg == ALG_COSIGNATURE_V1:
        return CosignatureVerifier(key, verify_fn)
    return Ed25519NoteVerifier(key, verify_fn)
