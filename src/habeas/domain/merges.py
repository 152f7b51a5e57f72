"""Two records found to be one person: the review queue's pair records and the merges that
accepting one makes.

A `pair` record keeps one candidate pair in the log (`habeas.domain.pairs.CandidatePair`
with its evidence), and what a reviewer decided about it: pending, accepted (merged),
rejected (remembered, with the fingerprint of the evidence it was rejected on), skipped, or
split (merged once and split again). A `merge` record says that the person `absorbed` is
the person `survivor`: while it is current, every read that asks for the absorbed person
answers for the survivor. Nothing of either person is changed: a split retracts the merge
record and every read answers exactly as before it.

Both are records like any other, so the queue and the merges are in the tamper-evident
log, and `habeas verify` rebuilds their projections from it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Annotated, Any, ClassVar, Literal, get_args

from pydantic import Field, model_validator

from habeas.domain.base import Key, Model, Record, RefTo, Sensitivity
from habeas.domain.pairs import CandidatePair, Comparison, pair_id
from habeas.domain.people import Person

__all__ = [
    "PAIR_STATUSES",
    "PairEvidence",
    "PairRecord",
    "PairStatus",
    "PersonMerge",
    "absorbed_of",
    "conflicting_identifiers",
    "evidence_fingerprint",
    "merge_key",
    "most_sensitive",
    "pair_key",
]

PairStatus = Literal["pending", "accepted", "rejected", "skipped", "split"]
PAIR_STATUSES: tuple[str, ...] = get_args(PairStatus)
"""What a reviewer did with a pair: nothing yet, merged it, rejected it, put it off, or
merged it and split it again."""

_RANK = {"public": 0, "restricted": 1, "confidential": 2}


def most_sensitive(levels: Iterable[Sensitivity]) -> Sensitivity:
    """The most sensitive of `levels` (public when there are none)."""
    out: Sensitivity = "public"
    for level in levels:
        if _RANK[level] > _RANK[out]:
            out = level
    return out


def pair_key(pair: str) -> str:
    """The record key of the pair whose id (`pair_id`) is `pair`: 'pair/' and 24 hex digits
    of its SHA-256 (a person key may hold anything a key allows, so the id itself cannot be
    a key)."""
    return "pair/" + hashlib.sha256(pair.encode("utf-8")).hexdigest()[:24]


_MERGE = "merge/"


def merge_key(absorbed: str) -> str:
    """The record key of the merge that absorbs the person `absorbed` (one at a time);
    ValueError for a key too long to make one (over 194 characters)."""
    key = _MERGE + absorbed
    if len(key) > 200:
        raise ValueError(f"absorbed: the key {absorbed[:40]!r}… is too long to merge")
    return key


def absorbed_of(key: str) -> str:
    """The person the merge record `key` absorbs (`merge_key` read backwards)."""
    return key.removeprefix(_MERGE)


def evidence_fingerprint(pair: CandidatePair) -> str:
    """SHA-256 of what a reviewer judged: each compared field, how it compared and the
    values in words, and the conflict flag. Weights are left out: a model that only weighs
    the same evidence differently brings no new evidence."""
    same = {
        "evidence": sorted([e.field, e.comparison, e.detail] for e in pair.evidence),
        "conflict": pair.conflict,
    }
    text = json.dumps(same, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def conflicting_identifiers(a: Person, b: Person) -> list[str]:
    """The identifier schemes (with issuer) under which `a` and `b` hold different numbers:
    strong evidence that they are two people. Named by scheme only, never by value."""

    def by_scheme(p: Person) -> dict[tuple[str, str], set[str]]:
        out: dict[tuple[str, str], set[str]] = {}
        for i in p.identifiers:
            out.setdefault((i.scheme, i.issuer or ""), set()).add(i.value.strip().upper())
        return out

    mine, theirs = by_scheme(a), by_scheme(b)
    return sorted(
        f"{scheme} ({issuer})" if issuer else scheme
        for (scheme, issuer), values in mine.items()
        if (scheme, issuer) in theirs and not values & theirs[(scheme, issuer)]
    )


class PairEvidence(Model):
    """One compared field of a pair and what it contributed to the score."""

    field: str = Field(min_length=1, examples=["surname"])
    comparison: Comparison
    detail: str = Field(examples=["given name ~ Kilmer"])
    weight_millibits: int = Field(
        description="Match weight in thousandths of a bit: above 0 for, below 0 against "
        "(the log holds no floating-point numbers)."
    )

    @property
    def weight(self) -> float:
        """The match weight in bits."""
        return self.weight_millibits / 1000

    def to_json(self) -> dict[str, Any]:
        """Stable JSON form, as `habeas.domain.pairs.Evidence.to_json`."""
        return {
            "field": self.field,
            "comparison": self.comparison,
            "detail": self.detail,
            "weight": self.weight,
        }


class PairRecord(Record):
    """A candidate pair of person records in the review queue, and what was decided."""

    TYPE: ClassVar[str] = "pair"
    type: Literal["pair"] = "pair"
    left: Annotated[Key, RefTo("person")]
    right: Annotated[Key, RefTo("person")]
    status: PairStatus = "pending"
    weight_millibits: int = Field(description="Total match weight in thousandths of a bit.")
    probability_ppm: int = Field(
        ge=0, le=1_000_000, description="The model's probability, in parts per million."
    )
    conflict: bool = Field(False, description="A conflicting identifier: never linked alone.")
    model: str = Field("", description="Which model and version scored it.")
    evidence: list[PairEvidence] = Field(default_factory=list)
    explanation: str = Field("", description="The evidence in one line.")
    fingerprint: str = Field(pattern=r"^[0-9a-f]{64}$", description="evidence_fingerprint.")
    origin: str = Field(min_length=1, examples=["dedupe"], description="Who proposed it.")
    decided_by: str | None = None
    reason: str | None = Field(None, description="Why it was accepted, rejected or split.")
    survivor: Annotated[Key | None, RefTo("person")] = Field(
        None, description="The person kept when it was accepted."
    )

    @model_validator(mode="after")
    def _pair(self) -> PairRecord:
        if self.left >= self.right:
            raise ValueError("right: a pair's left key sorts first, and the two differ")
        if self.key != pair_key(pair_id(self.left, self.right)):
            raise ValueError("key: a pair's key is pair_key(pair_id(left, right))")
        if self.survivor is not None and self.survivor not in (self.left, self.right):
            raise ValueError("survivor: the person kept is one of the pair")
        return self

    @property
    def match_weight(self) -> float:
        """Total match weight in bits."""
        return self.weight_millibits / 1000

    @property
    def probability(self) -> float:
        """The model's probability that the two are one person."""
        return self.probability_ppm / 1_000_000

    @property
    def pair_id(self) -> str:
        """The pair's id, 'left|right'."""
        return pair_id(self.left, self.right)

    def label(self) -> str:
        return f"{self.left} ~ {self.right}"

    def names(self) -> list[str]:
        return []

    @classmethod
    def proposed(
        cls, pair: CandidatePair, *, origin: str, sensitivity: Sensitivity, synthetic: bool
    ) -> PairRecord:
        """A pending pair record for `pair`."""
        return cls(
            type="pair",
            key=pair_key(pair.id),
            unsourced=True,
            sensitivity=sensitivity,
            synthetic=synthetic,
            left=pair.left,
            right=pair.right,
            weight_millibits=round(pair.match_weight * 1000),
            probability_ppm=round(pair.probability * 1_000_000),
            conflict=pair.conflict,
            model=pair.model,
            evidence=[
                PairEvidence(
                    field=e.field,
                    comparison=e.comparison,
                    detail=e.detail,
                    weight_millibits=round(e.weight * 1000),
                )
                for e in pair.evidence
            ],
            explanation=pair.explain(),
            fingerprint=evidence_fingerprint(pair),
            origin=origin,
            reason=None,
            survivor=None,
        )


