"""Which docket entries are orders, read from the entry's text.

Clerks write docket text in a few set forms: an order's entry begins with what it is
("ORDER granting…", "MEMORANDUM OPINION AND ORDER", "PAPERLESS ORDER", "MINUTE ORDER",
"TEMPORARY RESTRAINING ORDER", "JUDGMENT"), appellate clerks write "ORDER filed [1234567]
granting…", "PER CURIAM ORDER", "CLERK'S ORDER", "Unpublished per curiam opinion filed", and
the Supreme Court's docket says "Application (24A949) granted by The Chief Justice", "Petition
DENIED." or "Judgment issued". A filing *about* an order ("MOTION for Temporary Restraining
Order", "PROPOSED ORDER", "RESPONSE to Order to Show Cause", "NOTICE OF APPEAL as to [21]
Order", "Application (24A949) for a stay … submitted to The Chief Justice") is not one.

`order_kind(text)` gives the kind of `habeas.domain.courts_records.Order` an entry's text
announces, or None when it is not an order. The entry's first words decide: a leading entry
number ("[21]", "21 -") and qualifiers ("AMENDED", "SEALED"…) are set aside first. It errs
towards proposing: an editor reviews every draft, and a missed order is worse than a rejected
draft. "ORDER granting [6] Motion for Temporary Restraining Order" is an `order` (as the
reference story records Judge Xinis's order of 4 April 2025): the editor names what it is.
"""

from __future__ import annotations

import re

from habeas.domain.courts_records import ORDER_KINDS

__all__ = ["ORDER_KINDS", "order_kind"]


_LEADING_NUMBER = re.compile(r"^\s*(?:\[\d+\]|\d+)\s*[-–—:.]?\s*")
_QUALIFIERS = re.compile(
    r"^\s*((?:(?:amended|corrected|revised|sealed|redacted|expedited|emergency|joint|"
    r"consent|unopposed|second|third|renewed)\s+)+)",
    re.IGNORECASE,
)
_AMENDING = re.compile(r"\b(?:amended|corrected|revised)\b", re.IGNORECASE)

# First words that make an entry a filing (about an order, perhaps), not an order.
_FILING = re.compile(
    r"^(?:proposed|\w+\s+of\s+proposed|text\s+of\s+proposed|motion|response|reply|notice|"
    r"memorandum\s+(?:in|of|re)\b|brief|letter|objection|declaration|affidavit|exhibit|"
    r"status\s+report|report|supplement|transcript|application|petition|request|summons|"
    r"certificate|certified|copy|mandate|opposition|stipulation|praecipe|appeal|"
    r"complaint|answer|return|traverse|appearance|attorney|case\s+continued|"
    r"submission|filing|received|docketed|appendix|waiver|minute\s+entry\s+for\s+"
    r"(?:telephone\s+)?conference\s+(?:call\s+)?held)\b",
    re.IGNORECASE,
)

# An order written on a filing: "LETTER ORDER", "MEMO ENDORSEMENT", "MEMO ENDORSED ORDER".
_ENDORSED = re.compile(
    r"^(?:letter\s+order|memo(?:randum)?\s+(?:endorsement|endorsed))\b", re.IGNORECASE
)

# A Supreme Court or appellate disposition of an application, motion or petition:
# "Application (24A949) granted by The Chief Justice", "Petition DENIED.",
# "Motion to expedite GRANTED by the Court".
_DISPOSED = re.compile(
    r"^(?:application|motion|petition)\b[^.;]{0,300}?\b(?:granted|denied|dismissed)"
    r"(?:\s+(?:in\s+part|as\s+moot))?(?:\s+by\b|\s*[.;,]|\s*$)",
    re.IGNORECASE,
)
_REFERRED = re.compile(r"^application\s*\([^)]*\)\s*referred\s+to\s+the\s+court\b", re.IGNORECASE)

# (pattern at the start of the text, Order.kind) — the first that matches wins.
_FORMS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p, re.IGNORECASE), kind)
    for p, kind in (
        (r"^temporary\s+restraining\s+order\b", "temporary_restraining_order"),
        (r"^preliminary\s+injunction\b", "preliminary_injunction"),
        (r"^memorandum\s+(?:opinion\s+)?(?:and|&)\s+order\b", "memorandum_opinion"),
        (r"^memorandum\s+(?:opinion|decision)\b", "memorandum_opinion"),
        (r"^opinion\s+(?:and|&)\s+order\b", "memorandum_opinion"),
        (
            r"^(?:paperless\s+|electronic\s+|text\s+|marginal\s+)?minute\s+(?:order|entry)\b",
            "minute_order",
        ),
        (r"^(?:paperless|electronic|text|marginal|docket\s+text)\s+order\b", "minute_order"),
        (r"^oral\s+order\b", "oral_order"),
        (
            r"^(?:scheduling|(?:informal\s+)?briefing|case\s+management)\s+order\b",
            "scheduling_order",
        ),
        (r"^(?:final\s+|clerk'?s\s+|default\s+)?judgment\b", "judgment"),
        (
            r"^(?:published\s+|unpublished\s+)?(?:per\s+curiam\s+|authored\s+|signed\s+)?"
            r"opinion\b",
            "opinion",
        ),
        (r"^(?:[\w']+\s+){0,2}order\b", "order"),
    )
)


def _head(text: str) -> tuple[str, bool]:
    """The entry's first words without its number and qualifiers, and whether one of those
    qualifiers says it amends (AMENDED, CORRECTED, REVISED)."""
    body = _LEADING_NUMBER.sub("", text or "", count=1).lstrip(" *-–—:")
    m = _QUALIFIERS.match(body)
    amends = bool(m and _AMENDING.search(m.group(1)))
    if m:
        body = body[m.end() :]
    return body[:400].strip(), amends


def order_kind(text: str) -> str | None:
    """The kind of order an entry's text announces, or None when it is not an order."""
    head, amends = _head(text)
    if not head:
        return None
    if _ENDORSED.match(head):
        return "amended_order" if amends else "order"
    if _FILING.match(head):
        if _DISPOSED.match(head) or _REFERRED.match(head):
            return "amended_order" if amends else "order"
        return None
    for pattern, kind in _FORMS:
        if pattern.match(head):
            if amends:
                return "amended_order"
            return kind
    return None
