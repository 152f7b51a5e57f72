"""The public person page a relative finds: where now and since when, how sure and from what
source, the chain of public custody events, what the courts ordered, where to turn; in
English and Spanish with no string left untranslated; no link into the staff pages; a gone
person answered in plain words in the page's language; and it fits a phone."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from fastapi import FastAPI

from habeas.app import create_app
from habeas.config import Settings
from habeas.domain.access import LOCAL_OPERATOR
from habeas.domain.custody import PublicContact
from habeas.domain.registry import parse_record
from habeas.services.name_variants import load_name_variants
from habeas.services.recording import current_record
from habeas.services.writer import write_changes
from habeas.web.i18n import catalog
from tests.web.conftest import BrowserAt, TestClient, overflow_of

PAGE = "/public/person/kilmar-abrego-garcia"
EXAMPLE_AID = Path(__file__).resolve().parents[2] / "docs" / "examples" / "legal-aid.example.toml"

PUBLIC_PATHS = ("/public", "/static/", "/login", "/proofs")
"""Where a public page may link inside the site: the look-up itself, its assets, the sign-in
and the proofs of the log (public: anyone may check the log). Anything else is a staff page."""


class _Page(HTMLParser):
    """A page's links (href, action, hx-*) and its text outside the record's own words."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.text: list[str] = []
        self.labels: set[str] = set()
        self.fields: list[str] = []
        self._quoted = 0
        self._stack: list[bool] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        for name in ("href", "action", "hx-get", "hx-post", "src"):
            if a.get(name):
                self.links.append(str(a[name]))
        if not self._quoted:  # words a reader meets in attributes: tooltips, names, hints
            self.text += [
                str(a[n]) for n in ("title", "aria-label", "placeholder", "alt") if a.get(n)
            ]
        if tag == "label" and a.get("for"):
            self.labels.add(str(a["for"]))
        if tag in ("input", "select", "textarea") and a.get("type") != "hidden":
            self.fields.append(str(a.get("id") or ""))
        if tag in ("input", "meta", "link", "br", "img"):
            return
        quoted = "quoted" in (a.get("class") or "").split()
        self._stack.append(quoted)
        self._quoted += quoted

    def handle_endtag(self, tag: str) -> None:
        if tag in ("input", "meta", "link", "br", "img") or not self._stack:
            return
        self._quoted -= self._stack.pop()

    def handle_data(self, data: str) -> None:
        if not self._quoted:
            self.text.append(data)


