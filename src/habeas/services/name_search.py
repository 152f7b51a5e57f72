"""Forgiving name search over the name keys: candidates by an indexed lookup, then ranked
in Python over those few (`habeas.domain.name_search` scores and explains each name).

1. Each word of the query brings the words of the index it may match
   (`habeas.storage.name_key_queries.vocabulary`: same start, same end, same sound), kept
   when `habeas.domain.name_search.match_word` accepts them.
2. The records bearing them are the candidates, filtered by type and by the reader's
   clearance in SQL. The query words borne by fewer than `COMMON` names seed the
   candidates; when every word is that common ("María García López" among a million
   people), only `SEEDS` bearers of one of them do, so among many people of one common
   name the one sought may be missed. The `POOL` best seeded (most query words matched,
   then the highest scores) are ranked.
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

__all__ = ["COMMON", "POOL", "SEEDS", "Ranked", "rank_names"]

COMMON = 5000
"""A query word borne by this many names or more does not seed the candidates alone."""
SEEDS = 5000
"""At most this many names seed the candidates when every query word is common."""
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
    counts = [
        nkq.word_counts(conn, words, types=types, levels=levels, cap=COMMON) if words else 0
        for words in by_word
    ]
    rare = [i for i, c in enumerate(counts) if 0 < c < COMMON]
    if rare:
        seeds = {w for i in rare for w in by_word[i]}
    else:
        present = [i for i, c in enumerate(counts) if c]
        if not present:
            return []
        seeds = by_word[min(present, key=lambda i: (counts[i], len(by_word[i])))]
    keys = nkq.candidates(
        conn, scored, seeds, types=types, levels=levels, limit=POOL, seed_cap=SEEDS
    )
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
