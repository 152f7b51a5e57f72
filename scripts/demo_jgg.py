"""The second demo story: J.G.G. v. Trump (D.D.C. No. 1:25-cv-00766-JEB, Chief Judge
Boasberg), the events of March 15, 2025, and the Supreme Court's vacatur of April 7, 2025.

From public court records and reporting, each time at the precision the record gives (a
window where it gives one). The flights and their passengers are the reference story's: the
three GlobalX flights of that evening, with their synthetic manifests; this bundle refers to
them by key and is loaded after it. No passenger is named: every one is synthetic and flagged.
Part of scripts/build_demo_bundle.py.
"""

from __future__ import annotations

from typing import Any

from demo_records import PRESS_NOTE, TITLE_NOTE, Records, cite, court_doc, press, rec

# fmt: off

TITLE = "J.G.G. v. Trump: the flights of March 15, 2025 and the orders to stop them"
DESCRIPTION = (
    "Demo data for habeas, the second story. Real, public facts: J.G.G. v. Trump (D.D.C. "
    "1:25-cv-00766-JEB), filed March 15, 2025; that day's hearing, the oral order to return "
    "planes in the air, the written minute order of 7:26 p.m. ET, and the Supreme Court's "
    "vacatur of the temporary restraining orders (Trump v. J.G.G., No. 24A931, April 7, "
    "2025). It refers to the reference story's three GlobalX flights and their synthetic "
    "passengers (flagged \"synthetic\": true), and must be loaded after it."
)
DOCKET = "1:25-cv-00766-JEB"
C_DCD = "case/dcd-1-25-cv-00766"
C_SCOTUS = "case/scotus-24a931"
O_MORNING = "order/dcd-1-25-cv-00766-2025-03-15-minute-order-morning"
O_ORAL = "order/dcd-1-25-cv-00766-2025-03-15-oral-order"
O_WRITTEN = "order/dcd-1-25-cv-00766-2025-03-15-minute-order-evening"
O_OPINION = "order/dcd-1-25-cv-00766-2025-04-16-memorandum-opinion"
O_SC = "order/scotus-24a931-2025-04-07"
A_SC = "appeal/scotus-24a931-application-to-vacate"
OB_TURN_AROUND = "obligation/dcd-1-25-cv-00766-2025-03-15-return-planes-in-the-air"
OB_NO_REMOVAL = "obligation/dcd-1-25-cv-00766-2025-03-15-no-removal-under-the-proclamation"
FLIGHT = "transfer/globalx-{}-2025-03-15"
EARLY_FLIGHTS = ("6143", "6145")
LATE_FLIGHT = "6122"

S_COMPLAINT = "dcd-1-25-cv-00766-complaint-2025-03-15"
S_MORNING = "dcd-1-25-cv-00766-minute-order-2025-03-15-morning"
S_TRANSCRIPT = "dcd-1-25-cv-00766-hearing-transcript-2025-03-15"
S_WRITTEN = "dcd-1-25-cv-00766-minute-order-2025-03-15-evening"
S_OPINION = "dcd-1-25-cv-00766-memorandum-opinion-2025-04-16"
S_SC = "scotus-24a931-per-curiam-2025-04-07"
P_DAY = "press-reports-2025-03-15-jgg-hearing-and-flights"

TURN_AROUND = (
    "any plane containing these folks that is going to take off or is in the air needs to be "
    "returned to the United States"
)
WINDOW_NOTE = (
    "The hearing began at 5:00 p.m. ET and the written minute order was entered at 7:26 p.m. "
    "ET; the oral order came between them, after a recess (press reports of the transcript "
    "put it at about 6:45 p.m.). habeas records the window the record gives, 17:00 to 19:26 "
    "ET, not a guessed minute."
)


def opinion_source() -> dict[str, Any]:
    """The April 16, 2025 memorandum opinion: it recounts the evening's times (the reference
    story's flights cite it too, so it is recorded with them)."""
    return court_doc(S_OPINION, "dcd", DOCKET, "2025-04-16",
                     "Memorandum Opinion, J.G.G. v. Trump (ECF No. 81)",
                     "Finds probable cause that the Government is in criminal contempt of the "
                     "temporary restraining order of March 15, 2025; recounts the hearing, the "
                     "oral and written orders and the flights. " + TITLE_NOTE)


