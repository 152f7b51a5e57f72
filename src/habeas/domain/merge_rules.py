"""The rules a `merge` or `pair` record must keep to be written, whoever writes it: the
review queue, a bundle, the records API. The one write door (`habeas.services.write`)
gathers what the ledger holds and asks these functions; each answers the problems it
finds as (field, message), an empty list when the record may stand.

A merge may stand when:
- the survivor and the absorbed person are two current people;
- the absorbed person is not merged into someone else already (split that merge first);
- the survivor was not merged into someone before (merge into the one it answers as); a
  survivor merged later makes a chain, which reads follow, but never a cycle;
- their identifiers do not conflict, or the merge says why it stands (`override`);
- the pair it names, if any, is the pair of those two people.

A pair may stand when a survivor is named only once it was accepted (or accepted and split),
and an accepted pair's merge is live, keeping that survivor.
"""

from __future__ import annotations

from habeas.domain.merges import PairRecord, PersonMerge, conflicting_identifiers, merge_key
from habeas.domain.people import Person

__all__ = ["merge_problems", "pair_problems"]


def merge_problems(
    merge: PersonMerge,
    *,
    survivor: Person | None,
    absorbed: Person | None,
    before: str | None,
    survivor_root: str | None,
    cycle: bool,
    pair: PairRecord | None,
) -> list[tuple[str, str]]:
    """What keeps `merge` from standing. `survivor`, `absorbed`: the current people at its
    two keys (None when not a current person); `before`: the survivor its absorbed person
    was merged into just before this write (None when not merged); `survivor_root`: the
    person its survivor answered as just before this write when it was absorbed then (else
    None); `cycle`: following survivors from its survivor leads back to its absorbed person;
    `pair`: the current pair record it names (None when it names none or that is no pair)."""
    problems: list[tuple[str, str]] = []
    if survivor is None:
        problems.append(("survivor", f"{merge.survivor!r} is not a current person"))
    if absorbed is None:
        problems.append(("absorbed", f"{merge.absorbed!r} is not a current person"))
    if before is not None and before != merge.survivor:
        problems.append(
            ("absorbed", f"{merge.absorbed} is merged into {before} already: split it first")
        )
    if survivor_root is not None:
        problems.append(
            (
                "survivor",
                f"{merge.survivor} is merged into {survivor_root}: merge into "
                f"{survivor_root} instead",
            )
        )
    if cycle:
        problems.append(
            (
                "survivor",
                f"{merge.survivor} answers as {merge.absorbed} through other merges: "
                "the merges would go round in a circle",
            )
        )
    if survivor is not None and absorbed is not None:
        conflicts = conflicting_identifiers(survivor, absorbed)
        if conflicts and not (merge.override and merge.override.strip()):
            problems.append(
                (
                    "override",
                    f"the identifiers conflict ({', '.join(conflicts)}): a merge of two "
                    "records with different numbers needs an explicit override reason",
                )
            )
    if pair is not None and {pair.left, pair.right} != {merge.survivor, merge.absorbed}:
        problems.append(
            ("pair", f"{merge.pair} is the pair {pair.pair_id}, not of these two people")
        )
    return problems


def pair_problems(pair: PairRecord, *, merge: PersonMerge | None) -> list[tuple[str, str]]:
    """What keeps `pair` from standing. `merge`: the live merge that absorbs the one of the
    pair that is not its survivor (None when there is none, or no survivor is named)."""
    if pair.survivor is not None and pair.status not in ("accepted", "split"):
        return [("survivor", f"a {pair.status} pair keeps no survivor: only an accepted one")]
    if pair.status != "accepted":
        return []
    if pair.survivor is None:
        return [("survivor", "an accepted pair names the person kept")]
    gone = pair.right if pair.survivor == pair.left else pair.left
    if merge is None or merge.survivor != pair.survivor:
        return [
            (
                "status",
                f"an accepted pair is a live merge of {gone} into {pair.survivor}: "
                f"write {merge_key(gone)} with it (or accept the pair in the review queue)",
            )
        ]
    return []
