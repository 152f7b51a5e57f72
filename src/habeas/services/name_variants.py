"""The matcher's demo: four records of the reference story's person as four sources write
his name — a caption ("Kilmar Armando Abrego Garcia"), a list ("Abrego Garcia, Kilmar"), a
news report ("Kilmer Abrego"), a manifest ("ABREGO GARCIA K A") — imported as a bundle
(`habeas/demo/name_variants.jsonl`, each flagged synthetic: records of a spelling, not
people). The import's linking proposes each to the review queue with the ledger's person (no
misspelling is typed into his aliases); the demo then accepts the proposals, as an editor
would, so all four answer as person/kilmar-abrego-garcia.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from habeas.domain.access import LOCAL_OPERATOR
from habeas.services import merges, pair_review
from habeas.services.database import load_demo
from habeas.services.importing import import_bundle
from habeas.storage import queries
from habeas.storage.store import Store

__all__ = ["PERSON", "VARIANTS_BUNDLE", "VariantsResult", "load_name_variants", "variants_path"]

VARIANTS_BUNDLE = "name_variants.jsonl"
PERSON = "person/kilmar-abrego-garcia"


@dataclass(frozen=True)
class VariantsResult:
    """Each variant record and the person it answers as, and the pairs accepted."""

    resolved: dict[str, str]
    accepted: tuple[str, ...]


def variants_path() -> Path:
    """The bundle of name variants shipped in the package."""
    return Path(str(resources.files("habeas.demo") / VARIANTS_BUNDLE))


def load_name_variants(store: Store) -> VariantsResult:
    """Load the reference story (if needed) and the name variants, then accept the pairs the
    matcher proposed between them and the story's person. Loading again changes nothing."""
    load_demo(store)
    import_bundle(store, variants_path(), author="habeas demo", principal=LOCAL_OPERATOR)
    with store.read() as conn:
        variants = queries.active_keys_starting(conn, "person/variant-")
    accepted: list[str] = []
    for queued in pair_review.queue(store, principal=LOCAL_OPERATOR, limit=500):
        sides = (queued.pair.left, queued.pair.right)
        if not set(sides) & set(variants):
            continue
        with store.read() as conn:
            roots = merges.resolve_people(conn, sides)
        if roots[sides[0]] == roots[sides[1]]:
            continue
        why = "demo: the matcher's proposal, accepted as an editor would"
        merged = [s for s in sides if roots[s] != s]
        if merged:  # one of the two answers as someone already: merge into that person
            other = next(s for s in sides if s not in merged)
            merges.merge_people(
                store, LOCAL_OPERATOR, survivor=roots[merged[0]], absorbed=other, reason=why
            )
        else:
            survivor = next((s for s in sides if s not in variants), sides[0])
            pair_review.decide(store, LOCAL_OPERATOR, queued.key, "accept", why, survivor=survivor)
        accepted.append(queued.key)
    with store.read() as conn:
        resolved = merges.resolve_people(conn, variants)
    return VariantsResult(resolved, tuple(accepted))
