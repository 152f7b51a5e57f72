"""Entry forms: every form demands a source and a CSRF token; nothing is written when a form
has a problem; what is written shows on the pages."""

from __future__ import annotations

from habeas.domain.access import LOCAL_OPERATOR
from habeas.services.history import history
from habeas.storage.store import Store
from tests.web.conftest import TestClient, csrf_of

PERSON = "person/kilmar-abrego-garcia"
EXISTING_SOURCE = "source/press-reports-2025-06-06-abrego-garcia-return"


def _custody(client: TestClient, **changes: str) -> dict[str, str]:
    page = client.get(f"/add/custody?person={PERSON}")
    assert page.status_code == 200
    data = {
        "csrf_token": csrf_of(page.text),
        "person": PERSON,
        "kind": "detained",
        "at": "2026-01-05",  # after the story's last event (December 2025)
        "zone": "America/Chicago",
        "facility": "facility/putnam-county-jail",
        "custodian": "actor/doj",
        "certainty": "reported",
        "description": "Detained again (a test event).",
        "source_title": "Test report of a new detention",
        "source_kind": "news_article",
        "source_publisher": "Test Wire",
        "source_published": "2026-01-06",
    }
    data.update(changes)
    return data


def _size(app_store: Store) -> int:
    with app_store.read() as conn:
        from habeas.storage import queries

        return int(queries.head_row(conn).size)


def test_a_custody_event_with_a_new_source_shows_in_the_timeline(client: TestClient, app) -> None:  # type: ignore[no-untyped-def]
    r = client.post("/add/custody", data=_custody(client), follow_redirects=False)
    assert r.status_code == 303, r.text[:3000]
    assert r.headers["location"].startswith("/person/kilmar-abrego-garcia")
    page = client.get(r.headers["location"])
    assert "Detained again (a test event)." in page.text
    assert "Test report of a new detention" in page.text
    data = client.get("/person/kilmar-abrego-garcia.json").json()
    assert data["whereabouts"]["status"] == "in_custody"
    assert data["whereabouts"]["facility"]["key"] == "facility/putnam-county-jail"
    key = data["whereabouts"]["since"]["event"]
    assert history(app.state.store, key, principal=LOCAL_OPERATOR)[0].recorded_by == "web:ana"


def test_every_form_demands_a_source(client: TestClient, app) -> None:  # type: ignore[no-untyped-def]
    before = _size(app.state.store)
    r = client.post("/add/custody", data=_custody(client, source_title=""))
    assert r.status_code == 422
    assert "every fact needs a source" in r.text
    for path, fields in (
        (
            "/add/statement",
            {
                "speaker": "actor/nayib-bukele",
                "said": "2025-04-15",
                "text": "Something.",
                "about": PERSON,
            },
        ),
        (
            "/add/order",
            {
                "case": "case/mdd-8-25-cv-00951",
                "title": "Order",
                "kind": "order",
                "issued": "2025-04-20",
                "text": "Do it.",
            },
        ),
    ):
        token = csrf_of(client.get(path).text)
        r = client.post(path, data={"csrf_token": token, **fields})
        assert r.status_code == 422, path
        assert "every fact needs a source" in r.text
    assert _size(app.state.store) == before


def test_every_form_demands_a_csrf_token(client: TestClient, app) -> None:  # type: ignore[no-untyped-def]
    before = _size(app.state.store)
    for token in ("", "forged"):
        r = client.post("/add/custody", data=_custody(client, csrf_token=token))
        assert r.status_code == 403
    r = client.post(
        "/correct",
        data={
            "key": "custody_event/abrego-garcia-returned-2025-06-06",
            "action": "retract",
            "reason": "x",
            "source_key": EXISTING_SOURCE,
        },
    )
    assert r.status_code == 403
    assert _size(app.state.store) == before


