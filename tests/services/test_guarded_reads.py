"""The read services as each role sees them: role × service × sensitivity, allowed or withheld.

One small story holds a public, a restricted and a confidential version of everything: people,
custody events, facilities, sources, a sealed case and order, and a public person's
confidential identifier, address and family tie. Each test asks a service as each principal
and checks what comes back — and that nothing above clearance leaks through search, export,
timelines, history, names of referred records, or the API.
"""

from __future__ import annotations

import io
import json
import warnings
from typing import Any

import pytest
from sqlalchemy import select

from habeas.domain.access import LOCAL_OPERATOR, PUBLIC, Principal
from habeas.domain.access_errors import NotAuthenticated
from habeas.domain.errors import NotFound
from habeas.domain.registry import parse_record
from habeas.services import accounts
from habeas.services.audit import audit_trail
from habeas.services.exporting import export_bundle
from habeas.services.history import history
from habeas.services.occupancy import occupancy
from habeas.services.search import search
from habeas.services.timeline import timeline
from habeas.services.verify import verify_ledger
from habeas.services.whereabouts import whereabouts
from habeas.services.writer import write_changes
from habeas.storage.store import Store
from habeas.storage.tables import metadata

VIEWER = Principal("vera", "viewer")
EDITOR = Principal("ed", "editor")
ADMIN = Principal("ada", "admin")
PRINCIPALS: dict[str, Principal] = {
    "public": PUBLIC,
    "viewer": VIEWER,
    "editor": EDITOR,
    "admin": ADMIN,
    "local": LOCAL_OPERATOR,
}
ROLES = list(PRINCIPALS)
SEES = {
    "public": {"public"},
    "viewer": {"public", "restricted"},
    "editor": {"public", "restricted", "confidential"},
    "admin": {"public", "restricted", "confidential"},
    "local": {"public", "restricted", "confidential"},
}
# Words that appear only in data of one level: finding one in an answer means that level leaked.
SECRET_WORDS = {
    "restricted": ["Rita Restricted", "Restricted Annex", "+1 555 0100", "Restricted Report"],
    "confidential": [
        "Cora Confidential",
        "Safe House",
        "A-111-222-333",
        "9 Hidden Lane",
        "Handler Confidential",
        "Sealed v. Agency",
        "Sealed order",
        "Secret Memo",
        "person/cora",
        "facility/safehouse",
    ],
}


def cite(*keys: str) -> list[dict[str, str]]:
    return [{"source": k} for k in keys or ("source/public",)]


