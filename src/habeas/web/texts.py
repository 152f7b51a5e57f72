"""Texts the services generate in English, shown in the language of the page.

Where a service returns structured fields (a status code, a kind, a duration in seconds) the
pages render those through locale keys (`Translator.term`, `Translator.duration`). Some texts
exist only as English sentences: the lines that explain a compliance state, the message of
an alert, the steps of a deadline computation. Those are translated here by pattern: each
rule is a regular expression for one phrase the services produce and a locale key
(`gen.…`) whose placeholders are the expression's named groups.

A group is converted according to its name: `date…` a date or time in words, `dur…` a
duration, `wd…` a day such as "Sat 2007-09-01", `abbr…` a weekday such as "Wed", `sub…`
another generated phrase (translated in turn), `fx…` a fixed phrase (`FIXED`), `status…`
a compliance status in words, `kinds…` custody kinds, `tally…` counts of occurrences,
`every…` a recurrence, `appeal…` an appeal's label, `action…` an obligation's action,
`hol…` a holiday's name. Any other group (record keys, titles, reasons, quoted words of
orders and sources) is kept as written: those are evidence and stay in their language.

A phrase no rule matches is returned in English, flagged so the page can mark it
`lang="en"`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from habeas.web.i18n import Translator

__all__ = ["Generated", "alert_label", "alert_message", "deadline_period", "deadline_step"]
__all__ += ["explanation", "translate"]


@dataclass(frozen=True)
class Generated:
    """A generated text in the page's language; `lang` is "en" when it stayed English."""

    text: str
    lang: str | None = None

    def __str__(self) -> str:
        return self.text


_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    )
}
_WEEKDAYS = {d: i for i, d in enumerate(("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"))}

_MON = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
_ONE = rf"(?:\d{{1,2}} {_MON} \d{{4}}(?:, \d\d:\d\d(?: [A-Za-z0-9+\-]+)?)?|{_MON} \d{{4}}|\d{{4}})"
DATE = rf"(?:between {_ONE} and {_ONE}|{_ONE})"
DUR = r"(?:-?\d+ (?:day|hour|minute)s?(?: \d+ (?:hour|minute)s?)?|under a minute|\?)"
WD = r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{4}-\d\d-\d\d"
KEY = r"[a-z_]+/[^\s():]+"

#: fixed English phrases inside generated texts -> locale keys
FIXED = {
    "as the obligation records": "gen.how.records",
    "when the order was spoken": "gen.how.spoken",
    "when the order was issued": "gen.how.issued",
    "as soon as possible": "gen.asap",
    "no deadline": "gen.no_deadline",
    "to the end of": "gen.until.end",
    "until the same time on": "gen.until.same_time",
    "next": "gen.way.next",
    "previous (counting backward)": "gen.way.previous",
    "forward": "gen.direction.forward",
    "back": "gen.direction.back",
    "trigger": "gen.trigger",
    "before": "gen.before",
    "after": "gen.after",
    "event": "gen.event",
    "violated": "gen.violated",
    "possibly violated": "gen.possibly_violated",
    "VIOLATION": "gen.violation_upper",
    "possible violation": "gen.possible_violation",
    "vacated": "gen.appeal.vacated",
    "the order stands": "gen.appeal.stands",
    "no ruling records what it does to this obligation": "gen.appeal.no_ruling",
    "met in form only": "gen.assessed.met_in_form_only",
    "unmet": "gen.assessed.unmet",
    "affirmed": "gen.effect.affirmed",
    "modified": "gen.effect.modified",
    "clarified": "gen.effect.clarified",
    "stayed": "gen.effect.stayed",
    "extended": "gen.effect.extended",
}

