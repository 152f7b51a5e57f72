"""A person's name as written, however it is written, parses into the same parts."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from habeas.domain.names import (
    PersonName,
    is_particle,
    name_tokens,
    name_variants,
    parse_name,
)
from habeas.domain.text import fold

_MARKERS = {"vda", "vdo", "viuda", "viudo", "viuva", "viuvo"}
# Synthetic name words (no real person): letters only, never a particle or connector.
name_word = st.text(alphabet="abcdefghijklmnopqrstuvwxyzáéíóúñ", min_size=2, max_size=10).filter(
    lambda w: not is_particle(fold(w)) and fold(w) not in _MARKERS
)


def _parts(n: PersonName) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    return n.given, n.initials, n.surnames


@pytest.mark.parametrize(
    "written",
    [
        "Kilmar Armando Abrego Garcia",
        "Abrego Garcia, Kilmar Armando",
        "KILMAR ARMANDO ÁBREGO GARCÍA",
    ],
)
def test_the_same_name_parses_the_same_in_caption_list_and_capitals(written: str) -> None:
    assert _parts(parse_name(written)) == (("kilmar", "armando"), (), ("abrego", "garcia"))


def test_a_comma_puts_the_surnames_first() -> None:
    name = parse_name("Abrego Garcia, Kilmar")
    assert _parts(name) == (("kilmar",), (), ("abrego", "garcia"))
    assert name.surname_first


def test_a_manifest_writes_surnames_then_initials() -> None:
    name = parse_name("ABREGO GARCIA K A")
    assert _parts(name) == ((), ("k", "a"), ("abrego", "garcia"))
    assert name.surname_first and name.given_initials == ("k", "a")


def test_initials_before_the_surnames_are_given_names() -> None:
    assert _parts(parse_name("K. A. Abrego García")) == ((), ("k", "a"), ("abrego", "garcia"))
    assert _parts(parse_name("Kilmar A. Abrego")) == (("kilmar",), ("a",), ("abrego",))


def test_particles_belong_to_the_surname_after_them() -> None:
    name = parse_name("Juan Carlos de la Cruz del Río")
    assert _parts(name) == (("juan", "carlos"), (), ("de la cruz", "del rio"))
    assert name.surname_words == ("cruz", "rio")
    assert _parts(parse_name("João da Silva dos Santos")) == (
        ("joao",),
        (),
        ("da silva", "dos santos"),
    )
    assert parse_name("Pieter van der Berg").surnames == ("van der berg",)


def test_y_or_e_between_surnames_joins_them() -> None:
    assert parse_name("Ana García y Pérez").surnames == ("garcia", "perez")
    assert parse_name("Ana Silva e Santos").surnames == ("silva", "santos")


def test_a_widow_s_married_name_is_kept_apart() -> None:
    name = parse_name("María de la Cruz viuda de Pérez")
    assert _parts(name) == (("maria",), (), ("de la cruz",))
    assert name.married == ("perez",) and name.widowed
    assert name.words() == (("maria", "given"), ("cruz", "surname"), ("perez", "married"))
    assert name.canonical == "de la cruz de perez, maria"


def test_a_last_de_surname_after_a_surname_is_a_married_name() -> None:
    name = parse_name("María López de Pérez")
    assert (name.surnames, name.married, name.widowed) == (("lopez",), ("perez",), False)
    # but "de la Cruz" after a given name alone is the surname of birth
    assert parse_name("María de la Cruz").surnames == ("de la cruz",)


def test_two_names_are_a_given_name_and_a_surname_and_one_is_a_surname() -> None:
    assert _parts(parse_name("Kilmer Abrego")) == (("kilmer",), (), ("abrego",))
    assert _parts(parse_name("Abrego")) == ((), (), ("abrego",))


def test_tokens_leave_out_particles_and_keep_the_written_words() -> None:
    assert name_tokens("María de la Cruz viuda de Pérez") == ("maria", "cruz", "perez")
    assert name_tokens("  ") == ()


def test_variants_include_the_common_written_forms() -> None:
    forms = name_variants(parse_name("Kilmar Armando Abrego García"))
    assert "kilmar armando abrego garcia" in forms
    assert "abrego garcia, kilmar armando" in forms
    assert "abrego garcia k a" in forms
    assert "kilmar abrego" in forms
    assert len(forms) == len(set(forms))


def test_a_name_without_a_letter_is_refused_with_the_text() -> None:
    with pytest.raises(ValueError, match=r"at least one letter: ' ,. '"):
        parse_name(" ,. ")


@given(st.lists(name_word, min_size=1, max_size=3), name_word, name_word)
def test_given_first_and_surname_first_with_a_comma_agree(
    given_names: list[str], father: str, mother: str
) -> None:
    written = parse_name(" ".join([*given_names, father, mother]))
    listed = parse_name(f"{father} {mother}, {' '.join(given_names)}")
    capitals = parse_name(f"{father} {mother}, {' '.join(given_names)}".upper())
    assert _parts(written) == _parts(listed) == _parts(capitals)
    assert written.surname_words == (parse_name(father).tokens[0], parse_name(mother).tokens[0])


@given(st.lists(name_word, min_size=1, max_size=3), name_word, name_word)
def test_the_manifest_form_has_the_same_surnames_and_initials(
    given_names: list[str], father: str, mother: str
) -> None:
    written = parse_name(" ".join([*given_names, father, mother]))
    initials = " ".join(g[0] for g in given_names).upper()
    manifest = parse_name(f"{father} {mother} {initials}".upper())
    assert f"{' '.join(written.surnames)} {fold(initials)}" in name_variants(written)
    assert manifest.surnames == written.surnames
    assert manifest.given_initials == written.given_initials


@given(st.text(min_size=1, max_size=40))
def test_any_text_with_a_letter_parses_into_its_own_words(text: str) -> None:
    assume(name_tokens(text) != ())
    name = parse_name(text)
    assert set(name.tokens) <= set(name_tokens(text)) | set(name.initials)
    assert all(w == w.lower() and w.isascii() for w in name.tokens)
