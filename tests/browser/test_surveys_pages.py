"""Surveys in a real browser: the builder, answering without JavaScript, and the results.
Accessible, one h1, readable at 320 px."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from coproduce.organisations.models import Organisation
from coproduce.people.models import User
from coproduce.surveys import services
from coproduce.surveys.models import Survey
from tests import factories
from tests.browser.pagecheck import check_page
from tests.browser.test_delivery_pages import signed_in_page, visit
from tests.surveys.conftest import build_library_survey, full_answers

pytestmark = pytest.mark.browser


@pytest.fixture
def survey(professional: User, council: Organisation) -> Survey:
    made = build_library_survey(professional, council, results_public=True)
    return services.set_status(actor=professional, survey=made, status="open")


def test_the_builder_and_its_forms_are_accessible(
    new_context: Callable[..., BrowserContext], live_server: Any, professional: User, council: Any
) -> None:
    draft = build_library_survey(professional, council, slug="draft")
    page = signed_in_page(new_context, live_server, professional)
    # The first page a cold test server sends can be slow on a busy machine.
    page.goto("/surveys/manage/", timeout=60_000)
    check_page(page, "surveys-manage")
    visit(page, f"/surveys/{draft.slug}/build/")
    check_page(page, "survey-build")
    visit(page, f"/surveys/{draft.slug}/preview/")
    check_page(page, "survey-preview")
    section = draft.sections.first()
    assert section is not None
    visit(page, f"/surveys/{draft.slug}/sections/{section.pk}/questions/add/")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    check_page(page, "survey-question-add-error")
    visit(page, "/surveys/new/")
    check_page(page, "survey-new")


def test_a_resident_answers_in_a_browser_without_javascript(
    new_context: Callable[..., BrowserContext], live_server: Any, resident: User, survey: Survey
) -> None:
    page = signed_in_page(new_context, live_server, resident)
    page.context.set_extra_http_headers({})
    visit(page, f"/surveys/{survey.slug}/")
    check_page(page, "survey-detail")
    with page.expect_navigation():
        page.get_by_role("button", name="Start").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("Answer this question: it is needed.").first).to_be_visible()
    check_page(page, "survey-answer-error")
    page.get_by_label("Yes").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()
    check_page(page, "survey-answer-scale")
    page.get_by_label("8", exact=True).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()
    check_page(page, "survey-answer-ranking")
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()
    check_page(page, "survey-check")
    with page.expect_navigation():
        page.get_by_role("button", name="Send answers").click()
    expect(page.locator("h1")).to_have_text("Answers sent")


def test_results_and_the_printable_form_are_accessible(
    page: Page, survey: Survey, professional: User, new_context: Any, live_server: Any
) -> None:
    for _number in range(11):
        services.answer_survey(
            actor=factories.UserFactory.create(), survey=survey, answers=full_answers(survey)
        )
    visit(page, f"/surveys/{survey.slug}/results/")
    check_page(page, "survey-results")
    visit(page, f"/surveys/{survey.slug}/results/?by=area")
    check_page(page, "survey-results-by-area")
    visit(page, f"/surveys/{survey.slug}/print/")
    check_page(page, "survey-print")
    staff = signed_in_page(new_context, live_server, professional)
    visit(staff, f"/surveys/{survey.slug}/free-text/")
    check_page(staff, "survey-free-text")
    visit(staff, f"/surveys/{survey.slug}/paper/")
    check_page(staff, "survey-paper")
