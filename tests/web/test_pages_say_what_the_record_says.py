"""Pages say what the record says: the place on the day asked about, how sure the sources are,
and which way a family tie runs."""

from __future__ import annotations

import re

from habeas.domain.custody import CustodyEvent
from habeas.services.writer import write_changes
from tests.web.conftest import TestClient

KAG = "person/kilmar-abrego-garcia"


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _people_table(html: str) -> str:
    text = _text(html)
    start = text.index("People followed")
    return text[start : text.index("Facilities", start)]


def test_the_dashboard_as_of_a_past_day_shows_where_people_were_then(
    client: TestClient,
) -> None:
    then = _people_table(client.get("/?as_of=2025-04-14").text)
    assert "CECOT" in then
    assert "released" not in then
    data = client.get("/index.json?as_of=2025-04-14").json()
    (kag,) = [p for p in data["people"] if p["key"] == KAG]
    assert (kag["status"], kag["facility"]) == ("in_custody", "CECOT")
    now = _people_table(client.get("/").text)
    assert "CECOT" not in now


def test_the_public_page_says_how_sure_the_sources_are(anon: TestClient, app) -> None:  # type: ignore[no-untyped-def]
    data = anon.get(f"/public/{KAG}.json").json()
    assert data["whereabouts"]["certainty"] == "confirmed"
    assert 'data-testid="certainty">confirmed<' in anon.get(f"/public/{KAG}?lang=en").text
    assert "confirmado" in anon.get(f"/public/{KAG}?lang=es").text
    write_changes(
        app.state.store,
        [
            CustodyEvent(
                key="custody_event/test-reported-2026-01-05",
                person=KAG,
                kind="detained",
                at="2026-01-05",
                place={"name": "Baltimore, Maryland", "country": "US"},
                certainty="reported",
                unsourced=True,
            )
        ],
        reason="test: a reported event",
        author="test",
    )
    data = anon.get(f"/public/{KAG}.json").json()
    assert data["whereabouts"]["certainty"] == "reported"
    assert 'data-testid="certainty">reported<' in anon.get(f"/public/{KAG}?lang=en").text


def _ties(html: str) -> set[tuple[str, str]]:
    """(relation, key) for each family tie listed on a person page."""
    items = re.findall(r"<li>([a-z]+)(?: <span[^>]*>[^<]*</span>)?: <a href=\"/([^\"]+)\">", html)
    return {(relation, key) for relation, key in items}


def test_a_child_is_listed_as_a_child_and_a_parent_as_a_parent(client: TestClient) -> None:
    # The child's record names the father as its parent; his page lists the child once, as
    # his child, never as "parent (of this person)".
    assert _ties(client.get(f"/{KAG}?lang=en").text) == {
        ("spouse", "person/jennifer-vasquez-sura"),
        ("child", "person/a-a-v"),
    }
    assert _ties(client.get("/person/a-a-v?lang=en").text) == {
        ("parent", KAG),
        ("parent", "person/jennifer-vasquez-sura"),
    }


def test_the_case_page_explains_a_class_order_once_a_flight(client: TestClient) -> None:
    text = _text(client.get("/case/dcd-1-25-cv-00766?as_of=2025-03-16").text)
    assert text.count("GlobalX flight 6143 (110 aboard, covered) departed") == 1
    assert text.count("GlobalX flight 6122 (41 aboard, coverage disputed) departed") == 1
    assert "0–274 min" in text
    after = _text(client.get("/case/dcd-1-25-cv-00766?as_of=2025-04-08").text)
    assert "while in force: disputed" in after


def test_the_spanish_case_page_says_what_held_while_the_order_was_in_force(
    client: TestClient,
) -> None:
    text = _text(client.get("/case/dcd-1-25-cv-00766?as_of=2025-04-08&lang=es").text)
    assert "mientras estuvo en vigor" in text