class PersonMerge(Record):
    """The person `absorbed` is the person `survivor`: reads of either answer for the
    survivor while this record is current. A split retracts it."""

    TYPE: ClassVar[str] = "merge"
    type: Literal["merge"] = "merge"
    survivor: Annotated[Key, RefTo("person")]
    absorbed: Annotated[Key, RefTo("person")]
    reason: str = Field(min_length=1, description="Why they are one person.")
    pair: Annotated[Key | None, RefTo("pair")] = Field(
        None, description="The reviewed pair this merge accepted, if any."
    )
    explanation: str | None = Field(None, description="The pair's explanation when accepted.")
    override: str | None = Field(
        None,
        description="Why the merge stands despite conflicting identifiers (required then).",
    )
    conflicts: list[str] = Field(
        default_factory=list, description="The identifier schemes that conflict, if any."
    )

    @model_validator(mode="after")
    def _merge(self) -> PersonMerge:
        if self.survivor == self.absorbed:
            raise ValueError("absorbed: a person cannot be merged into themself")
        if self.key != merge_key(self.absorbed):
            raise ValueError("key: a merge's key is merge_key(absorbed)")
        if self.conflicts and not (self.override and self.override.strip()):
            raise ValueError(
                "override: the identifiers conflict ("
                + ", ".join(self.conflicts)
                + "): a merge needs an explicit override reason"
            )
        return self

    def label(self) -> str:
        return f"{self.absorbed} -> {self.survivor}"

    def names(self) -> list[str]:
        return []

    def subject(self) -> str | None:
        return self.survivor
