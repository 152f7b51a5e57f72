"""The people a facility holds are listed a page at a time, with the count of all of them,
in English and Spanish, and the JSON twin pages the same way."""

from __future__ import annotations

import pytest

from tests.web.conftest import TestClient

ON = "2025-04-14"


def test_the_json_twin_gives_the_page_and_the_total(client: TestClient) -> None:
    occ = client.get(f"/facility/cecot.json?on={ON}").json()["occupancy"]
    page = occ["page"]
    assert page["number"] == 1 and page["size"] == 50
    assert page["total"] == occ["held"]
    assert len(occ["people"]) == min(occ["held"], 50)
    assert page["first"] == (1 if occ["people"] else 0)
    assert page["last"] == len(occ["people"])
    assert page["previous"] is None


def test_a_page_past_the_last_lists_nobody_but_keeps_the_count(client: TestClient) -> None:
    first = client.get(f"/facility/cecot.json?on={ON}").json()["occupancy"]
    past = client.get(f"/facility/cecot.json?on={ON}&page=9").json()["occupancy"]
    assert past["people"] == []
    assert past["held"] == first["held"]
    assert past["page"]["next"] is None
    assert past["page"]["previous"] == past["page"]["pages"]


@pytest.mark.parametrize(
    ("lang", "words"), [("en", "No one on this page"), ("es", "Nadie en esta página")]
)
def test_a_page_past_the_last_says_so(client: TestClient, lang: str, words: str) -> None:
    held = client.get(f"/facility/cecot.json?on={ON}").json()["occupancy"]["held"]
    r = client.get(f"/facility/cecot?on={ON}&page=9&lang={lang}")
    assert r.status_code == 200 and held > 0
    assert words in r.text
    assert 'rel="prev"' in r.text and "page=" in r.text


@pytest.mark.parametrize(("lang", "word"), [("en", "of"), ("es", "de")])
def test_the_first_page_says_which_people_it_lists(
    client: TestClient, lang: str, word: str
) -> None:
    held = client.get(f"/facility/cecot.json?on={ON}").json()["occupancy"]["held"]
    r = client.get(f"/facility/cecot?on={ON}&lang={lang}")
    assert held > 0
    assert 'data-testid="held-range"' in r.text
    assert f" {word} {held:,}" in r.text


def test_a_page_number_below_one_is_refused(client: TestClient) -> None:
    assert client.get("/facility/cecot.json?page=0").status_code == 422
