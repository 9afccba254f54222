# ruff: noqa: F811 - the monitoring fixtures are imported by name for these tests
"""Co-monitoring in a real browser: the scheme page with its chart and map, the observation
form (and what happens to it with no connection), and the coordinator's setup pages.
Accessible, one h1, readable at 320 px, nothing loaded from outside."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from coproduce.feedback.monitoring.models import Field, Observation, Place, Scheme
from coproduce.people.models import User
from tests.browser.pagecheck import check_page
from tests.browser.test_delivery_pages import signed_in_page, visit
from tests.feedback.monitoring.conftest import (  # noqa: F401 - fixtures
    add_speed_form,
    at,
    fields,
    mill_lane,
    quay_road,
    scheme,
    stored,
    volunteer,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def with_readings(
    scheme: Scheme, fields: dict[str, Field], mill_lane: Place, quay_road: Place, resident: User
) -> Scheme:
    for month in range(1, 13):
        day = datetime.date(2025, month, 10)
        share = 40 if month <= 3 else 40 - month * 1.5
        stored(scheme, mill_lane, resident, at(day), 100, share)
        stored(scheme, quay_road, resident, at(day), 80, share * 0.8)
    return scheme


def test_scheme_page_is_accessible(page: Page, with_readings: Scheme) -> None:
    visit(page, with_readings.get_absolute_url())
    expect(page.locator("[data-headline]")).to_contain_text("vehicles over the limit: 40%")
    expect(page.locator("svg[role=img]")).to_have_count(2)
    check_page(page, "monitoring-scheme")
    visit(page, "/monitoring/")
    check_page(page, "monitoring-schemes")


def test_volunteer_records_an_observation_and_fixes_a_mistake(
    new_context: Callable[..., BrowserContext],
    live_server: Any,
    volunteer: User,
    scheme: Scheme,
    fields: dict[str, Field],
) -> None:
    page = signed_in_page(new_context, live_server, volunteer)
    visit(page, f"/monitoring/{scheme.pk}/record/")
    check_page(page, "monitoring-record")
    page.get_by_label("Where did you watch?").select_option(label="Mill Lane")
    page.get_by_label("Vehicles counted").fill("60")
    page.get_by_label("Vehicles over the limit").fill("6000")
    with page.expect_navigation():
        page.get_by_role("button", name="Send the observation").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Vehicles over the limit must be between 0 and 5000."
    )
    check_page(page, "monitoring-record-error")
    page.get_by_label("Vehicles over the limit").fill("12")
    with page.expect_navigation():
        page.get_by_role("button", name="Send the observation").click()
    expect(page.locator("h1")).to_have_text("Observation recorded")
    check_page(page, "monitoring-recorded")
    assert Observation.objects.count() == 1


def test_an_observation_made_offline_is_kept_and_sent_once(
    new_context: Callable[..., BrowserContext],
    live_server: Any,
    volunteer: User,
    scheme: Scheme,
    fields: dict[str, Field],
) -> None:
    page = signed_in_page(new_context, live_server, volunteer)
    visit(page, f"/monitoring/{scheme.pk}/record/")
    page.get_by_label("Where did you watch?").select_option(label="Quay Road")
    page.get_by_label("Vehicles counted").fill("50")
    page.get_by_label("Vehicles over the limit").fill("7")
    page.context.set_offline(True)
    page.get_by_role("button", name="Send the observation").click()
    expect(page.locator("[data-offline-status]")).to_contain_text("kept on this phone")
    kept = page.evaluate("localStorage.getItem('coproduce-monitoring-unsent')")
    assert kept and '"7"' in kept
    assert not Observation.objects.exists()
    page.context.set_offline(False)
    expect(page.locator("[data-offline-status]")).to_contain_text("has now been sent")
    assert Observation.objects.count() == 1
    # Sending again (a second tap, a second retry) records nothing new.
    page.evaluate(
        "localStorage.setItem('coproduce-monitoring-unsent', JSON.stringify(["
        + kept.strip("[]")
        + "]))"
    )
    page.reload()
    expect(page.locator("[data-offline-status]")).to_contain_text("has now been sent")
    assert Observation.objects.count() == 1
    assert Observation.objects.get().measure_top == 7.0


def test_coordinator_setup_pages_are_accessible(
    new_context: Callable[..., BrowserContext], live_server: Any, coordinator: User, scheme: Scheme
) -> None:
    add_speed_form(scheme)
    page = signed_in_page(new_context, live_server, coordinator)
    visit(page, "/monitoring/add/")
    check_page(page, "monitoring-scheme-add")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    check_page(page, "monitoring-scheme-add-error")
    visit(page, f"/monitoring/{scheme.pk}/edit/")
    check_page(page, "monitoring-scheme-edit")
    visit(page, f"/monitoring/{scheme.pk}/questions/add/")
    check_page(page, "monitoring-question-add")
    visit(page, f"/monitoring/{scheme.pk}/places/add/")
    check_page(page, "monitoring-place-add")
    visit(page, f"/monitoring/{scheme.pk}/volunteers/")
    check_page(page, "monitoring-volunteers")
    visit(page, f"/monitoring/{scheme.pk}/code-of-conduct/")
    check_page(page, "monitoring-code-of-conduct")


def test_coordinator_adds_a_route_and_sees_it_on_the_map(
    new_context: Callable[..., BrowserContext], live_server: Any, coordinator: User, scheme: Scheme
) -> None:
    page = signed_in_page(new_context, live_server, coordinator)
    visit(page, f"/monitoring/{scheme.pk}/places/add/")
    page.get_by_label("Name of the place or route").fill("High Street")
    page.get_by_label("A route, such as a street walked end to end").check()
    page.get_by_label("Points along the route").fill("51.4600, -2.5900")
    with page.expect_navigation():
        page.get_by_role("button", name="Add it").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("at least two points")
    check_page(page, "monitoring-route-add-error")
    page.get_by_label("Points along the route").fill("51.4600, -2.5900\n51.4600, -2.5800")
    with page.expect_navigation():
        page.get_by_role("button", name="Add it").click()
    expect(page.locator("svg [data-route]")).to_have_count(1)
    check_page(page, "monitoring-scheme-with-route")
