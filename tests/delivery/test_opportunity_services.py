"""Opportunities and shifts through the services: only organisers write, bad input refused."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from coproduce.common.errors import PermissionDenied, ServiceError
from coproduce.common.models import AuditEvent
from coproduce.delivery import selectors, services
from coproduce.delivery.models import Opportunity, SafeguardingCheck, Shift
from coproduce.organisations.models import Organisation
from coproduce.people.models import User
from tests import factories

pytestmark = pytest.mark.django_db

DATA = {"title": "Litter pick", "description": "Clear the riverbank together."}


def test_manager_adds_an_opportunity_unpublished_and_audited(
    group_member: User, vcs_group: Organisation
) -> None:
    skill = factories.SkillFactory(name="Gardening")
    opportunity = services.create_opportunity(
        actor=group_member, organisation=vcs_group, data={**DATA, "skills": [skill]}
    )
    assert not opportunity.is_published
    assert list(opportunity.skills.all()) == [skill]
    assert AuditEvent.objects.filter(action="delivery.add_opportunity").exists()
    services.publish_opportunity(actor=group_member, opportunity=opportunity, published=True)
    assert list(selectors.opportunities()) == [opportunity]


@pytest.mark.parametrize("persona", ["resident", "outsider", "professional"])
def test_people_who_do_not_organise_cannot_write(
    request: pytest.FixtureRequest, persona: str, vcs_group: Organisation, shift: Shift
) -> None:
    actor = request.getfixturevalue(persona)
    opportunity = shift.opportunity
    now = timezone.now()
    attempts = [
        lambda: services.create_opportunity(actor=actor, organisation=vcs_group, data=DATA),
        lambda: services.update_opportunity(
            actor=actor, opportunity=opportunity, data={"title": "Mine"}
        ),
        lambda: services.publish_opportunity(actor=actor, opportunity=opportunity, published=False),
        lambda: services.add_shift(
            actor=actor,
            opportunity=opportunity,
            starts_at=now + datetime.timedelta(days=1),
            ends_at=now + datetime.timedelta(days=1, hours=1),
            capacity=2,
        ),
        lambda: services.change_shift_capacity(actor=actor, shift=shift, capacity=9),
        lambda: services.record_check(
            actor=actor,
            person=actor,
            kind="basic",
            checked_on=now.date(),
            expires_on=now.date() + datetime.timedelta(days=9),
        ),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied):
            attempt()
    opportunity.refresh_from_db()
    assert (opportunity.title, opportunity.is_published) == ("Pack food parcels", True)
    assert Shift.objects.count() == 1
    assert Opportunity.objects.count() == 1
    assert not SafeguardingCheck.objects.exists()
    assert not AuditEvent.objects.exists()


def test_coordinator_may_add_for_any_organisation(
    coordinator: User, vcs_group: Organisation
) -> None:
    opportunity = services.create_opportunity(actor=coordinator, organisation=vcs_group, data=DATA)
    assert opportunity.organisation == vcs_group


def test_opportunity_needs_a_title(group_member: User, vcs_group: Organisation) -> None:
    with pytest.raises(ServiceError, match="Enter a title"):
        services.create_opportunity(
            actor=group_member, organisation=vcs_group, data={**DATA, "title": "  "}
        )
    assert not Opportunity.objects.exists()


@pytest.mark.parametrize(
    ("starts", "ends", "capacity", "message"),
    [
        (2, 1, 3, "end after it starts"),
        (2, 2, 3, "end after it starts"),
        (1, 30, 3, "at most 24 hours"),
        (1, 2, 0, "at least 1 place"),
        (1, 2, -4, "at least 1 place"),
    ],
)
def test_impossible_shifts_are_refused(
    group_member: User,
    opportunity: Opportunity,
    starts: int,
    ends: int,
    capacity: int,
    message: str,
) -> None:
    base = timezone.now() + datetime.timedelta(days=1)
    with pytest.raises(ServiceError, match=message):
        services.add_shift(
            actor=group_member,
            opportunity=opportunity,
            starts_at=base + datetime.timedelta(hours=starts),
            ends_at=base + datetime.timedelta(hours=ends),
            capacity=capacity,
        )
    assert not Shift.objects.exists()


def test_the_database_refuses_a_shift_that_ends_before_it_starts(
    opportunity: Opportunity,
) -> None:
    from django.db import IntegrityError, transaction

    now = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        Shift.objects.create(
            opportunity=opportunity,
            starts_at=now,
            ends_at=now - datetime.timedelta(hours=1),
            capacity=1,
        )


def test_check_must_expire_after_it_was_made(coordinator: User, resident: User) -> None:
    today = timezone.localdate()
    with pytest.raises(ServiceError, match="valid until a date after"):
        services.record_check(
            actor=coordinator, person=resident, kind="basic", checked_on=today, expires_on=today
        )
    assert not SafeguardingCheck.objects.exists()


def test_checks_expiring_within_30_days_are_listed(coordinator: User) -> None:
    today = timezone.localdate()
    soon, later = factories.UserFactory(), factories.UserFactory()
    for person, days in ((soon, 10), (later, 90)):
        services.record_check(
            actor=coordinator,
            person=person,
            kind="enhanced",
            checked_on=today - datetime.timedelta(days=300),
            expires_on=today + datetime.timedelta(days=days),
        )
    assert [check.person for check in selectors.checks_expiring()] == [soon]


def test_availability_finds_shifts_in_free_parts_of_the_week(opportunity: Opportunity) -> None:
    local = timezone.localtime(timezone.now() + datetime.timedelta(days=7))
    morning = local.replace(hour=9, minute=0, second=0, microsecond=0)
    Shift.objects.create(
        opportunity=opportunity,
        starts_at=morning,
        ends_at=morning + datetime.timedelta(hours=2),
        capacity=2,
    )
    day = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")[morning.weekday()]
    free_then = selectors.OpportunityFilters(availability={day: ["morning"]})
    busy_then = selectors.OpportunityFilters(availability={day: ["evening"]})
    assert list(selectors.opportunities(free_then)) == [opportunity]
    assert list(selectors.opportunities(busy_then)) == []
    assert list(selectors.opportunities(selectors.OpportunityFilters(availability={}))) == []
