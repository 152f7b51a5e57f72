"""How well a search query matches one name, word by word, and why.

Each word of the query is paired with at most one word of the name, and each word of the
name with at most one of the query, best pairs first. A pair matches:

- exactly (score 1.0), the words folded (case and accents ignored);
- by sound (0.9): the same phonetic key (`habeas.domain.phonetics`), "Garsia" for García;
- by a typo (0.85, or 0.7 for two): an edit distance of one (words of 4 letters or more)
  or two (8 or more), a swap of two letters side by side counting as one, "Abrejo" for
  Abrego, "Gracia" for Garcia;
- as the start of the word (0.8; 0.7 for two letters): "Abr" for Abrego;
- as an initial (0.7 of a given name, 0.4 of another part): "K" for Kilmar.

Words of the query are read with `habeas.domain.names.parse_name`; a pair whose parts
disagree (a given name of the query against a surname) scores 0.05 less, so the order a
name is written in counts for little. A name's score is the mean over the query's words
(an unmatched word adds nothing), plus up to 0.1 for the share of the name's words
matched. A name is a match when at least half the query's words (rounded up) match.
Numbers match only exactly or as a start. This module is pure.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from rapidfuzz.distance import OSA

from habeas.domain.names import parse_name
from habeas.domain.phonetics import phonetic_key
from habeas.domain.text import fold

__all__ = [
    "MatchKind",
    "NameScore",
    "NameWord",
    "QueryWord",
    "WordMatch",
    "allowed_typos",
    "match_word",
    "query_words",
    "score_name",
]

MatchKind = Literal["exact", "phonetic", "typo", "prefix", "initial"]

_LABELS = {
    "given": "given name",
    "initial": "given name",
    "surname": "surname",
    "married": "married name",
    "name": "name",
}
_FAMILY = frozenset({"surname", "married"})
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class QueryWord:
    """One significant word of a query."""

    word: str
    """Folded."""
    sound: str
    """Its phonetic key ('' for a number)."""
    role: str
    """The part of a name it reads as (habeas.domain.names.NameRole)."""
    written: str
    """As typed."""


@dataclass(frozen=True)
class NameWord:
    """One significant word of a record's name (a row of the name keys)."""

    word: str
    sound: str
    role: str
    """given, initial, surname, married (a person) or name (any other record)."""
    written: str


@dataclass(frozen=True)
class WordMatch:
    """A word of the query paired with a word of the name."""

    query: QueryWord
    name: NameWord
    kind: MatchKind
    score: float

    def explain(self) -> str:
        """'surname', 'given name ~ Kilmer', 'surname sounds like Garsia'."""
        label = _LABELS.get(self.name.role, "name")
        q = self.query.written
        return {
            "exact": label,
            "phonetic": f"{label} sounds like {q}",
            "typo": f"{label} ~ {q}",
            "prefix": f"{label} begins {q}",
            "initial": f"initial {q.upper()} of {label}",
        }[self.kind]


@dataclass(frozen=True)
class NameScore:
    """The best pairing of a query with one name."""

    score: float
    matches: tuple[WordMatch, ...]
    unmatched: tuple[QueryWord, ...]
    """Words of the query that matched no word of the name."""

    @property
    def accepted(self) -> bool:
        """At least half the query's words (rounded up) matched."""
        total = len(self.matches) + len(self.unmatched)
        return bool(self.matches) and 2 * len(self.matches) >= total

    def parts(self) -> list[tuple[str, str, str]]:
        """What matched, as (kind, part of the name, the query's word as typed), exact
        matches first, without repeats: the words of `explain`, for a translation."""
        ordered = [m for m in self.matches if m.kind == "exact"]
        ordered += [m for m in self.matches if m.kind != "exact"]
        out: dict[tuple[str, str, str], None] = {}
        for m in ordered:
            role = "given" if m.name.role == "initial" else m.name.role
            out.setdefault((m.kind, role, "" if m.kind == "exact" else m.query.written), None)
        return list(out)

    def explain(self) -> str:
        """'matched: surname, given name ~ Kilmer' (exact matches first)."""
        text = "matched: " + ", ".join(
            dict.fromkeys(
                m.explain() for m in sorted(self.matches, key=lambda m: m.kind != "exact")
            )
        )
        if self.unmatched:
            text += "; not matched: " + ", ".join(q.written for q in self.unmatched)
        return text


def query_words(text: str) -> tuple[QueryWord, ...]:
    """The significant words of a query, read as a name (particles left out, no repeats)."""
    if not fold(text):
        return ()
    written = {fold(w): w for w in reversed(_WORD.findall(text))}
    out: dict[str, QueryWord] = {}
    for word, role in parse_name(text).words():
        out.setdefault(word, QueryWord(word, phonetic_key(word), role, written.get(word, word)))
    return tuple(out.values())


def allowed_typos(word: str) -> int:
    """Edits a word may differ by and still match: 0 up to 3 letters (and any word with a
    digit), 1 up to 7, 2 from 8."""
    if len(word) < 4 or not word.isalpha():
        return 0
    return 1 if len(word) < 8 else 2


def match_word(q: QueryWord, w: NameWord) -> tuple[MatchKind, float] | None:
    """How the query word `q` matches the name's word `w`, and its score (None: not at all)."""
    return _match(q.word, q.sound, w.word, w.sound, w.role)


@lru_cache(maxsize=65536)
def _match(
    query: str, query_sound: str, word: str, sound: str, role: str
) -> tuple[MatchKind, float] | None:
    """`match_word` on the parts it reads (cached: a search compares the same few words
    over and over)."""
    if query == word:
        return "exact", 1.0
    if len(query) == 1:
        if not word.startswith(query):
            return None
        return "initial", 0.7 if role in ("given", "initial", "name") else 0.4
    if query_sound and query_sound == sound and query.isalpha():
        return "phonetic", 0.9
    typos = allowed_typos(query)
    if typos:
        d = OSA.distance(query, word, score_cutoff=typos)
        if d <= typos:
            return "typo", 0.85 if d == 1 else 0.7
    if word.startswith(query):
        return "prefix", 0.8 if len(query) > 2 else 0.7
    return None


def _role_penalty(q: QueryWord, w: NameWord, many: bool) -> float:
    if not many or w.role == "name":
        return 0.0
    return 0.05 if (q.role in _FAMILY) != (w.role in _FAMILY) else 0.0


def score_name(query: Sequence[QueryWord], words: Sequence[NameWord]) -> NameScore:
    """The best pairing of `query` with one name's `words` (see the module)."""
    many = len(query) > 1
    pairs: list[tuple[float, int, int, MatchKind]] = []
    for i, q in enumerate(query):
        for j, w in enumerate(words):
            found = match_word(q, w)
            if found is not None:
                kind, score = found
                pairs.append((score - _role_penalty(q, w, many), i, j, kind))
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    used_q: set[int] = set()
    used_w: set[int] = set()
    chosen: dict[int, WordMatch] = {}
    for score, i, j, kind in pairs:
        if i in used_q or j in used_w:
            continue
        used_q.add(i)
        used_w.add(j)
        chosen[i] = WordMatch(query[i], words[j], kind, score)
    matches = tuple(chosen[i] for i in sorted(chosen))
    unmatched = tuple(q for i, q in enumerate(query) if i not in chosen)
    total = sum(m.score for m in matches) / len(query) if query else 0.0
    if words:
        total += 0.1 * len(matches) / len(words)
    return NameScore(round(total, 4), matches, unmatched)
