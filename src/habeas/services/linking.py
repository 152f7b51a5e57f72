"""Linking: one person record matched against the whole ledger, and each person an import
adds linked, proposed for review, or left a person of their own.

A record is matched by indexed lookups: its blocking keys (`habeas.match.features`) against
the `match_keys` projection give at most `CANDIDATES` people who share one; their bodies and
contexts are read in a few queries and each pair is scored by the model. No scan of the
ledger, however large.

The names' weights are adjusted by how common the agreed words are among the ledger's
people (`habeas.match.frequencies`, as the batch dedupe does among its records): each
word's share is read from the kept word counts (`habeas.storage.word_count_queries`, a
seek a word), and the reference it is measured against (the mean log2 share over every
pair of people agreeing on a word) once per import, not per record.

On import (`link_imported`, run by the write service after an import commits), the prior
is that of one imported person being one given person of the ledger (`ALREADY_KNOWN` over
the number of people), and the best pair of each new person decides, with the thresholds of
`habeas.config` (`HABEAS_MATCH_AUTO_LINK`, `HABEAS_MATCH_REVIEW`):

- at or above the automatic threshold and no conflicting identifier: **linked**, the new
  person merged into the ledger's person (who already had the older key: keys never change);
- at or above the review threshold (or above the automatic one with a conflict): **review**,
  the pair proposed to the review queue;
- below: **new**, a person of their own.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from habeas.config import Settings, get_settings
from habeas.domain.access import Principal, require
from habeas.domain.pairs import CandidatePair, Comparison
from habeas.match.compare import levels
from habeas.match.features import MatchRecord, blocking_keys, match_record
from habeas.match.frequencies import TermFrequencies
from habeas.match.model import DEFAULT, Model
from habeas.services import merges, pair_review
from habeas.storage import match_queries, word_count_queries
from habeas.storage.store import Connection, Store

__all__ = [
    "CANDIDATES",
    "Decision",
    "LedgerWords",
    "Outcome",
    "decide",
    "ledger_words",
    "link_imported",
    "match_body",
    "match_person",
    "ordered_pairs",
]

CANDIDATES = 50
"""At most this many people (those sharing the most blocking keys) are scored per record."""
EXPLAINED = 20
"""Of those, the best this many are returned, each with its explanation."""
ALREADY_KNOWN = 0.5
"""The prior share of imported people who are already in the ledger: the model's prior that
an imported person is one given person of a ledger of N is ALREADY_KNOWN / N."""

Outcome = Literal["linked", "review", "new"]


@dataclass(frozen=True)
class Decision:
    """What linking did with one imported person: its best pair and the outcome."""

    person: str
    outcome: Outcome
    pair: CandidatePair | None = None
    into: str | None = None
    """The ledger's person it was linked to or proposed with."""

    def to_json(self) -> dict[str, Any]:
        """Stable JSON form."""
        return {
            "person": self.person,
            "outcome": self.outcome,
            "into": self.into,
            "pair": None if self.pair is None else self.pair.to_json(),
        }


@dataclass(frozen=True)
class LedgerWords:
    """What the term-frequency adjustment needs of the ledger beyond each record's words:
    how many people it holds, and the reference per name field and level."""

    people: int
    reference: Mapping[tuple[str, Comparison], float]


def ledger_words(conn: Connection, people: int | None = None) -> LedgerWords:
    """The ledger's `LedgerWords` (`people`: its number of people, when already counted)."""
    n = match_queries.count_people(conn) if people is None else people
    return LedgerWords(n, word_count_queries.agreement_reference(conn, n))


def _words(record: MatchRecord) -> set[str]:
    """Every name word of `record`, and the initial of each given name."""
    out: set[str] = set()
    for name in record.names:
        out.update(name.surnames, name.given, (w[0] for w in name.given if w))
    return out


def with_frequencies(
    conn: Connection, record: MatchRecord, model: Model, words: LedgerWords | None
) -> Model:
    """`model` with the names' weights adjusted by the shares, among the ledger's people,
    of `record`'s words (every word it can agree on is one of them); unchanged without
    `words`."""
    if words is None or not words.reference:
        return model
    shares = word_count_queries.word_shares(conn, _words(record), words.people)
    return model.with_tf(TermFrequencies(shares, words.reference, floor=1 / max(words.people, 1)))


def ordered_pairs(pairs: Sequence[CandidatePair]) -> list[CandidatePair]:
    """Best first: by match weight, then by pair id (so a tie is always broken alike)."""
    return sorted(pairs, key=lambda p: (-p.match_weight, p.id))