#: federal holidays (calendar names) in Spanish
HOLIDAYS = {
    "New Year's Day": "Año Nuevo",
    "Martin Luther King Jr. Day": "Día de Martin Luther King Jr.",
    "Washington's Birthday": "Natalicio de Washington",
    "Memorial Day": "Día de los Caídos (Memorial Day)",
    "Juneteenth National Independence Day": "Juneteenth",
    "Independence Day": "Día de la Independencia",
    "Labor Day": "Día del Trabajo (Labor Day)",
    "Columbus Day": "Día de Colón",
    "Veterans Day": "Día de los Veteranos",
    "Thanksgiving": "Día de Acción de Gracias",
    "Thanksgiving Day": "Día de Acción de Gracias",
    "Christmas Day": "Navidad",
    "Inauguration Day": "Día de la Investidura",
}

#: compliance statuses in words (habeas.domain.compliance_state.STATUS_TEXT) -> codes
_STATUS_WORDS = {
    "not yet in effect": "not_yet_effective",
    "pending": "pending",
    "in force, not violated": "in_force",
    "met": "met",
    "met late": "met_late",
    "unmet and overdue": "overdue",
    "VIOLATED": "violated",
    "possibly violated": "possibly_violated",
    "suspended by a stay": "suspended",
    "suspended": "suspended",
    "disputed": "disputed",
    "cannot tell": "cannot_tell",
    "vacated": "vacated",
    "superseded": "superseded",
    "moot": "moot",
}

Rule = tuple[str, "re.Pattern[str]"]


def _rules(pairs: list[tuple[str, str]]) -> list[Rule]:
    return [(key, re.compile(pattern, re.S)) for key, pattern in pairs]


_FX = "|".join(re.escape(k) for k in sorted(FIXED, key=len, reverse=True))

#: evidence summaries and nested reasons (also used inside explanation lines)
_EVIDENCE = [
    ("gen.ev.docket", rf"Docket entry(?P<num> \S+)? filed (?P<date>{DATE}): (?P<text>.*)"),
    ("gen.ev.assessed_met", r"assessed met \((?P<assessor>[^()]+)\): (?P<reasons>.*)"),
    ("gen.ev.filed_per", r"filed, per (?P<assessor>[^:]+): (?P<reasons>.*)"),
    (
        "gen.ev.custody",
        r"(?P<kinds>[a-z_]+) \((?P<person>[a-z_]+/[^\s,()]+), (?P<where>[^()]*)\): (?P<desc>.*)",
    ),
    (
        "gen.ev.custody_plain",
        r"(?P<kinds>[a-z_]+) \((?P<person>[a-z_]+/[^\s,()]+), (?P<where>[^()]*)\)",
    ),
]

