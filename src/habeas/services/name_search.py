"""Forgiving name search over the name keys: candidates by an indexed lookup, then ranked
in Python over those few (`habeas.domain.name_search` scores and explains each name).

1. Each word of the query brings the words of the index it may match
   (`habeas.storage.name_key_queries.vocabulary`: same start, same end, same sound), kept
   when `habeas.domain.name_search.match_word` accepts them.
2. The records bearing them are the candidates, filtered by type and by the reader's
   clearance in SQL; the `POOL` of them bearing the most query words (then the highest
   scores) are ranked. Which records are counted is bounded, rarest words first (how many
   names bear each word read from the kept word counts, taken as `COMMON` from there up):
   - the bearers of every query word borne by fewer than `FEW` names (at most `FEW`);
   - else, when the two rarest query words are each borne by fewer than `COMMON` names,
     the records bearing both (a semi-join of two index ranges, at most `SEEDS`), and
     when fewer than `POOL` do, also `AFTER` bearers of the rarest;
   - else (every word very common: "María García López" among a million people) `SEEDS`
     bearers of the rarest, so among many people of one common name the one sought may
     be missed.
3. Each candidate's names are scored against the query; a record's score is its best
   name's. Records where fewer than half the query's words match are dropped.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from habeas.domain.name_search import NameScore, NameWord, match_word, query_words, score_name
from habeas.domain.phonetics import phonetic_key
from habeas.storage import name_key_queries as nkq
from habeas.storage.store import Connection

__all__ = ["AFTER", "COMMON", "FEW", "POOL", "SEEDS", "Ranked", "rank_names"]

COMMON = 30000
"""A query word borne by this many names or more is not one of a pair of rarest words."""
FEW = 5000
"""The query words borne by fewer names (at most this many of them) seed the candidates."""
SEEDS = 2000
"""At most this many bearers of the rarest query word's words seed the candidates when
no query word is borne by fewer than `FEW` names, nor any two by fewer than `COMMON`."""
AFTER = 300
"""At most this many bearers of the rarest query word's words seed more candidates when
fewer than `POOL` bear both of the two rarest."""
POOL = 100
"""Candidates ranked in Python."""


@dataclass(frozen=True)
class Ranked:
    """A record found by name: its best name's score, and which name that is."""

    key: str
    score: NameScore
    name_no: int
    name: str
    """The matched name as written (its words joined)."""


def _candidates(
    conn: Connection,
    scored: dict[str, tuple[int, float]],
    by_word: list[set[str]],
    *,
    types: Collection[str] | None,
    levels: Collection[str] | None,
) -> list[str]:
    """The `POOL` records most worth ranking (see the module, step 2)."""
    counts = nkq.word_counts(conn, by_word, types=types, levels=levels, cap=COMMON)
    present = sorted(
        (i for i, c in enumerate(counts) if c), key=lambda i: (counts[i], len(by_word[i]))
    )
    if not present:
        return []
    few = [i for i in present if counts[i] < FEW]
    if few:  # every bearer of the rarer query words' words seeds the candidates
        seeds = {w for i in few for w in by_word[i]}
        return nkq.candidates(
            conn, scored, seeds, types=types, levels=levels, limit=POOL, seed_cap=FEW
        )
    keys: list[str] = []
    if len(present) >= 2 and counts[present[1]] < COMMON:
        # the bearers of both of the two rarest query words' words
        keys = nkq.candidates(
            conn, scored, by_word[present[0]], also=by_word[present[1]], types=types,
            levels=levels, limit=POOL, seed_cap=SEEDS,
        )  # fmt: skip
        if len(keys) >= POOL:
            return keys
    # else, or too few of them, also some bearers of the rarest query word's words: `SEEDS`,
    # or `AFTER` when some bore both (a typo in one of the two is then the less likely)
    more = nkq.candidates(
        conn, scored, by_word[present[0]], types=types, levels=levels, limit=POOL,
        seed_cap=AFTER if keys else SEEDS,
    )  # fmt: skip
    return list(dict.fromkeys(keys + more))[:POOL]


def rank_names(
    conn: Connection,
    text: str,
    *,
    types: Collection[str] | None = None,
    levels: Collection[str] | None = None,
    limit: int = 50,
) -> list[Ranked]:
    """The records (of `types`, of sensitivity `levels`; None: all) whose names match
    `text` forgivingly, best first, at most `limit` (see the module)."""
    query = query_words(text)
    if not query:
        return []
    scored: dict[str, tuple[int, float]] = {}
    by_word: list[set[str]] = []
    for i, q in enumerate(query):
        if len(q.word) == 1:
            found = {q.word}
        else:
            found = nkq.vocabulary(conn, q.word, q.sound, types=types, levels=levels)
        kept: set[str] = set()
        for w in found:
            m = match_word(q, NameWord(w, phonetic_key(w), "name", w))
            if m is not None:
                kept.add(w)
                if m[1] > scored.get(w, (i, 0.0))[1]:
                    scored[w] = (i, m[1])
        by_word.append(kept)
    keys = _candidates(conn, scored, by_word, types=types, levels=levels)
    ranked: list[Ranked] = []
    for key, names in nkq.words_of(conn, keys).items():
        best: Ranked | None = None
        for name_no, rows in names.items():
            words = [NameWord(r.word, r.sound, r.role, r.written) for r in rows]
            s = score_name(query, words)
            if s.accepted and (best is None or s.score > best.score.score):
                best = Ranked(key, s, name_no, " ".join(r.written for r in rows))
        if best is not None:
            ranked.append(best)
    ranked.sort(key=lambda r: (-r.score.score, r.key))
    return ranked[:limit]
