"""The reference story after June 2025, as habeas records: the July 23 order on ICE
supervision and notice before any third-country removal, the re-detention in Baltimore on
August 25, the new habeas case and its orders, and the later findings (the criminal court's of
October 3, the habeas court's of December 11, 2025).

Facts are from public court records as reported (the shared fact sheet ends on August 22, 2025),
each cited; dates are at the precision the record gives. Part of scripts/build_demo_bundle.py.
"""

from __future__ import annotations

from typing import Any

from demo_records import PRESS_NOTE, TITLE_NOTE, Records, cite, court_doc, press, rec

# fmt: off

KAG = "person/kilmar-abrego-garcia"
MDD = "8:25-cv-00951-PX"
C_MDD = "case/mdd-8-25-cv-00951"
C_TNMD = "case/tnmd-united-states-v-abrego-garcia"
C_HABEAS = "case/mdd-abrego-garcia-v-noem-habeas-2025-08-25"
O_0723 = "order/mdd-8-25-cv-00951-2025-07-23"
O_H_0825 = "order/mdd-habeas-2025-08-25"
O_TN_1003 = "order/tnmd-united-states-v-abrego-garcia-2025-10-03"
O_H_1211 = "order/mdd-habeas-2025-12-11"
O_H_1212 = "order/mdd-habeas-2025-12-12-tro"
OB_NOTICE = "obligation/mdd-8-25-cv-00951-2025-07-23-notice-before-third-country-removal"
OB_SUPERVISION = "obligation/mdd-8-25-cv-00951-2025-07-23-restore-supervision"
OB_H_NOT_REMOVED = "obligation/mdd-habeas-2025-08-25-not-removed"
OB_H_RELEASE = "obligation/mdd-habeas-2025-12-11-release"
DEFENDANTS = [f"actor/{k}" for k in ("kristi-noem", "todd-lyons", "kenneth-genalo",
                                     "nikita-baker", "pamela-bondi", "marco-rubio")]
FACILITY_MOSHANNON = "facility/moshannon-valley-processing-center"

S_0723 = "mdd-8-25-cv-00951-order-2025-07-23"
S_H_PETITION = "mdd-habeas-petition-2025-08-25"
S_H_0825 = "mdd-habeas-order-2025-08-25"
S_TN_1003 = "tnmd-memorandum-opinion-2025-10-03"
S_H_1211 = "mdd-habeas-memorandum-opinion-2025-12-11"
S_H_1212 = "mdd-habeas-tro-2025-12-12"
P_0723 = "press-reports-2025-07-23-abrego-garcia-orders"
P_0825 = "press-reports-2025-08-25-abrego-garcia-redetained"
P_1003 = "press-reports-2025-10-03-vindictiveness-finding"
P_1211 = "press-reports-2025-12-11-abrego-garcia-released"
HABEAS_DOCKET = "not confirmed here (habeas petition filed 2025-08-25, D. Md., Judge Xinis)"
HABEAS_NOTE = (
    "The new habeas case's docket number is not confirmed in the sources cited here, so none "
    "is given. "
)


