"""The error pages say what happened and what to do next, and pass every page check."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.pagecheck import check_page

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def failing_pages(settings: Any) -> None:
    settings.ROOT_URLCONF = "tests.browser.failing_urls"


@pytest.mark.parametrize(
    ("path", "status", "heading", "advice"),
    [
        ("/failing/400/", 400, "Sorry, we could not understand that request", "try again"),
        ("/failing/403/", 403, "You cannot see this page", "You need to sign in"),
        ("/no-such-page/", 404, "Page not found", "check it is correct"),
        ("/failing/500/", 500, "Sorry, there is a problem with the service", "Try again later"),
    ],
)
def test_error_page_says_what_happened_and_what_to_do(
    page: Page, path: str, status: int, heading: str, advice: str
) -> None:
    response = page.goto(path)
    assert response is not None and response.status == status
    expect(page.locator("h1")).to_have_text(heading)
    expect(page.get_by_role("main")).to_contain_text(advice)
    expect(page.get_by_role("main").get_by_role("link", name="home page")).to_be_visible()
    check_page(page, f"error-{status}")


def test_server_error_page_needs_nothing_but_itself(page: Page) -> None:
    response = page.goto("/failing/500-alone/")
    assert response is not None and response.status == 500
    expect(page.locator("h1")).to_have_text("Sorry, there is a problem with the service")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    check_page(page, "error-500-alone")
