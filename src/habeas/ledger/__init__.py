"""habeas.ledger: the append-only log's encoding, its RFC 6962 Merkle tree, and proofs.

    from habeas.ledger import inclusion_proof, verify_inclusion, root_from_leaf_hashes

Everything here is pure: give it leaf hashes (or entries) and it computes roots and proofs,
or checks them; give it an entry's bytes and disclosures and it rebuilds the record, or says
which fields were withheld. The stored log is reached through `habeas.services.proofs`.
"""

from habeas.ledger.canonical import canonical_bytes, canonical_text
from habeas.ledger.commitments import Disclosure, DisclosureError, PartialRecord
from habeas.ledger.entry import ENTRY_FORMAT, Entry, PartialEntry, decode_entry, decode_partial
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
    "ENTRY_FORMAT",
    "CompactRange",
    "Disclosure",
    "DisclosureError",
    "Entry",
    "PartialEntry",
    "PartialRecord",
    "ProofError",
    "canonical_bytes",
    "canonical_text",
    "consistency_proof",
    "decode_entry",
    "decode_partial",
    "inclusion_proof",
    "leaf_hash",
    "node_hash",
    "root_from_leaf_hashes",
    "verify_consistency",
    "verify_inclusion",
]
