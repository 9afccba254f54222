"""Reads for feedback: the staff dashboard, following feedback, and "you said, we did"."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from coproduce.common.errors import NotFound
from coproduce.feedback.access import Access
from coproduce.feedback.models import Feedback, PublicSummary, Theme
from coproduce.feedback.references import normalise_reference, reference_from_token
from coproduce.organisations.models import Membership, Organisation
from coproduce.people.models import RoleGrant, User
from coproduce.people.roles import ADMINISTRATOR, COORDINATOR, roles_of
from coproduce.places.models import Area
from coproduce.places.selectors import area_and_inside_ids

SOON_DAYS = 5
UNASSIGNED = "unassigned"


# --- Who handles what ---------------------------------------------------------------------


def handled_by(user: Any) -> Q | None:
    """The feedback this person handles, as a filter; None for everything."""
    roles = roles_of(user)
    if ADMINISTRATOR in roles or None in roles.coordinates:
        return None
    scope = Q(service_id__in=list(roles.member_of))
    if COORDINATOR in roles:
        areas: set[int] = set()
        for area in Area.objects.filter(pk__in=[a for a in roles.coordinates if a is not None]):
            areas |= area_and_inside_ids(area)
        scope |= Q(area__isnull=True) | Q(area_id__in=areas)
    return scope


def visible_services(user: Any) -> QuerySet[Organisation]:
    """The services whose feedback the person may list: their own, or every one for triage."""
    roles = roles_of(user)
    services = Organisation.objects.filter(is_active=True).order_by("name", "id")
    if COORDINATOR in roles or ADMINISTRATOR in roles:
        return services
    return services.filter(pk__in=list(roles.member_of))


def triages_any(user: Any) -> bool:
    roles = roles_of(user)
    return COORDINATOR in roles or ADMINISTRATOR in roles


# --- The staff dashboard ------------------------------------------------------------------


@dataclass(frozen=True)
class DashboardFilters:
    service: Organisation | None = None
    unassigned: bool = False
    stage: str = ""
    overdue_only: bool = False


@dataclass(frozen=True)
class DashboardCounts:
    open: int
    overdue: int
    due_soon: int
    to_acknowledge: int
    to_answer: int
    to_review: int


def _waiting(user: Any, filters: DashboardFilters) -> QuerySet[Feedback]:
    found = Feedback.objects.filter(next_due__isnull=False)
    if filters.unassigned:
        found = found.filter(service__isnull=True)
    elif filters.service is not None:
        found = found.filter(service=filters.service)
    scope = handled_by(user)
    if scope is not None:
        found = found.filter(scope)
    return found


def dashboard_counts(user: Any, filters: DashboardFilters) -> DashboardCounts:
    today = timezone.localdate()
    soon = today + datetime.timedelta(days=SOON_DAYS)
    totals = (
        _waiting(user, filters)
        .order_by()
        .aggregate(
            # Of next_due (never empty here), so the counts come from the index alone.
            open=Count("next_due"),
            overdue=Count("next_due", filter=Q(next_due__lt=today)),
            due_soon=Count("next_due", filter=Q(next_due__gte=today, next_due__lte=soon)),
            to_acknowledge=Count("next_due", filter=Q(status=Feedback.Status.RECEIVED)),
            to_answer=Count("next_due", filter=Q(status=Feedback.Status.ACKNOWLEDGED)),
            to_review=Count("next_due", filter=Q(status=Feedback.Status.REVIEW)),
        )
    )
    return DashboardCounts(**totals)


STATUS_OF_STAGE = {
    Feedback.Stage.ACKNOWLEDGE: Feedback.Status.RECEIVED,
    Feedback.Stage.RESPOND: Feedback.Status.ACKNOWLEDGED,
    Feedback.Stage.REVIEW: Feedback.Status.REVIEW,
}


def dashboard_items(user: Any, filters: DashboardFilters) -> QuerySet[Feedback]:
    """What is waiting, the soonest due first. Only the columns the list shows."""
    found = _waiting(user, filters)
    if filters.stage in STATUS_OF_STAGE:
        found = found.filter(status=STATUS_OF_STAGE[Feedback.Stage(filters.stage)])
    if filters.overdue_only:
        found = found.filter(next_due__lt=timezone.localdate())
    return (
        found.select_related("service", "theme")
        .only(
            "reference",
            "kind",
            "status",
            "subject_name",
            "received_on",
            "next_due",
            "service__name",
            "theme__name",
        )
        .order_by("next_due", "id")
    )


def staff_feedback(reference: str) -> Feedback:
    found = (
        Feedback.objects.select_related(
            "service",
            "theme",
            "area__parent__parent",
            "about_organisation",
            "proposal",
            "person",
            "recorded_by",
            "acknowledged_by",
            "responded_by",
            "reviewed_by",
            "summary",
        )
        .prefetch_related("photos")
        .filter(reference=normalise_reference(reference))
        .first()
    )
    if found is None:
        raise NotFound
    return found


def themes() -> QuerySet[Theme]:
    return Theme.objects.order_by("name", "id")


def summaries_to_link(feedback: Feedback) -> QuerySet[PublicSummary]:
    """Summaries of the same service, to count this feedback in one that raised the same."""
    if feedback.service_id is None:
        return PublicSummary.objects.none()
    return PublicSummary.objects.filter(service_id=feedback.service_id).order_by("-id")[:50]


# --- Following feedback without being staff -----------------------------------------------


def _for_following() -> QuerySet[Feedback]:
    return Feedback.objects.select_related("service", "theme", "area").prefetch_related("photos")


def follow_by_reference(reference: str, email: str) -> Access:
    """Both must match; the message never says which was wrong."""
    normalised = normalise_reference(reference)
    address = (email or "").strip()
    found = None
    if normalised and address:
        found = _for_following().filter(reference=normalised, email__iexact=address).first()
    if found is None:
        raise NotFound
    return Access(feedback=found, how="email")


def follow_by_link(token: str) -> Access:
    reference = reference_from_token(token)
    found = _for_following().filter(reference=reference).first() if reference else None
    if found is None:
        raise NotFound
    return Access(feedback=found, how="link")


def follow_own(actor: Any, person: User, reference: str) -> Access:
    """Feedback the signed-in person sent (or that staff helping them sent for them)."""
    found = _for_following().filter(reference=normalise_reference(reference), person=person).first()
    if found is None:
        raise NotFound
    on_behalf_of = person if actor.pk != person.pk else None
    return Access(feedback=found, how="account", actor=actor, on_behalf_of=on_behalf_of)


def feedback_of(person: User) -> QuerySet[Feedback]:
    return (
        Feedback.objects.filter(person=person)
        .only("reference", "kind", "status", "subject_name", "received_on", "person_id")
        .order_by("-received_on", "-id")
    )


# --- Escalation ---------------------------------------------------------------------------


def escalation_addresses(feedback: Feedback) -> list[str]:
    """The managers of the service; for unassigned feedback, the coordinators of its area."""
    if feedback.service_id is not None:
        managers = Membership.objects.filter(
            organisation_id=feedback.service_id,
            role=Membership.Role.MANAGER,
            person__is_active=True,
        ).values_list("person__email", flat=True)
        found = sorted({str(email) for email in managers if email})
        if found:
            return found
    areas: list[int | None] = [None]
    if feedback.area is not None:
        areas += [area.pk for area in feedback.area.ancestors_and_self()]
    grants = RoleGrant.objects.filter(
        Q(area_id__in=[a for a in areas if a is not None]) | Q(area__isnull=True),
        role=RoleGrant.Role.COORDINATOR,
        person__is_active=True,
    ).values_list("person__email", flat=True)
    found = sorted({str(email) for email in grants if email})
    if not found and settings.SITE_CONTACT_EMAIL:
        found = [settings.SITE_CONTACT_EMAIL]
    return found


# --- You said, we did ---------------------------------------------------------------------


@dataclass(frozen=True)
class PublicFilters:
    search: str = ""
    service: Organisation | None = None
    theme: Theme | None = None


def public_summaries(filters: PublicFilters) -> QuerySet[PublicSummary]:
    found = PublicSummary.objects.filter(is_published=True)
    if filters.service is not None:
        found = found.filter(service=filters.service)
    if filters.theme is not None:
        found = found.filter(theme=filters.theme)
    for word in filters.search.split()[:8]:
        found = found.filter(
            Q(title__icontains=word) | Q(you_said__icontains=word) | Q(we_did__icontains=word)
        )
    return (
        found.select_related("service", "theme")
        .annotate(raised_by=Count("feedback_items"))
        .order_by("service__name", "theme__name", "-published_at", "-id")
    )


def public_summary(pk: int) -> PublicSummary:
    found = (
        PublicSummary.objects.filter(pk=pk, is_published=True)
        .select_related("service", "theme", "area")
        .annotate(raised_by=Count("feedback_items"))
        .first()
    )
    if found is None:
        raise NotFound
    return found


def summary_for_staff(pk: int) -> PublicSummary:
    found = (
        PublicSummary.objects.filter(pk=pk)
        .select_related("service", "theme", "source__person")
        .annotate(raised_by=Count("feedback_items"))
        .first()
    )
    if found is None:
        raise NotFound
    return found


def services_with_summaries() -> QuerySet[Organisation]:
    return (
        Organisation.objects.filter(public_summaries__is_published=True).distinct().order_by("name")
    )
