"""Dates as news reports write them, found in a sentence and resolved against an anchor.

`find_dates(text)` finds explicit dates ("April 4", "April 4th", "Apr. 4, 2025",
"4 April 2025", "Monday, April 7"), weekdays ("on Friday", "by Monday night at midnight",
"next Tuesday", "last Friday") and "today", "yesterday", "tomorrow", each with a time of day
when the text gives one ("11:59 p.m.", "5 p.m. EDT", "midnight"). Vague phrases ("this week",
"recently") are not dates and are not found.

`resolve_dates(sentence, published, paragraph=...)` resolves them:

* an explicit date with a year is that date; a year-less date takes the year that puts it
  nearest the publication date — and, in past-tense reporting ("was deported on Dec. 30"),
  not after it;
* a weekday used for a deadline or a future act ("by Monday", "will ... on Tuesday") is the
  first such weekday on or after its anchor (strictly after when the text says "next"); the
  anchor is the nearest explicit date before it in the same sentence, else the nearest in the
  same paragraph, else the publication date;
* a weekday in past-tense reporting ("on Friday, officials said") is the latest such weekday
  on or before the publication date ("last Friday": strictly before);
* "today", "yesterday", "tomorrow" count from the publication date;
* a month alone ("in March", "last month") stays a month (`2025-03`);
* "three days later" (or "two weeks earlier") counts from the explicit date before it in the
  same sentence, and is left out when there is none.

Nothing gains precision the text does not give: a date stays a date; a time of day is kept
only with a zone (the text's "EDT", else the zone the caller knows, e.g. the court's), and
"midnight" closing a day is 23:59 of that day (said in the notes).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Literal

__all__ = [
    "MONTHS",
    "WEEKDAYS",
    "DateMention",
    "ResolvedDate",
    "find_dates",
    "resolve_dates",
    "resolve_mention",
    "year_for",
]

MONTHS: dict[str, int] = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
WEEKDAYS: tuple[str, ...] = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)
_ZONES = {
    "et": "America/New_York",
    "edt": "America/New_York",
    "est": "America/New_York",
    "eastern": "America/New_York",
    "ct": "America/Chicago",
    "cdt": "America/Chicago",
    "cst": "America/Chicago",
    "central": "America/Chicago",
    "mt": "America/Denver",
    "mdt": "America/Denver",
    "mst": "America/Denver",
    "pt": "America/Los_Angeles",
    "pdt": "America/Los_Angeles",
    "pst": "America/Los_Angeles",
}

_MONTH = (
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_MONTH2 = _MONTH.replace("?P<month>", "?P<month2>")
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_ORD = r"(?:st|nd|rd|th)?"
_MONTH_DAY = (
    rf"(?:{_WEEKDAY},?\s+)?{_MONTH}\s+(?P<day>\d{{1,2}}){_ORD}\b(?:,?\s+(?P<year>\d{{4}})\b)?"
)
_DAY_MONTH = rf"\b(?P<day2>\d{{1,2}}){_ORD}\s+(?:of\s+)?{_MONTH2}(?:,?\s+(?P<year2>\d{{4}})\b)?"
_WEEKDAY_ONLY = (
    r"\b(?:(?P<rel>next|last|this|coming)\s+)?"
    r"(?P<weekday2>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    r"(?P<part>\s+(?:night|morning|afternoon|evening))?"
)
_DAYWORD = r"\b(?P<dayword>today|yesterday|tomorrow)\b"
_NUMBERS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
            "eight": 8, "nine": 9, "ten": 10}  # fmt: skip
_MONTH3 = _MONTH.replace("?P<month>", "?P<month3>").removesuffix(r"\.?")
_MONTH_ONLY = (
    rf"\b(?P<rel_month>last|this|next) month\b"
    rf"|\b(?:in|since|during|early|late) (?:early |late |mid-)?{_MONTH3}"
    r"(?:,? (?P<year3>\d{4}))?\b(?!\.?\s*\d)"
)
_OFFSET = (
    r"\b(?P<n>a|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+"
    r"(?P<unit>days?|weeks?)\s+(?P<dir>later|after(?:ward)?|earlier|before)\b"
)
_DATE_RE = re.compile(
    rf"\b{_MONTH_DAY}|{_DAY_MONTH}|{_WEEKDAY_ONLY}|{_DAYWORD}|{_OFFSET}|{_MONTH_ONLY}",
    re.IGNORECASE,
)
_TIME_RE = re.compile(
    r"(?P<time>(?:(?P<h>\d{1,2})(?::(?P<m>\d{2}))?\s*(?P<ampm>a\.?m\.?|p\.?m\.?)"
    r"|(?P<midnight>midnight)|(?P<noon>noon)))"
    r"(?:\s+(?P<zone>ET|EDT|EST|CT|CDT|CST|MT|MDT|MST|PT|PDT|PST|Eastern|Central)\b)?",
    re.IGNORECASE,
)
_DEADLINE_BEFORE = re.compile(
    r"\b(?:by|until|till|no later than|before|due|deadline(?: of)?|on or before|expires?)"
    r"(?:\s+(?:the\s+end\s+of|close of business|(?:\d{1,2}(?::\d{2})?\s*[ap]\.?m\.?"
    r"(?:\s+[A-Z]{2,3})?|midnight|noon)(?:\s+on)?))?\s*,?\s*$"
    r"|\bby\s+\d{1,2}(?::\d{2})?\s*[ap]\.?m\.?(?:\s+[A-Z]{2,3})?,?\s+(?:each day\s+)?"
    r"(?:beginning|starting)(?:\s+on)?\s*$",
    re.IGNORECASE,
)
_FUTURE = re.compile(
    r"\b(?:will|shall|would have to|must|is scheduled|are scheduled|scheduled|set for|plans? to"
    r"|is expected|are expected|is due|are due)\b",
    re.IGNORECASE,
)
_PAST_CUE = re.compile(
    r"\b(?:was|were|had|been|left|sent|held|took|flew|made|said|\w+ed)"
    r"(?:\s+[a-z]+){0,3}\s+(?:on|in)\s+$"
)
_QUOTES = '"“”'

Tense = Literal["past", "future", "deadline"]


@dataclass(frozen=True)
class DateMention:
    """A date expression in a text: where it is and what it says, not yet resolved."""

    text: str
    start: int
    end: int
    kind: Literal["explicit", "weekday", "dayword", "offset", "month"]
    month: int | None = None
    day: int | None = None
    year: int | None = None
    weekday: int | None = None  # 0 = Monday
    relation: str | None = None  # next, last, this, coming
    dayword: str | None = None
    days: int | None = None  # an offset's signed number of days ("three days later": 3)
    hour: int | None = None
    minute: int | None = None
    midnight: bool = False
    zone: str | None = None
    tense: Tense = "past"
    past_cue: bool = False  # a past-tense verb right before it ("was deported on")


@dataclass(frozen=True)
class ResolvedDate:
    """A mention resolved: `value` is a date or time string at the text's own precision
    (`2025-04-07`, or `2025-04-07T23:59[America/New_York]` when the text gives a time and a
    zone is known); `anchor` says what it was counted from."""

    mention: DateMention
    day: date
    value: str
    anchor: str
    anchor_date: date
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def has_time(self) -> bool:
        return "T" in self.value


def _tense(text: str, start: int, end: int) -> Tense:
    before = text[max(0, start - 60) : start]
    before = re.split(r";|:\s", before)[-1]
    if _DEADLINE_BEFORE.search(before):
        return "deadline"
    if _FUTURE.search(text[:start]) and not re.search(
        r"\b(?:said|told|ruled|ordered|was|were|had)\b", text[:start][-40:], re.IGNORECASE
    ):
        return "future"
    return "past"


def _time_near(text: str, start: int, end: int) -> re.Match[str] | None:
    """A time of day right after the date ("Monday at 11:59 p.m.", "Monday night at
    midnight") or right before it ("by 11:59 p.m. Monday", "5 p.m. on April 8")."""
    after = text[end : end + 40]
    m = re.match(r"\s*(?:,\s*)?(?:night\s+|evening\s+)?(?:at\s+|by\s+|before\s+)?", after)
    offset = m.end() if m else 0
    t = _TIME_RE.match(after, offset)
    if t is not None:
        return t
    before = text[max(0, start - 30) : start]
    for t in _TIME_RE.finditer(before):
        rest = before[t.end() :]
        if re.fullmatch(r"\s*(?:on\s+|,\s*)?(?:(?:each day\s+)?(?:beginning|starting)\s+)?", rest):
            return t
    return None


def _with_time(mention: DateMention, text: str) -> DateMention:
    t = _time_near(text, mention.start, mention.end)
    if t is None:
        return mention
    zone = _ZONES.get((t.group("zone") or "").lower())
    if t.group("midnight"):
        return _replace(mention, hour=23, minute=59, midnight=True, zone=zone)
    if t.group("noon"):
        return _replace(mention, hour=12, minute=0, zone=zone)
    hour = int(t.group("h"))
    minute = int(t.group("m") or 0)
    if hour > 12 or minute > 59:
        return mention
    pm = t.group("ampm").lower().startswith("p")
    hour = (hour % 12) + (12 if pm else 0)
    return _replace(mention, hour=hour, minute=minute, zone=zone)


def _replace(mention: DateMention, **changes: Any) -> DateMention:
    return dataclasses.replace(mention, **changes)


def _inside_quote(text: str, pos: int) -> bool:
    return sum(text[:pos].count(q) for q in _QUOTES) % 2 == 1


def find_dates(text: str) -> list[DateMention]:
    """Every date expression in `text`, in order, with its tense and any time of day."""
    found: list[DateMention] = []
    for m in _DATE_RE.finditer(text):
        g = m.groupdict()
        s, e = m.start(), m.end()
        raw = m.group(0)
        lead = len(raw) - len(raw.lstrip())
        s += lead
        if g["month"] is not None:
            month = MONTHS[g["month"].lower().rstrip(".")]
            day = int(g["day"])
            if g["month"][0].islower():
                continue
            wd = WEEKDAYS.index(g["weekday"].lower()) if g["weekday"] else None
            mention = DateMention(
                text[s:e],
                s,
                e,
                "explicit",
                month=month,
                day=day,
                year=int(g["year"]) if g["year"] else None,
                weekday=wd,
            )
        elif g["month2"] is not None:
            if g["month2"][0].islower():
                continue
            mention = DateMention(
                text[s:e],
                s,
                e,
                "explicit",
                month=MONTHS[g["month2"].lower().rstrip(".")],
                day=int(g["day2"]),
                year=int(g["year2"]) if g["year2"] else None,
            )
        elif g["weekday2"] is not None:
            rel = g["rel"].lower() if g["rel"] else None
            if g["weekday2"][0].islower():
                continue
            mention = DateMention(
                text[s:e],
                s,
                e,
                "weekday",
                weekday=WEEKDAYS.index(g["weekday2"].lower()),
                relation=rel,
            )
        elif g["rel_month"] is not None or g["month3"] is not None:
            if g["month3"] is not None and g["month3"][0].islower():
                continue
            if g["month3"] is not None:
                s = m.start("month3")
                month = MONTHS[g["month3"].lower()]
                mention = DateMention(
                    text[s:e], s, e, "month", month=month,
                    year=int(g["year3"]) if g["year3"] else None,
                )  # fmt: skip
            else:
                mention = DateMention(text[s:e], s, e, "month", relation=g["rel_month"].lower())
        elif g["dayword"] is not None:
            mention = DateMention(text[s:e], s, e, "dayword", dayword=g["dayword"].lower())
        else:
            n = int(g["n"]) if g["n"].isdigit() else _NUMBERS[g["n"].lower()]
            n *= 7 if g["unit"].lower().startswith("week") else 1
            sign = -1 if g["dir"].lower() in ("earlier", "before") else 1
            mention = DateMention(text[s:e], s, e, "offset", days=sign * n)
        if mention.kind == "explicit" and not _valid_day(mention):
            continue
        cue = bool(_PAST_CUE.search(text[max(0, s - 50) : s]))
        mention = _replace(mention, tense=_tense(text, s, e), past_cue=cue)
        found.append(_with_time(mention, text))
    return found


def _valid_day(m: DateMention) -> bool:
    assert m.month is not None and m.day is not None
    try:
        date(m.year or 2024, m.month, m.day)
    except ValueError:
        return False
    return True


def year_for(month: int, day: int, published: date, *, past: bool) -> int:
    """The year that puts month/day nearest `published`; in past-tense reporting, the
    nearest not after it (an article of 3 Jan 2026 saying "on Dec. 30" means 2025)."""
    candidates: list[date] = []
    for year in range(published.year - 4, published.year + 5):  # 29 February: a leap year
        try:
            candidates.append(date(year, month, day))
        except ValueError:  # 29 February in a common year
            continue
    if past:
        earlier = [c for c in candidates if c <= published]
        if earlier:
            return max(earlier).year
    return min(candidates, key=lambda c: (abs((c - published).days), c)).year


def _explicit_day(m: DateMention, published: date) -> date:
    assert m.month is not None and m.day is not None
    year = m.year or year_for(m.month, m.day, published, past=m.past_cue)
    return date(year, m.month, m.day)


def resolve_mention(
    m: DateMention,
    published: date,
    anchor: tuple[date, str] | None = None,
    zone: str | None = None,
    zone_from: str = "assumed",
) -> ResolvedDate:
    """Resolve one mention. `anchor` is the explicit date (and its words) that the rules say
    a deadline counts from; without one, the publication date is the anchor. `zone` is used
    for a time of day the text gives without one; `zone_from` says why (for the notes)."""
    notes: list[str] = []
    pub_anchor = (published, f"the publication date {published.isoformat()}")
    if m.kind == "explicit":
        day = _explicit_day(m, published)
        base = pub_anchor
        if m.year is None:
            notes.append(f"{m.text!r} gives no year: {day.year} is the year nearest publication")
        if m.weekday is not None and day.weekday() != m.weekday:
            notes.append(f"{m.text!r}: {day.isoformat()} is not a {WEEKDAYS[m.weekday]}")
    elif m.kind == "month":
        if m.relation is not None:
            shift = {"last": -1, "this": 0, "next": 1}[m.relation]
            index = published.year * 12 + published.month - 1 + shift
            day = date(index // 12, index % 12 + 1, 1)
        else:
            assert m.month is not None
            day = date(m.year or year_for(m.month, 1, published, past=m.past_cue), m.month, 1)
        return ResolvedDate(m, day, f"{day.year:04d}-{day.month:02d}", pub_anchor[1], published)
    elif m.kind == "offset":
        base = anchor or pub_anchor
        day = base[0] + timedelta(days=m.days or 0)
    elif m.kind == "dayword":
        shift = {"today": 0, "yesterday": -1, "tomorrow": 1}[m.dayword or "today"]
        day = published + timedelta(days=shift)
        base = pub_anchor
    else:
        assert m.weekday is not None
        if m.relation in ("next", "coming") or (
            m.tense in ("deadline", "future") and m.relation != "last"
        ):
            base = anchor or pub_anchor
            ahead = (m.weekday - base[0].weekday()) % 7
            if ahead == 0 and m.relation == "next":
                ahead = 7
            day = base[0] + timedelta(days=ahead)
        else:
            base = pub_anchor
            back = (published.weekday() - m.weekday) % 7
            if back == 0 and m.relation == "last":
                back = 7
            day = published - timedelta(days=back)
    value = day.isoformat()
    if m.hour is not None:
        use_zone = m.zone or zone
        hhmm = f"{m.hour:02d}:{m.minute or 0:02d}"
        if use_zone is None:
            notes.append(f"the text gives {hhmm} but no zone: the date alone is kept")
        else:
            value = f"{value}T{hhmm}[{use_zone}]"
            if m.midnight:
                notes.append("'midnight' closing the day is read as 23:59 of that day")
            if m.zone is None:
                notes.append(f"the text names no zone: {use_zone} ({zone_from})")
    return ResolvedDate(m, day, value, base[1], base[0], tuple(notes))


def _explicit_anchors(text: str, published: date) -> list[tuple[int, date, str]]:
    out: list[tuple[int, date, str]] = []
    for m in find_dates(text):
        if m.kind == "explicit":
            out.append((m.start, _explicit_day(m, published), m.text))
    return out


def resolve_dates(
    sentence: str,
    published: date,
    *,
    paragraph: str | None = None,
    zone: str | None = None,
) -> list[ResolvedDate]:
    """Every date in `sentence`, resolved: anchors are the nearest explicit date before the
    mention in the sentence, else in `paragraph` (the passage the sentence is in), else
    `published`."""
    mentions = find_dates(sentence)
    in_sentence = _explicit_anchors(sentence, published)
    in_paragraph: list[tuple[int, date, str]] = []
    where = -1
    if paragraph:
        where = paragraph.find(sentence)
        in_paragraph = [
            a
            for a in _explicit_anchors(paragraph, published)
            if where < 0 or not (where <= a[0] < where + len(sentence))
        ]
    out: list[ResolvedDate] = []
    for m in mentions:
        anchor: tuple[date, str] | None = None
        if m.kind == "offset":
            before = [a for a in in_sentence if a[0] < m.start]
            if not before:
                continue  # "three days later" with nothing before it to count from
            _pos, day, words = before[-1]
            anchor = (day, f"{words!r} ({day.isoformat()}) in the same sentence")
        elif m.kind == "weekday":
            before = [a for a in in_sentence if a[0] < m.start]
            if before:
                _pos, day, words = before[-1]
                anchor = (day, f"{words!r} ({day.isoformat()}) in the same sentence")
            elif in_paragraph:
                _pos, day, words = min(in_paragraph, key=lambda a: abs(a[0] - max(where, 0)))
                anchor = (day, f"{words!r} ({day.isoformat()}) in the same paragraph")
        out.append(resolve_mention(m, published, anchor, zone))
    return out