def sources() -> Records:
    return [
        court_doc(S_COMPLAINT, "dcd", DOCKET, "2025-03-15",
                  "Complaint and motion for a temporary restraining order, J.G.G. v. Trump",
                  "Filed in the early hours of March 15, 2025 (time not recorded here). "
                  + TITLE_NOTE),
        court_doc(S_MORNING, "dcd", DOCKET, "2025-03-15", "Minute Order, J.G.G. v. Trump",
                  "The morning order: a temporary restraining order for the five named "
                  "plaintiffs, and a hearing set for 5:00 p.m. ET. " + TITLE_NOTE),
        court_doc(S_TRANSCRIPT, "dcd", DOCKET, "2025-03-15",
                  "Transcript of motion hearing, March 15, 2025, J.G.G. v. Trump",
                  "The oral order to return planes in the air is quoted from it in the April "
                  "16, 2025 opinion and in press reports. " + TITLE_NOTE),
        court_doc(S_WRITTEN, "dcd", DOCKET, "2025-03-15", "Minute Order, J.G.G. v. Trump",
                  "The evening order, entered at 7:26 p.m. ET: the class provisionally "
                  "certified, and its members not to be removed under the Proclamation. "
                  + TITLE_NOTE),
        court_doc(S_SC, "scotus", "24A931", "2025-04-07", "Per curiam, Trump v. J.G.G.",
                  "The application to vacate the District Court's temporary restraining "
                  "orders is granted: the detainees' challenges lie in habeas, in the "
                  "district of confinement; they are entitled to notice and an opportunity "
                  "to seek habeas relief before removal. " + TITLE_NOTE),
        press(P_DAY,
              "Press reports, March 15-17, 2025: the J.G.G. v. Trump hearing, the oral order "
              "to turn planes around, and the flights from Harlingen, Texas that reached El "
              "Salvador", "2025-03", PRESS_NOTE),
    ]


def actors_and_courts() -> Records:
    return [
        rec("actor", "actor/james-e-boasberg", [cite(S_MORNING), cite(S_OPINION)],
            kind="official", name="James E. Boasberg", country="US",
            aliases=["Chief Judge Boasberg", "Judge Boasberg"],
            roles=[{"title": "Chief Judge, U.S. District Court for the District of Columbia"}]),
        rec("court", "court/dcd", [cite(S_COMPLAINT)], court_id="dcd",
            name="U.S. District Court for the District of Columbia", seat="Washington, D.C.",
            timezone="America/New_York"),
    ]


def cases() -> Records:
    government = [
        {"name": "Donald J. Trump", "role": "defendant", "actor": "actor/donald-trump",
         "capacity": "President of the United States, official capacity"},
        {"name": "Department of Homeland Security, et al.", "role": "defendant",
         "actor": "actor/dhs"},
    ]
    plaintiffs = [{"name": "J.G.G., et al.", "role": "plaintiff"}]
    return [
        rec("case", C_DCD, [cite(S_COMPLAINT)], court="court/dcd", docket_number=DOCKET,
            caption="J.G.G. v. Trump", nature="civil", filed="2025-03-15",
            judges=["James E. Boasberg"], parties=[*plaintiffs, *government],
            note="Five Venezuelan men, known by initials, for themselves and a class of "
                 "noncitizens subject to the Proclamation invoking the Alien Enemies Act. "
                 "The plaintiffs are not recorded as persons: none of them was on the "
                 "flights."),
        rec("case", C_SCOTUS, [cite(S_SC)], court="court/scotus", docket_number="24A931",
            caption="Trump v. J.G.G.", nature="application", filed="2025-03",
            parties=[{**g, "role": "applicant"} for g in government]
            + [{**p, "role": "respondent"} for p in plaintiffs],
            origin=C_DCD,
            note="The application to vacate came from the D.C. Circuit's denial of a stay "
                 "(not recorded here); filed in late March 2025 (the day is not recorded)."),
    ]


