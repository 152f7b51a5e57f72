"""Reads of the word counts (`habeas.storage.name_key_tables.word_counts`) behind linking's
term-frequency adjustment: how many of the ledger's people bear a name word, by part of
the name, read from the kept counts (a seek a word), never by reading the people.

A field's count is the number of person names (all sensitivities: linking is an editor's
read) bearing the word in that part: surnames (and married surnames) for `surname`, given
names and initials for `given_name`; a one-letter word (an initial) also counts every
given name starting with that letter, as the batch's shares do
(`habeas.match.frequencies.word_shares`).
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping

from sqlalchemy import Connection, and_, func, or_, select

from habeas.domain.pairs import Comparison
from habeas.storage.name_key_tables import word_counts

__all__ = ["FIELD_ROLES", "agreement_reference", "word_shares"]

FIELD_ROLES: Mapping[str, tuple[str, ...]] = {
    "surname": ("surname", "married"),
    "given_name": ("given", "initial"),
}
"""The parts of a name (name_keys roles) each name field counts."""

_TOP = "{"
"""After every character of a folded word: `w` <= word < `w + _TOP` starts with `w`."""


def _field_of(role: str) -> str | None:
    return next((f for f, roles in FIELD_ROLES.items() if role in roles), None)


def word_shares(
    conn: Connection, words: Collection[str], people: int
) -> dict[str, dict[str, float]]:
    """Per name field, the share of the ledger's `people` whose names bear each of `words`
    (at most 1); words no one bears are left out. Two statements."""
    c = word_counts
    out: dict[str, dict[str, float]] = {f: {} for f in FIELD_ROLES}
    wanted = sorted({w for w in words if w})
    if not wanted or people <= 0:
        return out
    names: dict[tuple[str, str], int] = {}
    stmt = (
        select(c.c.word, c.c.role, func.sum(c.c.names))
        .where(c.c.word.in_(wanted), c.c.record_type == "person")
        .group_by(c.c.word, c.c.role)
    )
    for word, role, n in conn.execute(stmt):
        field = _field_of(str(role))
        if field is not None:
            names[(field, str(word))] = names.get((field, str(word)), 0) + int(n)
    letters = [w for w in wanted if len(w) == 1]
    if letters:  # an initial: every given name starting with it bears it too
        first = func.substr(c.c.word, 1, 1)
        ranges = [and_(c.c.word > w, c.c.word < w + _TOP) for w in letters]
        stmt = (
            select(first, func.sum(c.c.names))
            .where(or_(*ranges), c.c.record_type == "person", c.c.role == "given")
            .group_by(first)
        )
        for letter, n in conn.execute(stmt):
            key = ("given_name", str(letter))
            names[key] = names.get(key, 0) + int(n)
    for (field, word), n in names.items():
        out[field][word] = min(1.0, n / people)
    return out


def agreement_reference(conn: Connection, people: int) -> dict[tuple[str, Comparison], float]:
    """Per name field, the mean log2 share of the word two of the ledger's people agree on,
    over every pair of people agreeing exactly on one word (a word borne by c names makes
    c(c-1)/2 such pairs): the reference the term-frequency adjustment measures an agreed
    word against (`habeas.match.frequencies`). One read of the counts of people's words
    (the vocabulary, not the people); a field with no such pair is left out."""
    c = word_counts
    stmt = (
        select(c.c.word, c.c.role, func.sum(c.c.names))
        .where(c.c.record_type == "person")
        .group_by(c.c.word, c.c.role)
    )
    by_field: dict[tuple[str, str], int] = {}
    for word, role, n in conn.execute(stmt):
        field = _field_of(str(role))
        if field is not None:
            by_field[(field, str(word))] = by_field.get((field, str(word)), 0) + int(n)
    sums: dict[str, tuple[float, float]] = {}
    for (field, _word), n in by_field.items():
        if n < 2 or people <= 0:
            continue
        pairs = n * (n - 1)
        total, weight = sums.get(field, (0.0, 0.0))
        sums[field] = (total + pairs * math.log2(min(1.0, n / people)), weight + pairs)
    return {(f, "exact"): total / weight for f, (total, weight) in sums.items() if weight}
