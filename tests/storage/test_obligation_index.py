"""The obligation index: alerts and the status report read only the obligations that can
be in effect, by one indexed query, and answer exactly as reading every obligation did."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from habeas.domain.access import LOCAL_OPERATOR
from habeas.domain.compliance_state import Status
from habeas.domain.errors import LedgerCorrupt
from habeas.domain.obligations import Obligation
from habeas.services.compliance import compliance_in, obligations_effective_by
from habeas.services.database import load_demo
from habeas.services.verify import verify_ledger
from habeas.services.visibility import Visibility
from habeas.services.writer import write_changes
from habeas.storage import index_queries, queries
from habeas.storage.projections import record_from_row
from habeas.storage.store import Store

MOMENT = datetime(2025, 6, 1, tzinfo=UTC)


def every_obligation(store: Store) -> list[Obligation]:
    with store.read() as conn:
        rows = queries.records_of_type(conn, "obligation")
    return [o for r in rows if isinstance(o := record_from_row(r.body), Obligation)]


def in_effect(store: Store, obligations: list[Obligation], as_of: str) -> list[str]:
    with store.read() as conn:
        return [
            i.obligation.key
            for i in compliance_in(conn, obligations, as_of, MOMENT, Visibility(LOCAL_OPERATOR))
            if i.state.status is not Status.NOT_YET_EFFECTIVE
        ]


@pytest.fixture
def demo(store: Store) -> Store:
    load_demo(store)
    first = every_obligation(store)[0]
    later = first.model_copy(update={"key": first.key + "-later", "effective_from": "2030-01-01"})
    write_changes(store, [Obligation.model_validate(later.model_dump())])
    return store


@pytest.mark.parametrize("as_of", ["2025-04-01", "2025-04-11", "2025-05-01", "2025-06-01"])
def test_the_index_reads_only_what_can_be_in_effect_and_changes_no_answer(
    demo: Store, as_of: str
) -> None:
    every = every_obligation(demo)
    with demo.read() as conn:
        read = obligations_effective_by(conn, as_of, MOMENT, Visibility(LOCAL_OPERATOR))
    assert not any(o.key.endswith("-later") for o in read)  # effective in 2030: not read
    assert {o.key for o in read} < {o.key for o in every}
    assert in_effect(demo, read, as_of) == in_effect(demo, every, as_of)


def test_an_obligation_in_effect_by_then_is_read(demo: Store) -> None:
    with demo.read() as conn:
        keys = {r.key for r in index_queries.obligations_effective_by(conn, "2030-01-02")}
    assert any(k.endswith("-later") for k in keys)


def test_verify_checks_the_obligation_index(demo: Store) -> None:
    report = verify_ledger(demo)
    assert report.projections["obligation_index"] == len(every_obligation(demo))
    with demo.engine.begin() as conn:
        conn.execute(text("UPDATE obligation_index SET effective_start = '2099-01-01T00:00:00Z'"))
    with pytest.raises(LedgerCorrupt, match="obligation_index rows of"):
        verify_ledger(demo)