def docket_entries() -> Records:
    def de(slug: str, filed: str, text: str, src: str, number: int | None = None,
           filed_by: str | None = None) -> dict[str, Any]:
        return rec("docket_entry", f"docket_entry/dcd-1-25-cv-00766-{slug}", [cite(src)],
                   case=C_DCD, number=number, filed=filed, text=text, filed_by=filed_by,
                   note=None if number else "Entry number not recorded here.")

    return [
        de("2025-03-15-complaint", "2025-03-15",
           "Class complaint and motion for a temporary restraining order.", S_COMPLAINT,
           filed_by="Plaintiffs"),
        de("2025-03-15-minute-order-morning", "2025-03-15",
           "Minute order: temporary restraining order as to the named plaintiffs; hearing "
           "set for 5:00 p.m.", S_MORNING),
        de("2025-03-15-hearing", "2025-03-15T17:00[America/New_York]/19:26",
           "Motion hearing held (from 5:00 p.m. ET, with a recess; the oral order was "
           "given at it).", S_TRANSCRIPT),
        de("2025-03-15-minute-order-evening", "2025-03-15T19:26[America/New_York]",
           "Minute order: the class provisionally certified; its members not to be removed "
           "pursuant to the Proclamation for 14 days or until further order.", S_WRITTEN),
        de("2025-04-16-memorandum-opinion", "2025-04-16",
           "Memorandum opinion: probable cause that the Government is in criminal contempt.",
           S_OPINION, number=81),
    ]


def orders() -> Records:
    judge = "James E. Boasberg"
    return [
        rec("order", O_MORNING, [cite(S_MORNING)], case=C_DCD, kind="minute_order",
            title="Minute Order (morning)", issued="2025-03-15", judge=judge,
            text="A temporary restraining order barring the removal of the five named "
                 "plaintiffs; a hearing is set for 5:00 p.m. ET.",
            docket_entry="docket_entry/dcd-1-25-cv-00766-2025-03-15-minute-order-morning",
            note="Summary, not the order's exact words. Entered in the morning (the time "
                 "is not recorded here)."),
        rec("order", O_ORAL, [cite(S_TRANSCRIPT, excerpt=TURN_AROUND), cite(S_OPINION)],
            case=C_DCD, kind="oral_order", title="Oral order at the hearing",
            issued="2025-03-15", spoken="2025-03-15T17:00[America/New_York]/19:26",
            judge=judge,
            text=f'From the bench, with the class temporary restraining order: "{TURN_AROUND}".',
            docket_entry="docket_entry/dcd-1-25-cv-00766-2025-03-15-hearing",
            note=WINDOW_NOTE),
        rec("order", O_WRITTEN, [cite(S_WRITTEN), cite(S_OPINION)], case=C_DCD,
            kind="minute_order", title="Minute Order (evening)",
            issued="2025-03-15T19:26[America/New_York]", judge=judge,
            text="The class is provisionally certified; defendants are enjoined from "
                 "removing members of the class (not otherwise subject to removal) pursuant "
                 "to the Proclamation for 14 days or until further order.",
            docket_entry="docket_entry/dcd-1-25-cv-00766-2025-03-15-minute-order-evening",
            note="In substance, not quoted. Entered at 7:26 p.m. ET; it does not repeat the "
                 "oral order to return planes in the air."),
        rec("order", O_OPINION, [cite(S_OPINION)], case=C_DCD, kind="memorandum_opinion",
            title="Memorandum Opinion", issued="2025-04-16", judge=judge,
            text="The Government's actions on March 15, 2025 demonstrate a willful disregard "
                 "for the temporary restraining order, sufficient for probable cause to find "
                 "it in criminal contempt; the Supreme Court's later vacatur does not excuse "
                 "a violation while the order stood.",
            docket_entry="docket_entry/dcd-1-25-cv-00766-2025-04-16-memorandum-opinion",
            note="Summary, not the opinion's exact words."),
        rec("order", O_SC, [cite(S_SC)], case=C_SCOTUS, kind="order",
            title="Per curiam on the application to vacate", issued="2025-04-07",
            text="The application to vacate the District Court's temporary restraining orders "
                 "of March 15, 2025 is granted; challenges to removal under the Alien Enemies "
                 "Act lie in habeas, in the district of confinement, after notice.",
            separate_statements=[
                {"by": ["Justice Kavanaugh"], "kind": "concurring"},
                {"by": ["Justice Sotomayor"], "kind": "dissenting",
                 "joined_by": ["Justice Kagan", "Justice Jackson",
                               "Justice Barrett (as to Part II)"]},
                {"by": ["Justice Jackson"], "kind": "dissenting"},
            ],
            note="Summary, not the Court's exact words."),
    ]


