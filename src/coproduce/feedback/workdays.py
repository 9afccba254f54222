"""Working days in England and Wales: weekends and bank holidays are not working days.

Plain Python, no Django. The rules are the ones in the Banking and Financial Dealings Act 1971
and the royal proclamations that use it: when a fixed-date holiday falls on a weekend, the next
working day is the "substitute day". One-off days (jubilees, a coronation, a state funeral) and
moved days are listed by year below; a council can add its own closures (`extra`).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from functools import lru_cache

MONDAY, FRIDAY, SATURDAY, SUNDAY = 0, 4, 5, 6

# Proclaimed one-off bank holidays.
ONE_OFF = frozenset(
    {
        datetime.date(1999, 12, 31),  # the millennium
        datetime.date(2002, 6, 3),  # Golden Jubilee
        datetime.date(2011, 4, 29),  # royal wedding
        datetime.date(2012, 6, 5),  # Diamond Jubilee
        datetime.date(2022, 6, 3),  # Platinum Jubilee
        datetime.date(2022, 9, 19),  # state funeral of Queen Elizabeth II
        datetime.date(2023, 5, 8),  # coronation of King Charles III
    }
)
# Years when the early May or spring bank holiday was moved to another day.
EARLY_MAY_MOVED = {1995: datetime.date(1995, 5, 8), 2020: datetime.date(2020, 5, 8)}
SPRING_MOVED = {
    2002: datetime.date(2002, 6, 4),
    2012: datetime.date(2012, 6, 4),
    2022: datetime.date(2022, 6, 2),
}


def easter_sunday(year: int) -> datetime.date:
    """Western Easter (the anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return datetime.date(year, month, day + 1)


def _first_monday(year: int, month: int) -> datetime.date:
    first = datetime.date(year, month, 1)
    return first + datetime.timedelta(days=(MONDAY - first.weekday()) % 7)


def _last_monday(year: int, month: int) -> datetime.date:
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    last = following - datetime.timedelta(days=1)
    return last - datetime.timedelta(days=(last.weekday() - MONDAY) % 7)


def _new_year(year: int) -> datetime.date:
    day = datetime.date(year, 1, 1)
    if day.weekday() >= SATURDAY:
        day += datetime.timedelta(days=7 - day.weekday())
    return day


def _christmas_and_boxing_day(year: int) -> tuple[datetime.date, datetime.date]:
    """Christmas Day and Boxing Day, or their substitutes when either is at a weekend."""
    christmas = datetime.date(year, 12, 25)
    weekday = christmas.weekday()
    if weekday == FRIDAY:  # Boxing Day on a Saturday moves to Monday the 28th
        return christmas, datetime.date(year, 12, 28)
    if weekday == SATURDAY:  # both move: Monday 27th and Tuesday 28th
        return datetime.date(year, 12, 27), datetime.date(year, 12, 28)
    if weekday == SUNDAY:  # Boxing Day is Monday 26th, Christmas moves to Tuesday 27th
        return datetime.date(year, 12, 27), datetime.date(year, 12, 26)
    return christmas, datetime.date(year, 12, 26)


@lru_cache(maxsize=256)
def bank_holidays(year: int) -> frozenset[datetime.date]:
    """The bank holidays in England and Wales in `year`."""
    easter = easter_sunday(year)
    days = {
        _new_year(year),
        easter - datetime.timedelta(days=2),  # Good Friday
        easter + datetime.timedelta(days=1),  # Easter Monday
        EARLY_MAY_MOVED.get(year, _first_monday(year, 5)),
        SPRING_MOVED.get(year, _last_monday(year, 5)),
        _last_monday(year, 8),
        *_christmas_and_boxing_day(year),
    }
    days.update(day for day in ONE_OFF if day.year == year)
    return frozenset(days)


def is_working_day(day: datetime.date, extra: Iterable[datetime.date] = ()) -> bool:
    if day.weekday() >= SATURDAY:
        return False
    closed = extra if isinstance(extra, frozenset | set) else frozenset(extra)
    return day not in bank_holidays(day.year) and day not in closed


def add_working_days(
    start: datetime.date, days: int, extra: Iterable[datetime.date] = ()
) -> datetime.date:
    """The date `days` working days after `start` (which does not count itself).

    Something received on a Friday with 3 working days to answer is due on Wednesday.
    """
    if days < 0:
        raise ValueError("days must not be negative")
    return _add_working_days(start, days, frozenset(extra))


@lru_cache(maxsize=8192)
def _add_working_days(
    start: datetime.date, days: int, closed: frozenset[datetime.date]
) -> datetime.date:
    day = start
    left = days
    while left:
        day += datetime.timedelta(days=1)
        if is_working_day(day, closed):
            left -= 1
    return day


def working_days_between(
    start: datetime.date, end: datetime.date, extra: Iterable[datetime.date] = ()
) -> int:
    """How many working days after `start`, up to and including `end`; 0 when end <= start."""
    closed = frozenset(extra)
    count = 0
    day = start
    while day < end:
        day += datetime.timedelta(days=1)
        if is_working_day(day, closed):
            count += 1
    return count
