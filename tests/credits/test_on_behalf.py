"""A coordinator does every resident step for someone with no account login or email:
sign up, log hours, and spend credits at a partner, each recorded as done on their behalf."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from coproduce.common.errors import PermissionDenied, ServiceError
from coproduce.common.models import AuditEvent
from coproduce.credits import services
from coproduce.credits.models import Account, Offer, SpendCode, Transaction
from coproduce.credits.services import spending
from coproduce.delivery.models import Contribution, SignUp
from coproduce.organisations.models import Membership, Organisation
from coproduce.people import services as people_services
from coproduce.people.models import Profile, ProfileArea, RoleGrant, User
from tests import factories
from tests.conftest import add_totp
from tests.credits.conftest import fund
from tests.delivery.conftest import make_opportunity, make_shift
from tests.people.conftest import assert_good_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def offline_person(coordinator: User) -> User:
    """Someone with no email and no password: staff made their account for them."""
    return people_services.create_assisted_account(
        actor=coordinator, display_name="Olive Offline", phone="01234 567890"
    )


@pytest.fixture
def pool_centre(db: Any) -> Organisation:
    return factories.OrganisationFactory(
        name="Riverside Pool", slug="riverside-pool", is_spend_partner=True
    )


@pytest.fixture
def pool_staff(pool_centre: Organisation) -> User:
    person = factories.UserFactory(display_name="Sam Staff")
    factories.MembershipFactory(person=person, organisation=pool_centre)
    return person


@pytest.fixture
def swim(pool_centre: Organisation) -> Offer:
    return Offer.objects.create(organisation=pool_centre, title="One swim", cost=4, monthly_cap=2)


def acting_for(client: Client, person: User) -> None:
    response = client.post(f"/people/staff/{person.pk}/act/")
    assert response.status_code == 302


def shown_code(html: str) -> str:
    match = re.search(r'aria-label="((?:[0-9A-Z] ){7}[0-9A-Z])"', html)
    assert match, "the code is shown"
    return match.group(1).replace(" ", "")


def test_a_coordinator_does_every_resident_step_for_someone_without_email(
    as_coordinator: Client,
    coordinator: User,
    offline_person: User,
    vcs_group: Organisation,
    swim: Offer,
    pool_staff: User,
) -> None:
    assert not offline_person.email
    opportunity = make_opportunity(vcs_group)
    shift = make_shift(opportunity)
    acting_for(as_coordinator, offline_person)

    # Sign up.
    assert as_coordinator.post(f"/opportunities/shifts/{shift.pk}/sign-up/").status_code == 302
    signup = SignUp.objects.get(shift=shift)
    assert signup.person == offline_person
    event = AuditEvent.objects.get(action="delivery.sign_up")
    assert (event.actor, event.on_behalf_of) == (coordinator, offline_person)

    # Log hours.
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = as_coordinator.post(
        "/opportunities/hours/log/",
        {"opportunity": opportunity.pk, "date": yesterday.isoformat(), "hours": "2"},
    )
    assert response.status_code == 302
    logged = Contribution.objects.get(person=offline_person)
    assert logged.recorded_by == coordinator
    event = AuditEvent.objects.get(action="delivery.log_hours")
    assert (event.actor, event.on_behalf_of) == (coordinator, offline_person)

    # Spend credits: the coordinator makes the person's code, to carry on paper.
    fund(coordinator, services.account_for_person(offline_person), 12)
    use = as_coordinator.get(f"/credits/offers/{swim.pk}/use/")
    assert_good_page(use, "One swim")
    assert "Olive Offline has 3 credits" in use.content.decode()
    response = as_coordinator.post(f"/credits/offers/{swim.pk}/use/")
    assert_good_page(response, "Code for Olive Offline")
    code = shown_code(response.content.decode())
    made = SpendCode.objects.get()
    assert (made.person, made.made_by) == (offline_person, coordinator)
    assert made.expires_at - made.created_at > datetime.timedelta(days=6, hours=23)
    event = AuditEvent.objects.get(action="credits.make_spend_code")
    assert (event.actor, event.on_behalf_of) == (coordinator, offline_person)

    # Days later, at the counter, the partner's staff take the code from the paper.
    spend = spending.redeem_code(actor=pool_staff, organisation=swim.organisation, code=code)
    posted = spend.transaction
    assert posted.reason == Transaction.Reason.SPENT_AT_PARTNER
    assert (posted.created_by, posted.on_behalf_of) == (pool_staff, offline_person)
    assert Account.objects.get(person=offline_person).balance == 8
    event = AuditEvent.objects.get(action="credits.spend")
    assert (event.actor, event.on_behalf_of) == (pool_staff, offline_person)

    # The person's history says who did it.
    history = as_coordinator.get("/credits/").content.decode()
    assert "One swim" in history and "done by Sam Staff" in history


def test_a_code_made_on_behalf_is_refused_past_the_balance(
    coordinator: User, offline_person: User, swim: Offer
) -> None:
    fund(coordinator, services.account_for_person(offline_person), 2)
    with pytest.raises(ServiceError) as refused:
        spending.make_spend_code(actor=coordinator, person=offline_person, offer=swim)
    assert refused.value.code == "not_enough_credits"
    assert "Olive Offline needs 1 credits" in refused.value.message
    assert not SpendCode.objects.exists()


def test_a_coordinator_for_another_area_cannot_make_a_code(
    coordinator: User, offline_person: User, swim: Offer
) -> None:
    home = factories.AreaFactory(name="Hillside", slug="hillside")
    elsewhere = factories.AreaFactory(name="Dockside", slug="dockside")
    profile = Profile.objects.get(person=offline_person)
    ProfileArea.objects.create(profile=profile, area=home)
    fund(coordinator, services.account_for_person(offline_person), 12)
    other = factories.UserFactory(display_name="Dee Dockside")
    factories.RoleGrantFactory(person=other, role=RoleGrant.Role.COORDINATOR, area=elsewhere)
    add_totp(other)
    with pytest.raises(PermissionDenied):
        spending.make_spend_code(actor=other, person=offline_person, offer=swim)
    assert not SpendCode.objects.exists()


@pytest.mark.parametrize("who", ["outsider", "group_member", "pool_staff"])
def test_only_the_person_or_staff_helping_them_make_a_code(
    who: str, offline_person: User, coordinator: User, swim: Offer, request: Any
) -> None:
    fund(coordinator, services.account_for_person(offline_person), 12)
    with pytest.raises(PermissionDenied):
        spending.make_spend_code(
            actor=request.getfixturevalue(who), person=offline_person, offer=swim
        )
    assert not SpendCode.objects.exists()


def test_partner_staff_making_a_code_page_for_themselves_is_not_on_behalf(
    client: Client, pool_staff: User, coordinator: User, swim: Offer
) -> None:
    """Without acting for anyone, the page makes the signed-in person's own short-lived code."""
    fund(coordinator, services.account_for_person(pool_staff), 8)
    client.force_login(pool_staff)
    response = client.post(f"/credits/offers/{swim.pk}/use/")
    assert_good_page(response, "Your code")
    made = SpendCode.objects.get()
    assert made.made_by is None and made.person == pool_staff
    assert made.expires_at - made.created_at <= datetime.timedelta(minutes=15, seconds=1)
    assert Membership.objects.filter(person=pool_staff).exists()