def appeals() -> Records:
    return [
        rec("appeal", A_SC, [cite(S_SC)], kind="application_to_vacate", case=C_SCOTUS,
            from_case=C_DCD, challenged_order=O_WRITTEN, filed="2025-03",
            decided="2025-04-07", outcome="vacated",
            decided_by=["Supreme Court of the United States"],
            summary="The temporary restraining orders of March 15, 2025 are vacated."),
    ]


CLASS = "all noncitizens in U.S. custody who are subject to the Proclamation"
REASONABLE = {
    "kind": "immediately", "reasonable_minutes": 120, "words": "needs to be returned",
    "basis": "editors' judgement: the planes were in the air for hours after the order, and a "
             "plane in the air can be turned around within two hours",
}
AEA_ABOARD = (
    "removed under the Alien Enemies Act, as the Government represented; the plaintiffs and "
    "the court treat those aboard as members of the class"
)
LATE_DISPUTED = (
    "the Government represented that this flight, which left after the written order, "
    "carried no one removed under the Proclamation (only Title 8 removals); whether anyone "
    "aboard was a member of the class is disputed"
)


def obligations() -> Records:
    government = {"obligors": ["actor/united-states"], "obligor_text": "Defendants"}
    flights = [FLIGHT.format(n) for n in EARLY_FLIGHTS]
    return [
        rec("obligation", OB_TURN_AROUND,
            [cite(S_TRANSCRIPT, excerpt=TURN_AROUND), cite(S_OPINION), cite(P_DAY)],
            order=O_ORAL, destination="US", **government, action="return",
            text=TURN_AROUND, deadline=REASONABLE, transfers=flights,
            note="About the planes then in the air: the two flights that had left Harlingen "
                 "before the order (GlobalX 6143 and 6145), with everyone aboard. Met only by "
                 "a recorded return of everyone aboard; none is recorded: the planes landed "
                 "in El Salvador and their passengers were taken to CECOT. The reasonable "
                 "time is the editors', stated in every answer. " + WINDOW_NOTE),
        rec("obligation", OB_NO_REMOVAL, [cite(S_WRITTEN), cite(S_OPINION), cite(P_DAY)],
            order=O_WRITTEN, **government, action="do_not_remove", covers_class=CLASS,
            coverage=[
                *({"transfer": f, "covered": "covered", "reason": AEA_ABOARD} for f in flights),
                {"transfer": FLIGHT.format(LATE_FLIGHT), "covered": "disputed",
                 "reason": LATE_DISPUTED},
            ],
            text="not remove members of the class (not otherwise subject to removal) pursuant "
                 "to the Proclamation, for 14 days or until further order",
            note="In force from the written order (7:26 p.m. ET). The two flights that left "
                 "before it are no violation of it, however their passengers are counted; "
                 "the third left after it, and whether it carried class members is "
                 "disputed."),
    ]


def rulings() -> Records:
    return [
        rec("ruling", "ruling/scotus-24a931-2025-04-07", [cite(S_SC)], decision=A_SC,
            decided="2025-04-07",
            effects=[
                {"target": O_WRITTEN, "effect": "vacated",
                 "reason": "the temporary restraining orders are vacated"},
                {"target": O_ORAL, "effect": "vacated",
                 "reason": "the temporary restraining orders are vacated"},
            ],
            summary="The March 15 temporary restraining orders are vacated from April 7, "
                    "2025; what happened while they stood is unchanged (as the District "
                    "Court's opinion of April 16, 2025 holds)."),
    ]


def build() -> Records:
    """Every record of the story (the flights are the reference story's)."""
    return (sources() + actors_and_courts() + cases() + docket_entries() + orders()
            + appeals() + obligations() + rulings())
