"""The Fellegi–Sunter model: for each field and comparison level, m (how often a true
match falls in that level) and u (how often two different people do). A level's weight is
log2(m/u) bits; a pair's match weight is the prior's log-odds plus its levels' weights, and
its probability 2^w / (1 + 2^w).

`DEFAULT` holds starting values set from the shape of the data (the same figures the
domain benchmark's EM arrives at, rounded); `train` re-estimates them from the ledger's own
pairs: u from random pairs (nearly all non-matches), m and the prior by expectation
maximisation over the blocked candidate pairs. A "missing" level always weighs 0, and an
identifier conflict is always a `conflict` pair, whatever it weighs.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from habeas.domain.pairs import CandidatePair, Comparison, Evidence
from habeas.match.compare import FIELDS, LEVELS, Compared, compare, levels
from habeas.match.features import MatchRecord
from habeas.match.frequencies import NAME_FIELDS, TermFrequencies

__all__ = ["DEFAULT", "Model", "Pattern"]

Pattern = tuple[Comparison, ...]
"""The level of each field of a pair, in the order of `FIELDS`."""

_FLOOR = 1e-5


def _levels(values: Mapping[str, float]) -> dict[Comparison, float]:
    return {level: values[level] for level in values}  # type: ignore[misc]


@dataclass(frozen=True)
class Model:
    """m and u probabilities per field and level, and the prior probability that two
    candidate records are one person."""

    m: Mapping[str, Mapping[Comparison, float]]
    u: Mapping[str, Mapping[Comparison, float]]
    prior: float
    name: str = "habeas-fs-1"
    trained_on: int = 0
    """Candidate pairs the m values were estimated from (0: the default values)."""
    tf: TermFrequencies | None = None
    """The name words' frequencies, when the names' weights are adjusted by them."""
    _cache: dict[tuple[str, Comparison], float] = field(
        default_factory=dict, repr=False, compare=False
    )

    def weight(self, field_name: str, level: Comparison) -> float:
        """The level's weight in bits (0 for missing)."""
        hit = self._cache.get((field_name, level))
        if hit is None:
            if level == "missing":
                hit = 0.0
            else:
                m = max(self.m[field_name].get(level, _FLOOR), _FLOOR)
                u = max(self.u[field_name].get(level, _FLOOR), _FLOOR)
                hit = math.log2(m / u)
                if level == "conflict":
                    hit = min(hit, CONFLICT_WEIGHT)
            self._cache[(field_name, level)] = hit
        return hit

    @property
    def prior_weight(self) -> float:
        """The prior's log-odds in bits."""
        return math.log2(self.prior / (1 - self.prior))

    def pattern_weight(self, pattern: Pattern) -> float:
        """The match weight of a pattern of levels."""
        return self.prior_weight + sum(
            self.weight(f, lv) for f, lv in zip(FIELDS, pattern, strict=True)
        )

    def score_compared(self, a: str, b: str, compared: Sequence[Compared]) -> CandidatePair:
        """The scored pair, each field's comparison as its evidence."""
        evidence = tuple(
            Evidence(
                c.field, c.level, c.detail, self.weight(c.field, c.level) + self.tf_adjustment(c)
            )
            for c in compared
        )
        w = self.prior_weight + sum(e.weight for e in evidence)
        return CandidatePair.of(
            a,
            b,
            w,
            probability(w),
            evidence=evidence,
            conflict=any(c.level == "conflict" for c in compared),
            model=self.name,
        )

    def score(self, a: MatchRecord, b: MatchRecord) -> CandidatePair:
        """Compare and score two records."""
        return self.score_compared(a.key, b.key, compare(a, b))

    def tf_adjustment(self, compared: Compared) -> float:
        """The bits a name field's agreement gains (rare words) or loses (common words)."""
        if self.tf is None or compared.field not in NAME_FIELDS:
            return 0.0
        return self.tf.adjustment(compared.field, compared.level, compared.words)

    def with_tf(self, tf: TermFrequencies | None) -> Model:
        """The same model with the names' weights adjusted by `tf` (None: not adjusted)."""
        return Model(self.m, self.u, self.prior, self.name, self.trained_on, tf)

    def to_json(self) -> dict[str, object]:
        """The parameters, for the docs and for a run's report."""
        return {
            "name": self.name,
            "prior": self.prior,
            "trained_on": self.trained_on,
            "term_frequencies": self.tf is not None,
            "weights": {f: {lv: round(self.weight(f, lv), 2) for lv in LEVELS[f]} for f in FIELDS},
        }

    def with_prior(self, prior: float) -> Model:
        """The same m and u with another prior."""
        return Model(
            self.m, self.u, min(max(prior, 1e-12), 0.5), self.name, self.trained_on, self.tf
        )

    # -- estimation ---------------------------------------------------------------------
    def with_u(self, random_pairs: Iterable[Pattern]) -> Model:
        """u re-estimated from the patterns of random pairs (nearly all non-matches), each
        field's levels as shares of the pairs where neither side is missing."""
        counts = Counter(random_pairs)
        if sum(counts.values()) < 100:
            return self
        u = {f: _shares(counts, i, f, self.u[f]) for i, f in enumerate(FIELDS)}
        return Model(self.m, u, self.prior, self.name, self.trained_on, self.tf)

    def trained(
        self,
        patterns: Iterable[Pattern] | Mapping[Pattern, int],
        *,
        all_pairs: int | None = None,
        rounds: int = 3,
    ) -> Model:
        """m and the prior re-estimated from the candidate pairs' patterns (u kept); the
        patterns may be given counted (pattern -> number of pairs).

        Each field's m is read from the pairs that are sure matches on the OTHER fields
        alone (the prior and the other fields' weights at least `SURE` bits: odds of 64 to
        1 without the field), so no field vouches for itself and
        pairs blocked together on a common name cannot pull the estimate their way (plain EM
        over blocked pairs drifts there). `PSEUDO` matches of the starting values are mixed
        in. The prior is then estimated by EM with m and u fixed, as the probability that
        two records taken at random are one person (the same population u is measured on):
        the expected matches among the candidate pairs over `all_pairs` (every pair of the
        batch; pairs no block brought together are taken as non-matches). An estimate that
        makes more than `MAX_PRIOR` of the candidate pairs matches is not believed."""
        counts = Counter(patterns)  # a mapping is taken as counts already
        total = sum(counts.values())
        if total < 50:
            return self
        model = self
        for _ in range(rounds):
            weights = {
                p: [model.weight(f, lv) for f, lv in zip(FIELDS, p, strict=True)] for p in counts
            }
            m = {}
            for i, f in enumerate(FIELDS):
                sure = Counter(
                    {
                        p: n
                        for p, n in counts.items()
                        if model.prior_weight + sum(weights[p]) - weights[p][i] >= SURE
                    }
                )
                m[f] = _shares(sure, i, f, self.m[f], pseudo=PSEUDO)
            model = Model(m, model.u, model.prior, model.name, total, self.tf)
        population = max(all_pairs or total, total)
        prior = model.prior
        for _ in range(30):
            trial = Model(model.m, model.u, prior, model.name, total, self.tf)
            matched = sum(probability(trial.pattern_weight(p)) * n for p, n in counts.items())
            prior = min(max(matched / population, 1e-12), 0.5)
        if matched > MAX_PRIOR * total:
            return self
        return Model(model.m, model.u, prior, model.name, total, self.tf)


