"""Reads about organisations."""

from __future__ import annotations

from django.db.models import Case, IntegerField, Prefetch, QuerySet, Value, When

from coproduce.common.errors import NotFound
from coproduce.organisations.models import Membership, Organisation
from coproduce.places.models import Area
from coproduce.places.selectors import area_and_inside_ids


def _areas_by_name() -> Prefetch[str]:
    return Prefetch("areas", queryset=Area.objects.order_by("name", "id"))


def organisations(
    *, kind: str = "", area_slug: str = "", area: Area | None = None
) -> QuerySet[Organisation]:
    """Active organisations, with the areas they serve.

    An area filter also finds organisations working in the areas inside it, so a borough
    lists everyone working in any of its wards. An unknown area slug finds nothing.
    """
    result = Organisation.objects.filter(is_active=True).prefetch_related(_areas_by_name())
    if kind:
        result = result.filter(kind=kind)
    if area is None and area_slug:
        area = Area.objects.filter(slug=area_slug).first()
        if area is None:
            return result.none()
    if area is not None:
        served = Organisation.areas.through.objects.filter(
            area_id__in=area_and_inside_ids(area)
        ).values("organisation_id")
        result = result.filter(pk__in=served)
    return result.order_by("name", "id")


def organisation_detail(slug: str) -> Organisation:
    """One active organisation with the areas it serves; NotFound if there is none."""
    organisation = (
        Organisation.objects.filter(slug=slug, is_active=True)
        .prefetch_related(_areas_by_name())
        .first()
    )
    if organisation is None:
        raise NotFound
    return organisation


def members(organisation: Organisation) -> QuerySet[Membership]:
    """The organisation's members, managers first, with their names."""
    return (
        Membership.objects.filter(organisation=organisation, person__is_active=True)
        .select_related("person")
        .order_by(_managers_first(), "person__display_name", "id")
    )


def _managers_first() -> Case:
    return Case(
        When(role=Membership.Role.MANAGER, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )


def manager_count(organisation: Organisation) -> int:
    return Membership.objects.filter(
        organisation=organisation, role=Membership.Role.MANAGER
    ).count()
