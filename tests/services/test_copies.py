"""Stored copies of sources: content-addressed bytes, the hash in the log, verify checks both."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sqlalchemy import update

from habeas.domain.access import LOCAL_OPERATOR, PUBLIC, Principal
from habeas.domain.access_errors import Forbidden, NotAuthenticated
from habeas.domain.errors import LedgerCorrupt, NotFound
from habeas.domain.registry import parse_record
from habeas.services import accounts
from habeas.services.audit import audit_trail
from habeas.services.browse import record_view
from habeas.services.copies import attach_copy, get_copy, store_copy
from habeas.services.history import history
from habeas.services.verify import verify_copies, verify_ledger
from habeas.services.writer import write_changes
from habeas.storage.copy_tables import source_copies
from habeas.storage.store import Store

PDF = b"%PDF-1.4 the order of the court\n"
SHA = hashlib.sha256(PDF).hexdigest()
VIEWER = Principal("vera", "viewer")
EDITOR = Principal("ed", "editor")


@pytest.fixture
def sources(store: Store) -> Store:
    write_changes(
        store,
        [
            parse_record({"type": "source", "key": "source/open", "kind": "other", "title": "O"}),
            parse_record(
                {
                    "type": "source",
                    "key": "source/secret",
                    "kind": "other",
                    "title": "Secret Memo",
                    "sensitivity": "confidential",
                }
            ),
        ],
        author="test",
    )
    return store


def test_storing_is_content_addressed_and_idempotent(store: Store) -> None:
    assert store_copy(store, PDF, "application/pdf", "https://example.org/o.pdf") == SHA
    assert store_copy(store, PDF, "text/plain") == SHA  # the same bytes: nothing changes
    copy = get_copy(store, SHA, principal=LOCAL_OPERATOR)
    assert copy.data == PDF and copy.size == len(PDF)
    assert copy.media_type == "application/pdf"
    assert copy.retrieved_from == "https://example.org/o.pdf" and copy.retrieval_method == "upload"
    with store.read() as conn:
        assert len(list(conn.execute(source_copies.select()))) == 1
    with pytest.raises(NotFound):
        get_copy(store, "0" * 64, principal=LOCAL_OPERATOR)
    with pytest.raises(NotFound):
        get_copy(store, "not a hash", principal=LOCAL_OPERATOR)


def test_attaching_corrects_the_source_in_the_log(sources: Store, tmp_path: Path) -> None:
    path = tmp_path / "order.pdf"
    path.write_bytes(PDF)
    done = attach_copy(sources, "source/open", path, "the court's copy", principal=LOCAL_OPERATOR)
    assert (done.sha256, done.media_type, done.corrected) == (SHA, "application/pdf", True)
    view = record_view(sources, "source/open", principal=LOCAL_OPERATOR)
    assert getattr(view.record, "sha256", None) == SHA and view.version == 2
    lines = history(sources, "source/open", principal=LOCAL_OPERATOR)
    assert lines[-1].to_json()["reason"] == "the court's copy"
    assert not attach_copy(
        sources, "source/open", path, principal=LOCAL_OPERATOR
    ).corrected  # again: unchanged
    assert get_copy(sources, SHA, principal=LOCAL_OPERATOR).data == PDF
    verify_ledger(sources)
    with pytest.raises(NotFound):
        attach_copy(sources, "source/none", path, principal=LOCAL_OPERATOR)
    with pytest.raises(Forbidden):
        attach_copy(sources, "source/open", path, principal=VIEWER)


def test_a_copy_is_given_only_to_who_may_see_a_source_citing_it(
    sources: Store, tmp_path: Path
) -> None:
    path = tmp_path / "memo.txt"
    path.write_bytes(b"the secret memo")
    secret = attach_copy(sources, "source/secret", path, principal=LOCAL_OPERATOR).sha256
    orphan = store_copy(sources, b"cited by nothing", "text/plain")
    for who in (PUBLIC, VIEWER):
        with pytest.raises(NotFound):
            get_copy(sources, secret, principal=who)
        with pytest.raises(NotFound):
            get_copy(sources, orphan, principal=who)
    before = len(audit_trail(sources, 100, writes=False, principal=LOCAL_OPERATOR))
    assert get_copy(sources, secret, principal=EDITOR).data == b"the secret memo"
    lines = audit_trail(sources, 100, writes=False, principal=LOCAL_OPERATOR)
    assert len(lines) == before + 1 and lines[0]["records"] == ["source/secret"]
    assert (
        get_copy(sources, secret, principal=LOCAL_OPERATOR).data == b"the secret memo"
    )  # the local operator
    open_copy = tmp_path / "open.txt"
    open_copy.write_bytes(b"the secret memo")  # the same bytes, now cited by a public source
    attach_copy(sources, "source/open", open_copy, principal=LOCAL_OPERATOR)
    assert get_copy(sources, secret, principal=PUBLIC).data == b"the secret memo"
    accounts.set_public_view(sources, False)
    with pytest.raises(NotAuthenticated):
        get_copy(sources, secret, principal=PUBLIC)


def test_verify_finds_a_stored_copy_whose_bytes_were_changed(
    sources: Store, tmp_path: Path
) -> None:
    path = tmp_path / "order.pdf"
    path.write_bytes(PDF)
    attach_copy(sources, "source/open", path, principal=LOCAL_OPERATOR)
    with sources.read() as conn:
        assert verify_copies(conn) == 1
    with sources.engine.begin() as conn:
        conn.execute(
            update(source_copies)
            .where(source_copies.c.sha256 == SHA)
            .values(bytes=b"%PDF-1.4 a different order\n")
        )
    with pytest.raises(LedgerCorrupt, match=SHA):
        verify_ledger(sources)
