"""The core of a docket number: CourtListener's rule for comparing docket numbers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from habeas.domain.docket_numbers import clean_docket_number, docket_number_core


@pytest.mark.parametrize(
    ("number", "core"),
    [
        ("8:25-cv-00951-PX", "2500951"),
        ("8:25-cv-951", "2500951"),
        ("25-cv-00951", "2500951"),
        ("Civil Action No. 8:25-CV-00951", "2500951"),
        ("2:12-cv-01032", "1201032"),
        ("12-cv-01032", "1201032"),
        ("12-332", "12000332"),
        ("No. 17-1142", "17001142"),
        ("25\u20131345", "25001345"),  # an en dash
        ("1:25-cv-00766-JEB", "2500766"),
        ("Nos. 17-11426, 15-11166", ""),  # two numbers: none
        ("Nos. 212-213", ""),
        ("pending", ""),
        ("", ""),
    ],
)
def test_the_core_is_the_year_and_the_padded_serial_number(number: str, core: str) -> None:
    assert docket_number_core(number) == core


def test_the_one_number_in_a_caption_is_found() -> None:
    assert clean_docket_number("CIVIL ACTION NO. 7:17-CV-00426") == "7:17-cv-00426"


district = st.builds(
    lambda office, year, kind, serial, judge: (
        f"{office}{year:02d}-{kind}-{serial}{judge}",
        f"{year:02d}{serial:05d}",
    ),
    st.sampled_from(["", "1:", "8:"]),
    st.integers(0, 99),
    st.sampled_from(["cv", "CV", "cr", "mc", "hc"]),
    st.integers(0, 99999),
    st.sampled_from(["", "-PX", "-JEB", "-ABC-1"]),
)


@given(district)
def test_office_judge_letters_case_and_zero_padding_do_not_change_the_core(
    made: tuple[str, str],
) -> None:
    number, core = made
    assert docket_number_core(number) == core
    assert docket_number_core(number.upper()) == core
    assert docket_number_core(f"No. {number}") == core


@given(st.integers(0, 99), st.integers(0, 99999))
def test_padding_the_serial_number_keeps_the_core(year: int, serial: int) -> None:
    short, padded = f"8:{year:02d}-cv-{serial}", f"8:{year:02d}-cv-{serial:05d}"
    assert docket_number_core(short) == docket_number_core(padded) != ""


@given(st.text(max_size=40))
def test_the_core_is_digits_or_empty(text: str) -> None:
    core = docket_number_core(text)
    assert core == "" or core.isdigit()
