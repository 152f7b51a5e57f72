"""People the ledger is about, and the actors who hold, judge or speak about them."""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from pydantic import Field, model_validator

from habeas.domain.base import (
    CountryCode,
    Key,
    Model,
    Record,
    RefTo,
    Sensitivity,
    When,
    check_order,
)
from habeas.domain.time import Precision

__all__ = [
    "Actor",
    "Address",
    "Contact",
    "Identifier",
    "Person",
    "Relationship",
    "Role",
    "StatusPeriod",
]


class Identifier(Model):
    """An official number that identifies a person (confidential unless marked otherwise)."""

    scheme: Literal[
        "a_number", "passport", "national_id", "fbi_number", "inmate_number", "other"
    ] = Field(description="What kind of number: a_number is a U.S. alien registration number.")
    value: str = Field(min_length=1)
    issuer: str | None = Field(None, description="Who issued it (a country code or an agency).")
    sensitivity: Sensitivity = "confidential"


class StatusPeriod(Model):
    """A residence or immigration status held over a period."""

    status: str = Field(
        min_length=1, examples=["withholding of removal to El Salvador", "U.S. citizen"]
    )
    granted_by: str | None = Field(None, examples=["Immigration judge, Baltimore"])
    start: When | None = None
    end: When | None = None

    @model_validator(mode="after")
    def _span(self) -> StatusPeriod:
        check_order(self.start, self.end, "end")
        return self


class Relationship(Model):
    """A family tie to another person in the ledger (confidential by default)."""

    relation: Literal["spouse", "partner", "child", "parent", "sibling", "relative", "other"]
    person: Annotated[Key, RefTo("person")]
    sensitivity: Sensitivity = "confidential"


INVERSE_RELATION: dict[str, str] = {
    "spouse": "spouse",
    "partner": "partner",
    "child": "parent",
    "parent": "child",
    "sibling": "sibling",
    "relative": "relative",
    "other": "other",
}
"""A tie read from the other side: B's record naming A as B's `parent` makes B A's `child`."""


def inverse_relation(relation: str) -> str:
    """The relation seen from the other person: a `parent` tie read back is a `child`."""
    return INVERSE_RELATION[relation]


class Address(Model):
    """Where a person or their family lives or can be written to (confidential by default)."""

    kind: Literal["home", "mailing", "family", "last_known", "other"] = Field(
        "home", description="What the address is: last_known is the last one a source gives."
    )
    text: str = Field(min_length=1, description="The address as written, one line.")
    country: CountryCode | None = None
    since: When | None = None
    until: When | None = None
    sensitivity: Sensitivity = "confidential"


class Contact(Model):
    """A way to reach a person, their family or their lawyer (confidential by default)."""

    kind: Literal["phone", "email", "messaging", "postal", "other"]
    value: str = Field(min_length=1, description="The number, address or handle as written.")
    name: str | None = Field(
        None,
        description="Whose contact it is when not the person's own: a relative, a lawyer.",
        examples=["Jennifer Vasquez Sura (spouse)"],
    )
    sensitivity: Sensitivity = "confidential"


class Person(Record):
    """A person whose custody, transfer or case the ledger records."""

    TYPE: ClassVar[str] = "person"
    type: Literal["person"] = "person"
    full_name: str = Field(
        min_length=1,
        description="The full name as written in the main source.",
        examples=["Kilmar Armando Abrego Garcia"],
    )
    given_names: str | None = Field(None, examples=["Kilmar Armando"])
    surnames: str | None = Field(
        None,
        description="All surnames, in order (Spanish double surnames are normal).",
        examples=["Abrego Garcia"],
    )
    aliases: list[str] = Field(
        default_factory=list,
        description="Other names and variant spellings seen in sources.",
        examples=[["Kilmar Abrego García", "Abrego Garcia"]],
    )
    initials_only: bool = Field(
        False, description="The person is known publicly only by initials (e.g. a minor)."
    )
    minor: bool = False
    date_of_birth: When | None = Field(None, description="May be partial: a year alone is fine.")
    nationality: list[CountryCode] = Field(default_factory=list)
    identifiers: list[Identifier] = Field(default_factory=list)
    statuses: list[StatusPeriod] = Field(default_factory=list)
    relationships: list[Relationship] = Field(default_factory=list)
    addresses: list[Address] = Field(
        default_factory=list, description="Addresses of the person (confidential by default)."
    )
    contacts: list[Contact] = Field(
        default_factory=list,
        description="Phone numbers, e-mail and other contacts (confidential by default).",
    )

    @model_validator(mode="after")
    def _dob_is_a_date(self) -> Person:
        if self.date_of_birth is not None and self.date_of_birth.precision > Precision.DAY:
            raise ValueError("date_of_birth: a date of birth has no time of day")
        return self

    def names(self) -> list[str]:
        out = [self.full_name, *self.aliases]
        if self.given_names and self.surnames:
            out.append(f"{self.given_names} {self.surnames}")
        return out


class Role(Model):
    """A title or office an actor holds over a period."""

    title: str = Field(min_length=1, examples=["Secretary of State"])
    organisation: Annotated[Key | None, RefTo("actor")] = None
    start: When | None = None
    end: When | None = None

    @model_validator(mode="after")
    def _span(self) -> Role:
        check_order(self.start, self.end, "end")
        return self


class Actor(Record):
    """A government, agency, court, official, organisation or company."""

    TYPE: ClassVar[str] = "actor"
    type: Literal["actor"] = "actor"
    kind: Literal["government", "agency", "court", "official", "organisation", "company", "person"]
    name: str = Field(min_length=1, examples=["Marco Rubio"])
    aliases: list[str] = Field(default_factory=list)
    country: CountryCode | None = None
    part_of: Annotated[Key | None, RefTo("actor")] = Field(
        None, description="The larger body this one belongs to (an agency's government)."
    )
    roles: list[Role] = Field(default_factory=list)

    def names(self) -> list[str]:
        return [self.name, *self.aliases]
