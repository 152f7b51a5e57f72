"""What the compliance engine answers: an obligation's state at a moment, and why.

Times are aware datetimes; durations are timedeltas. `to_json` gives the stable JSON form
documented in docs/compliance.md (instants in UTC with a Z, each beside its local form).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any, Literal

from habeas.domain.time import PartialTime, zone

__all__ = [
    "OCCURRENCE_STATUSES",
    "STATUS_TEXT",
    "ComplianceState",
    "DeadlineState",
    "Ending",
    "Evidence",
    "Interval",
    "Occurrence",
    "OccurrenceStatus",
    "Status",
    "Substance",
    "TransferFinding",
    "TransferVerdict",
    "Violation",
    "between_json",
    "duration_json",
    "human_duration",
    "instant_json",
    "minutes_range",
]


class Status(StrEnum):
    """Where an obligation stands at a moment."""

    NOT_YET_EFFECTIVE = "not_yet_effective"
    PENDING = "pending"
    IN_FORCE = "in_force"
    MET = "met"
    MET_LATE = "met_late"
    OVERDUE = "overdue"
    VIOLATED = "violated"
    POSSIBLY_VIOLATED = "possibly_violated"
    SUSPENDED = "suspended"
    DISPUTED = "disputed"
    CANNOT_TELL = "cannot_tell"
    VACATED = "vacated"
    SUPERSEDED = "superseded"
    MOOT = "moot"


STATUS_TEXT: dict[str, str] = {
    "not_yet_effective": "not yet in effect",
    "pending": "pending",
    "in_force": "in force, not violated",
    "met": "met",
    "met_late": "met late",
    "overdue": "unmet and overdue",
    "violated": "VIOLATED",
    "possibly_violated": "possibly violated",
    "suspended": "suspended by a stay",
    "disputed": "disputed",
    "cannot_tell": "cannot tell",
    "vacated": "vacated",
    "superseded": "superseded",
    "moot": "moot",
}

OccurrenceStatus = Literal["met", "met_late", "no_filing_recorded", "suspended"]
OCCURRENCE_STATUSES: tuple[str, ...] = OccurrenceStatus.__args__  # type: ignore[attr-defined]
Substance = Literal["met", "unmet"] | None


def human_duration(delta: timedelta) -> str:
    """'57 days', '1 day 4 hours', '51 minutes', 'under a minute'."""
    seconds = int(delta.total_seconds())
    sign = "-" if seconds < 0 else ""
    seconds = abs(seconds)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    parts = []
    for n, unit in ((days, "day"), (hours, "hour"), (minutes, "minute")):
        if n:
            parts.append(f"{n} {unit}{'s' if n != 1 else ''}")
    if not parts:
        return "under a minute"
    return sign + " ".join(parts[:2])


def duration_json(delta: timedelta | None) -> dict[str, Any] | None:
    """{"seconds": 4924800, "text": "57 days"} or None."""
    if delta is None:
        return None
    return {"seconds": int(delta.total_seconds()), "text": human_duration(delta)}


def days_json(delta: timedelta | None) -> dict[str, Any] | None:
    """A time between two acts known only by their days, in whole days: {"seconds": 0,
    "text": "the same day"}, "1 day", "57 days" (never hours the record does not give)."""
    if delta is None:
        return None
    days = round(delta.total_seconds() / 86400)
    text = "the same day" if days == 0 else f"{days} day{'s' if abs(days) != 1 else ''}"
    return {"seconds": int(delta.total_seconds()), "text": text}


def between_json(bounds: tuple[timedelta, timedelta] | None) -> dict[str, Any] | None:
    """{"least": {...}, "most": {...}, "text": "0–274 min"} or None."""
    if bounds is None:
        return None
    least, most = bounds
    return {
        "least": duration_json(least),
        "most": duration_json(most),
        "text": minutes_range(least, most),
    }


def minutes_range(least: timedelta, most: timedelta) -> str:
    """'0–274 min' (whole minutes, the bounds as the record allows them)."""
    return f"{int(least.total_seconds() // 60)}–{int(most.total_seconds() // 60)} min"


def instant_json(
    moment: datetime | None, zone_name: str | None = None, recorded: str | None = None
) -> dict[str, Any] | None:
    """{"utc": "2025-04-08T03:59:00Z", "local": "2025-04-07T23:59:00-04:00"} or None.

    `recorded` is the time as the record gives it when that is less than an exact instant (a
    day, a window): the instant is then only the reading's bound, and a reader shows
    `recorded`, never the instant's invented time of day."""
    if moment is None:
        return None
    utc = moment.astimezone(UTC)
    local = moment.astimezone(zone(zone_name)) if zone_name else moment
    out = {
        "utc": utc.isoformat(timespec="seconds").replace("+00:00", "Z"),
        "local": local.isoformat(timespec="seconds"),
    }
    if recorded is not None:
        out["recorded"] = recorded
    return out


