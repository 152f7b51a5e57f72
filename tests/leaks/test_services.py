"""Every read service, as every reader, over the canary ledger: nothing above clearance
comes back (names, keys, fields, counts), everything within it does, and a new service
that returns ledger data fails here until it is walked too."""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import io
import json
import pkgutil
from collections.abc import Callable
from typing import Any

import pytest

import habeas.services
from habeas.domain.access import LOCAL_OPERATOR, Principal
from habeas.domain.access_errors import Forbidden, NotAuthenticated
from habeas.domain.base import Model
from habeas.domain.errors import HabeasError
from habeas.domain.merges import PAIR_STATUSES
from habeas.ledger.tlog_proof import decode_proof
from habeas.services import accounts
from habeas.services.alerts import alerts
from habeas.services.audit import audit_trail
from habeas.services.browse import (
    occupancy_series,
    recent_entries,
    record_view,
    visible_view,
)
from habeas.services.compliance import compliance
from habeas.services.copies import get_copy
from habeas.services.courtlistener_sync import list_tracked
from habeas.services.drafts import get_draft, list_drafts
from habeas.services.entry_proofs import entry_proof, find_entries
from habeas.services.evidence_bundle import build_bundle
from habeas.services.exporting import export_bundle
from habeas.services.held_pages import held_page
from habeas.services.history import history
from habeas.services.linking import match_person
from habeas.services.listing import list_records
from habeas.services.merged_records import merged_away, merged_into
from habeas.services.merges import answers_as
from habeas.services.occupancy import occupancy
from habeas.services.order_compliance import order_states
from habeas.services.pair_review import get_pair, queue
from habeas.services.public_person import public_person
from habeas.services.recording import choices, current_record
from habeas.services.search import forgiving_search, search
from habeas.services.status import status_report
from habeas.services.timeline import timeline
from habeas.services.whereabouts import whereabouts
from habeas.storage.store import Store
from tests.leaks.canaries import (
    CENTRE_HELD,
    CONFIDENTIAL_PERSON,
    MERGED_PERSON,
    PAIR_REFS,
    PUBLIC_PERSON,
    RESTRICTED_CASE,
    RESTRICTED_PERSON,
    RESTRICTED_SOURCE,
    ROLES,
    leaked,
    missing,
)
from tests.leaks.conftest import World

PEOPLE = ("person/ana", PUBLIC_PERSON, RESTRICTED_PERSON, CONFIDENTIAL_PERSON, MERGED_PERSON)
KEYS = (
    *PEOPLE,
    RESTRICTED_SOURCE,
    RESTRICTED_CASE,
    "facility/centre",
    "ev/zyqx-1",
    "ev/vorp-1",
    "ev/ana-secret-1",
)
WORDS = (
    *("zyqx", "vorp", "plainc", "quell", "ana", "zyqx restricta", "vorp confida"),
    # misspelt, as a family member might type them: typos, sounds alike, initials
    *("Zyqxcanery Restrikta", "Sikxcanary", "Vorpkanary Konfida", "Restricta, Z", "Konfida V"),
)
ON = "2025-03-10"

Ask = Callable[[Store, Principal, str], Any]


def _export(store: Store, principal: Principal, _sha: str) -> str:
    out = io.StringIO()
    export_bundle(store, out, principal=principal)
    return out.getvalue()


def _bundle(store: Store, principal: Principal, _sha: str) -> list[str]:
    """The bundle of each person for the widest audience the principal may bundle for."""
    audience = {"public": "public", "viewer": "counsel"}.get(principal.role, "court")

    def members(key: str) -> str:
        made = build_bundle(store, key, audience=audience, principal=principal)  # type: ignore[arg-type]
        return b"\n".join(made.members.values()).decode("utf-8", "replace")

    return _each(("person/ana", PUBLIC_PERSON, RESTRICTED_PERSON), members)


def _each(values: tuple[str, ...], ask: Callable[[str], Any]) -> list[Any]:
    return [_answer(lambda v=v: ask(v), v) for v in values]  # type: ignore[misc]


def _proof_said(proof: Any) -> str:
    """A proof file with its entry's bytes decoded (they travel in base64)."""
    extra = decode_proof(proof.data).extra
    return proof.data.decode() + (extra.decode() if extra else "")


