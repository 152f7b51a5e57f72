"""A query matches a name word by word: exactly, by sound, by a typo, as a start or an
initial; the best pairing wins and explains itself."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from habeas.domain.name_search import (
    NameWord,
    allowed_typos,
    match_word,
    query_words,
    score_name,
)
from habeas.domain.names import parse_name
from habeas.domain.phonetics import phonetic_key


def _name(text: str) -> list[NameWord]:
    return [NameWord(w, phonetic_key(w), r, w.title()) for w, r in parse_name(text).words()]


def _kind(query: str, word: str, role: str = "surname") -> str | None:
    found = match_word(query_words(query)[0], NameWord(word, phonetic_key(word), role, word))
    return None if found is None else found[0]


def test_each_way_a_word_matches() -> None:
    assert _kind("García", "garcia") == "exact"
    assert _kind("Garsia", "garcia") == "phonetic"
    assert _kind("Abrejo", "abrego") == "typo"
    assert _kind("Gracia", "garcia") == "typo"  # two letters swapped count as one edit
    assert _kind("Abr", "abrego") == "prefix"
    assert _kind("K", "kilmar", "given") == "initial"
    assert _kind("Abc", "abd") is None  # short words forgive no typo
    assert _kind("2025", "2024") is None  # nor do numbers


def test_typos_allowed_grow_with_the_word() -> None:
    assert [allowed_typos(w) for w in ("ana", "kilmar", "martinezz", "00951")] == [0, 1, 2, 0]


def test_the_explanation_says_what_matched_exact_first() -> None:
    s = score_name(query_words("Kilmer Abrego Garcia"), _name("Kilmar Armando Abrego Garcia"))
    assert s.accepted
    assert s.explain() == "matched: surname, given name ~ Kilmer"
    assert s.parts() == [("exact", "surname", ""), ("typo", "given", "Kilmer")]


def test_an_initial_matches_a_given_name_and_is_explained() -> None:
    s = score_name(query_words("ABREGO GARCIA K"), _name("Kilmar Armando Abrego Garcia"))
    assert s.explain() == "matched: surname, initial K of given name"


def test_fewer_than_half_the_words_matching_is_no_match() -> None:
    s = score_name(query_words("Kilmar Zzyzx Qqqq"), _name("Kilmar Armando Abrego Garcia"))
    assert not s.accepted
    assert s.explain().endswith("not matched: Zzyzx, Qqqq")


def test_the_closer_name_scores_higher() -> None:
    q = query_words("Kilmar Abrego Garcia")
    exact = score_name(q, _name("Kilmar Abrego Garcia")).score
    typo = score_name(q, _name("Kilmer Abrego Garcia")).score
    sound = score_name(q, _name("Kilmar Abrego Garsia")).score
    one = score_name(q, _name("Kilmar Lopez")).score
    assert exact > sound > typo > one


def test_swapped_order_still_matches_almost_as_well() -> None:
    name = _name("Kilmar Armando Abrego Garcia")
    written = score_name(query_words("Kilmar Abrego Garcia"), name).score
    listed = score_name(query_words("Abrego Garcia, Kilmar"), name).score
    swapped = score_name(query_words("Garcia Abrego Kilmar"), name).score
    assert written == listed
    assert written - 0.2 < swapped <= written


words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=10)


@given(st.lists(words, min_size=1, max_size=4, unique=True))
def test_a_name_always_matches_itself_best(parts: list[str]) -> None:
    text = " ".join(parts)
    q = query_words(text)
    own = score_name(q, _name(text))
    assert own.accepted and not own.unmatched
    assert all(m.kind == "exact" for m in own.matches)


@given(st.lists(words, min_size=1, max_size=4), st.lists(words, min_size=1, max_size=4))
def test_scores_are_between_zero_and_the_most(a: list[str], b: list[str]) -> None:
    s = score_name(query_words(" ".join(a)), _name(" ".join(b)))
    assert 0.0 <= s.score <= 1.1
    assert len(s.matches) + len(s.unmatched) == len(query_words(" ".join(a)))
