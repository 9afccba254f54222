"""Voting in a real browser: the ballot, keying a paper ballot and the results page.
Accessible, one h1, readable at 320 px."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from coproduce.budgeting.models import Process, Proposal
from coproduce.budgeting.voting import services
from coproduce.organisations.models import Organisation
from coproduce.people.models import User
from tests.browser.pagecheck import check_page
from tests.browser.test_delivery_pages import signed_in_page, visit
from tests.budgeting.voting.conftest import add_projects, make_process, voter

pytestmark = pytest.mark.browser
# The first page a live server sends (templates, static files) can be slow on a busy machine.
SLOW_MACHINE_MS = 30_000


@pytest.fixture
def process(council: Organisation) -> Process:
    return make_process(council)


@pytest.fixture
def projects(process: Process) -> list[Proposal]:
    return add_projects(process)


def test_resident_votes_in_the_browser(
    new_context: Callable[..., BrowserContext],
    live_server: Any,
    resident: User,
    process: Process,
    projects: list[Proposal],
) -> None:
    page = signed_in_page(new_context, live_server, resident)
    page.set_default_navigation_timeout(SLOW_MACHINE_MS)
    visit(page, f"{live_server.url}/budgets/{process.slug}/vote/")
    expect(page.locator("h1")).to_have_text("Your vote")
    check_page(page, "voting-ballot")
    for proposal in projects:
        page.get_by_label(proposal.title, exact=False).check()
    page.get_by_role("button", name="Cast my vote").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("more than the budget")
    check_page(page, "voting-ballot-error")
    page.get_by_label("Murals", exact=False).uncheck()
    page.get_by_label("Youth club trips", exact=False).uncheck()
    page.get_by_role("button", name="Cast my vote").click()
    expect(page.locator("[data-current-ballot]")).to_be_visible()


def test_paper_keying_page_is_accessible(
    new_context: Callable[..., BrowserContext],
    live_server: Any,
    coordinator: User,
    professional: User,
    resident: User,
    process: Process,
    projects: list[Proposal],
) -> None:
    services.key_paper_ballot(
        actor=professional,
        process=process,
        paper_number="7",
        voter_reference=resident.email,
        choices={projects[0].pk: 1},
    )
    page = signed_in_page(new_context, live_server, coordinator)
    page.set_default_navigation_timeout(SLOW_MACHINE_MS)
    visit(page, f"{live_server.url}/budgets/{process.slug}/ballots/paper/")
    check_page(page, "voting-paper")
    page.get_by_label("Paper number").fill("7")
    page.get_by_label("Polling-card code or email address").fill(resident.email)
    page.get_by_label(projects[1].title, exact=False).check()
    page.get_by_role("button", name="Save this keying").click()
    expect(page.locator("[data-mismatch]")).to_have_count(1)
    check_page(page, "voting-paper-mismatch")


def test_results_page_is_accessible(
    page: Page, coordinator: User, process: Process, projects: list[Proposal], live_server: Any
) -> None:
    for n in range(12):
        person = voter()
        wanted = projects[:2] if n % 2 else projects[2:]
        services.cast_ballot(
            actor=person, voter=person, process=process, choices={p.pk: 1 for p in wanted}
        )
    Process.objects.filter(pk=process.pk).update(phase="results")
    process.refresh_from_db()
    services.publish_results(actor=coordinator, process=process)
    page.set_default_navigation_timeout(SLOW_MACHINE_MS)
    visit(page, f"{live_server.url}/budgets/{process.slug}/results/")
    expect(page.locator("h1")).to_have_text("Results of the vote")
    check_page(page, "voting-results")
