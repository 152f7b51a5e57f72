"""Who a facility holds on a day, a page at a time, with the count of everyone held.

The count and the page come from the custody-spans projection in SQL
(`habeas.storage.held_queries`): only the people on the page are read and shown, whatever
the facility holds. An instant between two events of one day is answered as `occupancy`
answers it (`habeas.services.span_reads`): the few people with an event near it are
folded, and the list is ordered from the people's labels, never their bodies.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from habeas.domain.access import Principal
from habeas.domain.custody import CustodyEvent, Facility
from habeas.domain.people import Person
from habeas.services.occupancy import (
    held_at_instant,
    held_json,
    occupancy_summary,
    shown_held,
)
from habeas.services.span_reads import clearance_rank
from habeas.services.visibility import Visibility
from habeas.services.whereabouts import parse_as_of
from habeas.storage import held_queries
from habeas.storage.store import Connection, Store

__all__ = ["PAGE_SIZE", "HeldPage", "held_page"]

PAGE_SIZE = 50


@dataclass(frozen=True)
class HeldPage:
    """One page of the people a facility holds on a day, and how many it holds in all."""

    facility: Facility
    on: str | None
    total: int
    synthetic: int
    page: int
    size: int
    held: list[tuple[Person, CustodyEvent | None]]

    @property
    def pages(self) -> int:
        """How many pages the people held fill (1 when nobody is held)."""
        return max(1, -(-self.total // self.size))

    @property
    def first(self) -> int:
        """The position (from 1) of the first person on this page (0: the page is empty)."""
        return (self.page - 1) * self.size + 1 if self.held else 0

    def to_json(self) -> dict[str, Any]:
        """The JSON of `Occupancy.to_json`, its people those of the page, and the page."""
        return {
            **occupancy_summary(self.facility, self.on, self.total, self.synthetic),
            "people": held_json(self.held),
            "page": {
                "number": self.page,
                "size": self.size,
                "pages": self.pages,
                "total": self.total,
                "first": self.first,
                "last": self.first + len(self.held) - 1 if self.held else 0,
                "previous": min(self.page - 1, self.pages) if self.page > 1 else None,
                "next": self.page + 1 if self.page < self.pages else None,
            },
        }


def held_page(
    store: Store,
    facility: str,
    *,
    on: str | None = None,
    page: int = 1,
    size: int = PAGE_SIZE,
    principal: Principal,
) -> HeldPage:
    """Page `page` (from 1; past the last: empty) of the people the facility named
    `facility` holds on `on` (a date or an instant; None: now), `size` a page, from what
    `principal` may see; audited as `occupancy` is."""
    if page < 1 or size < 1:
        raise ValueError("a page number and a page size are at least 1")
    vis = Visibility.of(store, principal)
    with store.read() as conn:
        found = vis.resolve_shown(conn, facility, ["facility"], "facility")
        assert isinstance(found, Facility)
        result = _page_in(conn, found, on, vis, page, size)
    vis.audit(store, "occupancy")
    return result


def _page_in(
    conn: Connection, facility: Facility, on: str | None, vis: Visibility, page: int, size: int
) -> HeldPage:
    when = parse_as_of(on)
    rank = clearance_rank(vis)
    offset = (page - 1) * size
    if not isinstance(when, datetime):
        day = when.isoformat() if when is not None else None
        counts = held_queries.held_counts(conn, facility.key, day, rank)
        rows = held_queries.held_rows(conn, facility.key, day, rank, offset, size)
        held = shown_held(conn, rows, vis)
        return HeldPage(facility, on, counts.total, counts.synthetic, page, size, held)
    pairs = held_at_instant(conn, facility, when, vis)
    labels = held_queries.person_labels(conn, [key for key, _ in pairs])
    pairs = sorted(
        (pair for pair in pairs if pair[0] in labels),
        key=lambda pair: (*labels[pair[0]], pair[0]),
    )
    synthetic = sum(1 for key, _ in pairs if labels[key][0])
    held = shown_held(conn, pairs[offset : offset + size], vis)
    return HeldPage(facility, on, len(pairs), synthetic, page, size, held)
