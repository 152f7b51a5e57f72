"""A phonetic key for one word of a name, suited to Spanish and Portuguese spelling.

Two spellings that sound alike in Spanish or Portuguese get the same key, so a search or a
matcher can find "Basquez" for "Vázquez" or "Jiménez" for "Giménez" by an indexed lookup
of the key, before any edit distance is measured. The rules, applied to the folded word
(case and accents gone, so ñ is n and ç is c: lists
write "Goncalves" for "Gonçalves" far more often than "Gonsalves"):

- b and v (and w) are one sound: b.
- s, z, c before e or i, and sc before e or i are one sound: s.
- c elsewhere, k, q and qu are one sound: k.
- ll, lh and y before a vowel are one sound: y; y elsewhere is the vowel i.
- g before e or i, j and x are one sound: j; gu before e or i is a hard g.
- h is silent, except in ch and sh (one sound, written x in the key), and in lh and nh.
- ñ, nh and ni before a vowel are one sound: n.
- n before b or p is m; ph is f; th is t.
- a doubled sound is one sound (rr, ss, nn, "cc" of acción apart).

Vowels are kept: in these languages they carry the word, and a typo in one is left to
the edit distance that ranks the candidates. This module is pure.
"""

from __future__ import annotations

import re

from habeas.domain.text import fold

__all__ = ["phonetic_key", "phonetic_keys"]

# Ordered rewrites over the folded word. Upper-case letters are interim symbols that no
# later rule reads as a letter; they are lowered at the end.
_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), repl)
    for pattern, repl in (
        (r"[^a-z]", ""),
        (r"ph", "F"),
        (r"th", "T"),
        (r"(?:ch|sh)", "X"),
        (r"(?:ll|lh)", "Y"),
        (r"nh", "N"),
        (r"ni(?=[aeou])", "N"),
        (r"h", ""),
        (r"qu(?=[ei])", "K"),
        (r"q", "K"),
        (r"gu(?=[ei])", "G"),
        (r"g(?=[ei])", "J"),
        (r"sc(?=[ei])", "S"),
        (r"c(?=[ei])", "S"),
        (r"[ck]", "K"),
        (r"[sz]", "S"),
        (r"[jx]", "J"),
        (r"[vwb]", "B"),
        (r"y(?=[aeiou])", "Y"),
        (r"y", "i"),
        (r"n(?=[Bp])", "M"),
    )
)
_SYMBOLS = {"F": "f", "T": "t", "X": "x", "Y": "y", "N": "n", "K": "k", "G": "g"}
_SYMBOLS |= {"J": "j", "S": "s", "B": "b", "M": "m"}
_DOUBLE = re.compile(r"(.)\1+")


def phonetic_key(word: str) -> str:
    """The key of one word: 'Vázquez' -> 'baskes', 'Giménez' -> 'jimenes'; '' when the
    word holds no letter a-z once folded."""
    key = fold(word)
    for pattern, repl in _RULES:
        key = pattern.sub(repl, key)
    key = "".join(_SYMBOLS.get(ch, ch) for ch in key)
    return _DOUBLE.sub(r"\1", key)


def phonetic_keys(words: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """The non-empty keys of `words`, in order, without repeats."""
    seen: dict[str, None] = {}
    for w in words:
        k = phonetic_key(w)
        if k:
            seen.setdefault(k, None)
    return tuple(seen)
