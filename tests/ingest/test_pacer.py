"""PACER pages, feeds, emails and Supreme Court JSON, read against juriscraper's golden files.

Each fixture in ../shared/testdata/pacer sits beside the output juriscraper produces for it;
what habeas reads from the input must say the same: numbers, names, dates, entries.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from habeas.domain.courts import UnknownCourt
from habeas.domain.errors import DocketFileInvalid
from habeas.ingest.docket_model import ParsedDocket, ParsedEntry
from habeas.ingest.pacer import DocketFile, check_dockets, detect_kind, read_docket_file
from habeas.ingest.pacer_common import court_by_name, court_from_text, iso, nature_for
from tests.conftest import SHARED

PACER = SHARED / "testdata" / "pacer"
pytestmark = pytest.mark.skipif(not PACER.is_dir(), reason=f"fixtures not found at {PACER}")

DISTRICT = "pacer__dockets__district__njd_365922.html"
APPELLATE = "pacer__dockets__appellate__cadc_1.html"
SCOTUS = "scotus__dockets__json__24A1.compare.json"  # the raw supremecourt.gov JSON
RSS = "pacer__rss_feeds__ca4_1.xml"
EMAIL = "pacer__nda__ca4_1.txt"

GOLDEN = {
    DISTRICT: "pacer__dockets__district__njd_365922.json",
    APPELLATE: "pacer__dockets__appellate__cadc_1.json",
    SCOTUS: "scotus__dockets__json__24A1.json",
    RSS: "pacer__rss_feeds__ca4_1.json",
    EMAIL: "pacer__nda__ca4_1.json",
}


def raw(name: str) -> bytes:
    return (PACER / name).read_bytes()


def golden(name: str) -> Any:
    return json.loads((PACER / GOLDEN[name]).read_text(encoding="utf-8"))


def words(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def same_entries(entries: tuple[ParsedEntry, ...], expected: list[dict[str, Any]]) -> None:
    assert len(entries) == len(expected)
    for got, want in zip(entries, expected, strict=True):
        assert got.filed == want["date_filed"]
        assert got.text == words(want["description"] or want.get("short_description", ""))
        number = want.get("document_number")
        assert got.number == (int(number) if isinstance(number, str) and number else None)
        assert got.pacer_sequence_number == (want.get("pacer_seq_no") or got.pacer_sequence_number)
        if want.get("pacer_doc_id"):
            assert [d.pacer_doc_id for d in got.documents] == [want["pacer_doc_id"]]


@pytest.mark.parametrize(
    ("name", "kind", "court"),
    [
        (DISTRICT, "district", "njd"),
        (APPELLATE, "appellate", "cadc"),
        (SCOTUS, "scotus", "scotus"),
        (RSS, "rss", "ca4"),
        (EMAIL, "email", "ca4"),
    ],
)
def test_the_kind_and_the_court_are_read_from_the_file(name: str, kind: str, court: str) -> None:
    read = read_docket_file(raw(name), name)
    assert (read.kind, read.court_id) == (kind, court)
    assert all(d.court_id == court for d in read.dockets)


def test_a_district_habeas_docket_matches_juriscrapers_output() -> None:
    want = golden(DISTRICT)
    (docket,) = read_docket_file(raw(DISTRICT), DISTRICT).dockets
    assert docket.docket_number == want["docket_number"]
    assert docket.caption == want["case_name"]
    assert docket.filed == want["date_filed"]
    assert docket.judges == (want["assigned_to_str"],)
    assert docket.nature_of_suit == want["nature_of_suit"]
    assert docket.nature == "habeas"  # nature of suit 463, Habeas Corpus - Alien Detainee
    assert [(p.name, p.role) for p in docket.parties] == [
        (p["name"], p["type"]) for p in want["parties"]
    ]
    same_entries(docket.entries, want["docket_entries"])
    assert all(e.line for e in docket.entries)  # where each was read, for messages


def test_an_appellate_docket_matches_juriscrapers_output() -> None:
    want = golden(APPELLATE)
    (docket,) = read_docket_file(raw(APPELLATE), APPELLATE).dockets
    assert (docket.docket_number, docket.caption, docket.filed) == (
        want["docket_number"],
        words(want["case_name"]),
        want["date_filed"],
    )
    assert docket.nature == "appeal"
    same_entries(docket.entries, want["docket_entries"])
    # unnumbered appellate entries are keyed by PACER's sequence numbers
    assert [e.pacer_sequence_number for e in docket.entries] == [
        e["pacer_seq_no"] for e in want["docket_entries"]
    ]
    # this docket names no originating case (an attorney discipline matter)
    assert want["originating_court_information"] == {}
    assert docket.origin_court_id is None and docket.origin_docket_number is None


def test_a_supreme_court_application_links_to_the_lower_court_case() -> None:
    want = golden(SCOTUS)
    (docket,) = read_docket_file(raw(SCOTUS), SCOTUS).dockets
    assert (docket.court_id, docket.docket_number, docket.caption, docket.filed) == (
        "scotus",
        want["docket_number"],
        want["case_name"],
        want["date_filed"],
    )
    assert docket.nature == "application"  # an "A" docket
    assert want["lower_court"] == "United States Court of Appeals for the Fifth Circuit"
    assert docket.origin_court_id == "ca5"
    assert docket.origin_docket_number == want["lower_court_case_numbers"][0]
    assert [e.filed for e in docket.entries] == [e["date_filed"] for e in want["docket_entries"]]
    assert [e.text for e in docket.entries] == [e["description"] for e in want["docket_entries"]]
    assert [len(e.documents) for e in docket.entries] == [
        len(e["attachments"]) for e in want["docket_entries"]
    ]
    assert [(p.name, p.role) for p in docket.parties] == [
        (p["name"], p["type"]) for p in want["parties"]
    ]


def test_an_rss_feed_gives_one_docket_per_case_with_its_entries() -> None:
    want = golden(RSS)
    dockets = read_docket_file(raw(RSS), RSS).dockets
    expected: dict[str, list[dict[str, Any]]] = {}
    for item in want:
        expected.setdefault(item["docket_number"], []).extend(item["docket_entries"])
    assert [d.docket_number for d in dockets] == list(expected)
    for docket in dockets:
        same_entries(docket.entries, expected[docket.docket_number])
        assert docket.nature == "appeal"
    # an item's date is when the entry was made, with its time and zone
    assert dockets[0].entries[0].filed == "2023-02-03T12:20:16-05:00"


def test_a_notice_of_docket_activity_email_gives_its_case_and_entry() -> None:
    want = golden(EMAIL)
    read = read_docket_file(raw(EMAIL), EMAIL)
    assert read.media_type == "message/rfc822"
    (docket,) = read.dockets
    (expected,) = want["dockets"]
    assert (docket.docket_number, docket.caption) == (
        expected["docket_number"],
        expected["case_name"],
    )
    assert docket.pacer_case_id == expected["docket_entries"][0]["pacer_case_id"]
    same_entries(docket.entries, expected["docket_entries"])
    # the sequence number in the appellate docket text keys the entry as the docket page would
    assert docket.entries[0].pacer_sequence_number == "1001214884"


def test_the_kind_given_wins_over_detection_and_a_wrong_one_is_refused() -> None:
    with pytest.raises(DocketFileInvalid, match="a Supreme Court docket must be its JSON"):
        read_docket_file(raw(DISTRICT), DISTRICT, kind="scotus")
    with pytest.raises(DocketFileInvalid, match="unknown kind 'pdf'"):
        read_docket_file(raw(DISTRICT), DISTRICT, kind="pdf")


def test_a_court_given_is_checked_against_the_kind_of_docket() -> None:
    with pytest.raises(DocketFileInvalid, match="'ca4' is a court of appeals"):
        read_docket_file(raw(DISTRICT), DISTRICT, court="ca4")
    with pytest.raises(DocketFileInvalid, match="'njd' is not a court of appeals"):
        read_docket_file(raw(APPELLATE), APPELLATE, court="njd")
    with pytest.raises(UnknownCourt, match="'njdd'"):
        read_docket_file(raw(DISTRICT), DISTRICT, court="njdd")
    assert read_docket_file(raw(DISTRICT), DISTRICT, court="NJD").court_id == "njd"


def test_a_file_of_no_known_kind_is_refused_by_name() -> None:
    with pytest.raises(DocketFileInvalid, match=r"^notes\.html: cannot tell what kind"):
        read_docket_file(b"<html><body>Hello</body></html>", "notes.html")
    with pytest.raises(DocketFileInvalid, match=r"^empty\.html: the file is empty"):
        read_docket_file(b"  \n", "empty.html")
    with pytest.raises(DocketFileInvalid, match="not a Supreme Court docket"):
        read_docket_file(b'{"results": []}', "x.json")


def test_a_truncated_json_is_refused_with_its_line() -> None:
    text = raw(SCOTUS)[:400]
    with pytest.raises(DocketFileInvalid, match=r"^24A1\.json:\d+: not valid JSON") as caught:
        read_docket_file(text, "24A1.json")
    assert caught.value.problems[0].line > 1


def test_a_district_entry_without_a_date_is_an_error_naming_the_file_and_entry() -> None:
    page = raw(DISTRICT).replace(b'nowrap="">02/02/2018</td>', b'nowrap=""></td>', 1)
    with pytest.raises(DocketFileInvalid) as caught:
        read_docket_file(page, "njd.html")
    (problem,) = caught.value.problems
    assert problem.file == "njd.html"
    assert problem.line > 300  # the line of that entry in the page
    assert "no date filed" in problem.message and "PETITION for Writ" in problem.message
    assert "nothing was written" in str(caught.value)


def test_a_feed_item_without_a_date_is_an_error_naming_the_item() -> None:
    feed = raw(RSS)
    start = feed.index(b"<pubDate>", feed.index(b"<item>"))
    end = feed.index(b"</pubDate>", start) + len(b"</pubDate>")
    with pytest.raises(DocketFileInvalid, match=r"^feed\.xml:\d+: item 1 \(11-8 .*date"):
        read_docket_file(feed[:start] + feed[end:], "feed.xml")


def test_the_checks_name_every_bad_entry() -> None:
    docket = ParsedDocket(
        court_id="mdd",
        docket_number="8:25-cv-00951",
        caption="Abrego Garcia v. Noem",
        entries=(
            ParsedEntry(filed="2025-03-24", text="COMPLAINT", number=1),
            ParsedEntry(filed="", text="ORDER", number=2, line=40),
            ParsedEntry(filed="2025-13-45", text="ORDER", number=3),
            ParsedEntry(filed="2025-04-04", text="  ", number=4),
        ),
    )
    with pytest.raises(DocketFileInvalid) as caught:
        check_dockets([docket], "mdd.html")
    assert [(p.line, p.field) for p in caught.value.problems] == [
        (40, "entry 2 (No. 2).date_filed"),
        (0, "entry 3 (No. 3).date_filed"),
        (0, "entry 4 (No. 4).description"),
    ]
    assert str(caught.value).startswith("mdd.html:40: entry 2 (No. 2).date_filed: ")


@pytest.mark.parametrize(
    ("name", "court"),
    [
        ("United States Court of Appeals for the Fourth Circuit", "ca4"),
        ("U.S. District Court for the District of Maryland at Greenbelt", "mdd"),
        ("District of New Jersey", "njd"),
        ("Eastern District of Virginia", "vaed"),
        ("Board of Immigration Appeals", None),
        ("", None),
    ],
)
def test_a_court_named_in_words_is_found_in_the_courts_table(name: str, court: str | None) -> None:
    assert court_by_name(name) == court


def test_the_court_is_the_pacer_site_the_file_links_to_most() -> None:
    text = "https://ecf.mdd.uscourts.gov/doc1/1 https://pacer.login.uscourts.gov x@ca4.uscourts.gov"
    assert court_from_text(text + " https://ecf.mdd.uscourts.gov/doc1/2") == "mdd"
    assert court_from_text("https://www.example.org") is None


@pytest.mark.parametrize(
    ("court", "number", "nos", "nature"),
    [
        ("scotus", "24A949", "", "application"),
        ("scotus", "24-170", "", "appeal"),
        ("ca4", "25-1345", "", "appeal"),
        ("mdd", "8:25-cv-00951", "530 Habeas Corpus (General)", "habeas"),
        ("njd", "2:18-cv-01510", "463 Habeas Corpus - Alien Detainee", "habeas"),
        ("mdd", "8:25-cr-00001", "", "criminal"),
        ("mdd", "8:25-cv-00002", "440 Civil Rights: Other", "civil"),
    ],
)
def test_the_nature_of_a_case(court: str, number: str, nos: str, nature: str) -> None:
    assert nature_for(court, number, nos) == nature


def test_a_date_keeps_its_precision() -> None:
    from datetime import date, datetime, timedelta, timezone

    assert iso(date(2025, 4, 4)) == "2025-04-04"
    zone = timezone(timedelta(hours=-4))
    assert iso(datetime(2025, 4, 4, 9, 30, tzinfo=zone)) == "2025-04-04T09:30:00-04:00"
    assert iso(datetime(2025, 4, 4, 9, 30)) == "2025-04-04"
    assert iso(None) is None


def test_detection_does_not_depend_on_the_file_name(tmp_path: Path) -> None:
    text = raw(DISTRICT).decode("utf-8", "replace")
    assert detect_kind(text, "anything.txt") == "district"


def test_a_notice_email_may_be_its_html_body_alone_or_have_crlf_lines() -> None:
    message = raw(EMAIL)
    body = message[message.index(b"<!DOCTYPE") :]
    html_only = read_docket_file(body, "notice.html")
    assert (html_only.kind, html_only.media_type) == ("email", "text/html")
    crlf = read_docket_file(message.replace(b"\n", b"\r\n"), "notice.eml")
    assert crlf.media_type == "message/rfc822"
    whole = read_docket_file(message, EMAIL)

    def seen(read: DocketFile) -> list[tuple[str, str, str, str | None]]:
        return [
            (d.docket_number, e.filed, e.text, e.pacer_sequence_number)
            for d in read.dockets
            for e in d.entries
        ]

    assert seen(html_only) == seen(crlf) == seen(whole)
