"""The public library API is what `__all__` says, and everything in it exists."""

from __future__ import annotations

import importlib

import pytest

PUBLIC = [
    "habeas.ledger",
    "habeas.domain.registry",
    "habeas.domain.time",
    "habeas.services.writer",
    "habeas.services.proofs",
]


@pytest.mark.parametrize("name", PUBLIC)
def test_all_names_exist(name: str) -> None:
    module = importlib.import_module(name)
    exported = module.__all__
    assert exported, f"{name} exports nothing"
    for item in exported:
        assert hasattr(module, item), f"{name}.__all__ names missing {item}"


def test_the_ledger_package_offers_proofs() -> None:
    import habeas.ledger as ledger

    leaves = [ledger.leaf_hash(bytes([i])) for i in range(5)]
    root = ledger.root_from_leaf_hashes(leaves)
    ledger.verify_inclusion(leaves[3], 3, 5, ledger.inclusion_proof(leaves, 3, 5), root)
    old = ledger.root_from_leaf_hashes(leaves[:2])
    ledger.verify_consistency(2, 5, old, root, ledger.consistency_proof(leaves, 2, 5))