def story() -> list[dict[str, Any]]:
    return [
        {"type": "source", "key": "source/public", "kind": "news_article", "title": "Wire"},
        {
            "type": "source",
            "key": "source/restricted",
            "kind": "testimony",
            "title": "Restricted Report",
            "sensitivity": "restricted",
        },
        {
            "type": "source",
            "key": "source/secret",
            "kind": "testimony",
            "title": "Secret Memo",
            "sensitivity": "confidential",
        },
        {
            "type": "actor",
            "key": "actor/agency",
            "kind": "agency",
            "name": "Agency",
            "sources": cite(),
        },
        {
            "type": "actor",
            "key": "actor/handler",
            "kind": "official",
            "name": "Handler Confidential",
            "sensitivity": "confidential",
            "sources": cite("source/secret"),
        },
        {
            "type": "court",
            "key": "court/mdd",
            "court_id": "mdd",
            "name": "D. Md.",
            "sources": cite(),
        },
        {
            "type": "facility",
            "key": "facility/centre",
            "name": "North Centre",
            "kind": "detention_center",
            "country": "US",
            "capacity": 10,
            "sources": cite(),
        },
        {
            "type": "facility",
            "key": "facility/annex",
            "name": "Restricted Annex",
            "kind": "jail",
            "country": "US",
            "sensitivity": "restricted",
            "sources": cite(),
        },
        {
            "type": "facility",
            "key": "facility/safehouse",
            "name": "Safe House",
            "kind": "other",
            "country": "US",
            "sensitivity": "confidential",
            "sources": cite(),
        },
        {
            "type": "person",
            "key": "person/pat",
            "full_name": "Pat Public",
            "synthetic": True,
            "identifiers": [
                {"scheme": "a_number", "value": "A-111-222-333"},
                {"scheme": "inmate_number", "value": "INM-PUB-1", "sensitivity": "public"},
            ],
            "relationships": [{"relation": "child", "person": "person/cora"}],
            "addresses": [{"text": "9 Hidden Lane"}],
            "contacts": [{"kind": "phone", "value": "+1 555 0100", "sensitivity": "restricted"}],
            "sources": cite(),
        },
        {
            "type": "person",
            "key": "person/rita",
            "full_name": "Rita Restricted",
            "synthetic": True,
            "sensitivity": "restricted",
            "sources": cite(),
        },
        {
            "type": "person",
            "key": "person/cora",
            "full_name": "Cora Confidential",
            "synthetic": True,
            "minor": True,
            "sensitivity": "confidential",
            "sources": cite(),
        },
        _event(
            "ev/pat-1",
            "person/pat",
            "detained",
            "2025-03-01",
            "facility/centre",
            "public",
            custodian="actor/handler",
            sources=cite("source/public", "source/secret"),
        ),
        _event(
            "ev/pat-2",
            "person/pat",
            "transferred",
            "2025-03-10",
            "facility/annex",
            "restricted",
            sources=cite("source/restricted"),
        ),
        _event(
            "ev/pat-3",
            "person/pat",
            "transferred",
            "2025-03-20",
            "facility/safehouse",
            "confidential",
            sources=cite("source/secret"),
        ),
        _event("ev/rita-1", "person/rita", "detained", "2025-03-02", "facility/centre", "public"),
        _event(
            "ev/cora-1", "person/cora", "detained", "2025-03-03", "facility/centre", "confidential"
        ),
        {
            "type": "case",
            "key": "case/pat",
            "court": "court/mdd",
            "docket_number": "8:25-cv-1",
            "caption": "Public v. Agency",
            "filed": "2025-03-25",
            "parties": [
                {"name": "Pat Public", "role": "petitioner", "person": "person/pat"},
                {"name": "C.C.", "role": "petitioner", "person": "person/cora"},
            ],
            "persons_concerned": ["person/pat", "person/cora"],
            "sources": cite(),
        },
        {
            "type": "order",
            "key": "order/pat-1",
            "case": "case/pat",
            "title": "Order to release",
            "issued": "2025-04-01",
            "text": "Release the petitioner.",
            "sources": cite(),
        },
        {
            "type": "order",
            "key": "order/pat-2",
            "case": "case/pat",
            "title": "Sealed order",
            "issued": "2025-04-02",
            "text": "Under seal.",
            "sensitivity": "confidential",
            "sources": cite(),
        },
        {
            "type": "case",
            "key": "case/sealed",
            "court": "court/mdd",
            "docket_number": "8:25-cv-2",
            "caption": "Sealed v. Agency",
            "filed": "2025-03-26",
            "persons_concerned": ["person/pat"],
            "sensitivity": "confidential",
            "sources": cite(),
        },
        {
            "type": "order",
            "key": "order/in-sealed",
            "case": "case/sealed",
            "title": "Order in the sealed case",
            "issued": "2025-04-03",
            "text": "Public words in a sealed case.",
            "sources": cite(),
        },
    ]


def _event(
    key: str, person: str, kind: str, at: str, facility: str, level: str, **more: Any
) -> dict[str, Any]:
    return {
        "type": "custody_event",
        "key": key,
        "person": person,
        "kind": kind,
        "at": at,
        "facility": facility,
        "sensitivity": level,
        "synthetic": True,
        "sources": cite(),
        **more,
    }


