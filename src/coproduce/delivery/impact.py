"""Adding up hours given for the impact report, and drawing its bar charts. Plain Python.

Hours are netted per person: a correction is a negative record, so someone whose only hours
were reversed has given nothing and is not counted among the people taking part.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

NOT_KNOWN = ""
# (label, lowest age, highest age); None is open-ended.
AGE_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("Under 18", 0, 17),
    ("18 to 24", 18, 24),
    ("25 to 34", 25, 34),
    ("35 to 49", 35, 49),
    ("50 to 64", 50, 64),
    ("65 and over", 65, None),
)


@dataclass(frozen=True)
class Row:
    """Confirmed hours of one person in one month in one area."""

    person_id: int
    month: datetime.date
    area: str
    date_of_birth: datetime.date | None
    hours: Decimal


@dataclass(frozen=True)
class Line:
    label: str
    people: int
    hours: Decimal


@dataclass
class Totals:
    people: int = 0
    new_people: int = 0
    returning_people: int = 0
    hours: Decimal = Decimal(0)
    by_month: list[Line] = field(default_factory=list)
    by_age: list[Line] = field(default_factory=list)
    by_area: list[Line] = field(default_factory=list)


def age_on(born: datetime.date, day: datetime.date) -> int:
    before_birthday = (day.month, day.day) < (born.month, born.day)
    return day.year - born.year - int(before_birthday)


def age_band(born: datetime.date | None, day: datetime.date) -> str:
    if born is None:
        return NOT_KNOWN
    age = age_on(born, day)
    for label, low, high in AGE_BANDS:
        if age >= low and (high is None or age <= high):
            return label
    return NOT_KNOWN


def _lines(hours: dict[str, dict[int, Decimal]], order: Iterable[str]) -> list[Line]:
    result = []
    for label in order:
        by_person = hours.get(label, {})
        people = sum(1 for total in by_person.values() if total > 0)
        total = sum(by_person.values(), Decimal(0))
        if people or total:
            result.append(Line(label=label, people=people, hours=total))
    return result


def add_up(
    rows: Sequence[Row],
    *,
    on: datetime.date,
    first_seen: dict[int, datetime.date],
    since: datetime.date | None,
) -> Totals:
    """The report's numbers. `first_seen` is each person's first day of hours ever in the
    report's scope; someone is new when that falls on or after `since` (with no start date
    everyone is new). Ages are taken on the day `on`."""
    per_person: dict[int, Decimal] = defaultdict(Decimal)
    months: dict[str, dict[int, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    ages: dict[str, dict[int, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    areas: dict[str, dict[int, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for row in rows:
        per_person[row.person_id] += row.hours
        months[row.month.strftime("%Y-%m")][row.person_id] += row.hours
        ages[age_band(row.date_of_birth, on)][row.person_id] += row.hours
        areas[row.area][row.person_id] += row.hours
    people = [person for person, total in per_person.items() if total > 0]
    new = [p for p in people if since is None or first_seen.get(p, since) >= since]
    return Totals(
        people=len(people),
        new_people=len(new),
        returning_people=len(people) - len(new),
        hours=sum(per_person.values(), Decimal(0)),
        by_month=_lines(months, sorted(months)),
        by_age=_lines(ages, [label for label, _low, _high in AGE_BANDS] + [NOT_KNOWN]),
        by_area=_lines(areas, sorted(areas, key=lambda name: (name == NOT_KNOWN, name))),
    )


def format_hours(hours: Decimal) -> str:
    """ "12", "2.5", "0.25": as the headline writes them."""
    text = f"{hours.quantize(Decimal('0.01')):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


# --- Bar charts ---------------------------------------------------------------------------

LABEL_WIDTH = 130
BAR_AREA = 330
ROW_HEIGHT = 28
BAR_HEIGHT = 18


@dataclass(frozen=True)
class Bar:
    label: str
    value: str
    y: int
    width: int
    text_y: int
    value_x: int


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    label_width: int
    bars: list[Bar]


def bar_chart(items: Sequence[tuple[str, Decimal | int]]) -> Chart:
    """Horizontal bars, scaled to the largest value, with room for the labels on the left."""
    largest = max((Decimal(value) for _label, value in items), default=Decimal(0))
    bars = []
    for index, (label, value) in enumerate(items):
        amount = max(Decimal(value), Decimal(0))
        width = int(amount * BAR_AREA / largest) if largest > 0 else 0
        y = index * ROW_HEIGHT + 5
        bars.append(
            Bar(
                label=label,
                value=format_hours(Decimal(value)),
                y=y,
                width=width,
                text_y=y + BAR_HEIGHT - 4,
                value_x=LABEL_WIDTH + width + 6,
            )
        )
    return Chart(
        width=LABEL_WIDTH + BAR_AREA + 70,
        height=max(len(bars), 1) * ROW_HEIGHT + 10,
        label_width=LABEL_WIDTH,
        bars=bars,
    )
