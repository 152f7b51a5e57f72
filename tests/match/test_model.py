"""The Fellegi–Sunter model: weights in bits, every score explained, conflicts flagged,
and EM that learns from pairs without being dragged by a small ledger."""

from __future__ import annotations

import hashlib
import random

from habeas.match.compare import FIELDS
from habeas.match.dedupe import candidate_pairs, dedupe
from habeas.match.features import MatchRecord, blocking_keys, match_record
from habeas.match.model import DEFAULT, Pattern

KILMAR = {"full_name": "Kilmar Armando Abrego Garcia", "nationality": ["SV"]}


def test_a_score_is_the_prior_plus_the_weights_of_its_evidence() -> None:
    pair = DEFAULT.score(
        match_record("p/b", KILMAR), match_record("p/a", {"full_name": "Abrego Garcia, Kilmar"})
    )
    assert (pair.left, pair.right) == ("p/a", "p/b")
    assert (
        abs(pair.match_weight - DEFAULT.prior_weight - sum(e.weight for e in pair.evidence)) < 1e-9
    )
    assert [e.field for e in pair.evidence] == list(FIELDS)
    assert "surname Abrego Garcia ~ Abrego Garcia" in pair.explain()


def test_missing_values_weigh_nothing() -> None:
    pair = DEFAULT.score(match_record("a", KILMAR), match_record("b", KILMAR))
    assert {e.field: e.weight for e in pair.evidence}["date_of_birth"] == 0


def test_a_conflicting_a_number_outweighs_the_same_name_and_is_flagged() -> None:
    ids = lambda v: {**KILMAR, "identifiers": [{"scheme": "a_number", "value": v}]}  # noqa: E731
    same = DEFAULT.score(match_record("a", ids("A1")), match_record("b", ids("A1")))
    conflict = DEFAULT.score(match_record("a", ids("A1")), match_record("b", ids("A2")))
    assert same.probability > 0.999 and not same.conflict
    assert conflict.conflict and conflict.probability < 0.5


def test_a_shared_transfer_raises_a_pair_and_says_so() -> None:
    a = match_record("a", {"full_name": "GARCIA LOPEZ J L"})
    b = match_record("b", {"full_name": "Jose Garcia"})
    without = DEFAULT.score(a, b)
    flight = DEFAULT.score(a.with_context({"transfer:t/1"}), b.with_context({"transfer:t/1"}))
    other = DEFAULT.score(a.with_context({"transfer:t/1"}), b.with_context({"transfer:t/2"}))
    own_case = DEFAULT.score(a.with_context({"case:c/1"}), b.with_context({"case:c/1"}))
    assert other.match_weight < without.match_weight < flight.match_weight
    assert flight.match_weight < own_case.match_weight
    assert "same transfer t/1" in flight.explain()
    assert "same case c/1" in own_case.explain()


def synthetic_people(n: int, seed: int = 3) -> tuple[list[MatchRecord], set[tuple[str, str]]]:
    """Synthetic people (not real individuals), each written once or twice with a typo."""
    rng = random.Random(seed)
    given = ["ana", "jose", "maria", "luis", "carmen", "pedro", "rosa", "juan", "elena", "mario"]
    surnames = [
        "garcia",
        "perez",
        "lopez",
        "flores",
        "reyes",
        "cruz",
        "ramos",
        "diaz",
        "vega",
        "soto",
    ]
    out, truth = [], set()
    for i in range(n):
        g, s1, s2 = rng.choice(given), rng.choice(surnames), rng.choice(surnames)
        dob = f"{rng.randint(1960, 2005)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        out.append(match_record(f"p/{i}", {"full_name": f"{g} {s1} {s2}", "date_of_birth": dob}))
        if rng.random() < 0.3:
            typo = s1[:-1] + "z"
            out.append(
                match_record(
                    f"p/{i}x",
                    {
                        "full_name": f"{s1 if rng.random() < 0.5 else typo} {s2}, {g}",
                        "date_of_birth": dob,
                    },
                )
            )
            truth.add(tuple(sorted((f"p/{i}", f"p/{i}x"))))  # type: ignore[arg-type]
    return out, truth


def test_blocking_finds_every_written_twice_pair_and_far_fewer_than_all_pairs() -> None:
    people, truth = synthetic_people(600)
    pairs, _skipped = candidate_pairs(people)
    found = {tuple(sorted((people[i].key, people[j].key))) for i, j in pairs}
    assert truth <= found
    assert len(pairs) < len(people) * (len(people) - 1) // 20


def test_em_on_the_pairs_finds_the_duplicates() -> None:
    people, truth = synthetic_people(1200)
    result = dedupe(people, min_weight=0.0)
    assert result.model.trained_on > 0
    got = {(p.left, p.right) for p in result.pairs}
    tp = len(got & truth)
    assert tp / len(got) > 0.9 and tp / len(truth) > 0.9


def test_em_refuses_an_estimate_that_calls_most_pairs_matches() -> None:
    patterns: list[Pattern] = [("exact", "exact", "missing", "missing", "missing", "missing")] * 500
    assert DEFAULT.trained(patterns) is DEFAULT


def test_blocking_keys_name_identifiers_and_sounds_never_raw_names() -> None:
    keys = blocking_keys(
        match_record("p", {**KILMAR, "identifiers": [{"scheme": "a_number", "value": "A-012"}]})
    )
    assert keys[0] == "id:a_number:" + hashlib.sha256(b"a_number:12").hexdigest()[:20]
    assert "nn:ABRG:GRS" in keys and "ni:ABRG:k" in keys
