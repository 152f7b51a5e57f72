"""Person names as the matcher compares them: the given names and surnames of a written
name, each folded, and a phonetic key per word suited to Spanish and Portuguese spellings.

Written names come in every order: "Kilmar Armando Abrego Garcia" (a caption), "Abrego
Garcia, Kilmar" (a list), "ABREGO GARCIA K A" (a manifest: surnames, then initials). The
parse here reads the comma and the trailing initials; a name without either is read as
given names then surnames, and the comparisons try the swapped order too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from habeas.domain.text import tokens

__all__ = ["PARTICLES", "SplitName", "phonetic", "split_name"]

PARTICLES = frozenset({"de", "del", "la", "las", "los", "da", "das", "do", "dos", "y", "e"})
"""Words that join surnames ("de la Cruz", "dos Santos"): kept out of comparisons."""


@dataclass(frozen=True, slots=True)
class SplitName:
    """A written name split into folded given names and surnames (either may be empty when
    the name does not say), and whether the given names are initials only."""

    given: tuple[str, ...]
    surnames: tuple[str, ...]
    ordered: bool
    """True when the split is known (a comma, trailing initials, separate fields), False
    when it is a guess (a run of words: the comparison also tries it swapped)."""


def _words(text: str) -> tuple[str, ...]:
    return tuple(t for t in tokens(text) if t not in PARTICLES)


def split_name(
    full_name: str, given_names: str | None = None, surnames: str | None = None
) -> SplitName:
    """Split a written name (with the record's own given names and surnames when it has
    them) into given names and surnames."""
    if given_names or surnames:
        return SplitName(_words(given_names or ""), _words(surnames or ""), True)
    if "," in full_name:
        before, _, after = full_name.partition(",")
        return SplitName(_words(after), _words(before), True)
    words = _words(full_name)
    tail = 0
    while tail < len(words) - 1 and len(words[len(words) - 1 - tail]) == 1:
        tail += 1
    if tail:  # "ABREGO GARCIA K A": surnames, then the initials of the given names
        return SplitName(words[len(words) - tail :], words[: len(words) - tail], True)
    if len(words) <= 1:
        return SplitName((), words, False)
    if len(words) == 2:
        return SplitName(words[:1], words[1:], False)
    if len(words) == 3:  # one given name and two surnames is the commonest Spanish shape
        return SplitName(words[:1], words[1:], False)
    return SplitName(words[: len(words) - 2], words[len(words) - 2 :], False)


_RULES: tuple[tuple[str, str], ...] = (
    (r"ph", "f"),
    (r"ç", "s"),
    (r"ch", "x"),
    (r"sh", "x"),
    (r"lh", "y"),
    (r"nh", "n"),
    (r"ll", "y"),
    (r"qu([ei])", r"k\1"),
    (r"gu([ei])", r"g\1"),
    (r"c([eiy])", r"s\1"),
    (r"g([ei])", r"j\1"),
    (r"h", ""),
    (r"c", "k"),
    (r"q", "k"),
    (r"z", "s"),
    (r"v", "b"),
    (r"w", "b"),
    (r"x", "s"),
    (r"j", "j"),
    (r"i", "i"),
    (r"y", "i"),
)
_COMPILED = tuple((re.compile(a), b) for a, b in _RULES)
_DOUBLE = re.compile(r"(.)\1+")


@lru_cache(maxsize=200_000)
def phonetic(word: str) -> str:
    """A folded word's sound key, Spanish and Portuguese spellings read alike: b/v, s/z/c,
    ll/y, a silent h, j/g before e and i, doubled letters; vowels after the first letter
    kept only as one mark ('garcia' and 'garsia' -> 'GRS'). '' for an empty word."""
    if not word:
        return ""
    w = word
    for pattern, repl in _COMPILED:
        w = pattern.sub(repl, w)
    w = _DOUBLE.sub(r"\1", w)
    if not w:
        return word[:1].upper()
    head, rest = w[0], re.sub(r"[aeiou]", "", w[1:])
    return (head + rest).upper()
