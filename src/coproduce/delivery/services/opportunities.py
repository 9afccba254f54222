"""Opportunities and their shifts: what residents can do, and when."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.common import audit
from coproduce.common.errors import ServiceError
from coproduce.common.permissions import require
from coproduce.delivery.models import (
    Opportunity,
    Shift,
)
from coproduce.delivery.services._base import (
    MAX_CAPACITY,
    MAX_SHIFT,
    OPPORTUNITY_FIELDS,
    TEXT_FIELDS,
    _confirmed_count,
    _locked_shift,
    _validate_model,
)
from coproduce.delivery.services.signups import _promote_waiting
from coproduce.organisations.models import Organisation
from coproduce.people.choices import COMMUNITY_LANGUAGE_CODES
from coproduce.people.models import Skill, User
from coproduce.places.models import Area

# --- Opportunities ------------------------------------------------------------------------


def create_opportunity(
    *, actor: User, organisation: Organisation, data: Mapping[str, Any]
) -> Opportunity:
    """Add an opportunity, not yet published, for an organisation the actor organises."""
    with transaction.atomic():
        require(actor, "delivery.add_opportunity", organisation)
        values = _checked_values(data, creating=True)
        skills = values.pop("skills", [])
        opportunity = Opportunity(organisation=organisation, created_by=actor, **values)
        _validate_model(opportunity, exclude=["skills"])
        opportunity.save()
        opportunity.skills.set(skills)
        audit.record(
            actor=actor,
            action="delivery.add_opportunity",
            target=opportunity,
            summary=f"Added the opportunity {opportunity.title} for {organisation.name}",
            changes={**values, "skills": [skill.name for skill in skills]},
        )
        return opportunity


def update_opportunity(
    *, actor: User, opportunity: Opportunity, data: Mapping[str, Any]
) -> Opportunity:
    """Change an opportunity's details; only what is in `data` changes."""
    with transaction.atomic():
        require(actor, "delivery.change_opportunity", opportunity)
        values = _checked_values(data, creating=False)
        skills = values.pop("skills", None)
        opportunity = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
        changes = audit.changed_fields(opportunity, values)
        if changes:
            _validate_model(opportunity, exclude=["skills"])
            opportunity.save()
        if skills is not None:
            now = set(opportunity.skills.values_list("pk", flat=True))
            if now != {skill.pk for skill in skills}:
                opportunity.skills.set(skills)
                changes["skills"] = sorted(skill.name for skill in skills)
        if changes:
            audit.record(
                actor=actor,
                action="delivery.change_opportunity",
                target=opportunity,
                summary=f"Changed the opportunity {opportunity.title}",
                changes=changes,
            )
        return opportunity


def publish_opportunity(*, actor: User, opportunity: Opportunity, published: bool) -> Opportunity:
    """Show an opportunity to everyone, or take it down again. Sign-ups stay as they are."""
    with transaction.atomic():
        require(actor, "delivery.change_opportunity", opportunity)
        opportunity = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
        if opportunity.is_published == published:
            return opportunity
        opportunity.is_published = published
        opportunity.save(update_fields=["is_published", "updated_at"])
        audit.record(
            actor=actor,
            action="delivery.publish_opportunity"
            if published
            else "delivery.unpublish_opportunity",
            target=opportunity,
            summary=f"{'Published' if published else 'Took down'} {opportunity.title}",
            changes={"is_published": published},
        )
        return opportunity


