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


def test_the_pages_together_list_everyone_held_once_in_order(client: TestClient) -> None:
    first = client.get(f"/facility/cecot.json?on={ON}").json()["occupancy"]
    assert first["held"] > 50, "the demo's CECOT holds more than a page"
    keys: list[str] = []
    page = 1
    while page is not None:
        occ = client.get(f"/facility/cecot.json?on={ON}&page={page}").json()["occupancy"]
        assert occ["page"]["number"] == page
        if occ["people"]:
            assert occ["page"]["first"] == len(keys) + 1
        keys += [p["key"] for p in occ["people"]]
        page = occ["page"]["next"]
    assert len(keys) == len(set(keys)) == first["held"]
    assert first["page"]["pages"] == -(-first["held"] // 50)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_first_page_links_to_the_next_and_the_second_back(
    client: TestClient, lang: str
) -> None:
    one = client.get(f"/facility/cecot?on={ON}&lang={lang}").text
    two = client.get(f"/facility/cecot?on={ON}&page=2&lang={lang}").text
    assert 'rel="next"' in one and 'rel="prev"' not in one
    assert 'rel="next"' in two and 'rel="prev"' in two
