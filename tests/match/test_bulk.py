"""The batch's comparisons in bulk give every pair exactly the levels `compare.levels`
gives it, one pair at a time; the bulk blocking finds exactly the pairs of the blocks."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from habeas.match import bulk, scoring
from habeas.match.bulk import (
    CODES,
    CONTEXT_WIDTH,
    bulk_levels,
    bulk_pairs,
    code_records,
    initialled,
)
from habeas.match.compare import agreement, levels
from habeas.match.dedupe import dedupe
from habeas.match.features import MatchRecord, blocking_keys, match_record
from habeas.match.frequencies import TermFrequencies, word_shares

WORDS = ["ana", "anna", "maria", "jose", "josé", "garcia", "gracia", "garsia", "perez"]
WORDS += ["peres", "vasquez", "basques", "k", "a", "de", "la", "cruz", "kilmar", "kilmer"]

word = st.sampled_from(WORDS)
body = st.fixed_dictionaries(
    {"full_name": st.lists(word, min_size=1, max_size=5).map(" ".join)},
    optional={
        "date_of_birth": st.sampled_from(
            ["1990", "1990-01", "1990-01-02", "1990-02-01", "1991-01-02", "1980-05-06"]
        ),
        "nationality": st.lists(st.sampled_from(["SV", "VE", "MX"]), max_size=2),
        "identifiers": st.lists(
            st.fixed_dictionaries(
                {
                    "scheme": st.sampled_from(["a_number", "a_number", "passport"]),
                    "value": st.sampled_from(["A012345678", "12345678", "A099999999"]),
                }
            ),
            max_size=2,
        ),
        "aliases": st.lists(st.lists(word, min_size=1, max_size=3).map(" ".join), max_size=1),
    },
)


CONTEXTS: list[set[str]] = [
    {"case:c/1"},
    set(),
    {"transfer:t/1", "facility:f/1@2025-03"},
    {"class:c/9", "facility:f/1@2025-03"},
    set(),
    {"transfer:t/2", "facility:f/1@2025-04", "case:c/1"},
    {"class:c/9"},
]


def records_of(bodies: list[dict[str, Any]]) -> list[MatchRecord]:
    """Synthetic records (not real people), many with a context of every kind."""
    out = [match_record(f"p/{i:03d}", b) for i, b in enumerate(bodies)]
    return [r.with_context(CONTEXTS[i % len(CONTEXTS)]) for i, r in enumerate(out)]


TOKENS = ["transfer:t/1", "transfer:t/2", "case:c/1", "case:c/2"]
TOKENS += [f"facility:f/{f}@2025-0{m}" for f in (1, 2) for m in (3, 4, 5)]
context = st.frozensets(st.sampled_from(TOKENS), max_size=CONTEXT_WIDTH + 2)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(body, context), min_size=2, max_size=25))
def test_every_pair_gets_the_levels_compare_gives_it(
    drawn: list[tuple[dict[str, Any], frozenset[str]]],
) -> None:
    """Random names, dates, identifiers and contexts (some with more tokens than the
    arrays hold, compared in Python)."""
    records = [match_record(f"p/{i:03d}", b).with_context(c) for i, (b, c) in enumerate(drawn)]
    n = len(records)
    left, right = np.triu_indices(n, k=1)
    tf = TermFrequencies(word_shares(records))
    got, shares_s, shares_g = bulk_levels(records, code_records(records), left, right, tf)
    for k, (i, j) in enumerate(zip(left.tolist(), right.tolist(), strict=True)):
        pattern, surname, given_words = agreement(records[i], records[j])
        assert tuple(CODES[c] for c in got[k]) == levels(records[i], records[j]) == pattern
        want_s = tf.log_share("surname", surname) if pattern[0] == "exact" else 0.0
        want_g = tf.log_share("given_name", given_words) if pattern[1] == "exact" else 0.0
        assert abs(shares_s[k] - want_s) < 1e-9 and abs(shares_g[k] - want_g) < 1e-9


@settings(max_examples=30, deadline=None)
@given(st.lists(body, min_size=2, max_size=40), st.integers(min_value=2, max_value=6))
def test_the_bulk_blocking_finds_the_pairs_of_every_block_small_enough(
    bodies: list[dict[str, Any]], max_block: int
) -> None:
    """A block's pairs, except an `ni:` block's pairs of two records whose given names are
    both written in full."""
    records = records_of(bodies)
    members: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(records):
        for k in blocking_keys(r):
            members[k].append(i)
    want = {
        (a, b)
        for k, m in members.items()
        if len(m) <= max_block
        for x, a in enumerate(m)
        for b in m[x + 1 :]
        if not k.startswith("ni:") or initialled(records[a]) or initialled(records[b])
    }
    left, right, skipped = bulk_pairs(records, max_block=max_block)
    assert list(zip(left.tolist(), right.tolist(), strict=True)) == sorted(want)
    assert skipped == sum(len(m) > max_block for m in members.values())


def test_dedupe_keeps_exactly_the_pairs_scored_above_the_threshold() -> None:
    people = [
        {"full_name": f"{g} {s} {t}", "date_of_birth": f"19{60 + n % 40}-0{1 + n % 9}-1{n % 9}"}
        for n, (g, s, t) in enumerate(
            (g, s, t) for g in WORDS[:6] for s in WORDS[5:11] for t in ("cruz", "perez")
        )
    ]
    twice = [*people, *({**p, "full_name": p["full_name"].replace("a", "á", 1)} for p in people)]
    records = [match_record(f"p/{i:03d}", b) for i, b in enumerate(twice)]
    result = dedupe(records, min_weight=0.0, train=False, term_frequencies=False)
    n = len(records)
    want = set()
    for i in range(n):
        for j in range(i + 1, n):
            shared = {
                k
                for k in set(blocking_keys(records[i])) & set(blocking_keys(records[j]))
                if not k.startswith("ni:") or initialled(records[i]) or initialled(records[j])
            }
            if shared and result.model.score(records[i], records[j]).match_weight >= 0.0:
                want.add((records[i].key, records[j].key))
    assert {(p.left, p.right) for p in result.pairs} == want


def test_the_pairs_kept_do_not_depend_on_how_the_chunks_are_shared_out(monkeypatch: Any) -> None:
    """Two processes comparing chunks of 50 pairs and explaining the pairs kept 7 at a time
    keep exactly what one process keeps, in the same order (synthetic people, not real
    ones)."""
    people = [
        {"full_name": f"{g} {s} {t}", "date_of_birth": f"19{60 + n % 40}-0{1 + n % 9}-1{n % 9}"}
        for n, (g, s, t) in enumerate(
            (g, s, t) for g in WORDS[:6] for s in WORDS[5:11] for t in ("cruz", "perez")
        )
    ]
    records = [match_record(f"p/{i:03d}", b) for i, b in enumerate(people * 2)]
    one = dedupe(records, min_weight=-50.0, train=False, workers=1)
    monkeypatch.setattr(scoring, "CHUNK", 50)
    monkeypatch.setattr(scoring, "EXPLAINED", 7)
    two = dedupe(records, min_weight=-50.0, train=False, workers=2)
    assert one.compared > 200
    assert len(one.pairs) > 20
    assert two.pairs == one.pairs


def test_the_levels_stay_those_of_compare_when_the_tables_of_measures_start_again(
    monkeypatch: Any,
) -> None:
    """Chunks of 10 pairs of one batch, the tables of measured values kept to 3 values
    (synthetic people, not real ones)."""
    monkeypatch.setattr(bulk, "MEMO", 3)
    names = [f"{g} {s} {t}" for g in WORDS[:8] for s in WORDS[5:12] for t in ("cruz", "k")]
    records = records_of([{"full_name": n} for n in names[::3]])
    coded = code_records(records)
    left, right = np.triu_indices(len(records), k=1)
    assert len(left) > 500
    for start in range(0, len(left), 10):
        i, j = left[start : start + 10], right[start : start + 10]
        got, _s, _g = bulk_levels(records, coded, i, j)
        for k in range(len(i)):
            assert tuple(CODES[c] for c in got[k]) == levels(records[i[k]], records[j[k]])
