"""Staff pages for files in a real browser: importing a budget from a `.pb` file (with its
errors) and printing polling cards. Accessible, one h1, readable at 320 px, and the cards
print one to an A4 page with the site's menus left out."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import BrowserContext, Page, expect

from coproduce.budgeting.models import Phase, Process
from coproduce.budgeting.voting.models import PollingCard
from coproduce.organisations.models import Organisation
from coproduce.people.models import User
from tests.browser.pagecheck import PROJECT_DIR, check_page
from tests.browser.test_delivery_pages import visit
from tests.budgeting.test_pb_pages import RIVERSIDE
from tests.budgeting.voting.conftest import add_projects, make_process, set_voting, voter

pytestmark = pytest.mark.browser
# The first page a live server sends (templates, static files) can be slow on a busy machine.
SLOW_MACHINE_MS = 30_000
PRINTS = PROJECT_DIR / "test-artifacts" / "prints"


def staff_page(
    new_context: Callable[..., BrowserContext], live_server: Any, user: User, **options: Any
) -> Page:
    client = Client()
    client.force_login(user)
    context = new_context(**options)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    page.set_default_navigation_timeout(SLOW_MACHINE_MS)
    return page


@pytest.fixture
def card_process(council: Organisation) -> Process:
    process = make_process(council)
    add_projects(process)
    set_voting(process, identity_check="polling_card")
    starts = datetime.datetime(2027, 3, 1, 9, 0, tzinfo=datetime.UTC)
    Phase.objects.create(
        process=process, kind="voting", starts_at=starts, ends_at=starts + datetime.timedelta(28)
    )
    return process


def test_coordinator_imports_a_pb_file_in_the_browser(
    new_context: Callable[..., BrowserContext],
    live_server: Any,
    coordinator: User,
    tmp_path: Path,
) -> None:
    page = staff_page(new_context, live_server, coordinator)
    visit(page, "/budgets/")
    page.get_by_role("link", name="Import a budget from a .pb file").click()
    expect(page.locator("h1")).to_have_text("Import a budget from a .pb file")
    check_page(page, "budget-import")
    bad = tmp_path / "bad.pb"
    bad.write_text(RIVERSIDE.replace("4;1,3", "4;1,9"))
    page.get_by_label("The .pb file").set_input_files(bad)
    page.get_by_role("button", name="Import the file").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Line 19")
    check_page(page, "budget-import-error")
    assert not Process.objects.exists()
    good = tmp_path / "riverside.pb"
    good.write_text(RIVERSIDE)
    page.get_by_label("The .pb file").set_input_files(good)
    page.get_by_role("button", name="Import the file").click()
    expect(page.locator("h1")).to_have_text("Riverside 2026")
    expect(
        page.get_by_role("link", name="Download the projects and ballots (.pb file)")
    ).to_be_visible()


def test_polling_cards_print_one_to_a_page(
    new_context: Callable[..., BrowserContext],
    live_server: Any,
    coordinator: User,
    card_process: Process,
) -> None:
    for _ in range(2):
        voter()
    page = staff_page(new_context, live_server, coordinator)
    visit(page, f"/budgets/{card_process.slug}/ballots/polling-cards/")
    check_page(page, "voting-polling-cards")
    page.get_by_label("One card on each A4 page").check()
    page.get_by_role("button", name="Make cards to print").click()
    expect(page.locator("h1")).to_have_text("Polling cards to print")
    cards = PollingCard.objects.filter(process=card_process).count()
    expect(page.locator("[data-polling-card]")).to_have_count(cards)
    check_page(page, "voting-polling-cards-print")
    pdf = printed(page, "polling-cards-one-a-page")
    expect(page.locator(".cp-header")).to_be_hidden()
    expect(page.locator("h1")).to_be_hidden()
    expect(page.locator("[data-polling-card]").first).to_be_visible()
    assert pdf_pages(pdf) == cards


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def printed(page: Page, name: str) -> bytes:
    """What the browser's Print gives on A4, kept beside the screenshots for people to look at."""
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    PRINTS.mkdir(parents=True, exist_ok=True)
    (PRINTS / f"{name}.pdf").write_bytes(pdf)
    return pdf


def test_two_cards_a_page_work_without_javascript(
    new_context: Callable[..., BrowserContext],
    live_server: Any,
    coordinator: User,
    card_process: Process,
) -> None:
    for _ in range(3):
        voter()
    page = staff_page(new_context, live_server, coordinator, java_script_enabled=False)
    visit(page, f"/budgets/{card_process.slug}/ballots/polling-cards/")
    page.get_by_label("Two cards on each A4 page, to cut along the dashed line").check()
    page.get_by_role("button", name="Make cards to print").click()
    expect(page.locator("h1")).to_have_text("Polling cards to print")
    cards = PollingCard.objects.filter(process=card_process).count()
    expect(page.locator("[data-polling-card]")).to_have_count(cards)
    assert pdf_pages(printed(page, "polling-cards-two-a-page")) == (cards + 1) // 2
