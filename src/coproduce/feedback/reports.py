"""Trends in feedback for staff: how much, about what, how fast and how well it was answered.
A fixed number of queries, however much feedback there is."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Avg, Count, Q, QuerySet
from django.db.models.functions import TruncMonth

from coproduce.feedback.models import Feedback
from coproduce.feedback.selectors import handled_by
from coproduce.organisations.models import Organisation


@dataclass(frozen=True)
class TrendScope:
    service: Organisation | None = None
    start: datetime.date | None = None
    end: datetime.date | None = None


@dataclass(frozen=True)
class Line:
    label: str
    received: int
    answered: int
    in_time: int
    average_days: float | None
    rated: int
    average_rating: float | None
    satisfied: int

    @property
    def share_in_time(self) -> float | None:
        return self.in_time / self.answered if self.answered else None

    @property
    def share_satisfied(self) -> float | None:
        return self.satisfied / self.rated if self.rated else None


@dataclass
class Trends:
    total: Line
    by_month: list[Line] = field(default_factory=list)
    by_theme: list[Line] = field(default_factory=list)
    by_service: list[Line] = field(default_factory=list)
    by_area: list[Line] = field(default_factory=list)
    by_kind: list[Line] = field(default_factory=list)


MEASURES: dict[str, Any] = {
    "received": Count("pk"),
    "answered": Count("pk", filter=Q(responded_at__isnull=False)),
    "in_time": Count("pk", filter=Q(answered_in_time=True)),
    "average_days": Avg("working_days_to_respond"),
    "rated": Count("rating"),
    "average_rating": Avg("rating"),
    "satisfied": Count("pk", filter=Q(rating__gte=4)),
}


def scoped(user: Any, scope: TrendScope) -> QuerySet[Feedback]:
    found = Feedback.objects.all()
    limit = handled_by(user)
    if limit is not None:
        found = found.filter(limit)
    if scope.service is not None:
        found = found.filter(service=scope.service)
    if scope.start is not None:
        found = found.filter(received_on__gte=scope.start)
    if scope.end is not None:
        found = found.filter(received_on__lte=scope.end)
    return found.order_by()


def _line(label: str, row: dict[str, Any]) -> Line:
    return Line(
        label=label,
        received=row["received"],
        answered=row["answered"],
        in_time=row["in_time"],
        average_days=float(row["average_days"]) if row["average_days"] is not None else None,
        rated=row["rated"],
        average_rating=(
            float(row["average_rating"]) if row["average_rating"] is not None else None
        ),
        satisfied=row["satisfied"],
    )


def _grouped(found: QuerySet[Feedback], key: str, order: str) -> list[tuple[Any, Line]]:
    rows = found.values(key).annotate(**MEASURES).order_by(order)
    return [(row[key], _line(str(row[key] or ""), row)) for row in rows]


def trends_of(user: Any, scope: TrendScope) -> Trends:
    found = scoped(user, scope)
    total = _line("", found.aggregate(**MEASURES))
    months = found.annotate(month=TruncMonth("received_on"))
    return Trends(
        total=total,
        by_month=[
            _relabel(line, month.strftime("%Y-%m") if month else "")
            for month, line in _grouped(months, "month", "month")
        ],
        by_theme=[line for _key, line in _grouped(found, "theme__name", "theme__name")],
        by_service=[line for _key, line in _grouped(found, "service__name", "service__name")],
        by_area=[line for _key, line in _grouped(found, "area__name", "area__name")],
        by_kind=[line for _key, line in _grouped(found, "kind", "kind")],
    )


def _relabel(line: Line, label: str) -> Line:
    return Line(**{**line.__dict__, "label": label})
