"""Feedback in a real browser: the form (with its errors), the confirmation, following it,
"you said, we did", and the staff dashboard and pages. Accessible, one h1, fine at 320 px."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from coproduce.feedback import services
from coproduce.feedback.models import Feedback, Theme
from coproduce.organisations.models import Organisation
from coproduce.people.models import User
from tests.browser.pagecheck import check_page
from tests.browser.test_delivery_pages import signed_in_page, visit
from tests.feedback.conftest import make_feedback, staff_of

pytestmark = pytest.mark.browser


@pytest.fixture
def housing(db: Any) -> Organisation:
    return Organisation.objects.create(
        name="Riverside Housing", slug="riverside-housing", kind=Organisation.Kind.PUBLIC_BODY
    )


@pytest.fixture
def manager(housing: Organisation) -> User:
    return staff_of(housing, "Mona Manager", manager=True)


@pytest.fixture
def published(housing: Organisation, manager: User) -> Feedback:
    theme = Theme.objects.create(name="Repairs", slug="repairs")
    source = make_feedback(housing, may_publish=True)
    services.publish_summary(
        actor=manager,
        feedback=source,
        draft=services.SummaryDraft(
            title="Boilers fixed faster",
            you_said="Boiler repairs took weeks.",
            we_did="Two more engineers; repairs now take three days.",
            theme=theme,
        ),
    )
    return source


def test_giving_feedback_without_an_account(page: Page, db: Any) -> None:
    # The live server's first answer loads every part of the site: on a busy machine that
    # can take longer than a page is normally given.
    page.goto("/feedback/", timeout=60_000)
    visit(page, "/feedback/")
    expect(page.locator("h1")).to_have_text("Give feedback")
    check_page(page, "feedback-form")
    page.get_by_role("button", name="Send feedback").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Choose complaint, compliment or suggestion."
    )
    check_page(page, "feedback-form-errors")
    page.get_by_label("Complaint").check()
    page.get_by_label("A place").check()
    page.get_by_label("Name of the service, project or place").fill("Fenwick Green park")
    page.get_by_label("What happened?").fill("The path floods after rain.")
    page.get_by_label("Email address").fill("ali@example.org")
    page.get_by_role("button", name="Send feedback").click()
    expect(page.locator("h1")).to_have_text("Feedback sent")
    check_page(page, "feedback-sent")
    feedback = Feedback.objects.get()
    expect(page.locator("[data-reference]")).to_have_text(feedback.reference)


def test_following_feedback(page: Page, housing: Organisation, manager: User) -> None:
    feedback = make_feedback(housing)
    services.respond_to_feedback(actor=manager, feedback=feedback, response="Fixed today.")
    visit(page, "/feedback/follow/")
    check_page(page, "feedback-follow")
    page.get_by_label("Reference").fill(feedback.reference)
    page.get_by_label("Email address you gave").fill("sam@example.org")
    page.get_by_role("button", name="Find my feedback").click()
    expect(page.locator("[data-answer]")).to_contain_text("Fixed today.")
    check_page(page, "feedback-follow-detail")


def test_you_said_we_did(page: Page, published: Feedback) -> None:
    visit(page, "/feedback/you-said-we-did/")
    expect(page.locator("h1")).to_have_text("You said, we did")
    expect(page.locator("[data-raised-by]")).to_have_text("Raised by 1 person")
    check_page(page, "you-said-we-did")
    page.get_by_role("link", name="Boilers fixed faster").click()
    check_page(page, "you-said-we-did-detail")


def test_staff_dashboard_and_feedback_page(
    new_context: Callable[..., BrowserContext],
    live_server: Any,
    housing: Organisation,
    manager: User,
    published: Feedback,
) -> None:
    make_feedback(housing, subject_name="Leaking roof")
    page = signed_in_page(new_context, live_server, manager)
    visit(page, "/feedback/staff/")
    expect(page.locator("h1")).to_have_text("Feedback to deal with")
    check_page(page, "feedback-dashboard")
    visit(page, f"/feedback/staff/{published.reference}/")
    check_page(page, "feedback-staff-detail")
    visit(page, "/feedback/staff/trends/")
    check_page(page, "feedback-trends")
