"""A phonetic key gives names that sound alike in Spanish or Portuguese the same key."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from habeas.domain.phonetics import phonetic_key, phonetic_keys

# Words in a Spanish and Portuguese alphabet, as a family member might type them.
words = st.text(alphabet="abcdefgijklmnopqrstuvxyzáéíóúñç", min_size=1, max_size=12)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Vázquez", "Basquez"),  # b/v, s/z, accents
        ("Valdivia", "Baldibia"),
        ("Cecilia", "Sesilia"),  # c before e/i is s
        ("Zoraida", "Soraida"),
        ("Giménez", "Jiménez"),  # g before e/i is j
        ("Xavier", "Javier"),
        ("Hernández", "Ernandes"),  # silent h
        ("Llamas", "Yamas"),  # ll/y
        ("Olhos", "Ollos"),  # Portuguese lh
        ("Quintero", "Kintero"),  # qu/k
        ("Carlos", "Karlos"),
        ("Muñoz", "Munhoz"),  # ñ/nh
        ("Toño", "Tonio"),  # ñ/ni
        ("Guerrero", "Guerero"),  # double letters
        ("Ybarra", "Ibarra"),  # y as a vowel
        ("Philippe", "Filipe"),
        ("Gonçalves", "Goncalves"),
    ],
)
def test_names_that_sound_alike_share_a_key(a: str, b: str) -> None:
    assert phonetic_key(a) == phonetic_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Garcia", "Gracia"),  # a transposition is a typo, for the edit distance
        ("Guerrero", "Gerrero"),  # gu before e is a hard g; g before e is j
        ("Mora", "Mara"),  # vowels carry the word
        ("Castro", "Gastro"),
        ("Rosa", "Ropa"),
    ],
)
def test_names_that_sound_different_keep_different_keys(a: str, b: str) -> None:
    assert phonetic_key(a) != phonetic_key(b)


def test_examples_of_keys() -> None:
    assert phonetic_key("Vázquez") == "baskes"
    assert phonetic_key("Giménez") == "jimenes"
    assert phonetic_key("Chávez") == "xabes"
    assert phonetic_key("") == phonetic_key("123") == phonetic_key("-") == ""


def test_keys_of_several_words_drop_empties_and_repeats() -> None:
    assert phonetic_keys(["Vázquez", "42", "Basquez", "Cruz"]) == ("baskes", "krus")


@given(words)
def test_a_key_ignores_case_and_is_plain_lower_case_letters(w: str) -> None:
    key = phonetic_key(w)
    assert key == phonetic_key(w.upper())
    assert key.isascii() and (key == "" or key.isalpha()) and key == key.lower()


@given(words)
def test_b_and_v_are_one_sound(w: str) -> None:
    assert phonetic_key(w.replace("v", "b")) == phonetic_key(w.replace("b", "v"))


@given(words)
def test_z_is_always_s(w: str) -> None:
    assert phonetic_key(w.replace("z", "s")) == phonetic_key(w)


@given(words)
def test_a_silent_h_before_a_word_changes_nothing(w: str) -> None:
    assert phonetic_key("h" + w) == phonetic_key(w)


@given(words, st.sampled_from("bdfmprstv"), st.integers(min_value=0))
def test_doubling_a_letter_changes_nothing(w: str, letter: str, at: int) -> None:
    i = at % (len(w) + 1)
    assert phonetic_key(w[:i] + letter * 2 + w[i:]) == phonetic_key(w[:i] + letter + w[i:])


@given(words)
def test_accents_do_not_matter(w: str) -> None:
    plain = w.translate(str.maketrans("áéíóúñç", "aeiounc"))
    assert phonetic_key(w) == phonetic_key(plain)
