"""The public look-up: no sign-in, public fields only, and it can be switched off."""

from __future__ import annotations

from habeas.domain.access import LOCAL_OPERATOR
from habeas.domain.people import Identifier, Relationship
from habeas.services.recording import current_record
from habeas.services.writer import write_changes
from tests.web.conftest import TestClient, make_app

PERSON = "person/kilmar-abrego-garcia"
SECRET = "A-123-456-789"


def _add_confidential(store) -> None:  # type: ignore[no-untyped-def]
    person, _version = current_record(store, PERSON, principal=LOCAL_OPERATOR)
    changed = person.model_copy(
        update={
            "identifiers": [Identifier(scheme="a_number", value=SECRET)],
            "relationships": [
                Relationship(relation="spouse", person="person/jennifer-vasquez-sura")
            ],
        }
    )
    write_changes(store, [changed], reason="test: a confidential identifier", author="test")


def test_the_public_view_hides_confidential_fields(
    anon: TestClient, client: TestClient, app
) -> None:  # type: ignore[no-untyped-def]
    _add_confidential(app.state.store)
    assert SECRET in client.get(f"/{PERSON}").text  # an editor sees it
    for path in (f"/public/{PERSON}", f"/public/{PERSON}.json", "/public?q=abrego"):
        r = anon.get(path)
        assert r.status_code == 200, path
        assert SECRET not in r.text, path
        assert "vasquez-sura" not in r.text, path
    page = anon.get(f"/public/{PERSON}?lang=es")
    assert "CECOT" not in page.text or "Putnam" in page.text  # where he is now, not then
    data = anon.get(f"/public/{PERSON}.json").json()
    assert set(data["person"]) <= {
        "key",
        "label",
        "full_name",
        "aliases",
        "nationality",
        "synthetic",
    }
    assert data["whereabouts"]["status"] == "released"
    assert data["whereabouts"]["sources"], "according to which public source"
    full = anon.get(f"/{PERSON}.json")
    if full.status_code == 200:  # the public role may read the full pages, redacted
        assert SECRET not in full.text


def test_the_public_view_can_be_switched_off(web_db: str) -> None:
    app = make_app(web_db, public_view=False)
    with TestClient(app) as c:
        assert c.get("/public?q=abrego").status_code == 404
        r = c.get(f"/{PERSON}", follow_redirects=False)
        assert r.status_code in (303, 401)
    app.state.store.close()


def test_a_person_on_a_list(anon: TestClient) -> None:
    data = anon.get("/public.json?q=synthetic-ve-001").json()
    if not data["results"]:
        data = anon.get("/public.json?q=a").json()
    key = data["results"][0]["key"]
    person = anon.get(f"/public/{key}.json").json()
    assert "lists" in person


def test_a_family_member_s_misspelt_query_finds_him_and_says_why(anon: TestClient) -> None:
    data = anon.get("/public.json?q=Kilmer Abrego Gracia").json()
    assert data["results"][0]["key"] == PERSON
    assert data["results"][0]["matched"] == (
        "matched: surname, given name ~ Kilmer, surname ~ Gracia"
    )
    english = anon.get("/public?q=Kilmer+Abrego+Gracia&lang=en").text
    assert "given name ~ “Kilmer”" in english
    spanish = anon.get("/public?q=Kilmer+Abrego+Gracia&lang=es").text
    assert "nombre de pila ~ «Kilmer»" in spanish
