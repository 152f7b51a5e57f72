"""A surviving person's page (and its JSON) lists the records merged into it, in English and
Spanish, each with its name as recorded, its source, who merged it and why, and a link to
split; a merged-away key's page says whom it was merged into, with a link, and editors split
the merge there; a record above a reader's clearance is never listed."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient

from habeas.domain.access import LOCAL_OPERATOR
from habeas.services.audit import author_for
from habeas.services.merges import merge_people
from habeas.storage.store import Store
from tests.services.pair_fixtures import load, person, two_spellings
from tests.web.conftest import csrf_of, sign_in

A, B = "person/kilmar-a", "person/kilmer-b"


def merged(web_db: str, *extra: dict[str, object]) -> None:
    """Two spellings of one synthetic man, merged; `extra` people merged into him too."""
    store = Store(web_db)
    try:
        two_spellings(store)
        load(store, list(extra))
        merge_people(store, LOCAL_OPERATOR, survivor=A, absorbed=B, reason="one man, two lists")
        for p in extra:
            merge_people(store, LOCAL_OPERATOR, survivor=A, absorbed=str(p["key"]), reason="same")
    finally:
        store.close()


def test_the_survivor_page_lists_what_was_merged_into_it(web_db: str, client: TestClient) -> None:
    merged(web_db)
    page = client.get("/person/kilmar-a")
    assert page.status_code == 200
    section = page.text.split('data-testid="merged"', 1)[1].split('id="src-h"', 1)[0]
    assert "Kilmer Abrego" in section and "<code>person/kilmer-b</code>" in section
    assert "one man, two lists" in section and "Order of the court" in section
    author = author_for(LOCAL_OPERATOR)
    assert f"Merged by {author} on " in section
    assert 'href="/person/kilmer-b#split"' in section
    spanish = client.get("/person/kilmar-a?lang=es")
    assert "Registros fusionados con esta persona" in spanish.text
    assert "Fusionado por" in spanish.text
    data = client.get("/person/kilmar-a.json").json()
    assert [m["key"] for m in data["merged"]] == [B]
    assert data["merged"][0]["reason"] == "one man, two lists"
    assert data["merged"][0]["sources"][0]["title"] == "Order of the court"


def test_the_merged_away_page_says_where_it_went_and_splits(
    web_db: str, client: TestClient
) -> None:
    merged(web_db)
    page = client.get("/person/kilmer-b", follow_redirects=False)
    assert page.status_code == 200
    assert "This record was merged into" in page.text
    assert '<a href="/person/kilmar-a">Kilmar Armando Abrego Garcia</a>' in page.text
    assert "Este registro se fusionó con" in client.get("/person/kilmer-b?lang=es").text
    twin = client.get("/person/kilmer-b.json").json()
    assert twin["merged_into"] == A and twin["merge"]["merge"] == "merge/person/kilmer-b"
    token = csrf_of(page.text)
    missing = client.post("/person/kilmer-b/split", data={"csrf_token": token, "reason": ""})
    assert missing.status_code == 422 and "needs a reason" in missing.text
    done = client.post(
        "/person/kilmer-b/split",
        data={"csrf_token": token, "reason": "two brothers"},
        follow_redirects=False,
    )
    assert done.status_code == 303 and done.headers["location"] == "/person/kilmer-b"
    own = client.get("/person/kilmer-b")
    assert own.status_code == 200 and "This record was merged into" not in own.text
    assert 'data-testid="merged"' not in client.get("/person/kilmar-a").text


def test_a_viewer_may_not_split_and_never_sees_a_merged_record_above_clearance(
    web_db: str, app: FastAPI
) -> None:
    merged(web_db, person("person/web-secret", "Zorvath Quillon", sensitivity="confidential"))
    with TestClient(app) as viewer:
        sign_in(viewer, "vera")
        page = viewer.get("/person/kilmar-a")
        assert "Kilmer Abrego" in page.text and "Zorvath" not in page.text
        assert "web-secret" not in page.text and "#split" not in page.text
        assert "web-secret" not in str(viewer.get("/person/kilmar-a.json").json())
        away = viewer.get("/person/kilmer-b")
        assert "This record was merged into" in away.text and '/split"' not in away.text
        refused = viewer.post("/person/kilmer-b/split", data={"csrf_token": "x", "reason": "r"})
        assert refused.status_code == 403
    with TestClient(app) as anon:
        page = anon.get("/person/kilmar-a")
        assert "Zorvath" not in page.text
