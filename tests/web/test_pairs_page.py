"""The candidate pairs pages: the two people side by side with their sources and the
evidence, in English and Spanish; editors accept, reject and skip with the form, and split a
merge; viewers read but may not decide, and never see a pair with a person above their
clearance; the public must sign in. An absorbed person's page says whom it was merged into."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient

from habeas.domain.access import LOCAL_OPERATOR
from habeas.services.pair_review import propose_pairs
from habeas.storage.store import Store
from tests.services.pair_fixtures import candidate, load, person, two_spellings
from tests.web.conftest import csrf_of, sign_in


def propose(web_db: str) -> list[str]:
    store = Store(web_db)
    try:
        two_spellings(store)
        load(store, [person("person/web-hidden", "Kilmer A.", sensitivity="confidential")])
        done = propose_pairs(
            store,
            LOCAL_OPERATOR,
            [
                candidate(),
                candidate("person/kilmar-a", "person/other"),
                candidate("person/kilmar-a", "person/web-hidden"),
            ],
            origin="dedupe",
        )
    finally:
        store.close()
    return [k.removeprefix("pair/") for k in done.keys]


def test_an_editor_sees_both_people_side_by_side_and_merges_them(
    web_db: str, client: TestClient
) -> None:
    refs = propose(web_db)
    listed = client.get("/pairs")
    assert listed.status_code == 200
    assert "Kilmar Armando Abrego Garcia" in listed.text and "3 pair(s)" in listed.text
    page = client.get(f"/pairs/{refs[0]}")
    assert 'data-side="person/kilmar-a"' in page.text and 'data-side="person/kilmer-b"' in page.text
    assert "Order of the court" in page.text  # each side's source
    assert "given name Kilmar ~ Kilmer" in page.text
    spanish = client.get(f"/pairs/{refs[0]}?lang=es")
    assert "¿Una persona o dos?" in spanish.text
    token = csrf_of(page.text)
    missing = client.post(
        f"/pairs/{refs[0]}/decide",
        data={"csrf_token": token, "decision": "accept", "reason": ""},
        follow_redirects=False,
    )
    assert missing.status_code == 422 and "needs a reason" in missing.text
    done = client.post(
        f"/pairs/{refs[0]}/decide",
        data={
            "csrf_token": token,
            "decision": "accept",
            "reason": "same man",
            "survivor": "person/kilmar-a",
        },
        follow_redirects=False,
    )
    assert done.status_code == 303 and done.headers["location"] == "/pairs?done=accepted"
    moved = client.get("/person/kilmer-b", follow_redirects=False)
    assert moved.status_code == 200 and 'data-testid="merged-into"' in moved.text
    assert '<a href="/person/kilmar-a">' in moved.text  # says where it went, with a link
    accepted = client.get(f"/pairs/{refs[0]}")
    split = client.post(
        f"/pairs/{refs[0]}/split",
        data={"csrf_token": csrf_of(accepted.text), "reason": "two brothers"},
        follow_redirects=False,
    )
    assert split.status_code == 303
    back = client.get("/person/kilmer-b", follow_redirects=False)
    assert back.status_code == 200 and 'data-testid="merged-into"' not in back.text
    skipped = client.post(
        f"/pairs/{refs[1]}/decide",
        data={"csrf_token": token, "decision": "skip"},
        follow_redirects=False,
    )
    assert skipped.headers["location"] == "/pairs?done=skipped"


def test_a_viewer_reads_only_what_they_may_see_and_decides_nothing(
    web_db: str, app: FastAPI
) -> None:
    refs = propose(web_db)
    with TestClient(app) as viewer:
        sign_in(viewer, "vera")
        listed = viewer.get("/pairs")
        assert "2 pair(s)" in listed.text and "web-hidden" not in listed.text
        assert viewer.get(f"/pairs/{refs[2]}").status_code == 404
        page = viewer.get(f"/pairs/{refs[0]}")
        assert page.status_code == 200 and 'name="decision"' not in page.text
        refused = viewer.post(
            f"/pairs/{refs[0]}/decide",
            data={"csrf_token": "x", "decision": "accept", "reason": "r"},
            follow_redirects=False,
        )
        assert refused.status_code == 403


def test_the_public_is_sent_to_sign_in(anon: TestClient) -> None:
    r = anon.get("/pairs", follow_redirects=False)
    assert r.status_code in (303, 401) and "login" in r.headers.get("location", "/login")
