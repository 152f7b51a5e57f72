"""Ed25519 verification for `habeas.ledger`'s notes, checkpoints, cosignatures and proofs.

The one function `habeas.ledger.note` takes as `Ed25519Verify`, with the `cryptography`
package. It imports nothing else of habeas, so an offline verifier can be copied out as
`habeas/ledger/` plus this file, needing only the standard library and `cryptography`.
Signing lives in `habeas.ledger_keys`.
"""

from __future__ import annotations

from habeas.ledger.cosignature import CosignatureVerifier
from habeas.ledger.ed25519 import cryptography_ed25519, verifier_of
from habeas.ledger.note import Ed25519NoteVerifier

__all__ = ["ed25519_verify", "verifier_for"]

_VERIFY = cryptography_ed25519()
if _VERIFY is None:  # pragma: no cover - a dependency of habeas
    raise ImportError("habeas.ledger_crypto needs the cryptography package")
_ED25519 = _VERIFY


def ed25519_verify(public_key: bytes, message: bytes, signature: bytes) -> bool:
    """RFC 8032 Ed25519 verification (the function `habeas.ledger.note` takes)."""
    return _ED25519(public_key, message, signature)


def verifier_for(vkey: str) -> Ed25519NoteVerifier | CosignatureVerifier:
    """The verifier of a vkey: a note key (type 0x01) or a cosigner key (type 0x04)."""
    return verifier_of(vkey, ed25519_verify)
