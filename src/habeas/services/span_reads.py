"""Reading the spans projections (`habeas.storage.projections.person_spans`) for a reader,
and the few people an instant can catch between two events of one day.

A span holds one answer per day. Asked about a date (or "now"), the span covering it *is*
the rule's answer. Asked about an instant (`2025-03-16T08:00Z`), the answer can differ
from the day's only for a person with an event within a day of it: an event of an earlier
day had certainly happened by the instant, and one of a later day certainly had not, in
any time zone (no zone is more than 14 hours from UTC). So an instant is answered from the
spans covering the day two days before it, except for the people with an event on the
day before, the day of or the day after it: those few are folded exactly, from their
own events. Both sets come from indexes; nobody else's events are read.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from habeas.domain.custody import CustodyEvent
from habeas.domain.whereabouts import Whereabouts, fold_whereabouts
from habeas.services.visibility import Visibility
from habeas.storage import merge_queries, queries, span_queries
from habeas.storage.projections import record_from_row
from habeas.storage.projections.person_spans import RANK
from habeas.storage.store import Connection

__all__ = ["Instant", "clearance_rank", "fold_people", "instant_split"]


def clearance_rank(vis: Visibility) -> int:
    """The clearance rank spans are read at: 2 for everything, -1 for nothing."""
    if vis.full or vis.sees_everything:
        return max(RANK.values())
    return max((RANK[level] for level in vis.clearance), default=-1)


@dataclass(frozen=True)
class Instant:
    """How to answer for an instant: the day whose spans hold for everyone but `changing`,
    and the people who must be folded at the instant itself."""

    steady_day: str
    changing: frozenset[str]


def instant_split(conn: Connection, when: datetime, vis: Visibility) -> Instant:
    """The day to read spans at for `when`, and the people with an event near it."""
    day = when.astimezone(UTC).date()
    first, last = (day - timedelta(days=1)).isoformat(), (day + timedelta(days=1)).isoformat()
    changing = span_queries.persons_changing(conn, first, last, clearance_rank(vis))
    return Instant((day - timedelta(days=2)).isoformat(), frozenset(changing))


def fold_people(
    conn: Connection, persons: Iterable[str], when: datetime, vis: Visibility
) -> dict[str, Whereabouts]:
    """The whereabouts at `when` of each of `persons`, folded from the custody events about
    them that `vis` may see (a person above clearance, with all their events, is left out).
    A person merged into another is folded as the survivor, with the events of both."""
    keys = sorted(set(persons))
    roots = merge_queries.resolve_people(conn, keys, vis.merge_levels)
    groups = {root: vis.people_of(conn, root) for root in set(roots.values())}
    members = sorted({m for group in groups.values() for m in group})
    hidden = set() if vis.full else vis.hidden(conn, members)
    events: dict[str, list[CustodyEvent]] = defaultdict(list)
    for row in queries.records_about(
        conn, [m for m in members if m not in hidden], "custody_event"
    ):
        rec = record_from_row(row.body)
        if isinstance(rec, CustodyEvent) and (vis.full or vis.sees(rec)):
            events[rec.person].append(rec)
    out: dict[str, Whereabouts] = {}
    for root, group in sorted(groups.items()):
        if root in hidden:
            continue
        chain = [e for member in group for e in events.get(member, [])]
        if chain:
            out[root] = fold_whereabouts(root, chain, when)
    return out
