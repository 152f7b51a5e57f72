"""Reads of the name keys (`habeas.storage.name_key_tables`) behind forgiving search.

Two steps, each a few indexed queries on both backends:

1. `vocabulary`: the distinct words of the index that may match one query word: those that
   start with its first letters, those that end with its last letters (a typo in the first
   letters), and those with its phonetic key. Each is a skip scan (the next distinct word
   after the last one, one index seek each), so a word that thousands of people bear
   costs one seek, not thousands of rows; the three are one statement.
2. `word_counts` (capped) tells the rarer query words, read from the counts the
   `word_counts` projection keeps (one seek a word, not an index range counted);
   `candidates`: the records bearing the chosen words (or both of two sets of words: the
   keys of one range of the word index among those of another), most query words matched
   first, with the type, sensitivity (the reader's clearance) and limit applied in SQL; then
   `words_of` reads every name word of those few records for ranking.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Select, bindparam, case, func, select, text

from habeas.storage.name_key_tables import name_keys
from habeas.storage.name_key_tables import word_counts as word_counts_table

__all__ = ["candidates", "vocabulary", "word_counts", "words_of"]

_TOP = "{"
"""A character after every character of a folded word (a-z, 0-9): `p` <= w < `p + _TOP`
holds exactly the words that start with `p` (the columns compare byte by byte)."""


def _filters(
    alias: str, types: Collection[str] | None, levels: Collection[str] | None
) -> tuple[str, dict[str, Any], list[Any]]:
    sql = ""
    params: dict[str, Any] = {}
    binds: list[Any] = []
    if types:
        sql += f" AND {alias}.record_type IN :types"
        params["types"] = list(types)
        binds.append(bindparam("types", expanding=True))
    if levels is not None:
        sql += f" AND {alias}.sensitivity IN :levels"
        params["levels"] = list(levels) or [""]
        binds.append(bindparam("levels", expanding=True))
    return sql, params, binds


def _skip_scan(name: str, column: str, where: str) -> str:
    """A recursive CTE `name`(val): the distinct values of `column` in ascending order
    satisfying `where` (over alias n, with :after the last value seen, :start_<name> before
    the first), one index seek per value, NULL once there are no more."""
    step = f"SELECT min(n.{column}) FROM name_keys n WHERE {where}"
    return (
        f"{name}(val) AS ("
        f"SELECT CAST(({step.replace(':after', f':start_{name}')}) AS VARCHAR(60)) "
        f"UNION ALL SELECT CAST(({step.replace(':after', f'{name}.val')}) AS VARCHAR(60)) "
        f"FROM {name} WHERE {name}.val IS NOT NULL)"
    )


def vocabulary(
    conn: Connection,
    word: str,
    sound: str,
    *,
    types: Collection[str] | None = None,
    levels: Collection[str] | None = None,
    limit: int = 300,
) -> set[str]:
    """Distinct words of the index (of records of `types` and sensitivity `levels`; None:
    all) that may match the folded query `word` with phonetic key `sound`: every word
    starting with it (up to its first 3 letters), ending with its last 3 (from 4 letters),
    or sharing its key. At most `limit` of each kind; one statement for the three."""
    extra, params, binds = _filters("n", types, levels)
    head = word[:3]
    # the words that start with the head, one seek each; ':start_h' is just before the head
    scans = {"h": _skip_scan("h", "word", f"n.word > :after AND n.word < :hi_h{extra}")}
    params |= {"start_h": head[:-1] + chr(ord(head[-1]) - 1) + _TOP, "hi_h": head + _TOP}
    if len(word) >= 4:  # those that end with the tail: the reversed words that start so
        tail = word[::-1][:3]
        scans["t"] = _skip_scan("t", "drow", f"n.drow > :after AND n.drow < :hi_t{extra}")
        params |= {"start_t": tail[:-1] + chr(ord(tail[-1]) - 1) + _TOP, "hi_t": tail + _TOP}
    if sound:
        scans["s"] = _skip_scan("s", "word", f"n.sound = :sound AND n.word > :after{extra}")
        params |= {"sound": sound, "start_s": ""}
    sql = (
        "WITH RECURSIVE "
        + ", ".join(scans.values())
        + " "
        + " UNION ALL ".join(
            f"SELECT '{name}' AS kind, val FROM "
            f"(SELECT val FROM {name} WHERE val IS NOT NULL LIMIT :limit) AS {name}_found"
            for name in scans
        )
    )
    rows = conn.execute(text(sql).bindparams(*binds), {**params, "limit": limit})
    return {str(val)[::-1] if kind == "t" else str(val) for kind, val in rows}


def word_counts(
    conn: Connection,
    groups: Sequence[Collection[str]],
    *,
    types: Collection[str] | None = None,
    levels: Collection[str] | None = None,
    cap: int = 5000,
) -> list[int]:
    """For each group of words, how many name words of the index are one of them (at most
    `cap`), read from the kept counts (`word_counts`: one seek a word, nothing counted);
    one statement for all the groups."""
    wanted = sorted({w for words in groups for w in words})
    if not wanted:
        return [0] * len(groups)
    c = word_counts_table
    stmt = select(c.c.word, func.sum(c.c.names)).where(c.c.word.in_(wanted)).group_by(c.c.word)
    if types:
        stmt = stmt.where(c.c.record_type.in_(list(types)))
    if levels is not None:
        stmt = stmt.where(c.c.sensitivity.in_(list(levels)))
    names = {str(w): int(n) for w, n in conn.execute(stmt)}
    return [min(cap, sum(names.get(w, 0) for w in words)) for words in groups]


def _bearers(
    words: Collection[str],
    types: Collection[str] | None,
    levels: Collection[str] | None,
    table: Any = name_keys,
) -> Select[tuple[str]]:
    """The keys of the records (of `types` and sensitivity `levels`) bearing one of `words`
    (over `table`: name_keys or an alias of it)."""
    n = table
    stmt = select(n.c.key).where(n.c.word.in_(list(words)))
    if types:
        stmt = stmt.where(n.c.record_type.in_(list(types)))
    if levels is not None:
        stmt = stmt.where(n.c.sensitivity.in_(list(levels)))
    return stmt


def candidates(
    conn: Connection,
    scored: Mapping[str, tuple[int, float]],
    seeds: Collection[str],
    *,
    also: Collection[str] = (),
    types: Collection[str] | None = None,
    levels: Collection[str] | None = None,
    limit: int = 200,
    seed_cap: int = 20000,
) -> list[str]:
    """Keys of the records (of `types` and sensitivity `levels`; None: all) that bear one
    of the `seeds` words, and (when given) one of the words `also` (at most `seed_cap` such
    records), ranked by the words of `scored` they bear (word -> (which query word it
    matches, its score)): the most query words matched, then the highest sum of scores; at
    most `limit`."""
    if not scored or not seeds:
        return []
    n = name_keys
    seed = _bearers(seeds, types, levels)
    if also:
        # the bearers of `seeds` whose key is among those of `also`: a hash semi-join on
        # PostgreSQL (an INTERSECT sorted both ranges' keys: 80 ms for 17,654 and 23,092)
        other = _bearers(also, types, levels, name_keys.alias("also_n"))
        seed = seed.where(n.c.key.in_(other))
    bearers = seed.limit(seed_cap).subquery()
    which = case({w: i for w, (i, _s) in scored.items()}, value=n.c.word)
    score = case({w: s for w, (_i, s) in scored.items()}, value=n.c.word)
    # `which` rather than `word IN (...)` picks the words: no index answers it, so every
    # plan reads the few bearers' rows by key, never every bearer of a common word
    hits = (
        select(n.c.key, which.label("q"), score.label("s"))
        .where(n.c.key.in_(select(bearers.c[0])), which.is_not(None))
        .subquery()
    )
    stmt = (
        select(hits.c.key)
        .group_by(hits.c.key)
        .order_by(func.count(hits.c.q.distinct()).desc(), func.sum(hits.c.s).desc(), hits.c.key)
        .limit(limit)
    )
    return [str(r.key) for r in conn.execute(stmt)]


def words_of(conn: Connection, keys: Sequence[str]) -> dict[str, dict[int, list[Any]]]:
    """key -> name number -> that name's rows (word, sound, role, written), in order."""
    if not keys:
        return {}
    n = name_keys
    out: dict[str, dict[int, list[Any]]] = {}
    stmt = (
        select(n.c.key, n.c.name_no, n.c.word, n.c.sound, n.c.role, n.c.written)
        .where(n.c.key.in_(list(keys)))
        .order_by(n.c.key, n.c.name_no, n.c.position)
    )
    for row in conn.execute(stmt):
        out.setdefault(row.key, {}).setdefault(row.name_no, []).append(row)
    return out
