"""The pages anyone can open, in a real browser: accessible, readable at 320 px, in any language."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests import factories
from tests.browser.pagecheck import (
    assert_only_documented_cookies,
    check_page,
    guard_for,
    heading_alignment,
    screenshot,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def some_places(db: Any) -> None:
    for number in range(3):
        area = factories.AreaFactory(name=f"Riverside Ward {number}", slug=f"ward-{number}")
        group = factories.OrganisationFactory(
            name=f"Riverside Group {number}", slug=f"group-{number}"
        )
        group.areas.add(area)


@pytest.mark.parametrize(
    ("name", "path", "heading"),
    [
        ("home", "/", "Make local services better, together"),
        ("accessibility", "/accessibility/", "Accessibility statement"),
        ("privacy", "/privacy/", "Privacy notice"),
        ("cookies", "/cookies/", "Cookies"),
        ("organisations", "/organisations/", None),
        ("areas", "/areas/", None),
        ("sign-in", "/accounts/login/", None),
        ("create-account", "/accounts/signup/", None),
    ],
)
def test_public_page_is_accessible_at_every_width(
    page: Page, some_places: None, name: str, path: str, heading: str | None
) -> None:
    response = page.goto(path)
    assert response is not None and response.status == 200
    if heading:
        expect(page.locator("h1")).to_have_text(heading)
    check_page(page, name)


def choose_language(page: Page, code: str) -> None:
    """Press the language switcher's button and wait for the page in that language."""
    with page.expect_navigation():
        page.locator(f"button[name=language][value={code}]").click()


def test_missing_page_says_what_to_do_next(page: Page) -> None:
    response = page.goto("/no-such-page/")
    assert response is not None and response.status == 404
    expect(page.locator("h1")).to_have_text("Page not found")
    expect(page.get_by_role("link", name="home page")).to_be_visible()
    check_page(page, "404")


def test_footer_leads_to_the_legal_pages(page: Page) -> None:
    page.goto("/")
    footer = page.get_by_role("contentinfo")
    for link, heading in [
        ("Accessibility statement", "Accessibility statement"),
        ("Privacy notice", "Privacy notice"),
        ("Cookies", "Cookies"),
    ]:
        footer.get_by_role("link", name=link).click()
        expect(page.locator("h1")).to_have_text(heading)
        page.go_back()


def test_home_page_works_without_javascript(page_without_js: Page, page: Page) -> None:
    page.goto("/")
    with_javascript = page.get_by_role("main").inner_text()
    page = page_without_js
    page.goto("/")
    assert page.get_by_role("main").inner_text() == with_javascript
    assert page.evaluate("() => document.body.classList.contains('js-enabled')") is False
    expect(page.locator("h1")).to_have_text("Make local services better, together")
    expect(page.get_by_role("link", name="Create an account").first).to_be_visible()
    expect(page.get_by_role("link", name="Organisations taking part")).to_be_visible()
    expect(page.get_by_role("heading", name="What you can do here")).to_be_visible()
    check_page(page, "home-no-js")

    choose_language(page, "cy")
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    check_page(page, "home-no-js-cy")


def test_privacy_notice_leads_to_the_pages_for_your_rights(page: Page) -> None:
    page.goto("/privacy/")
    main = page.get_by_role("main")
    expect(main.get_by_role("link", name="get a copy of your information")).to_have_attribute(
        "href", "/people/me/download/"
    )
    expect(main.get_by_role("link", name="erase your account")).to_have_attribute(
        "href", "/people/me/erase/"
    )
    expect(main).to_contain_text("Office (ICO)")
    expect(main).to_contain_text("special category data")


def test_switching_to_arabic_lays_the_page_out_right_to_left(page: Page) -> None:
    page.goto("/")
    english = heading_alignment(page)
    assert english["from_left"] < 2, f"the English heading does not start on the left: {english}"

    choose_language(page, "ar")
    html = page.locator("html")
    expect(html).to_have_attribute("dir", "rtl")
    expect(html).to_have_attribute("lang", "ar")
    arabic = heading_alignment(page)
    assert arabic["from_right"] < 2, f"the Arabic heading does not end on the right: {arabic}"
    assert arabic["from_left"] > english["from_left"]
    screenshot(page, "home-ar-1280")
    check_page(page, "home-ar")

    # The choice sticks as the person moves around the site.
    with page.expect_navigation():
        page.locator("footer a[href='/accessibility/']").click()
    expect(html).to_have_attribute("dir", "rtl")
    check_page(page, "accessibility-ar")
    assert_only_documented_cookies(page)


def test_switching_to_welsh_marks_the_page_as_welsh(page: Page) -> None:
    page.goto("/privacy/")
    choose_language(page, "cy")
    expect(page).to_have_url(re.compile(r"/privacy/$"))
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "cy")
    expect(html).to_have_attribute("dir", "ltr")
    check_page(page, "privacy-cy")


def test_pages_load_nothing_from_outside_the_site(
    new_context: Callable[..., BrowserContext],
) -> None:
    page = new_context().new_page()
    page.goto("/")
    page.evaluate("() => fetch('https://example.org/tracker.gif').catch(() => null)")
    guard = guard_for(page)
    assert guard.blocked == ["https://example.org/tracker.gif"]
    guard.blocked.clear()  # seen and stopped: this test made it happen on purpose
