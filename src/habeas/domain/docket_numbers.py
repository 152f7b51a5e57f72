"""The core of a docket number, as CourtListener compares them (`docket_number_core`).

CourtListener condenses a federal docket number to its year and serial number, so the
same case written "8:25-cv-00951-PX", "25-cv-951" or "Civil Action No. 8:25-CV-00951"
compares equal within one court:

- a district number ("[office:]yy-tt-n", tt any two characters) -> yy + n padded to 5
  digits: "8:25-cv-00951-PX" -> "2500951";
- else a bankruptcy or appellate number ("yy-n", at the start or after a space or comma)
  -> yy + n padded to 6 digits: "No. 17-1142" -> "17001142";
- else "" (no number found, or more than one).

The core drops the office and the case type, so it is a key to compare within one court
only; two cases of one court that differ only in those share a core (see
`habeas.services.docket_import` for how the tie is broken).
"""

from __future__ import annotations

import re

__all__ = ["clean_docket_number", "docket_number_core"]

_DASHES = re.compile(r"[\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d]")
_DISTRICT_ANYWHERE = re.compile(r"\b(?:\d:)?\d\d-..-\d+")
_SHORT_ANYWHERE = re.compile(r"(?<![^ ,])\d\d-\d+")
_DISTRICT = re.compile(r"(?:\d:)?(\d\d)-..-(\d+)")
_SHORT = re.compile(r"(\d\d)-(\d+)")


def clean_docket_number(number: str) -> str:
    """The one docket number in `number` (lower case, dashes made plain), or "" when it
    holds none or several: "CIVIL ACTION NO. 7:17-CV-00426" -> "7:17-cv-00426"."""
    text = _DASHES.sub("-", number).lower()
    district = _DISTRICT_ANYWHERE.findall(text)
    if len(district) == 1:
        return str(district[0])
    short = _SHORT_ANYWHERE.findall(text)
    if len(short) == 1:
        return str(short[0])
    return ""


def docket_number_core(number: str) -> str:
    """'8:25-cv-00951-PX' -> '2500951'; '12-332' -> '12000332'; '' when there is none."""
    cleaned = clean_docket_number(number)
    m = _DISTRICT.search(cleaned)
    if m:
        return f"{m.group(1)}{int(m.group(2)):05d}"
    m = _SHORT.search(cleaned)
    if m:
        return f"{m.group(1)}{int(m.group(2)):06d}"
    return ""
