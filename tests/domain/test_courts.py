"""The court table: ids from courts-db, circuits, appeal paths, time zones."""

from __future__ import annotations

import importlib.util
import json
from datetime import UTC, datetime, timedelta
from importlib.resources import files
from pathlib import Path
from zoneinfo import ZoneInfo

import courts_db
import pytest

from habeas.domain.courts import (
    Court,
    UnknownCourt,
    all_courts,
    appeal_path,
    court_zone,
    get_court,
)
from habeas.domain.errors import NotFound

CROSS_CHECK = Path(__file__).resolve().parents[3] / "shared" / "testdata" / "courts"

# Where the table deliberately differs from the cross-check list, and why.
NOT_IN_TABLE = {
    "caca": "not a court id in courts-db, and not a federal court we can identify",
}
ZONE_DIFFERS = {
    "canalzoned": "the Canal Zone kept Panama time (UTC-5, no DST), not US/Pacific",
}
# Finer IANA zones for the seat, identical to the cross-check's zone for every date since 2007
# (they differ only in older history: Indiana's and Louisville's DST before 2006 and 1974).
FINER_ZONE = {"innd", "insd", "indianad", "innb", "insb", "kywd", "kywb"}


def _tzif(name: str) -> bytes:
    """The compiled zone file: a link (US/Eastern) has the bytes of its target."""
    return files("tzdata").joinpath("zoneinfo", *name.split("/")).read_bytes()


def _same_since_2007(a: str, b: str) -> bool:
    za, zb = ZoneInfo(a), ZoneInfo(b)
    moment = datetime(2007, 1, 1, tzinfo=UTC)
    while moment.year < 2040:
        if moment.astimezone(za).utcoffset() != moment.astimezone(zb).utcoffset():
            return False
        moment += timedelta(hours=1)
    return True


def test_the_example_courts_are_there() -> None:
    for cid in ("mdd", "ca4", "scotus", "dcd", "tnmd"):
        assert get_court(cid).id == cid


def test_court_is_a_frozen_dataclass() -> None:
    court = get_court("mdd")
    assert isinstance(court, Court)
    with pytest.raises(AttributeError):
        court.timezone = "UTC"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("cid", "circuit", "zone"),
    [
        ("mdd", "ca4", "America/New_York"),
        ("tnmd", "ca6", "America/Chicago"),
        ("tned", "ca6", "America/New_York"),
        ("dcd", "cadc", "America/New_York"),
        ("prd", "ca1", "America/Puerto_Rico"),
        ("gud", "ca9", "Pacific/Guam"),
        ("azd", "ca9", "America/Phoenix"),
        ("hid", "ca9", "Pacific/Honolulu"),
    ],
)
def test_district_courts_know_their_circuit_and_zone(cid: str, circuit: str, zone: str) -> None:
    court = get_court(cid)
    assert (court.kind, court.circuit, court.appeals_to, court.timezone) == (
        "district",
        circuit,
        circuit,
        zone,
    )


def test_there_are_94_active_district_courts_in_13_circuits() -> None:
    districts = [c for c in all_courts().values() if c.kind == "district" and c.active]
    circuits = [c for c in all_courts().values() if c.kind == "circuit"]
    assert len(districts) == 94
    assert {c.id for c in circuits} == {f"ca{i}" for i in range(1, 12)} | {"cadc", "cafc"}
    assert all(all_courts()[d.circuit or ""].kind == "circuit" for d in districts)


def test_every_active_court_has_a_state_holidays_can_use() -> None:
    territories = {"PR", "GU", "VI", "MP", "DC"}
    for court in all_courts().values():
        if court.active:
            assert court.state and len(court.state) == 2, court.id
    assert {get_court(c).state for c in ("prd", "gud", "vid", "nmid", "dcd")} == territories


def test_appeal_path_runs_to_the_supreme_court() -> None:
    assert [c.id for c in appeal_path("mdd")] == ["mdd", "ca4", "scotus"]
    assert [c.id for c in appeal_path("mdb")] == ["mdb", "mdd", "ca4", "scotus"]
    assert [c.id for c in appeal_path("ca4")] == ["ca4", "scotus"]
    assert [c.id for c in appeal_path("scotus")] == ["scotus"]


def test_unknown_court_lists_close_matches() -> None:
    with pytest.raises(UnknownCourt) as caught:
        get_court("mmd")
    assert "mdd" in caught.value.suggestions
    assert "did you mean" in str(caught.value)
    assert isinstance(caught.value, LookupError)
    assert isinstance(caught.value, NotFound)


def test_ids_are_read_forgivingly() -> None:
    assert get_court(" MDD ").id == "mdd"


def test_court_zone_is_a_zoneinfo() -> None:
    assert court_zone("tnmd") == ZoneInfo("America/Chicago")


def test_every_id_is_a_courts_db_id() -> None:
    known = {c["id"] for c in courts_db.courts}
    assert {cid for cid in all_courts() if cid not in known} == {"mspb"}


def test_every_zone_is_a_real_iana_zone() -> None:
    for court in all_courts().values():
        assert ZoneInfo(court.timezone).key == court.timezone


def test_the_shipped_table_is_what_the_build_script_makes() -> None:
    script = Path(__file__).resolve().parents[2] / "scripts" / "build_courts_table.py"
    spec = importlib.util.spec_from_file_location("build_courts_table", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    built = module.build()
    shipped = json.loads(
        files("habeas.domain").joinpath("data", "courts.json").read_text(encoding="utf-8")
    )
    assert shipped["courts"] == built


def test_the_cross_check_list_agrees_on_every_zone() -> None:
    path = CROSS_CHECK / "court_timezones.json"
    if not path.exists():
        pytest.skip(f"cross-check list not found in {CROSS_CHECK}")
    listed: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))["timezones"]
    assert len(listed) == 231
    table = all_courts()
    problems = []
    for cid, zone in sorted(listed.items()):
        if cid in NOT_IN_TABLE:
            assert cid not in table
            continue
        if cid not in table:
            problems.append(f"{cid}: missing")
            continue
        ours = table[cid].timezone
        if cid in ZONE_DIFFERS:
            assert _tzif(ours) != _tzif(zone)
        elif cid in FINER_ZONE:
            assert _same_since_2007(ours, zone), cid
        elif _tzif(ours) != _tzif(zone):
            problems.append(f"{cid}: ours {ours}, listed {zone}")
    assert problems == []
