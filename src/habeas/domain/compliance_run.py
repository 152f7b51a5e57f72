"""The machinery of one compliance evaluation: the facts, their spans, the running explanation.

The rules themselves are in `habeas.domain.compliance` (and its docstring).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from habeas.domain.compliance_state import (
    ComplianceState,
    DeadlineState,
    Ending,
    Evidence,
    Interval,
    Occurrence,
    Status,
    Substance,
    TransferFinding,
    Violation,
    human_duration,
)
from habeas.domain.courts_records import Appeal, DocketEntry, Order, Stay
from habeas.domain.custody import CustodyEvent, Transfer
from habeas.domain.deadlines import DeadlineError, compute_period
from habeas.domain.obligations import PROHIBITIONS, Assessment, Obligation, Ruling
from habeas.domain.recurrence import next_due
from habeas.domain.sources import Statement
from habeas.domain.time import PartialTime, zone
from habeas.domain.time_compare import Span, TimeOrder, compare, span

__all__ = ["CUSTODY_ACTIONS", "Facts", "Outcome", "Run", "Span", "span"]

CUSTODY_ACTIONS = ("return", "facilitate_return", "release", *PROHIBITIONS)
"""Actions about a person's custody: statements about the person or the case are context."""


@dataclass(frozen=True)
class Facts:
    """An obligation and the records that can bear on it (extra records are ignored)."""

    obligation: Obligation
    order: Order
    zone: str = "UTC"
    successors: tuple[tuple[Obligation, Order], ...] = ()
    amending_orders: tuple[Order, ...] = ()
    stays: tuple[Stay, ...] = ()
    rulings: tuple[Ruling, ...] = ()
    appeals: tuple[Appeal, ...] = ()
    custody_events: tuple[CustodyEvent, ...] = ()
    transfers: tuple[Transfer, ...] = ()
    filings: tuple[DocketEntry, ...] = ()
    assessments: tuple[Assessment, ...] = ()
    statements: tuple[Statement, ...] = ()
    facility_country: Mapping[str, str] = field(default_factory=dict)


@dataclass
class Outcome:
    """What a rule found besides the status; frozen into the `ComplianceState` by `Run.done`."""

    met_at: PartialTime | None = None
    late_by: timedelta | None = None
    overdue_by: timedelta | None = None
    open_for: timedelta | None = None
    took: timedelta | None = None
    took_by_day: bool = False  # `took` between times known only by their day: said in days
    timing_uncertain: bool = False
    evidence: tuple[Evidence, ...] = ()
    violations: tuple[Violation, ...] = ()
    transfers: tuple[TransferFinding, ...] = ()
    while_in_force: Status | None = None
    occurrences: tuple[Occurrence, ...] = ()
    substance: Substance = None
    context: tuple[str, ...] = ()


