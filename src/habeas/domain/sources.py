"""Sources, agreements between states, and public statements."""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from pydantic import Field, model_validator

from habeas.domain.base import Key, Model, Record, RefTo, When
from habeas.domain.time import PartialTime

__all__ = ["Agreement", "Money", "Source", "SourceKind", "Statement"]

SourceKind = Literal[
    "court_document",
    "news_article",
    "government_release",
    "social_media_post",
    "testimony",
    "dataset",
    "other",
]


class Source(Record):
    """Where a fact comes from: a court document, a news report, a release, a dataset."""

    TYPE: ClassVar[str] = "source"
    type: Literal["source"] = "source"
    kind: SourceKind
    title: str = Field(min_length=1)
    publisher: str | None = Field(None, examples=["Associated Press"])
    author: str | None = None
    court: str | None = Field(None, description="For a court document: the court's id.")
    docket_number: str | None = None
    url: str | None = Field(None, pattern=r"^https?://\S+$")
    published: When | None = None
    retrieved: When | None = None
    sha256: str | None = Field(
        None, pattern=r"^[0-9a-f]{64}$", description="SHA-256 of the stored copy, if kept."
    )
    language: str | None = Field(None, examples=["en", "es"])

    @model_validator(mode="after")
    def _no_sources_of_sources(self) -> Source:
        if self.unsourced:
            raise ValueError("unsourced: a source is not itself sourced or unsourced")
        return self

    def names(self) -> list[str]:
        out = [self.title]
        if self.docket_number:
            out.append(self.docket_number)
        if self.publisher:
            out.append(self.publisher)
        return out

    def when(self) -> PartialTime | None:
        return self.published


class Money(Model):
    """An amount of money; the amount is a decimal string so nothing is rounded."""

    amount: str = Field(pattern=r"^\d+(\.\d+)?$", examples=["6000000"])
    currency: str = Field(pattern=r"^[A-Z]{3}$", examples=["USD"])
    per: str | None = Field(None, examples=["year"])


class Agreement(Record):
    """An agreement between states (or a state and a company) about people in custody."""

    TYPE: ClassVar[str] = "agreement"
    type: Literal["agreement"] = "agreement"
    title: str = Field(min_length=1)
    parties: list[Annotated[Key, RefTo("actor")]] = Field(min_length=1)
    concluded: When | None = None
    terms: str = Field(min_length=1)
    price: Money | None = None

    def when(self) -> PartialTime | None:
        return self.concluded


class Statement(Record):
    """Who said what, when, about whom."""

    TYPE: ClassVar[str] = "statement"
    type: Literal["statement"] = "statement"
    speaker: Annotated[Key, RefTo("actor", "person")]
    said: When
    text: str = Field(min_length=1)
    quote: Literal["direct", "paraphrase"] = "direct"
    setting: str | None = Field(None, examples=["Oval Office meeting, the White House"])
    language: str | None = None
    about: list[Annotated[Key, RefTo("person", "case", "order", "facility", "actor")]] = Field(
        default_factory=list
    )

    def label(self) -> str:
        return (self.text[:77] + "…") if len(self.text) > 78 else self.text

    def when(self) -> PartialTime | None:
        return self.said
