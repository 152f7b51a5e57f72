"""Alerts: what needs attention at a moment.

    violation            a prohibition (do not remove/transfer) violated, or possibly violated
    overdue              an obligation unmet past its deadline
    missed_filings       occurrences of a recurring obligation with no filing recorded
    deadline_soon        a deadline (or the next occurrence) within the window
    open_asap            an "as soon as possible" obligation open longer than a set time
    unmet_in_substance   an open obligation formally met but assessed unmet in substance
    whereabouts_unknown  a person whose whereabouts are unknown for longer than a set time
    over_capacity        a facility holding more people than its capacity

Each alert names its subject (an obligation, a person, a facility) and says why in one line.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal

from habeas.domain.access import Principal
from habeas.domain.compliance_state import Status, human_duration, instant_json
from habeas.domain.custody import CustodyEvent, Facility
from habeas.domain.time import parse_instant, zone
from habeas.services.compliance import (
    ObligationReport,
    compliance_in,
    obligations_effective_by,
    status_counts,
)
from habeas.services.occupancy import occupancy_in
from habeas.services.span_reads import clearance_rank, fold_people, instant_split
from habeas.services.visibility import Visibility
from habeas.services.whereabouts import parse_as_of
from habeas.storage import queries, span_queries
from habeas.storage.projections import record_from_row
from habeas.storage.store import Connection, Store

__all__ = ["KINDS", "Alert", "AlertsReport", "alerts", "alerts_in", "status_sections"]

Severity = Literal["high", "medium", "low"]
KINDS = (
    "violation",
    "overdue",
    "missed_filings",
    "deadline_soon",
    "open_asap",
    "unmet_in_substance",
    "whereabouts_unknown",
    "over_capacity",
)
_RANK = {"high": 0, "medium": 1, "low": 2}


@dataclass(frozen=True)
class Alert:
    """One thing that needs attention."""

    kind: str
    severity: Severity
    subject_type: str
    subject_key: str
    subject_label: str
    message: str
    at: datetime | None = None
    details: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """Stable JSON form (documented in docs/compliance.md)."""
        return {
            "kind": self.kind,
            "severity": self.severity,
            "subject": {
                "type": self.subject_type,
                "key": self.subject_key,
                "label": self.subject_label,
            },
            "at": instant_json(self.at),
            "message": self.message,
            "details": self.details,
        }


@dataclass(frozen=True)
class AlertsReport:
    """The alerts at a moment, most serious first."""

    as_of: str | None
    within_days: int
    unknown_after_days: int
    asap_after_days: int
    alerts: list[Alert]

    def counts(self) -> dict[str, int]:
        """How many alerts of each kind (every kind, zeros included)."""
        found = Counter(a.kind for a in self.alerts)
        return {k: found.get(k, 0) for k in KINDS}

    def to_json(self) -> dict[str, Any]:
        """Stable JSON form (documented in docs/compliance.md)."""
        return {
            "as_of": self.as_of,
            "within_days": self.within_days,
            "unknown_after_days": self.unknown_after_days,
            "asap_after_days": self.asap_after_days,
            "counts": self.counts(),
            "alerts": [a.to_json() for a in self.alerts],
        }


def _obligation_alerts(item: ObligationReport, within: timedelta, asap: timedelta) -> list[Alert]:
    s, ob = item.state, item.obligation
    label = f"{ob.action.replace('_', ' ')} ({item.order.title}, {item.order.issued.human()})"

    def alert(kind: str, severity: Severity, message: str, at: datetime | None) -> Alert:
        details = {"status": s.status.value, "case": item.order.case, "order": item.order.key}
        return Alert(kind, severity, "obligation", ob.key, label, message, at, details)

    out: list[Alert] = []
    if s.status in (Status.VIOLATED, Status.POSSIBLY_VIOLATED):
        for t in s.transfers:  # one alert a transfer, however many were aboard
            if t.verdict in ("violated", "possibly_violated"):
                word = t.verdict.replace("_", " ")
                out.append(alert("violation", "high", f"{word}: {t.summary}", t.departed.start()))
        for v in s.violations:
            if v.kind != "transfer":
                word = "violated" if v.certain else "possibly violated"
                out.append(alert("violation", "high", f"{word}: {v.summary}", v.departed.start()))
    if s.ending is not None:
        return out
    dl = s.deadline
    if s.status is Status.OVERDUE and dl.kind != "recurring":
        by = human_duration(s.overdue_by) if s.overdue_by else "?"
        none = ": no filing recorded" if ob.how_met().kind == "docket_entry" else ""
        out.append(alert("overdue", "high", f"unmet and overdue by {by}{none}", dl.after_stays))
    if s.missed:
        last = s.missed[-1].due
        message = f"{len(s.missed)} occurrence(s) with no filing recorded, the last due"
        out.append(alert("missed_filings", "high", f"{message} {last.isoformat()}", last))
    upcoming = dl.next_due if dl.kind == "recurring" else dl.after_stays
    if (
        s.status in (Status.PENDING, Status.OVERDUE)
        and upcoming is not None
        and s.as_of < upcoming <= s.as_of + within
    ):
        left = human_duration(upcoming - s.as_of)
        local = upcoming.astimezone(zone(s.zone)).strftime("%d %b %Y, %H:%M %Z").lstrip("0")
        out.append(alert("deadline_soon", "medium", f"due {local} (in {left})", upcoming))
    if dl.kind == "asap" and s.status is Status.PENDING and s.open_for and s.open_for > asap:
        message = f"'as soon as possible' and still open after {human_duration(s.open_for)}"
        out.append(alert("open_asap", "medium", message, s.effective_from))
    if s.substance == "unmet" and s.status is not Status.SUPERSEDED:
        message = "formally met by filing, assessed unmet in substance"
        out.append(alert("unmet_in_substance", "medium", message, None))
    return out


def _moment(as_of: str | None, now: datetime) -> tuple[date | datetime | None, datetime]:
    """What to fold whereabouts at, and the instant to measure from."""
    when = parse_as_of(as_of)
    if when is None:
        return None, now
    if isinstance(when, datetime):
        return when, when
    return when, parse_instant(when.isoformat())


def _unknown_since(
    conn: Connection, when: date | datetime | None, vis: Visibility
) -> list[tuple[str, CustodyEvent]]:
    """(person, the event since which their whereabouts are unknown) at `when` (None: now),
    from the whereabouts spans whose answer is unknown; for an instant, the people with an
    event near it are folded at the instant itself (`habeas.services.span_reads`)."""
    rank = clearance_rank(vis)
    folded: dict[str, CustodyEvent] = {}
    changing: frozenset[str] = frozenset()
    if isinstance(when, datetime):
        split = instant_split(conn, when, vis)
        day: str | None = split.steady_day
        changing = split.changing
        for key, w in fold_people(conn, changing, when, vis).items():
            if w.status == "unknown" and w.since is not None:
                folded[key] = w.since
    else:
        day = when.isoformat() if when is not None else None
    spans = [
        s
        for s in span_queries.whereabouts_with_status(conn, "unknown", day, rank)
        if s.person_key not in changing
    ]
    rows = queries.get_records(conn, [s.opened_by for s in spans])
    out = []
    for span in spans:
        row = rows.get(span.opened_by)
        ev = record_from_row(row.body) if row is not None else None
        if isinstance(ev, CustodyEvent):
            out.append((span.person_key, ev))
    return sorted([*out, *folded.items()])


def _people_alerts(
    conn: Connection, as_of: str | None, now: datetime, days: int, vis: Visibility
) -> list[Alert]:
    when, instant = _moment(as_of, now)
    unknown = []
    for person, ev in _unknown_since(conn, when, vis):
        since = ev.at.start()
        if instant - since > timedelta(days=days):
            unknown.append((person, ev, instant - since))
    rows = queries.get_records(conn, [p for p, _, _ in unknown])
    labels = {k: r.label for k, r in rows.items()} if vis.full else vis.labels(rows)
    if not vis.full:
        vis.saw(ev.key for _p, ev, _g in unknown if ev.sensitivity == "confidential")
    return [
        Alert(
            "whereabouts_unknown",
            "high",
            "person",
            person,
            labels.get(person, person),
            f"whereabouts unknown for {human_duration(gap)} (since {ev.at.human()}, {ev.kind})",
            ev.at.start(),
            {"event": ev.key},
        )
        for person, ev, gap in unknown
    ]


def _facility_alerts(conn: Connection, as_of: str | None, vis: Visibility) -> list[Alert]:
    out = []
    on = as_of if as_of is None or len(as_of.strip()) == 10 else as_of.strip()[:10]
    for row in queries.records_of_type(conn, "facility"):
        fac = record_from_row(row.body)
        if not vis.full and isinstance(fac, Facility):
            fac = vis.show(fac)
        if isinstance(fac, Facility) and fac.capacity:
            occ = occupancy_in(conn, fac, on, vis, people=0)
            if occ.count > fac.capacity:
                message = f"{occ.count:,} held against a capacity of {fac.capacity:,}"
                details = {"held": occ.count, "capacity": fac.capacity}
                out.append(
                    Alert(
                        "over_capacity",
                        "medium",
                        "facility",
                        fac.key,
                        fac.name,
                        message,
                        None,
                        details,
                    )
                )
    return out


def alerts_in(
    conn: Connection,
    *,
    as_of: str | None = None,
    within_days: int = 7,
    unknown_after_days: int = 30,
    asap_after_days: int = 14,
    now: datetime | None = None,
    vis: Visibility,
) -> AlertsReport:
    """The alerts at `as_of` (None: now) on an open connection, from what `vis` may see
    (LOCAL_OPERATOR's: everything)."""
    moment = now or datetime.now(UTC)
    obligations = obligations_effective_by(conn, as_of, moment, vis)
    found: list[Alert] = []
    within, asap = timedelta(days=within_days), timedelta(days=asap_after_days)
    for item in compliance_in(conn, obligations, as_of, moment, vis):
        if item.state.status is not Status.NOT_YET_EFFECTIVE:
            found.extend(_obligation_alerts(item, within, asap))
    found.extend(_people_alerts(conn, as_of, moment, unknown_after_days, vis))
    found.extend(_facility_alerts(conn, as_of, vis))
    far = datetime.max.replace(tzinfo=UTC)
    found.sort(key=lambda a: (_RANK[a.severity], KINDS.index(a.kind), a.at or far, a.subject_key))
    return AlertsReport(as_of, within_days, unknown_after_days, asap_after_days, found)


def alerts(
    store: Store,
    *,
    as_of: str | None = None,
    within_days: int = 7,
    unknown_after_days: int = 30,
    asap_after_days: int = 14,
    now: datetime | None = None,
    principal: Principal,
) -> AlertsReport:
    """Deadlines coming up within `within_days`, obligations overdue, filings missed,
    violations, people unknown for more than `unknown_after_days`, facilities over capacity
    — from what `principal` may see (the local operator, LOCAL_OPERATOR, sees everything)."""
    vis = Visibility.of(store, principal)
    with store.read() as conn:
        report = alerts_in(
            conn,
            as_of=as_of,
            within_days=within_days,
            unknown_after_days=unknown_after_days,
            asap_after_days=asap_after_days,
            now=now,
            vis=vis,
        )
    vis.audit(store, "alerts")
    return report


def _how_long(item: dict[str, Any]) -> str | None:
    for name, word in (("late_by", "late by"), ("overdue_by", "overdue by"), ("took", "after")):
        if item.get(name):
            said = item[name]["text"]
            return said if said == "the same day" else f"{word} {said}"
    if item.get("open_for"):
        return f"open for {item['open_for']['text']}"
    return None


def status_sections(
    conn: Connection, as_of: str | None, limit: int = 20, *, vis: Visibility
) -> dict[str, Any]:
    """The "compliance" and "alerts" sections of the status report (stable JSON), from what
    `vis` may see (LOCAL_OPERATOR's: everything)."""
    moment = datetime.now(UTC)
    obligations = obligations_effective_by(conn, as_of, moment, vis)
    items = [
        i.to_json()
        for i in compliance_in(conn, obligations, as_of, moment, vis)
        if i.state.status is not Status.NOT_YET_EFFECTIVE
    ]
    rows = []
    for item in items:
        d = item["deadline"]
        if d["kind"] == "recurring":
            deadline = "recurring" + (f", next {d['next_due']['local']}" if d["next_due"] else "")
        elif d["at"]:
            at = d["at"].get("recorded") or d["at"]["local"]  # a window stays a window
            deadline = at + ("" if d["in_effect"] else " (no longer in effect)")
        else:
            deadline = d["kind"].replace("asap", "as soon as possible")
        rows.append(
            {
                "key": item["key"],
                "case": item["case"]["docket_number"] if item["case"] else None,
                "action": item["action"],
                "order": f"{item['order']['title']}, {item['order']['issued']}",
                "status": item["status"],
                "status_text": item["status_text"],
                "how_long": _how_long(item),
                "deadline": deadline,
                "substance": item["substance"],
            }
        )
    found = alerts_in(conn, as_of=as_of, now=moment, vis=vis)
    return {
        "compliance": {
            "as_of": as_of,
            "counts": status_counts(r["status"] for r in rows),
            "obligations": rows,
        },
        "alerts": {
            "as_of": as_of,
            "total": len(found.alerts),
            "counts": found.counts(),
            "items": [a.to_json() for a in found.alerts[:limit]],
        },
    }
