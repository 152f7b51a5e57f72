"""The keys of cases and docket entries read from dockets, so the same docket read again —
from a PACER page, CourtListener, a webhook — lands on the same records.

A case is keyed by its court and its docket number as compared (lower case, no spaces, a
district number's judge initials dropped): `case/mdd-8-25-cv-00951`. An entry is keyed by
its case and number; an unnumbered entry by its sequence number (CourtListener's
`recap_sequence_number`, or PACER's), else by its day and a hash of its text.
"""

from __future__ import annotations

import hashlib
import re

from habeas.domain.text import slug

__all__ = ["case_key_for", "entry_key", "normalise_docket_number"]

_JUDGE_SUFFIX = re.compile(r"^(\d+:\d{2}-[a-z]{2,4}-\d+)(?:-[a-z]{1,4})*(?:-\d+)?$")


def normalise_docket_number(number: str) -> str:
    """A docket number as compared: lower case, spaces and a leading "No." removed, a
    district number's judge initials dropped ("8:25-cv-00951-PX" → "8:25-cv-00951")."""
    text = re.sub(r"\s+", "", number.strip().lower())
    text = re.sub(r"^no\.?", "", text)
    m = _JUDGE_SUFFIX.match(text)
    return m.group(1) if m else text


def case_key_for(court_id: str, docket_number: str) -> str:
    """`case/mdd-8-25-cv-00951` for court mdd, number 8:25-cv-00951-PX."""
    return f"case/{court_id}-{slug(normalise_docket_number(docket_number), 120)}"


def entry_key(
    case_key: str, *, filed: str, text: str, number: int | None, sequence: str | None
) -> str:
    """The key of an entry of `case_key`: by its number, else its sequence number, else its
    day and the first hex digits of the SHA-256 of its date and text."""
    base = case_key.removeprefix("case/")
    if number is not None:
        return f"docket_entry/{base}-{number}"
    if sequence:
        return f"docket_entry/{base}-seq-{slug(sequence, 120)}"
    digest = hashlib.sha256(f"{filed}\n{text}".encode()).hexdigest()[:10]
    return f"docket_entry/{base}-{slug(filed, 120)}-{digest}"