# name -> how to ask it (store, principal, the stored copy's hash) -> anything printable
READS: dict[str, Ask] = {
    "alerts.alerts": lambda s, p, _: alerts(s, as_of=ON, principal=p),
    "audit.audit_trail": lambda s, p, _: audit_trail(s, 500, principal=p),
    "browse.occupancy_series": lambda s, p, _: occupancy_series(s, "facility/centre", principal=p),
    "browse.recent_entries": lambda s, p, _: recent_entries(s, 200, principal=p),
    "browse.record_view": lambda s, p, _: _each(KEYS, lambda k: record_view(s, k, principal=p)),
    "browse.visible_view": lambda s, p, _: _each(
        KEYS, lambda k: visible_view(s, record_view(s, k, principal=LOCAL_OPERATOR), principal=p)
    ),
    "compliance.compliance": lambda s, p, _: _each(
        ("now", "2100-01-01"),
        lambda k: compliance(s, known_at=None if k == "now" else k, principal=p),
    ),
    "copies.get_copy": lambda s, p, sha: get_copy(s, sha, principal=p).data,
    "courtlistener_sync.list_tracked": lambda s, p, _: list_tracked(s, principal=p),
    "drafts.get_draft": lambda s, p, _: get_draft(s, 1, principal=p),
    "evidence_bundle.build_bundle": _bundle,
    "drafts.list_drafts": lambda s, p, _: list_drafts(s, principal=p),
    "exporting.export_bundle": _export,
    "entry_proofs.entry_proof": lambda s, p, _: _each(
        tuple(str(n) for n in range(80)), lambda n: _proof_said(entry_proof(s, int(n), principal=p))
    ),
    "entry_proofs.find_entries": lambda s, p, sha: find_entries(s, principal=p, copy_sha256=sha),
    "history.history": lambda s, p, _: _each(KEYS, lambda k: history(s, k, principal=p)),
    "listing.list_records": lambda s, p, _: [
        list_records(s, principal=p, limit=500, status=None),
        _each(WORDS, lambda w: list_records(s, text=w, principal=p)),
    ],
    "linking.match_person": lambda s, p, _: _each(
        PEOPLE, lambda k: match_person(s, k, principal=p)
    ),
    "merges.answers_as": lambda s, p, _: _each(PEOPLE, lambda k: answers_as(s, k, principal=p)),
    "merged_records.merged_into": lambda s, p, _: _each(
        PEOPLE, lambda k: merged_into(s, k, principal=p)
    ),
    "merged_records.merged_away": lambda s, p, _: _each(
        PEOPLE, lambda k: merged_away(s, k, principal=p)
    ),
    "occupancy.occupancy": lambda s, p, _: occupancy(s, "facility/centre", on=ON, principal=p),
    "held_pages.held_page": lambda s, p, _: held_page(s, "facility/centre", on=ON, principal=p),
    "pair_review.get_pair": lambda s, p, _: _each(
        PAIR_REFS, lambda r: get_pair(s, f"pair/{r}", principal=p)
    ),
    "order_compliance.order_states": lambda s, p, _: _each(
        (RESTRICTED_CASE,), lambda k: order_states(s, [k], principal=p)
    ),
    "pair_review.queue": lambda s, p, _: queue(s, principal=p, statuses=PAIR_STATUSES),
    "public_person.public_person": lambda s, p, _: _each(
        PEOPLE, lambda k: public_person(s, k, principal=p)
    ),
    "recording.choices": lambda s, p, _: _each(
        ("person", "source", "case", "custody_event"),
        lambda t: choices(s, t, include_synthetic=True, principal=p),
    ),
    "recording.current_record": lambda s, p, _: _each(
        KEYS, lambda k: current_record(s, k, principal=p)
    ),
    "search.search": lambda s, p, _: _each(WORDS, lambda w: search(s, w, principal=p)),
    "search.forgiving_search": lambda s, p, _: _each(
        WORDS, lambda w: forgiving_search(s, w, principal=p)
    ),
    "status.status_report": lambda s, p, _: status_report(s, as_of=ON, principal=p),
    "timeline.timeline": lambda s, p, _: _each(
        (*PEOPLE, RESTRICTED_CASE), lambda k: timeline(s, k, principal=p)
    ),
    "whereabouts.whereabouts": lambda s, p, _: _each(
        PEOPLE, lambda k: whereabouts(s, k, as_of=ON, principal=p)
    ),
}