def _parsed(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    return parser


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def staff_links(page: str) -> list[str]:
    """The links of a page that lead into the staff pages."""
    out = []
    for link in _parsed(page).links:
        if link.startswith(("#", "http://", "https://", "tel:", "mailto:")):
            continue
        if not link.startswith(PUBLIC_PATHS) and link != "/public":
            out.append(link)
    return out


def english_left(page: str, record_words: list[str]) -> list[str]:
    """English strings of the pages' catalog still on a Spanish page, once the record's
    own words (names, titles, quotations: the page's JSON twin) are taken out."""
    text = " ".join(_parsed(page).text)
    for words in sorted(set(record_words), key=len, reverse=True):
        if len(words) >= 3:
            text = text.replace(words, " ")
    text = re.sub(r"\s+", " ", html.unescape(text))
    en, es = catalog("en"), catalog("es")
    spanish_too = set(es.values())  # 'English' names the language switch's option in both
    found = []
    for key, english in en.items():
        if english in spanish_too or "{" in english or len(english) < 4:
            continue
        if re.search(rf"(?<![\w-]){re.escape(english)}(?![\w-])", text):
            found.append(f"{key}: {english!r}")
    return found


def test_a_relative_sees_where_he_is_since_when_and_how_sure(anon: TestClient) -> None:
    data = anon.get(f"{PAGE}.json").json()
    page = anon.get(f"{PAGE}?lang=en").text
    assert data["whereabouts"]["status"] == "released"
    assert 'data-testid="where">United States <span class="muted">(the place is not recorded)' in (
        page
    )
    assert "11 Dec 2025 — released (Moshannon Valley Processing Center)" in page
    assert "Confirmed: an official record or a court filing says so." in page
    assert "unknown — United States" not in page and "Held by</dt><dd>—" not in page
    spanish = anon.get(f"{PAGE}?lang=es").text
    assert 'Estados Unidos <span class="muted">(no consta el lugar)' in spanish
    assert "desconocido — Estados Unidos" not in spanish


def test_the_chain_of_public_custody_events_each_at_its_precision(anon: TestClient) -> None:
    data = anon.get(f"{PAGE}.json").json()
    page = anon.get(f"{PAGE}?lang=en").text
    events = re.findall(r'<li class="event">(.*?)</li>\s*(?=<li class="event">|</ol>)', page, re.S)
    assert len(events) == len(data["chain"]) >= 10
    assert "between 12 Mar 2025 and 15 Mar 2025" in page
    assert "El Salvador — El Salvador" not in page and "· El Salvador" in page
    assert "CECOT — El Salvador" in page
    day_only = [e for e in data["chain"] if e["precision"] == "day"]
    assert day_only, "the story records events by their day"
    assert not re.search(r"\d{2}:\d{2}", " ".join(re.findall(r'event-when">([^<]*)<', page)))
    assert "según informes" in anon.get(f"{PAGE}?lang=es").text  # "reported" is kept


def test_what_the_courts_ordered_in_plain_words(anon: TestClient) -> None:
    page = anon.get(f"{PAGE}?lang=en").text
    assert "What the courts ordered" in page
    assert 'The court ordered: <span class="ob-text quoted">“facilitate and effectuate' in page
    assert 'data-status="superseded"' in page and 'data-status="met"' in page
    assert "Stayed</dt><dd>7 Apr 2025 – 10 Apr 2025" in page
    spanish = anon.get(f"{PAGE}?lang=es").text
    assert "Qué ordenaron los tribunales" in spanish
    assert 'El tribunal ordenó: <span class="ob-text quoted">«facilitate' in spanish
    assert "Orden modificada" in spanish and ">cumplida<" in spanish


def test_every_ui_string_of_the_spanish_page_is_spanish(anon: TestClient) -> None:
    data = anon.get(f"{PAGE}.json").json()
    words = list(_strings(data))
    spanish = anon.get(f"{PAGE}?lang=es").text
    assert english_left(spanish, words) == []
    english = anon.get(f"{PAGE}?lang=en").text
    assert english_left(english, words), "the check finds English on an English page"
    assert "where.sources: 'Sources'" in english_left('<span title="Sources">x</span>', [])
    search = anon.get("/public.json?q=Kilmar+Abrego+Garsia").json()
    found = anon.get("/public?q=Kilmar+Abrego+Garsia&lang=es").text
    assert english_left(found, list(_strings(search))) == []
    assert english_left(anon.get("/public?lang=es").text, []) == []


def test_no_public_page_links_into_the_staff_pages(anon: TestClient) -> None:
    for path in (f"{PAGE}?lang=es", f"{PAGE}?lang=en", "/public?q=Kilmar+Abrego+Garsia&lang=es"):
        r = anon.get(path)
        assert r.status_code == 200
        assert staff_links(r.text) == [], path
    assert staff_links('<a href="/search">x</a><a href="/person/x">y</a>') == [
        "/search",
        "/person/x",
    ]


def test_a_person_who_is_gone_is_answered_in_plain_words_in_the_page_s_language(
    anon: TestClient,
) -> None:
    for path, says in (
        ("/public/person/nobody-here", "No encontramos a esta persona en el registro público"),
        ("/public/nothing-here", "No encontramos lo que indica este enlace"),
        ("/facility/nowhere-here", "No encontramos lo que indica este enlace"),
    ):
        r = anon.get(f"{path}?lang=es")
        assert r.status_code == 404
        assert "Esta página no está disponible" in r.text
        assert says in r.text
        assert (
            "key" not in r.text.split("<main")[1]
            and "nobody-here" not in r.text.split("<main")[1].split("</main>")[0]
        )
        if path.startswith("/public"):  # (a staff path's page links to itself: its language)
            assert staff_links(r.text) == []
        assert '<a href="/public">' in r.text and 'href="/search"' not in r.text
        assert english_left(r.text, []) == []
    english = anon.get("/public/person/nobody-here?lang=en")
    assert english.status_code == 404 and "This page is not available" in english.text


def test_legal_aid_is_shown_only_when_an_operator_configures_it(
    anon: TestClient, web_db: str
) -> None:
    assert "No contact details or legal-aid organisations" in anon.get(PAGE).text
    app = create_app(Settings(database_url=web_db, legal_aid=str(EXAMPLE_AID)))
    with TestClient(app) as c:
        en = c.get(f"{PAGE}?lang=en").text
        es = c.get(f"{PAGE}?lang=es").text
    app.state.store.close()
    assert "Legal help" in en and "Example Habeas Clinic (example entry)" in en
    assert "Example: a law school clinic that files habeas petitions." in en
    assert "Ayuda legal" in es
    assert "Ejemplo: una clínica universitaria que presenta recursos de habeas corpus." in es
    assert "Idiomas: inglés, español" in es and "Languages: English, Spanish" in en
    assert 'href="tel:+15550100"' in en


def test_the_public_person_page_fits_a_phone(app: FastAPI, browser_at: BrowserAt) -> None:
    """At 390×844 in both languages: no horizontal overflow, every field labelled, no staff
    link, no English left on the Spanish page."""
    with browser_at(app, 390) as (page, base):
        page.set_viewport_size({"width": 390, "height": 844})
        for lang in ("en", "es"):
            page.goto(f"{base}{PAGE}?lang={lang}")
            assert page.get_by_test_id("chain").is_visible()
            overflow = overflow_of(page)
            assert overflow <= 0, f"{lang}: the page is {overflow}px too wide at 390px"
            content = page.content()
            parsed = _parsed(content)
            unlabelled = [f for f in parsed.fields if f not in parsed.labels]
            assert unlabelled == [], f"{lang}: fields without a label: {unlabelled}"
            assert staff_links(content) == [], lang
        for lang in ("en", "es"):  # the search a relative starts from fits too
            page.goto(f"{base}/public?q=Kilmar+Abrego+Garsia&lang={lang}")
            assert overflow_of(page) <= 0, f"/public ({lang}) is too wide at 390px"
        words = list(_strings(page.evaluate(f"fetch('{PAGE}.json').then(r => r.json())")))
        page.goto(f"{base}{PAGE}?lang=es")
        assert english_left(page.content(), words) == []


def test_the_staff_person_page_says_the_country_once_too(client: TestClient) -> None:
    now = client.get("/person/kilmar-abrego-garcia?lang=es").text
    assert 'Estados Unidos <span class="muted">(no consta el lugar)' in now
    assert "desconocido — Estados Unidos" not in now
    assert "El Salvador (El Salvador)" not in now and "(SV)" not in now
    then = client.get("/person/kilmar-abrego-garcia?as_of=2025-04-14&lang=en").text
    assert 'data-testid="where-facility">CECOT</a> — El Salvador' in then


def test_where_to_turn_gives_the_facility_s_public_contact_where_recorded(
    anon: TestClient, app: FastAPI
) -> None:
    held = "/public/person/synthetic-sv-001"
    assert 'data-testid="facility-contact"' not in anon.get(held).text  # the demo records none
    store = app.state.store
    cecot, _version = current_record(store, "facility/cecot", principal=LOCAL_OPERATOR)
    contact = PublicContact(phone="+503 555 0100", url="https://cecot.example.org")
    write_changes(
        store,
        [cecot.model_copy(update={"public_contact": contact})],
        reason="test: an example contact (not CECOT's)",
        author="test",
    )
    es = anon.get(f"{held}?lang=es").text
    assert 'data-testid="facility-contact"' in es
    assert 'Teléfono: <a href="tel:+5035550100">+503 555 0100</a>' in es
    assert 'href="https://cecot.example.org"' in es
    assert "A quién acudir" in es and staff_links(es) == []
    assert "Phone: " in anon.get(f"{held}?lang=en").text


def test_a_record_merged_into_the_person_leads_to_the_person_s_page(
    anon: TestClient, app: FastAPI
) -> None:
    load_name_variants(app.state.store)  # spellings from lists and the press, merged into him
    r = anon.get("/public/person/variant-news-kilmer-abrego?lang=es", follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == f"{PAGE}?lang=es"
    twin = anon.get("/public/person/variant-news-kilmer-abrego.json", follow_redirects=False)
    assert twin.headers["location"] == f"{PAGE}.json"


def test_what_the_public_may_not_see_is_said_to_be_not_public(
    anon: TestClient, app: FastAPI
) -> None:
    records = [
        {"type": "source", "key": "source/hush-memo", "kind": "testimony",
         "title": "Hushmemo", "sensitivity": "restricted", "synthetic": True},
        {"type": "facility", "key": "facility/hush-site", "name": "Hushsite", "kind": "other",
         "country": "SV", "sensitivity": "restricted", "synthetic": True,
         "sources": [{"source": "source/hush-memo"}]},
        {"type": "custody_event", "key": "custody_event/synthetic-sv-001-hush",
         "person": "person/synthetic-sv-001", "kind": "detained", "at": "2025-03-01",
         "facility": "facility/hush-site", "synthetic": True,
         "sources": [{"source": "source/hush-memo"}]},
    ]  # fmt: skip
    write_changes(app.state.store, [parse_record(r) for r in records], author="test")
    es = anon.get("/public/person/synthetic-sv-001?lang=es").text
    assert "Hush" not in es and "(withheld)" not in es and "not cleared" not in es
    assert "un lugar que no es público" in es and "una fuente que no es pública" in es
    en = anon.get("/public/person/synthetic-sv-001?lang=en").text
    assert "a place that is not public" in en and "a source that is not public" in en
