"""Reads for the skills escalator and the impact of co-delivery. Each takes a bounded number
of queries, however many records there are."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import CharField, Count, Min, Q, QuerySet, Sum, Value
from django.db.models.functions import Cast, Concat, TruncMonth
from django.utils import timezone

from coproduce.delivery import escalator, impact
from coproduce.delivery.models import Contribution, EscalatorLevel, Opportunity
from coproduce.delivery.selectors import published
from coproduce.delivery.services import credit_key
from coproduce.organisations.models import Organisation
from coproduce.people.models import User
from coproduce.people.roles import ADMINISTRATOR, COORDINATOR, roles_of
from coproduce.places.models import Area
from coproduce.places.selectors import area_and_inside_ids

NEXT_STEP_OPPORTUNITIES = 5
CREDIT_KEY_PREFIX = credit_key(0)[:-1]


# --- Skills escalator ---------------------------------------------------------------------


def _live(person: User) -> QuerySet[Contribution]:
    """Confirmed hours that no correction has reversed."""
    return Contribution.objects.filter(
        person=person,
        status=Contribution.Status.CONFIRMED,
        corrects__isnull=True,
        correction__isnull=True,
    )


def activity_of(person: User) -> escalator.Activity:
    totals = (
        _live(person)
        .order_by()
        .annotate(month=TruncMonth("date"))
        .aggregate(
            hours=Sum("hours"),
            months=Count("month", distinct=True),
            shifts=Count("shift", distinct=True),
            led=Count("pk", filter=Q(role=Contribution.Role.LED)),
            trained=Count("pk", filter=Q(role=Contribution.Role.TRAINED)),
        )
    )
    return escalator.Activity(
        hours=totals["hours"] or Decimal(0),
        months_active=totals["months"],
        shifts=totals["shifts"],
        times_led=totals["led"],
        times_trained=totals["trained"],
    )


def escalator_levels() -> list[EscalatorLevel]:
    return list(EscalatorLevel.objects.order_by("order", "id"))


def rules_from(levels: list[EscalatorLevel]) -> list[escalator.Rule]:
    if not levels:
        return list(escalator.DEFAULT_RULES)
    return [
        escalator.Rule(
            level.level,
            min_hours=level.min_hours,
            min_months=level.min_months,
            min_shifts=level.min_shifts,
            min_led=level.min_led,
            min_trained=level.min_trained,
        )
        for level in levels
    ]


def opportunities_towards(
    person: User, level: EscalatorLevel | None, *, limit: int = NEXT_STEP_OPPORTUNITIES
) -> list[Opportunity]:
    """Published opportunities with a shift to come that lead to the level: of its kind, and
    using the person's skills when some fit."""
    found = published().filter(shifts__starts_at__gt=timezone.now())
    if level is not None and level.opportunity_kind:
        found = found.filter(kind=level.opportunity_kind)
    found = found.distinct().order_by("title", "id")
    skilled = list(
        found.filter(skills__profiles__person=person).distinct().order_by("title", "id")[:limit]
    )
    return skilled or list(found[:limit])


# --- Impact of co-delivery ----------------------------------------------------------------


def impact_organisations(user: Any) -> frozenset[int] | None:
    """The organisations whose impact this person may see: None for all of them. An empty
    set means none: only coordinators, administrators and managers see the report."""
    roles = roles_of(user)
    if COORDINATOR in roles or ADMINISTRATOR in roles:
        return None
    return roles.manager_of


@dataclass(frozen=True)
class Scope:
    area: Area | None = None
    organisation: Organisation | None = None
    opportunity: Opportunity | None = None
    start: datetime.date | None = None
    end: datetime.date | None = None
    # Set for a manager: only these organisations count.
    organisation_ids: frozenset[int] | None = None


@dataclass
class Report:
    totals: impact.Totals
    credits_earned: int = 0
    credits_spent: int = 0
    spent_by_partner: list[tuple[str, int]] = field(default_factory=list)

    @property
    def hours_text(self) -> str:
        return impact.format_hours(self.totals.hours)