NOT_READS = {
    # writes (they take a principal to check who writes, and answer with what was written)
    "article_import.import_article",
    "copies.attach_copy",
    "courtlistener_sync.sync_dockets",
    "courtlistener_sync.track_docket",
    "docket_files.import_docket_file",
    "docket_import.import_docket",
    "drafts.accept_draft",
    "drafts.reject_draft",
    "merges.merge_people",
    "merges.split_people",
    "pair_review.decide",
    "pair_review.propose_pairs",
    # matching that proposes to the review queue or merges: writes, and editors' only
    "dedupe.dedupe_ledger",
    "linking.link_imported",
    # the demo's loader of name variants (as the local operator)
    "name_variants.load_name_variants",
    "docket_import.import_docket_in",
    # the one write door itself
    "write.import_stream",
    "write.joining",
    "write.write",
    "write.writing",
    # accounts: who may sign in, never ledger data
    *(
        f"accounts.{n}"
        for n in [
            "add_user",
            "authenticate_token",
            "create_token",
            "get_user",
            "issue_token",
            "list_tokens",
            "list_users",
            "login",
            "logout",
            "principal_for_session",
            "public_view_enabled",
            "remove_user",
            "revoke_token",
            "set_password",
            "set_public_view",
            "set_role",
        ]
    ),
    # the audit's own writers (called by the reads above, with their principal)
    "audit.audit_event",
    "audit.audit_in",
    "audit.audit_read",
    "audit.audit_write",
    "audit.author_for",
    # the audit queue's flusher: it moves queued read events into the log and answers with
    # how many, never with a record
    "audit.flush_audit",
    # hashes and counts, never a record: proofs, the checkpoint, verification
    "checkpoints.enable_signing",
    "checkpoints.latest",
    "checkpoints.latest_with_cosignatures",
    "checkpoints.published",
    "checkpoints.sign_checkpoint",
    # witnessing: other logs' names, keys and checkpoints, and cosignatures (signatures over
    # sizes and roots), never a record
    "witness.accept_cosignature",
    "witness.add_log",
    "witness.list_logs",
    "witness.witness_all",
    "proofs.checkpoint",
    "proofs.consistency_proof",
    "proofs.inclusion_proof",
    "verify.verify_ledger",
    # how many drafts wait (a number for the review link of those who may review)
    "drafts.count_pending",
    # writes and importers without a principal (called by the local operator or a checked
    # page; they answer with what they wrote, not with what was there)
    "copies.store_copy",
    "courtlistener_sync.docket_header",
    "courtlistener_webhook.receive_courtlistener",
    "database.load_demo",
    "editing.correct_record",
    "editing.create_record",
    "editing.retract_record",
    "importing.check_file",
    "importing.import_bundle",
    "recording.record_facts",
    "recording.retract_fact",
    "sheet_import.check",
    "sheet_import.import_sheet",
    "sheet_import.preview",
    "writer.ledger_writer",
    "writer.write_changes",
}
"""Public functions of habeas.services that take a store or a principal but are not reads
of ledger data, each with its reason."""


def _service_functions() -> dict[str, inspect.Signature]:
    """module.function -> signature, for each public function of habeas.services that
    takes a `store` first or a `principal` anywhere."""
    out = {}
    for info in pkgutil.iter_modules(habeas.services.__path__):
        module = importlib.import_module(f"habeas.services.{info.name}")
        for name, fn in vars(module).items():
            if name.startswith("_") or not inspect.isfunction(fn):
                continue
            if fn.__module__ != module.__name__:
                continue
            sig = inspect.signature(fn)
            params = list(sig.parameters)
            if (params and params[0] == "store") or "principal" in params:
                out[f"{info.name}.{name}"] = sig
    return out


def test_every_service_is_walked_or_said_not_to_read() -> None:
    found = _service_functions()
    unknown = set(found) - set(READS) - NOT_READS
    assert not unknown, f"walk these read services in READS (or say why not): {sorted(unknown)}"
    gone = (set(READS) | NOT_READS) - set(found)
    assert not gone, f"no longer in habeas.services: {sorted(gone)}"


