"""The server-made charts: a custody timeline with border crossings and transfers marked,
an occupancy chart against capacity; text in them is escaped."""

from __future__ import annotations

from xml.etree import ElementTree

from habeas.web.i18n import Translator
from habeas.web.svg import custody_timeline, occupancy_chart

T = Translator("en")
CHAIN = [
    {
        "key": "e1",
        "kind": "detained",
        "at": "2025-03-12",
        "facility": "facility/a",
        "facility_name": "North <Centre> & Co",
        "country": "US",
    },
    {
        "key": "e2",
        "kind": "removed",
        "at": "2025-03-15T17:26[America/Chicago]",
        "transfer": "transfer/f",
        "transfer_name": "Flight 1",
        "country": "SV",
    },
    {
        "key": "e3",
        "kind": "admitted",
        "at": "2025-03-16",
        "facility": "facility/b",
        "facility_name": "Big Prison",
        "country": "SV",
    },
    {"key": "e4", "kind": "released", "at": "2025-07-18", "country": "VE"},
]


def test_timeline_marks_crossings_and_transfers() -> None:
    svg = custody_timeline(CHAIN, T)
    root = ElementTree.fromstring(svg)  # well-formed, with every text escaped
    assert root.tag.endswith("svg") and root.get("role") == "img"
    assert "US → SV" in svg and "SV → VE" in svg
    assert svg.count("class='crossing'") == 2
    assert svg.count("class='transfer'") == 1
    assert "North &lt;Centre&gt; &amp; Co" in svg


def test_timeline_in_spanish() -> None:
    svg = custody_timeline(CHAIN, Translator("es"))
    assert "Estados Unidos" in svg and "expulsado" in svg


def test_occupancy_chart_against_capacity() -> None:
    points = [
        {"on": "2025-03-14", "held": 0},
        {"on": "2025-03-16", "held": 8},
        {"on": "2025-07-18", "held": 2},
    ]
    near = occupancy_chart(points, 10, T, name="A")
    ElementTree.fromstring(near)
    assert "class='capacity'" in near and "capacity 10" in near
    far = occupancy_chart(points, 40000, T, name="B")
    assert "far above this scale" in far
    assert occupancy_chart([], 5, T) == ""