def _scoped(scope: Scope) -> QuerySet[Contribution]:
    found = Contribution.objects.filter(status=Contribution.Status.CONFIRMED)
    if scope.organisation_ids is not None:
        found = found.filter(opportunity__organisation_id__in=scope.organisation_ids)
    if scope.area is not None:
        found = found.filter(opportunity__area_id__in=area_and_inside_ids(scope.area))
    if scope.organisation is not None:
        found = found.filter(opportunity__organisation=scope.organisation)
    if scope.opportunity is not None:
        found = found.filter(opportunity=scope.opportunity)
    return found.order_by()


def _in_period(found: QuerySet[Contribution], scope: Scope) -> QuerySet[Contribution]:
    if scope.start is not None:
        found = found.filter(date__gte=scope.start)
    if scope.end is not None:
        found = found.filter(date__lte=scope.end)
    return found


def _rows(found: QuerySet[Contribution]) -> list[impact.Row]:
    grouped = (
        found.annotate(month=TruncMonth("date"))
        .values("person_id", "month", "opportunity__area__name", "person__profile__date_of_birth")
        .annotate(total=Sum("hours"))
        .order_by()
    )
    return [
        impact.Row(
            person_id=row["person_id"],
            month=row["month"],
            area=row["opportunity__area__name"] or impact.NOT_KNOWN,
            date_of_birth=row["person__profile__date_of_birth"],
            hours=row["total"],
        )
        for row in grouped
    ]


def _first_seen(scoped: QuerySet[Contribution], scope: Scope) -> dict[int, datetime.date]:
    if scope.start is None:
        return {}
    live = scoped.filter(corrects__isnull=True, correction__isnull=True)
    rows = live.values("person_id").annotate(first=Min("date")).order_by()
    return {row["person_id"]: row["first"] for row in rows}


def impact_of(scope: Scope) -> Report:
    scoped = _scoped(scope)
    in_period = _in_period(scoped, scope)
    rows = _rows(in_period)
    on = scope.end or timezone.localdate()
    totals = impact.add_up(rows, on=on, first_seen=_first_seen(scoped, scope), since=scope.start)
    report = Report(totals=totals, credits_earned=_credits_earned(in_period))
    report.spent_by_partner = _credits_spent(in_period, scope)
    report.credits_spent = sum(amount for _name, amount in report.spent_by_partner)
    return report


def _credits_earned(in_period: QuerySet[Contribution]) -> int:
    """Quarter-credits the hours earned, less any the corrections took back."""
    from coproduce.credits.models import Account, Entry, Transaction

    keys = (
        in_period.filter(corrects__isnull=True)
        .annotate(key=Concat(Value(CREDIT_KEY_PREFIX), Cast("pk", CharField())))
        .values("key")
    )
    earned = Transaction.objects.filter(
        reason=Transaction.Reason.EARNED, idempotency_key__in=keys
    ).values("pk")
    total = Entry.objects.filter(
        Q(transaction__in=earned) | Q(transaction__reverses__in=earned),
        account__kind=Account.Kind.PERSON,
    ).aggregate(total=Sum("amount"))["total"]
    return int(total or 0)


def _credits_spent(in_period: QuerySet[Contribution], scope: Scope) -> list[tuple[str, int]]:
    """Quarter-credits the people who gave hours spent at each partner in the period."""
    from coproduce.credits.models import Account, Entry, Transaction

    spends = Transaction.objects.filter(
        reason=Transaction.Reason.SPENT_AT_PARTNER,
        entries__account__person_id__in=in_period.values("person_id"),
    )
    if scope.start is not None:
        spends = spends.filter(created_at__date__gte=scope.start)
    if scope.end is not None:
        spends = spends.filter(created_at__date__lte=scope.end)
    rows = (
        Entry.objects.filter(
            transaction__in=spends.values("pk"),
            account__kind=Account.Kind.ORGANISATION,
            amount__gt=0,
        )
        .values("account__organisation__name")
        .annotate(total=Sum("amount"))
        .order_by("-total", "account__organisation__name")
    )
    return [(row["account__organisation__name"], int(row["total"])) for row in rows]
