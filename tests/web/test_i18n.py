"""English and Spanish: the same keys in both, every key the pages use exists, and the
language of a request comes from ?lang=, the cookie or the browser."""

from __future__ import annotations

import json
import re
from importlib import resources

import pytest

from habeas.web.i18n import Translator, catalog, choose_language, locale_files

TEMPLATES = resources.files("habeas.web") / "templates"
CODE = resources.files("habeas.web")


def _keys(lang: str) -> set[str]:
    keys: set[str] = set()
    for file in locale_files(lang):
        keys |= set(json.loads(file.read_text("utf-8")))
    return keys


def test_each_area_file_has_its_twin_in_the_other_language() -> None:
    en = [f.name.removesuffix("en.json") for f in locale_files("en")]
    es = [f.name.removesuffix("es.json") for f in locale_files("es")]
    assert en == es
    assert en[0] == ""


def test_english_and_spanish_have_the_same_keys() -> None:
    en, es = _keys("en"), _keys("es")
    assert en - es == set(), f"missing in es.json: {sorted(en - es)}"
    assert es - en == set(), f"missing in en.json: {sorted(es - en)}"


def test_no_string_is_left_empty() -> None:
    for lang in ("en", "es"):
        empty = [k for k, v in catalog(lang).items() if not v.strip()]
        assert empty == [], f"{lang}: {empty}"


def test_placeholders_match() -> None:
    en, es = catalog("en"), catalog("es")
    for key, text in en.items():
        assert set(re.findall(r"{(\w+)}", text)) == set(re.findall(r"{(\w+)}", es[key])), key


def test_every_literal_key_used_exists() -> None:
    sources = [p.read_text("utf-8") for p in TEMPLATES.iterdir() if p.name.endswith(".html")]
    sources += [p.read_text("utf-8") for p in CODE.iterdir() if p.name.endswith(".py")]
    used = set()
    for text in sources:
        used |= set(re.findall(r"\bt\(['\"]([a-z_]+\.[a-z_.0-9]*[a-z0-9])['\"]", text))
    missing = sorted(k for k in used if k not in catalog("en"))
    assert missing == []


@pytest.mark.parametrize(
    ("query", "cookie", "accept", "expected"),
    [
        ("es", None, None, "es"),
        (None, "es", "en-US", "es"),
        (None, None, "es-MX,es;q=0.9,en;q=0.5", "es"),
        (None, None, "fr-FR,en;q=0.8,es;q=0.9", "es"),
        (None, None, "de", "en"),
        ("xx", None, None, "en"),
    ],
)
def test_language_of_a_request(
    query: str | None, cookie: str | None, accept: str | None, expected: str
) -> None:
    assert choose_language(query, cookie, accept) == expected


def test_times_are_shown_in_the_zone_named() -> None:
    es = Translator("es")
    when = es.when("2025-04-08T03:59Z", "America/New_York")
    assert when == "7 abr 2025, 23:59 EDT (America/New_York)"
    assert Translator("en").when("2025-03-12/2025-03-15") == ("between 12 Mar 2025 and 15 Mar 2025")
    assert es.short("2025-03-12/2025-03-15") == "12–15 mar 2025"
    assert es.duration(304199) == "3 días 12 horas"


def test_a_page_in_spanish(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/person/kilmar-abrego-garcia?as_of=2025-04-14&lang=es")
    assert "Dónde está" in r.text and "Cadena de custodia" in r.text
    assert r.cookies.get("habeas_lang") == "es"
    again = client.get("/facility/cecot")
    assert "Ocupación" in again.text  # the cookie keeps the language


def test_a_place_names_its_country_once() -> None:
    en, es = Translator("en"), Translator("es")
    assert en.place("CECOT", "SV") == "CECOT — El Salvador"
    assert es.place("Putnam County Jail", "US") == "Putnam County Jail — Estados Unidos"
    assert es.place("El Salvador", "SV") == "El Salvador"  # never "El Salvador — El Salvador"
    assert es.place("Venezuela", "VE") == "Venezuela"
    assert es.place("United States", "US") == "United States"  # the name says it in English
    assert es.place("Caracas, Venezuela", "VE") == "Caracas, Venezuela"
    assert es.place("Harlingen", None) == "Harlingen"
    assert es.place(None, "US") == "Estados Unidos"
    assert es.place(None, None) == ""
    assert es.country("XX") == "XX"  # a code without a name is shown as recorded
