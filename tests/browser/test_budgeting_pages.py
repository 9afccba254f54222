"""Budgets in a real browser: the process page, an idea, the idea form (with its errors) and
the staff review page. Accessible, one h1, readable at 320 px."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from coproduce.budgeting import services
from coproduce.budgeting.models import Process, Proposal
from coproduce.organisations.models import Organisation
from coproduce.people.models import User
from coproduce.places.models import Area
from tests.browser.pagecheck import check_page
from tests.browser.test_delivery_pages import signed_in_page, visit
from tests.budgeting.factories import lives_in, make_process, make_proposal, resident_of

pytestmark = pytest.mark.browser


@pytest.fixture
def process(council: Organisation, area: Area) -> Process:
    return make_process(council, areas=[area], description="Money for the park and the streets.")


@pytest.fixture
def idea(process: Process, resident: User, area: Area) -> Proposal:
    lives_in(resident, area)
    proposal = make_proposal(process, resident, area=area, category="Parks")
    neighbour = resident_of(area)
    comment = services.add_comment(actor=neighbour, proposal=proposal, text="Where exactly?")
    services.add_comment(actor=resident, proposal=proposal, text="By the bridge.", parent=comment)
    services.make_offer(actor=neighbour, proposal=proposal, kind="time", description="Saturdays")
    services.support_proposal(actor=neighbour, proposal=proposal)
    return proposal


def test_process_and_idea_pages_are_accessible(
    page: Page, process: Process, idea: Proposal
) -> None:
    visit(page, process.get_absolute_url())
    expect(page.locator("h1")).to_have_text(process.title)
    expect(page.get_by_text("Phase now: Ideas")).to_be_visible()
    check_page(page, "budget-process")
    visit(page, f"{process.get_absolute_url()}ideas/")
    check_page(page, "budget-ideas")
    visit(page, idea.get_absolute_url())
    check_page(page, "budget-idea")


def test_resident_puts_forward_an_idea_in_the_browser(
    new_context: Callable[..., BrowserContext],
    live_server: Any,
    resident: User,
    process: Process,
    area: Area,
) -> None:
    lives_in(resident, area)
    page = signed_in_page(new_context, live_server, resident)
    visit(page, f"{process.get_absolute_url()}ideas/add/")
    check_page(page, "budget-idea-form")
    page.get_by_label("Give your idea a short title").fill("Swings for the park")
    page.get_by_label("What is your idea, and why does it matter?").fill(
        "New swings for little ones."
    )
    page.get_by_label("Roughly how much would it cost?").fill("-20")
    with page.expect_navigation():
        page.get_by_role("button", name="Put it forward").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("cannot be less than 0")
    check_page(page, "budget-idea-form-error")
    page.get_by_label("Roughly how much would it cost?").fill("3000")
    with page.expect_navigation():
        page.get_by_role("button", name="Put it forward").click()
    expect(page.locator("h1")).to_have_text("Swings for the park")
    assert Proposal.objects.filter(title="Swings for the park").count() == 1


def test_staff_review_pages_are_accessible(
    new_context: Callable[..., BrowserContext],
    live_server: Any,
    coordinator: User,
    process: Process,
    idea: Proposal,
) -> None:
    process.phase = "review"
    process.save()
    page = signed_in_page(new_context, live_server, coordinator)
    visit(page, f"{process.get_absolute_url()}review/")
    check_page(page, "budget-review-list")
    visit(page, f"{idea.get_absolute_url()}review/")
    check_page(page, "budget-review")
    page.get_by_label("No, it cannot go ahead").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Save the review").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Explain in a full sentence")
    check_page(page, "budget-review-error")
