"""Time credits in a real browser: every page passes axe at 1280 and 320 px with one h1 and a
unique title, and the spend journey (offer, code, partner's counter) works with the keyboard
alone."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import BrowserContext, Page, expect

from coproduce.credits import services
from coproduce.credits.models import Account, Offer, Swap
from coproduce.credits.services import swaps
from coproduce.organisations.models import Membership, Organisation
from coproduce.people.models import User
from tests import factories
from tests.browser.pagecheck import check_page
from tests.credits.conftest import fund

pytestmark = pytest.mark.browser


@pytest.fixture
def pool_centre(db: Any) -> Organisation:
    return factories.OrganisationFactory(
        name="Riverside Pool", slug="riverside-pool", is_spend_partner=True
    )


@pytest.fixture
def pool_staff(pool_centre: Organisation) -> User:
    person = factories.UserFactory(display_name="Sam Staff")
    factories.MembershipFactory(
        person=person, organisation=pool_centre, role=Membership.Role.MANAGER
    )
    return person


@pytest.fixture
def swim(pool_centre: Organisation) -> Offer:
    return Offer.objects.create(organisation=pool_centre, title="One swim", cost=4, monthly_cap=2)


@pytest.fixture
def rich_resident(resident: User, coordinator: User) -> User:
    fund(coordinator, services.account_for_person(resident), 20)
    return resident


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


def submit(page: Page, button: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=button).click()


def tab_to(page: Page, text: str = "", *, element_id: str = "", most: int = 60) -> None:
    """Press Tab until the focused element says `text` (or has the id), as someone with no
    mouse would."""
    for _press in range(most):
        page.keyboard.press("Tab")
        focused_id, focused_text = page.evaluate(
            "() => { const e = document.activeElement;"
            " return [e.id, (e.innerText || e.value || '').trim()]; }"
        )
        if (element_id and focused_id == element_id) or (text and text in focused_text):
            return
    pytest.fail(f"Tab never reached {text or element_id!r}")


def shown_code(page: Page) -> str:
    label = page.locator(".govuk-panel__title").get_attribute("aria-label") or ""
    assert re.fullmatch(r"(?:[0-9A-Z] ){7}[0-9A-Z]", label), label
    return label.replace(" ", "")


def test_balance_give_and_offers_pages_are_accessible(
    new_context: Callable[..., BrowserContext],
    live_server: Any,
    rich_resident: User,
    outsider: User,
    swim: Offer,
) -> None:
    services.gift_credits(
        actor=rich_resident,
        sender=rich_resident,
        recipient_account=services.account_for_person(outsider),
        amount=2,
        key="thanks",
        memo="Thank you",
    )
    page = signed_in_page(new_context, live_server, rich_resident)
    visit(page, "/credits/")
    expect(page.locator("h1")).to_have_text("Your time credits")
    expect(page.get_by_text("Thank you")).to_be_visible()
    check_page(page, "credits-balance")
    visit(page, "/credits/give/")
    check_page(page, "credits-give")
    submit(page, "Give credits")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_page(page, "credits-give-error")
    visit(page, "/credits/offers/")
    check_page(page, "credits-offers")
    visit(page, f"/credits/offers/{swim.pk}/use/")
    check_page(page, "credits-offer-use")
    submit(page, "Get a code")
    check_page(page, "credits-code")


def test_partner_pages_are_accessible(
    new_context: Callable[..., BrowserContext],
    live_server: Any,
    pool_staff: User,
    swim: Offer,
) -> None:
    page = signed_in_page(new_context, live_server, pool_staff)
    visit(page, "/organisations/riverside-pool/")
    check_page(page, "credits-partner-organisation")
    visit(page, "/credits/partners/riverside-pool/offers/add/")
    check_page(page, "credits-offer-add")
    submit(page, "Save")
    check_page(page, "credits-offer-add-error")
    visit(page, f"/credits/offers/{swim.pk}/edit/")
    check_page(page, "credits-offer-edit")
    visit(page, "/credits/partners/riverside-pool/redeem/")
    check_page(page, "credits-redeem")
    page.get_by_label("The code").fill("AAAA3333")
    submit(page, "Take the credits")
    expect(page.locator(".govuk-error-summary")).to_contain_text("We do not know that code")
    check_page(page, "credits-redeem-error")
    visit(page, "/credits/partners/riverside-pool/spend-for-someone/")
    check_page(page, "credits-spend-for-someone")
    submit(page, "Take the credits")
    check_page(page, "credits-spend-for-someone-error")


def test_swap_pages_are_accessible(
    new_context: Callable[..., BrowserContext],
    live_server: Any,
    resident: User,
    outsider: User,
) -> None:
    swap = swaps.post_swap(
        actor=outsider, kind=Swap.Kind.REQUEST, title="A lift to hospital", hours=8
    )
    page = signed_in_page(new_context, live_server, resident)
    visit(page, "/credits/swaps/")
    check_page(page, "credits-swaps")
    visit(page, "/credits/swaps/new/")
    check_page(page, "credits-swap-add")
    submit(page, "Post it")
    check_page(page, "credits-swap-add-error")
    visit(page, f"/credits/swaps/{swap.pk}/")
    check_page(page, "credits-swap-detail")
    submit(page, "I can help")
    expect(page.get_by_text("You said you will take part.")).to_be_visible()
    check_page(page, "credits-swap-agreed")


def test_budget_pages_are_accessible(
    new_context: Callable[..., BrowserContext],
    live_server: Any,
    coordinator: User,
    group_member: User,
    vcs_group: Organisation,
    resident: User,
) -> None:
    from django.utils import timezone

    today = timezone.localdate()
    services.set_issuing_budget(
        actor=coordinator, organisation=vcs_group, starts_on=today, ends_on=today, credits=1
    )
    services.credit_for_contribution(
        actor=group_member,
        contribution_id=1,
        person=resident,
        organisation=vcs_group,
        hours="3",
        key="held-1",
    )
    page = signed_in_page(new_context, live_server, coordinator)
    visit(page, "/credits/budgets/")
    expect(page.get_by_text("Rita Resident")).to_be_visible()
    check_page(page, "credits-budgets")
    submit(page, "Save")
    check_page(page, "credits-budgets-error")


def test_a_coordinator_makes_a_code_for_someone_without_email(
    new_context: Callable[..., BrowserContext],
    live_server: Any,
    coordinator: User,
    swim: Offer,
) -> None:
    from coproduce.people import services as people_services

    person = people_services.create_assisted_account(
        actor=coordinator, display_name="Olive Offline"
    )
    fund(coordinator, services.account_for_person(person), 8)
    page = signed_in_page(new_context, live_server, coordinator)
    visit(page, f"/people/staff/{person.pk}/")
    submit(page, "Act for this person")
    visit(page, f"/credits/offers/{swim.pk}/use/")
    check_page(page, "credits-offer-use-on-behalf")
    submit(page, "Make a code for Olive Offline")
    expect(page.locator("h1")).to_have_text("Code for Olive Offline")
    check_page(page, "credits-code-on-behalf")


def test_the_spend_journey_works_with_the_keyboard_alone(
    new_context: Callable[..., BrowserContext],
    live_server: Any,
    rich_resident: User,
    pool_staff: User,
    swim: Offer,
) -> None:
    resident_page = signed_in_page(new_context, live_server, rich_resident)
    visit(resident_page, "/credits/")
    tab_to(resident_page, "Places to spend credits")
    with resident_page.expect_navigation():
        resident_page.keyboard.press("Enter")
    expect(resident_page.locator("h1")).to_have_text("Spend your time credits")
    tab_to(resident_page, "One swim")
    with resident_page.expect_navigation():
        resident_page.keyboard.press("Enter")
    tab_to(resident_page, "Get a code")
    with resident_page.expect_navigation():
        resident_page.keyboard.press("Enter")
    expect(resident_page.locator("h1")).to_have_text("Your code")
    code = shown_code(resident_page)

    staff_page = signed_in_page(new_context, live_server, pool_staff)
    visit(staff_page, "/credits/partners/riverside-pool/redeem/")
    tab_to(staff_page, element_id="id_code")
    staff_page.keyboard.type(code.lower())
    with staff_page.expect_navigation():
        staff_page.keyboard.press("Enter")
    expect(staff_page.get_by_text("Done. 1 credits were taken from Rita Resident")).to_be_visible()
    account = Account.objects.get(person=rich_resident)
    assert account.balance == 16
