"""The words and patterns article_facts reads news text with: titles, names, courts,
facilities, agencies, places, the verbs of orders and custody events, quotation and speech.

Kept apart from the rules that use them so the vocabulary can be read (and extended) in one
place. Nothing here does I/O.
"""

from __future__ import annotations

import re

__all__ = [
    "ABBREV",
    "AGENCY",
    "AP_STATES",
    "CAPS_RUN",
    "CIRCUIT",
    "CITY_STATE",
    "COUNTRIES",
    "COUNTRY_RE",
    "CUSTODY_VERBS",
    "DATELINE",
    "DATE_WORDS",
    "DISTRICT",
    "FACILITY",
    "IN_PLACE",
    "NAME",
    "NAME_WORD",
    "ORDER_VERB",
    "ORDINALS",
    "PRONOUN",
    "QUOTE",
    "SCOTUS",
    "SPEECH",
    "STATES",
    "STOP_WORDS",
    "TITLED",
    "TITLES",
]

ABBREV = {
    "u.s",
    "md",
    "va",
    "tenn",
    "jr",
    "sr",
    "dr",
    "mr",
    "mrs",
    "ms",
    "sen",
    "rep",
    "gov",
    "st",
    "no",
    "gen",
    "lt",
    "col",
    "a.m",
    "p.m",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sept",
    "sep",
    "oct",
    "nov",
    "dec",
    "calif",
    "ariz",
    "fla",
    "la",
    "tex",
    "d.c",
    "inc",
    "corp",
}
NAME_WORD = r"(?:[A-Z]\.(?=\s[A-Z][a-z])|[A-ZÁÉÍÓÚÑ][\w'’.-]*[\w])"
NAME = rf"{NAME_WORD}(?:\s+(?:(?:de|del|la|van|von|da)\s+)?{NAME_WORD}){{0,3}}"
TITLES = (
    r"U\.S\. District Judge|U\.S\. Magistrate Judge|District Judge|Circuit Judge|Magistrate Judge"
    r"|Chief Justice|Justices|Justice|Judges|Judge|Vice President|President|Secretary of State"
    r"|Secretary of Homeland Security|Homeland Security Secretary|Secretary|Attorney General"
    r"|Sen\.|Senator|Rep\.|Gov\.|Governor|Ambassador"
)
TITLED = re.compile(rf"\b(?P<title>{TITLES})\s+(?P<name>{NAME})")
CAPS_RUN = re.compile(rf"\b{NAME}")
STOP_WORDS = {
    "the", "a", "an", "in", "on", "at", "by", "and", "but", "later", "hours", "government",
    "officials", "house", "court", "department", "office", "center", "circuit", "states",
    "security", "justice", "supreme", "district", "appeals", "society", "gazette", "service",
    "administration", "united", "federal", "oval", "white", "legal", "aid", "county", "jail",
    "prison", "salvador", "el", "texas", "maryland", "tennessee", "virginia", "u.s", "wse",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "dec", "jan", "feb", "three", "two", "she", "he", "they", "it",
    "his", "her", "their", "this", "that", "grand", "terrorism", "confinement",
    "detention", "immigration", "customs", "enforcement", "homeland", "state", "secretary",
    "president", "judge", "chief", "attorney", "general", "magistrate", "wire",
    "news", "press", "agency", "middle", "southern", "northern", "eastern", "western",
}  # fmt: skip
DATE_WORDS = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sept", "oct",
    "nov", "dec", "u.s",
}  # fmt: skip
FACILITY = re.compile(
    r"\bCECOT\b|\b(?:[A-Z][\w'-]+\s+){1,4}(?:Detention Center|Detention Facility"
    r"|Processing Center|Correctional Center|Correctional Facility|County Jail|Jail"
    r"|Confinement Center|Prison|Penitentiary)\b"
)
AGENCY = re.compile(
    r"\b(?:U\.S\. )?Department of (?:Homeland Security|Justice|State)\b"
    r"|\b(?:Justice|State) Department\b|\bWhite House\b"
    r"|\bImmigration and Customs Enforcement\b|\bICE\b|\bDHS\b"
)
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11,
}  # fmt: skip
CIRCUIT = re.compile(
    r"\b(?P<n>\d{1,2})(?:st|nd|rd|th) U\.S\. Circuit Court of Appeals"
    r"|\bCourt of Appeals for the (?P<w>[A-Z][a-z]+) Circuit"
    r"|\b(?P<w2>First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth|Tenth|Eleventh)"
    r" Circuit\b|\b(?P<n2>\d{1,2})(?:st|nd|rd|th) Circuit\b"
)
DISTRICT = re.compile(
    r"\bU\.S\. District Court (?:for|in) the "
    r"(?P<dir>(?:Northern|Southern|Eastern|Western|Middle|Central) )?District of "
    r"(?P<state>[A-Z][a-z]+(?: [A-Z][a-z]+)?)"
)
SCOTUS = re.compile(r"\b(?:U\.S\. )?Supreme Court(?: of the United States)?\b")
COUNTRIES = {
    "El Salvador": "SV",
    "Venezuela": "VE",
    "United States": "US",
    "Mexico": "MX",
    "Honduras": "HN",
    "Guatemala": "GT",
    "Colombia": "CO",
    "Nicaragua": "NI",
}
STATES = (
    "Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia"
    "|Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland"
    "|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada"
    "|New Hampshire|New Jersey|New Mexico|New York|North Carolina|North Dakota|Ohio|Oklahoma"
    "|Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah"
    "|Vermont|Virginia|Washington|West Virginia|Wisconsin|Wyoming"
)
AP_STATES = r"Md\.|Va\.|Tenn\.|Tex\.|Calif\.|Fla\.|La\.|Ga\.|N\.Y\.|N\.J\.|Ariz\.|D\.C\."
CITY_STATE = re.compile(rf"\b(?P<city>[A-Z][a-z]+(?: [A-Z][a-z]+)?), (?:{STATES}|{AP_STATES})")
IN_PLACE = re.compile(rf"\b(?:in|from|to) (?P<place>(?:{STATES})|[A-Z][a-z]{{3,}})\b(?! [A-Z])")
DATELINE = re.compile(
    rf"^(?P<city>[A-Z][A-Z .]+[A-Z])(?:, (?P<state>{STATES}|{AP_STATES}))? \([A-Z]+\)"
)
COUNTRY_RE = re.compile(r"\b(?:" + "|".join(COUNTRIES) + r")\b")
ORDER_VERB = re.compile(
    r"(?<=Court )(?:on [A-Z][a-z]+ )?said\b"
    r"|\b(?:ordered|amended (?:her|his|its|the) order|denied|refused|granted"
    r"|entered an administrative stay|stayed|paused|blocked|ruled|required|directed"
    r"|gave (?:the )?\w+ until)\b"
)
CUSTODY_VERBS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("returned", re.compile(r"\b(?:flown|brought|sent) back\b")),
    ("removed", re.compile(r"\b(?:deported|expelled|removed (?:on|to|from))\b")),
    ("admitted", re.compile(r"\b(?:has|have|had) been held\b")),
    ("apprehended", re.compile(r"\b(?:was|were|been|being) (?:arrested|apprehended)\b")),
    ("detained", re.compile(r"\b(?:was|were|been|being) detained\b|\btaken into custody\b")),
    ("transferred", re.compile(r"\b(?:transferred|flown)\b|\btransfer (?:from|to)\b")),
    ("released", re.compile(r"\b(?:was|were|been|being) released\b")),
    ("returned", re.compile(r"\b(?:was|were|been|being) returned\b|\breturned (?:to|home)\b")),
)
QUOTE = re.compile(r"[\"“](?P<text>[^\"“”]+?)[\"”]")
SPEECH = r"(?:said|says|wrote|writes|added|told reporters|told|posted)"
PRONOUN = re.compile(r"^(?:he|she|they)$", re.IGNORECASE)