@pytest.mark.parametrize("name", sorted(READS))
def test_every_read_service_requires_a_principal(name: str) -> None:
    """No default that sees everything: `principal` is required, and None is refused."""
    param = _service_functions()[name].parameters["principal"]
    assert param.default is inspect.Parameter.empty, name
    assert param.kind is inspect.Parameter.KEYWORD_ONLY, name


def _text(value: Any) -> str:
    """Everything an answer says, as text."""
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, str):
        return value
    if isinstance(value, Model):
        return value.model_dump_json()
    if hasattr(value, "to_json"):
        return json.dumps(value.to_json(), default=str, ensure_ascii=False)
    if isinstance(value, (list, tuple)):
        return "\n".join(_text(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, default=str, ensure_ascii=False)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _text(dataclasses.asdict(value))
    return repr(value)


def _answer(ask: Callable[[], Any], given: str = "") -> str:
    """The answer as text; a refusal as its message, without what the reader asked for
    (a "no record with key X" repeats X, and says nothing)."""
    try:
        return _text(ask())
    except (HabeasError, NotAuthenticated, Forbidden) as e:
        return f"<{type(e).__name__}: {str(e).replace(given, '…') if given else e}>"


@pytest.fixture(scope="module")
def answers(world: World) -> dict[str, dict[str, str]]:
    """role -> service -> its answers as text (each role asks once)."""
    out: dict[str, dict[str, str]] = {}
    roles = [(r.name, r.principal, r.public_view) for r in ROLES]
    for name, principal, public_view in [*roles, ("local", LOCAL_OPERATOR, True)]:
        accounts.set_public_view(world.store, public_view)
        out[name] = {}
        for service, ask in READS.items():
            out[name][service] = _answer(lambda: ask(world.store, principal, world.sha256))  # noqa: B023
    accounts.set_public_view(world.store, True)
    return out


@pytest.mark.parametrize("role", [r.name for r in ROLES] + ["local"])
def test_no_read_service_shows_a_canary_above_clearance(
    answers: dict[str, dict[str, str]], role: str
) -> None:
    leaks = {s: found for s, text in answers[role].items() if (found := leaked(text, role))}
    assert not leaks, f"{role} was shown {leaks}"


@pytest.mark.parametrize("role", [r.name for r in ROLES] + ["local"])
def test_the_read_services_show_every_canary_within_clearance(
    answers: dict[str, dict[str, str]], role: str
) -> None:
    assert not missing(list(answers[role].values()), role)


def test_the_anonymous_reader_is_refused_everything(answers: dict[str, dict[str, str]]) -> None:
    """With the public view off, a signed-out reader gets no answer at all."""
    for service, text in answers["anonymous"].items():
        for part in text.split("\n"):
            assert part.startswith("<NotAuthenticated") or part == "", (service, part)


@pytest.mark.parametrize("role", ["public", "viewer", "editor", "admin", "local"])
def test_counts_agree_with_the_lists(world: World, role: str) -> None:
    """North Centre's count, the chart's series and the status table count the same people
    the occupancy list names: only those the role may see."""
    principal = (
        LOCAL_OPERATOR if role == "local" else next(r.principal for r in ROLES if r.name == role)
    )
    occ = occupancy(world.store, "facility/centre", on=ON, principal=principal)
    assert occ.count == len(occ.held) == CENTRE_HELD[role]
    page = held_page(world.store, "facility/centre", on=ON, principal=principal)
    assert page.total == len(page.held) == CENTRE_HELD[role]
    assert [p.key for p, _e in page.held] == [p.key for p, _e in occ.held]
    _fac, series = occupancy_series(world.store, "facility/centre", principal=principal)
    on_the_day = [p.held for p in series if p.on.isoformat() <= ON][-1]
    assert on_the_day == max(p.held for p in series) == CENTRE_HELD[role]
    status = status_report(world.store, as_of=ON, principal=principal)
    [centre] = [f for f in status["facilities"] if f["key"] == "facility/centre"]
    assert centre["held"] == CENTRE_HELD[role]