def _checked_values(data: Mapping[str, Any], *, creating: bool) -> dict[str, Any]:
    unknown = set(data) - OPPORTUNITY_FIELDS
    if unknown:
        raise ServiceError(
            _("These details cannot be set: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    values = dict(data)
    for name in TEXT_FIELDS:
        if name in values:
            values[name] = str(values[name] or "").strip()
    for name, message in (
        ("title", _("Enter a title.")),
        ("description", _("Say in a few words what it is about.")),
    ):
        if (creating or name in values) and not values.get(name):
            raise ServiceError(message, field=name)
    if "languages" in values:
        values["languages"] = _checked_languages(values["languages"])
    if "skills" in values:
        values["skills"] = _checked_instances(values["skills"], Skill, "skills")
    if "area" in values and values["area"] is not None and not isinstance(values["area"], Area):
        raise ServiceError(_("Choose the area from the list."), field="area")
    if values.get("minimum_age") is not None:
        values["minimum_age"] = _checked_age(values["minimum_age"])
    return values


def _checked_languages(codes: Any) -> list[str]:
    chosen = list(dict.fromkeys(codes or []))
    if any(code not in COMMUNITY_LANGUAGE_CODES for code in chosen):
        raise ServiceError(_("Choose languages from the list."), field="languages")
    return chosen


def _checked_instances(items: Any, model: type[Any], field: str) -> list[Any]:
    chosen = list(items or [])
    if not all(isinstance(item, model) and item.pk is not None for item in chosen):
        raise ServiceError(_("Choose from the list."), field=field)
    return chosen


def _checked_age(age: Any) -> int:
    try:
        number = int(age)
    except (TypeError, ValueError):
        raise ServiceError(_("Enter the minimum age as a number."), field="minimum_age") from None
    if not 0 <= number <= 120:
        raise ServiceError(
            _("Enter a minimum age from 0 to 120, or leave it empty."), field="minimum_age"
        )
    return number


# --- Shifts -------------------------------------------------------------------------------


def add_shift(
    *,
    actor: User,
    opportunity: Opportunity,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    capacity: int,
) -> Shift:
    with transaction.atomic():
        require(actor, "delivery.change_opportunity", opportunity)
        _check_shift(starts_at, ends_at, capacity)
        shift = Shift.objects.create(
            opportunity=opportunity, starts_at=starts_at, ends_at=ends_at, capacity=capacity
        )
        audit.record(
            actor=actor,
            action="delivery.add_shift",
            target=shift,
            summary=f"Added a shift to {opportunity.title}",
            changes={"starts_at": starts_at, "ends_at": ends_at, "capacity": capacity},
        )
        return shift


def change_shift_capacity(*, actor: User, shift: Shift, capacity: int) -> Shift:
    """More places promote people from the waiting list; fewer than are taken is refused."""
    with transaction.atomic():
        require(actor, "delivery.change_opportunity", shift.opportunity)
        shift = _locked_shift(shift.pk)
        _check_capacity(capacity)
        taken = _confirmed_count(shift)
        if capacity < taken:
            raise ServiceError(
                _(
                    "%(taken)s people are already signed up, so there must be at least "
                    "%(taken)s places. Ask people to withdraw first."
                )
                % {"taken": taken},
                field="capacity",
            )
        old = shift.capacity
        shift.capacity = capacity
        shift.save(update_fields=["capacity", "updated_at"])
        audit.record(
            actor=actor,
            action="delivery.change_shift",
            target=shift,
            summary=f"Changed the places on a shift of {shift.opportunity.title}",
            changes={"capacity": capacity, "was": old},
        )
        _promote_waiting(actor=actor, shift=shift)
        return shift


def _check_capacity(capacity: Any) -> None:
    if not isinstance(capacity, int) or isinstance(capacity, bool) or capacity < 1:
        raise ServiceError(_("A shift needs at least 1 place."), field="capacity")
    if capacity > MAX_CAPACITY:
        raise ServiceError(
            _("A shift can have at most %(most)s places.") % {"most": MAX_CAPACITY},
            field="capacity",
        )


def _check_shift(starts_at: datetime.datetime, ends_at: datetime.datetime, capacity: int) -> None:
    if timezone.is_naive(starts_at) or timezone.is_naive(ends_at):
        raise ServiceError(_("Give the start and end with a time zone."), field="starts_at")
    if ends_at <= starts_at:
        raise ServiceError(_("The shift must end after it starts."), field="ends_at")
    if ends_at - starts_at > MAX_SHIFT:
        raise ServiceError(_("A shift can be at most 24 hours long."), field="ends_at")
    _check_capacity(capacity)
