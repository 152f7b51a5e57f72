"""The compliance engine: where an obligation stands at any moment, folded from the facts.

Pure: it is handed an obligation, every record that can bear on it (`Facts`) and a moment,
and returns a `ComplianceState` with its evidence and the reasons, one line per rule applied.

The rules (docs/compliance.md says the same with the reference story as the example):

1. Effect. An obligation binds from its `effective_from`; else, when the order records when it
   was spoken (an oral order), from that moment; else from when the order was issued.
2. Uncertainty is stated, never resolved silently. A date without a zone is read where the
   court sits (`Facts.zone`). Times are compared three ways (`habeas.domain.time_compare`):
   before, after, or cannot tell. A court's act known only by its day or by a window (an
   order taking effect, a stay, a ruling, an extension, a finding of mootness) is read at its
   first possible moment and at its last; when the moment asked falls between and the two
   readings differ, the answer is "cannot tell", with both statuses and why. Asked after it,
   the act has happened; a stay dated only by the day it ended lasts to the end of that day.
   A deadline on the undated day a stay began is a stated doubt. An event or filing dated
   only by its day has happened from the start of that day (as for whereabouts); where the
   day straddles a deadline its timing is marked uncertain and the doubt stated. Every time
   not recorded to the minute is listed as assumed.
3. Ending. It stops binding at the earliest of: an obligation that `supersedes` it taking
   effect; an order that `amends` its order taking effect (an amended order supersedes its
   predecessor); a ruling that vacates or modifies it (or its whole order); an appeal whose
   outcome is `vacated` against its order, where no ruling says more; an assessment that finds
   it moot. Nothing after the end counts for or against it.
4. Stays suspend, they do not toll. While a stay of its order lasts the obligation is
   suspended. A deadline that falls inside a stay is not missed; if the stay ends and no court
   has set a new deadline or vacated it, it is due at once when the stay ends (habeas does not
   invent a longer deadline). Time under a stay never counts as overdue or late.
5. Deadlines. An explicit deadline is the stated moment (a date alone: 23:59:59 that day); a
   computed one is computed (FRCP 6(a), FRAP 26(a), S. Ct. R. 30.1); the latest extension
   granted by then replaces it. A ruling that vacates the deadline keeps the duty without it
   from that moment: if the deadline had passed, it was overdue until then.
6. As soon as possible. Never overdue, because no court fixed a moment: it is pending, and
   how long it has been open (stays left out) is reported beside it.
7. Met. Met by the first matching custody event, docket entry (`fulfils` it, or matches its
   test) or "met" assessment after it took effect; late if after the deadline in effect. A
   duty about transfers under way is met only by a recorded return of everyone aboard.
   "Immediately" is overdue once the reasonable time recorded with it has passed.
8. Prohibitions (do not remove, do not transfer). Violated by any covered movement of a person
   it protects that departs after it took effect while it was in force and not stayed, with
   the time between the two; where either is known only by its day and they share it, the
   violation is possible, not certain. A transfer whose coverage by a class order is disputed
   gives "disputed", never "violated" or not; one not covered gives nothing.
9. Recurring. Each occurrence is its own check (see `habeas.domain.recurrence`), answered
   only by a filing that is recorded, with its own time: one ten minutes after a 5 p.m.
   deadline is late. An assessment never stands in for filings ("the declarations were
   filed") however many it speaks of: it says what they were worth, not that each was made.
   An occurrence with no filing recorded is "no filing recorded", and the obligation is
   overdue from the first of them (the ledger may be incomplete: the docket is the check).
10. Other rulings. A ruling that vacates a stay ends the stay, not the deadline; a remand
   with instructions or a request for clarification keeps the duty, and its words are shown.
11. Substance. Assessments finding "met in form only" or "unmet" mark the substance unmet
   beside the formal status; statements about the obligation or its order (and, for a duty
   about a person's custody, about the person or the case) made while it was open are shown
   as context.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Literal

from habeas.domain.compliance_run import CUSTODY_ACTIONS, Facts, Outcome, Run, span
from habeas.domain.compliance_state import (
    STATUS_TEXT,
    ComplianceState,
    DeadlineState,
    Evidence,
    Occurrence,
    OccurrenceStatus,
    Status,
    TransferFinding,
    TransferVerdict,
    Violation,
    human_duration,
    minutes_range,
)
from habeas.domain.obligations import PROHIBITIONS, Assessment, Recurrence
from habeas.domain.recurrence import Filing, assign_filings, occurrence_dues
from habeas.domain.time import PartialTime, zone
from habeas.domain.time_compare import Span, TimeOrder, compare

__all__ = ["CUSTODY_ACTIONS", "Facts", "Span", "evaluate", "span"]


def evaluate(facts: Facts, as_of: datetime) -> ComplianceState:
    """The obligation's state at `as_of` (an aware datetime).

    A court's act known only by its day (or a window) that may or may not have happened by
    `as_of` is read both ways; when the two readings give different statuses the answer is
    "cannot tell", with both statuses and why.
    """
    if as_of.tzinfo is None:
        raise ValueError("as_of must be an aware datetime")
    early_run = Run(facts, as_of)
    early = _evaluate(early_run)
    if not early_run.straddles:
        return early
    late = _evaluate(Run(facts, as_of, late=True))
    if late.status == early.status:
        return early
    why = _deciding(facts, as_of, early_run, early.status) + early.uncertain
    first, last = STATUS_TEXT[early.status.value], STATUS_TEXT[late.status.value]
    head = (
        f"cannot tell: {first} if the acts known only by their day (or window) came at its "
        f"first moment, {last} if at its last; the lines below follow the first reading",
    )
    return replace(
        early,
        status=Status.CANNOT_TELL,
        possible=(early.status, late.status),
        uncertain=why,
        explanation=head + early.explanation,
    )


def _deciding(facts: Facts, as_of: datetime, early: Run, status: Status) -> tuple[str, ...]:
    """Of the acts that fell around `as_of`, those whose time alone changes the answer (all
    of them when only their combination does)."""
    found = tuple(
        why
        for what, why in early.straddled.items()
        if _evaluate(Run(facts, as_of, only=what)).status != status
    )
    return found or tuple(early.straddles)


def _evaluate(run: Run) -> ComplianceState:
    as_of, ob = run.as_of, run.ob
    if as_of < run.start:
        return run.done(Status.NOT_YET_EFFECTIVE, DeadlineState(ob.deadline.kind), Outcome())
    dl = run.deadline()
    if ob.action in PROHIBITIONS or ob.how_met().kind == "absence":
        return _prohibition(run, dl)
    if isinstance(ob.deadline, Recurrence):
        return _recurring(run, dl, ob.deadline)
    return _one_off(run, dl)


def _assessed_notes(run: Run, own: list[Assessment]) -> None:
    for a in own:
        if a.finding in ("met_in_form_only", "unmet"):
            what = a.finding.replace("_", " ")
            run.note(run.horizon, f"assessed {what} ({a.assessor}): {a.reasons}")


# -- one act, once ----------------------------------------------------------------------------


def _one_off(run: Run, dl: DeadlineState) -> ComplianceState:
    found = [x for x in run.evidence() if x[0].start <= run.horizon]
    met = found[0] if found else None
    due = dl.after_stays if dl.due is not None else None
    vac = dl.vacated_at
    binding = due if due is not None and (vac is None or due < vac) else None
    out = Outcome()
    if met is not None:
        m, ev = met
        out.met_at, out.evidence, out.took = ev.at, (ev,), m.start - run.start
        out.took_by_day = not (m.exact and run.eff.exact)
        late = binding is not None and m.start > binding and (vac is None or m.start < vac)
        if late and binding is not None:
            status = Status.MET_LATE
            out.late_by = m.start - binding - run.stayed(binding, m.start)
            out.timing_uncertain = not m.exact
        else:
            status = Status.MET
            out.timing_uncertain = binding is not None and not m.exact and m.end > binding
        if out.timing_uncertain and binding is not None:
            c = compare(m, Span.instant(binding, run.when(binding)), ev.key, "the deadline")
            run.doubts.append(f"{c.reason}: met, on time or late")
        run.note(m.start, f"met: {ev.summary} ({ev.key})")
        if binding is not None and vac is not None and binding < m.start:
            run.note(vac, f"had been overdue from {run.when(binding)} until then")
    else:
        status = run.status_open() or Status.PENDING
        if binding is not None and vac is not None:
            run.note(vac, f"had been overdue from {run.when(binding)} until then")
        elif status is Status.PENDING and binding is not None and binding < run.as_of:
            status = Status.OVERDUE
            out.overdue_by = run.as_of - binding - run.stayed(binding, run.as_of)
            if run.due_latest is not None and run.due_latest < run.as_of:
                # due within a window: overdue by what is certain, the most said beside it
                most = out.overdue_by
                out.overdue_by = run.as_of - run.due_latest - run.stayed(run.due_latest, run.as_of)
                run.note(
                    run.due_latest,
                    f"overdue by at least {human_duration(out.overdue_by)}, at most "
                    f"{human_duration(most)}: the reasonable time ran out within "
                    f"{run.when(binding)} to {run.when(run.due_latest)}",
                )
        elif run.ending is not None and binding is not None and binding < run.ending.at:
            # unmet past its deadline until it ended: that stands beside the ending
            out.while_in_force = Status.OVERDUE
            gap = run.ending.at - binding - run.stayed(binding, run.ending.at)
            run.note(
                run.ending.at,
                f"while in force: unmet and overdue from {run.when(binding)}, "
                f"for {human_duration(gap)} until it ended",
            )
        if status in (Status.PENDING, Status.SUSPENDED):
            out.open_for = run.as_of - run.start - run.stayed(run.start, run.as_of)
        if status not in (Status.SUPERSEDED, Status.VACATED):
            run.note(run.horizon, run.none_recorded())
    own = [a for a in run.f.assessments if a.obligation == run.ob.key]
    out.substance = run.substance(own)
    _assessed_notes(run, own)
    out.context = run.context(met[0].start if met else run.horizon)
    return run.done(status, dl, out)


# -- do not remove, do not transfer -----------------------------------------------------------


def _prohibition(run: Run, dl: DeadlineState) -> ComplianceState:
    test = run.ob.how_met()
    kinds = set(test.of) if test.kind == "absence" else {"removal"}
    persons = set(run.ob.about)
    cover = {c.transfer: c for c in run.ob.coverage}
    found: list[Violation] = []
    findings: list[TransferFinding] = []
    seen: set[tuple[str, str]] = set()
    for tr in run.f.transfers:
        when = tr.departed or tr.arrived
        abroad = bool(
            tr.destination
            and tr.destination.country
            and (tr.origin is None or tr.origin.country != tr.destination.country)
        )
        if when is None or not ("transfer" in kinds or ("removal" in kinds and abroad)):
            continue
        c = cover.get(tr.key)
        aboard = [m.person for m in tr.manifest if c is not None or m.person in persons]
        if c is None and not aboard:
            continue
        seen |= {(p, tr.key) for p in aboard}
        coverage: Coverage = c.covered if c is not None else "protected"
        label = f"{tr.label()} ({_aboard(len(aboard), coverage)})"
        if c is not None and c.covered == "not_covered":
            summary = f"{label}: not covered ({c.reason})"
            run.note(run.sp(when).start, summary)
            findings.append(
                TransferFinding(
                    tr.key, tr.label(), when, len(aboard), coverage, "not_covered", summary
                )
            )
            continue
        disputed = c.reason if c is not None and c.covered == "disputed" else None
        j = _judge(run, Movement("transfer", tr.key, None, when, label, disputed))
        if j is None:
            continue
        findings.append(
            TransferFinding(
                tr.key,
                tr.label(),
                when,
                len(aboard),
                coverage,
                j.verdict,
                j.summary,
                j.after,
                j.between,
            )
        )
        if j.verdict in _VIOLATING:
            who: list[str | None] = [*aboard] or [None]
            for person in who:
                found.append(
                    Violation(
                        "transfer",
                        tr.key,
                        person,
                        when,
                        j.after,
                        j.certain,
                        j.summary,
                        disputed,
                        j.between,
                    )
                )
    for ev in run.f.custody_events:
        if ev.person not in persons or (ev.person, ev.transfer or "") in seen:
            continue
        if ev.kind == "removed" or (ev.kind == "transferred" and "transfer" in kinds):
            label = f"{ev.kind} ({ev.person})"
            j = _judge(run, Movement("custody_event", ev.key, ev.person, ev.at, label))
            if j is not None and j.verdict in _VIOLATING:
                found.append(
                    Violation(
                        "custody_event",
                        ev.key,
                        ev.person,
                        ev.at,
                        j.after,
                        j.certain,
                        j.summary,
                        None,
                        j.between,
                    )
                )
    if any(v.certain and v.disputed is None for v in found):
        status = Status.VIOLATED
    elif any(v.disputed is not None for v in found):
        status = Status.DISPUTED
    elif found:
        status = Status.POSSIBLY_VIOLATED
    else:
        status = Status.IN_FORCE
        run.note(run.horizon, "no covered movement of a protected person is recorded")
    out = Outcome(violations=tuple(found), transfers=tuple(findings))
    out.context = run.context(run.horizon)
    if run.ending is not None:
        # what it found while in force stands (the findings above); the status is its end
        out.while_in_force, status = status, run.ending.status
        run.note(run.ending.at, f"while in force: {STATUS_TEXT[out.while_in_force.value]}")
    elif (held := run.status_open()) is not None and not found:
        status = held
    return run.done(status, dl, out)


Coverage = Literal["covered", "disputed", "not_covered", "protected"]
_VIOLATING = ("violated", "possibly_violated", "disputed")


def _aboard(n: int, coverage: Coverage) -> str:
    """'110 aboard, covered', '41 aboard, coverage disputed', '1 protected person aboard'."""
    if coverage == "protected":
        return f"{n} protected {'person' if n == 1 else 'people'} aboard"
    how = "coverage disputed" if coverage == "disputed" else coverage.replace("_", " ")
    return f"{n} aboard, {how}"


@dataclass(frozen=True)
class Movement:
    """A movement a prohibition may forbid: a transfer (once, whoever is aboard) or a custody
    event of one person."""

    kind: Literal["transfer", "custody_event"]
    key: str
    person: str | None
    when: PartialTime
    label: str
    disputed: str | None = None


@dataclass(frozen=True)
class Judged:
    """How one movement stands to the prohibition: the verdict and its one line."""

    verdict: TransferVerdict
    summary: str
    certain: bool = False
    after: timedelta | None = None
    between: tuple[timedelta, timedelta] | None = None


def _judge(run: Run, mv: Movement) -> Judged | None:
    """The verdict on one movement, noted once in the explanation (None: after the moment
    asked about, or long before the order, so not worth a line)."""
    m, e = run.sp(mv.when), run.eff
    label = mv.label
    if m.start > run.horizon:
        return None
    gap = m.start - e.start if m.exact and e.exact else None
    if (gap is not None and gap < timedelta(0)) or m.end <= e.start:
        if gap is not None and -gap < timedelta(days=2):
            summary = (
                f"{label} departed {run.when(m.start)}, {human_duration(-gap)} before it took "
                "effect: not a violation"
            )
            run.note(m.start, summary)
            return Judged("before_effect", summary, after=gap)
        return None
    if (iv := run.in_stay(m.start)) is not None:
        summary = f"{label} departed during the stay ({iv.key}): not a violation"
        run.note(m.start, summary)
        return Judged("during_stay", summary)
    c = compare(m, e, f"{label} departed", "the order took effect")
    between = c.between
    certain = gap is not None or m.start >= e.end or c.order is TimeOrder.NOT_BEFORE
    departed = run.when(m.start, m.exact)
    if gap is not None:
        summary = f"{label} departed {departed}, {human_duration(gap)} after it took effect"
    elif c.order is TimeOrder.NOT_BEFORE and between is not None:
        least, most = between
        summary = (
            f"{label} departed {m.text}, not before it took effect ({e.text}): it left "
            f"{_minutes(least)} to {_minutes(most)} after it ({minutes_range(least, most)})"
        )
    elif certain:
        summary = f"{label} departed {departed}, after the day it took effect"
    else:
        if c.reason not in run.doubts:
            run.doubts.append(c.reason)
        summary = (
            f"{label} departed {departed}, the day it took effect (which came first is unknown)"
        )
    if mv.disputed is not None:
        summary += f"; whether it is covered is disputed: {mv.disputed}"
    verdict: TransferVerdict = (
        "disputed" if mv.disputed else ("violated" if certain else "possibly_violated")
    )
    prefix = "disputed: " if mv.disputed else ("VIOLATION: " if certain else "possible violation: ")
    run.note(m.start, prefix + summary)
    return Judged(verdict, summary, certain, gap, between)


def _minutes(delta: timedelta) -> str:
    """'0 minutes', '4 hours 34 minutes'."""
    return "0 minutes" if delta < timedelta(minutes=1) else human_duration(delta)


# -- again and again --------------------------------------------------------------------------


def _covers(a: Assessment, due: datetime, rec: Recurrence) -> bool:
    if a.finding == "moot":
        return False
    if a.covers is None:
        return True
    day = due.astimezone(zone(rec.zone)).date()
    return a.covers.local_date() <= day <= a.covers.last_date()


def _recurring(run: Run, dl: DeadlineState, rec: Recurrence) -> ComplianceState:
    dues = occurrence_dues(rec, run.start, run.horizon)
    evidence = [x for x in run.evidence() if x[0].start <= run.horizon]
    by_key = {ev.key: ev for _, ev in evidence}
    filings = [
        Filing(ev.key, s.start, s.end, s.exact) for s, ev in evidence if ev.kind != "assessment"
    ]
    answers = assign_filings(dues, filings, rec.zone)
    own = [a for a in run.f.assessments if a.obligation == run.ob.key]
    occurrences: list[Occurrence] = []
    for i, due in enumerate(dues):
        covering = [a for a in own if _covers(a, due, rec)]
        substance = run.substance(covering)
        if i in answers:
            ans = answers[i]
            status: OccurrenceStatus = "met_late" if ans.late_by is not None else "met"
            ev = (by_key[ans.filing.key],)
            if ans.timing_uncertain:
                _unsure_on_time(run, ev[0], due)
            occ = Occurrence(due, status, ev, ans.late_by, ans.timing_uncertain, substance)
        elif run.in_stay(due):
            occ = Occurrence(due, "suspended")
        else:
            occ = Occurrence(due, "no_filing_recorded", substance=substance)
        occurrences.append(occ)
    return _recurring_state(run, dl, rec, tuple(occurrences), own)


def _unsure_on_time(run: Run, ev: Evidence, due: datetime) -> None:
    """A filing recorded only by its day, on the day it was due: on time or late cannot be
    told (never resolved by assuming a time of day)."""
    c = compare(run.sp(ev.at), Span.instant(due, run.when(due)), ev.key, "the deadline")
    line = f"{c.reason}: met, on time or late"
    if line not in run.doubts:
        run.doubts.append(line)


def _recurring_state(
    run: Run,
    dl: DeadlineState,
    rec: Recurrence,
    occurrences: tuple[Occurrence, ...],
    own: list[Assessment],
) -> ComplianceState:
    every = rec.every.replace("_", " ")
    until = f"until {rec.until}" if rec.until else "until further order"
    run.note(run.start, f"due each {every} at {rec.at} {rec.zone} from {rec.start}, {until}")
    counts: dict[str, int] = {}
    for o in occurrences:
        counts[o.status] = counts.get(o.status, 0) + 1
    if occurrences:
        tally = ", ".join(f"{n} {s.replace('_', ' ')}" for s, n in sorted(counts.items()))
        run.note(run.horizon, f"{len(occurrences)} occurrences due by then: {tally}")
    unsure = [o for o in occurrences if o.timing_uncertain]
    if unsure:
        days = ", ".join(o.due.astimezone(zone(rec.zone)).date().isoformat() for o in unsure[:5])
        more = f" and {len(unsure) - 5} more" if len(unsure) > 5 else ""
        run.note(
            run.horizon,
            f"whether filed by {rec.at} cannot be told for {len(unsure)} (filed on the day, no "
            f"time recorded): {days}{more}",
        )
    missed = [o for o in occurrences if o.status == "no_filing_recorded"]
    if missed:
        days = ", ".join(o.due.astimezone(zone(rec.zone)).date().isoformat() for o in missed[:5])
        more = f" and {len(missed) - 5} more" if len(missed) > 5 else ""
        run.note(run.horizon, f"no filing recorded for {days}{more}")
    _assessed_notes(run, own)
    out = Outcome(occurrences=occurrences)
    status = run.status_open()
    if status is None and missed:
        status = Status.OVERDUE
        first = missed[0].due
        out.overdue_by = run.as_of - first - run.stayed(first, run.as_of)
    unique: dict[str, Evidence] = {}
    for o in occurrences:
        for e in o.evidence:
            unique.setdefault(e.key, e)
    out.evidence = tuple(unique.values())
    substances = {o.substance for o in occurrences if o.substance}
    out.substance = "unmet" if "unmet" in substances else ("met" if substances else None)
    out.context = run.context(run.horizon)
    return run.done(status or Status.PENDING, dl, out)
