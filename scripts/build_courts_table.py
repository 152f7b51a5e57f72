"""Build `src/habeas/domain/data/courts.json`: federal courts, their circuits and time zones.

Run once, review the diff, commit the output:

    .venv/bin/python scripts/build_courts_table.py

Court ids and historical names come from the `courts-db` package (pinned in pyproject.toml).
What courts-db lacks -- each district's circuit, each court's seat, state and IANA time zone --
is written down below, one line per court, so a reviewer can check it line by line.

The script refuses to write anything if courts-db has a federal district or bankruptcy court
that the tables below do not cover, or if a table names an id courts-db does not know (except
the few listed in NOT_IN_COURTS_DB), so that nothing is dropped or invented silently.

Time zones are those of the court's seat (the city where its clerk's principal office is).
Several districts span two zones; the seat's zone is the one used, and `note` says so.
"""

from __future__ import annotations

import json
import sys
from importlib.metadata import version
from pathlib import Path
from typing import Any

import courts_db

OUT = Path(__file__).resolve().parents[1] / "src" / "habeas" / "domain" / "data" / "courts.json"

# The 94 district courts: id | designation | state | seat | IANA zone | circuit
DISTRICTS = """
med|District of Maine|ME|Portland|America/New_York|ca1
mad|District of Massachusetts|MA|Boston|America/New_York|ca1
nhd|District of New Hampshire|NH|Concord|America/New_York|ca1
rid|District of Rhode Island|RI|Providence|America/New_York|ca1
prd|District of Puerto Rico|PR|San Juan|America/Puerto_Rico|ca1
ctd|District of Connecticut|CT|New Haven|America/New_York|ca2
nyed|Eastern District of New York|NY|Brooklyn|America/New_York|ca2
nynd|Northern District of New York|NY|Syracuse|America/New_York|ca2
nysd|Southern District of New York|NY|New York|America/New_York|ca2
nywd|Western District of New York|NY|Buffalo|America/New_York|ca2
vtd|District of Vermont|VT|Burlington|America/New_York|ca2
ded|District of Delaware|DE|Wilmington|America/New_York|ca3
njd|District of New Jersey|NJ|Newark|America/New_York|ca3
paed|Eastern District of Pennsylvania|PA|Philadelphia|America/New_York|ca3
pamd|Middle District of Pennsylvania|PA|Scranton|America/New_York|ca3
pawd|Western District of Pennsylvania|PA|Pittsburgh|America/New_York|ca3
vid|District of the Virgin Islands|VI|Charlotte Amalie|America/St_Thomas|ca3
mdd|District of Maryland|MD|Baltimore|America/New_York|ca4
nced|Eastern District of North Carolina|NC|Raleigh|America/New_York|ca4
ncmd|Middle District of North Carolina|NC|Greensboro|America/New_York|ca4
ncwd|Western District of North Carolina|NC|Charlotte|America/New_York|ca4
scd|District of South Carolina|SC|Columbia|America/New_York|ca4
vaed|Eastern District of Virginia|VA|Alexandria|America/New_York|ca4
vawd|Western District of Virginia|VA|Roanoke|America/New_York|ca4
wvnd|Northern District of West Virginia|WV|Wheeling|America/New_York|ca4
wvsd|Southern District of West Virginia|WV|Charleston|America/New_York|ca4
laed|Eastern District of Louisiana|LA|New Orleans|America/Chicago|ca5
lamd|Middle District of Louisiana|LA|Baton Rouge|America/Chicago|ca5
lawd|Western District of Louisiana|LA|Shreveport|America/Chicago|ca5
msnd|Northern District of Mississippi|MS|Oxford|America/Chicago|ca5
mssd|Southern District of Mississippi|MS|Jackson|America/Chicago|ca5
txed|Eastern District of Texas|TX|Tyler|America/Chicago|ca5
txnd|Northern District of Texas|TX|Dallas|America/Chicago|ca5
txsd|Southern District of Texas|TX|Houston|America/Chicago|ca5
txwd|Western District of Texas|TX|San Antonio|America/Chicago|ca5
kyed|Eastern District of Kentucky|KY|Lexington|America/New_York|ca6
kywd|Western District of Kentucky|KY|Louisville|America/Kentucky/Louisville|ca6
mied|Eastern District of Michigan|MI|Detroit|America/Detroit|ca6
miwd|Western District of Michigan|MI|Grand Rapids|America/Detroit|ca6
ohnd|Northern District of Ohio|OH|Cleveland|America/New_York|ca6
ohsd|Southern District of Ohio|OH|Columbus|America/New_York|ca6
tned|Eastern District of Tennessee|TN|Knoxville|America/New_York|ca6
tnmd|Middle District of Tennessee|TN|Nashville|America/Chicago|ca6
tnwd|Western District of Tennessee|TN|Memphis|America/Chicago|ca6
ilcd|Central District of Illinois|IL|Springfield|America/Chicago|ca7
ilnd|Northern District of Illinois|IL|Chicago|America/Chicago|ca7
ilsd|Southern District of Illinois|IL|East St. Louis|America/Chicago|ca7
innd|Northern District of Indiana|IN|South Bend|America/Indiana/Indianapolis|ca7
insd|Southern District of Indiana|IN|Indianapolis|America/Indiana/Indianapolis|ca7
wied|Eastern District of Wisconsin|WI|Milwaukee|America/Chicago|ca7
wiwd|Western District of Wisconsin|WI|Madison|America/Chicago|ca7
ared|Eastern District of Arkansas|AR|Little Rock|America/Chicago|ca8
arwd|Western District of Arkansas|AR|Fort Smith|America/Chicago|ca8
iand|Northern District of Iowa|IA|Cedar Rapids|America/Chicago|ca8
iasd|Southern District of Iowa|IA|Des Moines|America/Chicago|ca8
mnd|District of Minnesota|MN|St. Paul|America/Chicago|ca8
moed|Eastern District of Missouri|MO|St. Louis|America/Chicago|ca8
mowd|Western District of Missouri|MO|Kansas City|America/Chicago|ca8
ned|District of Nebraska|NE|Omaha|America/Chicago|ca8
ndd|District of North Dakota|ND|Bismarck|America/Chicago|ca8
sdd|District of South Dakota|SD|Sioux Falls|America/Chicago|ca8
akd|District of Alaska|AK|Anchorage|America/Anchorage|ca9
azd|District of Arizona|AZ|Phoenix|America/Phoenix|ca9
cacd|Central District of California|CA|Los Angeles|America/Los_Angeles|ca9
caed|Eastern District of California|CA|Sacramento|America/Los_Angeles|ca9
cand|Northern District of California|CA|San Francisco|America/Los_Angeles|ca9
casd|Southern District of California|CA|San Diego|America/Los_Angeles|ca9
gud|District of Guam|GU|Hagåtña|Pacific/Guam|ca9
hid|District of Hawaii|HI|Honolulu|Pacific/Honolulu|ca9
idd|District of Idaho|ID|Boise|America/Boise|ca9
mtd|District of Montana|MT|Missoula|America/Denver|ca9
nmid|District of the Northern Mariana Islands|MP|Saipan|Pacific/Saipan|ca9
nvd|District of Nevada|NV|Las Vegas|America/Los_Angeles|ca9
ord|District of Oregon|OR|Portland|America/Los_Angeles|ca9
waed|Eastern District of Washington|WA|Spokane|America/Los_Angeles|ca9
wawd|Western District of Washington|WA|Seattle|America/Los_Angeles|ca9
cod|District of Colorado|CO|Denver|America/Denver|ca10
ksd|District of Kansas|KS|Kansas City|America/Chicago|ca10
nmd|District of New Mexico|NM|Albuquerque|America/Denver|ca10
oked|Eastern District of Oklahoma|OK|Muskogee|America/Chicago|ca10
oknd|Northern District of Oklahoma|OK|Tulsa|America/Chicago|ca10
okwd|Western District of Oklahoma|OK|Oklahoma City|America/Chicago|ca10
utd|District of Utah|UT|Salt Lake City|America/Denver|ca10
wyd|District of Wyoming|WY|Cheyenne|America/Denver|ca10
almd|Middle District of Alabama|AL|Montgomery|America/Chicago|ca11
alnd|Northern District of Alabama|AL|Birmingham|America/Chicago|ca11
alsd|Southern District of Alabama|AL|Mobile|America/Chicago|ca11
flmd|Middle District of Florida|FL|Tampa|America/New_York|ca11
flnd|Northern District of Florida|FL|Tallahassee|America/New_York|ca11
flsd|Southern District of Florida|FL|Miami|America/New_York|ca11
gamd|Middle District of Georgia|GA|Macon|America/New_York|ca11
gand|Northern District of Georgia|GA|Atlanta|America/New_York|ca11
gasd|Southern District of Georgia|GA|Savannah|America/New_York|ca11
dcd|District of Columbia|DC|Washington|America/New_York|cadc
"""

