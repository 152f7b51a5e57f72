"""Person names as the matcher compares them: the given names and surnames of a written
name (read by `habeas.domain.names.parse_name`), and a blocking sound key per word built on
`habeas.domain.phonetics.phonetic_key`.

Written names come in every order: "Kilmar Armando Abrego Garcia" (a caption), "Abrego
Garcia, Kilmar" (a list), "ABREGO GARCIA K A" (a manifest: surnames, then initials). A name
whose order the parse had to guess is compared the other way round too.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from functools import lru_cache

from habeas.domain.names import is_particle, parse_name
from habeas.domain.phonetics import phonetic_key
from habeas.domain.text import tokens

__all__ = ["SplitName", "phonetic", "sound", "split_name"]


@dataclass(frozen=True, slots=True)
class SplitName:
    """A written name split into folded given names (initials as one-letter words) and
    surnames (particles left out; married surnames after those of birth); either may be
    empty when the name does not say."""

    given: tuple[str, ...]
    surnames: tuple[str, ...]
    ordered: bool
    """True when the split is known (a comma, initials, separate fields), False when it is
    the parse's guess (a run of words: the comparison also tries it swapped)."""


def _words(text: str) -> tuple[str, ...]:
    return tuple(t for t in tokens(text) if not is_particle(t) and t not in ("y", "e"))


def _held(words: tuple[str, ...]) -> tuple[str, ...]:
    """The words interned: a batch of a million names holds each distinct word once."""
    return tuple(map(sys.intern, words))


@lru_cache(maxsize=100_000)
def split_name(
    full_name: str, given_names: str | None = None, surnames: str | None = None
) -> SplitName:
    """Split a written name (with the record's own given names and surnames when it has
    them) into given names and surnames."""
    if given_names or surnames:
        return SplitName(_held(_words(given_names or "")), _held(_words(surnames or "")), True)
    try:
        name = parse_name(full_name)
    except ValueError:
        return SplitName((), (), True)
    return SplitName(
        _held(name.given_words + name.initials),
        _held(name.surname_words + name.married_words),
        name.surname_first or bool(name.initials),
    )


phonetic = lru_cache(maxsize=200_000)(phonetic_key)
"""The Spanish and Portuguese phonetic key of a word (`habeas.domain.phonetics`)."""

_VOWELS = re.compile(r"[aeiou]")


@lru_cache(maxsize=200_000)
def sound(word: str) -> str:
    """The blocking key of a word: its phonetic key in upper case with the vowels after
    the first letter left out, so a vowel typo ("Kilmer") still meets its name ("Kilmar"):
    'garcia' -> 'GRS', 'abrego' -> 'ABRG'."""
    key = phonetic(word)
    return (key[:1] + _VOWELS.sub("", key[1:])).upper() if key else ""
