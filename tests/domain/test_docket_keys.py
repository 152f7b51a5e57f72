"""Keys of cases and entries read from dockets: stable, valid, blind to judge initials."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from habeas.domain.base import KEY_PATTERN
from habeas.domain.docket_keys import case_key_for, entry_key, normalise_docket_number

numbers = st.text(alphabet="0123456789:-cvCVmjNo. PXABpx", min_size=1, max_size=30)


def test_judge_initials_and_spelling_do_not_change_the_case() -> None:
    assert normalise_docket_number("8:25-cv-00951-PX") == "8:25-cv-00951"
    assert normalise_docket_number("8:25-CV-00951-PX-1") == "8:25-cv-00951"
    assert normalise_docket_number(" No. 25-1345 ") == "25-1345"
    assert normalise_docket_number("24A1") == "24a1"
    assert case_key_for("mdd", "8:25-cv-00951-PX") == "case/mdd-8-25-cv-00951"


def test_an_entry_is_keyed_by_number_then_sequence_then_day_and_text() -> None:
    base = {"filed": "2025-04-07", "text": "Hearing held"}
    assert entry_key("case/ca4-25-1345", **base, number=5, sequence="x") == (
        "docket_entry/ca4-25-1345-5"
    )
    assert entry_key("case/c", **base, number=None, sequence="2025-04-07.002") == (
        "docket_entry/c-seq-2025-04-07-002"
    )
    by_text = entry_key("case/c", **base, number=None, sequence=None)
    assert by_text.startswith("docket_entry/c-2025-04-07-")
    assert by_text != entry_key(
        "case/c", filed="2025-04-07", text="Hearing continued", number=None, sequence=None
    )


@given(numbers)
def test_normalising_twice_changes_nothing(number: str) -> None:
    once = normalise_docket_number(number)
    assert normalise_docket_number(once) == once


@given(st.sampled_from(["mdd", "ca4", "scotus", "njd"]), numbers)
def test_case_keys_are_valid_keys(court: str, number: str) -> None:
    assert re.match(KEY_PATTERN, case_key_for(court, number))


@given(
    st.integers(0, 10**6) | st.none(),
    st.text(max_size=20) | st.none(),
    st.text(min_size=1, max_size=40),
)
def test_entry_keys_are_valid_and_stable(number: int | None, seq: str | None, text: str) -> None:
    key = entry_key(
        "case/mdd-8-25-cv-00951", filed="2025-04-04", text=text, number=number, sequence=seq
    )
    assert re.match(KEY_PATTERN, key)
    assert key == entry_key(
        "case/mdd-8-25-cv-00951", filed="2025-04-04", text=text, number=number, sequence=seq
    )
