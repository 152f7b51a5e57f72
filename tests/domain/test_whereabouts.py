"""One fold of a person's events in the rule's order gives their whereabouts on every day:
the answer `fold_days` gives for a day is the one `fold_whereabouts` gives when asked about
that day, for any events (any precision, ranges of days, windows of time, zones and
offsets, every kind and certainty, ties kept in the order recorded), and it holds until the
next day an event counts from."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from habeas.domain.custody import CUSTODY_KINDS, CustodyEvent
from habeas.domain.whereabouts import event_day, fold_days, fold_whereabouts

PERSON = "person/p0"
FACILITIES = ["facility/centre", "facility/prison"]
COUNTRY_OF = {"facility/centre": "US", "facility/prison": "SV"}
ZONES = ["America/Chicago", "America/New_York", "Pacific/Auckland", "Asia/Tokyo", "UTC"]
FIRST = date(2024, 12, 20)


@st.composite
def when(draw: st.DrawFn) -> str:
    """A time as sources give it: a year, a month, a day, a range of days, or a time of day
    (in a zone or at an offset), alone or as a window; near midnight and near the changes
    of summer time so that a zone's date differs from UTC's."""
    day = FIRST + timedelta(days=draw(st.integers(0, 120)))
    shape = draw(
        st.sampled_from(["year", "month", "day", "day", "range", "time", "time", "window"])
    )
    if shape == "year":
        return f"{day.year:04d}"
    if shape == "month":
        return day.strftime("%Y-%m")
    if shape == "day":
        return day.isoformat()
    if shape == "range":
        return f"{day.isoformat()}/{(day + timedelta(days=draw(st.integers(1, 9)))).isoformat()}"
    clock = (
        f"{draw(st.sampled_from([0, 1, 11, 22, 23])):02d}:{draw(st.sampled_from([0, 30, 59])):02d}"
    )
    zoned = draw(
        st.one_of(
            st.sampled_from(ZONES).map(lambda z: f"[{z}]"),
            st.sampled_from(["Z", "-05:00", "+13:00", "+09:00"]),
        )
    )
    at = f"{day.isoformat()}T{clock}{zoned}"
    if shape == "window":
        end = draw(st.sampled_from(["..", "24:00", "later day"]))
        if end == "later day":
            later = day + timedelta(days=draw(st.integers(1, 5)))
            end = f"{later.isoformat()}T12:00{zoned}"
        return f"{at}/{end}"
    return at


@st.composite
def custody_event(draw: st.DrawFn, n: int) -> CustodyEvent:
    kind = draw(st.sampled_from(CUSTODY_KINDS))
    facility = draw(st.one_of(st.none(), st.sampled_from(FACILITIES)))
    place = draw(
        st.one_of(
            st.none(),
            st.builds(
                dict,
                name=st.sampled_from(["Harlingen, Texas", "El Paso"]),
                country=st.one_of(st.none(), st.just("US")),
            ),
        )
    )
    if kind in ("detained", "admitted") and not (facility or place):
        facility = FACILITIES[0]
    return CustodyEvent.model_validate(
        {
            "type": "custody_event",
            "key": f"ev/{n}",
            "person": PERSON,
            "kind": kind,
            "at": draw(when()),
            "facility": facility,
            "place": place,
            "country": draw(st.one_of(st.none(), st.sampled_from(["US", "SV", "MX"]))),
            "custodian": draw(st.one_of(st.none(), st.just("actor/agency"))),
            "legal_basis": draw(st.one_of(st.none(), st.just("Alien Enemies Act"))),
            "certainty": draw(st.sampled_from(["confirmed", "reported", "alleged", "disputed"])),
            "unsourced": True,
        }
    )


@st.composite
def events(draw: st.DrawFn) -> list[CustodyEvent]:
    """Events in the order recorded, some recorded twice over at the same time (a tie the
    rule breaks by the order recorded)."""
    out = [draw(custody_event(i)) for i in range(draw(st.integers(0, 14)))]
    for i in draw(
        st.lists(st.integers(0, max(len(out) - 1, 0)), max_size=3) if out else st.just([])
    ):
        out.append(out[i].model_copy(update={"key": f"ev/again{len(out)}"}))
    return out


@settings(max_examples=200, deadline=None)
@given(evs=events(), countries=st.sampled_from([None, COUNTRY_OF]))
def test_one_fold_gives_the_answer_of_every_day(
    evs: list[CustodyEvent], countries: dict[str, str] | None
) -> None:
    folded = fold_days(PERSON, evs, countries)
    assert [day for day, _w in folded] == sorted({event_day(e) for e in evs})
    for day, w in folded:
        assert w == fold_whereabouts(PERSON, evs, day, countries)
    # Between two event days (and after the last) the answer is the earlier day's.
    nexts: list[date | None] = [d for d, _w in folded[1:]]
    for (day, w), after in zip(folded, [*nexts, None][: len(folded)], strict=True):
        last = (after or day + timedelta(days=30)) - timedelta(days=1)
        for later in {day + timedelta(days=1), last}:
            if day < later <= last:
                assert fold_whereabouts(PERSON, evs, later, countries) == w
    if folded:
        before = fold_whereabouts(PERSON, evs, folded[0][0] - timedelta(days=1), countries)
        assert before.status == "no_record" and before.chain == ()


def test_no_events_fold_to_no_days() -> None:
    assert fold_days(PERSON, []) == []


def test_a_day_holds_every_event_of_that_day_in_the_rule_order() -> None:
    def ev(n: int, kind: str, at: str, facility: str | None = None) -> CustodyEvent:
        return CustodyEvent.model_validate(
            {
                "type": "custody_event",
                "key": f"ev/{n}",
                "person": PERSON,
                "kind": kind,
                "at": at,
                "facility": facility,
                "unsourced": True,
            }
        )

    released = ev(0, "released", "2025-03-02")
    detained = ev(1, "detained", "2025-03-02", "facility/centre")
    month = ev(2, "transferred", "2025-03", "facility/prison")
    folded = fold_days(PERSON, [released, detained, month])
    assert [(d, w.status, w.facility) for d, w in folded] == [
        (date(2025, 3, 2), "released", None),
        (date(2025, 3, 31), "in_custody", "facility/prison"),
    ]
    assert folded[0][1].chain == (detained, released)
    assert folded[1][1].since is month
