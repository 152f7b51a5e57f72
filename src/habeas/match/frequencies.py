"""Term-frequency adjustment of name agreement: a rare surname agreeing is stronger evidence
than "Garcia" agreeing (the idea of Splink's term-frequency adjustments).

A level's weight (`habeas.match.model`) is what an agreement at that level is worth on
average. The adjustment moves it by how much rarer or commoner the agreed words are than
the words that usually agree at that level: log2(reference / share) bits, where `share` is
the product of the agreed words' shares among the records (the chance that a record picked
at random bears them all) and `reference` the same product's geometric mean over the
candidate pairs at that level (nearly all two different people, as u is). On average over
those pairs the adjustment is 0, so the level's m and u keep their meaning; two records
agreeing on "Uzcategui Briceno" gain, two agreeing on "Garcia" alone lose.

The adjustment is capped at `CAP` bits either way, and applies to the name fields' agreeing
levels only (a "differs" or "missing" level has nothing agreed to count).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from habeas.domain.pairs import Comparison
from habeas.match.features import MatchRecord

__all__ = ["CAP", "NAME_FIELDS", "TermFrequencies", "word_shares"]

CAP = 6.0
"""The largest adjustment, in bits, for or against."""
NAME_FIELDS = ("surname", "given_name")
"""The fields adjusted."""
_AGREEING: frozenset[Comparison] = frozenset({"exact"})


def word_shares(records: Sequence[MatchRecord]) -> dict[str, dict[str, float]]:
    """Per name field, each word's share of the records whose main name bears it (initials
    counted as the first letter of a given name)."""
    surnames: Counter[str] = Counter()
    given: Counter[str] = Counter()
    for r in records:
        name = r.main
        surnames.update(set(name.surnames))
        given.update({*name.given, *(w[0] for w in name.given if w)})
    n = max(len(records), 1)
    return {
        "surname": {w: c / n for w, c in surnames.items()},
        "given_name": {w: c / n for w, c in given.items()},
    }


@dataclass(frozen=True)
class TermFrequencies:
    """The words' shares per name field, and the reference (mean log2 share) per level."""

    shares: Mapping[str, Mapping[str, float]]
    reference: Mapping[tuple[str, Comparison], float] = field(default_factory=dict)
    floor: float = 1e-6
    """The share of a word no record bears (an alias's word, say)."""

    def log_share(self, field_name: str, words: Iterable[str]) -> float:
        """log2 of the chance a random record bears all `words` (0 for none)."""
        table = self.shares.get(field_name, {})
        return sum(math.log2(max(table.get(w, 0.0), self.floor)) for w in words)

    def with_reference(
        self, observed: Mapping[tuple[str, Comparison], tuple[float, int]]
    ) -> TermFrequencies:
        """The same shares with the reference of each level set from (sum of log2 shares,
        number of pairs) observed over candidate pairs."""
        reference = {k: total / n for k, (total, n) in observed.items() if n}
        return TermFrequencies(self.shares, reference, self.floor)

    def adjustment(self, field_name: str, level: Comparison, words: tuple[str, ...]) -> float:
        """Bits added to the level's weight for agreeing on `words` (0 when not adjusted)."""
        if level not in _AGREEING or not words:
            return 0.0
        ref = self.reference.get((field_name, level))
        if ref is None:
            return 0.0
        return max(-CAP, min(CAP, ref - self.log_share(field_name, words)))
