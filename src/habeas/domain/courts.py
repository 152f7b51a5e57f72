"""Federal courts: who they are, where they sit, which court hears their appeals.

Court ids are those of the `courts-db` package (`mdd`, `ca4`, `scotus`, `dcd`, `tnmd`...).
What courts-db lacks -- each district's circuit, each court's seat, state and IANA time zone --
is shipped in `data/courts.json`, generated once by `scripts/build_courts_table.py` and
reviewed by hand. The table is read lazily, on first use, through `importlib.resources`.

    >>> [c.id for c in appeal_path("mdd")]
    ['mdd', 'ca4', 'scotus']
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from os.path import commonpath
from types import MappingProxyType
from typing import Literal, cast
from zoneinfo import ZoneInfo

from habeas.domain.errors import NotFound

__all__ = [
    "Court",
    "CourtKind",
    "UnknownCourt",
    "all_courts",
    "appeal_path",
    "court_zone",
    "get_court",
]

CourtKind = Literal["supreme", "circuit", "district", "bankruptcy", "special"]


class UnknownCourt(NotFound, LookupError):
    """No court has this id."""

    def __init__(self, court_id: str, suggestions: list[str]) -> None:
        hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"unknown court {court_id!r}{hint}")
        self.court_id = court_id
        self.suggestions = suggestions


@dataclass(frozen=True)
class Court:
    """A federal court, identified by its courts-db id.

    `circuit` is the court of appeals whose territory the court sits in (a circuit is its own
    circuit); `appeals_to` the court that hears its appeals (district → circuit, bankruptcy →
    district, circuit → scotus). Both are None for the Supreme Court and for former courts,
    whose appeal paths are not modelled. `state` is the two-letter code of the state or
    territory where the court sits (the state whose holidays FRCP 6(a)(6)(C) counts).
    `timezone` is the IANA zone of the court's seat: for a district spanning two zones, the
    seat's, with `note` saying so.
    """

    id: str
    name: str
    kind: CourtKind
    circuit: str | None
    appeals_to: str | None
    state: str | None
    seat: str | None
    timezone: str
    active: bool = True
    note: str = ""

    @property
    def zone(self) -> ZoneInfo:
        """The court's time zone."""
        return ZoneInfo(self.timezone)


@cache
def _table() -> Mapping[str, Court]:
    raw = json.loads(
        files("habeas.domain").joinpath("data", "courts.json").read_text(encoding="utf-8")
    )
    courts = {
        cid: Court(
            id=cid,
            name=row["name"],
            kind=cast(CourtKind, row["kind"]),
            circuit=row["circuit"],
            appeals_to=row["appeals_to"],
            state=row["state"],
            seat=row["seat"],
            timezone=row["timezone"],
            active=row["active"],
            note=row["note"],
        )
        for cid, row in raw["courts"].items()
    }
    return MappingProxyType(courts)


def all_courts() -> Mapping[str, Court]:
    """Every court of the table, keyed by id (read-only)."""
    return _table()


def get_court(court_id: str) -> Court:
    """The court with this id (case and surrounding spaces ignored), or UnknownCourt."""
    table = _table()
    key = court_id.strip().lower()
    if key in table:
        return table[key]
    raise UnknownCourt(court_id, _close_matches(key, list(table)))


def _close_matches(key: str, ids: list[str]) -> list[str]:
    """Up to five ids like `key`: most similar first, then sharing the longest prefix."""

    def rank(cid: str) -> tuple[float, int, str]:
        similar = difflib.SequenceMatcher(None, key, cid).ratio()
        prefix = len(commonpath([key, cid]))
        return (-similar, -prefix, cid)

    return sorted(difflib.get_close_matches(key, ids, n=20, cutoff=0.5), key=rank)[:5]


def appeal_path(court_id: str) -> list[Court]:
    """The court and each court above it in turn: mdd → [mdd, ca4, scotus]."""
    path = [get_court(court_id)]
    while (up := path[-1].appeals_to) is not None:
        path.append(get_court(up))
    return path


def court_zone(court_id: str) -> ZoneInfo:
    """The IANA time zone of the court's seat."""
    return get_court(court_id).zone
