"""An export re-imports into an empty database to the same state."""

from __future__ import annotations

import io
import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from habeas.domain.access import LOCAL_OPERATOR
from habeas.services.exporting import export_bundle
from habeas.services.importing import import_bundle
from habeas.storage.store import Store
from tests.conftest import cite, small_story, source, write_bundle


def exported(store: Store) -> list[dict[str, Any]]:
    out = io.StringIO()
    export_bundle(store, out, principal=LOCAL_OPERATOR)
    lines = [json.loads(x) for x in out.getvalue().splitlines()]
    assert lines[0]["type"] == "bundle"
    return lines[1:]


def round_trip(records: list[dict[str, Any]], tmp: Path) -> None:
    first = Store(f"sqlite:///{tmp / 'a.db'}")
    first.migrate()
    import_bundle(first, write_bundle(tmp / "in.jsonl", records), principal=LOCAL_OPERATOR)
    out = tmp / "out.jsonl"
    with out.open("w", encoding="utf-8") as f:
        export_bundle(first, f, principal=LOCAL_OPERATOR)
    second = Store(f"sqlite:///{tmp / 'b.db'}")
    second.migrate()
    result = import_bundle(second, out, principal=LOCAL_OPERATOR)
    assert result.asserted == len(records)
    assert exported(first) == exported(second)
    again = import_bundle(second, out, principal=LOCAL_OPERATOR)
    assert again.unchanged == len(records) and again.asserted == again.corrected == 0
    first.close()
    second.close()


def test_the_small_story_round_trips(tmp_path: Path) -> None:
    round_trip(small_story(), tmp_path)


def test_round_trip_on_each_backend(store: Store, tmp_path: Path) -> None:
    import_bundle(
        store, write_bundle(tmp_path / "in.jsonl", small_story()), principal=LOCAL_OPERATOR
    )
    out = tmp_path / "out.jsonl"
    with out.open("w", encoding="utf-8") as f:
        export_bundle(store, f, principal=LOCAL_OPERATOR)
    assert sorted(r["key"] for r in exported(store)) == sorted(r["key"] for r in small_story())


names = (
    st.text(
        st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")),
        min_size=1,
        max_size=30,
    )
    .map(str.strip)
    .filter(bool)
)
dates = st.dates().map(lambda d: d.isoformat())
times = st.sampled_from(
    [
        "2025",
        "2025-03",
        "2025-03-15",
        "2025-03-15T17:26[America/Chicago]",
        "2025-04-07T23:59:00-04:00",
    ]
)
kinds = st.sampled_from(
    [
        "apprehended",
        "detained",
        "transferred",
        "admitted",
        "released",
        "removed",
        "returned",
        "whereabouts_unknown",
    ]
)


@st.composite
def stories(draw: st.DrawFn) -> list[dict[str, Any]]:
    n_people = draw(st.integers(1, 5))
    records: list[dict[str, Any]] = [source()]
    records.append(
        {
            "type": "facility",
            "key": "facility/f",
            "name": draw(names),
            "kind": "prison",
            "country": "SV",
            "capacity": draw(st.integers(0, 100000)),
            "sources": cite(),
        }
    )
    for i in range(n_people):
        records.append(
            {
                "type": "person",
                "key": f"person/p{i}",
                "full_name": draw(names),
                "aliases": draw(st.lists(names, max_size=3)),
                "synthetic": True,
                "date_of_birth": draw(st.none() | dates),
                "sources": cite(),
            }
        )
        for j in range(draw(st.integers(0, 4))):
            records.append(
                {
                    "type": "custody_event",
                    "key": f"ev/p{i}-{j}",
                    "person": f"person/p{i}",
                    "kind": draw(kinds),
                    "at": draw(times),
                    "facility": "facility/f",
                    "description": draw(st.none() | names),
                    "synthetic": True,
                    "sources": [
                        {"source": "source/test-court-doc", "excerpt": draw(st.none() | names)}
                    ],
                }
            )
    return [{k: v for k, v in r.items() if v is not None} for r in records]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stories())
def test_generated_records_round_trip(records: list[dict[str, Any]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        round_trip(records, Path(tmp))
