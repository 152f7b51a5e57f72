"""`--known-at` for one case reads only that case's records' versions, and answers exactly as
the whole ledger rebuilt at that time does, on each backend (before and after a correction)."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest

from habeas.domain.access import LOCAL_OPERATOR
from habeas.domain.courts_records import Order
from habeas.services.compliance import compliance_in
from habeas.services.compliance_reads import CaseKnownAtReads, KnownAtReads
from habeas.services.database import load_demo
from habeas.services.visibility import Visibility
from habeas.storage.store import Store
from tests.services.test_compliance_filing import _stay_at_five_pm

CASES = ("case/mdd-8-25-cv-00951", "case/dcd-1-25-cv-00766", "case/scotus-24a949")
NOW = datetime(2026, 1, 1, tzinfo=UTC)


def _answers(store: Store, reads_of: type, known_at: str, case: str, as_of: str) -> list[dict]:  # type: ignore[type-arg]
    vis = Visibility.of(store, LOCAL_OPERATOR)
    with store.read() as conn:
        reads = reads_of(conn, known_at)
        orders = [r.key for r in reads.about([case], "order") if isinstance(r, Order)]
        obligations = reads.about(orders, "obligation")
        items = compliance_in(conn, obligations, as_of, NOW, vis, reads)
    return [i.to_json() for i in items]


@pytest.mark.parametrize("as_of", ["2025-04-07T12:00-04:00", "2025-05-01", "2025-09-01"])
def test_the_case_reads_answer_as_the_whole_ledger_rebuilt_then(store: Store, as_of: str) -> None:
    load_demo(store)
    time.sleep(0.01)
    before = datetime.now(UTC).isoformat()
    time.sleep(0.01)
    _stay_at_five_pm(store)  # a correction: the stay's record has two versions
    for known_at in (before, "2100-01-01"):
        for case in CASES:
            whole = _answers(store, KnownAtReads, known_at, case, as_of)
            narrow = _answers(store, CaseKnownAtReads, known_at, case, as_of)
            assert narrow == whole, (known_at, case)
            assert whole or case == "case/scotus-24a949", "the comparison is not vacuous"