EXPLANATION = _rules(
    [
        ("gen.in_effect", rf"in effect from (?P<date>{DATE}) \((?P<fx>{_FX})\)"),
        (
            "gen.stayed_until_words",
            rf"stayed from (?P<date1>{DATE}) until (?P<date2>{DATE}) by (?P<key>{KEY}) "
            r'\("(?P<words>.*)"\): suspended',
        ),
        (
            "gen.stayed_open_words",
            rf"stayed from (?P<date>{DATE}) \(still in force\) by (?P<key>{KEY}) "
            r'\("(?P<words>.*)"\): suspended',
        ),
        (
            "gen.stayed_until",
            rf"stayed from (?P<date1>{DATE}) until (?P<date2>{DATE}) by (?P<key>{KEY}): suspended",
        ),
        (
            "gen.stayed_open",
            rf"stayed from (?P<date>{DATE}) \(still in force\) by (?P<key>{KEY}): suspended",
        ),
        ("gen.superseded_by", rf"superseded by (?P<key>{KEY}) \((?P<title>.+), (?P<date>{DATE})\)"),
        ("gen.amended_by", rf"the order was amended by (?P<key>{KEY}) \((?P<title>.+)\)"),
        ("gen.vacated_by_why", rf"vacated by (?P<key>{KEY}): (?P<reason>.+)"),
        ("gen.vacated_by", rf"vacated by (?P<key>{KEY})"),
        (
            "gen.modified_by_why",
            rf"modified by (?P<key>{KEY}), replaced by (?P<other>\S+): (?P<reason>.+)",
        ),
        ("gen.modified_by", rf"modified by (?P<key>{KEY}), replaced by (?P<other>\S+)"),
        ("gen.moot", r"moot \((?P<assessor>[^()]+)\): (?P<reasons>.+)"),
        (
            "gen.appeal",
            rf"(?P<appeal>[a-z ]+ \([a-z ]+\)) in (?P<case>{KEY}): (?P<fx>vacated|the order stands"
            r"|no ruling records what it does to this obligation)",
        ),
        ("gen.effect_why", rf"(?P<fx>{_FX}) by (?P<key>{KEY}): (?P<reason>.+): still in force"),
        ("gen.effect", rf"(?P<fx>{_FX}) by (?P<key>{KEY}): still in force"),
        ("gen.cannot_compute", r"the deadline cannot be computed: (?P<error>.+)"),
        (
            "gen.never_overdue",
            r"(?P<fx>as soon as possible|no deadline): never overdue; how long it is open is "
            r"reported",
        ),
        ("gen.deadline_words", rf'deadline (?P<date>{DATE}) \("(?P<words>.*)"\)'),
        ("gen.deadline", rf"deadline (?P<date>{DATE})"),
        ("gen.extended_to", rf"deadline extended to (?P<date>{DATE})"),
        (
            "gen.deadline_gone_why",
            rf"deadline no longer in effect \((?P<key>{KEY}): (?P<reason>.+)\)",
        ),
        ("gen.deadline_gone", rf"deadline no longer in effect \((?P<key>{KEY})\)"),
        (
            "gen.in_stay_vacated",
            rf"the deadline fell inside the stay \((?P<key>{KEY})\): not missed; it was vacated "
            r"before the stay ended",
        ),
        ("gen.in_stay_now", r"the deadline falls inside the stay: not missed while it lasts"),
        (
            "gen.in_stay_due_again",
            rf"the deadline fell inside the stay \((?P<key>{KEY})\): not missed; a stay "
            r"suspends, it does not extend, so it was due again when the stay ended, "
            rf"(?P<date>{DATE})",
        ),
        (
            "gen.no_evidence.event_in",
            r"no evidence: no (?P<kinds>[a-z_]+(?: or [a-z_]+)*) event \((?P<country>[A-Z]+)\)"
            r" of the people concerned is recorded",
        ),
        (
            "gen.no_evidence.event",
            r"no evidence: no (?P<kinds>[a-z_]+(?: or [a-z_]+)*) event"
            r" of the people concerned is recorded",
        ),
        ("gen.no_evidence.filing", r"no evidence: no filing that meets it is recorded"),
        ("gen.no_evidence.assessment", r"no evidence: no assessment finds it met"),
        ("gen.assessed", rf"assessed (?P<fx>{_FX}) \((?P<assessor>[^()]+)\): (?P<reasons>.+)"),
        ("gen.met", rf"met: (?P<sub>.+) \((?P<key>{KEY})\)"),
        ("gen.had_been_overdue", rf"had been overdue from (?P<date>{DATE}) until then"),
        ("gen.no_movement", r"no covered movement of a protected person is recorded"),
        ("gen.violation", r"(?P<fx>VIOLATION|possible violation): (?P<sub>.+)"),
        (
            "gen.departed_before",
            rf"(?P<label>.+) departed (?P<date>{DATE}), (?P<dur>{DUR}) before it took effect: "
            r"not a violation",
        ),
        (
            "gen.departed_in_stay",
            rf"(?P<label>.+) departed during the stay \((?P<key>{KEY})\): not a violation",
        ),
        (
            "gen.departed_after",
            rf"(?P<label>.+) departed (?P<date>{DATE}), (?P<dur>{DUR}) after it took effect",
        ),
        (
            "gen.departed_after_day",
            rf"(?P<label>.+) departed (?P<date>{DATE}), after the day it took effect",
        ),
        (
            "gen.departed_not_before",
            rf"(?P<label>.+) departed (?P<date>{DATE}), not before it took effect "
            rf"\((?P<date2>{DATE})\): it left (?P<dur>{DUR}) to (?P<dur2>{DUR}) after it "
            r"\((?P<bounds>\d+–\d+ min)\)",
        ),
        ("gen.while_in_force", r"while in force: (?P<status>[A-Za-z ,]+)"),
        (
            "gen.departed_same_day",
            rf"(?P<label>.+) departed (?P<date>{DATE}), the day it took effect \(which came first "
            r"is unknown\)",
        ),
        (
            "gen.due_each_until",
            r"due each (?P<every>[a-z ]+) at (?P<at>\d\d:\d\d) (?P<zone>\S+) from "
            r"(?P<start>\d{4}-\d\d-\d\d), until (?P<until>\d{4}-\d\d-\d\d)",
        ),
        (
            "gen.due_each",
            r"due each (?P<every>[a-z ]+) at (?P<at>\d\d:\d\d) (?P<zone>\S+) from "
            r"(?P<start>\d{4}-\d\d-\d\d), until further order",
        ),
        ("gen.occurrences", r"(?P<n>\d+) occurrences due by then: (?P<tally>.+)"),
        (
            "gen.unsure_on_time",
            r"whether filed by (?P<at>\d\d:\d\d) cannot be told for (?P<n>\d+) \(filed on the "
            r"day, no time recorded\): (?P<days>[\d\-, ]+(?: and \d+ more)?)",
        ),
        (
            "gen.no_filing_more",
            r"no filing recorded for (?P<days>[\d\-, ]+) and (?P<more>\d+) more",
        ),
        ("gen.no_filing", r"no filing recorded for (?P<days>[\d\-, ]+)"),
        *_EVIDENCE,
    ]
)

