"""Personas, in one place: resident, group member, professional, coordinator, administrator,
outsider. Staff personas have an authenticator set up so that they are not sent to MFA setup."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from coproduce.organisations.models import Membership, Organisation
from coproduce.people.models import RoleGrant, User
from tests import factories


@pytest.fixture(autouse=True, scope="session")
def _quick_password_hashing() -> Any:
    """Argon2 spends about 0.2 s on each password by design; thousands of test accounts would
    spend minutes on it. Tests hash with MD5 first; the production list (Argon2 first) is
    checked by `test_new_passwords_are_hashed_with_argon2`, which puts it back."""
    from django.conf import settings
    from django.test.utils import override_settings

    quick = override_settings(
        PASSWORD_HASHERS=[
            "django.contrib.auth.hashers.MD5PasswordHasher",
            *settings.PASSWORD_HASHERS,
        ]
    )
    quick.enable()
    yield
    quick.disable()


@pytest.fixture(autouse=True)
def _english_outside_requests() -> Any:
    """A request in Welsh leaves Welsh active in the thread; each test starts in English."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


def add_totp(user: User) -> str:
    """Give a member of staff an authenticator app; returns the secret for making codes."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


@pytest.fixture
def area(db: Any) -> Any:
    return factories.AreaFactory(name="Riverside North", slug="riverside-north")


@pytest.fixture
def resident(db: Any) -> User:
    return factories.UserFactory(display_name="Rita Resident", email="rita@example.org")


@pytest.fixture
def outsider(db: Any) -> User:
    return factories.UserFactory(display_name="Oscar Outsider", email="oscar@example.org")


@pytest.fixture
def vcs_group(db: Any) -> Organisation:
    return factories.OrganisationFactory(name="Riverside Food Bank", slug="riverside-food-bank")


@pytest.fixture
def group_member(vcs_group: Organisation) -> User:
    person = factories.UserFactory(display_name="Gita Group", email="gita@example.org")
    factories.MembershipFactory(person=person, organisation=vcs_group, role=Membership.Role.MANAGER)
    return person


@pytest.fixture
def council(db: Any) -> Organisation:
    return factories.OrganisationFactory(
        name="Riverside Council", slug="riverside-council", kind=Organisation.Kind.PUBLIC_BODY
    )


@pytest.fixture
def professional(council: Organisation) -> User:
    person = factories.UserFactory(display_name="Priya Professional", email="priya@example.org")
    factories.MembershipFactory(person=person, organisation=council)
    add_totp(person)
    return person


@pytest.fixture
def coordinator(area: Any) -> User:
    person = factories.UserFactory(display_name="Cora Coordinator", email="cora@example.org")
    factories.RoleGrantFactory(person=person, role=RoleGrant.Role.COORDINATOR, area=None)
    add_totp(person)
    return person


@pytest.fixture
def administrator(db: Any) -> User:
    person = factories.UserFactory(display_name="Ada Administrator", email="ada@example.org")
    factories.RoleGrantFactory(person=person, role=RoleGrant.Role.ADMINISTRATOR)
    add_totp(person)
    return person


def signed_in(user: User) -> Client:
    """A browser session for `user`, past password and MFA, as after a real sign-in."""
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def as_resident(resident: User) -> Client:
    return signed_in(resident)


@pytest.fixture
def as_coordinator(coordinator: User) -> Client:
    return signed_in(coordinator)


@pytest.fixture
def as_group_member(group_member: User) -> Client:
    return signed_in(group_member)


@pytest.fixture
def as_administrator(administrator: User) -> Client:
    return signed_in(administrator)


@pytest.fixture
def as_outsider(outsider: User) -> Client:
    return signed_in(outsider)