# Districts whose territory spans two time zones: the seat's zone is used.
MULTI_ZONE = {
    "akd": "the western Aleutians observe Hawaii-Aleutian time",
    "azd": "the Navajo Nation observes daylight saving time; the rest of Arizona does not",
    "flnd": "the Pensacola and Panama City divisions observe Central time",
    "idd": "the northern (Coeur d'Alene) division observes Pacific time",
    "innd": "the Hammond division and some western counties observe Central time",
    "insd": "the Evansville division and some southwestern counties observe Central time",
    "ksd": "four western counties observe Mountain time",
    "kywd": "the Bowling Green, Owensboro and Paducah divisions observe Central time",
    "miwd": "four Upper Peninsula counties observe Central time",
    "ndd": "the southwestern counties observe Mountain time",
    "ned": "the western counties (the panhandle) observe Mountain time",
    "ord": "most of Malheur County observes Mountain time",
    "sdd": "the Western division (Rapid City) observes Mountain time",
    "tned": "some counties of the Winchester division observe Central time",
    "txwd": "El Paso and the far-western counties observe Mountain time",
}

# Courts of appeals and the Supreme Court: id | name | state | seat | zone
APPELLATE = """
ca1|United States Court of Appeals for the First Circuit|MA|Boston|America/New_York
ca2|United States Court of Appeals for the Second Circuit|NY|New York|America/New_York
ca3|United States Court of Appeals for the Third Circuit|PA|Philadelphia|America/New_York
ca4|United States Court of Appeals for the Fourth Circuit|VA|Richmond|America/New_York
ca5|United States Court of Appeals for the Fifth Circuit|LA|New Orleans|America/Chicago
ca6|United States Court of Appeals for the Sixth Circuit|OH|Cincinnati|America/New_York
ca7|United States Court of Appeals for the Seventh Circuit|IL|Chicago|America/Chicago
ca8|United States Court of Appeals for the Eighth Circuit|MO|St. Louis|America/Chicago
ca9|United States Court of Appeals for the Ninth Circuit|CA|San Francisco|America/Los_Angeles
ca10|United States Court of Appeals for the Tenth Circuit|CO|Denver|America/Denver
ca11|United States Court of Appeals for the Eleventh Circuit|GA|Atlanta|America/New_York
cadc|United States Court of Appeals for the District of Columbia Circuit|DC|Washington|\
America/New_York
cafc|United States Court of Appeals for the Federal Circuit|DC|Washington|America/New_York
"""