ALERTS = _rules(
    [
        ("gen.alert.violation", r"(?P<fx>violated|possibly violated): (?P<sub>.+)"),
        ("gen.alert.overdue_none", rf"unmet and overdue by (?P<dur>{DUR}): no filing recorded"),
        ("gen.alert.overdue", rf"unmet and overdue by (?P<dur>{DUR})"),
        (
            "gen.alert.missed",
            r"(?P<n>\d+) occurrence\(s\) with no filing recorded, the last due (?P<iso>\S+)",
        ),
        ("gen.alert.due_soon", rf"due (?P<date>{DATE}) \(in (?P<dur>{DUR})\)"),
        ("gen.alert.asap", rf"'as soon as possible' and still open after (?P<dur>{DUR})"),
        ("gen.alert.unmet_in_substance", r"formally met by filing, assessed unmet in substance"),
        (
            "gen.alert.unknown",
            rf"whereabouts unknown for (?P<dur>{DUR}) "
            rf"\(since (?P<date>{DATE}), (?P<kinds>[a-z_]+)\)",
        ),
        (
            "gen.alert.capacity",
            r"(?P<held>[\d,]+) held against a capacity of (?P<capacity>[\d,]+)",
        ),
    ]
)

_CONT = (
    r": the period continues (?P<fx1>to the end of|until the same time on) the "
    r"(?P<fx2>next|previous \(counting backward\)) day that is not a Saturday, Sunday or legal "
    r"holiday \[(?P<cite2>[^\]]+)\]"
)

