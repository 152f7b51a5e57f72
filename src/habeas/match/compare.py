"""How two person records compare, field by field: each field falls into exactly one
comparison level (exact, phonetic, typo, initial, partial, differs, conflict or missing),
with the values side by side in words.

The levels of each field, best first, are in `LEVELS`; the model (`habeas.match.model`)
gives each level its weight.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import JaroWinkler

from habeas.domain.pairs import Comparison
from habeas.match.features import MatchRecord
from habeas.match.names import SplitName, phonetic

__all__ = ["FIELDS", "LEVELS", "Compared", "agreement", "compare", "levels"]

LEVELS: dict[str, tuple[Comparison, ...]] = {
    "surname": ("exact", "phonetic", "partial", "typo", "differs", "missing"),
    "given_name": ("exact", "partial", "phonetic", "typo", "initial", "differs", "missing"),
    "date_of_birth": ("exact", "partial", "typo", "differs", "missing"),
    "nationality": ("exact", "differs", "missing"),
    "identifier": ("exact", "differs", "conflict", "missing"),
    "context": ("exact", "partial", "initial", "differs", "missing"),
}
"""Every compared field and its levels, best first; "missing" (either side has nothing)
always weighs 0."""

FIELDS: tuple[str, ...] = tuple(LEVELS)

_TYPO = 0.88
"""Jaro-Winkler similarity from which two different spellings count as a typo."""


@dataclass(frozen=True, slots=True)
class Compared:
    """One field of a pair: its level and the values in words."""

    field: str
    level: Comparison
    detail: str
    words: tuple[str, ...] = ()
    """The name words the two agree on (what the term-frequency adjustment counts)."""


def _show(words: Sequence[str]) -> str:
    return " ".join(w.capitalize() if len(w) > 1 else w.upper() for w in words)


def _fuzzy_in(word: str, others: tuple[str, ...]) -> bool:
    return any(
        word == o or phonetic(word) == phonetic(o) or JaroWinkler.similarity(word, o) >= _TYPO
        for o in others
    )


def _surnames(a: tuple[str, ...], b: tuple[str, ...]) -> Comparison:
    return _surnames_sorted(a, b) if a <= b else _surnames_sorted(b, a)


@lru_cache(maxsize=500_000)
def _surnames_sorted(a: tuple[str, ...], b: tuple[str, ...]) -> Comparison:
    """exact: the same surnames; phonetic: the same by sound; partial: one side's surnames
    all among the other's (a second surname left out); typo: each surname of the shorter
    side close to one of the other's; differs: anything else (one shared surname and one
    different is two people more often than one)."""
    if not a or not b:
        return "missing"
    if set(a) == set(b):
        return "exact"
    if len(a) == len(b) and sorted(map(phonetic, a)) == sorted(map(phonetic, b)):
        return "phonetic"
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) < len(long) and all(
        w in long or phonetic(w) in {phonetic(x) for x in long} for w in short
    ):
        return "partial"
    if all(_fuzzy_in(w, long) for w in short) and (
        len(short) < len(long) or all(_fuzzy_in(w, short) for w in long)
    ):
        return "typo"
    return "differs"


def _initials_fit(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """'K A' fits 'Kilmar Armando' and 'Kilmar' (a middle name left out), not 'Armando'."""
    return short[0][0] == full[0][0]


def _given(a: tuple[str, ...], b: tuple[str, ...]) -> Comparison:
    return _given_sorted(a, b) if a <= b else _given_sorted(b, a)


@lru_cache(maxsize=500_000)
def _given_sorted(a: tuple[str, ...], b: tuple[str, ...]) -> Comparison:
    if not a or not b:
        return "missing"
    a_init = all(len(w) == 1 for w in a)
    b_init = all(len(w) == 1 for w in b)
    if a_init or b_init:
        if a_init and b_init:
            return "initial" if a[0] == b[0] else "differs"
        short, full = (a, b) if a_init else (b, a)
        return "initial" if _initials_fit(short, full) else "differs"
    x, y = a[0], b[0]
    if x == y:
        rest_a, rest_b = set(a[1:]), set(b[1:])
        if rest_a and rest_b and not rest_a & rest_b:
            return "partial"  # "Douglas Carlos" and "Douglas Salvador"
        return "exact"
    if set(a) <= set(b) or set(b) <= set(a):
        return "partial"  # "Kilmar Armando" and "Armando"
    if phonetic(x) == phonetic(y):
        return "phonetic"
    if JaroWinkler.similarity(x, y) >= _TYPO:
        return "typo"
    return "differs"


_QUALITY: dict[Comparison, int] = {
    "exact": 6,
    "phonetic": 5,
    "partial": 4,
    "typo": 3,
    "initial": 2,
    "missing": 1,
    "differs": 0,
    "conflict": 0,
}


@lru_cache(maxsize=500_000)
def _best_for(x: SplitName, y: SplitName) -> tuple[int, Comparison, Comparison, int]:
    """The best reading of two names: (quality, surname level, given level, which) where
    `which` is 0 as written, 1 with `x`'s parts swapped, 2 with `y`'s. A name read the other
    way round than written costs a little, and more when the record says which part is which
    (fields swapped on a form); both swapped is the same as neither."""
    best: tuple[int, Comparison, Comparison, int] | None = None
    options = (
        (x.given, x.surnames, y.given, y.surnames, 0),
        (x.surnames, x.given, y.given, y.surnames, 4 if x.ordered else 2),
        (x.given, x.surnames, y.surnames, y.given, 4 if y.ordered else 2),
    )
    for which, (xg, xs, yg, ys, cost) in enumerate(options):
        sl, gl = _surnames(xs, ys), _given(xg, yg)
        option = (_QUALITY[sl] * 8 + _QUALITY[gl] - cost, sl, gl, which)
        if best is None or option[:3] > best[:3]:
            best = option
        if sl == gl == "exact":
            break
    assert best is not None
    return best


def _best_names(
    a: MatchRecord, b: MatchRecord
) -> tuple[Comparison, Comparison, SplitName, SplitName, int]:
    best: tuple[int, Comparison, Comparison, int] | None = None
    pick = (a.main, b.main)
    for x in a.names:
        for y in b.names:
            option = _best_for(x, y)
            if best is None or option[:3] > best[:3]:
                best, pick = option, (x, y)
    assert best is not None
    return best[1], best[2], pick[0], pick[1], best[3]


def _agreed(level: Comparison, xs: tuple[str, ...], ys: tuple[str, ...]) -> tuple[str, ...]:
    """The words two agreeing name parts share (or, spelt apart, the shorter side's); for
    initials, the letters that fit."""
    if level in ("differs", "missing", "conflict"):
        return ()
    if level == "initial":
        short, full = (xs, ys) if all(len(w) == 1 for w in xs) else (ys, xs)
        fit = [s for s, f in zip(short, full, strict=False) if s[0] == f[0]]
        return tuple(fit)
    common = tuple(sorted(set(xs) & set(ys)))
    if common:
        return common
    return min(xs, ys, key=lambda w: (len(w), w))


def _parts(
    a: MatchRecord, b: MatchRecord
) -> tuple[Comparison, Comparison, tuple[tuple[str, ...], ...]]:
    s, g, x, y, which = _best_names(a, b)
    xg, xs = (x.surnames, x.given) if which == 1 else (x.given, x.surnames)
    yg, ys = (y.surnames, y.given) if which == 2 else (y.given, y.surnames)
    return s, g, (xs, ys, xg, yg)


def agreement(
    a: MatchRecord, b: MatchRecord
) -> tuple[tuple[Comparison, ...], tuple[str, ...], tuple[str, ...]]:
    """The level of every field (as `levels`) and the surname and given-name words agreed
    on (for the term-frequency adjustment), read with the record whose key sorts first on
    the left (two readings of a name may agree equally well on different words: the pair
    is unordered, so its words must not depend on which record is given first)."""
    if b.key < a.key:
        a, b = b, a
    s, g, (xs, ys, xg, yg) = _parts(a, b)
    rest = levels(a, b)
    return rest, _agreed(s, xs, ys), _agreed(g, xg, yg)


def _names(a: MatchRecord, b: MatchRecord) -> tuple[Compared, Compared]:
    """The best agreement of any name of `a` with any name of `b`, each also tried the other
    way round (the same whichever record comes first)."""
    s, g, (xs, ys, xg, yg) = _parts(a, b)
    _levels, surname, given = agreement(a, b)
    return (
        Compared("surname", s, f"surname {_show(xs)} ~ {_show(ys)}", surname),
        Compared("given_name", g, f"given name {_show(xg)} ~ {_show(yg)}", given),
    )


def _show_dob(d: tuple[int, int, int]) -> str:
    y, m, day = d
    return f"{y:04d}" + (f"-{m:02d}" if m else "") + (f"-{day:02d}" if day else "")


def _dob(a: tuple[int, int, int] | None, b: tuple[int, int, int] | None) -> Compared:
    if a is None or b is None:
        return Compared("date_of_birth", "missing", "date of birth not on both")
    shown = f"date of birth {_show_dob(a)} ~ {_show_dob(b)}"
    if a == b and a[1] and a[2]:
        return Compared("date_of_birth", "exact", f"date of birth {_show_dob(a)}")
    fits = a[0] == b[0] and all(x == y or not x or not y for x, y in zip(a[1:], b[1:], strict=True))
    if fits:
        return Compared("date_of_birth", "partial", shown)
    same = sum(x == y for x, y in zip(a, b, strict=True))
    swapped = a[0] == b[0] and a[1] == b[2] and a[2] == b[1]
    off_by_year = abs(a[0] - b[0]) == 1 and a[1:] == b[1:]
    if swapped or (same == 2 and a[1] and b[1] and a[2] and b[2]) or off_by_year:
        return Compared("date_of_birth", "typo", shown)
    return Compared("date_of_birth", "differs", shown)


def _nationality(a: frozenset[str], b: frozenset[str]) -> Compared:
    if not a or not b:
        return Compared("nationality", "missing", "nationality not on both")
    common = a & b
    if common:
        return Compared("nationality", "exact", "nationality " + ", ".join(sorted(common)))
    return Compared(
        "nationality", "differs", f"nationality {', '.join(sorted(a))} ~ {', '.join(sorted(b))}"
    )


_CONFLICTING = ("a_number", "passport")


def _identifiers(a: frozenset[tuple[str, str]], b: frozenset[tuple[str, str]]) -> Compared:
    """Identifiers are named by scheme only, never by value."""
    schemes = {s for s, _ in a} & {s for s, _ in b}
    if not schemes:
        return Compared("identifier", "missing", "no identifier of one kind on both")
    same = sorted(s for s in schemes if {v for t, v in a if t == s} & {v for t, v in b if t == s})
    differ = sorted(s for s in schemes if s not in same)
    if "a_number" in differ or (not same and any(s in _CONFLICTING for s in differ)):
        which = next(s for s in differ if s in _CONFLICTING)
        return Compared("identifier", "conflict", f"{which.replace('_', '-')} differs")
    if same:
        return Compared("identifier", "exact", f"same {same[0].replace('_', '-')}")
    return Compared("identifier", "differs", f"{differ[0].replace('_', '-')} differs")


_KINDS = {"case": 0, "transfer": 1, "class": 2, "facility": 2}
"""A context token's level when two records share it (see `_context`): 0 exact, 1 partial,
2 initial (a kind not named here: partial)."""
_NAMED = {"case": "case", "transfer": "transfer", "class": "class case", "facility": "facility"}


def _kind(token: str) -> str:
    return token.partition(":")[0]


def _context(a: frozenset[str], b: frozenset[str]) -> Compared:
    """How much two records' context ties them, by the smallest group they share:

    - exact: the same case concerning one person or a few (`case:`: an individual habeas
      petition on its caption, and on a list that names it);
    - partial: the same transfer (`transfer:`: a flight's manifest, dozens to hundreds of
      people, namesakes among them);
    - initial: only a large group, a class case (`class:`) or the same facility in the same
      month (`facility:<key>@YYYY-MM`): hundreds, as weak as a name's initial;
    - differs: both name a context of one kind (two transfers, two cases, two facilities in
      one month) and share none of it;
    - missing: nothing of one kind on both (a class list beside a manifest says nothing)."""
    common = sorted(a & b, key=lambda c: (_KINDS.get(_kind(c), 1), c))
    if common:
        kind = _kind(common[0])
        level: Comparison = ("exact", "partial", "initial")[_KINDS.get(kind, 1)]
        key = common[0].partition(":")[2]
        if kind == "facility":
            facility, _, month = key.partition("@")
            return Compared("context", level, f"same facility {facility} in {month}")
        return Compared("context", level, f"same {_NAMED.get(kind, kind)} {key}")
    if _apart(a, b):
        return Compared("context", "differs", "no transfer, case or facility in common")
    return Compared("context", "missing", "no transfer, case or facility of one kind on both")


def _apart(a: frozenset[str], b: frozenset[str]) -> bool:
    """Both name a transfer, a case or a class case, and none in common; or both name where
    the person was held in one month, and the places differ (the same facility in other
    months says nothing either way: people are held for months)."""
    kinds = {_kind(c) for c in a if not c.startswith("facility:")}
    if kinds & {_kind(c) for c in b}:
        return True
    held_a = {c.partition("@")[2]: c for c in a if c.startswith("facility:")}
    return any(m in held_a for c in b if c.startswith("facility:") for m in [c.partition("@")[2]])


def _dob_level(a: tuple[int, int, int] | None, b: tuple[int, int, int] | None) -> Comparison:
    if a is None or b is None:
        return "missing"
    if a == b and a[1] and a[2]:
        return "exact"
    return _dob(a, b).level


def levels(a: MatchRecord, b: MatchRecord) -> tuple[Comparison, ...]:
    """The level of every field, in the order of `FIELDS`, without the words (what a batch
    needs for every pair; `compare` explains the pairs kept)."""
    s, g, _x, _y, _w = _best_names(a, b)
    nat: Comparison = (
        "missing"
        if not a.nationality or not b.nationality
        else ("exact" if a.nationality & b.nationality else "differs")
    )
    ident = (
        "missing"
        if not a.identifiers or not b.identifiers
        else _identifiers(a.identifiers, b.identifiers).level
    )
    ctx = "missing" if not a.context or not b.context else _context(a.context, b.context).level
    return (s, g, _dob_level(a.dob, b.dob), nat, ident, ctx)


def compare(a: MatchRecord, b: MatchRecord) -> tuple[Compared, ...]:
    """Every field of `a` and `b` compared, in the order of `FIELDS`."""
    surname, given = _names(a, b)
    return (
        surname,
        given,
        _dob(a.dob, b.dob),
        _nationality(a.nationality, b.nationality),
        _identifiers(a.identifiers, b.identifiers),
        _context(a.context, b.context),
    )