def sources() -> Records:
    return [
        court_doc(S_0723, "mdd", MDD, "2025-07-23", "Order, Abrego Garcia v. Noem",
                  "Entered the day the Middle District of Tennessee declined to revoke his "
                  "release pending trial. Restores his ICE order of supervision out of the "
                  "Baltimore Field Office and requires written notice before any removal to "
                  "a third country (three business days, as reported; 72 hours in other "
                  "reports). " + TITLE_NOTE),
        court_doc(S_H_PETITION, "mdd", None, "2025-08-25",
                  "Petition for a writ of habeas corpus, Abrego Garcia v. Noem (D. Md., "
                  "filed 2025-08-25)",
                  HABEAS_NOTE + "Filed the day he was detained at his ICE check-in in "
                  "Baltimore, against his removal to Uganda. " + TITLE_NOTE),
        court_doc(S_H_0825, "mdd", None, "2025-08-25",
                  "Order, Abrego Garcia v. Noem (habeas, D. Md.)",
                  HABEAS_NOTE + "Until a schedule is set he is not to be moved from his "
                  "detention facility, and he is not to be removed from the United States. "
                  + TITLE_NOTE),
        court_doc(S_TN_1003, "tnmd", None, "2025-10-03",
                  "Memorandum opinion and order on the motion to dismiss for vindictive "
                  "prosecution, United States v. Abrego Garcia (M.D. Tenn.)",
                  "Judge Waverly D. Crenshaw Jr. found a realistic likelihood of "
                  "vindictiveness and granted discovery and an evidentiary hearing. The case "
                  "number is not confirmed in the reference story. " + TITLE_NOTE),
        court_doc(S_H_1211, "mdd", None, "2025-12-11",
                  "Memorandum opinion and order granting the petition, Abrego Garcia v. Noem "
                  "(habeas, D. Md.)",
                  HABEAS_NOTE + "Finds that no final order of removal exists and orders his "
                  "immediate release from ICE custody. " + TITLE_NOTE),
        court_doc(S_H_1212, "mdd", None, "2025-12-12",
                  "Temporary restraining order, Abrego Garcia v. Noem (habeas, D. Md.)",
                  HABEAS_NOTE + "Bars ICE from detaining him again without a hearing. "
                  + TITLE_NOTE),
        press(P_0723,
              "Press reports, July 23-24, 2025: the District of Maryland bars ICE from taking "
              "Kilmar Abrego Garcia into immigration custody on his release in Tennessee, "
              "restores his ICE supervision in Baltimore and requires notice before any "
              "third-country removal", "2025-07-23", PRESS_NOTE),
        press(P_0825,
              "Press reports, August 25, 2025: Kilmar Abrego Garcia detained by ICE at his "
              "check-in at the Baltimore field office; a new habeas petition; the District "
              "of Maryland orders that he not be removed from the United States",
              "2025-08-25", PRESS_NOTE),
        press(P_1003,
              "Press reports, October 3, 2025: the Middle District of Tennessee finds a "
              "realistic likelihood that the prosecution of Kilmar Abrego Garcia is "
              "vindictive and orders a hearing", "2025-10-03", PRESS_NOTE),
        press(P_1211,
              "Press reports, December 11-12, 2025: the District of Maryland finds no final "
              "order of removal and orders Kilmar Abrego Garcia released from ICE custody "
              "at the Moshannon Valley Processing Center, Philipsburg, Pennsylvania; a "
              "temporary restraining order against re-detention follows", "2025-12-11",
              PRESS_NOTE),
    ]


def facilities() -> Records:
    return [
        rec("facility", FACILITY_MOSHANNON, [cite(P_1211)],
            name="Moshannon Valley Processing Center", kind="processing_center",
            country="US", locality="Philipsburg", region="Pennsylvania",
            timezone="America/New_York", operator="actor/ice",
            note="An ICE detention facility, named in the reports of his release."),
    ]


def custody() -> Records:
    def ev(slug: str, sources: Records, **fields: Any) -> dict[str, Any]:
        return rec("custody_event", f"custody_event/abrego-garcia-{slug}", sources,
                   person=KAG, **fields)

    return [
        ev("detained-baltimore-2025-08-25", [cite(P_0825), cite(S_H_PETITION), cite(S_H_1211)],
           kind="detained", at="2025-08-25", facility="facility/ice-baltimore-holding",
           custodian="actor/ice", country="US",
           description="Detained by ICE when he reported for his check-in at the Baltimore "
                       "field office, three days after his release in Tennessee. The time of "
                       "day is not recorded."),
        ev("transferred-moshannon-2025", [cite(P_1211)], kind="transferred",
           at="2025-08-25/2025-12-11", facility=FACILITY_MOSHANNON, custodian="actor/ice",
           certainty="reported",
           description="Held at the Moshannon Valley Processing Center, Philipsburg, "
                       "Pennsylvania, where the reports of December 2025 place him. When he "
                       "was moved there is not recorded (reports differ on where he was "
                       "first held), so the range from his detention to his release is "
                       "recorded."),
        ev("released-2025-12-11", [cite(S_H_1211), cite(P_1211)], kind="released",
           at="2025-12-11", facility=FACILITY_MOSHANNON, country="US",
           description="Released from ICE custody under the habeas court's order of 11 "
                       "December 2025 (his counsel confirmed the release, as reported); still "
                       "under the conditions of his release pending trial in Tennessee."),
    ]


