"""Courts, cases, docket entries, orders, and the appeals and stays that act on them."""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal, get_args

from pydantic import Field, model_validator

from habeas.domain.base import Key, Model, Record, RefTo, TimeZoneName, When, check_order
from habeas.domain.time import PartialTime

__all__ = [
    "ORDER_KINDS",
    "Appeal",
    "Case",
    "CourtRecord",
    "DocketDocument",
    "DocketEntry",
    "ExternalId",
    "Order",
    "OrderKind",
    "Party",
    "SeparateStatement",
    "Stay",
]


OrderKind = Literal[
    "order",
    "memorandum_opinion",
    "amended_order",
    "temporary_restraining_order",
    "preliminary_injunction",
    "minute_order",
    "oral_order",
    "opinion",
    "judgment",
    "scheduling_order",
]
ORDER_KINDS: tuple[str, ...] = get_args(OrderKind)
"""Every kind of order, in the order forms list them."""


class CourtRecord(Record):
    """A court, identified by its courts-db id (mdd, ca4, scotus, tnmd…)."""

    TYPE: ClassVar[str] = "court"
    type: Literal["court"] = "court"
    court_id: str = Field(pattern=r"^[a-z0-9]+$", examples=["mdd"])
    name: str = Field(min_length=1, examples=["U.S. District Court for the District of Maryland"])
    seat: str | None = Field(None, examples=["Greenbelt, Maryland"])
    timezone: TimeZoneName | None = Field(None, examples=["America/New_York"])


class Party(Model):
    """A party to a case and its role."""

    name: str = Field(min_length=1, examples=["Kristi Noem"])
    role: Literal[
        "plaintiff",
        "petitioner",
        "defendant",
        "respondent",
        "appellant",
        "appellee",
        "applicant",
        "intervenor",
        "amicus",
        "next_friend",
        "united_states",
    ]
    person: Annotated[Key | None, RefTo("person")] = None
    actor: Annotated[Key | None, RefTo("actor")] = None
    capacity: str | None = Field(
        None, examples=["Secretary of Homeland Security, official capacity"]
    )


class ExternalId(Model):
    """An identifier another system gives the same thing (CourtListener's docket id...)."""

    system: Literal["courtlistener", "pacer", "scotus"] = Field(examples=["courtlistener"])
    kind: Literal["docket", "docket_entry", "recap_document", "pacer_case", "pacer_document"] = (
        Field(examples=["docket"])
    )
    value: str = Field(min_length=1, max_length=200, examples=["69777799"])


class DocketDocument(Model):
    """A document filed with a docket entry (the main document or an attachment)."""

    number: int | None = Field(None, ge=0, description="The document number on the docket.")
    attachment: int | None = Field(None, ge=0, description="The attachment number, if one.")
    description: str | None = None
    page_count: int | None = Field(None, ge=0)
    sha1: str | None = Field(
        None, pattern=r"^[0-9a-f]{40}$", description="SHA-1 of the PDF, as CourtListener gives it."
    )
    pacer_doc_id: str | None = Field(None, max_length=40)
    courtlistener_id: int | None = Field(None, ge=1, description="CourtListener's RECAP id.")


class Case(Record):
    """A case in one court; an appeal or application links to the case it comes from."""

    TYPE: ClassVar[str] = "case"
    type: Literal["case"] = "case"
    court: Annotated[Key, RefTo("court")]
    docket_number: str = Field(min_length=1, examples=["8:25-cv-00951-PX"])
    caption: str = Field(min_length=1, examples=["Abrego Garcia v. Noem"])
    nature: Literal[
        "habeas", "civil", "criminal", "immigration", "appeal", "application", "mandamus", "other"
    ] = "civil"
    filed: When | None = None
    judges: list[str] = Field(default_factory=list, examples=[["Paula Xinis"]])
    parties: list[Party] = Field(default_factory=list)
    persons_concerned: list[Annotated[Key, RefTo("person")]] = Field(default_factory=list)
    origin: Annotated[Key | None, RefTo("case")] = Field(
        None, description="The lower-court case this appeal or application comes from."
    )
    external_ids: list[ExternalId] = Field(
        default_factory=list, description="Ids other systems give this case's docket."
    )

    def names(self) -> list[str]:
        return [self.caption, self.docket_number]

    def when(self) -> PartialTime | None:
        return self.filed


class DocketEntry(Record):
    """One entry on a case's docket."""

    TYPE: ClassVar[str] = "docket_entry"
    type: Literal["docket_entry"] = "docket_entry"
    case: Annotated[Key, RefTo("case")]
    number: int | None = Field(None, ge=0, le=10_000_000)
    filed: When
    text: str = Field(min_length=1)
    filed_by: str | None = None
    recap_sequence_number: str | None = Field(
        None,
        max_length=40,
        description="CourtListener's order key for entries (unnumbered entries too).",
        examples=["2025-04-04.001"],
    )
    documents: list[DocketDocument] = Field(default_factory=list)
    external_ids: list[ExternalId] = Field(
        default_factory=list, description="Ids other systems give this entry."
    )
    fulfils: list[Annotated[Key, RefTo("obligation")]] = Field(
        default_factory=list, description="The obligations this filing or hearing answers."
    )

    def label(self) -> str:
        return f"Docket entry {self.number}" if self.number is not None else "Docket entry"

    def subject(self) -> str | None:
        return self.case

    def when(self) -> PartialTime | None:
        return self.filed


