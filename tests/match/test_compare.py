"""Each field of a pair falls into one comparison level; the reference story's spellings
compare as a reader would say they do."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from habeas.match.compare import FIELDS, LEVELS, compare
from habeas.match.compare import levels as pattern_of
from habeas.match.features import match_record
from habeas.match.names import sound, split_name


def levels(a: dict[str, Any], b: dict[str, Any]) -> dict[str, str]:
    return {c.field: c.level for c in compare(match_record("p/a", a), match_record("p/b", b))}


def test_a_list_and_a_manifest_are_read_surnames_first() -> None:
    assert split_name("Abrego Garcia, Kilmar") == split_name("", "Kilmar", "Abrego Garcia")
    manifest = split_name("ABREGO GARCIA K A")
    assert manifest.given == ("k", "a") and manifest.surnames == ("abrego", "garcia")
    assert split_name("Juan de la Cruz Pérez").surnames == ("cruz", "perez")


@pytest.mark.parametrize(
    ("a", "b"),
    [("garcia", "gracia"), ("vasquez", "basques"), ("kilmar", "kilmer"), ("hernandez", "ernandes")],
)
def test_spellings_that_sound_alike_share_a_blocking_sound(a: str, b: str) -> None:
    assert sound(a) == sound(b)


def test_the_caption_and_the_list_agree_on_both_names() -> None:
    got = levels(
        {"full_name": "Kilmar Armando Abrego Garcia"}, {"full_name": "Abrego Garcia, Kilmar"}
    )
    assert got["surname"] == "exact" and got["given_name"] == "exact"


def test_the_news_report_drops_a_surname_and_misspells_the_given_name() -> None:
    got = levels({"full_name": "Kilmar Armando Abrego Garcia"}, {"full_name": "Kilmer Abrego"})
    assert got["surname"] == "partial" and got["given_name"] == "typo"


def test_given_names_spelt_by_sound_compare_as_phonetic() -> None:
    got = levels({"full_name": "Geovanny Basques Soto"}, {"full_name": "Jeovany Vásquez Soto"})
    assert got["given_name"] == "phonetic" and got["surname"] == "phonetic"


def test_a_manifest_gives_initials() -> None:
    got = levels({"full_name": "Kilmar Armando Abrego Garcia"}, {"full_name": "ABREGO GARCIA K A"})
    assert got["surname"] == "exact" and got["given_name"] == "initial"


def test_swapped_order_is_tried_when_the_split_is_a_guess() -> None:
    got = levels({"full_name": "Garcia Kilmar"}, {"full_name": "Kilmar Garcia"})
    assert got["surname"] == "exact" and got["given_name"] == "exact"


def test_one_shared_surname_and_one_different_is_not_a_match() -> None:
    got = levels(
        {"full_name": "Douglas Flores Hernandez"}, {"full_name": "Douglas Orellana Hernandez"}
    )
    assert got["surname"] == "differs"


@pytest.mark.parametrize(
    ("a", "b", "level"),
    [
        ("1995-07-11", "1995-07-11", "exact"),
        ("1995", "1995-07-11", "partial"),
        ("1995-07", "1995-07-11", "partial"),
        ("1995-11-07", "1995-07-11", "typo"),
        ("1996-07-11", "1995-07-11", "typo"),
        ("1980-01-02", "1995-07-11", "differs"),
    ],
)
def test_dates_of_birth_full_or_partial(a: str, b: str, level: str) -> None:
    assert (
        levels({"full_name": "X Y", "date_of_birth": a}, {"full_name": "X Y", "date_of_birth": b})[
            "date_of_birth"
        ]
        == level
    )


def a_number(value: str) -> dict[str, Any]:
    return {"full_name": "X Y", "identifiers": [{"scheme": "a_number", "value": value}]}


def test_the_same_a_number_written_two_ways_is_exact_and_a_different_one_conflicts() -> None:
    assert levels(a_number("A012-345-678"), a_number("12345678"))["identifier"] == "exact"
    assert levels(a_number("A012345678"), a_number("A099999999"))["identifier"] == "conflict"


def test_an_identifier_is_named_by_scheme_never_by_value() -> None:
    shown = " ".join(
        c.detail
        for c in compare(
            match_record("a", a_number("A012345678")), match_record("b", a_number("A099999999"))
        )
    )
    assert "012345678" not in shown and "a-number differs" in shown


def _context(a: set[str], b: set[str]) -> tuple[str, str]:
    x = match_record("a", {"full_name": "X Y"})
    ctx = compare(x.with_context(a), x.with_context(b))[-1]
    return ctx.level, ctx.detail


def test_context_the_smaller_the_group_shared_the_better_the_level() -> None:
    case = _context({"case:c/1", "transfer:t/1"}, {"case:c/1", "transfer:t/1"})
    flight = _context({"transfer:t/1", "facility:f/1@2025-03"}, {"transfer:t/1"})
    held = _context({"facility:f/1@2025-03"}, {"facility:f/1@2025-03", "class:c/9"})
    class_case = _context({"class:c/9"}, {"class:c/9"})
    assert case == ("exact", "same case c/1")
    assert flight == ("partial", "same transfer t/1")
    assert held == ("initial", "same facility f/1 in 2025-03")
    assert class_case == ("initial", "same class case c/9")
    order = LEVELS["context"]
    assert order.index("exact") < order.index("partial") < order.index("initial")


def test_context_differs_only_when_both_name_something_of_one_kind() -> None:
    assert _context({"transfer:t/1"}, {"transfer:t/2"})[0] == "differs"
    assert _context({"facility:f/1@2025-03"}, {"facility:f/2@2025-03"})[0] == "differs"
    # held in one place for months: the same facility in another month says nothing
    assert _context({"facility:f/1@2025-03"}, {"facility:f/1@2025-04"})[0] == "missing"
    # a class list beside a manifest: nothing of one kind on both says nothing
    assert _context({"class:c/9"}, {"transfer:t/1", "case:c/2"})[0] == "missing"
    assert _context({"transfer:t/1"}, set())[0] == "missing"


names = st.lists(
    st.sampled_from(["ana", "maria", "jose", "garcia", "perez", "k", "de"]), min_size=1, max_size=4
)


@given(names, names)
def test_every_field_falls_into_one_of_its_levels_whichever_way_round(
    a: list[str], b: list[str]
) -> None:
    x, y = (
        match_record("a", {"full_name": " ".join(a)}),
        match_record("b", {"full_name": " ".join(b)}),
    )
    forward, backward = compare(x, y), compare(y, x)
    assert [c.field for c in forward] == list(FIELDS)
    assert all(c.level in LEVELS[c.field] for c in forward)
    assert [c.level for c in forward] == [c.level for c in backward]
    assert pattern_of(x, y) == tuple(c.level for c in forward)
