"""Court documents cited as courts cite them: court, docket number, entry number, date, title.

    Order, Abrego Garcia v. Noem, No. 8:25-cv-00951-PX (D. Md. Apr. 4, 2025), ECF No. 21

The pieces are kept apart (a filing tool wants them separately) and joined in `text`. What
the record does not give is said, not invented: "ECF No. not recorded".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from habeas.domain.time import PartialTime, Precision

__all__ = ["COURT_ABBREVIATIONS", "CourtCitation", "cite"]

COURT_ABBREVIATIONS: dict[str, str] = {
    "scotus": "U.S.",
    "cadc": "D.C. Cir.",
    "ca1": "1st Cir.",
    "ca2": "2d Cir.",
    "ca3": "3d Cir.",
    "ca4": "4th Cir.",
    "ca5": "5th Cir.",
    "ca6": "6th Cir.",
    "ca7": "7th Cir.",
    "ca8": "8th Cir.",
    "ca9": "9th Cir.",
    "ca10": "10th Cir.",
    "ca11": "11th Cir.",
    "dcd": "D.D.C.",
    "mdd": "D. Md.",
    "tnmd": "M.D. Tenn.",
    "txsd": "S.D. Tex.",
    "txwd": "W.D. Tex.",
    "txnd": "N.D. Tex.",
    "laed": "E.D. La.",
    "lawd": "W.D. La.",
    "nysd": "S.D.N.Y.",
    "cacd": "C.D. Cal.",
}
"""Bluebook abbreviations of the courts the demo stories cite (others: the court's name)."""

_MONTHS = ("Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.",
           "Nov.", "Dec.")  # fmt: skip


def _date(pt: PartialTime) -> str:
    """'Apr. 4, 2025' (Bluebook), at the precision recorded."""
    d = pt.local_date()
    if pt.precision is Precision.YEAR:
        return str(d.year)
    if pt.precision is Precision.MONTH:
        return f"{_MONTHS[d.month - 1]} {d.year}"
    return f"{_MONTHS[d.month - 1]} {d.day}, {d.year}"


@dataclass(frozen=True)
class CourtCitation:
    """One court document, cited."""

    title: str
    caption: str
    docket_number: str
    court: str
    court_id: str | None
    date: PartialTime
    entry_number: int | None

    @property
    def text(self) -> str:
        """The citation in one line."""
        abbr = COURT_ABBREVIATIONS.get(self.court_id or "", self.court)
        ecf = "ECF No." if self.court_id not in ("scotus", None) else "entry No."
        number = (
            f"{ecf} {self.entry_number}"
            if self.entry_number is not None
            else (f"{ecf} not recorded")
        )
        return (
            f"{self.title}, {self.caption}, No. {self.docket_number} "
            f"({abbr} {_date(self.date)}), {number}"
        )

    def to_json(self) -> dict[str, Any]:
        """Stable JSON form."""
        return {
            "court": self.court,
            "court_id": self.court_id,
            "docket_number": self.docket_number,
            "entry_number": self.entry_number,
            "date": str(self.date),
            "title": self.title,
            "caption": self.caption,
            "text": self.text,
        }


def cite(
    title: str,
    caption: str,
    docket_number: str,
    court: str,
    court_id: str | None,
    date: PartialTime,
    entry_number: int | None = None,
) -> CourtCitation:
    """The citation of a court document from its parts."""
    return CourtCitation(title, caption, docket_number, court, court_id, date, entry_number)