STEPS = _rules(
    [
        (
            "gen.step.trigger",
            r"(?P<fx>trigger|event) (?P<iso>\d{4}-\d\d-\d\d) \((?P<abbr>\w{3})\): the day of the "
            r"event is excluded \[(?P<cite>[^\]]+)\]",
        ),
        (
            "gen.step.day_n",
            rf"day (?P<n>\d+) = (?P<wd>{WD}): (?P<m>\d+) days counted (?P<fx>forward|back), every "
            r"day counted \[(?P<cite>[^\]]+)\]",
        ),
        ("gen.step.weekend_cont", rf"(?P<wd>{WD}) weekend{_CONT}"),
        ("gen.step.weekend", rf"(?P<wd>{WD}) weekend"),
        (
            "gen.step.holiday_cont",
            rf"(?P<wd>{WD}) (?P<hol>.+?) \[legal holiday, (?P<cite>[^\]]+)\]{_CONT}",
        ),
        ("gen.step.holiday", rf"(?P<wd>{WD}) (?P<hol>.+?) \[legal holiday, (?P<cite>[^\]]+)\]"),
        (
            "gen.step.inaccessible",
            rf"(?P<wd>{WD}) clerk's office inaccessible \((?P<reason>.+)\): extended to the first "
            r"accessible day that is not a Saturday, Sunday or legal holiday "
            r"\[(?P<cite>[^\]]+)\]",
        ),
        ("gen.step.would_expire", rf"period would otherwise expire (?P<wd>{WD})"),
        (
            "gen.step.mail",
            rf"\+3 days for service by mail = (?P<wd>{WD}): 3 days are added after the period "
            r"would otherwise expire \[(?P<cite>[^\]]+)\]",
        ),
        (
            "gen.step.end",
            rf"→ (?P<wd>{WD}), the last day ends at midnight (?P<zone>\S+) \((?P<iso>[^)]+)\) "
            r"\[(?P<cite>[^\]]+)\]",
        ),
        (
            "gen.step.trigger_hours",
            r"trigger (?P<iso>\S+) \((?P<abbr>\w{3})\): counting begins immediately "
            r"\[(?P<cite>[^\]]+)\]",
        ),
        (
            "gen.step.hour_n",
            r"hour (?P<n>\d+) = (?P<iso>\S+) \((?P<abbr>\w{3})\): (?P<m>\d+) hours counted "
            r"(?P<fx>forward|back), every hour counted as elapsed time \[(?P<cite>[^\]]+)\]",
        ),
        (
            "gen.step.no_such_time",
            r"(?P<time>\d\d:\d\d) does not exist on (?P<day>\S+) \(daylight saving time begins\); "
            r"read as (?P<time2>\d\d:\d\d)",
        ),
        (
            "gen.step.end_hours",
            rf"→ (?P<wd>{WD}) (?P<time>\d\d:\d\d \S+) \((?P<iso>[^)]+)\)",
        ),
        (
            "gen.step.warning_2009",
            r"computed under the time-computation rules in force since 2009-12-01; before then, "
            r"periods under 11 days excluded intermediate weekends and holidays",
        ),
        (
            "gen.step.warning_declared",
            rf"(?P<days>.+) counted as declared a holiday by the President \(executive-branch "
            rf"closure, (?P<cite>[^)]+)\); courts differ on such closures -- without them the "
            rf"deadline is (?P<wd>{WD})",
        ),
        (
            "gen.step.warning_former",
            r"(?P<court>\S+) is a former court; computed with today's rules",
        ),
    ]
)

PERIODS = _rules(
    [
        ("gen.period.days", r"(?P<n>\d+) days (?P<fx>before|after)"),
        ("gen.period.hours", r"(?P<n>\d+) hours (?P<fx>before|after)"),
    ]
)

LABELS = _rules([("gen.alert.label", rf"(?P<action>[a-z ]+) \((?P<title>.+), (?P<date>{DATE})\)")])

# -- converters of the groups ---------------------------------------------------------------


def _date(t: Translator, text: str) -> str:
    m = re.fullmatch(rf"between ({_ONE}) and ({_ONE})", text)
    if m:
        return t("when.between", first=_date(t, m.group(1)), last=_date(t, m.group(2)))
    m = re.fullmatch(rf"(\d{{1,2}}) ({_MON}) (\d{{4}})(.*)", text)
    if m:
        return f"{int(m.group(1))} {t.month(_MONTHS[m.group(2)])} {m.group(3)}{m.group(4)}"
    m = re.fullmatch(rf"({_MON}) (\d{{4}})", text)
    if m:
        return f"{t.month(_MONTHS[m.group(1)], short=False)} {m.group(2)}"
    return text


def _duration(t: Translator, text: str) -> str:
    if text == "under a minute":
        return t.duration(0)
    if text == "?":
        return text
    seconds = 0
    for n, unit in re.findall(r"(\d+) (day|hour|minute)", text):
        seconds += int(n) * {"day": 86400, "hour": 3600, "minute": 60}[unit]
    return ("-" if text.startswith("-") else "") + t.duration(seconds)