# Bankruptcy courts whose district id is not the bankruptcy id with its final "b" -> "d".
BANKRUPTCY_DISTRICT = {"arb": "azd", "nebraskab": "ned", "tennesseeb": "tennessed"}

# Bankruptcy appellate panels: id -> circuit (bap2 sat 1996-2000 only).
BAPS = {"bap1": "ca1", "bap2": "ca2", "bap6": "ca6", "bap8": "ca8", "bap9": "ca9", "bap10": "ca10"}

# Other national courts (and one board) that PACER-style lists carry:
# id | name | state | seat | zone | appeals_to | note
SPECIAL = """
cit|United States Court of International Trade|NY|New York|America/New_York|cafc|
uscfc|United States Court of Federal Claims|DC|Washington|America/New_York|cafc|
cavc|United States Court of Appeals for Veterans Claims|DC|Washington|America/New_York|cafc|
jpml|United States Judicial Panel on Multidistrict Litigation|DC|Washington|America/New_York||\
its orders are reviewed only by extraordinary writ in a court of appeals (28 U.S.C. 1407(e))
mspb|Merit Systems Protection Board|DC|Washington|America/New_York|cafc|\
an executive-branch board, not a court; not in courts-db
"""
NOT_IN_COURTS_DB = {"mspb"}

# Former district courts that courts-db lists: id | state | zone of the state's seat of government.
# Their seats are not recorded and their appeal path is not modelled (circuit, appeals_to null).
# Standard time zones only date from 1883; for earlier courts the zone is an approximation.
HISTORICAL = """
ald|AL|America/Chicago
ard|AR|America/Chicago
californiad|CA|America/Los_Angeles
canalzoned|CZ|America/Panama
fld|FL|America/New_York
gad|GA|America/New_York
iad|IA|America/Chicago
illinoisd|IL|America/Chicago
illinoised|IL|America/Chicago
indianad|IN|America/Indiana/Indianapolis
kyd|KY|America/New_York
lad|LA|America/Chicago
michd|MI|America/Detroit
missd|MS|America/Chicago
mod|MO|America/Chicago
ncd|NC|America/New_York
nyd|NY|America/New_York
ohiod|OH|America/New_York
okd|OK|America/Chicago
orld|LA|America/Chicago
pennsylvaniad|PA|America/New_York
southcarolinaed|SC|America/New_York
southcarolinawd|SC|America/New_York
tennessed|TN|America/Chicago
texd|TX|America/Chicago
vad|VA|America/New_York
washd|WA|America/Los_Angeles
wisd|WI|America/Chicago
wvad|WV|America/New_York
"""
HISTORICAL_NOTES = {
    "canalzoned": "Canal Zone (1937-1982); Panama time (UTC-5, no DST); state CZ has no "
    "holiday table",
    "tennessed": "single District of Tennessee (1797-1839); zone of Nashville assumed",
}


