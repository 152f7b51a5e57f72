"""habeas.ledger: the append-only log's encoding, its RFC 6962 Merkle tree, and proofs.

    from habeas.ledger import inclusion_proof, verify_inclusion, root_from_leaf_hashes

Everything here is pure: give it leaf hashes (or entries) and it computes roots and proofs,
or checks them. The stored log is reached through `habeas.services.proofs`.
"""

from habeas.ledger.canonical import canonical_bytes, canonical_text
from habeas.ledger.entry import Entry, decode_entry
from habeas.ledger.merkle import (
    EMPTY_ROOT,
    CompactRange,
    ProofError,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    node_hash,
    root_from_leaf_hashes,
    verify_consistency,
    verify_inclusion,
)

__all__ = [
    "EMPTY_ROOT",
    "CompactRange",
    "Entry",
    "ProofError",
    "canonical_bytes",
    "canonical_text",
    "consistency_proof",
    "decode_entry",
    "inclusion_proof",
    "leaf_hash",
    "node_hash",
    "root_from_leaf_hashes",
    "verify_consistency",
    "verify_inclusion",
]