@pytest.fixture
def ledger(store: Store) -> Store:
    write_changes(store, [parse_record(r) for r in story()], author="test")
    # a source once confidential, later made public: its first version stays withheld
    was = {"type": "source", "key": "source/was-secret", "kind": "other", "title": "Now public"}
    write_changes(store, [parse_record({**was, "sensitivity": "confidential"})], author="test")
    write_changes(store, [parse_record(was)], reason="declassified", author="test")
    return store


def leaks(text: str, role: str) -> list[str]:
    """The words of levels above `role`'s clearance found in `text`."""
    return [
        word
        for level, words in SECRET_WORDS.items()
        if level not in SEES[role]
        for word in words
        if word in text
    ]


def audit_lines(store: Store) -> list[dict[str, Any]]:
    return audit_trail(store, 1000, writes=False, principal=LOCAL_OPERATOR)


# -- whereabouts ---------------------------------------------------------------------------
WHERE_PAT = {
    "public": ("facility/centre", ["ev/pat-1"]),
    "viewer": ("facility/annex", ["ev/pat-1", "ev/pat-2"]),
    "editor": ("facility/safehouse", ["ev/pat-1", "ev/pat-2", "ev/pat-3"]),
    "admin": ("facility/safehouse", ["ev/pat-1", "ev/pat-2", "ev/pat-3"]),
    "local": ("facility/safehouse", ["ev/pat-1", "ev/pat-2", "ev/pat-3"]),
}


@pytest.mark.parametrize("role", ROLES)
def test_whereabouts_counts_only_the_events_a_role_may_see(ledger: Store, role: str) -> None:
    data = whereabouts(ledger, "Pat Public", principal=PRINCIPALS[role]).to_json()
    facility, chain = WHERE_PAT[role]
    assert data["facility"]["key"] == facility
    assert [e["key"] for e in data["chain"]] == chain
    assert not leaks(json.dumps(data), role)
    first = data["chain"][0]
    if "confidential" in SEES[role]:
        assert first["custodian_name"] == "Handler Confidential"
        assert [s["title"] for s in first["sources"]] == ["Wire", "Secret Memo"]
    else:  # the custodian is cleared; the secret source is there, but not named
        assert first["custodian"] is None
        assert [s["kind"] for s in first["sources"]] == ["news_article", "withheld"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("who", "level"), [("Rita", "restricted"), ("Cora", "confidential")])
def test_a_person_above_clearance_is_not_found_by_name_or_key(
    ledger: Store, role: str, who: str, level: str
) -> None:
    key = f"person/{who.lower()}"
    principal = PRINCIPALS[role]
    if level in SEES[role]:
        assert whereabouts(ledger, who, principal=principal).person.key == key
        assert whereabouts(ledger, key, principal=principal).person.key == key
        return
    for text in (who, key, f"{who} Restricted", f"{who} Confidential"):
        with pytest.raises(NotFound) as missing:  # as if there were no such person
            whereabouts(ledger, text, principal=principal)
        assert str(missing.value) == f"no person matches {text!r}"


def test_an_ambiguous_name_never_names_a_withheld_candidate(ledger: Store) -> None:
    extra = {
        "type": "person",
        "key": "person/pat-2",
        "full_name": "Pat Public",
        "sensitivity": "confidential",
        "synthetic": True,
        "unsourced": True,
    }
    write_changes(ledger, [parse_record(extra)])
    assert whereabouts(ledger, "Pat Public", principal=VIEWER).person.key == "person/pat"
    with pytest.raises(NotFound) as e:  # the editor sees two: Ambiguous names both
        whereabouts(ledger, "Pat Public", principal=EDITOR)
    assert "person/pat-2" in str(getattr(e.value, "candidates", ""))


# -- timeline ------------------------------------------------------------------------------
TIMELINE_PAT = {
    "public": {"ev/pat-1", "case/pat", "order/pat-1"},
    "viewer": {"ev/pat-1", "ev/pat-2", "case/pat", "order/pat-1"},
}
EVERYTHING_PAT = {
    "ev/pat-1",
    "ev/pat-2",
    "ev/pat-3",
    "case/pat",
    "order/pat-1",
    "order/pat-2",
    "case/sealed",
    "order/in-sealed",
}


