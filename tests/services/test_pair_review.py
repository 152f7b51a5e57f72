"""The review queue of candidate pairs: proposed once, rejected pairs remembered unless their
evidence changes, decided only by editors and admins, shown only to those who may see both
people, and rebuilt by verify from the log."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from habeas.domain.access import LOCAL_OPERATOR, PUBLIC, Forbidden, NotAuthenticated, Principal
from habeas.domain.errors import Conflict, InvalidRecord, LedgerCorrupt, NotFound
from habeas.domain.pairs import Evidence
from habeas.services import merges
from habeas.services.pair_review import decide, get_pair, key_of, propose_pairs, queue
from habeas.services.verify import verify_ledger
from habeas.storage import queries
from habeas.storage.merge_tables import pair_queue
from habeas.storage.store import Store
from tests.services.pair_fixtures import a_number, candidate, load, person, two_spellings

EDITOR = Principal("ed", "editor")
VIEWER = Principal("vi", "viewer")
PAIR = "person/kilmar-a|person/kilmer-b"


def test_a_proposed_pair_is_queued_once_whichever_way_round(store: Store) -> None:
    two_spellings(store)
    first = propose_pairs(store, LOCAL_OPERATOR, [candidate()], origin="dedupe")
    assert (first.added, first.already_queued) == (1, 0)
    again = propose_pairs(
        store, LOCAL_OPERATOR, [candidate("person/kilmer-b", "person/kilmar-a")], origin="dedupe"
    )
    assert (again.added, again.already_queued, again.rejected_before) == (0, 1, 0)
    [queued] = queue(store, principal=LOCAL_OPERATOR)
    assert queued.pair.pair_id == PAIR and queued.pair.status == "pending"
    assert queued.left.full_name == "Kilmar Armando Abrego Garcia"
    assert queued.to_json()["explanation"].startswith("matched: surname Abrego")
    assert queued.to_json()["right"]["sources"][0]["key"] == "source/test-court-doc"
    assert key_of("person/kilmer-b|person/kilmar-a") == queued.key


def test_a_rejected_pair_is_never_proposed_again_unless_its_evidence_changes(
    store: Store,
) -> None:
    two_spellings(store)
    propose_pairs(store, LOCAL_OPERATOR, [candidate()], origin="dedupe")
    done = decide(store, EDITOR, PAIR, "reject", "two cousins, says the family")
    assert done.status == "rejected"
    assert queue(store, principal=LOCAL_OPERATOR) == []
    same = propose_pairs(store, LOCAL_OPERATOR, [candidate()], origin="dedupe")
    assert (same.added, same.rejected_before) == (0, 1)
    reweighed = candidate(
        evidence=(
            Evidence("surname", "partial", "surname Abrego", 2.0),
            Evidence("given_name", "typo", "given name Kilmar ~ Kilmer", 1.0),
        )
    )
    assert propose_pairs(store, LOCAL_OPERATOR, [reweighed], origin="dedupe").rejected_before == 1
    new = candidate(
        evidence=(
            Evidence("surname", "partial", "surname Abrego", 6.0),
            Evidence("date_of_birth", "exact", "date of birth", 9.0),
        )
    )
    back = propose_pairs(store, LOCAL_OPERATOR, [new], origin="dedupe")
    assert (back.added, back.requeued) == (1, 1)
    [queued] = queue(store, principal=LOCAL_OPERATOR)
    assert queued.pair.status == "pending" and "date of birth" in queued.pair.explanation


def test_accepting_merges_the_two_and_the_pair_is_not_proposed_again(store: Store) -> None:
    two_spellings(store)
    propose_pairs(store, LOCAL_OPERATOR, [candidate()], origin="dedupe")
    done = decide(store, EDITOR, PAIR, "accept", "same person in two lists")
    assert done.status == "accepted" and done.merge is not None
    assert (done.merge.survivor, done.merge.absorbed) == ("person/kilmar-a", "person/kilmer-b")
    with store.read() as conn:
        assert merges.resolve_person(conn, "person/kilmer-b") == "person/kilmar-a"
        body = queries.get_records(conn, ["merge/person/kilmer-b"])["merge/person/kilmer-b"]
    assert "same person in two lists" in body.body and "given name Kilmar" in body.body
    again = propose_pairs(store, LOCAL_OPERATOR, [candidate()], origin="dedupe")
    assert (again.added, again.already_merged) == (0, 1)
    with pytest.raises(Conflict, match="accepted already"):
        decide(store, EDITOR, PAIR, "reject", "changed my mind")
    assert get_pair(store, PAIR, principal=EDITOR).pair.survivor == "person/kilmar-a"


def test_a_split_pair_returns_only_with_new_evidence(store: Store) -> None:
    two_spellings(store)
    propose_pairs(store, LOCAL_OPERATOR, [candidate()], origin="dedupe")
    decide(store, EDITOR, PAIR, "accept", "same person")
    merges.split_people(store, EDITOR, absorbed="person/kilmer-b", reason="two brothers")
    assert get_pair(store, PAIR, principal=EDITOR).pair.status == "split"
    assert propose_pairs(store, LOCAL_OPERATOR, [candidate()], origin="dedupe").rejected_before == 1


def test_a_skipped_pair_stays_in_the_queue_behind_the_pending_ones(store: Store) -> None:
    two_spellings(store)
    pairs = [candidate(), candidate("person/kilmar-a", "person/other")]
    propose_pairs(store, LOCAL_OPERATOR, pairs, origin="dedupe")
    decide(store, EDITOR, PAIR, "skip", None)
    keys = [q.pair.pair_id for q in queue(store, principal=EDITOR)]
    assert keys == ["person/kilmar-a|person/other", PAIR]
    assert [q.pair.status for q in queue(store, principal=EDITOR, statuses=["skipped"])] == [
        "skipped"
    ]
    assert propose_pairs(store, LOCAL_OPERATOR, [candidate()], origin="x").already_queued == 1


def test_pairs_of_people_already_merged_are_left_out(store: Store) -> None:
    two_spellings(store)
    merges.merge_people(
        store, EDITOR, survivor="person/kilmar-a", absorbed="person/kilmer-b", reason="same"
    )
    assert propose_pairs(store, LOCAL_OPERATOR, [candidate()], origin="x").already_merged == 1
    assert queue(store, principal=LOCAL_OPERATOR) == []


def test_only_editors_and_admins_decide_and_the_public_sees_no_queue(store: Store) -> None:
    two_spellings(store)
    propose_pairs(store, LOCAL_OPERATOR, [candidate()], origin="dedupe")
    with pytest.raises(Forbidden):
        decide(store, VIEWER, PAIR, "accept", "same")
    with pytest.raises(Forbidden):
        propose_pairs(store, VIEWER, [candidate()], origin="x")
    with pytest.raises(NotAuthenticated):
        queue(store, principal=PUBLIC)
    with pytest.raises(NotAuthenticated):
        decide(store, PUBLIC, PAIR, "reject", "no")
    assert [q.pair.status for q in queue(store, principal=VIEWER)] == ["pending"]


def test_a_pair_with_a_person_above_clearance_is_not_shown(store: Store) -> None:
    two_spellings(store)
    load(store, [person("person/hidden", "Kilmar Abrego", sensitivity="confidential")])
    propose_pairs(
        store, LOCAL_OPERATOR, [candidate("person/kilmar-a", "person/hidden")], origin="x"
    )
    assert queue(store, principal=VIEWER) == []
    with pytest.raises(NotFound):
        get_pair(store, "person/kilmar-a|person/hidden", principal=VIEWER)
    [seen] = queue(store, principal=EDITOR)
    assert seen.pair.sensitivity == "confidential"


def test_a_decision_needs_a_reason_and_a_known_pair(store: Store) -> None:
    two_spellings(store)
    propose_pairs(store, LOCAL_OPERATOR, [candidate()], origin="dedupe")
    with pytest.raises(InvalidRecord, match="reason"):
        decide(store, EDITOR, PAIR, "reject", "  ")
    with pytest.raises(InvalidRecord, match="unknown decision"):
        decide(store, EDITOR, PAIR, "maybe", "x")
    with pytest.raises(NotFound):
        decide(store, EDITOR, "person/kilmar-a|person/other", "accept", "x")


def test_conflicting_identifiers_need_an_explicit_override(store: Store) -> None:
    load(
        store,
        [
            person("person/x1", "Jose Luis Martinez", identifiers=a_number("A111111111")),
            person("person/x2", "José Luis Martínez", identifiers=a_number("A222222222")),
        ],
    )
    propose_pairs(
        store, LOCAL_OPERATOR, [candidate("person/x1", "person/x2", conflict=True)], origin="x"
    )
    with pytest.raises(InvalidRecord, match="override") as err:
        decide(store, EDITOR, "person/x1|person/x2", "accept", "same man")
    assert "A111111111" not in str(err.value)
    done = decide(
        store,
        EDITOR,
        "person/x1|person/x2",
        "accept",
        "same man",
        override="the second A-number is a typing error in the court list",
    )
    assert done.merge is not None and done.merge.conflicts == ("a_number",)


def test_a_pair_naming_no_person_writes_nothing(store: Store) -> None:
    two_spellings(store)
    before = verify_ledger(store).size
    with pytest.raises(InvalidRecord, match="person/nobody"):
        propose_pairs(
            store,
            LOCAL_OPERATOR,
            [candidate(), candidate("person/kilmar-a", "person/nobody")],
            origin="x",
        )
    assert verify_ledger(store).size == before


def test_verify_rebuilds_the_queue_and_finds_an_edited_row(store: Store) -> None:
    two_spellings(store)
    propose_pairs(store, LOCAL_OPERATOR, [candidate()], origin="dedupe")
    decide(store, EDITOR, PAIR, "accept", "same person")
    report = verify_ledger(store)
    assert report.projections["pair_queue"] == 1 and report.projections["person_merges"] == 1
    with store.write() as tx:
        tx.conn.execute(update(pair_queue).values(status="rejected"))
    with pytest.raises(LedgerCorrupt, match="pair_queue"):
        verify_ledger(store)
