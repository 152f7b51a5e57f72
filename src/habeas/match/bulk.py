"""The batch's comparisons in bulk: the blocking and the comparison levels of every
candidate pair computed over NumPy arrays, not pair by pair in Python.

Each record's main name becomes word numbers (up to `WIDTH` given names and surnames), with
each word's phonetic key, first letter and whether it is an initial; dates of birth, a
single A-number and nationalities become numbers too. The levels are then the rules of
`habeas.match.compare` written over whole columns of pairs (the same levels: the tests
check every pair of a benchmark batch against `compare.levels`); the Jaro-Winkler
similarity of two words is measured once for each pair of words that needs it. A record
the arrays cannot hold (aliases, more than `WIDTH` words a part, another identifier
scheme, more than `CONTEXT_WIDTH` context tokens) has that field compared in Python, pair
by pair.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from rapidfuzz.distance import JaroWinkler
from rapidfuzz.process import cpdist

from habeas.domain.pairs import Comparison
from habeas.match.compare import _KINDS, _TYPO, FIELDS, _context, _kind, agreement, levels
from habeas.match.features import MatchRecord, blocking_keys
from habeas.match.frequencies import TermFrequencies
from habeas.match.names import phonetic

__all__ = [
    "CODES",
    "Coded",
    "block_members",
    "bulk_levels",
    "bulk_pairs",
    "code_records",
    "initialled",
]

Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]
Floats = npt.NDArray[np.float64]
Index = npt.NDArray[np.int32] | npt.NDArray[np.int64]
"""Record numbers (a batch's pairs hold them as int32: 8 bytes a pair)."""

CODES: tuple[Comparison, ...] = (
    "exact",
    "phonetic",
    "partial",
    "typo",
    "initial",
    "differs",
    "missing",
    "conflict",
)
"""Each level's number in the arrays."""
EXACT, PHONETIC, PARTIAL, TYPO, INITIAL, DIFFERS, MISSING, CONFLICT = range(8)
_QUALITY = np.array([6, 5, 4, 3, 2, 0, 1, 0], dtype=np.int64)
"""As `compare._QUALITY`, by number."""
_NAME_ORDER = np.array([sorted(CODES).index(c) for c in CODES], dtype=np.int64)
"""Each level's place in alphabetical order: `compare._best_for` breaks a tie of quality by
comparing the levels' names, and so does this."""
WIDTH = 3
"""Given names and surnames held per record in the arrays."""
CONTEXT_WIDTH = 8
"""Context tokens held per record in the arrays."""


@dataclass(frozen=True)
class Coded:
    """The records as arrays: word numbers of the main name's parts, and what each word
    is; which records each field can be compared for in the arrays."""

    words: list[str]
    phonetic: Ints
    first: Ints
    initial: Bools
    given: Ints
    """[records, width] word numbers, -1 past the last (width: the most words of a part,
    at most WIDTH)."""
    surnames: Ints
    parts: Ints
    """[parts, width] the distinct rows of `given` and `surnames`."""
    given_part: Ints
    surname_part: Ints
    """Each record's row of `parts`."""
    ordered: Bools
    names_simple: Bools
    dob: Ints
    """[records, 3] year, month, day (0 when not known); a missing date is year -1."""
    nationality: Ints
    """A bit per nationality (0: none)."""
    nationality_simple: Bools
    a_number: Ints
    """The A-number's number among the values (-1: no identifier)."""
    id_simple: Bools
    context: Ints
    """[records, width] token numbers of the context, -1 past the last (width: the most
    tokens of a record, at most CONTEXT_WIDTH)."""
    context_rank: Ints
    """Per token number: its level when two records share it (`compare._KINDS`: 0 exact,
    1 partial, 2 initial)."""
    context_kind: Ints
    """Per token number: the number of its kind (transfer, case, class case, ...), -1 for a
    facility's month."""
    context_month: Ints
    """Per token number: the number of a facility token's month, -1 for any other token."""
    context_simple: Bools
    fuzzy: _Fuzzy


def _padded(rows: list[tuple[int, ...]], width: int) -> Ints:
    out = np.full((len(rows), width), -1, dtype=np.int64)
    for i, r in enumerate(rows):
        out[i, : len(r)] = r
    return out


def code_records(records: Sequence[MatchRecord]) -> Coded:
    """The arrays of `records`."""
    number: dict[str, int] = {}
    words: list[str] = []

    def word(w: str) -> int:
        n = number.get(w)
        if n is None:
            n = number[w] = len(words)
            words.append(w)
        return n

    given: list[tuple[int, ...]] = []
    surnames: list[tuple[int, ...]] = []
    simple: list[bool] = []
    ordered: list[bool] = []
    dob = np.zeros((len(records), 3), dtype=np.int64)
    nats: dict[str, int] = {}
    nat = np.zeros(len(records), dtype=np.int64)
    nat_simple = np.ones(len(records), dtype=np.bool_)
    values: dict[str, int] = {}
    a_number = np.full(len(records), -1, dtype=np.int64)
    id_simple = np.ones(len(records), dtype=np.bool_)
    for i, r in enumerate(records):
        name = r.main
        ok = len(r.names) == 1 and len(name.given) <= WIDTH and len(name.surnames) <= WIDTH
        simple.append(ok)
        ordered.append(name.ordered)
        given.append(tuple(word(w) for w in name.given) if ok else ())
        surnames.append(tuple(word(w) for w in name.surnames) if ok else ())
        dob[i] = r.dob if r.dob is not None else (-1, 0, 0)
        for c in r.nationality:
            bit = nats.setdefault(c, len(nats))
            if bit < 62:
                nat[i] |= 1 << bit
            else:
                nat_simple[i] = False
        if r.identifiers:
            (only, *more) = sorted(r.identifiers)
            if more or only[0] != "a_number":
                id_simple[i] = False
            else:
                a_number[i] = values.setdefault(only[1], len(values))
    keys: dict[str, int] = {}
    width = max([len(r) for r in (*given, *surnames)] + [1])
    given_rows, surname_rows = _padded(given, width), _padded(surnames, width)
    parts, part = np.unique(np.concatenate([given_rows, surname_rows]), axis=0, return_inverse=True)
    part = part.reshape(-1)
    tokens: dict[str, int] = {}
    held = [r.context if len(r.context) <= CONTEXT_WIDTH else frozenset() for r in records]
    context = _padded(
        [tuple(tokens.setdefault(t, len(tokens)) for t in sorted(c)) for c in held],
        max([len(c) for c in held] + [1]),
    )
    return Coded(
        words=words,
        phonetic=np.array([keys.setdefault(phonetic(w), len(keys)) for w in words] or [0]),
        first=np.array([ord(w[0]) if w else 0 for w in words] or [0]),
        initial=np.array([len(w) == 1 for w in words] or [False]),
        given=given_rows,
        surnames=surname_rows,
        parts=parts,
        given_part=part[: len(records)],
        surname_part=part[len(records) :],
        ordered=np.array(ordered, dtype=np.bool_),
        names_simple=np.array(simple, dtype=np.bool_),
        dob=dob,
        nationality=nat,
        nationality_simple=nat_simple,
        a_number=a_number,
        id_simple=id_simple,
        context=context,
        **_context_tokens(list(tokens)),
        context_simple=np.array([len(r.context) <= CONTEXT_WIDTH for r in records], dtype=np.bool_),
        fuzzy=_Fuzzy(words),
    )


# -- blocking ------------------------------------------------------------------------------
PAIRS_AT_ONCE = 4_000_000
"""Pairs of blocks made at once (the rest of the blocks wait: memory stays bounded)."""


def initialled(record: MatchRecord) -> bool:
    """Whether a name of the record gives a part as initials only (a manifest's "K A"):
    what the `ni:` keys are for."""
    for name in record.names:
        if name.given and all(len(w) == 1 for w in name.given):
            return True
        if not name.ordered and name.surnames and all(len(w) == 1 for w in name.surnames):
            return True
    return False


def block_members(records: Sequence[MatchRecord]) -> tuple[Ints, Ints, Bools, Bools]:
    """Each (record, blocking key) as two columns sorted by key number then record, whether
    each key is an `ni:` key, and whether each record is written with initials."""
    numbers: dict[str, int] = {}
    owner = array("q")
    key = array("q")
    marked = np.zeros(len(records), dtype=np.bool_)
    for i, r in enumerate(records):
        for k in blocking_keys(r):
            owner.append(i)
            key.append(numbers.setdefault(k, len(numbers)))
        marked[i] = initialled(r)
    ni = np.fromiter((k.startswith("ni:") for k in numbers), dtype=np.bool_, count=len(numbers))
    keys = np.asarray(key, dtype=np.int64)
    owners = np.asarray(owner, dtype=np.int64)
    del owner, key, numbers
    order = np.argsort(keys, kind="stable")
    return keys[order], owners[order], ni, marked


def bulk_pairs(
    records: Sequence[MatchRecord], *, max_block: int
) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.int32], int]:
    """Every pair (left < right) of records sharing a blocking key of a block of at most
    `max_block` records, once, in order; and how many blocks were larger. An `ni:` block
    (a surname's sound and a given name's initial) gives only the pairs where one record
    is written with initials (`initialled`): two records with their given names in full
    meet through their other keys (the sounds of both names), and the `ni:` pairs between
    them, most of the pairs at scale, are nearly all two people.

    The blocks' pairs are written, `PAIRS_AT_ONCE` at most at a time, into one array of
    8 bytes a pair (as many as the blocks could give), sorted there and made distinct."""
    n = len(records)
    empty = np.zeros(0, dtype=np.int32)
    keys, owners, ni, marked = block_members(records)
    if not len(keys):
        return empty, empty, 0
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    sizes = np.diff(np.r_[starts, len(keys)])
    skipped = int((sizes > max_block).sum())
    kept = sizes[(sizes > 1) & (sizes <= max_block)]
    buffer = np.empty(int((kept * (kept - 1) // 2).sum()), dtype=np.int64)
    filled = 0
    for size in np.unique(kept).tolist():
        a, b = np.triu_indices(size, k=1)
        of_size = starts[sizes == size]
        step = max(1, PAIRS_AT_ONCE // len(a))
        for at in range(0, len(of_size), step):
            first = of_size[at : at + step]
            members = owners[first[:, None] + np.arange(size)]
            lo, hi = members[:, a], members[:, b]  # members ascend within a block
            wanted = ~ni[keys[first]][:, None] | marked[lo] | marked[hi]
            codes = (lo * n + hi)[wanted]
            buffer[filled : filled + len(codes)] = codes
            filled += len(codes)
    del keys, owners
    pairs = buffer[:filled]
    pairs.sort()
    pairs = pairs[np.r_[True, pairs[1:] != pairs[:-1]]] if filled else pairs
    del buffer
    return (pairs // n).astype(np.int32), (pairs % n).astype(np.int32), skipped


# -- names -----------------------------------------------------------------------------------
MEMO = 2_000_000
"""The most values a table of measured values keeps (some 9 bytes each); past it, the
table starts again from the values of the latest chunk."""


class _Memo:
    """Values measured once per number (a pair of words, of name parts), in a table
    sorted by number and kept across the chunks of a batch (up to `MEMO` values)."""

    def __init__(self, dtype: type[np.generic]) -> None:
        self.codes: Ints = np.zeros(0, dtype=np.int64)
        self.values: npt.NDArray[Any] = np.zeros(0, dtype=dtype)

    def get(self, codes: Ints, measure: Callable[[Ints], npt.NDArray[Any]]) -> npt.NDArray[Any]:
        """The value of each of `codes`, those not in the table measured by `measure` (given
        them distinct and sorted) and kept."""
        unique, inverse = np.unique(codes, return_inverse=True)
        at = np.searchsorted(self.codes, unique)
        known = np.zeros(len(unique), dtype=np.bool_)
        if len(self.codes):
            known = self.codes[np.minimum(at, len(self.codes) - 1)] == unique
        values = np.empty(len(unique), dtype=self.values.dtype)
        values[known] = self.values[at[known]]
        if not known.all():
            new = ~known
            values[new] = measure(unique[new])
            if len(self.codes) + int(new.sum()) > MEMO:
                self.codes, self.values = unique, values
            else:
                merged = np.concatenate([self.codes, unique[new]])
                order = np.argsort(merged, kind="stable")
                self.codes = merged[order]
                self.values = np.concatenate([self.values, values[new]])[order]
        return values[inverse.reshape(-1)]


class _Fuzzy:
    """Jaro-Winkler of two words at least `_TYPO`, measured once per pair of words (the
    new ones measured together in C++ by `rapidfuzz.process.cpdist`)."""

    def __init__(self, words: list[str]) -> None:
        self.words = words
        self.memo = _Memo(np.bool_)
        self.surnames = _Memo(np.int8)
        self.given = _Memo(np.int8)
        """The levels of pairs of name parts."""

    def _measure(self, codes: Ints) -> Bools:
        v, w = len(self.words), self.words
        similarity = cpdist(
            [w[k] for k in (codes // v).tolist()],
            [w[k] for k in (codes % v).tolist()],
            scorer=JaroWinkler.similarity,
            dtype=np.float64,
        )
        return similarity >= _TYPO

    def __call__(self, a: Ints, b: Ints) -> Bools:
        out = np.zeros(len(a), dtype=np.bool_)
        ok = (a >= 0) & (b >= 0)
        same = ok & (a == b)
        out[same] = True
        ok &= ~same
        if not ok.any():
            return out
        v = len(self.words)
        codes = np.minimum(a[ok], b[ok]) * v + np.maximum(a[ok], b[ok])
        out[ok] = self.memo.get(codes, self._measure)
        return out


def _surname_level(c: Coded, fuzzy: _Fuzzy, a: Ints, b: Ints) -> Ints:
    """`compare._surnames` over rows of word numbers."""
    va, vb = a >= 0, b >= 0
    na, nb = va.sum(1), vb.sum(1)
    pa = np.where(va, c.phonetic[np.maximum(a, 0)], -1)
    pb = np.where(vb, c.phonetic[np.maximum(b, 0)], -1)
    eq = (a[:, :, None] == b[:, None, :]) & va[:, :, None]
    ph = (pa[:, :, None] == pb[:, None, :]) & va[:, :, None] & vb[:, None, :]
    a_in_b = (~va | eq.any(2)).all(1)
    b_in_a = (~vb | eq.any(1)).all(1)
    exact = a_in_b & b_in_a  # the same set of words (a word may be written twice)
    phon = (na == nb) & (np.sort(pa, 1) == np.sort(pb, 1)).all(1)
    ph_a = (~va | ph.any(2)).all(1)
    ph_b = (~vb | ph.any(1)).all(1)
    partial = ((na < nb) & ph_a) | ((nb < na) & ph_b)
    out = np.full(len(a), DIFFERS, dtype=np.int64)
    undecided = ~(exact | phon | partial) & (na > 0) & (nb > 0)
    rows = np.flatnonzero(undecided)
    if len(rows):
        wa, wb = a.shape[1], b.shape[1]
        left = np.repeat(a[rows], wb, axis=1).ravel()
        right = np.tile(b[rows], (1, wa)).ravel()
        fz = ph[rows] | fuzzy(left, right).reshape(len(rows), wa, wb)
        ra, rb = va[rows], vb[rows]
        f_a = (~ra | fz.any(2)).all(1)
        f_b = (~rb | fz.any(1)).all(1)
        sa, sb = na[rows], nb[rows]
        typo = ((sa < sb) & f_a) | ((sb < sa) & f_b) | ((sa == sb) & f_a & f_b)
        out[rows[typo]] = TYPO
    out[partial] = PARTIAL
    out[phon] = PHONETIC
    out[exact] = EXACT
    out[(na == 0) | (nb == 0)] = MISSING
    return out


def _given_level(c: Coded, fuzzy: _Fuzzy, a: Ints, b: Ints) -> Ints:
    """`compare._given` over rows of word numbers."""
    va, vb = a >= 0, b >= 0
    na, nb = va.sum(1), vb.sum(1)
    a_init = (~va | c.initial[np.maximum(a, 0)]).all(1)
    b_init = (~vb | c.initial[np.maximum(b, 0)]).all(1)
    x, y = a[:, 0], b[:, 0]
    eq = (a[:, :, None] == b[:, None, :]) & va[:, :, None]
    out = np.full(len(a), DIFFERS, dtype=np.int64)
    rest_a, rest_b = va[:, 1:].any(1), vb[:, 1:].any(1)
    disjoint = ~eq[:, 1:, 1:].any((1, 2))
    a_in_b = (~va | eq.any(2)).all(1)
    b_in_a = (~vb | eq.any(1)).all(1)
    px = c.phonetic[np.maximum(x, 0)]
    py = c.phonetic[np.maximum(y, 0)]
    decided = np.zeros(len(a), dtype=np.bool_)

    def put(where: Bools | np.bool_, level: int | Ints) -> None:
        nonlocal decided
        now = where & ~decided
        out[now] = level if isinstance(level, int) else level[now]
        decided |= now

    put((na == 0) | (nb == 0), MISSING)
    init = a_init | b_init
    first_fits = c.first[np.maximum(x, 0)] == c.first[np.maximum(y, 0)]
    both = a_init & b_init
    put(init & both & (x == y), INITIAL)
    put(init & ~both & first_fits, INITIAL)
    put(init, DIFFERS)
    put((x == y) & rest_a & rest_b & disjoint, PARTIAL)
    put(x == y, EXACT)
    put(a_in_b | b_in_a, PARTIAL)
    put(px == py, PHONETIC)
    rows = np.flatnonzero(~decided)
    if len(rows):
        typo = fuzzy(x[rows], y[rows])
        out[rows[typo]] = TYPO
    return out


Level = Callable[[Coded, _Fuzzy, Ints, Ints], Ints]


def _by_parts(c: Coded, fuzzy: _Fuzzy, level: Level, x: Ints, y: Ints) -> Ints:
    """`level` of the name parts numbered `x` and `y`, measured once per pair of distinct
    parts (most pairs of a batch repeat a pair of surnames or of given names); the levels
    do not depend on which side is which; each pair's level is kept for the next
    chunks)."""
    m = len(c.parts)
    codes = np.minimum(x, y) * m + np.maximum(x, y)
    memo = fuzzy.surnames if level is _surname_level else fuzzy.given

    def measure(new: Ints) -> npt.NDArray[np.int8]:
        return level(c, fuzzy, c.parts[new // m], c.parts[new % m]).astype(np.int8)

    return memo.get(codes, measure).astype(np.int64)


def _names(c: Coded, fuzzy: _Fuzzy, i: Index, j: Index) -> tuple[Ints, Ints, Ints]:
    """`compare._best_for` over pairs: the surname and given-name levels, and which way
    round the names were read (0 as written, 1 the left swapped, 2 the right)."""
    ga, sa, gb, sb = c.given_part[i], c.surname_part[i], c.given_part[j], c.surname_part[j]
    cost_a = np.where(c.ordered[i], 4, 2)
    cost_b = np.where(c.ordered[j], 4, 2)
    options: tuple[tuple[Ints, Ints, Ints, Ints, Ints], ...] = (
        (sa, sb, ga, gb, np.zeros(len(i), dtype=np.int64)),
        (ga, sb, sa, gb, cost_a),
        (sa, gb, ga, sb, cost_b),
    )
    best_s = best_g = best_key = which = None
    stop = np.zeros(len(i), dtype=np.bool_)
    for n, (xs, ys, xg, yg, cost) in enumerate(options):
        sl = _by_parts(c, fuzzy, _surname_level, xs, ys)
        gl = _by_parts(c, fuzzy, _given_level, xg, yg)
        quality = _QUALITY[sl] * 8 + _QUALITY[gl] - cost
        key = (quality + 16) * 64 + _NAME_ORDER[sl] * 8 + _NAME_ORDER[gl]
        if best_key is None or best_s is None or best_g is None or which is None:
            best_s, best_g, best_key = sl, gl, key
            which = np.zeros(len(i), dtype=np.int64)
        else:
            better = (key > best_key) & ~stop
            best_s = np.where(better, sl, best_s)
            best_g = np.where(better, gl, best_g)
            best_key = np.where(better, key, best_key)
            which = np.where(better, n, which)
        stop |= (sl == EXACT) & (gl == EXACT)
    assert best_s is not None and best_g is not None and which is not None
    return best_s, best_g, which


def _first(words: Ints) -> Bools:
    """Whether each word is the first of its row to be written so (the words agreed on are
    a set: a word written twice counts once)."""
    out = np.ones(words.shape, dtype=np.bool_)
    for k in range(1, words.shape[1]):
        out[:, k] = ~(words[:, :k] == words[:, k : k + 1]).any(1)
    return out


def _exact_shares(
    c: Coded, tf: TermFrequencies, i: Index, j: Index, s: Ints, g: Ints, which: Ints
) -> tuple[Floats, Floats]:
    """log2 of the shares of the words agreed on, for the pairs whose surnames (given
    names) agree exactly (0 elsewhere): what the term-frequency adjustment counts."""
    share_s = np.array([tf.log_share("surname", (w,)) for w in c.words] or [0.0], dtype=np.float64)
    share_g = np.array(
        [tf.log_share("given_name", (w,)) for w in c.words] or [0.0], dtype=np.float64
    )
    left_swapped = (which == 1)[:, None]
    right_swapped = (which == 2)[:, None]
    xs = np.where(left_swapped, c.given[i], c.surnames[i])
    xg = np.where(left_swapped, c.surnames[i], c.given[i])
    yg = np.where(right_swapped, c.surnames[j], c.given[j])
    on_s = np.where((xs >= 0) & _first(xs), share_s[np.maximum(xs, 0)], 0.0).sum(1)
    shared = (xg[:, :, None] == yg[:, None, :]).any(2) & (xg >= 0) & _first(xg)
    on_g = np.where(shared, share_g[np.maximum(xg, 0)], 0.0).sum(1)
    return np.where(s == EXACT, on_s, 0.0), np.where(g == EXACT, on_g, 0.0)


# -- the other fields ------------------------------------------------------------------------
def _dob_level(d: Ints, i: Index, j: Index) -> Ints:
    a, b = d[i], d[j]
    out = np.full(len(i), DIFFERS, dtype=np.int64)
    same = a == b
    known = (a[:, 1] > 0) & (a[:, 2] > 0) & (b[:, 1] > 0) & (b[:, 2] > 0)
    fits = same[:, 0] & ((same | (a == 0) | (b == 0))[:, 1:]).all(1)
    swapped = same[:, 0] & (a[:, 1] == b[:, 2]) & (a[:, 2] == b[:, 1])
    off_by_year = (np.abs(a[:, 0] - b[:, 0]) == 1) & same[:, 1:].all(1)
    typo = swapped | ((same.sum(1) == 2) & known) | off_by_year
    out[typo] = TYPO
    out[fits] = PARTIAL
    out[same.all(1) & (a[:, 1] > 0) & (a[:, 2] > 0)] = EXACT
    out[(a[:, 0] < 0) | (b[:, 0] < 0)] = MISSING
    return out


def _context_tokens(tokens: list[str]) -> dict[str, Ints]:
    """The per-token arrays of `Coded` for the context rule of `compare._context`."""
    kinds: dict[str, int] = {}
    months: dict[str, int] = {}
    rank, kind, month = [], [], []
    for t in tokens:
        k = _kind(t)
        rank.append(_KINDS.get(k, 1))
        facility = k == "facility"
        kind.append(-1 if facility else kinds.setdefault(k, len(kinds)))
        month.append(months.setdefault(t.partition("@")[2], len(months)) if facility else -1)
    return {
        "context_rank": np.array(rank or [0], dtype=np.int64),
        "context_kind": np.array(kind or [-1], dtype=np.int64),
        "context_month": np.array(month or [-1], dtype=np.int64),
    }


def _any_equal(a: Ints, b: Ints) -> Bools:
    """Per row: some value of `a` (not -1) equals some value of `b`."""
    equal: Bools = ((a[:, :, None] == b[:, None, :]) & (a >= 0)[:, :, None]).any((1, 2))
    return equal


def _context_level(c: Coded, i: Index, j: Index) -> Ints:
    """`compare._context` over rows of token numbers: the level of the smallest group both
    share (exact: a case; partial: a transfer; initial: a class case or a facility in a
    month), else differs when both name a context of one kind (or where they were held in
    one month) and share none, else missing."""
    a, b = c.context[i], c.context[j]
    va, vb = a >= 0, b >= 0
    common = ((a[:, :, None] == b[:, None, :]) & va[:, :, None]).any(2)
    rank = np.where(common, c.context_rank[np.maximum(a, 0)], 3).min(1)
    apart = _any_equal(
        np.where(va, c.context_kind[np.maximum(a, 0)], -1),
        np.where(vb, c.context_kind[np.maximum(b, 0)], -1),
    ) | _any_equal(
        np.where(va, c.context_month[np.maximum(a, 0)], -1),
        np.where(vb, c.context_month[np.maximum(b, 0)], -1),
    )
    out = np.where(apart, DIFFERS, MISSING).astype(np.int64)
    shared = rank < 3
    out[shared] = np.array([EXACT, PARTIAL, INITIAL], dtype=np.int64)[rank[shared]]
    return out


def bulk_levels(
    records: Sequence[MatchRecord],
    coded: Coded,
    i: Index,
    j: Index,
    tf: TermFrequencies | None = None,
) -> tuple[Ints, Floats, Floats]:
    """The level numbers of every field of every pair (i[k], j[k]) ([pairs, fields], in
    the order of `FIELDS`), and the log2 shares of the surname and given-name words agreed
    on exactly (zeros without `tf`). The same levels as `compare.levels(records[i],
    records[j])`."""
    c = coded
    fuzzy = c.fuzzy
    out = np.empty((len(i), len(FIELDS)), dtype=np.int64)
    s, g, which = _names(c, fuzzy, i, j)
    out[:, 0], out[:, 1] = s, g
    out[:, 2] = _dob_level(c.dob, i, j)
    na, nb = c.nationality[i], c.nationality[j]
    out[:, 3] = np.where((na == 0) | (nb == 0), MISSING, np.where((na & nb) != 0, EXACT, DIFFERS))
    ia, ib = c.a_number[i], c.a_number[j]
    out[:, 4] = np.where((ia < 0) | (ib < 0), MISSING, np.where(ia == ib, EXACT, CONFLICT))
    out[:, 5] = _context_level(c, i, j)
    if tf is not None:
        share_s, share_g = _exact_shares(c, tf, i, j, s, g, which)
    else:
        share_s = share_g = np.zeros(len(i), dtype=np.float64)
    number = {level: n for n, level in enumerate(CODES)}
    slow_names = ~(c.names_simple[i] & c.names_simple[j])
    slow_other = ~(
        c.nationality_simple[i] & c.nationality_simple[j] & c.id_simple[i] & c.id_simple[j]
    )
    slow = np.flatnonzero(slow_names | slow_other)
    if len(slow):
        share_s = share_s.copy()
        share_g = share_g.copy()
        for k in slow.tolist():
            a, b = records[int(i[k])], records[int(j[k])]
            out[k] = [number[level] for level in levels(a, b)]
            if tf is not None and slow_names[k]:
                pattern, sw, gw = agreement(a, b)
                share_s[k] = tf.log_share("surname", sw) if pattern[0] == "exact" else 0.0
                share_g[k] = tf.log_share("given_name", gw) if pattern[1] == "exact" else 0.0
    # context the arrays do not hold: only that field, pair by pair
    for k in np.flatnonzero(~(c.context_simple[i] & c.context_simple[j])).tolist():
        a, b = records[int(i[k])], records[int(j[k])]
        ctx = _context(a.context, b.context).level if a.context and b.context else "missing"
        out[k, 5] = number[ctx]
    return out, share_s, share_g