@dataclass(frozen=True)
class Interval:
    """A time an obligation was suspended by a stay: [start, end), end None while it lasts."""

    start: datetime
    end: datetime | None
    key: str
    label: str = ""
    start_recorded: str | None = None  # the start as recorded, when not an exact instant
    end_recorded: str | None = None  # the end as recorded, when not an exact instant

    def contains(self, moment: datetime) -> bool:
        """True if `moment` falls inside the stay."""
        return self.start <= moment and (self.end is None or moment < self.end)

    def overlap(self, first: datetime, last: datetime) -> timedelta:
        """How much of [first, last) the stay covers."""
        lo = max(first, self.start)
        hi = last if self.end is None else min(last, self.end)
        return max(hi - lo, timedelta(0))

    def to_json(self, zone_name: str | None = None) -> dict[str, Any]:
        """Stable JSON form."""
        return {
            "stay": self.key,
            "label": self.label,
            "start": instant_json(self.start, zone_name, self.start_recorded),
            "end": instant_json(self.end, zone_name, self.end_recorded),
        }


@dataclass(frozen=True)
class Evidence:
    """A record that shows an obligation (or one occurrence of it) met."""

    kind: Literal["custody_event", "docket_entry", "assessment", "transfer"]
    key: str
    at: PartialTime
    summary: str

    def to_json(self) -> dict[str, Any]:
        """Stable JSON form."""
        return {"type": self.kind, "key": self.key, "at": str(self.at), "summary": self.summary}


@dataclass(frozen=True)
class Violation:
    """A movement of a protected person after a prohibition took effect (`disputed`: why
    whether the person or the transfer is covered at all is disputed; `between`: how long
    after it took effect, at least and at most, when either time is a window or a day)."""

    kind: Literal["transfer", "custody_event"]
    key: str
    person: str | None
    departed: PartialTime
    after: timedelta | None
    certain: bool
    summary: str
    disputed: str | None = None
    between: tuple[timedelta, timedelta] | None = None

    def to_json(self) -> dict[str, Any]:
        """Stable JSON form."""
        return {
            "type": self.kind,
            "key": self.key,
            "person": self.person,
            "departed": str(self.departed),
            "after_order": duration_json(self.after),
            "after_order_between": between_json(self.between),
            "certain": self.certain,
            "disputed": self.disputed,
            "summary": self.summary,
        }


TransferVerdict = Literal[
    "before_effect", "during_stay", "not_covered", "violated", "possibly_violated", "disputed"
]


@dataclass(frozen=True)
class TransferFinding:
    """What a prohibition's rule found for one transfer, once however many were aboard: the
    people it counts (`aboard`), their coverage, and the verdict; the per-person detail is in
    the `Violation`s."""

    transfer: str
    label: str
    departed: PartialTime
    aboard: int
    coverage: Literal["covered", "disputed", "not_covered", "protected"]
    verdict: TransferVerdict
    summary: str
    after: timedelta | None = None
    between: tuple[timedelta, timedelta] | None = None

    def to_json(self) -> dict[str, Any]:
        """Stable JSON form."""
        return {
            "transfer": self.transfer,
            "label": self.label,
            "departed": str(self.departed),
            "aboard": self.aboard,
            "coverage": self.coverage,
            "finding": self.verdict,
            "after_order": duration_json(self.after),
            "after_order_between": between_json(self.between),
            "summary": self.summary,
        }


@dataclass(frozen=True)
class Occurrence:
    """One occurrence of a recurring obligation: when it fell due and what happened."""

    due: datetime
    status: OccurrenceStatus
    evidence: tuple[Evidence, ...] = ()
    late_by: timedelta | None = None
    timing_uncertain: bool = False
    substance: Substance = None

    def to_json(self, zone_name: str | None = None) -> dict[str, Any]:
        """Stable JSON form."""
        return {
            "due": instant_json(self.due, zone_name),
            "status": self.status,
            "late_by": duration_json(self.late_by),
            "timing_uncertain": self.timing_uncertain,
            "substance": self.substance,
            "evidence": [e.to_json() for e in self.evidence],
        }


