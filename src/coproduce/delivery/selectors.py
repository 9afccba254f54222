"""Reads for co-delivery: lists of opportunities, shifts with their places, hours given."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.utils import timezone

from coproduce.common.errors import NotFound
from coproduce.delivery.models import (
    Contribution,
    Opportunity,
    SafeguardingCheck,
    SafeguardingLevel,
    Shift,
    SignUp,
)
from coproduce.organisations.models import Organisation
from coproduce.people.models import DAYS, Skill, User
from coproduce.people.roles import ADMINISTRATOR, COORDINATOR, roles_of
from coproduce.places.models import Area
from coproduce.places.selectors import area_and_inside_ids

ACTIVE = (SignUp.Status.CONFIRMED, SignUp.Status.WAITING)
# Django numbers week days from Sunday (1) to Saturday (7).
WEEK_DAY = {day: (index + 1) % 7 + 1 for index, day in enumerate(DAYS)}
PART_HOURS = {"morning": (0, 12), "afternoon": (12, 17), "evening": (17, 24)}


@dataclass(frozen=True)
class OpportunityFilters:
    area: Area | None = None
    skill: Skill | None = None
    kind: str = ""
    on: datetime.date | None = None
    availability: Mapping[str, Iterable[str]] | None = None
    search: str = ""


def _upcoming_shifts() -> QuerySet[Shift]:
    return Shift.objects.filter(starts_at__gt=timezone.now())


def _availability_q(availability: Mapping[str, Iterable[str]]) -> Q:
    """Shifts that start in one of the person's free parts of the week."""
    matches = Q(pk__in=[])
    for day, parts in availability.items():
        for part in parts:
            if day in WEEK_DAY and part in PART_HOURS:
                low, high = PART_HOURS[part]
                matches |= Q(
                    starts_at__week_day=WEEK_DAY[day],
                    starts_at__hour__gte=low,
                    starts_at__hour__lt=high,
                )
    return matches


def opportunities(filters: OpportunityFilters | None = None) -> QuerySet[Opportunity]:
    """Published opportunities of active organisations, soonest first, with the next shift.

    "Suits my availability" keeps those with an upcoming shift in a part of the week the
    person said they are free; with no availability given it finds nothing.
    """
    filters = filters or OpportunityFilters()
    result = published().annotate(
        next_shift=Subquery(
            _upcoming_shifts()
            .filter(opportunity=OuterRef("pk"))
            .order_by("starts_at")
            .values("starts_at")[:1]
        )
    )
    if filters.area is not None:
        result = result.filter(area_id__in=area_and_inside_ids(filters.area))
    if filters.skill is not None:
        result = result.filter(pk__in=filters.skill.opportunities.values("pk"))
    if filters.kind:
        result = result.filter(kind=filters.kind)
    if filters.search:
        result = result.filter(
            Q(title__icontains=filters.search) | Q(description__icontains=filters.search)
        )
    shifts = _shift_filter(filters)
    if shifts is not None:
        result = result.filter(pk__in=shifts.values("opportunity_id"))
    return result.order_by("next_shift", "title", "id")


def _shift_filter(filters: OpportunityFilters) -> QuerySet[Shift] | None:
    if filters.on is None and filters.availability is None:
        return None
    shifts = _upcoming_shifts()
    if filters.on is not None:
        shifts = shifts.filter(starts_at__date=filters.on)
    if filters.availability is not None:
        shifts = shifts.filter(_availability_q(filters.availability))
    return shifts


def published() -> QuerySet[Opportunity]:
    return Opportunity.objects.filter(
        is_published=True, organisation__is_active=True
    ).select_related("organisation", "area")


def opportunity_detail(pk: int) -> Opportunity:
    opportunity = (
        Opportunity.objects.filter(pk=pk, organisation__is_active=True)
        .select_related("organisation", "area")
        .prefetch_related(Prefetch("skills", queryset=Skill.objects.order_by("name")))
        .first()
    )
    if opportunity is None:
        raise NotFound
    return opportunity


def shifts_with_places(opportunity: Opportunity, *, upcoming: bool = True) -> QuerySet[Shift]:
    """The shifts with how many are signed up and waiting, in one query."""
    shifts = Shift.objects.filter(opportunity=opportunity)
    if upcoming:
        shifts = shifts.filter(ends_at__gt=timezone.now())
    return shifts.annotate(
        confirmed=Count("sign_ups", filter=Q(sign_ups__status=SignUp.Status.CONFIRMED)),
        waiting=Count("sign_ups", filter=Q(sign_ups__status=SignUp.Status.WAITING)),
    ).order_by("starts_at" if upcoming else "-starts_at", "id")


def sign_ups_of(person: Any, shifts: Iterable[Shift]) -> dict[int, SignUp]:
    """The person's live sign-ups among these shifts, by shift id."""
    if not getattr(person, "is_authenticated", False):
        return {}
    rows = SignUp.objects.filter(
        person=person, shift_id__in=[shift.pk for shift in shifts], status__in=ACTIVE
    )
    return {signup.shift_id: signup for signup in rows}


