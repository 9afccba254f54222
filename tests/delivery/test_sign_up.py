"""Signing up for shifts: places never given twice, a fair waiting list, clear refusals."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from coproduce.common.errors import Conflict, NotFound, PermissionDenied, ServiceError
from coproduce.common.models import AuditEvent
from coproduce.delivery import services
from coproduce.delivery.models import Opportunity, SafeguardingLevel, Shift, SignUp
from coproduce.people.models import User
from tests import factories
from tests.delivery.conftest import make_opportunity, make_shift

pytestmark = pytest.mark.django_db


def test_resident_signs_up_and_it_is_audited(resident: User, shift: Shift) -> None:
    signup = services.sign_up(actor=resident, person=resident, shift=shift)
    assert signup.status == SignUp.Status.CONFIRMED
    event = AuditEvent.objects.get(action="delivery.sign_up")
    assert event.actor == resident
    assert event.on_behalf_of is None


def test_full_shift_puts_people_on_the_waiting_list_in_order(shift: Shift) -> None:
    shift.capacity = 1
    shift.save()
    people = [factories.UserFactory() for _ in range(3)]
    statuses = [services.sign_up(actor=p, person=p, shift=shift) for p in people]
    assert [s.status for s in statuses] == ["confirmed", "waiting", "waiting"]
    assert [s.position for s in statuses] == [None, 1, 2]


def test_withdrawing_promotes_the_first_person_waiting(shift: Shift) -> None:
    shift.capacity = 1
    shift.save()
    first, second, third = (factories.UserFactory() for _ in range(3))
    for person in (first, second, third):
        services.sign_up(actor=person, person=person, shift=shift)
    services.withdraw(actor=first, person=first, shift=shift)
    statuses = dict(SignUp.objects.values_list("person_id", "status"))
    assert statuses == {first.pk: "withdrawn", second.pk: "confirmed", third.pk: "waiting"}
    assert AuditEvent.objects.filter(action="delivery.promote_from_waiting_list").count() == 1


def test_more_places_promote_people_waiting(group_member: User, shift: Shift) -> None:
    shift.capacity = 1
    shift.save()
    people = [factories.UserFactory() for _ in range(3)]
    for person in people:
        services.sign_up(actor=person, person=person, shift=shift)
    services.change_shift_capacity(actor=group_member, shift=shift, capacity=3)
    assert SignUp.objects.filter(status="confirmed").count() == 3


def test_fewer_places_than_are_taken_is_refused(group_member: User, shift: Shift) -> None:
    for person in [factories.UserFactory() for _ in range(3)]:
        services.sign_up(actor=person, person=person, shift=shift)
    with pytest.raises(ServiceError, match="at least 3 places"):
        services.change_shift_capacity(actor=group_member, shift=shift, capacity=2)
    shift.refresh_from_db()
    assert shift.capacity == 5


def test_signing_up_twice_is_refused_and_changes_nothing(resident: User, shift: Shift) -> None:
    services.sign_up(actor=resident, person=resident, shift=shift)
    with pytest.raises(Conflict, match="already signed up"):
        services.sign_up(actor=resident, person=resident, shift=shift)
    assert SignUp.objects.count() == 1
    assert AuditEvent.objects.filter(action="delivery.sign_up").count() == 1


def test_signing_up_again_after_withdrawing_is_allowed(resident: User, shift: Shift) -> None:
    services.sign_up(actor=resident, person=resident, shift=shift)
    services.withdraw(actor=resident, person=resident, shift=shift)
    signup = services.sign_up(actor=resident, person=resident, shift=shift)
    assert signup.status == SignUp.Status.CONFIRMED
    assert SignUp.objects.count() == 1


def test_overlapping_shifts_are_refused(
    resident: User, shift: Shift, opportunity: Opportunity
) -> None:
    other = make_opportunity(opportunity.organisation, title="Sort donations")
    clash = Shift.objects.create(
        opportunity=other,
        starts_at=shift.starts_at + datetime.timedelta(hours=1),
        ends_at=shift.ends_at + datetime.timedelta(hours=1),
        capacity=3,
    )
    services.sign_up(actor=resident, person=resident, shift=shift)
    with pytest.raises(Conflict, match="Pack food parcels at the same time"):
        services.sign_up(actor=resident, person=resident, shift=clash)
    assert not SignUp.objects.filter(shift=clash).exists()


def test_back_to_back_shifts_do_not_overlap(resident: User, shift: Shift) -> None:
    after = Shift.objects.create(
        opportunity=shift.opportunity,
        starts_at=shift.ends_at,
        ends_at=shift.ends_at + datetime.timedelta(hours=1),
        capacity=1,
    )
    services.sign_up(actor=resident, person=resident, shift=shift)
    assert services.sign_up(actor=resident, person=resident, shift=after).status == "confirmed"


def test_shift_that_has_started_cannot_be_signed_up_for(resident: User, past_shift: Shift) -> None:
    with pytest.raises(ServiceError, match="already started"):
        services.sign_up(actor=resident, person=resident, shift=past_shift)
    assert not SignUp.objects.exists()


def test_unpublished_opportunity_cannot_be_signed_up_for(resident: User, shift: Shift) -> None:
    Opportunity.objects.filter(pk=shift.opportunity_id).update(is_published=False)
    with pytest.raises(NotFound):
        services.sign_up(actor=resident, person=resident, shift=shift)


def test_resident_cannot_sign_up_someone_else(resident: User, outsider: User, shift: Shift) -> None:
    with pytest.raises(PermissionDenied):
        services.sign_up(actor=resident, person=outsider, shift=shift)
    assert not SignUp.objects.exists()


def test_coordinator_signs_up_a_resident_on_their_behalf(
    coordinator: User, resident: User, shift: Shift
) -> None:
    signup = services.sign_up(actor=coordinator, person=resident, shift=shift)
    assert signup.person == resident
    assert signup.created_by == coordinator
    event = AuditEvent.objects.get(action="delivery.sign_up")
    assert (event.actor, event.on_behalf_of) == (coordinator, resident)


def test_withdrawing_when_not_signed_up_is_a_clear_error(resident: User, shift: Shift) -> None:
    with pytest.raises(ServiceError, match="not signed up"):
        services.withdraw(actor=resident, person=resident, shift=shift)


def test_too_young_is_refused(resident: User, opportunity: Opportunity) -> None:
    opportunity.minimum_age = 18
    opportunity.save()
    shift = make_shift(opportunity)
    resident.profile.date_of_birth = timezone.localdate() - datetime.timedelta(days=365 * 15)
    resident.profile.save()
    with pytest.raises(ServiceError, match="18 or older"):
        services.sign_up(actor=resident, person=resident, shift=shift)


# --- Safeguarding -------------------------------------------------------------------------


@pytest.fixture
def checked_shift(opportunity: Opportunity) -> Shift:
    opportunity.safeguarding = SafeguardingLevel.ENHANCED
    opportunity.save()
    return make_shift(opportunity)


def test_sign_up_needing_a_check_is_refused_without_one(
    resident: User, checked_shift: Shift
) -> None:
    with pytest.raises(ServiceError, match="enhanced check") as refused:
        services.sign_up(actor=resident, person=resident, shift=checked_shift)
    assert refused.value.code == "safeguarding"
    assert not SignUp.objects.exists()


def test_basic_check_does_not_cover_an_enhanced_opportunity(
    coordinator: User, resident: User, checked_shift: Shift
) -> None:
    today = timezone.localdate()
    services.record_check(
        actor=coordinator,
        person=resident,
        kind="basic",
        checked_on=today,
        expires_on=today + datetime.timedelta(days=365),
    )
    with pytest.raises(ServiceError, match="enhanced check"):
        services.sign_up(actor=resident, person=resident, shift=checked_shift)


def test_check_that_expires_before_the_shift_does_not_cover_it(
    coordinator: User, resident: User, checked_shift: Shift
) -> None:
    today = timezone.localdate()
    services.record_check(
        actor=coordinator,
        person=resident,
        kind="enhanced",
        checked_on=today - datetime.timedelta(days=300),
        expires_on=today + datetime.timedelta(days=1),
    )
    with pytest.raises(ServiceError, match="valid on"):
        services.sign_up(actor=resident, person=resident, shift=checked_shift)


def test_valid_check_lets_a_person_sign_up(
    coordinator: User, resident: User, checked_shift: Shift
) -> None:
    today = timezone.localdate()
    services.record_check(
        actor=coordinator,
        person=resident,
        kind="enhanced",
        checked_on=today,
        expires_on=today + datetime.timedelta(days=365),
    )
    signup = services.sign_up(actor=resident, person=resident, shift=checked_shift)
    assert signup.status == SignUp.Status.CONFIRMED
