"""Term-frequency adjustment: agreeing on a rare surname is stronger evidence than agreeing
on a common one, the adjustment is explained in the field's weight, and it never turns a
conflicting identifier into a link."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from habeas.match.compare import agreement, compare
from habeas.match.dedupe import dedupe
from habeas.match.features import MatchRecord, match_record
from habeas.match.frequencies import CAP, TermFrequencies, word_shares
from habeas.match.model import DEFAULT


def people(n_garcia: int, n_rare: int) -> list[MatchRecord]:
    """Synthetic records (not real people): many Garcias, few Uzcateguis."""
    out = [match_record(f"p/g{i}", {"full_name": f"Ana{i} Garcia"}) for i in range(n_garcia)]
    out += [match_record(f"p/u{i}", {"full_name": f"Ana{i} Uzcategui"}) for i in range(n_rare)]
    return out


def test_a_word_share_is_the_share_of_records_bearing_it() -> None:
    shares = word_shares(people(30, 10))
    assert shares["surname"]["garcia"] == 30 / 40
    assert shares["surname"]["uzcategui"] == 10 / 40


def test_a_rare_surname_agreeing_gains_and_a_common_one_loses() -> None:
    tf = TermFrequencies(word_shares(people(90, 10)))
    reference = (tf.log_share("surname", ("garcia",)) + tf.log_share("surname", ("uzcategui",))) / 2
    tf = tf.with_reference({("surname", "exact"): (2 * reference, 2)})
    rare = tf.adjustment("surname", "exact", ("uzcategui",))
    common = tf.adjustment("surname", "exact", ("garcia",))
    assert rare > 0 > common
    assert tf.adjustment("surname", "differs", ("garcia",)) == 0


@given(st.floats(min_value=-40, max_value=0), st.floats(min_value=1e-9, max_value=1.0))
def test_the_adjustment_is_capped(reference: float, share: float) -> None:
    tf = TermFrequencies({"surname": {"x": share}}, {("surname", "exact"): reference})
    assert -CAP <= tf.adjustment("surname", "exact", ("x",)) <= CAP


names = st.lists(
    st.sampled_from(["ana", "maria", "jose", "garcia", "perez", "k", "uzcategui"]),
    min_size=1,
    max_size=4,
)


@given(names, names)
def test_the_agreed_words_are_the_same_whichever_record_comes_first(
    a: list[str], b: list[str]
) -> None:
    x = match_record("a", {"full_name": " ".join(a)})
    y = match_record("b", {"full_name": " ".join(b)})
    assert agreement(x, y) == agreement(y, x)
    assert [c.words for c in compare(x, y)] == [c.words for c in compare(y, x)]


def batch() -> list[MatchRecord]:
    """Synthetic: 1,200 records, a common surname and a rare one written twice each, one
    pair with two different A-numbers."""
    out = people(1100, 0)
    for i in range(40):
        body = {"full_name": f"Rosa Uzcategui Briceno{i}", "date_of_birth": "1990-01-02"}
        out.append(match_record(f"p/r{i}", body))
        out.append(match_record(f"p/r{i}x", {**body, "full_name": f"Uzcategui Briceno{i}, Rosa"}))
    ids = lambda v: {  # noqa: E731
        "full_name": "Marta Uzcategui Briceno",
        "date_of_birth": "1990-01-02",
        "identifiers": [{"scheme": "a_number", "value": v}],
    }
    out.append(match_record("p/c1", ids("A012345678")))
    out.append(match_record("p/c2", ids("A099999999")))
    return out


def test_dedupe_explains_every_score_by_its_fields_term_frequencies_included() -> None:
    result = dedupe(batch(), min_weight=-20.0)
    assert result.model.tf is not None and result.pairs
    for pair in result.pairs[:200]:
        total = result.model.prior_weight + sum(e.weight for e in pair.evidence)
        assert abs(pair.match_weight - total) < 1e-6


def test_a_conflicting_identifier_stays_a_conflict_whatever_the_names_weigh() -> None:
    result = dedupe(batch(), min_weight=-40.0)
    (pair,) = [p for p in result.pairs if p.id == "p/c1|p/c2"]
    assert pair.conflict and pair.probability < 0.5
    assert DEFAULT.with_tf(result.model.tf).score(*conflicting()).conflict


def conflicting() -> tuple[MatchRecord, MatchRecord]:
    body = {"full_name": "Marta Uzcategui Briceno", "date_of_birth": "1990-01-02"}
    return (
        match_record("p/c1", {**body, "identifiers": [{"scheme": "a_number", "value": "A1"}]}),
        match_record("p/c2", {**body, "identifiers": [{"scheme": "a_number", "value": "A2"}]}),
    )


@given(names, names, st.sampled_from([None, "1990", "1990-01-02"]))
def test_a_score_is_the_same_whichever_record_comes_first(
    a: list[str], b: list[str], dob: str | None
) -> None:
    tf = TermFrequencies(
        {"surname": {"garcia": 0.2, "uzcategui": 0.001}},
        {("surname", "exact"): -5.0, ("given_name", "exact"): -4.0},
    )
    model = DEFAULT.with_tf(tf)
    x = match_record("a", {"full_name": " ".join(a), "date_of_birth": dob})
    y = match_record("b", {"full_name": " ".join(b)})
    forward, backward = model.score(x, y), model.score(y, x)
    assert forward.match_weight == backward.match_weight
    assert [(e.comparison, e.weight) for e in forward.evidence] == [
        (e.comparison, e.weight) for e in backward.evidence
    ]
