"""Which docket entries are orders: the clerks' set forms, and filings that only mention one."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from habeas.domain.order_text import ORDER_KINDS, order_kind
from tests.conftest import SHARED

PACER = SHARED / "testdata" / "pacer"

ORDERS = [
    # district courts (CM/ECF)
    ("ORDER granting [12] Motion to Expedite. Signed by Judge Paula Xinis on 4/4/2025.", "order"),
    ("ORDER that Respondents are temporarily enjoined from removing Petitioner", "order"),
    ("[21] ORDER granting in part [5] Motion", "order"),
    ("21 - ORDER TO SHOW CAUSE. Signed by Judge Paula Xinis", "order"),
    (
        "MEMORANDUM OPINION AND ORDER. Signed by Judge Paula Xinis on 4/4/2025.",
        "memorandum_opinion",
    ),
    ("MEMORANDUM AND ORDER granting the petition", "memorandum_opinion"),
    ("MEMORANDUM OPINION. Signed by Judge Paula Xinis", "memorandum_opinion"),
    (
        "TEMPORARY RESTRAINING ORDER. Respondents shall not remove Petitioner",
        "temporary_restraining_order",
    ),
    ("ORDER granting [6] Motion for Temporary Restraining Order", "order"),
    ("ORDER granting [6] Motion for Preliminary Injunction", "order"),
    ("ORDER denying [6] Motion for Temporary Restraining Order", "order"),
    ("PRELIMINARY INJUNCTION", "preliminary_injunction"),
    ("PAPERLESS ORDER granting [9] Consent Motion for Extension of Time", "minute_order"),
    ("MINUTE ORDER: The status conference is reset to 4/15/2025.", "minute_order"),
    ("TEXT ORDER: Respondents shall file a status report daily.", "minute_order"),
    (
        "Minute Entry for proceedings held before Judge Paula Xinis: Motion Hearing held",
        "minute_order",
    ),
    ("ORAL ORDER directing the parties to confer", "oral_order"),
    ("SCHEDULING ORDER: Discovery due by 4/23/2025.", "scheduling_order"),
    ("AMENDED ORDER granting [12] Motion", "amended_order"),
    ("SEALED ORDER", "order"),
    ("JUDGMENT in favor of Petitioner", "judgment"),
    ("CLERK'S JUDGMENT", "judgment"),
    ("STIPULATED PROTECTIVE ORDER", "order"),
    ("LETTER ORDER adjourning the conference", "order"),
    ("MEMO ENDORSEMENT granting the request", "order"),
    # courts of appeals
    ("ORDER filed [2098765] granting motion to expedite", "order"),
    ("Order filed", "order"),
    ("Court order filed", "order"),
    ("PER CURIAM ORDER [1967834] filed dismissing case", "order"),
    ("CLERK'S ORDER [1961779] filed considering case opening document", "order"),
    ("Informal briefing order filed", "scheduling_order"),
    ("Briefing order filed", "scheduling_order"),
    ("Judgment order filed", "judgment"),
    ("Unpublished per curiam opinion filed", "opinion"),
    ("PUBLISHED AUTHORED OPINION filed", "opinion"),
    # the Supreme Court
    ("Application (24A949) granted by The Chief Justice", "order"),
    ("Application (24A949) referred to the Court.", "order"),
    ("Application (24A949) denied by the Court.", "order"),
    ("Petition DENIED.", "order"),
    ("Motion for leave to file amicus brief filed by the Amici GRANTED.", "order"),
    ("Judgment issued.", "judgment"),
]

NOT_ORDERS = [
    "MOTION for Temporary Restraining Order by Kilmar Abrego Garcia",
    "EMERGENCY MOTION for Order to Show Cause",
    "AMENDED MOTION for Order",
    "PROPOSED ORDER by Kilmar Abrego Garcia",
    "Text of Proposed Order",
    "STIPULATION AND [PROPOSED] ORDER",
    "RESPONSE to Order to Show Cause filed by Kristi Noem",
    "REPLY to Response to Order",
    "NOTICE OF APPEAL as to [21] Order by Kristi Noem",
    "NOTICE by Kristi Noem re [21] Order",
    "MEMORANDUM in Support re [6] Motion for Temporary Restraining Order",
    "STATUS REPORT pursuant to the Court's Order",
    "Application (24A949) for a stay of the order of the United States District Court for "
    "the District of Maryland submitted to The Chief Justice.",
    "Application (24A1) to extend the time to file a petition for a writ of certiorari, "
    "submitted to Justice Alito.",
    "Response to application (24A949) requested by The Chief Justice, due April 9.",
    "PETITION for Writ of Habeas Corpus filed by Kilmar Abrego Garcia",
    "Petition for a writ of certiorari filed. (Response due May 5, 2025)",
    "ATTORNEY DISCIPLINE CASE docketed. [22-8513]",
    "CERTIFIED MAIL RECEIPT [1963473] received from respondent for order [1961791-2]",
    "LETTER [1961747] sent to complainant",
    "CASE CONTINUED FROM TENTATIVE CALENDAR. [1001214884] [21-1919] JLC",
    "TRANSCRIPT of Motion Hearing held on 4/4/2025",
    "SUMMONS Issued as to Kristi Noem",
    "",
]


@pytest.mark.parametrize(("text", "kind"), ORDERS)
def test_an_order_is_known_by_its_first_words(text: str, kind: str) -> None:
    assert order_kind(text) == kind


@pytest.mark.parametrize("text", NOT_ORDERS)
def test_a_filing_about_an_order_is_not_an_order(text: str) -> None:
    assert order_kind(text) is None


# What each fixture's entries are, in the order juriscraper lists them.
FIXTURE_KINDS = {
    "pacer__dockets__district__njd_365922.json": [None, "order", "minute_order"],
    "pacer__dockets__appellate__cadc_1.json": [None, None, None, "order", None, None, "order"],
    "scotus__dockets__json__24A1.json": [None, "order"],
    "pacer__nda__ca4_1.json": [None],
}


def _descriptions(name: str) -> list[str]:
    data = json.loads((PACER / name).read_text(encoding="utf-8"))
    if isinstance(data, list):  # the RSS feed: one item per entry
        return [e["short_description"] for d in data for e in d["docket_entries"]]
    dockets = data.get("dockets", [data])
    return [e["description"] for d in dockets for e in d["docket_entries"]]


@pytest.mark.skipif(not PACER.is_dir(), reason=f"fixtures not found at {PACER}")
@pytest.mark.parametrize(("name", "kinds"), sorted(FIXTURE_KINDS.items()))
def test_orders_among_the_fixture_dockets(name: str, kinds: list[str | None]) -> None:
    assert [order_kind(text) for text in _descriptions(name)] == kinds


@pytest.mark.skipif(not PACER.is_dir(), reason=f"fixtures not found at {PACER}")
def test_every_entry_of_the_fourth_circuit_feed_is_an_order_opinion_or_judgment() -> None:
    kinds = {order_kind(text) for text in _descriptions("pacer__rss_feeds__ca4_1.json")}
    assert kinds == {"order", "scheduling_order", "judgment", "opinion"}


_FILING_WORDS = st.sampled_from(
    ["MOTION for", "PROPOSED", "RESPONSE to", "NOTICE OF APPEAL as to", "REPLY to", "BRIEF re"]
)
_TAIL = st.text(st.characters(codec="utf-8", exclude_characters=".;"), max_size=80).filter(
    lambda t: not any(w in t.lower() for w in ("granted", "denied", "dismissed"))
)


@given(_FILING_WORDS, _TAIL)
def test_an_entry_that_opens_as_a_filing_is_never_an_order(lead: str, tail: str) -> None:
    assert order_kind(f"{lead} Order {tail}") is None


@given(
    st.sampled_from([t for t, _ in ORDERS if not t[0].isdigit() and t[0] != "["]),
    st.integers(1, 9999),
)
def test_the_entry_number_in_front_changes_nothing(text: str, number: int) -> None:
    kind = order_kind(text)
    assert order_kind(f"{number} {text}") == kind
    assert order_kind(f"[{number}] {text}") == kind


@given(st.sampled_from([t for t, _ in ORDERS] + NOT_ORDERS))
def test_letter_case_changes_nothing(text: str) -> None:
    assert order_kind(text.upper()) == order_kind(text.lower()) == order_kind(text)


@given(st.text(max_size=300))
def test_any_text_gives_a_known_kind_or_none(text: str) -> None:
    assert order_kind(text) in (*ORDER_KINDS, None)
