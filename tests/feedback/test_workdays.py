"""Working days skip weekends and bank holidays in England and Wales."""

from __future__ import annotations

import datetime

import pytest

from coproduce.feedback import workdays

D = datetime.date


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (
            2026,
            {
                D(2026, 1, 1),
                D(2026, 4, 3),
                D(2026, 4, 6),
                D(2026, 5, 4),
                D(2026, 5, 25),
                D(2026, 8, 31),
                D(2026, 12, 25),
                D(2026, 12, 28),
            },
        ),
        (
            2027,
            {
                D(2027, 1, 1),
                D(2027, 3, 26),
                D(2027, 3, 29),
                D(2027, 5, 3),
                D(2027, 5, 31),
                D(2027, 8, 30),
                D(2027, 12, 27),
                D(2027, 12, 28),
            },
        ),
        (
            2022,
            {
                D(2022, 1, 3),
                D(2022, 4, 15),
                D(2022, 4, 18),
                D(2022, 5, 2),
                D(2022, 6, 2),
                D(2022, 6, 3),
                D(2022, 8, 29),
                D(2022, 9, 19),
                D(2022, 12, 26),
                D(2022, 12, 27),
            },
        ),
        (
            2020,
            {
                D(2020, 1, 1),
                D(2020, 4, 10),
                D(2020, 4, 13),
                D(2020, 5, 8),
                D(2020, 5, 25),
                D(2020, 8, 31),
                D(2020, 12, 25),
                D(2020, 12, 28),
            },
        ),
        (
            2023,
            {
                D(2023, 1, 2),
                D(2023, 4, 7),
                D(2023, 4, 10),
                D(2023, 5, 1),
                D(2023, 5, 8),
                D(2023, 5, 29),
                D(2023, 8, 28),
                D(2023, 12, 25),
                D(2023, 12, 26),
            },
        ),
    ],
)
def test_bank_holidays_match_the_published_lists(year: int, expected: set[datetime.date]) -> None:
    assert workdays.bank_holidays(year) == expected


@pytest.mark.parametrize(
    ("year", "easter"),
    [(2024, D(2024, 3, 31)), (2025, D(2025, 4, 20)), (2026, D(2026, 4, 5)), (2038, D(2038, 4, 25))],
)
def test_easter_sunday(year: int, easter: datetime.date) -> None:
    assert workdays.easter_sunday(year) == easter


def test_three_working_days_from_a_friday_is_the_wednesday() -> None:
    assert workdays.add_working_days(D(2026, 11, 20), 3) == D(2026, 11, 25)


def test_christmas_and_boxing_day_substitutes_are_skipped() -> None:
    # Christmas Day 2026 is a Friday; Boxing Day's substitute is Monday 28 December.
    assert workdays.add_working_days(D(2026, 12, 24), 1) == D(2026, 12, 29)
    assert workdays.add_working_days(D(2026, 12, 23), 3) == D(2026, 12, 30)


def test_easter_weekend_is_four_days_off() -> None:
    # Maundy Thursday 2026 is 2 April; Good Friday to Easter Monday are closed.
    assert workdays.add_working_days(D(2026, 4, 2), 1) == D(2026, 4, 7)


def test_twenty_working_days_over_christmas_and_new_year() -> None:
    # From Monday 14 December 2026: 25, 28 December and 1 January are bank holidays.
    assert workdays.add_working_days(D(2026, 12, 14), 20) == D(2027, 1, 14)


def test_extra_closed_days_are_skipped_too() -> None:
    assert workdays.add_working_days(D(2026, 11, 23), 1, extra=[D(2026, 11, 24)]) == D(2026, 11, 25)


def test_working_days_between_counts_after_the_start() -> None:
    assert workdays.working_days_between(D(2026, 12, 24), D(2026, 12, 31)) == 3
    assert workdays.working_days_between(D(2026, 12, 31), D(2026, 12, 24)) == 0


def test_negative_days_are_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        workdays.add_working_days(D(2026, 1, 5), -1)
