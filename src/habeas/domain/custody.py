"""Facilities, transfers (flights and their manifests) and custody events."""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from pydantic import Field, model_validator

from habeas.domain.base import (
    CountryCode,
    Key,
    Model,
    Place,
    Record,
    RefTo,
    TimeZoneName,
    When,
)
from habeas.domain.time import PartialTime

__all__ = [
    "CUSTODY_KINDS",
    "CustodyEvent",
    "CustodyKind",
    "Facility",
    "ManifestEntry",
    "PublicContact",
    "Transfer",
]


class PublicContact(Model):
    """How families reach a facility, as its operator publishes it (a visitor line, a web
    page): shown on the public look-up to whoever finds a person held there."""

    phone: str | None = Field(
        None, pattern=r"^\+?[0-9][0-9 ().\-]{4,30}$", examples=["+1 555 0100"]
    )
    email: str | None = Field(None, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    url: str | None = Field(None, pattern=r"^https?://\S+$")
    address: str | None = Field(None, min_length=1, max_length=300)
    hours: str | None = Field(None, min_length=1, max_length=200, examples=["Mon-Fri 8:00-16:00"])

    @model_validator(mode="after")
    def _something(self) -> PublicContact:
        if not (self.phone or self.email or self.url or self.address):
            raise ValueError("public_contact: give a phone, an email, a web page or an address")
        return self


class Facility(Record):
    """A place where people are held: a prison, a detention centre, a jail."""

    TYPE: ClassVar[str] = "facility"
    type: Literal["facility"] = "facility"
    name: str = Field(min_length=1, examples=["CECOT"])
    aliases: list[str] = Field(
        default_factory=list, examples=[["Centro de Confinamiento del Terrorismo"]]
    )
    kind: Literal[
        "prison",
        "detention_center",
        "processing_center",
        "jail",
        "military_base",
        "hospital",
        "other",
    ]
    country: CountryCode
    locality: str | None = Field(None, examples=["Tecoluca"])
    region: str | None = None
    timezone: TimeZoneName | None = Field(None, examples=["America/El_Salvador"])
    operator: Annotated[Key | None, RefTo("actor")] = None
    capacity: int | None = Field(None, ge=0, le=10_000_000, examples=[40000])
    public_contact: PublicContact | None = Field(
        None,
        description="The facility's contact details for families, where its operator "
        "publishes them (a source should cite them).",
    )

    def names(self) -> list[str]:
        return [self.name, *self.aliases]


class ManifestEntry(Model):
    """One person on a transfer's manifest."""

    person: Annotated[Key, RefTo("person")]
    basis: str | None = Field(None, examples=["Alien Enemies Act"])
    seat: str | None = None


class Transfer(Record):
    """A movement of one or many people: a flight, a bus, a handover."""

    TYPE: ClassVar[str] = "transfer"
    type: Literal["transfer"] = "transfer"
    kind: Literal["flight", "bus", "vehicle", "vessel", "handover", "other"]
    name: str | None = Field(None, examples=["GlobalX flight 6143"])
    carrier: str | None = Field(None, examples=["GlobalX"])
    flight_number: str | None = Field(None, examples=["6143"])
    origin: Place | None = None
    destination: Place | None = None
    departed: When | None = None
    arrived: When | None = None
    operator: Annotated[Key | None, RefTo("actor")] = Field(
        None, description="The agency that ordered or ran the transfer."
    )
    reported_count: int | None = Field(
        None, ge=0, description="How many people sources say were aboard."
    )
    manifest: list[ManifestEntry] = Field(default_factory=list)

    def label(self) -> str:
        if self.name:
            return self.name
        if self.carrier and self.flight_number:
            return f"{self.carrier} flight {self.flight_number}"
        return self.key

    def names(self) -> list[str]:
        out = [self.label()]
        if self.flight_number:
            out.append(self.flight_number)
        return out

    def when(self) -> PartialTime | None:
        return self.departed or self.arrived


CustodyKind = Literal[
    "apprehended",
    "detained",
    "transferred",
    "admitted",
    "released",
    "removed",
    "returned",
    "died",
    "whereabouts_unknown",
    "escaped",
]
CUSTODY_KINDS: tuple[str, ...] = CustodyKind.__args__  # type: ignore[attr-defined]


class CustodyEvent(Record):
    """Something that happened to a person's custody: arrest, transfer, admission, release…"""

    TYPE: ClassVar[str] = "custody_event"
    type: Literal["custody_event"] = "custody_event"
    person: Annotated[Key, RefTo("person")]
    kind: CustodyKind
    at: When = Field(description="When it happened, at the precision known.")
    facility: Annotated[Key | None, RefTo("facility")] = None
    place: Place | None = None
    country: CountryCode | None = Field(
        None, description="Country where the person is after this event (else the facility's)."
    )
    custodian: Annotated[Key | None, RefTo("actor")] = Field(
        None, description="Who holds the person after this event."
    )
    legal_basis: str | None = Field(
        None, description="The legal authority claimed for it.", examples=["Alien Enemies Act"]
    )
    transfer: Annotated[Key | None, RefTo("transfer")] = None
    certainty: Literal["confirmed", "reported", "alleged", "disputed"] = "confirmed"
    description: str | None = None

    @model_validator(mode="after")
    def _where(self) -> CustodyEvent:
        if self.kind in ("admitted", "detained") and not (self.facility or self.place):
            raise ValueError(f"facility: a person {self.kind} must be {self.kind} somewhere")
        return self

    def label(self) -> str:
        return f"{self.kind.replace('_', ' ')} ({self.person})"

    def subject(self) -> str | None:
        return self.person

    def when(self) -> PartialTime | None:
        return self.at
