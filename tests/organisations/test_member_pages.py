"""Adding, changing and removing members through the pages."""

from __future__ import annotations

import pytest
from django.test import Client

from coproduce.common.models import AuditEvent
from coproduce.organisations.models import Membership, Organisation
from coproduce.people.models import User
from tests import factories

pytestmark = pytest.mark.django_db

ADD = "/organisations/riverside-food-bank/members/add/"


@pytest.fixture
def plain_member(vcs_group: Organisation) -> User:
    person = factories.UserFactory(display_name="Mo Member", email="mo@example.org")
    factories.MembershipFactory(person=person, organisation=vcs_group)
    return person


def membership_url(person: User, action: str = "") -> str:
    membership = Membership.objects.get(person=person)
    return f"/organisations/riverside-food-bank/members/{membership.pk}/{action}"


def test_manager_adds_a_member_by_email(
    as_group_member: Client, group_member: User, resident: User, vcs_group: Organisation
) -> None:
    response = as_group_member.post(
        ADD, {"email": "rita@example.org", "role": "member", "title": "Volunteer"}
    )
    assert response.status_code == 302
    assert vcs_group.memberships.get(person=resident).title == "Volunteer"
    event = AuditEvent.objects.get(action="organisations.add_member")
    assert event.actor == group_member
    page = as_group_member.get(response["Location"]).content.decode()
    assert "Rita Resident was added to Riverside Food Bank" in page


def test_adding_an_unknown_email_shows_a_clear_error(
    as_group_member: Client, vcs_group: Organisation
) -> None:
    response = as_group_member.post(ADD, {"email": "nobody@example.org", "role": "member"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "No one with the email address nobody@example.org has an account" in page
    assert 'href="#id_email"' in page
    assert vcs_group.memberships.count() == 1


def test_adding_an_existing_member_shows_a_clear_error(
    as_group_member: Client, plain_member: User, vcs_group: Organisation
) -> None:
    response = as_group_member.post(ADD, {"email": "mo@example.org", "role": "manager"})
    assert response.status_code == 200
    assert "Mo Member is already a member of Riverside Food Bank" in response.content.decode()
    assert vcs_group.memberships.get(person=plain_member).role == Membership.Role.MEMBER


def test_plain_member_cannot_add_members(
    plain_member: User, resident: User, vcs_group: Organisation
) -> None:
    client = Client()
    client.force_login(plain_member)
    assert client.get(ADD).status_code == 403
    assert client.post(ADD, {"email": "rita@example.org", "role": "member"}).status_code == 403
    assert not vcs_group.memberships.filter(person=resident).exists()


def test_manager_makes_a_member_a_manager(as_group_member: Client, plain_member: User) -> None:
    url = membership_url(plain_member)
    assert "Mo Member" in as_group_member.get(url).content.decode()
    response = as_group_member.post(url, {"role": "manager", "title": "Chair"})
    assert response.status_code == 302
    membership = Membership.objects.get(person=plain_member)
    assert (membership.role, membership.title) == (Membership.Role.MANAGER, "Chair")


def test_last_manager_cannot_step_down_through_the_form(
    as_group_member: Client, group_member: User
) -> None:
    response = as_group_member.post(membership_url(group_member), {"role": "member"})
    assert response.status_code == 200
    assert "Gita Group is the only manager of Riverside Food Bank" in response.content.decode()
    assert Membership.objects.get(person=group_member).role == Membership.Role.MANAGER


def test_manager_removes_a_member_after_confirming(
    as_group_member: Client, plain_member: User, vcs_group: Organisation
) -> None:
    url = membership_url(plain_member, "remove/")
    assert "Remove Mo Member?" in as_group_member.get(url).content.decode()
    assert vcs_group.memberships.filter(person=plain_member).exists()
    response = as_group_member.post(url)
    assert response.status_code == 302
    assert not vcs_group.memberships.filter(person=plain_member).exists()


def test_removing_the_last_manager_shows_a_clear_error(
    as_administrator: Client, group_member: User, vcs_group: Organisation
) -> None:
    response = as_administrator.post(membership_url(group_member, "remove/"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Make someone else a manager first" in page
    assert vcs_group.memberships.filter(person=group_member).exists()


def test_outsider_cannot_change_or_remove_members(
    as_outsider: Client, plain_member: User, vcs_group: Organisation
) -> None:
    assert as_outsider.post(membership_url(plain_member), {"role": "manager"}).status_code == 403
    assert as_outsider.post(membership_url(plain_member, "remove/")).status_code == 403
    assert vcs_group.memberships.get(person=plain_member).role == Membership.Role.MEMBER


def test_membership_of_another_organisation_is_not_found_here(
    as_group_member: Client, professional: User
) -> None:
    membership = Membership.objects.get(person=professional)
    url = f"/organisations/riverside-food-bank/members/{membership.pk}/remove/"
    assert as_group_member.post(url).status_code == 404
    assert Membership.objects.filter(pk=membership.pk).exists()