def _shares(
    counts: Counter[Pattern],
    i: int,
    field_name: str,
    start: Mapping[Comparison, float],
    *,
    pseudo: float = 0.5,
) -> dict[Comparison, float]:
    """Each level's share among the pairs (counted) where field `i` is not missing, mixed
    with `pseudo` pairs distributed as `start`."""
    levels: list[Comparison] = [lv for lv in LEVELS[field_name] if lv != "missing"]
    seen: dict[Comparison, int] = dict.fromkeys(levels, 0)
    for p, n in counts.items():
        if p[i] != "missing":
            seen[p[i]] += n
    norm = sum(start.get(lv, 0.0) for lv in levels) or 1.0
    total = sum(seen.values()) + pseudo
    if not any(seen.values()):
        return {lv: start.get(lv, 0.0) / norm for lv in levels}
    return {
        # a level never seen keeps its starting share: no count says it is rarer than that
        lv: (seen[lv] + pseudo * start.get(lv, 0.0) / norm) / total
        if seen[lv]
        else start.get(lv, 0.0) / norm
        for lv in levels
    }


SURE = 6.0
"""Log-odds in bits (the prior's included) from which a pair is a sure match on the other
fields when estimating one field's m: the same name alone is not sure among thousands of
people, so it does not vouch for a context or a date it sits beside."""


CONFLICT_WEIGHT = -10.0
"""A conflicting identifier always weighs at least this much against, whatever the data
suggest: two different A-numbers are two people unless a person decides otherwise."""
PSEUDO = 20.0
"""Matches of the starting values mixed into each estimate of m."""
MAX_PRIOR = 0.9
"""An EM estimate that makes more of the candidate pairs matches than this is refused."""


def probability(weight: float) -> float:
    """2^w / (1 + 2^w), without overflow."""
    if weight > 60:
        return 1.0
    if weight < -60:
        return 0.0
    odds: float = 2.0**weight
    return odds / (1 + odds)


def random_patterns(records: Sequence[MatchRecord], n: int, *, seed: int = 12) -> list[Pattern]:
    """The patterns of `n` random pairs of `records` (for u)."""
    if len(records) < 2:
        return []
    rng = random.Random(seed)
    out: list[Pattern] = []
    for _ in range(n):
        a, b = rng.sample(range(len(records)), 2)
        out.append(levels(records[a], records[b]))
    return out


DEFAULT = Model(
    m={
        "surname": {
            "exact": 0.72,
            "phonetic": 0.08,
            "partial": 0.12,
            "typo": 0.06,
            "differs": 0.02,
        },
        "given_name": {
            "exact": 0.66,
            "partial": 0.04,
            "phonetic": 0.08,
            "typo": 0.08,
            "initial": 0.1,
            "differs": 0.04,
        },
        "date_of_birth": {"exact": 0.8, "partial": 0.1, "typo": 0.07, "differs": 0.03},
        "nationality": {"exact": 0.97, "differs": 0.03},
        "identifier": {"exact": 0.9, "differs": 0.097, "conflict": 0.003},
        "context": {"exact": 0.3, "partial": 0.3, "initial": 0.3, "differs": 0.1},
    },
    u={
        "surname": {
            "exact": 0.0005,
            "phonetic": 0.0003,
            "partial": 0.003,
            "typo": 0.005,
            "differs": 0.9894,
        },
        "given_name": {
            "exact": 0.012,
            "partial": 0.008,
            "phonetic": 0.003,
            "typo": 0.01,
            "initial": 0.04,
            "differs": 0.927,
        },
        "date_of_birth": {"exact": 0.0001, "partial": 0.01, "typo": 0.001, "differs": 0.989},
        "nationality": {"exact": 0.25, "differs": 0.75},
        "identifier": {"exact": 0.00001, "differs": 0.3, "conflict": 0.69999},
        "context": {"exact": 0.0001, "partial": 0.01, "initial": 0.05, "differs": 0.9399},
    },
    prior=0.00001,
)
"""The starting values (and the values import-time linking uses). The prior is the
probability that two person records taken at random are one person: 1 in 100,000."""