@pytest.mark.parametrize("role", ROLES)
def test_timeline_leaves_out_what_a_role_may_not_see(ledger: Store, role: str) -> None:
    tl = timeline(ledger, "person/pat", principal=PRINCIPALS[role])
    keys = {i.record.key for i in tl.items}
    assert keys == TIMELINE_PAT.get(role, EVERYTHING_PAT)
    text = json.dumps(tl.to_json())
    assert not leaks(text, role)
    # the records handed to the pages are redacted too
    records = " ".join(json.dumps(i.record.model_dump(mode="json")) for i in tl.items)
    assert not leaks(records + json.dumps(tl.subject.model_dump(mode="json")), role)
    if role in ("public", "viewer"):
        (case,) = [i.record for i in tl.items if i.record.key == "case/pat"]
        assert case.persons_concerned == ["person/pat"]  # type: ignore[attr-defined]
        assert [p.name for p in case.parties] == ["Pat Public"]  # type: ignore[attr-defined]
        assert tl.subject.identifiers[0].value == "INM-PUB-1"  # type: ignore[attr-defined]


@pytest.mark.parametrize("role", ROLES)
def test_a_sealed_case_has_no_timeline_below_clearance(ledger: Store, role: str) -> None:
    if "confidential" in SEES[role]:
        tl = timeline(ledger, "Sealed v. Agency", principal=PRINCIPALS[role])
        assert {i.record.key for i in tl.items} == {"case/sealed", "order/in-sealed"}
    else:
        with pytest.raises(NotFound):
            timeline(ledger, "case/sealed", principal=PRINCIPALS[role])


