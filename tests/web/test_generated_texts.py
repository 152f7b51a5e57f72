"""Texts the services generate in English are shown in Spanish on the Spanish pages:
statuses and kinds through locale keys, explanation lines, alert messages and deadline steps
by pattern (habeas.web.texts); quoted words of orders and sources stay as written."""

from __future__ import annotations

import re

import pytest

from habeas.domain.compliance_state import OCCURRENCE_STATUSES, Status
from habeas.domain.custody import CUSTODY_KINDS
from habeas.domain.registry import RECORD_TYPES
from habeas.domain.whereabouts import Status as WhereaboutsStatus
from habeas.services.alerts import KINDS as ALERT_KINDS
from habeas.web import texts
from habeas.web.i18n import Translator, catalog

#: English phrases the services generate; none may be left on a Spanish page's
#: generated texts (explanations, endings, alerts, deadline steps)
ENGLISH = (
    "overdue by",
    "open for",
    "superseded by",
    "as soon as possible",
    "no evidence",
    "in effect from",
    "never overdue",
    "the order stands",
    "still in force",
    "not missed",
    "deadline extended",
    "occurrences due",
    "no filing recorded",
    "when the order was issued",
    "the day of the event",
    "weekend",
    "legal holiday",
    "the last day ends",
    "days counted",
)


@pytest.mark.parametrize(
    ("group", "values"),
    [
        ("compliance", [s.value for s in Status]),
        ("alert", list(ALERT_KINDS)),
        ("custody", list(CUSTODY_KINDS)),
        ("type", list(RECORD_TYPES)),
        ("status", list(WhereaboutsStatus.__args__)),  # type: ignore[attr-defined]
        ("occurrence", list(OCCURRENCE_STATUSES)),
    ],
)
def test_every_code_has_english_and_spanish_words(group: str, values: list[str]) -> None:
    for lang in ("en", "es"):
        missing = [v for v in values if f"{group}.{v}" not in catalog(lang)]
        assert missing == [], f"{lang}: {group}: {missing}"


def test_every_rule_has_its_key_and_placeholders() -> None:
    rules = texts.EXPLANATION + texts.ALERTS + texts.STEPS + texts.LABELS + texts.PERIODS
    for key, pattern in rules:
        for lang in ("en", "es"):
            assert key in catalog(lang), key
            used = set(re.findall(r"{(\w+)}", catalog(lang)[key]))
            assert used == set(pattern.groupindex), (lang, key)
    for key in texts.FIXED.values():
        assert key in catalog("es"), key


def _generated(html: str) -> list[str]:
    """The generated texts of a page: explanation lists, endings, alerts, steps."""
    out = re.findall(r'<ol class="steps generated"[^>]*>(.*?)</ol>', html, re.S)
    out += re.findall(r'<span class="(?:small )?generated"[^>]*>(.*?)</span>', html, re.S)
    return out


def _check_spanish(html: str) -> None:
    found = _generated(html)
    assert found, "no generated texts on the page"
    for chunk in found:
        assert 'lang="en"' not in chunk, chunk
        # quoted words of orders stay as written; the rest must be Spanish
        plain = re.sub(r"«[^»]*»|\"[^\"]*\"|&#34;.*?&#34;|&quot;.*?&quot;", "", chunk)
        for phrase in ENGLISH:
            assert phrase not in plain, (phrase, chunk)


@pytest.mark.parametrize(
    "url",
    [
        "/case/mdd-8-25-cv-00951?as_of=2025-05-01&lang=es",
        "/person/kilmar-abrego-garcia?as_of=2025-05-01&lang=es",
        "/?as_of=2025-04-12&lang=es",
    ],
)
def test_spanish_pages_have_no_english_service_phrases(client, url: str) -> None:  # type: ignore[no-untyped-def]
    r = client.get(url)
    assert r.status_code == 200
    _check_spanish(r.text)


def test_the_dashboard_alerts_in_spanish(client) -> None:  # type: ignore[no-untyped-def]
    html = client.get("/?as_of=2025-04-12&lang=es").text
    assert "cumplida formalmente con la presentación" in html
    assert "vence el 13 abr 2025, 17:00 EDT (dentro de 17 horas)" in html
    assert "presentar una declaración (Order, 11 abr 2025)" in html


def test_the_case_page_in_spanish_keeps_quoted_words(client) -> None:  # type: ignore[no-untyped-def]
    html = client.get("/case/mdd-8-25-cv-00951?as_of=2025-05-01&lang=es").text
    assert "en vigor desde el 4 abr 2025 (cuando se dictó la orden)" in html
    assert "«by no later than 11:59 PM on Monday, April 7, 2025»" in html
    assert "lo antes posible: nunca vence" in html


def test_the_deadline_steps_in_spanish(client) -> None:  # type: ignore[no-untyped-def]
    html = client.get("/deadline?court=mdd&trigger=2007-08-22&days=10&lang=es").text
    _check_spanish(html)
    assert "inicio 2007-08-22 (mié): el día del hecho no se cuenta [FRCP 6(a)(1)(A)]" in html
    assert "dom 2007-09-02: fin de semana" in html
    assert "10 días después" in html
    english = client.get("/deadline?court=mdd&trigger=2007-08-22&days=10&lang=en").text
    assert "Sun 2007-09-02 weekend" in english


def test_an_unknown_phrase_stays_english_and_is_marked() -> None:
    es = Translator("es")
    g = es.explain("something no rule knows")
    assert (g.text, g.lang) == ("something no rule knows", "en")
    assert Translator("en").explain("in effect from 4 Apr 2025 (x)").lang is None
    overdue = es.alert("unmet and overdue by 1 day 12 hours: no filing recorded")
    assert overdue.text == "incumplida y vencida hace 1 día 12 horas: no consta ningún escrito"
    detained = es.term("custody", "detained")
    assert es.alert("whereabouts unknown for 3 days (since 12 Mar 2025, detained)").text == (
        f"paradero desconocido desde hace 3 días (desde el 12 mar 2025, {detained})"
    )
