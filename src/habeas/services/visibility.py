"""What one principal may see, for the read services (whereabouts, timeline, search, …).

Every read service takes a required `principal=` and builds one `Visibility`; there is no
default that sees everything. The local operator at the command line is the explicit
`LOCAL_OPERATOR` (`habeas.domain.access`): it sees everything and is not audited, so its
answers are exactly what they were before accounts existed. For any other principal, answers
are computed as if
the records above its clearance did not exist (`habeas.domain.access`): they cannot be found
by name or key, are left out of lists and timelines, their names are not shown where other
records refer to them, and the fields above clearance are taken out of what is shown.
Whatever confidential data *is* shown is noted, and `audit()` queues one audit event saying
who was shown which records (never the data) in the durable audit queue, without taking the
log's write lock (`habeas.services.audit`: one item per request within an `audit_scope`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TypeVar, cast

from habeas.domain.access import (
    CLEARANCE,
    LEVELS,
    LOCAL_OPERATOR,
    Principal,
    levels_in,
    redaction,
    require,
)
from habeas.domain.access_errors import NotAuthenticated
from habeas.domain.base import Record
from habeas.domain.errors import NotFound
from habeas.services.accounts import public_view_enabled
from habeas.services.audit import audit_read
from habeas.services.lookup import Found, choose_one, find, find_closest
from habeas.services.sourcing import CitedSource, cited_sources
from habeas.storage import account_queries, merge_queries, queries
from habeas.storage.store import Connection, Store

__all__ = ["WITHHELD", "WITHHELD_SOURCE", "Visibility"]

R = TypeVar("R", bound=Record)

WITHHELD = "(withheld)"
"""Shown instead of the name of a record the reader may not see."""

WITHHELD_SOURCE = CitedSource(
    key="withheld",
    kind="withheld",
    title="(a source you are not cleared to see)",
    publisher=None,
    published=None,
    url=None,
    excerpt=None,
    locator=None,
    docket_number=None,
)
"""Shown instead of a cited source the reader may not see: the fact has a source."""


class Visibility:
    """The clearance of one principal over one answer, and the confidential keys it saw."""

    def __init__(self, principal: Principal) -> None:
        if not isinstance(principal, Principal):
            raise TypeError(f"a read needs a Principal, not {principal!r}")
        self.principal = principal
        self.full = principal == LOCAL_OPERATOR
        self.role = self.principal.role
        self.clearance: frozenset[str] = frozenset(CLEARANCE.get(self.role, frozenset()))
        self.sees_everything = self.clearance >= set(LEVELS)
        self.seen: set[str] = set()
        self.withheld_sources: dict[str, int] = {}

    @classmethod
    def of(cls, store: Store, principal: Principal) -> Visibility:
        """The visibility of `principal`, refusing a reader who may not read at all."""
        vis = cls(principal)
        if not vis.full:
            require(vis.role, "read")
            if vis.role == "public" and not public_view_enabled(store):
                raise NotAuthenticated("the public view is switched off: sign in")
        return vis

    # -- what may be seen ----------------------------------------------------------------
    def sees(self, record: Record) -> bool:
        """True if the record itself is within clearance."""
        return record.sensitivity in self.clearance

    def sees_row(self, row: object) -> bool:
        """True if a `records` row is within clearance (a retracted row reads as public)."""
        return getattr(row, "sensitivity", "confidential") in self.clearance

    def hidden(self, conn: Connection, keys: Iterable[str]) -> set[str]:
        """Those of `keys` whose current record is above clearance."""
        if self.sees_everything:
            return set()
        return self._hidden_of(account_queries.sensitivities(conn, keys))

    def _hidden_of(self, levels: Mapping[str, tuple[str, str]]) -> set[str]:
        return {
            k
            for k, (level, status) in levels.items()
            if status == "active" and level not in self.clearance
        }

    def show(self, record: Record, hidden: Iterable[str] = ()) -> Record | None:
        """The record as this principal may see it (None: not at all); notes confidential
        data shown, for the audit."""
        if self.full:
            return record
        result = redaction(record, self.role, hidden=frozenset(hidden))
        shown = result.record
        if shown is not None and "confidential" in levels_in(shown):
            self.seen.add(record.key)
        cut = sum(1 for path in result.withheld if path.startswith("sources["))
        if cut:
            self.withheld_sources[record.key] = cut
        return shown

    def show_all(self, conn: Connection, records: Sequence[R]) -> list[R]:
        """Each record as this principal may see it, those it may not see left out."""
        if self.full:
            return list(records)
        hidden = self.hidden(conn, {k for r in records for _p, k, _t in r.references()})
        out: list[R] = []
        for r in records:
            shown = self.show(r, hidden)
            if shown is not None:
                out.append(cast(R, shown))  # redaction keeps the record's class
        return out

    def labels(self, rows: Mapping[str, Any]) -> dict[str, str]:
        """key -> label of `records` rows (as `queries.get_records` returns them); WITHHELD
        for those above clearance."""
        out: dict[str, str] = {}
        for key, row in rows.items():
            if self.full or self.sees_row(row) or row.status != "active":
                out[key] = row.label
                if not self.full and row.sensitivity == "confidential":
                    self.seen.add(key)
            else:
                out[key] = WITHHELD
        return out

    def cited(self, conn: Connection, records: list[Record]) -> dict[str, list[CitedSource]]:
        """Each record's resolved citations; each source above clearance (taken out by
        `show`, or not) is listed as WITHHELD_SOURCE: the reader learns that the fact has a
        source, not which."""
        out = cited_sources(conn, records)
        if self.full:
            return out
        levels = account_queries.sensitivities(conn, {s.key for v in out.values() for s in v})
        hidden = self._hidden_of(levels)
        self.seen |= {k for k, (level, _s) in levels.items() if level == "confidential"} - hidden
        return {
            key: [WITHHELD_SOURCE if s.key in hidden else s for s in items]
            + [WITHHELD_SOURCE] * self.withheld_sources.get(key, 0)
            for key, items in out.items()
        }

    # -- finding records by name ---------------------------------------------------------
    def find(
        self, conn: Connection, text: str, types: Sequence[str] | None, limit: int
    ) -> list[Found]:
        """`lookup.find`, without the records above clearance; a person merged into another
        is found as the person it answers as (`follow_merges`)."""
        if self.full:
            return self.follow_merges(conn, find(conn, text, types, limit))
        levels = None if self.sees_everything else self.clearance
        found = find(conn, text, types, limit, levels=levels)  # filtered in SQL
        return self.follow_merges(conn, [f for f in found if self.sees_row(f.row)][:limit])

    # -- merged people -------------------------------------------------------------------
    @property
    def merge_levels(self) -> frozenset[str] | None:
        """The sensitivity levels of the merges this principal follows (None: all)."""
        return None if self.full or self.sees_everything else self.clearance

    def follow_merges(self, conn: Connection, found: list[Found]) -> list[Found]:
        """Each person found as the person it answers as now (its survivor, when merged by a
        merge within clearance), each once, in the order first found."""
        people = [f.key for f in found if f.type == "person"]
        roots = merge_queries.resolve_people(conn, people, self.merge_levels)
        moved = {root for key, root in roots.items() if root != key}
        if not moved:
            return found
        rows = queries.get_records(conn, moved)
        out: list[Found] = []
        seen: set[str] = set()
        for f in found:
            row = rows.get(roots.get(f.key, f.key))
            if row is not None and row.status == "active" and (self.full or self.sees_row(row)):
                f = Found(row)
            if f.key not in seen:
                seen.add(f.key)
                out.append(f)
        return out

    def people_of(self, conn: Connection, person: str) -> list[str]:
        """Every person record the person `person` answers for: itself and everyone merged
        into it (by merges within clearance; a merged person above clearance left out),
        itself first."""
        group = merge_queries.group_of(conn, person, self.merge_levels)
        if len(group) == 1 or self.full:
            return group
        hidden = self.hidden(conn, group[1:])
        return [k for k in group if k not in hidden]

    def resolve(self, conn: Connection, text: str, types: Sequence[str], what: str) -> Found:
        """`lookup.resolve` over what this principal may see: a record above clearance is
        not found, and is never named among the candidates of an ambiguous name."""
        candidates = self.find(conn, text, types, 50)
        if not candidates:  # no name holds every word: the closest spellings it may see
            closest = find_closest(conn, text, types, 50, levels=self.clearance)
            candidates = [f for f in closest if self.sees_row(f.row)]
        found = choose_one(candidates, text, types, what)
        if self.sees_everything and not self.full and found.record.sensitivity == "confidential":
            self.seen.add(found.key)
        return found

    def resolve_shown(self, conn: Connection, text: str, types: Sequence[str], what: str) -> Record:
        """The one record `text` names, as this principal may see it (see `resolve`)."""
        found = self.resolve(conn, text, types, what)
        shown = self.show_all(conn, [found.record])
        if not shown:  # it refers, by a required field, to a record above clearance
            raise NotFound(f"no {what} matches {text!r}")
        return shown[0]

    # -- the audit -----------------------------------------------------------------------
    def saw(self, keys: Iterable[str]) -> None:
        """Note that confidential data of `keys` was shown."""
        if not self.full:
            self.seen.update(keys)

    def audit(self, store: Store, what: str) -> None:
        """Queue the audit event of the confidential data shown (if any, and if audited):
        durably, before the answer is returned, and never waiting for the log's writer."""
        if not self.full and self.seen:
            audit_read(store, self.principal, self.seen, what)
            self.seen = set()