def overlapping_sign_up(*, person: User, shift: Shift) -> SignUp | None:
    return (
        SignUp.objects.filter(
            person=person,
            status__in=ACTIVE,
            shift__starts_at__lt=shift.ends_at,
            shift__ends_at__gt=shift.starts_at,
        )
        .exclude(shift=shift)
        .select_related("shift__opportunity")
        .first()
    )


def valid_check(*, person: User, level: str, on: datetime.date) -> SafeguardingCheck | None:
    kinds = (
        [SafeguardingCheck.Kind.ENHANCED]
        if level == SafeguardingLevel.ENHANCED
        else [SafeguardingCheck.Kind.BASIC, SafeguardingCheck.Kind.ENHANCED]
    )
    return (
        SafeguardingCheck.objects.filter(
            person=person, kind__in=kinds, checked_on__lte=on, expires_on__gte=on
        )
        .order_by("-expires_on")
        .first()
    )


def checks_expiring(*, within_days: int = 30) -> QuerySet[SafeguardingCheck]:
    today = timezone.localdate()
    return (
        SafeguardingCheck.objects.filter(
            expires_on__gte=today, expires_on__lte=today + datetime.timedelta(days=within_days)
        )
        .select_related("person", "verified_by")
        .order_by("expires_on", "id")
    )


def checks_of(person: User) -> QuerySet[SafeguardingCheck]:
    return SafeguardingCheck.objects.filter(person=person).order_by("-expires_on", "-id")


def register(shift: Shift) -> QuerySet[SignUp]:
    """Who is on a shift: signed up first, then the waiting list in order."""
    return (
        SignUp.objects.filter(shift=shift, status__in=ACTIVE)
        .select_related("person", "created_by")
        .order_by("status", "position", "person__display_name", "id")
    )


def people_with_hours_for_shift(shift: Shift) -> set[int]:
    """People whose attendance on this shift is already recorded and not reversed."""
    return set(
        Contribution.objects.filter(
            shift=shift,
            status=Contribution.Status.CONFIRMED,
            corrects__isnull=True,
            correction__isnull=True,
        ).values_list("person_id", flat=True)
    )


def organisation_opportunities(
    organisation: Organisation, *, include_unpublished: bool = False
) -> QuerySet[Opportunity]:
    result = Opportunity.objects.filter(organisation=organisation)
    if not include_unpublished:
        result = result.filter(is_published=True)
    return result.annotate(
        next_shift=Subquery(
            _upcoming_shifts()
            .filter(opportunity=OuterRef("pk"))
            .order_by("starts_at")
            .values("starts_at")[:1]
        )
    ).order_by("-is_published", "next_shift", "title", "id")


def contributions_of(person: User) -> QuerySet[Contribution]:
    return Contribution.objects.filter(person=person).select_related(
        "opportunity__organisation", "shift", "corrects"
    )


def confirmed_hours(person: User) -> Decimal:
    total = Contribution.objects.filter(
        person=person, status=Contribution.Status.CONFIRMED
    ).aggregate(total=Sum("hours"))["total"]
    return total or Decimal(0)


def contributions_to_decide(user: User) -> QuerySet[Contribution]:
    """Hours waiting for a decision, in the opportunities this person organises."""
    roles = roles_of(user)
    result = Contribution.objects.filter(status=Contribution.Status.LOGGED).exclude(person=user)
    if COORDINATOR not in roles and ADMINISTRATOR not in roles:
        result = result.filter(opportunity__organisation_id__in=roles.manager_of)
    return result.select_related("person", "opportunity__organisation", "shift").order_by(
        "date", "id"
    )


def organisation_hours(organisation: Organisation) -> QuerySet[Any]:
    """Each volunteer's confirmed hours with this organisation, most first."""
    return (
        Contribution.objects.filter(
            opportunity__organisation=organisation, status=Contribution.Status.CONFIRMED
        )
        .values("person_id", "person__display_name")
        .annotate(total=Sum("hours"))
        .filter(total__gt=0)
        .order_by("-total", "person__display_name", "person_id")
    )


def organisable_organisations(user: User) -> QuerySet[Organisation]:
    """The organisations this person may add opportunities for."""
    roles = roles_of(user)
    result = Organisation.objects.filter(is_active=True)
    if COORDINATOR not in roles and ADMINISTRATOR not in roles:
        result = result.filter(pk__in=roles.manager_of)
    return result.order_by("name", "id")


def recent_shifts(opportunity: Opportunity, *, limit: int = 10) -> list[Shift]:
    """The latest shifts that have started, for organisers to fill in the register."""
    return list(
        Shift.objects.filter(opportunity=opportunity, starts_at__lte=timezone.now()).order_by(
            "-starts_at", "-id"
        )[:limit]
    )
