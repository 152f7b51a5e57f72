"""Build the demo bundle: the reference story as habeas records (JSON Lines).

    .venv/bin/python scripts/build_demo_bundle.py [--out PATH]

The real facts are written out by hand below, each with its sources, from the project's
reference story (a summary of the public record; see src/habeas/demo/README.md). The people
on the March 15, 2025 flights other than Abrego Garcia are synthetic: invented names from a
seeded random generator, each flagged `"synthetic": true`. The output is deterministic: the
same script writes the same bytes.

Every record is validated with `habeas.domain.registry.record_errors`; keys must be unique and
every reference must point at a record in the bundle of an allowed type. On any problem the
script lists them and exits 1 without writing.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import demo_after_june as after
import demo_jgg as jgg
from demo_records import PRESS_NOTE, TITLE_NOTE, Records, check, cite, court_doc, press, rec

from habeas.domain.deadlines import parse_explicit_deadline
from habeas.domain.time import PartialTime

# The rest of this file is mostly hand-laid-out data: the formatter would put every keyword
# argument on its own line and more than double its length.
# fmt: off

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "habeas" / "demo" / "reference_story.jsonl"
JGG_OUT = ROOT / "src" / "habeas" / "demo" / "jgg_story.jsonl"
SEED = 20250315


HEADER: dict[str, Any] = {
    "type": "bundle",
    "format": "habeas-bundle",
    "version": 1,
    "title": "The reference story: the March 15, 2025 flights to CECOT and Abrego Garcia v. Noem",
    "description": (
        "Demo data for habeas. Real, public facts: the three GlobalX flights of March 15, 2025 "
        "from Harlingen, Texas to El Salvador and CECOT; the U.S.-El Salvador detention "
        "arrangement; Kilmar Armando Abrego Garcia's arrest, removal, return and criminal case; "
        "Abrego Garcia v. Noem (D. Md. 8:25-cv-00951-PX), the Fourth Circuit (25-1345, "
        "25-1404) and the Supreme Court (24A949); the April 14, 2025 White House statements; "
        "after June 2025, the order of July 23, the re-detention of August 25, the habeas case "
        "and the findings of October and December 2025. "
        "Synthetic: the other 260 people on the flights and their custody events (flagged "
        "\"synthetic\": true); the split of passengers across the flights is invented. The "
        "child plaintiff is known only by the initials A.A.V."
    ),
}

JGG_HEADER: dict[str, Any] = {
    "type": "bundle",
    "format": "habeas-bundle",
    "version": 1,
    "title": jgg.TITLE,
    "description": jgg.DESCRIPTION,
}


# --------------------------------------------------------------------------------------
# Sources
# --------------------------------------------------------------------------------------

MDD = "8:25-cv-00951-PX"
COMPLAINT = "mdd-8-25-cv-00951-complaint-2025-03-24"
MEMO = "mdd-8-25-cv-00951-memorandum-opinion-2025-04-06"
MEETING = "white-house-meeting-2025-04-14"
FLIGHTS_SRC = "press-reports-2025-03-march-15-flights"
DETENTION = "press-reports-2025-abrego-garcia-detention"
RETURN = "press-reports-2025-06-06-abrego-garcia-return"
RELEASE = "press-reports-2025-08-22-abrego-garcia-release"
DECLARATIONS = "press-reports-2025-04-abrego-garcia-declarations"

ORDER_0404 = (
    "facilitate and effectuate the return of Plaintiff Kilmar Armando Abrego Garcia to the "
    "United States by no later than 11:59 PM on Monday, April 7, 2025."
)
SCOTUS_0410 = (
    "properly requires the Government to 'facilitate' Abrego Garcia's release from custody in "
    "El Salvador and to ensure that his case is handled as it would have been had he not been "
    "improperly sent to El Salvador"
)
STAY_WORDS = (
    "it is ordered that the April 4, 2025 order of the United States District Court for the "
    "District of Maryland, case No. 8:25-cv-951, is hereby stayed pending further order of The "
    "Chief Justice or of the Court"
)
AMENDED_0410 = (
    "take all available steps to facilitate the return of Abrego Garcia to the United States "
    "as soon as possible"
)


def sources() -> Records:
    return [
        jgg.opinion_source(),
        court_doc(COMPLAINT, "mdd", MDD, "2025-03-24", "Complaint, Abrego Garcia v. Noem",
                  TITLE_NOTE),
        court_doc("mdd-8-25-cv-00951-order-2025-04-04", "mdd", MDD, "2025-04-04",
                  "Order, Abrego Garcia v. Noem"),
        court_doc(MEMO, "mdd", MDD, "2025-04-06", "Memorandum Opinion, Abrego Garcia v. Noem"),
        court_doc("mdd-8-25-cv-00951-amended-order-2025-04-10", "mdd", MDD, "2025-04-10",
                  "Amended Order, Abrego Garcia v. Noem"),
        court_doc("mdd-8-25-cv-00951-order-2025-04-11", "mdd", MDD, "2025-04-11",
                  "Order, Abrego Garcia v. Noem"),
        court_doc("ca4-25-1345-order-2025-04-07", "ca4", "25-1345", "2025-04-07",
                  "Order denying motion for stay pending appeal, Abrego Garcia v. Noem",
                  "With a concurrence by Judge Thacker, joined by Judge King. " + TITLE_NOTE),
        court_doc("ca4-25-1404-opinion-2025-04-17", "ca4", "25-1404", "2025-04-17",
                  "Opinion denying motion for stay and petition for writ of mandamus, "
                  "Abrego Garcia v. Noem",
                  "Opinion by Judge Wilkinson, with Judges King and Thacker. " + TITLE_NOTE),
        court_doc("scotus-24a949-administrative-stay-2025-04-07", "scotus", "24A949",
                  "2025-04-07",
                  "Administrative stay entered by the Chief Justice, Noem v. Abrego Garcia",
                  "Entered the day the government applied; response to the application due "
                  "April 8, 2025, 5 p.m. EDT. " + TITLE_NOTE),
        court_doc("scotus-24a949-order-2025-04-10", "scotus", "24A949", "2025-04-10",
                  "Order on application, Noem v. Abrego Garcia",
                  "Granting the application in part and denying it in part. " + TITLE_NOTE),
        court_doc("tnmd-indictment-2025-05-21", "tnmd", None, "2025-05-21",
                  "Indictment, United States v. Kilmar Armando Abrego Garcia (M.D. Tenn.)",
                  "Returned under seal 2025-05-21 and unsealed 2025-06-06; human-smuggling "
                  "charges. The case number is not confirmed in the reference story, so no "
                  "docket number is given. " + TITLE_NOTE),
        press(MEETING,
              "Oval Office meeting of President Trump and President Bukele, the White House, "
              "April 14, 2025: remarks before the press (video and press reports)",
              "2025-04-14",
              "Descriptive title: what was said is taken from press reports of the meeting; "
              "no official transcript or its title is quoted."),
        press("press-reports-2025-us-el-salvador-arrangement",
              "Press reports, February–March 2025: the U.S.–El Salvador arrangement for El "
              "Salvador to hold deportees in its prisons (reported payment about US$6 million "
              "for a year)", "2025", PRESS_NOTE),
        press("press-reports-2025-cecot",
              "Press reports, 2025: CECOT (Centro de Confinamiento del Terrorismo), Tecoluca, "
              "El Salvador, described as holding up to 40,000 people", "2025", PRESS_NOTE),
        press(FLIGHTS_SRC,
              "Press reports, March 2025: three GlobalX charter flights (6143, 6145, 6122) "
              "from Harlingen, Texas to El Salvador on March 15, 2025, carrying 261 people to "
              "CECOT", "2025-03",
              "Counts as reported: 238 Venezuelans (137 reported as removed under the Alien "
              "Enemies Act, 101 under ordinary immigration law) and 23 Salvadorans. "
              + PRESS_NOTE),
        press("press-reports-2025-07-18-venezuelan-release",
              "Press reports, July 18, 2025: the Venezuelan men held at CECOT released to "
              "Venezuela in an exchange", "2025-07-18", PRESS_NOTE),
        press(DETENTION,
              "Press reports, March–April 2025: Kilmar Abrego Garcia's arrest by ICE in "
              "Maryland on March 12, 2025 and his detention before the March 15 flights "
              "(Baltimore, then Louisiana, then Texas: reported, not confirmed)", "2025",
              PRESS_NOTE),
        press(RETURN,
              "Press reports, June 6, 2025: Kilmar Abrego Garcia returned to the United States "
              "to face charges in the Middle District of Tennessee; indictment unsealed; "
              "initial appearance in Nashville", "2025-06-06", PRESS_NOTE),
        press("press-reports-2025-06-13-abrego-garcia-arraignment",
              "Press reports, June 13, 2025: Kilmar Abrego Garcia arraigned in Nashville",
              "2025-06-13", PRESS_NOTE),
        press(DECLARATIONS,
              "Press reports, April 2025: the government's declarations in Abrego Garcia v. Noem "
              "(the supplemental declaration of April 11 and the daily declarations under the "
              "order of April 11, 2025), described as filed but not answering the court's "
              "questions", "2025-04", PRESS_NOTE),
        press(RELEASE,
              "Press reports, August 22, 2025: Kilmar Abrego Garcia released from Putnam "
              "County Jail, Cookeville, Tennessee, pending trial", "2025-08-22", PRESS_NOTE),
    ]


# --------------------------------------------------------------------------------------
# Actors, courts, facilities, the agreement
# --------------------------------------------------------------------------------------

OFFICE_NOTE = "Dates of office are public record, not taken from the cited source."
CAPTION_NOTE = (
    "Named as a defendant in Abrego Garcia v. Noem in an official capacity; the office as "
    "captioned is not recorded here because the reference story does not state it."
)


def actor(key: str, kind: str, name: str, sources: Records, **fields: Any) -> dict[str, Any]:
    return rec("actor", f"actor/{key}", sources, kind=kind, name=name, **fields)


def role(title: str, org: str | None = None, start: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"title": title}
    if org:
        out["organisation"] = f"actor/{org}"
    if start:
        out["start"] = start
    return out


def actors() -> Records:
    c, m = cite(COMPLAINT, locator="caption"), cite(MEETING)
    ca4 = [cite("ca4-25-1345-order-2025-04-07"), cite("ca4-25-1404-opinion-2025-04-17")]
    circuit_judge = [role("United States Circuit Judge, Fourth Circuit")]
    return [
        actor("united-states", "government", "United States", [c], country="US",
              aliases=["United States of America", "U.S. government"]),
        actor("el-salvador", "government", "El Salvador", [cite("press-reports-2025-cecot")],
              country="SV", aliases=["Government of El Salvador", "República de El Salvador"]),
        actor("venezuela", "government", "Venezuela",
              [cite("press-reports-2025-07-18-venezuelan-release")], country="VE",
              aliases=["Government of Venezuela"]),
        actor("dhs", "agency", "U.S. Department of Homeland Security", [c], country="US",
              aliases=["DHS", "Department of Homeland Security"], part_of="actor/united-states"),
        actor("ice", "agency", "U.S. Immigration and Customs Enforcement", [c], country="US",
              aliases=["ICE", "Immigration and Customs Enforcement"], part_of="actor/dhs"),
        actor("state-department", "agency", "U.S. Department of State", [c], country="US",
              aliases=["Department of State", "State Department"],
              part_of="actor/united-states"),
        actor("doj", "agency", "U.S. Department of Justice",
              [c, cite("tnmd-indictment-2025-05-21")], country="US",
              aliases=["DOJ", "Department of Justice", "Justice Department"],
              part_of="actor/united-states"),
        actor("white-house", "agency", "The White House", [m], country="US",
              aliases=["White House", "Executive Office of the President"],
              part_of="actor/united-states"),
        actor("donald-trump", "official", "Donald Trump", [m], country="US",
              aliases=["Donald J. Trump", "President Trump"],
              roles=[role("President of the United States", "united-states", "2025-01-20")],
              note=OFFICE_NOTE),
        actor("nayib-bukele", "official", "Nayib Bukele", [m, cite("press-reports-2025-cecot")],
              country="SV", aliases=["Nayib Armando Bukele Ortez", "President Bukele"],
              roles=[role("President of El Salvador", "el-salvador", "2019-06-01")],
              note="In office since 2019-06-01 (re-elected 2024). " + OFFICE_NOTE),
        actor("marco-rubio", "official", "Marco Rubio", [c, m], country="US",
              aliases=["Secretary Rubio"],
              roles=[role("Secretary of State", "state-department", "2025-01-21")],
              note="Sued in his official capacity. " + OFFICE_NOTE),
        actor("stephen-miller", "official", "Stephen Miller", [m], country="US",
              roles=[role("White House Deputy Chief of Staff for Policy", "white-house",
                          "2025-01-20")],
              note=OFFICE_NOTE),
        actor("kristi-noem", "official", "Kristi Noem", [c], country="US",
              aliases=["Secretary Noem"],
              roles=[role("Secretary of Homeland Security", "dhs", "2025-01-25")],
              note="Sued in her official capacity. " + OFFICE_NOTE),
        actor("todd-lyons", "official", "Todd Lyons", [c], country="US",
              roles=[role("Acting Director, U.S. Immigration and Customs Enforcement", "ice")],
              note="Sued in his official capacity; the start of the acting role is not "
                   "recorded."),
        actor("kenneth-genalo", "official", "Kenneth Genalo", [c], country="US",
              part_of="actor/ice", note=CAPTION_NOTE),
        actor("nikita-baker", "official", "Nikita Baker", [c], country="US",
              part_of="actor/ice", note=CAPTION_NOTE),
        actor("pamela-bondi", "official", "Pamela Jo Bondi", [c], country="US",
              aliases=["Pam Bondi", "Attorney General Bondi"],
              roles=[role("Attorney General of the United States", "doj", "2025-02-05")],
              note="Sued in her official capacity. " + OFFICE_NOTE),
        actor("paula-xinis", "official", "Paula Xinis",
              [cite("mdd-8-25-cv-00951-order-2025-04-04")], country="US",
              aliases=["Judge Xinis"],
              roles=[role("United States District Judge, District of Maryland")]),
        actor("john-g-roberts-jr", "official", "John G. Roberts, Jr.",
              [cite("scotus-24a949-administrative-stay-2025-04-07")], country="US",
              aliases=["John Roberts", "Chief Justice Roberts"],
              roles=[role("Chief Justice of the United States", start="2005-09-29")],
              note=OFFICE_NOTE),
        actor("j-harvie-wilkinson-iii", "official", "J. Harvie Wilkinson III", ca4,
              country="US", aliases=["Judge Wilkinson"], roles=circuit_judge),
        actor("robert-b-king", "official", "Robert B. King", ca4, country="US",
              aliases=["Judge King"], roles=circuit_judge),
        actor("stephanie-d-thacker", "official", "Stephanie D. Thacker", ca4, country="US",
              aliases=["Judge Thacker"], roles=circuit_judge),
        actor("waverly-d-crenshaw-jr", "official", "Waverly D. Crenshaw Jr.", [cite(RELEASE)],
              country="US", aliases=["Judge Crenshaw"],
              roles=[role("United States District Judge, Middle District of Tennessee")]),
    ]


def courts() -> Records:
    def court(cid: str, name: str, seat: str, tz: str, src: str) -> dict[str, Any]:
        return rec("court", f"court/{cid}", [cite(src)], court_id=cid, name=name, seat=seat,
                   timezone=tz)

    return [
        court("mdd", "U.S. District Court for the District of Maryland", "Greenbelt, Maryland",
              "America/New_York", COMPLAINT),
        court("ca4", "U.S. Court of Appeals for the Fourth Circuit", "Richmond, Virginia",
              "America/New_York", "ca4-25-1345-order-2025-04-07"),
        court("scotus", "Supreme Court of the United States", "Washington, D.C.",
              "America/New_York", "scotus-24a949-order-2025-04-10"),
        court("tnmd", "U.S. District Court for the Middle District of Tennessee",
              "Nashville, Tennessee", "America/Chicago", "tnmd-indictment-2025-05-21"),
    ]


REPORTED_FACILITY = (
    "Reported in the press, not confirmed; the reference story does not name the facility, "
    "so this is a generic placeholder for it."
)


def facilities() -> Records:
    return [
        rec("facility", "facility/cecot", [cite("press-reports-2025-cecot")], name="CECOT",
            aliases=["Centro de Confinamiento del Terrorismo", "Terrorism Confinement Center"],
            kind="prison", country="SV", locality="Tecoluca", timezone="America/El_Salvador",
            operator="actor/el-salvador", capacity=40000,
            note="Capacity as described in press reports (up to 40,000 people)."),
        rec("facility", "facility/ice-baltimore-holding", [cite(DETENTION)],
            name="ICE field office holding rooms, Baltimore", kind="processing_center",
            country="US", locality="Baltimore", region="Maryland", timezone="America/New_York",
            operator="actor/ice", note=REPORTED_FACILITY),
        rec("facility", "facility/ice-detention-louisiana", [cite(DETENTION)],
            name="ICE detention facility, Louisiana", kind="detention_center", country="US",
            region="Louisiana", timezone="America/Chicago", operator="actor/ice",
            note=REPORTED_FACILITY),
        rec("facility", "facility/ice-detention-texas", [cite(DETENTION)],
            name="ICE detention facility, Texas", kind="detention_center", country="US",
            region="Texas", timezone="America/Chicago", operator="actor/ice",
            note=REPORTED_FACILITY),
        rec("facility", "facility/putnam-county-jail", [cite(RELEASE)],
            name="Putnam County Jail", kind="jail", country="US", locality="Cookeville",
            region="Tennessee", timezone="America/Chicago"),
    ]


def agreements() -> Records:
    return [
        rec("agreement", "agreement/us-el-salvador-detention-2025",
            [cite("press-reports-2025-us-el-salvador-arrangement")],
            title="Arrangement between the United States and El Salvador for El Salvador to "
                  "hold deportees in its prisons",
            parties=["actor/united-states", "actor/el-salvador"], concluded="2025-02",
            terms="El Salvador accepts deportees and suspected gang members sent by the United "
                  "States into its prisons (among them CECOT); the United States reportedly "
                  "pays about US$6 million for a year of detention.",
            price={"amount": "6000000", "currency": "USD", "per": "year"},
            note="Announced February–March 2025; the date it was concluded is not established "
                 "(February 2025 is the earliest announcement month). Its text is not public "
                 "in the sources cited; the price is as reported."),
    ]


# --------------------------------------------------------------------------------------
# People
# --------------------------------------------------------------------------------------

KAG = "person/kilmar-abrego-garcia"
JVS = "person/jennifer-vasquez-sura"
AAV = "person/a-a-v"


def people() -> Records:
    caption = cite(COMPLAINT, locator="caption")
    return [
        rec("person", KAG,
            [cite(COMPLAINT), cite(MEMO), cite("scotus-24a949-order-2025-04-10")],
            full_name="Kilmar Armando Abrego Garcia", given_names="Kilmar Armando",
            surnames="Abrego Garcia",
            aliases=["Kilmar Abrego Garcia", "Kilmar Abrego García", "Abrego Garcia"],
            nationality=["SV"],
            statuses=[{"status": "withholding of removal to El Salvador",
                       "granted_by": "Immigration judge", "start": "2019"}],
            relationships=[{"relation": "spouse", "person": JVS, "sensitivity": "public"},
                           {"relation": "child", "person": AAV}],
            note="Salvadoran national living in Maryland. \"Kilmer\" and \"Gracia\" are "
                 "misspellings seen in print; search forgives them, so they are not kept as "
                 "aliases. No identifiers (A-number etc.) are recorded."),
        rec("person", JVS, [caption],
            full_name="Jennifer Stefania Vasquez Sura", given_names="Jennifer Stefania",
            surnames="Vasquez Sura", nationality=["US"], statuses=[{"status": "U.S. citizen"}],
            relationships=[{"relation": "spouse", "person": KAG, "sensitivity": "public"},
                           {"relation": "child", "person": AAV}],
            note="Plaintiff in Abrego Garcia v. Noem, and next friend of A.A.V."),
        rec("person", AAV, [caption], full_name="A.A.V.", initials_only=True, minor=True,
            relationships=[{"relation": "parent", "person": KAG},
                           {"relation": "parent", "person": JVS}],
            note="A minor plaintiff known only by initials, as the court uses them. Nothing "
                 "else about the child is recorded."),
    ]


# --------------------------------------------------------------------------------------
# Synthetic passengers of the March 15, 2025 flights
# --------------------------------------------------------------------------------------

VE_GIVEN = [
    "José", "Luis", "Carlos", "Jesús", "Juan", "Miguel", "Ángel", "Andrés", "Daniel", "Jorge",
    "Pedro", "Rafael", "Alejandro", "Eduardo", "Francisco", "Gabriel", "Javier", "Manuel",
    "Ricardo", "Víctor", "Yonathan", "Wilmer", "Yorman", "Deivis", "Kelvin", "Anderson",
    "Leonardo", "Édgar", "Óscar", "Ramón", "Gustavo", "Héctor", "Alberto", "Enrique", "Gregorio",
]
VE_SURNAMES = [
    "González", "Rodríguez", "Pérez", "Hernández", "Martínez", "López", "Díaz", "Ramírez",
    "Rojas", "Mendoza", "Torres", "Sánchez", "Flores", "Moreno", "Romero", "Suárez", "Medina",
    "Castillo", "Guerrero", "Contreras", "Salazar", "Marcano", "Briceño", "Colmenares",
    "Uzcátegui", "Quintero", "Villalobos", "Parra", "Chacón", "Bracho", "Urdaneta", "Aponte",
]
SV_GIVEN = [
    "José", "Carlos", "Juan", "Luis", "Mario", "René", "Nelson", "Edwin", "Wilfredo", "Óscar",
    "Roberto", "Francisco", "Jorge", "Julio", "Douglas", "Marvin", "Santos", "Mauricio",
    "Rigoberto", "Élmer", "Salvador", "Ernesto", "Fredy", "Osmín",
]
SV_SURNAMES = [
    "Hernández", "López", "Martínez", "Ramírez", "Flores", "Rivera", "Mejía", "Portillo",
    "Guardado", "Alvarado", "Ayala", "Menjívar", "Orellana", "Chávez", "Argueta", "Cruz",
    "Romero", "Henríquez", "Velásquez", "Escobar", "Molina", "Quintanilla", "Campos", "Reyes",
]

AEA = "Alien Enemies Act"
TITLE8 = "Immigration and Nationality Act (Title 8)"
FLIGHTS = {  # flight number -> departure as reported
    "6143": "2025-03-15T17:26[America/New_York]",
    "6145": "2025-03-15T17:45[America/New_York]",
    "6122": "2025-03-15T19:26[America/New_York]/24:00",
}
AEA_FLIGHTS = ("6143", "6145")  # the flights that carried the Act's removals, as represented
DEPARTURE_NOTE = {
    "6143": "Departed about 5:26 p.m. ET as reported.",
    "6145": "Departed about 5:45 p.m. ET as reported.",
    "6122": "Departed later that evening, after the written order in J.G.G. v. Trump was "
            "entered at 7:26 p.m. ET (as the court's memorandum opinion of April 16, 2025 "
            "recounts): recorded as the window from 19:26 ET to the end of the day, not as an "
            "exact time.",
}
MANIFEST_NOTE = (
    "The three flights carried 261 people in all (238 Venezuelans, 137 reported as removed "
    "under the Alien Enemies Act and 101 under ordinary immigration law, and 23 Salvadorans); "
    "per-flight counts are not reported, so reported_count is left empty. The manifest is "
    "SYNTHETIC: invented people, each flagged, spread over the flights without inventing a "
    "split the record disputes: the people removed under the Act are only on the two flights "
    "that left first (as the government represented in J.G.G. v. Trump); whether the third "
    "flight carried anyone the court's order protected is disputed, so no one on it is given "
    "the Act as basis. Everyone else is dealt over the three flights in turn: how many were "
    "on each is not known. The Title 8 basis given for the Salvadorans is assumed (the story "
    "gives none for them). Kilmar Abrego Garcia was on one of the three flights, but which "
    "one is not public, so he is on no manifest."
)
SYNTH_PERSON_NOTE = "Synthetic person for demonstration; not a real individual."
SYNTH_EVENT_NOTE = (
    "Synthetic event for a synthetic person. The flights, CECOT and the July 18, 2025 release "
    "are real and the cited sources report them; they do not name this individual."
)


def synthetic_people(rng: random.Random) -> list[tuple[str, str, str, str, str]]:
    """(key, given names, surnames, nationality, basis): 238 Venezuelans, 22 Salvadorans."""
    seen: set[str] = set()

    def name(given: list[str], surnames: list[str]) -> tuple[str, str]:
        while True:
            g = " ".join(rng.sample(given, 2))
            s = " ".join(rng.sample(surnames, 2))
            if f"{g} {s}" not in seen:
                seen.add(f"{g} {s}")
                return g, s

    out = []
    for i, basis in enumerate([AEA] * 137 + [TITLE8] * 101, start=1):
        out.append((f"person/synthetic-ve-{i:03d}", *name(VE_GIVEN, VE_SURNAMES), "VE", basis))
    for i in range(1, 23):
        out.append((f"person/synthetic-sv-{i:03d}", *name(SV_GIVEN, SV_SURNAMES), "SV", TITLE8))
    return out


def flights_and_passengers() -> tuple[Records, Records, Records]:
    """The three flights (with synthetic manifests), the synthetic people, their events."""
    rng = random.Random(SEED)
    passengers = synthetic_people(rng)
    assert len(passengers) == 260
    aea = [i for i, p in enumerate(passengers) if p[4] == AEA]
    others = [i for i, p in enumerate(passengers) if p[4] != AEA]
    rng.shuffle(aea)
    rng.shuffle(others)
    seats: dict[str, list[int]] = {n: [] for n in FLIGHTS}
    for i, idx in enumerate(aea):
        seats[AEA_FLIGHTS[i % len(AEA_FLIGHTS)]].append(idx)
    for i, idx in enumerate(others):
        seats[list(FLIGHTS)[i % len(FLIGHTS)]].append(idx)
    flight_of: dict[str, str] = {}
    transfers: Records = []
    for number, departed in FLIGHTS.items():
        manifest = []
        for idx in sorted(seats[number]):
            key, _, _, _, basis = passengers[idx]
            flight_of[key] = number
            manifest.append({"person": key, "basis": basis})
        transfers.append(rec(
            "transfer", f"transfer/globalx-{number}-2025-03-15",
            [cite(FLIGHTS_SRC), cite(jgg.S_OPINION)],
            kind="flight", name=f"GlobalX flight {number}", carrier="GlobalX",
            flight_number=number,
            origin={"name": "Harlingen, Texas", "country": "US", "timezone": "America/Chicago"},
            destination={"name": "El Salvador", "country": "SV",
                         "timezone": "America/El_Salvador", "facility": "facility/cecot"},
            departed=departed, operator="actor/ice", manifest=manifest,
            note=f"{DEPARTURE_NOTE[number]} {MANIFEST_NOTE}"))

    persons: Records = []
    events: Records = []
    for key, given, surnames, nat, basis in passengers:
        slug = key.removeprefix("person/")
        number = flight_of[key]
        persons.append(rec(
            "person", key, [cite(FLIGHTS_SRC)], full_name=f"{given} {surnames}",
            given_names=given, surnames=surnames, nationality=[nat], synthetic=True,
            note=SYNTH_PERSON_NOTE))
        events.append(rec(
            "custody_event", f"custody_event/{slug}-removed-2025-03-15", [cite(FLIGHTS_SRC)],
            person=key, kind="removed", at=FLIGHTS[number],
            place={"name": "El Salvador", "country": "SV"}, country="SV", legal_basis=basis,
            transfer=f"transfer/globalx-{number}-2025-03-15",
            description=f"Removed from Harlingen, Texas to El Salvador on GlobalX flight "
                        f"{number}.",
            synthetic=True, note=SYNTH_EVENT_NOTE))
        events.append(rec(
            "custody_event", f"custody_event/{slug}-admitted-cecot-2025-03-16",
            [cite(FLIGHTS_SRC), cite("press-reports-2025-cecot")],
            person=key, kind="admitted", at="2025-03-16", facility="facility/cecot",
            custodian="actor/el-salvador", description="Taken to CECOT after the flight.",
            synthetic=True, note=SYNTH_EVENT_NOTE))
        if nat == "VE":
            events.append(rec(
                "custody_event", f"custody_event/{slug}-released-2025-07-18",
                [cite("press-reports-2025-07-18-venezuelan-release")],
                person=key, kind="released", at="2025-07-18", facility="facility/cecot",
                place={"name": "Venezuela", "country": "VE"}, country="VE",
                description="released from CECOT to Venezuela in an exchange",
                synthetic=True, note=SYNTH_EVENT_NOTE))
    return transfers, persons, events


# --------------------------------------------------------------------------------------
# Abrego Garcia's custody chain
# --------------------------------------------------------------------------------------

MONTH_ONLY = (
    "The date is not reported: it lies between the arrest on 12 March and the flights of 15 "
    "March 2025, so it is recorded as that range of days."
)


def abrego_garcia_custody() -> Records:
    def ev(slug: str, sources: Records, **fields: Any) -> dict[str, Any]:
        return rec("custody_event", f"custody_event/abrego-garcia-{slug}", sources,
                   person=KAG, **fields)

    return [
        ev("apprehended-2025-03-12", [cite(COMPLAINT), cite(DETENTION)],
           kind="apprehended", at="2025-03-12",
           place={"name": "Maryland", "country": "US", "timezone": "America/New_York"},
           country="US", custodian="actor/ice", description="Arrested by ICE in Maryland."),
        ev("detained-baltimore-2025-03-12", [cite(DETENTION)], kind="detained",
           at="2025-03-12", facility="facility/ice-baltimore-holding", custodian="actor/ice",
           certainty="reported",
           description="Held in ICE detention from the day of the arrest; that the first "
                       "place was Baltimore is reported in the press, not confirmed."),
        ev("transferred-louisiana-2025-03", [cite(DETENTION)], kind="transferred",
           at="2025-03-12/2025-03-15", facility="facility/ice-detention-louisiana",
           custodian="actor/ice",
           certainty="reported",
           description="Moved to ICE detention in Louisiana (reported in the press, not "
                       "confirmed). " + MONTH_ONLY),
        ev("transferred-texas-2025-03", [cite(DETENTION)], kind="transferred",
           at="2025-03-12/2025-03-15", facility="facility/ice-detention-texas",
           custodian="actor/ice",
           certainty="reported",
           description="Moved to Texas before the March 15 flights (reported; the facility is "
                       "not named in the reference story). " + MONTH_ONLY),
        ev("removed-2025-03-15",
           [cite(COMPLAINT), cite(MEMO), cite(FLIGHTS_SRC),
            cite("scotus-24a949-order-2025-04-10", excerpt=SCOTUS_0410)],
           kind="removed", at="2025-03-15", place={"name": "El Salvador", "country": "SV"},
           country="SV",
           description="Removed to El Salvador on one of the three March 15, 2025 flights "
                       "from Harlingen, Texas (GlobalX 6143, 6145 or 6122; which one is not "
                       "public), although an immigration judge had granted him withholding of "
                       "removal to El Salvador in 2019. The legal basis claimed for the removal "
                       "is unclear; the government later conceded in court that the removal "
                       "was an administrative error."),
        ev("admitted-cecot-2025-03-15", [cite(COMPLAINT), cite(MEMO), cite(FLIGHTS_SRC)],
           kind="admitted", at="2025-03-15", facility="facility/cecot",
           custodian="actor/el-salvador",
           description="Held at CECOT after the March 15 flights. The reference story dates "
                       "this 15 March 2025; the flights left Harlingen that evening, so the "
                       "admission itself may have been late on 15 March or on 16 March."),
        ev("returned-2025-06-06", [cite(RETURN), cite("tnmd-indictment-2025-05-21")],
           kind="returned", at="2025-06-06",
           place={"name": "Nashville, Tennessee", "country": "US",
                  "timezone": "America/Chicago"},
           country="US", custodian="actor/doj",
           legal_basis="Federal criminal charges (human smuggling): indictment returned under "
                       "seal 2025-05-21 in the U.S. District Court for the Middle District of "
                       "Tennessee",
           description="Returned to the United States from El Salvador; the indictment was "
                       "unsealed and he made an initial appearance in Nashville (the place "
                       "recorded is that of the appearance). This met the return obligation "
                       "of the D. Md. orders."),
        ev("detained-putnam-county-jail-2025-06", [cite(RELEASE)], kind="detained",
           at="2025-06-06/2025-08-22", facility="facility/putnam-county-jail",
           custodian="actor/doj",
           certainty="reported",
           description="Held pending trial in Tennessee. The reference story places him at "
                       "Putnam County Jail only when he was released on 22 August 2025; when "
                       "he was first held there is not stated, so the range from his return to "
                       "his release is recorded."),
        ev("released-2025-08-22", [cite(RELEASE)], kind="released", at="2025-08-22",
           facility="facility/putnam-county-jail", country="US",
           description="Released from Putnam County Jail, Cookeville, Tennessee, pending "
                       "trial (Judge Waverly D. Crenshaw Jr.)."),
    ]


# --------------------------------------------------------------------------------------
# Cases, docket entries, orders, appeals, stays, statements
# --------------------------------------------------------------------------------------

C_MDD = "case/mdd-8-25-cv-00951"
C_1345 = "case/ca4-25-1345"
C_1404 = "case/ca4-25-1404"
C_SCOTUS = "case/scotus-24a949"
C_TNMD = "case/tnmd-united-states-v-abrego-garcia"
O_0404 = "order/mdd-8-25-cv-00951-2025-04-04"
O_0406 = "order/mdd-8-25-cv-00951-2025-04-06-memorandum-opinion"
O_0410 = "order/mdd-8-25-cv-00951-2025-04-10-amended-order"
O_0411 = "order/mdd-8-25-cv-00951-2025-04-11"
O_1345 = "order/ca4-25-1345-2025-04-07"
O_1404 = "order/ca4-25-1404-2025-04-17"
O_SC_STAY = "order/scotus-24a949-2025-04-07-administrative-stay"
O_SC_0410 = "order/scotus-24a949-2025-04-10"
A_SCOTUS = "appeal/scotus-24a949-application"
OB_RETURN = "obligation/mdd-8-25-cv-00951-2025-04-04-return"
OB_FACILITATE = "obligation/mdd-8-25-cv-00951-2025-04-10-facilitate-return"
OB_SUPPLEMENTAL = "obligation/mdd-8-25-cv-00951-2025-04-10-supplemental-declaration"
OB_HEARING = "obligation/mdd-8-25-cv-00951-2025-04-10-hearing"
OB_DAILY = "obligation/mdd-8-25-cv-00951-2025-04-11-daily-declarations"
PANEL = ["J. Harvie Wilkinson III", "Robert B. King", "Stephanie D. Thacker"]
PLAINTIFFS_TEXT = (
    "Kilmar Armando Abrego Garcia; Jennifer Stefania Vasquez Sura; A.A.V., a minor, by and "
    "through his next friend and mother"
)
DEFENDANTS_TEXT = (
    "Kristi Noem, Todd Lyons, Kenneth Genalo, Nikita Baker, Pamela Jo Bondi and Marco Rubio, "
    "in their official capacities"
)


def party(name: str, role_: str, person: str | None = None, actor_: str | None = None,
          capacity: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"name": name, "role": role_}
    if person:
        out["person"] = person
    if actor_:
        out["actor"] = f"actor/{actor_}"
    if capacity:
        out["capacity"] = capacity
    return out


def cases() -> Records:
    official = "official capacity"
    plaintiffs = [
        party("Kilmar Armando Abrego Garcia", "plaintiff", KAG),
        party("Jennifer Stefania Vasquez Sura", "plaintiff", JVS),
        party("A.A.V., a minor, by and through his next friend and mother", "plaintiff", AAV),
    ]
    next_friend = party("Jennifer Stefania Vasquez Sura", "next_friend", JVS,
                        capacity="next friend and mother of A.A.V.")
    defendants = [
        party("Kristi Noem", "defendant", actor_="kristi-noem",
              capacity="Secretary of Homeland Security, official capacity"),
        party("Todd Lyons", "defendant", actor_="todd-lyons",
              capacity="Acting Director of ICE, official capacity"),
        party("Kenneth Genalo", "defendant", actor_="kenneth-genalo", capacity=official),
        party("Nikita Baker", "defendant", actor_="nikita-baker", capacity=official),
        party("Pamela Jo Bondi", "defendant", actor_="pamela-bondi",
              capacity="Attorney General, official capacity"),
        party("Marco Rubio", "defendant", actor_="marco-rubio",
              capacity="Secretary of State, official capacity"),
    ]

    def above(gov_role: str, other_role: str) -> Records:
        """The parties in a higher court: the officials bring it, the plaintiffs answer."""
        return ([{**d, "role": gov_role} for d in defendants]
                + [{**p, "role": other_role} for p in plaintiffs])

    return [
        rec("case", C_MDD, [cite(COMPLAINT)], court="court/mdd", docket_number=MDD,
            caption="Abrego Garcia v. Noem", nature="civil", filed="2025-03-24",
            judges=["Paula Xinis"], parties=[*plaintiffs, next_friend, *defendants],
            persons_concerned=[KAG]),
        rec("case", C_1345, [cite("ca4-25-1345-order-2025-04-07")], court="court/ca4",
            docket_number="25-1345", caption="Abrego Garcia v. Noem", nature="appeal",
            judges=PANEL, parties=above("appellant", "appellee"), persons_concerned=[KAG],
            origin=C_MDD,
            note="The government's appeal from the District of Maryland; its filing date is "
                 "not recorded."),
        rec("case", C_1404, [cite("ca4-25-1404-opinion-2025-04-17")], court="court/ca4",
            docket_number="25-1404", caption="Abrego Garcia v. Noem", nature="appeal",
            judges=PANEL, parties=above("appellant", "appellee"), persons_concerned=[KAG],
            origin=C_MDD,
            note="With a petition for mandamus. The filing date and the order appealed from "
                 "are not stated in the reference story."),
        rec("case", C_SCOTUS,
            [cite("scotus-24a949-administrative-stay-2025-04-07"),
             cite("scotus-24a949-order-2025-04-10")],
            court="court/scotus", docket_number="24A949", caption="Noem v. Abrego Garcia",
            nature="application", filed="2025-04-07",
            parties=above("applicant", "respondent"), persons_concerned=[KAG], origin=C_MDD),
        rec("case", C_TNMD, [cite("tnmd-indictment-2025-05-21"), cite(RETURN)],
            court="court/tnmd", docket_number="unknown (sealed indictment 2025-05-21)",
            caption="United States v. Abrego Garcia", nature="criminal", filed="2025-05-21",
            judges=["Waverly D. Crenshaw Jr."],
            parties=[party("United States", "united_states", actor_="united-states"),
                     party("Kilmar Armando Abrego Garcia", "defendant", KAG)],
            persons_concerned=[KAG],
            note="Human-smuggling charges. The case number is not confirmed in the reference "
                 "story; the docket_number field says so instead of guessing one."),
    ]


def docket_entries() -> Records:
    def de(case: str, slug: str, filed: str, text: str, src: str, filed_by: str | None = None,
           excerpt: str | None = None, fulfils: list[str] | None = None,
           note: str = "") -> dict[str, Any]:
        return rec("docket_entry", f"docket_entry/{case.removeprefix('case/')}-{slug}",
                   [cite(src, excerpt=excerpt)], case=case, filed=filed, text=text,
                   filed_by=filed_by, fulfils=fulfils,
                   note="Entry number not recorded (the reference story does not give it)."
                        + (f" {note}" if note else ""))

    return [
        de(C_MDD, "2025-03-24-complaint", "2025-03-24",
           f"Complaint by {PLAINTIFFS_TEXT}, against {DEFENDANTS_TEXT}.", COMPLAINT,
           filed_by="Plaintiffs"),
        de(C_MDD, "2025-04-04-order", "2025-04-04",
           "Order requiring defendants to facilitate and effectuate the return of Kilmar "
           "Armando Abrego Garcia by 11:59 PM on April 7, 2025.",
           "mdd-8-25-cv-00951-order-2025-04-04", excerpt=ORDER_0404),
        de(C_MDD, "2025-04-06-memorandum-opinion", "2025-04-06",
           "Memorandum opinion on the order of April 4, 2025.", MEMO),
        de(C_MDD, "2025-04-10-amended-order", "2025-04-10",
           "Amended order: defendants to take all available steps to facilitate the return "
           "of Abrego Garcia as soon as possible; supplemental declaration and hearing set "
           "for April 11, 2025.", "mdd-8-25-cv-00951-amended-order-2025-04-10",
           excerpt=AMENDED_0410),
        de(C_MDD, "2025-04-11-hearing", "2025-04-11",
           "Hearing (set for 1:00 p.m. on April 11, 2025 by the amended order).",
           "mdd-8-25-cv-00951-order-2025-04-11", fulfils=[OB_HEARING]),
        de(C_MDD, "2025-04-11-supplemental-declaration", "2025-04-11",
           "Supplemental declaration filed by defendants under the amended order of April 10, "
           "2025, before the hearing of April 11.", DECLARATIONS, filed_by="Defendants",
           fulfils=[OB_SUPPLEMENTAL],
           note="Press reports of April 11-12, 2025 describe the government's filing before "
                "that day's hearing as not answering the court's questions. The time of filing "
                "is not recorded, so whether it met the 11:30 a.m. deadline is left uncertain; "
                "its declarant and words are not recorded here."),
        de(C_MDD, "2025-04-11-order", "2025-04-11",
           "Order requiring daily declarations from defendants beginning April 12, 2025.",
           "mdd-8-25-cv-00951-order-2025-04-11"),
        de(C_MDD, "2025-04-12-declaration", "2025-04-12",
           "Declaration filed by defendants under the order of April 11, 2025 (the first of the "
           "daily declarations).", DECLARATIONS, filed_by="Defendants", fulfils=[OB_DAILY],
           note="Dated the first day the order required a declaration: press reports describe "
                "declarations filed on the days after the order. Its declarant and words are "
                "not recorded here."),
        de(C_1345, "2025-04-07-order", "2025-04-07",
           "Order denying the motion for stay pending appeal (concurrence by Judge Thacker, "
           "joined by Judge King).", "ca4-25-1345-order-2025-04-07"),
        de(C_1404, "2025-04-17-opinion", "2025-04-17",
           "Opinion denying the motion for stay and the petition for mandamus.",
           "ca4-25-1404-opinion-2025-04-17"),
        de(C_SCOTUS, "2025-04-07-application", "2025-04-07",
           "Application by the government concerning the District of Maryland's order of "
           "April 4, 2025.", "scotus-24a949-administrative-stay-2025-04-07",
           filed_by="Applicants"),
        de(C_SCOTUS, "2025-04-07-administrative-stay", "2025-04-07",
           "Administrative stay of the order of April 4, 2025 entered by the Chief Justice; "
           "response due April 8, 2025, 5 p.m. EDT.",
           "scotus-24a949-administrative-stay-2025-04-07"),
        de(C_SCOTUS, "2025-04-10-order", "2025-04-10",
           "Application granted in part and denied in part.",
           "scotus-24a949-order-2025-04-10", excerpt=SCOTUS_0410),
        de(C_TNMD, "2025-05-21-indictment", "2025-05-21",
           "Indictment returned under seal (human-smuggling charges).",
           "tnmd-indictment-2025-05-21"),
        de(C_TNMD, "2025-06-06-initial-appearance", "2025-06-06",
           "Indictment unsealed; initial appearance in Nashville.", RETURN),
        de(C_TNMD, "2025-06-13-arraignment", "2025-06-13", "Arraignment in Nashville.",
           "press-reports-2025-06-13-abrego-garcia-arraignment"),
    ]


def orders() -> Records:
    xinis = "Paula Xinis"
    return [
        rec("order", O_0404, [cite("mdd-8-25-cv-00951-order-2025-04-04", excerpt=ORDER_0404)],
            case=C_MDD, kind="order", title="Order", issued="2025-04-04", judge=xinis,
            text=f'Defendants are ordered to "{ORDER_0404}"',
            docket_entry="docket_entry/mdd-8-25-cv-00951-2025-04-04-order",
            note="The order names no time zone; the court sits in Eastern time, so the "
                 "deadline is 2025-04-07T23:59[America/New_York] (2025-04-08T03:59Z). "
                 "Administratively stayed 2025-04-07 to 2025-04-10; after the Supreme Court's "
                 "order of 2025-04-10 the original deadline was no longer effective. Reasons "
                 "given in the memorandum opinion of 2025-04-06."),
        rec("order", O_0406, [cite(MEMO)], case=C_MDD, kind="memorandum_opinion",
            title="Memorandum Opinion", issued="2025-04-06", judge=xinis,
            text="Memorandum opinion giving the reasons for the order of April 4, 2025 "
                 "(its text is not quoted in the reference story).",
            docket_entry="docket_entry/mdd-8-25-cv-00951-2025-04-06-memorandum-opinion"),
        rec("order", O_0410,
            [cite("mdd-8-25-cv-00951-amended-order-2025-04-10", excerpt=AMENDED_0410)],
            case=C_MDD, kind="amended_order", title="Amended Order", issued="2025-04-10",
            judge=xinis,
            text=f'Defendants must "{AMENDED_0410}". Defendants are to file a supplemental '
                 "declaration by 9:30 a.m. on April 11, 2025, and a hearing is set for 1:00 "
                 "p.m. on April 11, 2025.",
            docket_entry="docket_entry/mdd-8-25-cv-00951-2025-04-10-amended-order",
            amends=O_0404,
            note="Entered the same day as the Supreme Court's order in No. 24A949. The "
                 "deadline for the supplemental declaration was later extended to 11:30 a.m. "
                 "on April 11, 2025."),
        rec("order", O_0411, [cite("mdd-8-25-cv-00951-order-2025-04-11")], case=C_MDD,
            kind="order", title="Order", issued="2025-04-11", judge=xinis,
            text="In substance (not the order's exact words): beginning April 12, 2025 and "
                 "each day thereafter until further order, defendants must file, on or before "
                 "5:00 p.m. ET, a declaration by an individual with personal knowledge "
                 "stating (1) Abrego Garcia's current physical location and custodial status, "
                 "(2) what steps, if any, defendants have taken to facilitate his return, and "
                 "(3) what additional steps defendants will take, and when, to facilitate his "
                 "return.",
            docket_entry="docket_entry/mdd-8-25-cv-00951-2025-04-11-order",
            note="Entered after the hearing of April 11, 2025. Press reports of the following "
                 "days describe declarations that were filed but did not answer these "
                 "questions."),
        rec("order", O_1345, [cite("ca4-25-1345-order-2025-04-07")], case=C_1345,
            kind="order", title="Order denying motion for stay pending appeal",
            issued="2025-04-07", judge="Panel: Wilkinson, King and Thacker",
            text="The motion for a stay pending appeal of the District of Maryland's order of "
                 "April 4, 2025 is denied. Judge Thacker wrote a concurrence, joined by Judge "
                 "King, quoting the April 4 order.",
            docket_entry="docket_entry/ca4-25-1345-2025-04-07-order"),
        rec("order", O_SC_STAY,
            [cite("scotus-24a949-administrative-stay-2025-04-07", excerpt=STAY_WORDS)],
            case=C_SCOTUS, kind="order", title="Administrative stay", issued="2025-04-07",
            judge="Chief Justice John G. Roberts, Jr.",
            text=f'Upon consideration of the application, "{STAY_WORDS}". A response to the '
                 "application is due April 8, 2025, 5 p.m. EDT.",
            docket_entry="docket_entry/scotus-24a949-2025-04-07-administrative-stay",
            note="The quoted words are the Chief Justice's, as the Supreme Court's docket "
                 "gives them; the rest summarises the order. The time it was entered on April "
                 "7 is not recorded."),
        rec("order", O_SC_0410, [cite("scotus-24a949-order-2025-04-10", excerpt=SCOTUS_0410)],
            case=C_SCOTUS, kind="order", title="Order on the application", issued="2025-04-10",
            text=f'The application is granted in part and denied in part. The order "'
                 f'{SCOTUS_0410}". The scope of "effectuate" is unclear, and the original '
                 "deadline is no longer effective.",
            docket_entry="docket_entry/scotus-24a949-2025-04-10-order",
            separate_statements=[{"by": ["Justice Sotomayor"], "kind": "statement",
                                  "joined_by": ["Justice Kagan", "Justice Jackson"]}],
            note="Only the quoted words are the Court's; the rest summarises the order."),
        rec("order", O_1404, [cite("ca4-25-1404-opinion-2025-04-17")], case=C_1404,
            kind="opinion", title="Opinion denying motion for stay and petition for mandamus",
            issued="2025-04-17", judge="J. Harvie Wilkinson III",
            text="The government's motion for a stay and its petition for a writ of mandamus "
                 "are denied. Opinion by Judge Wilkinson, with Judges King and Thacker.",
            docket_entry="docket_entry/ca4-25-1404-2025-04-17-opinion",
            note="Summary, not the opinion's exact words."),
    ]


def appeals() -> Records:
    c1404 = [cite("ca4-25-1404-opinion-2025-04-17")]
    not_stated = "The order it concerned is not stated in the reference story."
    return [
        rec("appeal", "appeal/ca4-25-1345-motion-for-stay",
            [cite("ca4-25-1345-order-2025-04-07")], kind="motion_for_stay", case=C_1345,
            from_case=C_MDD, challenged_order=O_0404, decided="2025-04-07", outcome="denied",
            decided_by=PANEL,
            summary="The government's motion for a stay pending appeal of the order of April "
                    "4, 2025 was denied; Judge Thacker, joined by Judge King, concurred."),
        rec("appeal", A_SCOTUS,
            [cite("scotus-24a949-administrative-stay-2025-04-07"),
             cite("scotus-24a949-order-2025-04-10", excerpt=SCOTUS_0410)],
            kind="application_to_vacate_injunction", case=C_SCOTUS, from_case=C_MDD,
            challenged_order=O_0404, filed="2025-04-07", decided="2025-04-10",
            outcome="granted_in_part", decided_by=["Supreme Court of the United States"],
            summary=f'Granted in part and denied in part: the April 4 order "{SCOTUS_0410}"; '
                    'the scope of "effectuate" was unclear; the original deadline was no '
                    "longer effective.",
            note="The government's application to vacate the injunction of April 4, 2025 (as "
                 "the Supreme Court's docket styles it), with an administrative stay entered "
                 "the day it was filed."),
        rec("appeal", "appeal/ca4-25-1404-motion-for-stay", c1404, kind="motion_for_stay",
            case=C_1404, from_case=C_MDD, decided="2025-04-17", outcome="denied",
            decided_by=PANEL,
            summary="The government's motion for a stay was denied (opinion by Judge "
                    "Wilkinson).",
            note=not_stated),
        rec("appeal", "appeal/ca4-25-1404-petition-for-mandamus", c1404,
            kind="petition_for_mandamus", case=C_1404, from_case=C_MDD, decided="2025-04-17",
            outcome="denied", decided_by=PANEL,
            summary="The government's petition for a writ of mandamus was denied (opinion by "
                    "Judge Wilkinson).",
            note=not_stated),
    ]


def stays() -> Records:
    return [
        rec("stay", "stay/scotus-24a949-administrative-stay-2025-04-07",
            [cite("scotus-24a949-administrative-stay-2025-04-07"),
             cite("scotus-24a949-order-2025-04-10")],
            kind="administrative", order=O_0404, entered_in=C_SCOTUS, start="2025-04-07",
            end="2025-04-10", entered_by="Chief Justice John G. Roberts, Jr.",
            ended_by=A_SCOTUS, entered_by_order=O_SC_STAY, words=STAY_WORDS,
            note="Ended when the Court decided the application on April 10, 2025."),
    ]


def statements() -> Records:
    setting = "Oval Office meeting, the White House"
    about = [KAG, C_MDD]
    paraphrase = "Paraphrase: the exact words are not quoted in the reference story."
    return [
        rec("statement", "statement/2025-04-14-bukele-will-not-return-abrego-garcia",
            [cite(MEETING)], speaker="actor/nayib-bukele", said="2025-04-14",
            text="Bukele said he would not return Abrego Garcia to the United States.",
            quote="paraphrase", setting=setting, about=about, note=paraphrase),
        rec("statement", "statement/2025-04-14-miller-would-be-deported-again",
            [cite(MEETING)], speaker="actor/stephen-miller", said="2025-04-14",
            text="Miller said that if Abrego Garcia were returned to the United States, he "
                 "would be deported again.",
            quote="paraphrase", setting=setting, about=about, note=paraphrase),
    ]


# --------------------------------------------------------------------------------------
# Obligations, what the Supreme Court did to them, and editors' assessments
# --------------------------------------------------------------------------------------

DEFENDANT_ACTORS = [f"actor/{k}" for k in ("kristi-noem", "todd-lyons", "kenneth-genalo",
                                           "nikita-baker", "pamela-bondi", "marco-rubio")]
DEADLINE_0404 = "by no later than 11:59 PM on Monday, April 7, 2025"
DAILY_0411 = (
    "beginning April 12, 2025 and each day thereafter until further order, file, on or before "
    "5:00 p.m. ET, a declaration by an individual with personal knowledge stating (1) Abrego "
    "Garcia's current physical location and custodial status, (2) what steps, if any, "
    "defendants have taken to facilitate his return, and (3) what additional steps defendants "
    "will take, and when, to facilitate his return"
)
NOT_FILED_NOTE = (
    "The reference story does not say whether or when this was filed: habeas reports it as "
    "overdue because no filing is recorded, not because one is known to be missing."
)


def stated(words: str) -> str:
    """A deadline written in an order, read in the District of Maryland's time zone."""
    local = parse_explicit_deadline(words, "mdd").local
    return str(PartialTime.from_datetime(local, "America/New_York"))


