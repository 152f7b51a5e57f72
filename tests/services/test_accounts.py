"""Accounts on both backends: hashes not passwords, hashed tokens, sessions, rate limiting,
CSRF, permissions, and audit entries in the log that `habeas verify` still accepts."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from habeas.domain.access import LOCAL_OPERATOR, Principal
from habeas.domain.access_errors import Forbidden, NotAuthenticated, RateLimited
from habeas.domain.errors import Conflict, InvalidRecord, NotFound
from habeas.services import accounts
from habeas.services.audit import audit_read, audit_trail, audit_write
from habeas.services.verify import verify_ledger
from habeas.storage import account_tables as a
from habeas.storage.store import Store
from habeas.storage.tables import metadata

PASSWORD = "correct horse battery staple"
T0 = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)


def everything_stored(store: Store) -> str:
    """Every value of every row of every table, as one text."""
    parts = []
    with store.read() as conn:
        for table in metadata.sorted_tables:
            for row in conn.execute(select(table)):
                parts.append(" ".join(str(v) for v in row))
    return "\n".join(parts)


@pytest.fixture
def ana(store: Store) -> str:
    accounts.add_user(store, "ana", PASSWORD, "editor")
    return "ana"


# -- passwords -------------------------------------------------------------------------------
def test_a_password_is_stored_only_as_an_argon2id_hash(store: Store, ana: str) -> None:
    with store.read() as conn:
        row = conn.execute(select(a.users).where(a.users.c.username == ana)).one()
    assert row.password_hash.startswith("$argon2id$")
    assert PASSWORD not in everything_stored(store)
    assert accounts.get_user(store, ana).role == "editor"


def test_bad_names_roles_and_passwords_are_refused(store: Store) -> None:
    for name in ("Ana", "", "a b", "local", "x" * 65, "-ana"):
        with pytest.raises(InvalidRecord, match=r"user|reserved"):
            accounts.add_user(store, name, PASSWORD, "viewer")
    with pytest.raises(InvalidRecord, match="role"):
        accounts.add_user(store, "bo", PASSWORD, "superuser")
    with pytest.raises(InvalidRecord, match="role"):
        accounts.add_user(store, "bo", PASSWORD, "public")
    with pytest.raises(InvalidRecord, match="password"):
        accounts.add_user(store, "bo", "short", "viewer")
    assert accounts.list_users(store) == []


def test_a_name_is_never_given_twice(store: Store, ana: str) -> None:
    with pytest.raises(Conflict):
        accounts.add_user(store, ana, PASSWORD, "viewer")
    accounts.remove_user(store, ana)
    with pytest.raises(Conflict, match="not reused"):
        accounts.add_user(store, ana, PASSWORD, "viewer")
    assert [u.username for u in accounts.list_users(store, include_removed=True)] == [ana]
    assert accounts.list_users(store) == []
    with pytest.raises(NotFound):
        accounts.remove_user(store, ana)


# -- sessions --------------------------------------------------------------------------------
def test_login_opens_a_session_stored_only_as_a_hash(store: Store, ana: str) -> None:
    token = accounts.login(store, ana, PASSWORD, "10.0.0.1")
    assert accounts.principal_for_session(store, token) == Principal(ana, "editor")
    stored = everything_stored(store)
    assert token not in stored
    assert hashlib.sha256(token.encode()).hexdigest() in stored
    accounts.logout(store, token)
    with pytest.raises(NotAuthenticated):
        accounts.principal_for_session(store, token)
    accounts.logout(store, token)  # twice is fine


def test_a_wrong_password_and_an_unknown_name_look_the_same(store: Store, ana: str) -> None:
    with pytest.raises(NotAuthenticated) as wrong:
        accounts.login(store, ana, "not the password", "c")
    with pytest.raises(NotAuthenticated) as unknown:
        accounts.login(store, "nobody", PASSWORD, "c")
    assert str(wrong.value) == str(unknown.value)
    with pytest.raises(NotAuthenticated):
        accounts.principal_for_session(store, "made-up")


def test_sessions_end_when_idle_and_after_their_lifetime(store: Store, ana: str) -> None:
    token = accounts.login(store, ana, PASSWORD, "c", now=T0)
    for minutes in (30, 140, 250):  # used at least every two hours: still alive
        accounts.principal_for_session(store, token, now=T0 + timedelta(minutes=minutes))
    with pytest.raises(NotAuthenticated, match="ended"):
        accounts.principal_for_session(store, token, now=T0 + timedelta(minutes=250 + 121))
    token = accounts.login(store, ana, PASSWORD, "c", now=T0)
    for hours in range(1, 12):
        accounts.principal_for_session(store, token, now=T0 + timedelta(hours=hours))
    with pytest.raises(NotAuthenticated):
        accounts.principal_for_session(store, token, now=T0 + timedelta(hours=12))


def test_role_changes_and_removal_act_on_open_sessions(store: Store, ana: str) -> None:
    token = accounts.login(store, ana, PASSWORD, "c")
    accounts.set_role(store, ana, "viewer")
    assert accounts.principal_for_session(store, token).role == "viewer"
    accounts.remove_user(store, ana)
    with pytest.raises(NotAuthenticated):
        accounts.principal_for_session(store, token)
    with pytest.raises(NotAuthenticated):
        accounts.login(store, ana, PASSWORD, "c")


def test_a_new_password_ends_the_other_sessions(store: Store, ana: str) -> None:
    here = accounts.login(store, ana, PASSWORD, "c")
    there = accounts.login(store, ana, PASSWORD, "d")
    me = Principal(ana, "editor")
    accounts.set_password(store, ana, "a brand new password", by=me, keep_session=here)
    assert accounts.principal_for_session(store, here) == me
    with pytest.raises(NotAuthenticated):
        accounts.principal_for_session(store, there)
    with pytest.raises(NotAuthenticated):
        accounts.login(store, ana, PASSWORD, "c")
    accounts.login(store, ana, "a brand new password", "c")


# -- rate limiting ---------------------------------------------------------------------------
def test_five_failures_lock_that_name_from_that_client_for_the_window(
    store: Store, ana: str
) -> None:
    for i in range(accounts.MAX_FAILURES):
        with pytest.raises(NotAuthenticated):
            accounts.login(store, ana, "guess", "10.0.0.9", now=T0 + timedelta(seconds=i))
    with pytest.raises(RateLimited) as limited:  # the right password is not even checked
        accounts.login(store, ana, PASSWORD, "10.0.0.9", now=T0 + timedelta(seconds=10))
    assert 880 <= limited.value.retry_after <= 900
    accounts.login(store, ana, PASSWORD, "10.0.0.10", now=T0 + timedelta(seconds=11))
    later = T0 + accounts.LOGIN_WINDOW + timedelta(seconds=5)
    accounts.login(store, ana, PASSWORD, "10.0.0.9", now=later)
    with store.read() as conn:  # a success forgets the failures; old ones are pruned
        assert conn.execute(select(a.login_attempts)).all() == []


def test_one_client_trying_many_names_is_limited_too(store: Store, ana: str) -> None:
    for i in range(accounts.MAX_CLIENT_FAILURES):
        with pytest.raises(NotAuthenticated):
            accounts.login(store, f"user{i}", "guess", "10.0.0.66", now=T0)
    with pytest.raises(RateLimited):
        accounts.login(store, ana, PASSWORD, "10.0.0.66", now=T0 + timedelta(seconds=1))


# -- CSRF ------------------------------------------------------------------------------------
def test_a_csrf_token_belongs_to_one_session(store: Store, ana: str) -> None:
    one = accounts.login(store, ana, PASSWORD, "c")
    two = accounts.login(store, ana, PASSWORD, "c")
    token = accounts.csrf_token_for(one)
    assert token == accounts.csrf_token_for(one) and len(token) == 64
    assert accounts.check_csrf(one, token)
    assert not accounts.check_csrf(two, token)
    assert not accounts.check_csrf(one, "")
    assert not accounts.check_csrf(one, None)
    assert not accounts.check_csrf("", token)
    assert not accounts.check_csrf(one, token[:-1] + ("0" if token[-1] != "0" else "1"))
    keyed = accounts.csrf_token_for(one, secret="server secret key")
    assert keyed != token and accounts.check_csrf(one, keyed, secret="server secret key")
    assert not accounts.check_csrf(one, keyed)


# -- API tokens ------------------------------------------------------------------------------
def test_api_tokens_are_shown_once_and_stored_hashed(store: Store, ana: str) -> None:
    token = accounts.create_token(store, ana, "nightly import")
    assert token.startswith("habeas_")
    assert accounts.authenticate_token(store, token) == Principal(ana, "editor")
    assert token not in everything_stored(store)
    assert token.split("_", 2)[2] not in everything_stored(store)
    (info,) = accounts.list_tokens(store, ana)
    assert info.label == "nightly import" and info.last_used_at is not None
    assert token.startswith(f"habeas_{info.token_id}_")
    accounts.revoke_token(store, info.token_id)
    with pytest.raises(NotAuthenticated):
        accounts.authenticate_token(store, token)
    with pytest.raises(Conflict):
        accounts.revoke_token(store, token)  # given whole, already revoked


def test_bad_tokens_are_refused(store: Store, ana: str) -> None:
    token = accounts.create_token(store, ana)
    for bad in ("", "habeas_", token[:-1] + ("A" if token[-1] != "A" else "B"), token + "x"):
        with pytest.raises(NotAuthenticated):
            accounts.authenticate_token(store, bad)
    accounts.remove_user(store, ana)
    with pytest.raises(NotAuthenticated):
        accounts.authenticate_token(store, token)
    assert all(t.revoked_at for t in accounts.list_tokens(store))


# -- who may change accounts -----------------------------------------------------------------
def test_only_admins_manage_accounts_but_anyone_may_manage_their_own(
    store: Store, ana: str
) -> None:
    accounts.add_user(store, "vera", PASSWORD, "viewer")
    vera = Principal("vera", "viewer")
    boss = Principal("boss", "admin")
    with pytest.raises(Forbidden):
        accounts.add_user(store, "eve", PASSWORD, "admin", by=vera)
    with pytest.raises(Forbidden):
        accounts.set_role(store, "vera", "admin", by=vera)
    with pytest.raises(Forbidden):
        accounts.set_password(store, ana, "vera's choice!", by=vera)
    with pytest.raises(Forbidden):
        accounts.create_token(store, ana, by=vera)
    with pytest.raises(Forbidden):
        accounts.remove_user(store, ana, by=vera)
    with pytest.raises(Forbidden):
        accounts.set_public_view(store, False, by=vera)
    accounts.set_password(store, "vera", "my own new password", by=vera)
    mine = accounts.create_token(store, "vera", "mine", by=vera)
    ana_token = accounts.create_token(store, ana)
    with pytest.raises(Forbidden):
        accounts.revoke_token(store, ana_token, by=vera)
    accounts.revoke_token(store, mine, by=vera)
    accounts.set_role(store, "vera", "editor", by=boss)
    with pytest.raises(NotAuthenticated):
        accounts.add_user(store, "eve", PASSWORD, "admin", by=accounts.PUBLIC)


# -- the public view switch, and the audit trail -----------------------------------------
def test_the_public_view_is_on_until_an_admin_switches_it_off(store: Store) -> None:
    assert accounts.public_view_enabled(store)
    accounts.set_public_view(store, False)
    assert not accounts.public_view_enabled(store)
    accounts.set_public_view(store, True)
    assert accounts.public_view_enabled(store)


def test_every_account_change_is_audited_without_secrets_and_verify_passes(
    store: Store,
) -> None:
    accounts.add_user(store, "ana", PASSWORD, "editor")
    token = accounts.create_token(store, "ana", "script")
    accounts.set_role(store, "ana", "admin")
    accounts.set_password(store, "ana", "another password!")
    token_id = accounts.list_tokens(store)[0].token_id
    accounts.revoke_token(store, token_id)
    accounts.set_public_view(store, False)
    accounts.remove_user(store, "ana")
    accounts.add_user(store, "bo", PASSWORD, "viewer")
    session = accounts.login(store, "bo", PASSWORD, "c")
    trail = audit_trail(store, 100, principal=LOCAL_OPERATOR)
    actions = [line["action"] for line in reversed(trail)]
    assert actions == [
        "account.add",
        "token.create",
        "account.role",
        "account.password",
        "token.revoke",
        "setting.set",
        "account.remove",
        "account.add",
    ]
    assert all(line["user"] == LOCAL_OPERATOR.username for line in trail)
    assert trail[-1]["account"] == "ana" and trail[-1]["account_role"] == "editor"
    assert trail[-2]["token"] == token_id and trail[-2]["label"] == "script"
    assert trail[3]["action"] == "token.revoke" and trail[3]["token"] == token_id
    with store.read() as conn:
        log = " ".join(  # the entries and their disclosures (format 2 keeps values there)
            r.body + (r.disclosures or "")
            for r in conn.execute(select(metadata.tables["ledger_entries"]))
        )
    assert "token.create" in log
    for secret in (PASSWORD, "another password!", token, token.split("_", 2)[2], session):
        assert secret not in log
    assert verify_ledger(store).size == len(trail)


def test_reads_and_writes_can_be_audited_and_filtered_by_user(store: Store) -> None:
    ana = Principal("ana", "editor")
    assert audit_read(store, ana, [], "timeline") == 0  # nothing read, nothing written
    assert audit_read(store, ana, ["person/x", "ev/1", "person/x"], "timeline") == 1
    assert audit_read(store, ana, [f"k/{i}" for i in range(2500)], "export") == 3
    assert audit_write(store, Principal("bo", "admin"), "export for court", ["person/x"]) == 1
    mine = audit_trail(store, 10, user="ana", principal=LOCAL_OPERATOR)
    assert len(mine) == 4 and all(line["user"] == "ana" for line in mine)
    assert mine[-1] == {
        **mine[-1],
        "action": "read",
        "role": "editor",
        "what": "timeline",
        "records": ["ev/1", "person/x"],
        "level": "confidential",
    }
    assert (
        audit_trail(store, 10, user="bo", principal=LOCAL_OPERATOR)[0]["what"] == "export for court"
    )
    assert len(audit_trail(store, 2, principal=LOCAL_OPERATOR)) == 2
    verify_ledger(store)