def _rows(table: str) -> list[list[str]]:
    return [line.split("|") for line in table.strip().splitlines()]


def _district_name(designation: str, bankruptcy: bool) -> str:
    court = "Bankruptcy Court" if bankruptcy else "District Court"
    return f"United States {court} for the {designation}"


def build() -> dict[str, dict[str, Any]]:
    """Every court of the table, keyed by id."""
    db = {c["id"]: c for c in courts_db.courts if c.get("system") == "federal"}
    out: dict[str, dict[str, Any]] = {}

    def add(cid: str, **fields: Any) -> None:
        if cid in out:
            raise SystemExit(f"{cid}: listed twice")
        if cid not in db and cid not in NOT_IN_COURTS_DB:
            raise SystemExit(f"{cid}: not a federal court in courts-db")
        out[cid] = {"id": cid, **fields}

    out_scotus = {
        "name": "Supreme Court of the United States",
        "kind": "supreme",
        "circuit": None,
        "appeals_to": None,
        "state": "DC",
        "seat": "Washington",
        "timezone": "America/New_York",
        "active": True,
        "note": "",
    }
    add("scotus", **out_scotus)
    for cid, name, state, seat, tz in _rows(APPELLATE):
        add(
            cid,
            name=name,
            kind="circuit",
            circuit=cid,
            appeals_to="scotus",
            state=state,
            seat=seat,
            timezone=tz,
            active=True,
            note="",
        )
    districts: dict[str, list[str]] = {}
    for cid, designation, state, seat, tz, circuit in _rows(DISTRICTS):
        districts[cid] = [designation, state, seat, tz, circuit]
        note = f"spans two time zones: {MULTI_ZONE[cid]}" if cid in MULTI_ZONE else ""
        add(
            cid,
            name=_district_name(designation, False),
            kind="district",
            circuit=circuit,
            appeals_to=circuit,
            state=state,
            seat=seat,
            timezone=tz,
            active=True,
            note=note,
        )
    for cid, state, tz in _rows(HISTORICAL):
        add(
            cid,
            name=db[cid]["name"].strip(),
            kind="district",
            circuit=None,
            appeals_to=None,
            state=state,
            seat=None,
            timezone=tz,
            active=False,
            note=HISTORICAL_NOTES.get(cid, "former district court; appeal path not modelled"),
        )
    for cid, c in db.items():
        if c.get("type") != "bankruptcy" or cid in BAPS:
            continue
        district = BANKRUPTCY_DISTRICT.get(cid, cid[:-1] + "d")
        if district in districts:
            designation, state, seat, tz, circuit = districts[district]
            add(
                cid,
                name=_district_name(designation, True),
                kind="bankruptcy",
                circuit=circuit,
                appeals_to=district,
                state=state,
                seat=seat,
                timezone=tz,
                active=True,
                note=out[district]["note"],
            )
        else:
            hist = out[district]
            add(
                cid,
                name=c["name"].strip(),
                kind="bankruptcy",
                circuit=None,
                appeals_to=None,
                state=hist["state"],
                seat=None,
                timezone=hist["timezone"],
                active=False,
                note="former bankruptcy court; appeal path not modelled",
            )
    for cid, circuit in BAPS.items():
        add(
            cid,
            name=db[cid]["name"].strip(),
            kind="special",
            circuit=circuit,
            appeals_to=circuit,
            state=out[circuit]["state"],
            seat=out[circuit]["seat"],
            timezone=out[circuit]["timezone"],
            active=cid != "bap2",
            note="bankruptcy appellate panel" + (" (1996-2000)" if cid == "bap2" else ""),
        )
    for cid, name, state, seat, tz, appeals_to, note in _rows(SPECIAL):
        add(
            cid,
            name=name,
            kind="special",
            circuit=appeals_to or None,
            appeals_to=appeals_to or None,
            state=state,
            seat=seat,
            timezone=tz,
            active=True,
            note=note,
        )
    _check_coverage(db, out)
    return dict(sorted(out.items()))


def _check_coverage(db: dict[str, dict[str, Any]], out: dict[str, dict[str, Any]]) -> None:
    """Refuse to write if courts-db has a federal district or bankruptcy court we lack."""
    missing = []
    for cid, c in db.items():
        name = c.get("name") or ""
        if cid.startswith("circt") or cid == "usdistct":
            continue
        if ("District Court" in name or c.get("type") == "bankruptcy") and cid not in out:
            missing.append(cid)
    if missing:
        raise SystemExit(f"courts-db courts not covered by the tables: {sorted(missing)}")


def main() -> None:
    courts = build()
    data = {
        "_source": (
            f"ids and historical names: courts-db {version('courts-db')}; circuits, seats, "
            "states and time zones: scripts/build_courts_table.py (reviewed by hand)"
        ),
        "courts": courts,
    }
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {len(courts)} courts to {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