def _weekday_day(t: Translator, text: str) -> str:
    abbr, iso = text.split(" ", 1)
    return f"{t(f'weekday.{_WEEKDAYS[abbr]}')} {iso}"


def _abbr(t: Translator, text: str) -> str:
    return t(f"weekday.{_WEEKDAYS[text]}") if text in _WEEKDAYS else text


def _fixed(t: Translator, text: str) -> str:
    return t(FIXED[text]) if text in FIXED else text


def _status(t: Translator, text: str) -> str:
    code = _STATUS_WORDS.get(text)
    return t.term("compliance", code) if code else text


def _kinds(t: Translator, text: str) -> str:
    return t("gen.or").join(t.term("custody", k) for k in text.split(" or "))


def _tally(t: Translator, text: str) -> str:
    parts = []
    for n, what in re.findall(r"(\d+) (met late|met|no filing recorded|suspended)", text):
        parts.append(f"{n} {t.term('occurrence', what.replace(' ', '_'))}")
    return ", ".join(parts) if parts else text


def _every(t: Translator, text: str) -> str:
    key = f"gen.every.{text.replace(' ', '_')}"
    return t(key) if t.has(key) else text


def _appeal(t: Translator, text: str) -> str:
    m = re.fullmatch(r"([a-z ]+) \(([a-z ]+)\)", text)
    if not m:
        return text
    kind, outcome = (g.replace(" ", "_") for g in m.groups())
    return f"{t.term('appeal_kind', kind)} ({t.term('outcome', outcome)})"


def _action(t: Translator, text: str) -> str:
    key = f"action.{text.replace(' ', '_')}"
    return t(key) if t.has(key) else text


def _holiday(t: Translator, text: str) -> str:
    if t.lang != "es":
        return text
    name, observed = text, ""
    if name.endswith(" (observed)"):
        name, observed = name[: -len(" (observed)")], t("gen.observed")
    return HOLIDAYS.get(name, name) + observed


_CONVERTERS: dict[str, Callable[[Translator, str], str]] = {
    "date": _date,
    "dur": _duration,
    "wd": _weekday_day,
    "abbr": _abbr,
    "fx": _fixed,
    "status": _status,
    "kinds": _kinds,
    "tally": _tally,
    "every": _every,
    "appeal": _appeal,
    "action": _action,
    "hol": _holiday,
}


def _convert(t: Translator, name: str, value: str | None, rules: list[Rule]) -> str:
    if value is None:
        return ""
    if name.startswith("sub"):
        return _apply(t, value, rules).text
    for prefix, fn in _CONVERTERS.items():
        if name.startswith(prefix):
            return fn(t, value)
    return value


def _apply(t: Translator, text: str, rules: list[Rule]) -> Generated:
    for key, pattern in rules:
        m = pattern.fullmatch(text)
        if m is None:
            continue
        values = {n: _convert(t, n, v, rules) for n, v in m.groupdict().items()}
        template = t.strings.get(key) or t.fallback.get(key) or key
        return Generated(template.format(**values))
    return Generated(text, "en")


def translate(t: Translator, text: str | None, rules: list[Rule]) -> Generated:
    """`text` in `t`'s language by `rules`; English text is returned as it is."""
    if not text:
        return Generated("")
    if t.lang == "en":
        return Generated(text)
    return _apply(t, text, rules)


def explanation(t: Translator, text: str | None) -> Generated:
    """A line explaining a compliance state (or the reason an obligation ended)."""
    return translate(t, text, EXPLANATION)


def alert_message(t: Translator, text: str | None) -> Generated:
    """The message of an alert."""
    return translate(t, text, ALERTS + EXPLANATION)


def alert_label(t: Translator, text: str | None) -> Generated:
    """An alert's subject: "file declaration (Amended Order, 10 Apr 2025)"."""
    return translate(t, text, LABELS)


def deadline_step(t: Translator, text: str | None) -> Generated:
    """A step (or a warning) of a deadline computation."""
    return translate(t, text, STEPS)


def deadline_period(t: Translator, text: str | None) -> Generated:
    """A deadline's period: '10 days after' / '10 días después'."""
    return translate(t, text, PERIODS)
