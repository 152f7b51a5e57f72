"""English and Spanish: every string of the pages, the language of a request, and dates.

Strings live in `locales/en.json` and `locales/es.json`, and a page area may keep its own in
`locales/AREA.en.json` and `locales/AREA.es.json` (flat keys, `{name}` placeholders; a key is
defined in one file only). Each language must have the same keys (a test checks). The
language of a request is `?lang=`, else the `habeas_lang` cookie, else the browser's
Accept-Language, else English.

Dates and times are shown in the zone of the place they belong to (a court's, a facility's),
and the zone is always named: "7 abr 2025, 23:59 EDT (America/New_York)".
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, datetime
from functools import cache
from importlib import resources
from typing import Any

from habeas.domain.errors import InvalidTime
from habeas.domain.time import PartialTime, Precision, zone
from habeas.web import texts
from habeas.web.texts import Generated

__all__ = [
    "DEFAULT_LANG",
    "LANGUAGES",
    "LANG_COOKIE",
    "Translator",
    "catalog",
    "choose_language",
    "locale_files",
    "translator",
]

LANGUAGES = ("en", "es")
DEFAULT_LANG = "en"
LANG_COOKIE = "habeas_lang"


def locale_files(lang: str) -> list[Any]:
    """The files holding one language's strings: `LANG.json`, then `AREA.LANG.json`."""
    folder = resources.files("habeas.web").joinpath("locales")
    areas = sorted(
        (f for f in folder.iterdir() if f.name.endswith(f".{lang}.json")), key=lambda f: f.name
    )
    return [folder.joinpath(f"{lang}.json"), *areas]


@cache
def catalog(lang: str) -> Mapping[str, str]:
    """The strings of one language (a key defined twice is an error)."""
    out: dict[str, str] = {}
    for file in locale_files(lang):
        data = json.loads(file.read_text("utf-8"))
        for k, v in data.items():
            if k.startswith("_"):
                continue
            if k in out:
                raise ValueError(f"{file.name}: {k!r} is defined in another locale file too")
            out[k] = v
    return out


def choose_language(query: str | None, cookie: str | None, accept: str | None) -> str:
    """The language for a request: ?lang=, then the cookie, then Accept-Language."""
    for value in (query, cookie):
        if value and value.lower()[:2] in LANGUAGES:
            return value.lower()[:2]
    if accept:
        ranked = []
        for i, part in enumerate(accept.split(",")):
            tag, _, params = part.strip().partition(";")
            q = 1.0
            if params.strip().startswith("q="):
                try:
                    q = float(params.strip()[2:])
                except ValueError:
                    q = 0.0
            ranked.append((-q, i, tag.strip().lower()[:2]))
        for _q, _i, tag in sorted(ranked):
            if tag in LANGUAGES:
                return tag
    return DEFAULT_LANG