class SeparateStatement(Model):
    """A justice's or judge's separate writing on an order: a concurrence, a dissent, a
    statement respecting it."""

    by: list[str] = Field(min_length=1, examples=[["Justice Sotomayor"]])
    kind: Literal[
        "concurring",
        "dissenting",
        "concurring_in_part_dissenting_in_part",
        "statement",
        "would_grant",
        "would_deny",
    ]
    joined_by: list[str] = Field(default_factory=list, examples=[["Justice Kagan"]])
    words: str | None = Field(
        None, description="Its words quoted, or a summary (say which in the note)."
    )

    def label(self) -> str:
        """'Justice Sotomayor, joined by Justice Kagan, dissenting'."""
        who = " and ".join(self.by)
        joined = f", joined by {' and '.join(self.joined_by)}," if self.joined_by else ""
        kind = {"statement": "respecting the order", "would_grant": "would grant",
                "would_deny": "would deny"}.get(self.kind, self.kind.replace("_", " "))  # fmt: skip
        return f"{who}{joined} {kind}"


class Order(Record):
    """A court order: its date, judge and text (what it requires is recorded as obligations)."""

    TYPE: ClassVar[str] = "order"
    type: Literal["order"] = "order"
    case: Annotated[Key, RefTo("case")]
    kind: OrderKind = "order"
    title: str = Field(min_length=1)
    issued: When
    spoken: When | None = Field(
        None, description="When an oral order was spoken, if the record says so."
    )
    judge: str | None = Field(None, examples=["Paula Xinis"])
    text: str = Field(min_length=1, description="The order's full text, or its operative words.")
    docket_entry: Annotated[Key | None, RefTo("docket_entry")] = None
    amends: Annotated[Key | None, RefTo("order")] = Field(
        None, description="The order this one amends or supersedes."
    )
    separate_statements: list[SeparateStatement] = Field(
        default_factory=list, description="Concurrences, dissents and statements respecting it."
    )

    def subject(self) -> str | None:
        return self.case

    def when(self) -> PartialTime | None:
        return self.issued


class Appeal(Record):
    """An appeal, application or motion to a higher court about an order, and its outcome."""

    TYPE: ClassVar[str] = "appeal"
    type: Literal["appeal"] = "appeal"
    kind: Literal[
        "appeal",
        "motion_for_stay",
        "application_for_stay",
        "application_to_vacate",
        "application_to_vacate_injunction",
        "petition_for_mandamus",
        "petition_for_certiorari",
    ]
    case: Annotated[Key, RefTo("case")] = Field(description="The case in the higher court.")
    from_case: Annotated[Key, RefTo("case")]
    challenged_order: Annotated[Key | None, RefTo("order")] = None
    filed: When | None = None
    decided: When | None = None
    outcome: Literal[
        "pending",
        "granted",
        "denied",
        "granted_in_part",
        "affirmed",
        "vacated",
        "modified",
        "remanded",
        "dismissed",
    ] = "pending"
    decided_by: list[str] = Field(default_factory=list)
    summary: str | None = None

    @model_validator(mode="after")
    def _decided(self) -> Appeal:
        if self.outcome != "pending" and self.decided is None:
            raise ValueError("decided: a decided appeal needs the date it was decided")
        check_order(self.filed, self.decided, "decided")
        return self

    def label(self) -> str:
        return f"{self.kind.replace('_', ' ')} ({self.outcome.replace('_', ' ')})"

    def subject(self) -> str | None:
        return self.case

    def when(self) -> PartialTime | None:
        return self.decided or self.filed


class Stay(Record):
    """A stay of an order: from when, until when or until what ends it."""

    TYPE: ClassVar[str] = "stay"
    type: Literal["stay"] = "stay"
    kind: Literal["administrative", "pending_appeal", "temporary", "other"]
    order: Annotated[Key, RefTo("order")] = Field(description="The order stayed.")
    entered_in: Annotated[Key, RefTo("case")] = Field(description="The case whose court stayed it.")
    start: When
    end: When | None = Field(None, description="When the stay ended, if it has.")
    entered_by: str | None = Field(None, examples=["Chief Justice John G. Roberts, Jr."])
    ended_by: Annotated[Key | None, RefTo("appeal", "order")] = None
    scope: str | None = Field(None, description="What part of the order is stayed, if not all.")
    words: str | None = Field(
        None,
        description="The stay's operative words, quoted.",
        examples=["is administratively stayed pending further order"],
    )
    entered_by_order: Annotated[Key | None, RefTo("order")] = Field(
        None, description="The order that entered the stay (its docket entry is its citation)."
    )

    @model_validator(mode="after")
    def _span(self) -> Stay:
        check_order(self.start, self.end, "end")
        return self

    def label(self) -> str:
        return f"{self.kind.replace('_', ' ')} stay of {self.order}"

    def subject(self) -> str | None:
        return self.order

    def when(self) -> PartialTime | None:
        return self.start