def cases() -> Records:
    return [
        rec("case", C_HABEAS, [cite(S_H_PETITION), cite(P_0825)], court="court/mdd",
            docket_number=HABEAS_DOCKET, caption="Abrego Garcia v. Noem", nature="habeas",
            filed="2025-08-25", judges=["Paula Xinis"],
            parties=[{"name": "Kilmar Armando Abrego Garcia", "role": "petitioner",
                      "person": KAG}],
            persons_concerned=[KAG],
            note="A second case in the District of Maryland, separate from No. "
                 "8:25-cv-00951-PX. " + HABEAS_NOTE.strip()),
    ]


def docket_entries() -> Records:
    def de(case: str, slug: str, filed: str, text: str, src: str,
           filed_by: str | None = None) -> dict[str, Any]:
        return rec("docket_entry", f"docket_entry/{case.removeprefix('case/')}-{slug}",
                   [cite(src)], case=case, filed=filed, text=text, filed_by=filed_by,
                   note="Entry number not recorded (the sources cited do not give it).")

    return [
        de(C_MDD, "2025-07-23-order", "2025-07-23",
           "Order restoring Abrego Garcia to his ICE order of supervision out of the "
           "Baltimore Field Office and requiring notice before any removal to a third "
           "country.", S_0723),
        de(C_HABEAS, "2025-08-25-petition", "2025-08-25",
           "Petition for a writ of habeas corpus.", S_H_PETITION, filed_by="Petitioner"),
        de(C_HABEAS, "2025-08-25-order", "2025-08-25",
           "Order: not to be moved from his detention facility until a schedule is set; "
           "not to be removed from the United States.", S_H_0825),
        de(C_TNMD, "2025-10-03-opinion", "2025-10-03",
           "Memorandum opinion and order: a realistic likelihood of vindictiveness; "
           "discovery and an evidentiary hearing granted.", S_TN_1003),
        de(C_HABEAS, "2025-12-11-opinion", "2025-12-11",
           "Memorandum opinion and order granting the petition: immediate release from ICE "
           "custody.", S_H_1211),
        de(C_HABEAS, "2025-12-12-tro", "2025-12-12",
           "Temporary restraining order against detaining him again without a hearing.",
           S_H_1212),
    ]