class Translator:
    """`t("key", name=value)` in one language, and the date formats of that language."""

    def __init__(self, lang: str) -> None:
        self.lang = lang if lang in LANGUAGES else DEFAULT_LANG
        self.strings = catalog(self.lang)
        self.fallback = catalog(DEFAULT_LANG)

    def __call__(self, key: str, **values: Any) -> str:
        text = self.strings.get(key) or self.fallback.get(key)
        if text is None:
            return key
        return text.format(**values) if values else text

    def has(self, key: str) -> bool:
        """True if the catalog has `key`."""
        return key in self.strings

    def term(self, group: str, value: str | None) -> str:
        """A value of an enumeration (a custody kind, a status) in words: `group.value`."""
        if value is None:
            return ""
        key = f"{group}.{value}"
        if key in self.strings:
            return self.strings[key]
        return value.replace("_", " ")

    def country(self, code: str | None) -> str:
        """A country's name ('Estados Unidos'), else its code as recorded."""
        if not code:
            return ""
        return self.strings.get(f"country.{code}") or code

    def place(self, name: str | None, country: str | None) -> str:
        """Where, in words: 'Putnam County Jail — Estados Unidos'; the country left out when
        the name already says it ('El Salvador', never 'El Salvador — El Salvador'); the
        country alone when no place is recorded; '' when neither is."""
        country_name = self.country(country)
        if not name:
            return country_name
        said = {country_name.casefold(), (country or "").casefold()}
        said.add(self.fallback.get(f"country.{country}", "").casefold())
        words = name.casefold()
        if not country or words in said or any(words.endswith(", " + c) for c in said if c):
            return name
        return f"{name} — {country_name}"

    # -- texts the services generate in English (habeas.web.texts) -------------------------
    def explain(self, text: str | None) -> Generated:
        """A compliance explanation line (or an ending's reason) in this language."""
        return texts.explanation(self, text)

    def alert(self, text: str | None) -> Generated:
        """An alert's message in this language."""
        return texts.alert_message(self, text)

    def alert_label(self, text: str | None) -> Generated:
        """An alert's subject label in this language."""
        return texts.alert_label(self, text)

    def step(self, text: str | None) -> Generated:
        """A step or warning of a deadline computation in this language."""
        return texts.deadline_step(self, text)

    def period(self, text: str | None) -> Generated:
        """A deadline's period ('10 days after') in this language."""
        return texts.deadline_period(self, text)

    # -- dates -------------------------------------------------------------------------
    def month(self, n: int, short: bool = True) -> str:
        """A month's name."""
        return self(f"month.{'short' if short else 'long'}.{n}")

    def day(self, d: date) -> str:
        """'7 Apr 2025' / '7 abr 2025'."""
        return f"{d.day} {self.month(d.month)} {d.year}"

    def weekday_day(self, d: date) -> str:
        """'Mon 7 Apr 2025' / 'lun 7 abr 2025'."""
        return f"{self(f'weekday.{d.weekday()}')} {self.day(d)}"

    def instant(self, moment: datetime, zone_name: str | None = None) -> str:
        """An instant in `zone_name` (else its own zone), the zone named."""
        local = moment.astimezone(zone(zone_name)) if zone_name else moment
        abbr = local.tzname() or ""
        text = f"{self.day(local.date())}, {local:%H:%M}"
        if abbr:
            text += f" {abbr}"
        if zone_name and zone_name != abbr:
            text += f" ({zone_name})"
        return text

    def when(self, value: PartialTime | str | None, zone_name: str | None = None) -> str:
        """A fact's time at its real precision; a time of day shown in `zone_name` (the
        court's or facility's zone), else in its own, with the zone named."""
        if value is None or value == "":
            return ""
        if isinstance(value, str):
            text = value
            try:
                value = PartialTime.parse(text)
            except InvalidTime:
                return text
        if value.open_end:
            return self("when.after", first=self.when(value.first(), zone_name))
        if value.latest is not None:
            first = value.first()
            return self(
                "when.between",
                first=self.when(first, zone_name),
                last=self.when(value.latest, zone_name),
            )
        p = value.precision
        if p is Precision.YEAR:
            return str(value.year)
        if p is Precision.MONTH:
            return f"{self.month(value.month or 1, short=False)} {value.year}"
        if p is Precision.DAY:
            return self.day(value.local_date())
        target = zone_name or value.zone_name
        moment = value.start()
        if target:
            return self.instant(moment, target)
        return self.instant(moment.astimezone(value.tzinfo()))

    def duration(self, seconds: int | float | None) -> str:
        """'3 days 12 hours' / '3 días 12 horas' (two largest units)."""
        if seconds is None:
            return ""
        total = abs(int(seconds))
        days, rest = divmod(total, 86400)
        hours, rest = divmod(rest, 3600)
        minutes = rest // 60
        parts = [
            self(f"unit.{unit}.{'one' if n == 1 else 'many'}", n=n)
            for n, unit in ((days, "day"), (hours, "hour"), (minutes, "minute"))
            if n
        ]
        return " ".join(parts[:2]) if parts else self("unit.under_minute")

    def short(self, value: PartialTime | str | None) -> str:
        """A compact date for charts: '15 Mar 2025', '12–15 Mar 2025' (a range of days)."""
        if isinstance(value, str) and value:
            text = value
            try:
                value = PartialTime.parse(text)
            except InvalidTime:
                return text
        if not isinstance(value, PartialTime):
            return ""
        if value.latest is None:
            return (
                self.day(value.local_date())
                if value.precision >= Precision.DAY
                else (self.when(value))
            )
        first, last = value.local_date(), value.latest.last_date()
        if (first.year, first.month) == (last.year, last.month):
            return f"{first.day}–{last.day} {self.month(first.month)} {first.year}"
        return f"{self.day(first)} – {self.day(last)}"

    def cell(self, value: PartialTime | str | None, zone_name: str | None = None) -> str:
        """For a table cell: a range of days compact, anything else as `when`."""
        text = str(value or "")
        if "/" in text.split("[", 1)[0]:
            return self.short(value)
        return self.when(value, zone_name)

    def recorded(self, text: str | None) -> str:
        """A log timestamp (UTC) in words."""
        if not text:
            return ""
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return text
        return self.instant(moment, "UTC")


@cache
def translator(lang: str) -> Translator:
    """The translator of `lang` (cached)."""
    return Translator(lang)
