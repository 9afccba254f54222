"""Staff roles see other people's details, so they must use two-step sign in."""

from __future__ import annotations

import pytest
from django.test import Client

from coproduce.organisations.models import Organisation
from coproduce.people.models import RoleGrant, User
from tests import factories
from tests.conftest import add_totp

pytestmark = pytest.mark.django_db

SETUP = "/accounts/2fa/totp/activate/"


def staff_without_totp(role: str) -> User:
    person = factories.UserFactory()
    if role == "professional":
        council = factories.OrganisationFactory(kind=Organisation.Kind.PUBLIC_BODY)
        factories.MembershipFactory(person=person, organisation=council)
    else:
        factories.RoleGrantFactory(person=person, role=role)
    return person


@pytest.mark.parametrize(
    "role", ["professional", RoleGrant.Role.COORDINATOR, RoleGrant.Role.ADMINISTRATOR]
)
def test_staff_without_an_authenticator_are_sent_to_set_one_up(client: Client, role: str) -> None:
    client.force_login(staff_without_totp(role))
    response = client.get("/people/me/")
    assert response.status_code == 302
    assert response["Location"] == SETUP


def test_coordinator_without_an_authenticator_cannot_reach_the_people_page(
    client: Client,
) -> None:
    client.force_login(staff_without_totp(RoleGrant.Role.COORDINATOR))
    response = client.get("/people/staff/")
    assert response["Location"] == SETUP


def test_coordinator_with_an_authenticator_is_let_through(as_coordinator: Client) -> None:
    assert as_coordinator.get("/people/me/").status_code == 200
    assert as_coordinator.get("/people/staff/").status_code == 200


def test_staff_without_an_authenticator_can_still_reach_the_setup_and_legal_pages(
    client: Client,
) -> None:
    client.force_login(staff_without_totp(RoleGrant.Role.COORDINATOR))
    assert client.get("/privacy/").status_code == 200
    assert client.get("/accounts/2fa/").status_code == 200


def test_residents_are_never_sent_to_set_up_an_authenticator(as_resident: Client) -> None:
    for path in ("/people/me/", "/people/me/profile/", "/"):
        assert as_resident.get(path).status_code == 200


def test_group_members_are_not_staff_for_two_step_sign_in(as_group_member: Client) -> None:
    assert as_group_member.get("/people/me/").status_code == 200


def test_staff_who_turn_off_the_authenticator_are_asked_to_set_it_up_again(
    client: Client,
) -> None:
    from allauth.mfa.models import Authenticator

    person = staff_without_totp(RoleGrant.Role.COORDINATOR)
    add_totp(person)
    client.force_login(person)
    assert client.get("/people/me/").status_code == 200
    Authenticator.objects.filter(user=person).delete()
    assert client.get("/people/me/")["Location"] == SETUP
