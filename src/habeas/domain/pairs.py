"""A pair of person records that may be one person: the shape entity resolution hands to
the review queue, and the evidence that explains its score.

The matcher (`habeas.match`) scores pairs; the review queue (`habeas.services.review`)
holds them until someone accepts (merges), rejects or skips them. Both speak this shape.
A pair is unordered: `left` is always the key that sorts first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = ["CandidatePair", "Evidence", "pair_id"]

Comparison = Literal[
    "exact", "phonetic", "typo", "initial", "partial", "missing", "differs", "conflict"
]


@dataclass(frozen=True)
class Evidence:
    """One compared field and what it contributed to the score."""

    field: str
    """What was compared: surname, given_name, date_of_birth, identifier, nationality,
    context (same flight, case or facility at the same time)."""
    comparison: Comparison
    """How the two values compared."""
    detail: str
    """The values side by side, in words: "Kilmar ~ Kilmer" (never a confidential value
    the reader may not see: identifiers are named by scheme only)."""
    weight: float
    """Its match weight in bits (log2 of the Bayes factor): above 0 for, below 0 against."""

    def to_json(self) -> dict[str, Any]:
        """Stable JSON form."""
        return {
            "field": self.field,
            "comparison": self.comparison,
            "detail": self.detail,
            "weight": round(self.weight, 3),
        }


def pair_id(a: str, b: str) -> str:
    """The pair's identity, the same whichever way round it is given."""
    left, right = sorted((a, b))
    return f"{left}|{right}"


@dataclass(frozen=True)
class CandidatePair:
    """Two person records scored as possibly one person."""

    left: str
    right: str
    match_weight: float
    """Total match weight in bits (prior plus every field's weight)."""
    probability: float
    """The model's probability that the two are one person."""
    evidence: tuple[Evidence, ...] = field(default_factory=tuple)
    conflict: bool = False
    """A conflicting identifier (two different A-numbers, say): never linked automatically."""
    model: str = ""
    """Which model and version scored it."""

    def __post_init__(self) -> None:
        if self.left == self.right:
            raise ValueError(f"a pair needs two records, not {self.left!r} twice")
        if self.left > self.right:
            raise ValueError("a pair's left key sorts first: use CandidatePair.of(...)")

    @classmethod
    def of(
        cls, a: str, b: str, match_weight: float, probability: float, **kw: Any
    ) -> CandidatePair:
        """The pair of `a` and `b`, whichever way round they are given."""
        left, right = sorted((a, b))
        return cls(left, right, match_weight, probability, **kw)

    @property
    def id(self) -> str:
        """The pair's identity (`pair_id`)."""
        return pair_id(self.left, self.right)

    def explain(self) -> str:
        """One line: "matched: surname, given name ~ Kilmer; against: date of birth"."""
        pro = [e.detail for e in self.evidence if e.weight > 0]
        con = [e.detail for e in self.evidence if e.weight < 0]
        parts = []
        if pro:
            parts.append("matched: " + ", ".join(pro))
        if con:
            parts.append("against: " + ", ".join(con))
        if self.conflict:
            parts.append("conflicting identifier: never linked automatically")
        return "; ".join(parts) or "no evidence compared"

    def to_json(self) -> dict[str, Any]:
        """Stable JSON form."""
        return {
            "id": self.id,
            "left": self.left,
            "right": self.right,
            "match_weight": round(self.match_weight, 3),
            "probability": round(self.probability, 6),
            "conflict": self.conflict,
            "model": self.model,
            "explanation": self.explain(),
            "evidence": [e.to_json() for e in self.evidence],
        }
