"""Hours given: logged, confirmed or rejected, marked on a register, corrected by a new record."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.utils import timezone

from coproduce.common.errors import Conflict, PermissionDenied, ServiceError
from coproduce.common.models import AuditEvent
from coproduce.delivery import selectors, services
from coproduce.delivery.models import Contribution, Opportunity, Shift
from coproduce.organisations.models import Membership, Organisation
from coproduce.people.models import User
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
YESTERDAY = TODAY - datetime.timedelta(days=1)


def log(person: User, opportunity: Opportunity, hours: object = "2") -> Contribution:
    return services.log_hours(
        actor=person, person=person, opportunity=opportunity, hours=hours, date=YESTERDAY
    )


@pytest.mark.parametrize(
    ("hours", "message"),
    [
        ("-2", "more than 0"),
        ("0", "more than 0"),
        ("30", "more than 24 hours"),
        ("two", "as a number"),
        ("NaN", "more than 0"),
    ],
)
def test_impossible_hours_are_refused_and_nothing_is_recorded(
    resident: User, opportunity: Opportunity, hours: str, message: str
) -> None:
    with pytest.raises(ServiceError, match=message):
        log(resident, opportunity, hours)
    assert not Contribution.objects.exists()
    assert not AuditEvent.objects.exists()


def test_more_than_24_hours_in_one_day_is_refused(resident: User, opportunity: Opportunity) -> None:
    log(resident, opportunity, "20")
    with pytest.raises(ServiceError, match="more than 24 hours on"):
        log(resident, opportunity, "5")
    assert Contribution.objects.count() == 1


def test_hours_in_the_future_are_refused(resident: User, opportunity: Opportunity) -> None:
    with pytest.raises(ServiceError, match="future"):
        services.log_hours(
            actor=resident,
            person=resident,
            opportunity=opportunity,
            hours=2,
            date=TODAY + datetime.timedelta(days=2),
        )


def test_resident_cannot_log_hours_for_someone_else(
    resident: User, outsider: User, opportunity: Opportunity
) -> None:
    with pytest.raises(PermissionDenied):
        services.log_hours(
            actor=resident, person=outsider, opportunity=opportunity, hours=2, date=YESTERDAY
        )


def test_coordinator_logs_hours_on_someones_behalf(
    coordinator: User, resident: User, opportunity: Opportunity
) -> None:
    contribution = services.log_hours(
        actor=coordinator, person=resident, opportunity=opportunity, hours="1.5", date=YESTERDAY
    )
    assert contribution.hours == Decimal("1.50")
    event = AuditEvent.objects.get(action="delivery.log_hours")
    assert (event.actor, event.on_behalf_of) == (coordinator, resident)


def test_organiser_confirms_logged_hours(
    group_member: User, resident: User, opportunity: Opportunity
) -> None:
    contribution = log(resident, opportunity)
    services.confirm_contribution(actor=group_member, contribution=contribution)
    contribution.refresh_from_db()
    assert contribution.status == Contribution.Status.CONFIRMED
    assert contribution.decided_by == group_member
    assert selectors.confirmed_hours(resident) == Decimal(2)


def test_organiser_rejects_with_a_reason(
    group_member: User, resident: User, opportunity: Opportunity
) -> None:
    contribution = log(resident, opportunity)
    with pytest.raises(ServiceError, match="Say why"):
        services.reject_contribution(actor=group_member, contribution=contribution, reason=" ")
    services.reject_contribution(
        actor=group_member, contribution=contribution, reason="We were closed that day"
    )
    contribution.refresh_from_db()
    assert contribution.status == Contribution.Status.REJECTED
    assert contribution.reason == "We were closed that day"


def test_confirming_ones_own_hours_is_refused(group_member: User, opportunity: Opportunity) -> None:
    contribution = log(group_member, opportunity)
    with pytest.raises(ServiceError, match="your own hours"):
        services.confirm_contribution(actor=group_member, contribution=contribution)
    contribution.refresh_from_db()
    assert contribution.status == Contribution.Status.LOGGED


@pytest.mark.parametrize("persona", ["resident", "outsider", "professional"])
def test_people_who_do_not_organise_cannot_decide_hours(
    request: pytest.FixtureRequest, persona: str, opportunity: Opportunity
) -> None:
    volunteer = factories.UserFactory()
    contribution = log(volunteer, opportunity)
    actor = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        services.confirm_contribution(actor=actor, contribution=contribution)
    with pytest.raises(PermissionDenied):
        services.reject_contribution(actor=actor, contribution=contribution, reason="No")
    contribution.refresh_from_db()
    assert contribution.status == Contribution.Status.LOGGED


def test_hours_cannot_be_decided_twice(
    group_member: User, resident: User, opportunity: Opportunity
) -> None:
    contribution = log(resident, opportunity)
    services.confirm_contribution(actor=group_member, contribution=contribution)
    with pytest.raises(Conflict, match="already confirmed"):
        services.reject_contribution(actor=group_member, contribution=contribution, reason="x")


def test_correction_is_a_new_record_that_reverses_the_old_one(
    coordinator: User, group_member: User, resident: User, opportunity: Opportunity
) -> None:
    contribution = log(resident, opportunity, "3")
    services.confirm_contribution(actor=group_member, contribution=contribution)
    correction = services.correct_contribution(
        actor=coordinator, contribution=contribution, reason="Entered twice"
    )
    assert correction.hours == Decimal("-3.00")
    assert correction.corrects == contribution
    contribution.refresh_from_db()
    assert contribution.hours == Decimal("3.00")
    assert contribution.status == Contribution.Status.CONFIRMED
    assert selectors.confirmed_hours(resident) == 0
    with pytest.raises(Conflict, match="already corrected"):
        services.correct_contribution(actor=coordinator, contribution=contribution, reason="x")


def test_a_manager_cannot_reverse_confirmed_hours(
    group_member: User, resident: User, opportunity: Opportunity, coordinator: User
) -> None:
    contribution = log(resident, opportunity)
    services.confirm_contribution(actor=coordinator, contribution=contribution)
    with pytest.raises(PermissionDenied):
        services.correct_contribution(actor=group_member, contribution=contribution, reason="x")
    assert Contribution.objects.count() == 1


def test_marking_attendance_confirms_the_shift_length(
    group_member: User, past_shift: Shift
) -> None:
    people = [factories.UserFactory() for _ in range(3)]
    for person in people:
        past_shift.sign_ups.create(person=person, status="confirmed")
    made = services.mark_attendance(
        actor=group_member, shift=past_shift, attended_person_ids=[p.pk for p in people[:2]]
    )
    assert [c.hours for c in made] == [Decimal("3.00")] * 2
    assert all(c.status == Contribution.Status.CONFIRMED for c in made)
    again = services.mark_attendance(
        actor=group_member, shift=past_shift, attended_person_ids=[p.pk for p in people]
    )
    assert [c.person_id for c in again] == [people[2].pk]
    total = Contribution.objects.aggregate(total=Sum("hours"))["total"]
    assert total == Decimal(9)


def test_attendance_only_for_people_on_the_register(
    group_member: User, past_shift: Shift, outsider: User
) -> None:
    with pytest.raises(ServiceError, match="on this shift's register"):
        services.mark_attendance(
            actor=group_member, shift=past_shift, attended_person_ids=[outsider.pk]
        )
    assert not Contribution.objects.exists()


def test_attendance_before_the_shift_starts_is_refused(
    group_member: User, shift: Shift, resident: User
) -> None:
    shift.sign_ups.create(person=resident, status="confirmed")
    with pytest.raises(ServiceError, match="once the shift has started"):
        services.mark_attendance(actor=group_member, shift=shift, attended_person_ids=[resident.pk])


def test_organiser_cannot_mark_their_own_attendance(group_member: User, past_shift: Shift) -> None:
    past_shift.sign_ups.create(person=group_member, status="confirmed")
    with pytest.raises(ServiceError, match="your own hours"):
        services.mark_attendance(
            actor=group_member, shift=past_shift, attended_person_ids=[group_member.pk]
        )


def test_member_who_is_not_a_manager_cannot_mark_attendance(
    vcs_group: Organisation, past_shift: Shift, resident: User
) -> None:
    member = factories.UserFactory()
    factories.MembershipFactory(person=member, organisation=vcs_group, role=Membership.Role.MEMBER)
    past_shift.sign_ups.create(person=resident, status="confirmed")
    with pytest.raises(PermissionDenied):
        services.mark_attendance(actor=member, shift=past_shift, attended_person_ids=[resident.pk])
    assert not Contribution.objects.exists()


def test_confirmed_hours_earn_credits_and_a_correction_takes_them_back(
    coordinator: User, group_member: User, resident: User, opportunity: Opportunity
) -> None:
    credits = pytest.importorskip("coproduce.credits.selectors")
    contribution = log(resident, opportunity, "2")
    assert credits.balance_of(resident) == 0
    services.confirm_contribution(actor=group_member, contribution=contribution)
    earned = credits.balance_of(resident)
    assert earned > 0
    services.correct_contribution(actor=coordinator, contribution=contribution, reason="Mistake")
    assert credits.balance_of(resident) == 0