def orders() -> Records:
    xinis = "Paula Xinis"
    summary = "Summary, not the order's exact words."
    return [
        rec("order", O_0723, [cite(S_0723), cite(P_0723)], case=C_MDD, kind="order",
            title="Order", issued="2025-07-23", judge=xinis,
            text="Defendants shall restore Abrego Garcia to his ICE order of supervision out "
                 "of the Baltimore Field Office, and shall not take him into ICE custody on "
                 "his release from criminal custody; before any removal to a third country "
                 "they must give him and his counsel written notice (three business days, "
                 "as reported).",
            docket_entry="docket_entry/mdd-8-25-cv-00951-2025-07-23-order", note=summary),
        rec("order", O_H_0825, [cite(S_H_0825), cite(P_0825)], case=C_HABEAS, kind="order",
            title="Order", issued="2025-08-25", judge=xinis,
            text="At least until a schedule is set, the petitioner is not to be moved from "
                 "his current detention facility, and he is not to be removed from the "
                 "United States.",
            docket_entry="docket_entry/mdd-abrego-garcia-v-noem-habeas-2025-08-25-2025-08-25"
                         "-order",
            note=summary + " The time of day it was entered is not recorded."),
        rec("order", O_TN_1003, [cite(S_TN_1003), cite(P_1003)], case=C_TNMD,
            kind="memorandum_opinion", title="Memorandum Opinion and Order",
            issued="2025-10-03", judge="Waverly D. Crenshaw Jr.",
            text="Abrego Garcia has shown a realistic likelihood of vindictiveness in his "
                 "prosecution: he is entitled to discovery and an evidentiary hearing on the "
                 "government's reasons for charging him.",
            docket_entry="docket_entry/tnmd-united-states-v-abrego-garcia-2025-10-03-opinion",
            note=summary),
        rec("order", O_H_1211, [cite(S_H_1211), cite(P_1211)], case=C_HABEAS,
            kind="memorandum_opinion", title="Memorandum Opinion and Order",
            issued="2025-12-11", judge=xinis,
            text="No final order of removal exists for Abrego Garcia; since his return from "
                 "El Salvador he has been detained again without lawful authority. The "
                 "petition is granted: he is to be released from ICE custody immediately.",
            docket_entry="docket_entry/mdd-abrego-garcia-v-noem-habeas-2025-08-25-2025-12-11"
                         "-opinion",
            note=summary + " The time of day it was entered is not recorded."),
        rec("order", O_H_1212, [cite(S_H_1212), cite(P_1211)], case=C_HABEAS,
            kind="temporary_restraining_order", title="Temporary Restraining Order",
            issued="2025-12-12", judge=xinis,
            text="ICE is restrained from detaining Abrego Garcia again without a hearing.",
            docket_entry="docket_entry/mdd-abrego-garcia-v-noem-habeas-2025-08-25-2025-12-12"
                         "-tro",
            note=summary),
    ]


def obligations() -> Records:
    defendants = {"obligors": DEFENDANTS, "obligor_text": "Defendants"}
    return [
        rec("obligation", OB_NOTICE, [cite(S_0723), cite(P_0723)], order=O_0723,
            about=[KAG], **defendants, action="do_not_remove",
            text="not remove Abrego Garcia to a third country without first giving him and "
                 "his counsel written notice (three business days, as reported)",
            deadline={"kind": "none"},
            note="A prohibition with a condition: a removal after due notice would not "
                 "breach it. habeas records it as a bar on removal; no removal followed."),
        rec("obligation", OB_SUPERVISION, [cite(S_0723), cite(P_0723)], order=O_0723,
            about=[KAG], **defendants, action="other",
            text="restore Abrego Garcia to his ICE order of supervision out of the Baltimore "
                 "Field Office",
            deadline={"kind": "none"},
            note="Only an assessment can say whether this was done; none is recorded. He "
                 "was detained at his check-in under that supervision on August 25, 2025."),
        rec("obligation", OB_H_NOT_REMOVED, [cite(S_H_0825), cite(P_0825)], order=O_H_0825,
            about=[KAG], obligor_text="Respondents", action="do_not_remove",
            text="he is not to be removed from the United States", deadline={"kind": "none"},
            note="The order's other directive (not to be moved from his facility until a "
                 "schedule was set) is not recorded as an obligation: when the schedule was "
                 "set and when he was moved are not recorded, so no answer could be given."),
        rec("obligation", OB_H_RELEASE, [cite(S_H_1211), cite(P_1211)], order=O_H_1211,
            about=[KAG], destination="US", obligor_text="Respondents", action="release",
            text="release Abrego Garcia from ICE custody immediately",
            deadline={"kind": "asap", "words": "immediate release"},
            note="Ordered immediately; met by his release the same day."),
    ]


def build() -> Records:
    """Every record after June 2025, in the reference story's reading order."""
    return (sources() + facilities() + custody() + cases() + docket_entries() + orders()
            + obligations())
