"""Organisations and memberships in the site administration."""

from __future__ import annotations

import pytest
from django.test import Client

from coproduce.organisations.models import Organisation
from tests import factories
from tests.conftest import add_totp, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_superuser() -> Client:
    person = factories.UserFactory(is_staff=True, is_superuser=True)
    add_totp(person)
    return signed_in(person)


def test_organisation_admin_shows_an_organisation_with_its_members(
    as_superuser: Client, vcs_group: Organisation, group_member: object
) -> None:
    assert (
        "Riverside Food Bank"
        in as_superuser.get("/admin/organisations/organisation/").content.decode()
    )
    page = as_superuser.get(f"/admin/organisations/organisation/{vcs_group.pk}/change/")
    assert page.status_code == 200
    assert "Gita Group" in page.content.decode()


def test_membership_admin_searches_by_person(as_superuser: Client, group_member: object) -> None:
    factories.MembershipFactory()
    response = as_superuser.get("/admin/organisations/membership/", {"q": "gita"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Gita Group in Riverside Food Bank" in page