def obligation(key: str, order_key: str, src: Records, action: str, text: str,
               deadline: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return rec("obligation", key, src, order=order_key, **fields, action=action, text=text,
               deadline=deadline)


def obligations() -> Records:
    defendants = {"obligors": DEFENDANT_ACTORS, "obligor_text": "Defendants"}
    amended = [cite("mdd-8-25-cv-00951-amended-order-2025-04-10")]
    return [
        obligation(OB_RETURN, O_0404,
                   [cite("mdd-8-25-cv-00951-order-2025-04-04", excerpt=ORDER_0404)],
                   "return", ORDER_0404,
                   {"kind": "explicit", "at": stated(DEADLINE_0404), "words": DEADLINE_0404},
                   about=[KAG], destination="US", **defendants,
                   note="The order names no time zone; the court sits in Eastern time (EDT "
                        "in April), so the deadline is 2025-04-08T03:59Z. Met by his return "
                        "to the United States."),
        obligation(OB_FACILITATE, O_0410,
                   [cite("mdd-8-25-cv-00951-amended-order-2025-04-10", excerpt=AMENDED_0410)],
                   "facilitate_return", AMENDED_0410,
                   {"kind": "asap", "words": "as soon as possible"},
                   about=[KAG], destination="US", supersedes=OB_RETURN, **defendants,
                   note="Supersedes the April 4 directive, entered the day the Supreme Court "
                        "held its deadline no longer effective. Met by his return to the "
                        "United States."),
        obligation(OB_SUPPLEMENTAL, O_0410, amended, "file_declaration",
                   "file a supplemental declaration by 9:30 a.m. on April 11, 2025",
                   {"kind": "explicit", "at": stated("9:30 a.m. on April 11, 2025"),
                    "words": "by 9:30 a.m. on April 11, 2025"},
                   about=[KAG], **defendants,
                   extensions=[{"until": stated("11:30 a.m. on April 11, 2025"),
                                "reason": "extended to 11:30 a.m. on April 11, 2025"}],
                   note="When the extension was granted is not recorded. " + NOT_FILED_NOTE),
        obligation(OB_HEARING, O_0410, amended, "appear",
                   "a hearing is set for 1:00 p.m. on April 11, 2025",
                   {"kind": "explicit", "at": stated("1:00 p.m. on April 11, 2025"),
                    "words": "1:00 p.m. on April 11, 2025"},
                   about=[KAG], obligor_text="The parties",
                   note="Met by the hearing's docket entry."),
        obligation(OB_DAILY, O_0411, [cite("mdd-8-25-cv-00951-order-2025-04-11")],
                   "file_declaration", DAILY_0411,
                   {"kind": "recurring", "every": "day", "at": "17:00",
                    "zone": "America/New_York", "start": "2025-04-12", "court": "mdd",
                    "words": "each day thereafter until further order, on or before 5:00 p.m. "
                             "ET"},
                   about=[KAG], **defendants,
                   note="In substance, not the order's exact words (as the order record "
                        "says). Each day is its own check."),
    ]


def rulings() -> Records:
    return [
        rec("ruling", "ruling/scotus-24a949-2025-04-10",
            [cite("scotus-24a949-order-2025-04-10", excerpt=SCOTUS_0410)],
            decision=A_SCOTUS, decided="2025-04-10",
            effects=[
                {"target": OB_RETURN, "effect": "deadline_vacated",
                 "reason": "the original deadline is no longer effective"},
                {"target": OB_RETURN, "effect": "affirmed",
                 "reason": f'the order "{SCOTUS_0410}"; the scope of "effectuate" is unclear'},
            ],
            summary="Granted in part (the deadline) and denied in part (the duty to "
                    "facilitate): the April 4 order's deadline is no longer effective; its "
                    "requirement to facilitate stands."),
    ]


def assessments() -> Records:
    editors = "habeas editors"
    return [
        rec("assessment", "assessment/mdd-8-25-cv-00951-daily-declarations-form-only",
            [cite(DECLARATIONS), cite("mdd-8-25-cv-00951-order-2025-04-11")],
            obligation=OB_DAILY, finding="met_in_form_only", at="2025-04",
            assessor=editors,
            reasons="Press reports describe declarations filed under the order that did not "
                    "answer its questions (his location and custodial status, the steps taken "
                    "to facilitate his return, the steps to come): formally met by filing, "
                    "unmet in substance.",
            entries=["docket_entry/mdd-8-25-cv-00951-2025-04-12-declaration"],
            note="The reports are not recorded day by day: the finding is about the substance "
                 "of the declarations and never stands in for a filing; only the filings "
                 "recorded count. Check the docket before relying on any one day."),
        rec("assessment", "assessment/mdd-8-25-cv-00951-daily-declarations-moot",
            [cite(RETURN)], obligation=OB_DAILY, finding="moot", at="2025-06-06",
            assessor=editors,
            reasons="Abrego Garcia was returned to the United States on June 6, 2025: the "
                    "questions the declarations answered (his location and custody in El "
                    "Salvador, the steps to facilitate his return) no longer arise.",
            note="An editor's judgement: no order ending the requirement is recorded here."),
    ]


# --------------------------------------------------------------------------------------
# Build and check
# --------------------------------------------------------------------------------------


def build() -> Records:
    """Every record, in reading order: sources, actors, places, people, movements, courts."""
    transfers, passengers, passenger_events = flights_and_passengers()
    return (
        sources() + after.sources() + actors() + courts() + facilities() + after.facilities()
        + agreements() + people() + passengers + transfers + abrego_garcia_custody()
        + after.custody() + passenger_events + cases() + after.cases() + docket_entries()
        + after.docket_entries() + orders() + after.orders() + appeals() + stays()
        + statements() + obligations() + after.obligations() + rulings() + assessments()
    )


def _write(out: Path, header: dict[str, Any], records: Records) -> None:
    lines = [json.dumps(obj, ensure_ascii=False, sort_keys=False) for obj in [header, *records]]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    counts = Counter(r["type"] for r in records)
    summary = ", ".join(f"{t} {n}" for t, n in sorted(counts.items()))
    print(f"wrote {out} ({len(records)} records: {summary})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the demo bundles (both stories).")
    parser.add_argument("--out", type=Path, default=OUT, help=f"where to write (default {OUT})")
    parser.add_argument("--jgg-out", type=Path, default=JGG_OUT,
                        help=f"where to write the J.G.G. story (default {JGG_OUT})")
    args = parser.parse_args(argv)
    records = build()
    second = jgg.build()
    problems = check(records)
    problems += [f"J.G.G. {p}" for p in check(second, {r["key"]: r["type"] for r in records})]
    if problems:
        print(f"{len(problems)} problem(s); nothing written:", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    _write(args.out, HEADER, records)
    _write(args.jgg_out, JGG_HEADER, second)
    return 0


if __name__ == "__main__":
    sys.exit(main())