# -- search --------------------------------------------------------------------------------
SEARCHES = {
    "Pat": {"public": {"person/pat"}, "viewer": {"person/pat"}, "editor": {"person/pat"}},
    "Rita": {"public": set(), "viewer": {"person/rita"}, "editor": {"person/rita"}},
    "Cora": {"public": set(), "viewer": set(), "editor": {"person/cora"}},
    "person/cora": {"public": set(), "viewer": set(), "editor": {"person/cora"}},
    "Safe House": {"public": set(), "viewer": set(), "editor": {"facility/safehouse"}},
    "Annex": {"public": set(), "viewer": {"facility/annex"}, "editor": {"facility/annex"}},
    "Sealed": {"public": set(), "viewer": set(), "editor": {"case/sealed"}},
    "Memo": {"public": set(), "viewer": set(), "editor": {"source/secret"}},
    # identifiers, addresses and contacts are never search terms, for anyone
    "A-111-222-333": {"public": set(), "viewer": set(), "editor": set()},
    "111": {"public": set(), "viewer": set(), "editor": set()},
    "INM-PUB-1": {"public": set(), "viewer": set(), "editor": set()},
    "Hidden Lane": {"public": set(), "viewer": set(), "editor": set()},
    "555": {"public": set(), "viewer": set(), "editor": set()},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("text", list(SEARCHES))
def test_search_finds_only_what_a_role_may_see(ledger: Store, role: str, text: str) -> None:
    expected = SEARCHES[text].get(role, SEARCHES[text]["editor"])
    found = search(ledger, text, principal=PRINCIPALS[role])
    assert {f["key"] for f in found} == expected
    assert not leaks(json.dumps(found), role)


# -- occupancy -----------------------------------------------------------------------------
HELD = {
    "public": ["person/pat"],
    "viewer": ["person/pat", "person/rita"],
}


@pytest.mark.parametrize("role", ROLES)
def test_occupancy_counts_only_people_and_events_a_role_may_see(ledger: Store, role: str) -> None:
    occ = occupancy(ledger, "North Centre", on="2025-03-05", principal=PRINCIPALS[role])
    data = occ.to_json()
    everyone = ["person/cora", "person/pat", "person/rita"]
    assert sorted(p["key"] for p in data["people"]) == HELD.get(role, everyone)
    assert data["held"] == len(HELD.get(role, everyone))
    assert not leaks(json.dumps(data), role)
    for p, _e in occ.held:
        assert not leaks(json.dumps(p.model_dump(mode="json")), role)
    if "confidential" not in SEES[role]:
        with pytest.raises(NotFound):
            occupancy(ledger, "Safe House", principal=PRINCIPALS[role])


# -- history -------------------------------------------------------------------------------
@pytest.mark.parametrize("role", ROLES)
def test_history_is_redacted_and_withheld_records_have_none(ledger: Store, role: str) -> None:
    principal = PRINCIPALS[role]
    lines = history(ledger, "person/pat", principal=principal)
    text = json.dumps([line.to_json() for line in lines])
    assert not leaks(text, role)
    assert ("A-111-222-333" in text) is ("confidential" in SEES[role])
    assert "INM-PUB-1" in text
    assert (lines[0].recorded_by == "test") is (role != "public")
    for key, level in [("person/rita", "restricted"), ("ev/pat-3", "confidential")]:
        if level in SEES[role]:
            assert history(ledger, key, principal=principal)
        else:
            with pytest.raises(NotFound):
                history(ledger, key, principal=principal)
    declassified = history(ledger, "source/was-secret", principal=principal)
    assert [line.op for line in declassified] == ["assert", "correct"]
    assert declassified[1].record is not None and declassified[1].reason == "declassified"
    if "confidential" not in SEES[role]:
        assert declassified[0].record is None


def test_the_audit_entries_have_no_history_but_for_admins(ledger: Store) -> None:
    accounts.add_user(ledger, "ana", "a long password", "viewer")
    key = f"audit/{audit_lines(ledger)[0]['position']}"
    for principal in (PUBLIC, VIEWER, EDITOR):
        with pytest.raises(NotFound):
            history(ledger, key, principal=principal)
    assert history(ledger, key, principal=ADMIN)[0].op == "audit"


# -- export --------------------------------------------------------------------------------
def exported(store: Store, principal: Principal) -> tuple[dict[str, Any], dict[str, Any]]:
    out = io.StringIO()
    export_bundle(store, out, principal=principal)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    return lines[0], {r["key"]: r for r in lines[1:]}


@pytest.mark.parametrize("role", ROLES)
def test_export_writes_only_what_a_role_may_see(ledger: Store, role: str) -> None:
    header, records = exported(ledger, PRINCIPALS[role])
    assert not leaks(json.dumps(records), role)
    levels = {r.get("sensitivity", "public") for r in records.values()}
    assert levels <= SEES[role]
    pat = records["person/pat"]
    if role == "local":
        assert "redacted_for" not in header
        assert len(records) == len(story()) + 1
    else:
        assert header["redacted_for"] == PRINCIPALS[role].role
    if "confidential" not in SEES[role]:
        assert "ev/pat-3" not in records and "case/sealed" not in records
        assert [i["value"] for i in pat["identifiers"]] == ["INM-PUB-1"]
        assert "relationships" not in pat and "addresses" not in pat
        assert "facility" not in records["ev/pat-1"].get("place", {})
        assert records["ev/pat-1"]["sources"] == [{"source": "source/public"}]
        assert "custodian" not in records["ev/pat-1"]
        assert "ev/cora-1" not in records
        assert ("ev/rita-1" in records) is (role == "viewer")
    if role == "public":
        assert "contacts" not in pat and "person/rita" not in records
    if role == "viewer":
        assert pat["contacts"][0]["value"] == "+1 555 0100"


def test_a_local_export_is_what_it_was_before_accounts(ledger: Store) -> None:
    header, records = exported(ledger, LOCAL_OPERATOR)
    assert "redacted_for" not in header and len(records) == len(story()) + 1
    assert records["person/pat"]["identifiers"][0]["value"] == "A-111-222-333"


def test_a_read_without_a_principal_is_refused(ledger: Store) -> None:
    """There is no default that sees everything: no principal, or None, is an error."""
    with pytest.raises(TypeError):
        whereabouts(ledger, "Pat Public")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        search(ledger, "Cora", principal=None)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        exported(ledger, None)  # type: ignore[arg-type]


# -- the audit of confidential reads -------------------------------------------------------
def test_confidential_reads_are_audited_and_nothing_else_is(ledger: Store) -> None:
    before = len(audit_lines(ledger))
    for principal in (PUBLIC, VIEWER, LOCAL_OPERATOR):
        whereabouts(ledger, "Pat Public", principal=principal)
        timeline(ledger, "person/pat", principal=principal)
        search(ledger, "Pat", principal=principal)
        exported(ledger, principal)
    assert len(audit_lines(ledger)) == before  # no confidential data shown, or not audited
    whereabouts(ledger, "Pat Public", principal=EDITOR)
    timeline(ledger, "person/pat", principal=EDITOR)
    search(ledger, "Cora", principal=ADMIN)
    search(ledger, "Pat", principal=ADMIN)  # Pat's record is public: the label shows nothing
    occupancy(ledger, "North Centre", on="2025-03-05", principal=EDITOR)
    history(ledger, "person/pat", principal=EDITOR)
    exported(ledger, ADMIN)
    lines = list(reversed(audit_lines(ledger)[: len(audit_lines(ledger)) - before]))
    assert [(line["what"], line["user"]) for line in lines] == [
        ("whereabouts", "ed"),
        ("timeline", "ed"),
        ("search", "ada"),
        ("occupancy", "ed"),
        ("history", "ed"),
        ("export", "ada"),
    ]
    assert all(line["action"] == "read" and line["level"] == "confidential" for line in lines)
    assert "ev/pat-3" in lines[0]["records"] and "facility/safehouse" in lines[0]["records"]
    assert lines[2]["records"] == ["person/cora"]
    assert "person/cora" in lines[3]["records"]
    assert lines[4]["records"] == ["person/pat"]
    assert {"person/cora", "ev/pat-3", "person/pat"} <= set(lines[5]["records"])
    with ledger.read() as conn:  # who, when, what: never the data
        bodies = " ".join(
            r.body + (r.disclosures or "")  # format 2 keeps the values in disclosures
            for r in conn.execute(select(metadata.tables["ledger_entries"]))
            if '"op":"audit"' in r.body
        )
    assert "person/cora" in bodies
    assert "A-111-222-333" not in bodies and "Safe House" not in bodies
    verify_ledger(ledger)


# -- the public view switch ----------------------------------------------------------------
def test_with_the_public_view_off_the_public_reads_nothing(ledger: Store) -> None:
    accounts.set_public_view(ledger, False)
    calls = [
        lambda p: whereabouts(ledger, "Pat Public", principal=p),
        lambda p: timeline(ledger, "person/pat", principal=p),
        lambda p: search(ledger, "Pat", principal=p),
        lambda p: occupancy(ledger, "North Centre", principal=p),
        lambda p: history(ledger, "person/pat", principal=p),
        lambda p: exported(ledger, p),
    ]
    for read in calls:
        with pytest.raises(NotAuthenticated, match="public view"):
            read(PUBLIC)
        read(VIEWER)
        read(LOCAL_OPERATOR)


# -- through the API -----------------------------------------------------------------------
def api_client(store: Store, role: str | None) -> Any:
    """A TestClient of the app over `store`, with a bearer token of a new `role` account."""
    app_module = pytest.importorskip("habeas.app")
    from habeas.config import Settings

    with warnings.catch_warnings():  # as tests/web/conftest.py: only this import is excused
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    app = app_module.create_app(Settings(database_url=store.url), store=store)
    client = TestClient(app)
    if role is not None:
        accounts.add_user(store, f"{role}-api", "a long password", role)
        token = accounts.create_token(store, f"{role}-api", "test")
        client.headers["Authorization"] = f"Bearer {token}"
    return client


@pytest.mark.parametrize("role", ["viewer", None])
def test_the_api_answers_show_nothing_above_clearance(ledger: Store, role: str | None) -> None:
    client = api_client(ledger, role)
    sees = role or "public"
    assert client.get("/api/v1/search", params={"q": "Cora"}).json()["results"] == []
    assert client.get("/api/v1/search", params={"q": "A-111-222-333"}).json()["results"] == []
    for path, params in [
        ("/api/v1/timeline", {"subject": "person/pat"}),
        ("/api/v1/whereabouts", {"who": "Pat Public"}),
        ("/api/v1/records/person/pat/history", {}),
    ]:
        r = client.get(path, params=params)
        assert r.status_code == 200 and not leaks(r.text, sees), (path, leaks(r.text, sees))
    for path, params in [
        ("/api/v1/whereabouts", {"who": "person/cora"}),
        ("/api/v1/timeline", {"subject": "Sealed v. Agency"}),
        ("/api/v1/records/person/cora", {}),
        ("/api/v1/records/ev/pat-3/history", {}),
    ]:
        assert client.get(path, params=params).status_code == 404, path


@pytest.mark.parametrize("role", ["viewer", None])
def test_the_api_record_view_shows_nothing_above_clearance(ledger: Store, role: str | None) -> None:
    client = api_client(ledger, role)
    r = client.get("/api/v1/records/person/pat")
    assert r.status_code == 200
    assert not leaks(r.text, role or "public")
    assert "ev/pat-3" not in r.text and "case/sealed" not in r.text


@pytest.mark.parametrize("principal", [PUBLIC, Principal("val", "viewer")])
def test_the_pages_record_view_shows_nothing_above_clearance(
    ledger: Store, principal: Principal
) -> None:
    from dataclasses import asdict, is_dataclass

    from habeas.services.browse import record_view

    view = record_view(ledger, "person/pat", principal=principal)
    text = json.dumps(view.to_json(), default=lambda o: asdict(o) if is_dataclass(o) else str(o))
    assert not leaks(text, principal.role)
    assert "ev/pat-3" not in text and "case/sealed" not in text
    full = json.dumps(
        record_view(ledger, "person/pat", principal=LOCAL_OPERATOR).to_json(), default=str
    )
    assert "ev/pat-3" in full or "case/sealed" in full, "the test data must hold them"


# -- status, compliance and alerts ----------------------------------------------------------
def _with_obligations(store: Store) -> Store:
    """Obligations of the public order: one about Cora (confidential), one about Pat; a
    confidential statement about Pat's case; and Cora's whereabouts unknown for long."""
    more = [
        {
            "type": "obligation",
            "key": "obligation/cora-return",
            "order": "order/pat-1",
            "about": ["person/cora"],
            "obligor_text": "Defendants",
            "action": "release",
            "text": "Release Cora Confidential.",
            "deadline": {"kind": "explicit", "at": "2025-04-02T17:00[America/New_York]"},
            "sources": cite(),
        },
        {
            "type": "obligation",
            "key": "obligation/pat-release",
            "order": "order/pat-1",
            "about": ["person/pat"],
            "obligor_text": "Defendants",
            "action": "release",
            "text": "Release the petitioner.",
            "deadline": {"kind": "explicit", "at": "2025-04-02T17:00[America/New_York]"},
            "sources": cite(),
        },
        {
            "type": "statement",
            "key": "statement/secret",
            "speaker": "actor/handler",
            "said": "2025-04-01",
            "text": "Handler Confidential said Pat stays.",
            "quote": "paraphrase",
            "about": ["person/pat", "case/pat"],
            "sensitivity": "confidential",
            "sources": cite("source/secret"),
        },
        _event("ev/cora-2", "person/cora", "whereabouts_unknown", "2025-03-04", "", "confidential"),
        {
            "type": "person",
            "key": "person/cora-real",
            "full_name": "Cora Confidential",
            "sensitivity": "confidential",
            "sources": cite(),
        },
        _event(
            "ev/cora-real-1",
            "person/cora-real",
            "detained",
            "2025-03-05",
            "facility/safehouse",
            "confidential",
        ),
    ]
    for r in more:
        if r.get("facility") == "":
            r.pop("facility")
    write_changes(store, [parse_record(r) for r in more], author="test")
    return store


@pytest.mark.parametrize("role", ROLES)
def test_compliance_alerts_and_status_leave_out_what_a_role_may_not_see(
    ledger: Store, role: str
) -> None:
    from habeas.services.alerts import alerts
    from habeas.services.compliance import compliance
    from habeas.services.status import status_report

    store = _with_obligations(ledger)
    who = PRINCIPALS[role]
    sees_all = "confidential" in SEES[role]
    report = compliance(store, principal=who).to_json()
    keys = {o["key"] for o in report["obligations"]}
    assert "obligation/pat-release" in keys
    assert ("obligation/cora-return" in keys) is sees_all
    context = [c["key"] for o in report["obligations"] for c in o["context"]]
    assert ("statement/secret" in context) is sees_all
    by_case = compliance(store, "Public v. Agency", principal=who).to_json()
    assert {o["key"] for o in by_case["obligations"]} == keys
    found = alerts(store, as_of="2025-06-01", principal=who).to_json()
    subjects = {a["subject"]["key"] for a in found["alerts"]}
    assert ("person/cora" in subjects) is sees_all
    assert ("obligation/cora-return" in subjects) is sees_all
    status = status_report(store, principal=who)
    assert ("person/cora-real" in {p["key"] for p in status["people"]}) is sees_all
    lines = {o["key"] for o in status["compliance"]["obligations"]}
    assert ("obligation/cora-return" in lines) is sees_all
    assert (status["records"]["person"] == 4) is sees_all
    text = json.dumps([report, by_case, found, status], default=str)
    assert not leaks(text, role), leaks(text, role)


def test_a_sealed_case_has_no_compliance_below_clearance(ledger: Store) -> None:
    from habeas.services.compliance import compliance

    for who in (PUBLIC, VIEWER):
        with pytest.raises(NotFound):
            compliance(ledger, "Sealed v. Agency", principal=who)
    assert compliance(ledger, "Sealed v. Agency", principal=EDITOR).case is not None


def test_confidential_status_compliance_and_alerts_reads_are_audited(ledger: Store) -> None:
    from habeas.services.alerts import alerts
    from habeas.services.compliance import compliance
    from habeas.services.status import status_report

    store = _with_obligations(ledger)
    before = len(audit_lines(store))
    for who in (PUBLIC, VIEWER, LOCAL_OPERATOR):
        compliance(store, principal=who)
        alerts(store, as_of="2025-06-01", principal=who)
        status_report(store, principal=who)
    assert len(audit_lines(store)) == before
    compliance(store, principal=EDITOR)
    alerts(store, as_of="2025-06-01", principal=EDITOR)
    status_report(store, principal=EDITOR)
    lines = list(reversed(audit_lines(store)[: len(audit_lines(store)) - before]))
    assert [(line["what"], line["user"]) for line in lines] == [
        ("compliance", "ed"),
        ("alerts", "ed"),
        ("status", "ed"),
    ]
    assert "person/cora" in lines[1]["records"] or "ev/cora-2" in lines[1]["records"]
    accounts.set_public_view(store, False)
    for read in (compliance, alerts, status_report):
        with pytest.raises(NotAuthenticated, match="public view"):
            read(store, principal=PUBLIC)


@pytest.mark.parametrize("role", ["viewer", None])
def test_the_api_status_compliance_and_alerts_show_nothing_above_clearance(
    ledger: Store, role: str | None
) -> None:
    client = api_client(_with_obligations(ledger), role)
    for path, params in [
        ("/api/v1/status", {}),
        ("/api/v1/compliance", {}),
        ("/api/v1/alerts", {"as_of": "2025-06-01"}),
    ]:
        r = client.get(path, params=params)
        assert r.status_code == 200, (path, r.text)
        assert not leaks(r.text, role or "public"), (path, leaks(r.text, role or "public"))
        assert "obligation/cora-return" not in r.text
