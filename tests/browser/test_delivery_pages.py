"""Things to do, in a real browser: the list, an opportunity with its shifts, signing up,
and the organiser's register. Accessible, one h1, readable at 320 px."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import BrowserContext, Page, expect

from coproduce.delivery.models import Opportunity, Shift
from coproduce.organisations.models import Organisation
from coproduce.people.models import User
from coproduce.places.models import Area
from tests.browser.pagecheck import check_page
from tests.delivery.conftest import make_opportunity, make_shift

pytestmark = pytest.mark.browser


@pytest.fixture
def opportunity(vcs_group: Organisation, area: Area) -> Opportunity:
    opportunity = make_opportunity(
        vcs_group,
        area=area,
        what_you_do="Sort tins and pack bags.",
        what_you_gain="Meet neighbours. Time credits.",
        accessibility="Step-free entrance.",
        place="1 Mill Lane",
        contact_name="Sam",
        contact_email="sam@foodbank.example",
    )
    make_shift(opportunity, capacity=1)
    make_shift(opportunity)
    make_opportunity(vcs_group, title="Weekly café", kind="regular")
    return opportunity


def signed_in_page(
    new_context: Callable[..., BrowserContext], live_server: Any, user: User
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


def visit(page: Page, path: str) -> None:
    response = page.goto(path)
    assert response is not None and response.status == 200, path


def test_opportunity_list_and_page_are_accessible(page: Page, opportunity: Opportunity) -> None:
    visit(page, "/opportunities/")
    expect(page.locator("h1")).to_have_text("Things you can do")
    check_page(page, "opportunities")
    visit(page, "/opportunities/?area=nowhere&on=not-a-date")
    check_page(page, "opportunities-bad-filter")
    visit(page, f"/opportunities/{opportunity.pk}/")
    check_page(page, "opportunity")


def test_resident_signs_up_in_the_browser(
    new_context: Callable[..., BrowserContext],
    live_server: Any,
    resident: User,
    opportunity: Opportunity,
) -> None:
    page = signed_in_page(new_context, live_server, resident)
    visit(page, f"/opportunities/{opportunity.pk}/")
    with page.expect_navigation():
        page.get_by_role("button", name="Sign up").first.click()
    expect(page.get_by_text("You are signed up. See you there.")).to_be_visible()
    check_page(page, "opportunity-signed-up")
    visit(page, "/opportunities/hours/log/")
    with page.expect_navigation():
        page.get_by_role("button", name="Send").click()
    check_page(page, "hours-log-error")


def test_organiser_pages_are_accessible(
    new_context: Callable[..., BrowserContext],
    live_server: Any,
    group_member: User,
    resident: User,
    opportunity: Opportunity,
) -> None:
    shift = Shift.objects.filter(opportunity=opportunity).first()
    assert shift is not None
    shift.sign_ups.create(person=resident, status="confirmed")
    page = signed_in_page(new_context, live_server, group_member)
    visit(page, f"/opportunities/{opportunity.pk}/")
    check_page(page, "opportunity-as-organiser")
    visit(page, f"/opportunities/shifts/{shift.pk}/register/")
    check_page(page, "shift-register")
    visit(page, f"/opportunities/{opportunity.pk}/shifts/add/")
    with page.expect_navigation():
        page.get_by_role("button", name="Add the shift").click()
    check_page(page, "shift-add-error")