class Run:
    """One evaluation: the facts, the moment, and the explanation so far.

    A court's act (an order taking effect, a stay, a ruling) known only by its day, or by a
    window, is read at its first possible moment (`late` False) or at its last (`late`
    True; `only`: that act alone at its last); `habeas.domain.compliance.evaluate` folds
    both readings and says "cannot tell" when they differ. `straddles` says which acts fell
    around the moment asked about, `doubts` which comparisons between two facts could not be
    decided, `assumed` every time that was not recorded to the minute.
    """

    def __init__(
        self, facts: Facts, as_of: datetime, late: bool = False, only: str | None = None
    ) -> None:
        self.f, self.ob, self.as_of, self.z = facts, facts.obligation, as_of, facts.zone
        self.late, self.only = late, only
        self.straddled: dict[str, str] = {}
        self.notes: list[tuple[datetime, str]] = []
        self.straddles: list[str] = []
        self.doubts: list[str] = []
        self.assumed: list[str] = []
        order = facts.order
        pt = self.ob.effective_from or order.spoken or order.issued
        self.eff = span(pt, self.z)
        self.start = self.at(pt, f"{self.ob.key} took effect")
        self.start_pt = pt
        self.due_recorded: str | None = None
        self.due_latest: datetime | None = None  # a deadline known within a window: its end
        how = (
            "as the obligation records"
            if self.ob.effective_from
            else ("when the order was spoken" if order.spoken else "when the order was issued")
        )
        self.note(self.start, f"in effect from {self.when(self.start, self.eff.exact)} ({how})")
        self.stays = self._stays()
        self.ending = self._ending()
        self.horizon = min(as_of, self.ending.at) if self.ending else as_of

    # -- helpers ----------------------------------------------------------------------------
    def note(self, at: datetime, text: str) -> None:
        self.notes.append((at, text))

    def when(self, moment: datetime, exact: bool = True) -> str:
        local = moment.astimezone(zone(self.z))
        if not exact:
            return local.strftime("%d %b %Y").lstrip("0")
        return local.strftime("%d %b %Y, %H:%M %Z").lstrip("0")

    def sp(self, pt: PartialTime) -> Span:
        return span(pt, self.z)

    def assume(self, what: str, s: Span) -> None:
        """Mark a time that was not recorded to the minute."""
        how = s.text if s.text.startswith(("between", "after")) else f"{s.text}, no time recorded"
        line = f"{what}: {how}"
        if line not in self.assumed:
            self.assumed.append(line)

    def at(self, pt: PartialTime, what: str, ended: bool = False) -> datetime:
        """When a court's act took effect (`ended`: when a stay ended) in this reading.

        An exact time is itself. A day or a window is its first moment in the early reading
        and its last in the late one; when the moment asked about falls between the two,
        that is noted. Asked after it, a stay that ended on a day lasted to the end of it.
        """
        s = self.sp(pt)
        if s.exact:
            return s.start
        if s.start <= self.as_of:
            self.assume(what, s)
        first, last = s.start, s.end - timedelta(microseconds=1)
        if first <= self.as_of < last:
            how = (
                f"recorded only as {s.text}"
                if s.text.startswith(("between", "after"))
                else f"dated {s.text}, no time recorded"
            )
            why = f"cannot tell whether {what} by {self.when(self.as_of)}: it is {how}"
            if why not in self.straddles:
                self.straddles.append(why)
                self.straddled.setdefault(what, why)
        elif ended:
            return s.end
        late = self.late if self.only is None else what == self.only
        return last if late else first

    def recorded(self, pt: PartialTime | None) -> str | None:
        """The time as recorded when it is less than an exact instant (a day, a window), for
        readers to show instead of the reading's bound; None when it is exact."""
        if pt is None or self.sp(pt).exact:
            return None
        return str(pt)

    def ended_at(self, pt: PartialTime, what: str) -> tuple[datetime, str | None]:
        """When an act ended the obligation (never before it took effect), with that time as
        recorded when it is not exact."""
        at = self.at(pt, what)
        if at < self.start:
            return self.start, self.recorded(self.start_pt)
        return at, self.recorded(pt)

    def stayed(self, first: datetime, last: datetime) -> timedelta:
        return sum((iv.overlap(first, last) for iv in self.stays), timedelta(0))

    def in_stay(self, moment: datetime) -> Interval | None:
        return next((iv for iv in self.stays if iv.contains(moment)), None)

    # -- stays and endings ------------------------------------------------------------------
    def _stays(self) -> tuple[Interval, ...]:
        out = []
        for st in self.f.stays:
            if st.order != self.f.order.key:
                continue
            s = self.at(st.start, f"{st.key} began")
            if s > self.as_of:
                continue
            e = self.at(st.end, f"{st.key} ended", ended=True) if st.end else None
            ended = st.end.human() if st.end else ""
            end_pt = st.end
            for r in self.f.rulings:
                if any(x.effect == "stay_vacated" and x.target == st.key for x in r.effects):
                    lifted = self.at(r.decided, f"{r.key} was decided")
                    if lifted <= self.as_of and (e is None or lifted < e):
                        e, ended = lifted, f"{r.decided.human()}, vacated by {r.key}"
                        end_pt = r.decided
            known_end = e if e is not None and e <= self.as_of else None
            out.append(
                Interval(
                    s,
                    known_end,
                    st.key,
                    st.label(),
                    self.recorded(st.start),
                    self.recorded(end_pt) if known_end else None,
                )
            )
            until = f" until {ended}" if known_end else " (still in force)"
            words = f' ("{st.words}")' if st.words else ""
            self.note(s, f"stayed from {self.when(s, False)}{until} by {st.key}{words}: suspended")
        return tuple(sorted(out, key=lambda i: i.start))

    def _ending(self) -> Ending | None:
        ob, order = self.ob, self.f.order
        found: list[Ending] = []
        for succ, succ_order in self.f.successors:
            if succ.supersedes == ob.key:
                pt = succ.effective_from or succ_order.spoken or succ_order.issued
                at, rec = self.ended_at(pt, f"{succ.key} took effect")
                why = f"superseded by {succ.key} ({succ_order.title}, {succ_order.issued.human()})"
                found.append(Ending(Status.SUPERSEDED, at, succ.key, why, rec))
        for amending in self.f.amending_orders:
            if amending.amends == order.key:
                when = amending.spoken or amending.issued
                at, rec = self.ended_at(when, f"{amending.key} was entered")
                why = f"the order was amended by {amending.key} ({amending.title})"
                found.append(Ending(Status.SUPERSEDED, at, amending.key, why, rec))
        ruled = {r.decision for r in self.f.rulings}
        for r in self.f.rulings:
            at, rec = self.ended_at(r.decided, f"{r.key} was decided")
            for e in r.effects:
                if e.target not in (ob.key, order.key):
                    continue
                reason = f": {e.reason}" if e.reason else ""
                if e.effect == "vacated":
                    found.append(
                        Ending(Status.VACATED, at, r.key, f"vacated by {r.key}{reason}", rec)
                    )
                elif e.effect == "modified" and e.replaced_by:
                    why = f"modified by {r.key}, replaced by {e.replaced_by}{reason}"
                    found.append(Ending(Status.SUPERSEDED, at, e.replaced_by, why, rec))
                elif e.effect in ("affirmed", "remanded") and at <= self.as_of:
                    self.note(at, f"{e.effect} by {r.key}{reason}: still in force")
                elif e.instructions and at <= self.as_of:
                    what = e.effect.replace("_", " ")
                    self.note(at, f'{what} by {r.key}: "{e.instructions}"{reason}: still in force')
        for appeal in self.f.appeals:
            self._appeal(appeal, ruled, found)
        for a in self.f.assessments:
            if a.obligation == ob.key and a.finding == "moot":
                at, rec = self.ended_at(a.at, f"{a.key} found it moot")
                found.append(
                    Ending(Status.MOOT, at, a.key, f"moot ({a.assessor}): {a.reasons}", rec)
                )
        known = [e for e in found if e.at <= self.as_of]
        if not known:
            return None
        return min(known, key=lambda e: e.at)

    def _appeal(self, a: Appeal, ruled: set[str], found: list[Ending]) -> None:
        if a.challenged_order != self.f.order.key or a.decided is None:
            return
        at = self.at(a.decided, f"{a.key} was decided")
        if at > self.as_of or a.key in ruled:
            return
        label = f"{a.label()} in {a.case}"
        if a.outcome == "vacated":
            end, rec = self.ended_at(a.decided, f"{a.key} was decided")
            found.append(Ending(Status.VACATED, end, a.key, f"{label}: vacated", rec))
        elif a.outcome in ("denied", "affirmed", "dismissed"):
            self.note(at, f"{label}: the order stands")
        elif a.outcome != "pending":
            self.note(at, f"{label}: no ruling records what it does to this obligation")

    # -- the deadline -----------------------------------------------------------------------
    def _date_due(self, pt: PartialTime) -> datetime:
        if pt.has_time:
            return pt.start()
        due = datetime.combine(
            pt.last_date(), time(23, 59, 59), tzinfo=zone(pt.zone_name or self.z)
        )
        last = due.strftime("%H:%M:%S %Z")
        line = f"the deadline: {pt.human()}, no time stated, read as its last second ({last})"
        if line not in self.assumed:
            self.assumed.append(line)
        return due

    def _base_due(self) -> tuple[datetime | None, tuple[str, ...]]:
        d = self.ob.deadline
        if d.kind == "explicit":
            return self._date_due(d.at), ()
        if d.kind == "immediately":
            allowed = timedelta(minutes=d.reasonable_minutes)
            basis = f"; {d.basis}" if d.basis else ""
            self.note(
                self.start,
                f"immediately: overdue once a reasonable time has passed, taken here as "
                f"{human_duration(allowed)} from when it took effect{basis}",
            )
            self._reasonable_time_straddles(allowed)
            if not self.eff.exact:
                self.due_recorded = window_text(self.eff.start + allowed, self.eff.end + allowed)
                self.due_latest = self.eff.end + allowed
            return self.start + allowed, ()
        if d.kind != "computed":
            return None, ()
        trigger = d.trigger.start() if d.trigger.has_time else d.trigger.local_date()
        try:
            result = compute_period(d.court, trigger, days=d.days, hours=d.hours, before=d.before)
        except DeadlineError as e:
            self.note(self.start, f"the deadline cannot be computed: {e}")
            return None, ()
        return result.ends_at, result.steps

    def _reasonable_time_straddles(self, allowed: timedelta) -> None:
        """An "immediately" duty that took effect at a time known only by its day or a window
        ran out somewhere in that span moved on by the reasonable time: asked within it, which
        side the moment falls on cannot be told (the late reading then counts from the span's
        end, and the two readings are folded)."""
        if self.eff.exact:
            return
        first, last = self.eff.start + allowed, self.eff.end + allowed
        if not first <= self.as_of < last:
            return
        what = f"{self.ob.key} took effect"
        why = (
            f"cannot tell whether the reasonable time ({human_duration(allowed)}) had passed by "
            f"{self.when(self.as_of)}: it took effect {self.eff.text}, so it ran out between "
            f"{self.when(first)} and {self.when(last)}"
        )
        if why not in self.straddles:
            self.straddles.append(why)
            self.straddled.setdefault(what, why)

    def deadline(self) -> DeadlineState:
        d = self.ob.deadline
        words = getattr(d, "words", None)
        if d.kind == "recurring":
            nxt = None if self.ending else next_due(d, self.as_of)
            return DeadlineState("recurring", words=words, next_due=nxt)
        base, steps = self._base_due()
        if base is None:
            text = "as soon as possible" if d.kind == "asap" else "no deadline"
            self.note(self.start, f"{text}: never overdue; how long it is open is reported")
            return DeadlineState(d.kind, words=words, steps=steps)
        due, extended_by = base, None
        self.note(self.start, f"deadline {self.when(base)}" + (f' ("{words}")' if words else ""))
        for x in self.ob.extensions:
            granted = self.at(x.granted, "the extension was granted") if x.granted else self.start
            if granted <= self.as_of:
                due, extended_by = self._date_due(x.until), x.by or "extension"
                self.note(granted, f"deadline extended to {self.when(due)}")
        vacated_at, vacated_by = None, None
        for r in self.f.rulings:
            at = max(self.at(r.decided, f"{r.key} was decided"), self.start)
            for e in r.effects:
                hit = e.target in (self.ob.key, self.f.order.key)
                earlier = vacated_at is None or at < vacated_at
                if hit and e.effect == "deadline_vacated" and at <= self.as_of and earlier:
                    vacated_at, vacated_by = at, r.key
                    why = f": {e.reason}" if e.reason else ""
                    self.note(at, f"deadline no longer in effect ({r.key}{why})")
        self._stay_doubts(due)
        after = self._after_stays(due, vacated_at)
        return DeadlineState(
            d.kind, due, base if extended_by else None, after, words, extended_by,
            vacated_at, vacated_by, None, steps,
            timedelta(minutes=d.reasonable_minutes) if d.kind == "immediately" else None,
            self.due_recorded,
        )  # fmt: skip

    def _stay_doubts(self, due: datetime) -> None:
        """A deadline on the day a stay began, the stay's time not recorded: which came first
        cannot be told, and the answer says what follows either way."""
        for st in self.f.stays:
            s = self.sp(st.start)
            if st.order != self.f.order.key or s.exact or not s.start <= due < s.end:
                continue
            c = compare(Span.instant(due, self.when(due)), s, "the deadline", f"{st.key}")
            line = (
                f"{c.reason}; if the stay came first the deadline was not missed, if not the "
                "obligation was overdue from the deadline until the stay began"
            )
            if c.order is TimeOrder.CANNOT_TELL and line not in self.doubts:
                self.doubts.append(line)

    def _after_stays(self, due: datetime, vacated_at: datetime | None) -> datetime | None:
        moment: datetime | None = due
        while moment is not None and (iv := self.in_stay(moment)) is not None:
            if vacated_at is not None and (iv.end is None or vacated_at <= iv.end):
                self.note(
                    due,
                    f"the deadline fell inside the stay ({iv.key}): not missed; it was vacated "
                    "before the stay ended",
                )
                return None
            if iv.end is None:
                if moment == due:
                    self.note(due, "the deadline falls inside the stay: not missed while it lasts")
                return None
            self.note(
                due,
                f"the deadline fell inside the stay ({iv.key}): not missed; a stay suspends, it "
                f"does not extend, so it was due again when the stay ended, {self.when(iv.end)}",
            )
            moment = iv.end
        return moment

    # -- evidence ---------------------------------------------------------------------------
    def _country(self, ev: CustodyEvent) -> str | None:
        by_facility = self.f.facility_country.get(ev.facility) if ev.facility else None
        return ev.country or by_facility or (ev.place.country if ev.place else None)

    def _matches(self, de: DocketEntry) -> bool:
        test = self.ob.how_met()
        if self.ob.key in de.fulfils:
            return True
        if test.kind != "docket_entry" or not (test.text_contains or test.filed_by):
            return False
        text = de.text.lower()
        if test.text_contains and not any(w.lower() in text for w in test.text_contains):
            return False
        return test.filed_by is None or (de.filed_by or "").lower() == test.filed_by.lower()

    def aboard(self) -> list[str]:
        """The people on the transfers under way the obligation is about, in manifest order."""
        keys = set(self.ob.transfers)
        found = [m.person for t in self.f.transfers if t.key in keys for m in t.manifest]
        return list(dict.fromkeys(found))

    def _returned_all(self, found: list[tuple[Span, Evidence, str]]) -> list[tuple[Span, Evidence]]:
        """A transfer under way: met only once everyone aboard is recorded returned."""
        people = list(dict.fromkeys([*self.ob.about, *self.aboard()]))
        first: dict[str, tuple[Span, Evidence]] = {}
        for sp, ev, person in sorted(found, key=lambda x: x[0].start):
            if sp.start >= self.start or sp.end > self.start:
                first.setdefault(person, (sp, ev))
        back = [first[p] for p in people if p in first]
        labels = ", ".join(self.ob.transfers)
        if not people:
            self.note(self.start, f"no one aboard {labels} is recorded: only a recorded return "
                      "of the people aboard meets it")  # fmt: skip
            return []
        if len(back) < len(people):
            self.note(
                self.horizon,
                f"{len(back)} of {len(people)} aboard {labels} recorded returned: "
                "met only by a recorded return of each",
            )
            return []
        last_span, last = max(back, key=lambda x: x[0].start)
        summary = f"all {len(people)} aboard {labels} recorded returned, the last: {last.summary}"
        return [(last_span, Evidence("custody_event", last.key, last.at, summary))]

    def evidence(self) -> list[tuple[Span, Evidence]]:
        test = self.ob.how_met()
        out: list[tuple[Span, Evidence]] = []
        people = {*self.ob.about, *self.aboard()}
        returns: list[tuple[Span, Evidence, str]] = []
        if test.kind == "custody_event":
            for ev in self.f.custody_events:
                if ev.person not in people or ev.kind not in test.events:
                    continue
                if test.country is not None and self._country(ev) != test.country:
                    continue
                where = self._country(ev) or "?"
                summary = f"{ev.kind} ({ev.person}, {where})" + (
                    f": {ev.description}" if ev.description else ""
                )
                found = Evidence("custody_event", ev.key, ev.at, summary)
                out.append((self.sp(ev.at), found))
                returns.append((self.sp(ev.at), found, ev.person))
        if self.ob.transfers:
            out = self._returned_all(returns)
            for when, found in out:
                if not when.exact:
                    self.assume(found.key, when)
            return out
        for de in self.f.filings:
            if self._matches(de):
                summary = f"{de.label()} filed {de.filed.human()}: {de.text}"
                out.append((self.sp(de.filed), Evidence("docket_entry", de.key, de.filed, summary)))
        for a in self.f.assessments:
            if a.obligation == self.ob.key and a.finding == "met":
                summary = f"assessed met ({a.assessor}): {a.reasons}"
                out.append((self.sp(a.at), Evidence("assessment", a.key, a.at, summary)))
        after = [x for x in out if x[0].start >= self.start or x[0].end > self.start]
        for when, found in after:
            if not when.exact and when.start <= self.as_of:
                self.assume(found.key, when)
        return sorted(after, key=lambda x: (x[0].start, x[1].key))

    def none_recorded(self) -> str:
        test = self.ob.how_met()
        if test.kind == "custody_event":
            kinds = " or ".join(test.events)
            where = f" ({test.country})" if test.country else ""
            return f"no evidence: no {kinds} event{where} of the people concerned is recorded"
        if test.kind == "docket_entry":
            return "no evidence: no filing that meets it is recorded"
        return "no evidence: no assessment finds it met"

    def substance(self, covering: list[Assessment]) -> Substance:
        judged = [a for a in covering if a.finding in ("met", "met_in_form_only", "unmet")]
        if not judged:
            return None
        last = max(judged, key=lambda a: self.sp(a.at).start)
        return "met" if last.finding == "met" else "unmet"

    def context(self, until: datetime) -> tuple[str, ...]:
        keys = {self.ob.key, self.f.order.key}
        if self.ob.action in CUSTODY_ACTIONS:
            keys |= {self.f.order.case, *self.ob.about}
        said = [
            s
            for s in self.f.statements
            if keys & set(s.about) and self.start <= self.sp(s.said).start <= until
        ]
        said.sort(key=lambda s: (self.sp(s.said).start, s.key))
        return tuple(s.key for s in said)

    # -- the state --------------------------------------------------------------------------
    def status_open(self) -> Status | None:
        """The status of an obligation not met: ended, or suspended, or None (it is open)."""
        if self.ending:
            return self.ending.status
        if self.in_stay(self.as_of):
            return Status.SUSPENDED
        return None

    def done(self, status: Status, dl: DeadlineState, out: Outcome) -> ComplianceState:
        """The state, with the explanation in time order."""
        own = [a.key for a in self.f.assessments if a.obligation == self.ob.key]
        if self.ending is not None:
            self.note(self.ending.at, self.ending.reason)
        notes = [t for _, t in sorted(self.notes, key=lambda n: n[0])]
        return ComplianceState(
            obligation=self.ob.key,
            as_of=self.as_of,
            status=status,
            zone=self.z,
            effective_from=self.start,
            deadline=dl,
            met_at=out.met_at,
            late_by=out.late_by,
            overdue_by=out.overdue_by,
            open_for=out.open_for,
            took=out.took,
            took_by_day=out.took_by_day,
            timing_uncertain=out.timing_uncertain,
            suspended=self.stays,
            ending=self.ending,
            evidence=out.evidence,
            violations=out.violations,
            transfers=out.transfers,
            while_in_force=out.while_in_force,
            occurrences=out.occurrences,
            substance=out.substance,
            assessments=tuple(own),
            context=out.context,
            explanation=tuple(notes),
            uncertain=tuple(self.doubts),
            assumed=tuple(self.assumed),
        )


def window_text(first: datetime, end: datetime) -> str:
    """The window [first, end) in the record's own form ("2025-03-15T19:00[America/New_York]/
    21:26"), in `first`'s zone: how a time that is known only between two moments is given."""
    zone_name = getattr(first.tzinfo, "key", None)
    last = end.astimezone(first.tzinfo)
    if zone_name is None:
        return f"{first.isoformat(timespec='minutes')}/{last.isoformat(timespec='minutes')}"
    start = f"{first:%Y-%m-%dT%H:%M}[{zone_name}]"
    if last.date() == first.date():
        return f"{start}/{last:%H:%M}"
    return f"{start}/{last:%Y-%m-%dT%H:%M}[{zone_name}]"