@dataclass(frozen=True)
class Ending:
    """How an obligation stopped binding: vacated, superseded or moot, when, and by what."""

    status: Status
    at: datetime
    by: str
    reason: str
    recorded: str | None = None  # when it ended as recorded, when not an exact instant

    def to_json(self, zone_name: str | None = None) -> dict[str, Any]:
        """Stable JSON form."""
        return {
            "status": self.status.value,
            "at": instant_json(self.at, zone_name, self.recorded),
            "by": self.by,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class DeadlineState:
    """The deadline as it stands: stated, extended, pushed past a stay, or vacated."""

    kind: str
    due: datetime | None = None
    original: datetime | None = None
    after_stays: datetime | None = None
    words: str | None = None
    extended_by: str | None = None
    vacated_at: datetime | None = None
    vacated_by: str | None = None
    next_due: datetime | None = None
    steps: tuple[str, ...] = ()
    reasonable_time: timedelta | None = None
    recorded: str | None = None  # the deadline as a window, when it is not one instant

    @property
    def in_effect(self) -> bool:
        """True while a deadline binds (not vacated, and there is one)."""
        return self.due is not None and self.vacated_at is None

    def to_json(self, zone_name: str | None = None) -> dict[str, Any]:
        """Stable JSON form."""
        return {
            "kind": self.kind,
            "at": instant_json(
                self.due, zone_name, self.recorded if self.extended_by is None else None
            ),
            "original": instant_json(self.original, zone_name),
            "after_stays": instant_json(self.after_stays, zone_name),
            "words": self.words,
            "extended_by": self.extended_by,
            "in_effect": self.in_effect,
            "vacated_at": instant_json(self.vacated_at, zone_name),
            "vacated_by": self.vacated_by,
            "next_due": instant_json(self.next_due, zone_name),
            "steps": list(self.steps),
            "reasonable_time": duration_json(self.reasonable_time),
        }


@dataclass(frozen=True)
class ComplianceState:
    """An obligation's state at `as_of`, with the evidence and the reasons."""

    obligation: str
    as_of: datetime
    status: Status
    zone: str
    effective_from: datetime
    deadline: DeadlineState
    met_at: PartialTime | None = None
    late_by: timedelta | None = None
    overdue_by: timedelta | None = None
    open_for: timedelta | None = None
    took: timedelta | None = None
    took_by_day: bool = False
    timing_uncertain: bool = False
    suspended: tuple[Interval, ...] = ()
    ending: Ending | None = None
    evidence: tuple[Evidence, ...] = ()
    violations: tuple[Violation, ...] = ()
    transfers: tuple[TransferFinding, ...] = ()
    while_in_force: Status | None = None
    occurrences: tuple[Occurrence, ...] = ()
    substance: Substance = None
    assessments: tuple[str, ...] = ()
    context: tuple[str, ...] = ()
    explanation: tuple[str, ...] = field(default_factory=tuple)
    possible: tuple[Status, ...] = ()
    uncertain: tuple[str, ...] = ()
    assumed: tuple[str, ...] = ()

    @property
    def status_text(self) -> str:
        """The status in words; for "cannot tell", the statuses it could be."""
        text = STATUS_TEXT[self.status.value]
        if self.while_in_force is not None:
            text += f" (while in force: {STATUS_TEXT[self.while_in_force.value]})"
        if self.possible:
            text += ": " + " or ".join(STATUS_TEXT[p.value] for p in self.possible)
        return text

    @property
    def missed(self) -> tuple[Occurrence, ...]:
        """The occurrences of a recurring obligation with no filing recorded."""
        return tuple(o for o in self.occurrences if o.status == "no_filing_recorded")

    def to_json(self) -> dict[str, Any]:
        """Stable JSON form (documented in docs/compliance.md)."""
        z = self.zone
        counts = dict.fromkeys(OCCURRENCE_STATUSES, 0)
        for o in self.occurrences:
            counts[o.status] += 1
        return {
            "obligation": self.obligation,
            "as_of": instant_json(self.as_of, z),
            "status": self.status.value,
            "status_text": self.status_text,
            "possible": [p.value for p in self.possible],
            "uncertain": list(self.uncertain),
            "assumed": list(self.assumed),
            "effective_from": instant_json(self.effective_from, z),
            "deadline": self.deadline.to_json(z),
            "met_at": str(self.met_at) if self.met_at else None,
            "late_by": duration_json(self.late_by),
            "overdue_by": duration_json(self.overdue_by),
            "open_for": duration_json(self.open_for),
            "took": days_json(self.took) if self.took_by_day else duration_json(self.took),
            "timing_uncertain": self.timing_uncertain,
            "suspended": [i.to_json(z) for i in self.suspended],
            "ended": self.ending.to_json(z) if self.ending else None,
            "evidence": [e.to_json() for e in self.evidence],
            "violations": [v.to_json() for v in self.violations],
            "transfers": [t.to_json() for t in self.transfers],
            "while_in_force": self.while_in_force.value if self.while_in_force else None,
            "occurrences": {
                "total": len(self.occurrences),
                "counts": counts,
                "timing_uncertain": sum(1 for o in self.occurrences if o.timing_uncertain),
                "items": [o.to_json(z) for o in self.occurrences],
            }
            if self.deadline.kind == "recurring"
            else None,
            "substance": self.substance,
            "assessments": list(self.assessments),
            "context": list(self.context),
            "explanation": list(self.explanation),
        }
