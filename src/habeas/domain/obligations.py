"""What an order requires, what later decisions do to it, and editors' judgements of substance.

    obligation   one directive of an order: who must act, what, about whom, by when, and how
                 the ledger shows it met (a custody event, a docket entry, or the absence of
                 a transfer)
    ruling       what a decision (an appeal's outcome, an order) does to obligations from a
                 moment on: affirms, vacates, strikes the deadline, modifies, remands
    assessment   a human judgement, with its sources, of whether an obligation was met in
                 substance ("declarations filed, questions not answered") or became moot

The rules that fold these into a compliance state live in `habeas.domain.compliance`.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, ClassVar, Literal

from pydantic import Field, field_validator, model_validator

from habeas.domain.base import CountryCode, Key, Model, Record, RefTo, When
from habeas.domain.courts import UnknownCourt, get_court
from habeas.domain.custody import CustodyKind
from habeas.domain.errors import InvalidTime
from habeas.domain.time import PartialTime, zone

__all__ = [
    "ACTIONS",
    "FILING_ACTIONS",
    "PROHIBITIONS",
    "AbsenceTest",
    "Action",
    "AsSoonAsPossible",
    "Assessment",
    "Coverage",
    "CustodyTest",
    "Deadline",
    "Extension",
    "FilingTest",
    "Finding",
    "FixedDeadline",
    "Immediately",
    "JudgementTest",
    "MetBy",
    "NoDeadline",
    "Obligation",
    "PeriodDeadline",
    "Recurrence",
    "Ruling",
    "RulingEffect",
]

Action = Literal[
    "return",
    "facilitate_return",
    "release",
    "do_not_remove",
    "do_not_transfer",
    "file_declaration",
    "file_status_report",
    "appear",
    "produce_documents",
    "other",
]
ACTIONS: tuple[str, ...] = Action.__args__  # type: ignore[attr-defined]
PROHIBITIONS: tuple[str, ...] = ("do_not_remove", "do_not_transfer")
FILING_ACTIONS: tuple[str, ...] = (
    "file_declaration",
    "file_status_report",
    "appear",
    "produce_documents",
)
_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


# -- when: the deadline, as a tagged value ------------------------------------------------------


class FixedDeadline(Model):
    """A deadline the order states: "by no later than 11:59 PM on Monday, April 7, 2025"."""

    kind: Literal["explicit"]
    at: When = Field(
        description="The deadline. A time needs its zone; a date alone means by the end of "
        "that day where the court sits.",
        examples=["2025-04-07T23:59[America/New_York]"],
    )
    words: str | None = Field(None, description="The order's own words for the deadline.")


class PeriodDeadline(Model):
    """A deadline computed from an event and a period (FRCP 6(a), FRAP 26(a), S. Ct. R. 30.1)."""

    kind: Literal["computed"]
    trigger: When = Field(description="The event the period runs from.")
    days: int | None = Field(None, ge=0, le=3650)
    hours: int | None = Field(None, ge=0, le=87600)
    before: bool = Field(False, description="Counted backward from the event.")
    court: str = Field(description="Courts-db id of the court whose rules apply.", examples=["mdd"])
    rule: str | None = Field(None, examples=["14 days after service (FRCP 6(a))"])

    @model_validator(mode="after")
    def _one_period(self) -> PeriodDeadline:
        if (self.days is None) == (self.hours is None):
            raise ValueError("days: give exactly one period, days or hours")
        try:
            get_court(self.court)
        except UnknownCourt as e:
            raise ValueError(f"court: {e}") from e
        return self


class AsSoonAsPossible(Model):
    """No fixed time: "as soon as possible". It is never overdue; its open time is reported."""

    kind: Literal["asap"]
    words: str | None = Field(None, examples=["as soon as possible"])


class Immediately(Model):
    """ "Immediately": due at once, overdue once a reasonable time has passed.

    No court states that time, so it is recorded with the obligation and stated in every
    answer ("immediately: overdue after a reasonable time, taken here as 2 hours").
    """

    kind: Literal["immediately"]
    reasonable_minutes: int = Field(
        ge=1,
        le=60 * 24 * 30,
        description="The reasonable time allowed, in minutes, stated in every answer.",
        examples=[120],
    )
    basis: str | None = Field(
        None,
        description="Why that time is reasonable (the editor's or a court's reasoning).",
        examples=["the planes could have turned around within two hours of the oral order"],
    )
    words: str | None = Field(None, examples=["immediately"])


class Recurrence(Model):
    """A duty that falls due again and again: "each day by 5:00 p.m. ET, beginning April 12"."""

    kind: Literal["recurring"]
    every: Literal["day", "business_day", "week"]
    at: str = Field(
        description="Local time of day each occurrence is due, HH:MM.", examples=["17:00"]
    )
    zone: str = Field(description="IANA time zone of `at`.", examples=["America/New_York"])
    start: date = Field(description="The first day an occurrence is due.")
    until: date | None = Field(
        None, description="The last day one is due; none: until further order."
    )
    court: str | None = Field(
        None, description="For business days: the court whose legal holidays are skipped."
    )
    words: str | None = None

    @field_validator("at")
    @classmethod
    def _hhmm(cls, value: str) -> str:
        if not _HHMM.match(value):
            raise ValueError("a time of day as HH:MM (24-hour), e.g. 17:00")
        return value

    @field_validator("zone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            zone(value)
        except InvalidTime as e:
            raise ValueError(str(e)) from e
        return value

    @model_validator(mode="after")
    def _order(self) -> Recurrence:
        if self.until is not None and self.until < self.start:
            raise ValueError("until: the last day comes before the first")
        if self.court is not None:
            try:
                get_court(self.court)
            except UnknownCourt as e:
                raise ValueError(f"court: {e}") from e
        return self


class NoDeadline(Model):
    """No time is set (a standing duty or a prohibition)."""

    kind: Literal["none"]


Deadline = Annotated[
    FixedDeadline | PeriodDeadline | AsSoonAsPossible | Immediately | Recurrence | NoDeadline,
    Field(discriminator="kind"),
]


class Extension(Model):
    """A deadline moved: to when, when that was granted, and by which order or entry."""

    until: When = Field(
        description="The new deadline.", examples=["2025-04-11T11:30[America/New_York]"]
    )
    granted: When | None = Field(None, description="When the extension was granted.")
    by: Annotated[Key | None, RefTo("order", "docket_entry")] = None
    reason: str | None = None


# -- how the ledger shows it met ----------------------------------------------------------------


class CustodyTest(Model):
    """Met by a custody event of a person concerned: returned (to a country), released…"""

    kind: Literal["custody_event"]
    events: list[CustodyKind] = Field(min_length=1, examples=[["returned"]])
    country: CountryCode | None = Field(
        None, description="Where the person must be after the event (default: the destination)."
    )


class FilingTest(Model):
    """Met by a docket entry: one whose `fulfils` names the obligation, or one matching here."""

    kind: Literal["docket_entry"]
    text_contains: list[str] = Field(
        default_factory=list, description="Any of these words in the entry's text (any case)."
    )
    filed_by: str | None = Field(default=None, description="Only entries filed by this party.")


Movement = Literal["removal", "transfer"]


def _removal() -> list[Movement]:
    return ["removal"]


class AbsenceTest(Model):
    """A prohibition: met while no covered movement happens; violated by one that does."""

    kind: Literal["absence"]
    of: list[Movement] = Field(
        default_factory=_removal,
        description="removal: a removed event or a transfer to another country; "
        "transfer: any transfer or transferred event.",
    )


class JudgementTest(Model):
    """Only an assessment can say whether it was met."""

    kind: Literal["assessment"]


MetBy = Annotated[
    CustodyTest | FilingTest | AbsenceTest | JudgementTest, Field(discriminator="kind")
]


# -- whom it covers -----------------------------------------------------------------------------


class Coverage(Model):
    """Whether the people on one transfer are covered by the obligation (a class order).

    covered: everyone on it is protected (or to be returned); not_covered: no one is;
    disputed: the parties or the courts disagree, and compliance says "disputed", never
    "violated" or "not violated", however exactly the times are known.
    """

    transfer: Annotated[Key, RefTo("transfer")]
    covered: Literal["covered", "not_covered", "disputed"]
    reason: str = Field(
        min_length=1,
        examples=[
            "the government says those aboard were removed under Title 8, not the proclamation"
        ],
    )


# -- the records --------------------------------------------------------------------------------


class Obligation(Record):
    """One directive of an order: who must do what, about whom, by when, and how it is met."""

    TYPE: ClassVar[str] = "obligation"
    type: Literal["obligation"] = "obligation"
    order: Annotated[Key, RefTo("order")] = Field(description="The order that imposes it.")
    obligors: list[Annotated[Key, RefTo("actor")]] = Field(
        default_factory=list, description="Who must act (actors)."
    )
    obligor_text: str | None = Field(
        None, description="Who must act, in the order's words.", examples=["Defendants"]
    )
    action: Action
    about: list[Annotated[Key, RefTo("person")]] = Field(
        default_factory=list, description="The people it concerns."
    )
    destination: CountryCode | None = Field(
        None, description="For a return: the country to return the person to.", examples=["US"]
    )
    text: str = Field(min_length=1, description="The directive's words.")
    effective_from: When | None = Field(
        None,
        description="When it took effect, if not when the order was issued (or, for an oral "
        "order, spoken).",
    )
    deadline: Deadline = Field(default_factory=lambda: NoDeadline(kind="none"))
    extensions: list[Extension] = Field(default_factory=list)
    met_by: MetBy | None = Field(
        None, description="How the ledger shows it met (default: from the action)."
    )
    supersedes: Annotated[Key | None, RefTo("obligation")] = Field(
        None, description="The obligation this one replaces (an amended order's directive)."
    )
    covers_class: str | None = Field(
        None,
        description="The class it protects, in the order's words, when it names no one.",
        examples=["all noncitizens in U.S. custody subject to the Proclamation"],
    )
    coverage: list[Coverage] = Field(
        default_factory=list,
        description="For each transfer whose people are (or are not, or disputedly) covered.",
    )
    transfers: list[Annotated[Key, RefTo("transfer")]] = Field(
        default_factory=list,
        description="Transfers under way it is about (a plane in the air to be turned around): "
        "met only by a recorded return of the people on them.",
    )

    @model_validator(mode="after")
    def _coherent(self) -> Obligation:
        if not self.obligors and not self.obligor_text:
            raise ValueError("obligors: say who must act (actor keys or obligor_text)")
        named = bool(self.about or self.coverage or self.transfers)
        if self.action in PROHIBITIONS:
            if self.deadline.kind != "none":
                raise ValueError("deadline: a prohibition has no deadline")
            if not named and not self.covers_class:
                raise ValueError(
                    "about: a prohibition must name the people it protects (or its class)"
                )
        if self.action in ("return", "facilitate_return", "release") and not named:
            raise ValueError(f"about: {self.action} of whom?")
        if self.coverage and not (self.covers_class or self.about):
            raise ValueError("coverage: say whom it covers (covers_class) as well")
        seen = [c.transfer for c in self.coverage]
        if len(seen) != len(set(seen)):
            raise ValueError("coverage: one entry per transfer")
        if self.extensions and self.deadline.kind not in ("explicit", "computed"):
            raise ValueError("extensions: only an explicit or computed deadline can be extended")
        if self.supersedes == self.key:
            raise ValueError("supersedes: an obligation cannot supersede itself")
        return self

    def how_met(self) -> CustodyTest | FilingTest | AbsenceTest | JudgementTest:
        """How the ledger shows it met: `met_by`, or the default for the action."""
        if self.met_by is not None:
            if self.met_by.kind == "custody_event" and self.met_by.country is None:
                return self.met_by.model_copy(update={"country": self.destination})
            return self.met_by
        if self.action in ("return", "facilitate_return"):
            return CustodyTest(kind="custody_event", events=["returned"], country=self.destination)
        if self.action == "release":
            return CustodyTest(kind="custody_event", events=["released"], country=self.destination)
        if self.action == "do_not_remove":
            return AbsenceTest(kind="absence", of=["removal"])
        if self.action == "do_not_transfer":
            return AbsenceTest(kind="absence", of=["removal", "transfer"])
        if self.action in FILING_ACTIONS:
            return FilingTest(kind="docket_entry")
        return JudgementTest(kind="assessment")

    def label(self) -> str:
        return f"{self.action.replace('_', ' ')}: {self.text[:60]}"

    def names(self) -> list[str]:
        return [self.label()]

    def subject(self) -> str | None:
        return self.order

    def when(self) -> PartialTime | None:
        return self.effective_from


Effect = Literal[
    "affirmed",
    "vacated",
    "deadline_vacated",
    "modified",
    "remanded",
    "remanded_with_instructions",
    "clarification_required",
    "stay_vacated",
]


class RulingEffect(Model):
    """What a decision does to one obligation (or to every obligation of one order)."""

    target: Annotated[Key, RefTo("obligation", "order", "stay")]
    effect: Effect = Field(
        description="affirmed, remanded, remanded_with_instructions and clarification_required "
        "change nothing by themselves (the duty stands; the instructions or the question are "
        "shown); vacated ends it; deadline_vacated keeps the duty without its deadline; "
        "modified ends it in favour of `replaced_by`; stay_vacated (target: a stay) ends the "
        "stay from that moment."
    )
    replaced_by: Annotated[Key | None, RefTo("obligation")] = None
    instructions: str | None = Field(
        None,
        description="What the court sent back to be done, or asked to be clarified, in its words.",
        examples=["to clarify its directive, with due regard for the deference owed"],
    )
    reason: str | None = Field(None, examples=["the original deadline is no longer effective"])

    @model_validator(mode="after")
    def _replacement(self) -> RulingEffect:
        needs = ("remanded_with_instructions", "clarification_required")
        if self.effect in needs and not self.instructions:
            raise ValueError(f"instructions: {self.effect.replace('_', ' ')} says what, in words")
        if self.effect not in needs and self.instructions:
            raise ValueError("instructions: only a remand with instructions or a clarification")
        if (self.effect == "stay_vacated") != self.target.startswith("stay/"):
            raise ValueError("target: stay_vacated, and only it, targets a stay")
        if self.effect == "modified" and self.replaced_by is None:
            raise ValueError("replaced_by: a modified obligation needs the obligation as modified")
        if self.effect != "modified" and self.replaced_by is not None:
            raise ValueError("replaced_by: only a modified obligation is replaced")
        return self


class Ruling(Record):
    """What a decision (an appeal's outcome, a later order) does to obligations, from when.

    A decision that grants an application in part and denies it in part is one ruling with
    several effects: the parts granted vacate or modify, the parts denied affirm.
    """

    TYPE: ClassVar[str] = "ruling"
    type: Literal["ruling"] = "ruling"
    decision: Annotated[Key, RefTo("appeal", "order")] = Field(
        description="The appeal decided, or the order that decides."
    )
    decided: When = Field(description="From when the effects hold.")
    effects: list[RulingEffect] = Field(min_length=1)
    summary: str | None = None

    def label(self) -> str:
        kinds = ", ".join(sorted({e.effect.replace("_", " ") for e in self.effects}))
        return f"Ruling ({kinds}) by {self.decision}"

    def subject(self) -> str | None:
        return self.decision

    def when(self) -> PartialTime | None:
        return self.decided


Finding = Literal["met", "met_in_form_only", "unmet", "moot"]


class Assessment(Record):
    """A human judgement of an obligation, with its sources: met in substance, or not, or moot.

    met: met (at `at`) even if no event in the ledger shows it. met_in_form_only: the filings
    were made, but they do not do what was ordered. unmet: not met in substance. moot: no
    longer capable of being met or needed, from `at`. For a recurring obligation `covers`
    says which occurrences (by the day they were due) the finding is about; without it the
    finding is about every occurrence.
    """

    TYPE: ClassVar[str] = "assessment"
    type: Literal["assessment"] = "assessment"
    obligation: Annotated[Key, RefTo("obligation")]
    finding: Finding
    at: When = Field(description="met or moot: from when; otherwise when it was assessed.")
    covers: When | None = Field(
        None, description="The days whose occurrences it covers (a date or a range FIRST/LAST)."
    )
    assessor: str = Field(min_length=1, examples=["habeas editors"])
    reasons: str = Field(min_length=1)
    entries: list[Annotated[Key, RefTo("docket_entry")]] = Field(
        default_factory=list, description="The filings the judgement is about."
    )

    def label(self) -> str:
        return f"Assessment: {self.finding.replace('_', ' ')} ({self.obligation})"

    def subject(self) -> str | None:
        return self.obligation

    def when(self) -> PartialTime | None:
        return self.at