def _scored(
    conn: Connection, record: MatchRecord, model: Model, limit: int, words: LedgerWords | None
) -> list[CandidatePair]:
    model = with_frequencies(conn, record, model, words)
    found = match_queries.candidates(conn, blocking_keys(record), exclude=record.key, limit=limit)
    bodies = match_queries.person_bodies(conn, found)
    ctx = match_queries.contexts(conn, [record.key, *bodies])
    record = record.with_context(ctx.get(record.key, ()))
    others = [match_record(k, body).with_context(ctx.get(k, ())) for k, body in bodies.items()]
    # levels first (cheap), the words of the explanation only for the best few
    ranked = sorted(others, key=lambda o: (-model.pattern_weight(levels(record, o)), o.key))[
        :EXPLAINED
    ]
    return ordered_pairs([model.score(record, other) for other in ranked])


def match_body(
    conn: Connection,
    key: str,
    body: dict[str, Any],
    *,
    model: Model = DEFAULT,
    limit: int = CANDIDATES,
    words: LedgerWords | None = None,
) -> list[CandidatePair]:
    """The pairs of a person record body (in the ledger or not) with the ledger's people
    who share a blocking key with it, best first (at most `EXPLAINED`); the names' weights
    adjusted by their words' shares when `words` (`ledger_words`) is given."""
    return _scored(conn, match_record(key, body), model, limit, words)


def match_person(
    store: Store,
    key: str,
    *,
    principal: Principal,
    model: Model = DEFAULT,
    limit: int = CANDIDATES,
) -> list[CandidatePair]:
    """The ledger's people who may be the person `key`, best first (an editor's read: the
    matcher compares confidential identifiers, and names them by scheme only). The prior is
    the import's: `ALREADY_KNOWN` over the number of people."""
    if not isinstance(principal, Principal):
        raise TypeError("matching needs a principal (LOCAL_OPERATOR at the command line)")
    require(principal.role, "write")
    with store.read() as conn:
        words = ledger_words(conn)
        model = model.with_prior(ALREADY_KNOWN / max(words.people, 1))
        body = match_queries.person_bodies(conn, [key]).get(key)
        if body is None:
            return []
        return match_body(conn, key, body, model=model, limit=limit, words=words)


def decide(pair: CandidatePair | None, settings: Settings) -> Outcome:
    """The outcome the thresholds give a new person's best pair."""
    if pair is None or pair.probability < settings.match_review:
        return "new"
    if pair.conflict or pair.probability < settings.match_auto_link:
        return "review"
    return "linked"


Act = Callable[[Store, Principal, Decision], None]


def _act(store: Store, principal: Principal, decision: Decision) -> None:
    """Propose the pair to the review queue; when linked, accept it (a merge record, the
    ledger's person surviving)."""
    if decision.pair is None or decision.outcome == "new":
        return
    pair_review.propose_pairs(store, principal, [decision.pair], origin="import")
    if decision.outcome == "linked":
        assert decision.into is not None
        merges.merge_people(
            store,
            principal,
            survivor=decision.into,
            absorbed=decision.person,
            reason="linked on import: " + decision.pair.explain(),
            pair=decision.pair.id
            if decision.into in (decision.pair.left, decision.pair.right)
            else None,
        )


def link_imported(
    store: Store,
    principal: Principal,
    keys: Sequence[str],
    *,
    settings: Settings | None = None,
    model: Model = DEFAULT,
    act: Act | None = None,
) -> list[Decision]:
    """Match each person an import added (`keys`, in import order) against the ledger and
    act on the outcome; one person at a time, so a later one sees the earlier ones linked.

    Run after the import committed: the import stands whatever linking does. Nothing is
    done when the ledger held nobody before the import, or when it added more than
    `HABEAS_MATCH_IMPORT_MAX` people (`habeas dedupe` then). `act` (tests): what to do with
    each decision (default: propose and merge)."""
    settings = settings or get_settings()
    if not settings.match_on_import or not keys:
        return []
    do = act or _act
    with store.read() as conn:
        people = match_queries.count_people(conn)
    if people <= len(keys) or len(keys) > settings.match_import_max:
        # nobody was there before (a first import: its own duplicates are dedupe's), or an
        # import too large to link one person at a time (run `habeas dedupe` after it)
        return []
    model = model.with_prior(ALREADY_KNOWN / people)
    with store.read() as conn:
        words = ledger_words(conn, people)
    out: list[Decision] = []
    for key in keys:
        with store.read() as conn:
            body = match_queries.person_bodies(conn, [key]).get(key)
            if body is None:
                continue
            pairs = match_body(conn, key, body, model=model, words=words)
            best = pairs[0] if pairs else None
            into = None if best is None else (best.right if best.left == key else best.left)
            if into is not None:  # the person it matches may be merged into another
                roots = merges.resolve_people(conn, [key, into])
                into = None if roots[into] == roots[key] else roots[into]
        outcome = decide(best, settings) if into is not None else "new"
        decision = Decision(key, outcome, best, into)
        do(store, principal, decision)
        out.append(decision)
    return out
