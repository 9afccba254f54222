"""The organisation and area pages in a real browser: accessible, one h1, readable at 320 px,
with and without errors on their forms."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import BrowserContext, Page

from coproduce.organisations.models import Organisation
from coproduce.people.models import User
from coproduce.places.models import Area
from tests import factories

# The browser and its fenced-in contexts come from the browser tests' own fixtures.
from tests.browser.conftest import browser, new_context  # noqa: F401
from tests.browser.pagecheck import check_page

pytestmark = pytest.mark.browser


@pytest.fixture
def borough(db: Any) -> Area:
    borough = factories.AreaFactory(name="Riverside", slug="riverside", kind=Area.Kind.BOROUGH)
    ward = factories.AreaFactory(name="Mill Lane", slug="mill-lane", parent=borough)
    ward.latitude, ward.longitude = 51.5, -0.12
    ward.save()
    factories.AreaFactory(name="Abbey", slug="abbey", parent=borough)
    return borough


@pytest.fixture
def full_group(vcs_group: Organisation, group_member: User, borough: Area) -> Organisation:
    vcs_group.description = "We share food with anyone who needs it."
    vcs_group.email = "hello@foodbank.example"
    vcs_group.phone = "01234 567890"
    vcs_group.address = "1 Mill Lane\nRiverside"
    vcs_group.is_spend_partner = True
    vcs_group.save()
    vcs_group.areas.set(Area.objects.all())
    for number in range(3):
        factories.MembershipFactory(organisation=vcs_group, title=f"Volunteer {number}")
    return vcs_group


def signed_in_page(
    new_context: Callable[..., BrowserContext],  # noqa: F811
    live_server: Any,
    user: User,
) -> Page:
    client = Client()
    client.force_login(user)
    context = new_context()
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return context.new_page()


def visit(page: Page, path: str, status: int = 200) -> None:
    response = page.goto(path)
    assert response is not None and response.status == status, path


def submit(page: Page, label: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=label).click()


def test_public_organisation_and_area_pages_are_accessible(
    new_context: Callable[..., BrowserContext],  # noqa: F811
    full_group: Organisation,
) -> None:
    page = new_context().new_page()
    visit(page, "/organisations/riverside-food-bank/")
    check_page(page, "organisation")
    visit(page, "/organisations/?kind=nonsense")
    check_page(page, "organisations-bad-filter")
    visit(page, "/organisations/?page=1000000000", status=404)
    check_page(page, "organisations-no-such-page")
    visit(page, "/areas/mill-lane/")
    check_page(page, "area")


def test_administrator_pages_are_accessible_with_and_without_errors(
    new_context: Callable[..., BrowserContext],  # noqa: F811
    live_server: Any,
    administrator: User,
    full_group: Organisation,
    group_member: User,
) -> None:
    page = signed_in_page(new_context, live_server, administrator)
    visit(page, "/organisations/riverside-food-bank/")
    check_page(page, "organisation-as-administrator")

    visit(page, "/organisations/riverside-food-bank/edit/")
    check_page(page, "organisation-edit")
    page.get_by_label("Contact email address").fill("not an email")
    submit(page, "Save changes")
    check_page(page, "organisation-edit-error")

    visit(page, "/organisations/add/")
    check_page(page, "organisation-add")

    visit(page, "/organisations/riverside-food-bank/members/add/")
    page.get_by_label("Their email address").fill("nobody@example.org")
    submit(page, "Add member")
    check_page(page, "member-add-error")

    membership = full_group.memberships.get(person=group_member)
    visit(page, f"/organisations/riverside-food-bank/members/{membership.pk}/")
    check_page(page, "member-edit")
    visit(page, f"/organisations/riverside-food-bank/members/{membership.pk}/remove/")
    submit(page, "Yes, remove them")
    check_page(page, "member-remove-error")

    visit(page, "/areas/add/")
    page.get_by_label("Name", exact=True).fill("Abbey")
    page.get_by_label("Boundary").fill("{not json")
    submit(page, "Add area")
    check_page(page, "area-add-error")