def test_problems_are_shown_beside_their_fields(client: TestClient) -> None:
    r = client.post("/add/custody", data=_custody(client, at="yesterday"))
    assert r.status_code == 422
    assert 'id="err-at"' in r.text
    assert 'value="yesterday"' in r.text  # what was typed comes back
    r = client.post("/add/custody", data=_custody(client, person="person/nobody"))
    assert r.status_code == 422
    assert 'id="err-person"' in r.text and "not in the ledger" in r.text


def test_an_order_with_its_obligation(client: TestClient) -> None:
    token = csrf_of(client.get("/add/order").text)
    r = client.post(
        "/add/order",
        data={
            "csrf_token": token,
            "case": "case/mdd-8-25-cv-00951",
            "kind": "order",
            "title": "Order to show cause",
            "issued": "2025-04-22",
            "zone": "America/New_York",
            "text": "Defendants shall file a status report by April 29, 2025 at 5:00 p.m.",
            "ob0_action": "file_status_report",
            "ob0_obligor": "Defendants",
            "ob0_text": "file a status report by 5:00 p.m. on April 29, 2025",
            "ob0_deadline": "2025-04-29T17:00",
            "source_key": "source/mdd-8-25-cv-00951-order-2025-04-11",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text[:3000]
    case = client.get("/case/mdd-8-25-cv-00951.json?as_of=2025-04-30").json()
    orders = {o["record"]["title"]: o for o in case["orders"]}
    ob = orders["Order to show cause"]["compliance"][0]
    assert ob["deadline"]["at"]["local"] == "2025-04-29T17:00:00-04:00"
    assert ob["status"] == "overdue"


def test_a_statement(client: TestClient) -> None:
    token = csrf_of(client.get("/add/statement").text)
    r = client.post(
        "/add/statement",
        data={
            "csrf_token": token,
            "speaker": "actor/marco-rubio",
            "said": "2025-04-16",
            "text": "A test statement.",
            "quote": "paraphrase",
            "about": PERSON,
            "source_key": EXISTING_SOURCE,
        },
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text[:2000]
    assert "A test statement." in client.get("/person/kilmar-abrego-garcia").text


def test_correct_then_retract_with_a_reason(client: TestClient) -> None:
    key = "custody_event/abrego-garcia-returned-2025-06-06"
    form = client.get(f"/correct?key={key}")
    token = csrf_of(form.text)
    record = client.get(f"/record/{key}.json").json()["record"]
    record.pop("label")
    record["description"] = "Corrected description."
    import json

    r = client.post(
        "/correct",
        data={
            "csrf_token": token,
            "key": key,
            "version": "1",
            "record": json.dumps(record),
            "action": "correct",
            "reason": "",
            "source_key": EXISTING_SOURCE,
        },
    )
    assert r.status_code == 422 and 'id="err-reason"' in r.text
    r = client.post(
        "/correct",
        data={
            "csrf_token": token,
            "key": key,
            "version": "1",
            "record": json.dumps(record),
            "action": "correct",
            "reason": "Wording",
            "source_key": EXISTING_SOURCE,
        },
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text[:2000]
    page = client.get(f"/record/{key}.json").json()
    assert page["record"]["description"] == "Corrected description."
    assert page["history"][-1]["reason"] == "Wording"
    r = client.post(
        "/correct",
        data={
            "csrf_token": token,
            "key": key,
            "version": "1",
            "action": "retract",
            "reason": "Stale",
            "source_key": EXISTING_SOURCE,
        },
    )
    assert r.status_code == 409  # version 1 is no longer current: nothing is lost
    r = client.post(
        "/correct",
        data={
            "csrf_token": token,
            "key": key,
            "version": "2",
            "action": "retract",
            "reason": "Wrong date",
            "source_key": EXISTING_SOURCE,
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert client.get(f"/record/{key}").status_code == 404


def test_a_reader_may_not_write(app) -> None:  # type: ignore[no-untyped-def]
    from tests.web.conftest import sign_in

    with TestClient(app) as c:
        sign_in(c, "vera")
        assert c.get("/add/custody").status_code == 403
        assert c.get("/person/kilmar-abrego-garcia").status_code == 200
