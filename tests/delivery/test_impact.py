"""The impact of co-delivery: the numbers from the records, the staff page, downloads, API."""

from __future__ import annotations

import datetime
import io
import json
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from coproduce.credits import services as credits
from coproduce.delivery import impact, reports, services
from coproduce.delivery.models import Opportunity
from coproduce.people.models import Profile, User
from coproduce.places.models import Area
from tests import factories
from tests.delivery.conftest import make_opportunity

MARCH = datetime.date(2026, 3, 10)
APRIL = datetime.date(2026, 4, 14)
URL = reverse("delivery:impact")


def give(
    person: User, opportunity: Opportunity, hours: str, day: datetime.date, organiser: User
) -> Any:
    logged = services.log_hours(
        actor=person, person=person, opportunity=opportunity, hours=hours, date=day
    )
    return services.confirm_contribution(actor=organiser, contribution=logged)


def born(person: User, day: datetime.date) -> None:
    Profile.objects.update_or_create(person=person, defaults={"date_of_birth": day})


@pytest.fixture
def records(
    resident: User,
    outsider: User,
    group_member: User,
    coordinator: User,
    administrator: User,
    opportunity: Opportunity,
) -> dict[str, Any]:
    """Rita gives 3 h in March and 2 h in April, Oscar 1.5 h in April, and Mo's 4 h in April
    are reversed by a correction. Rita spends 1 credit at the leisure centre."""
    born(resident, datetime.date(1990, 6, 1))
    born(outsider, datetime.date(2000, 1, 1))
    mo = factories.UserFactory(display_name="Mo Mistake")
    give(resident, opportunity, "3", MARCH, group_member)
    give(resident, opportunity, "2", APRIL, group_member)
    give(outsider, opportunity, "1.5", APRIL, group_member)
    wrong = give(mo, opportunity, "4", APRIL, group_member)
    services.correct_contribution(actor=coordinator, contribution=wrong, reason="Entered twice")
    partner = factories.OrganisationFactory(name="Riverside Leisure Centre", slug="leisure")
    credits.post_transaction(
        actor=administrator,
        entries=[
            (credits.account_for_person(resident), -4),
            (credits.account_for_organisation(partner), 4),
        ],
        reason="spent_at_partner",
        idempotency_key="test-spend-1",
    )
    return {"mo": mo, "partner": partner}


def test_headline_is_reproduced_exactly_from_the_records(records: dict[str, Any]) -> None:
    report = reports.impact_of(reports.Scope())
    assert report.totals.people == 2
    assert report.totals.hours == Decimal("6.5")
    assert f"{report.totals.people} people have given {report.hours_text} hours" == (
        "2 people have given 6.5 hours"
    )


def test_credits_earned_less_reversals_and_spent_by_partner(records: dict[str, Any]) -> None:
    report = reports.impact_of(reports.Scope())
    assert report.credits_earned == 26  # 6.5 credits in quarters; Mo's 4 were taken back
    assert report.spent_by_partner == [("Riverside Leisure Centre", 4)]
    assert report.credits_spent == 4


def test_by_month_age_and_area(records: dict[str, Any], area: Area) -> None:
    totals = reports.impact_of(reports.Scope()).totals
    assert totals.by_month == [
        impact.Line("2026-03", 1, Decimal(3)),
        impact.Line("2026-04", 2, Decimal("3.5")),
    ]
    assert totals.by_age == [
        impact.Line("25 to 34", 1, Decimal("1.5")),
        impact.Line("35 to 49", 1, Decimal(5)),
    ]
    assert totals.by_area == [impact.Line(area.name, 2, Decimal("6.5"))]


def test_a_period_counts_new_and_returning_people(records: dict[str, Any]) -> None:
    totals = reports.impact_of(reports.Scope(start=datetime.date(2026, 4, 1))).totals
    assert (totals.people, totals.new_people, totals.returning_people) == (2, 1, 1)
    assert totals.hours == Decimal("3.5")


def test_scope_by_organisation_and_opportunity(
    records: dict[str, Any], resident: User, group_member: User, coordinator: User
) -> None:
    other = factories.OrganisationFactory(name="Allotment Society", slug="allotments")
    digging = make_opportunity(other, title="Digging")
    factories.MembershipFactory(person=coordinator, organisation=other, role="manager")
    give(resident, digging, "1", APRIL, coordinator)
    assert reports.impact_of(reports.Scope(organisation=other)).totals.hours == Decimal(1)
    assert reports.impact_of(reports.Scope(opportunity=digging)).totals.people == 1
    assert reports.impact_of(reports.Scope()).totals.hours == Decimal("7.5")


def test_impact_page_shows_headline_charts_and_tables(
    records: dict[str, Any], as_coordinator: Client, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(25):
        response = as_coordinator.get(URL)
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("<h1") == 1
    assert "2 people have given 6.5 hours" in page
    assert page.count('role="img"') == 3
    assert "<title" in page
    assert "govuk-table" in page
    assert "Riverside Leisure Centre" in page
    assert "35 to 49" in page
    assert "April 2026" in page


def test_impact_page_is_for_staff_only(as_resident: Client) -> None:
    assert as_resident.get(URL).status_code == 403


def test_a_manager_sees_only_their_own_organisation(
    records: dict[str, Any], as_group_member: Client, resident: User, coordinator: User
) -> None:
    other = factories.OrganisationFactory(name="Allotment Society", slug="allotments")
    factories.MembershipFactory(person=coordinator, organisation=other, role="manager")
    give(resident, make_opportunity(other, title="Digging"), "1", APRIL, coordinator)
    response = as_group_member.get(URL)
    assert "2 people have given 6.5 hours" in response.content.decode()
    response = as_group_member.get(URL, {"organisation": "allotments"})
    assert "2 people have given 6.5 hours" in response.content.decode()


def test_an_end_before_the_start_is_a_clear_message(as_coordinator: Client) -> None:
    response = as_coordinator.get(URL, {"start": "2026-05-01", "end": "2026-04-01"})
    assert response.status_code == 200
    assert "The end date must be on or after the start date." in response.content.decode()


def test_an_unknown_opportunity_number_is_a_clear_message(as_coordinator: Client) -> None:
    response = as_coordinator.get(URL, {"opportunity": "99999"})
    assert response.status_code == 200
    assert "There is no opportunity with that number." in response.content.decode()


def test_csv_download_has_the_headline(records: dict[str, Any], as_coordinator: Client) -> None:
    response = as_coordinator.get(reverse("delivery:impact-csv"))
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode()
    assert "2 people have given 6.5 hours" in text
    assert "Riverside Leisure Centre" in text


def test_xlsx_download_has_the_numbers_in_cells(
    records: dict[str, Any], as_coordinator: Client
) -> None:
    response = as_coordinator.get(reverse("delivery:impact-xlsx"), {"start": "2026-04-01"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Section", "What", "People", "Hours or credits")
    assert rows[1] == ("Headline", "2 people have given 3.5 hours", 2, 3.5)
    assert ("People", "New", 1, None) in rows
    assert ("Credits", "Earned", None, 3.5) in rows


def test_downloads_are_for_staff_only(as_resident: Client) -> None:
    assert as_resident.get(reverse("delivery:impact-csv")).status_code == 403
    assert as_resident.get(reverse("delivery:impact-xlsx")).status_code == 403


def test_api_gives_the_same_numbers(records: dict[str, Any], as_coordinator: Client) -> None:
    response = as_coordinator.get("/api/v1/reports/impact")
    assert response.status_code == 200
    body = json.loads(response.content)
    assert body["headline"] == "2 people have given 6.5 hours"
    assert body["hours"] == 6.5
    assert body["credits_earned"] == 6.5
    assert body["spent_by_partner"] == [{"partner": "Riverside Leisure Centre", "credits": 1.0}]


def test_api_refuses_residents_and_unknown_areas(
    as_resident: Client, as_coordinator: Client
) -> None:
    assert as_resident.get("/api/v1/reports/impact").status_code == 403
    assert as_coordinator.get("/api/v1/reports/impact?area=nowhere").status_code == 404
    bad = as_coordinator.get("/api/v1/reports/impact?start=2026-05-01&end=2026-04-01")
    assert bad.status_code == 400


def test_age_bands_and_hours_as_written() -> None:
    day = datetime.date(2026, 6, 1)
    assert impact.age_band(datetime.date(2008, 6, 2), day) == "Under 18"
    assert impact.age_band(datetime.date(2008, 6, 1), day) == "18 to 24"
    assert impact.age_band(None, day) == impact.NOT_KNOWN
    assert impact.format_hours(Decimal("12.00")) == "12"
    assert impact.format_hours(Decimal("0.25")) == "0.25"
    assert impact.format_hours(Decimal("2.50")) == "2.5"


def test_bar_chart_scales_to_the_largest_value() -> None:
    chart = impact.bar_chart([("a", Decimal(2)), ("b", Decimal(4)), ("c", Decimal(0))])
    assert [bar.width for bar in chart.bars] == [impact.BAR_AREA // 2, impact.BAR_AREA, 0]
    assert impact.bar_chart([]).bars == []


def test_a_name_that_looks_like_a_formula_is_kept_as_text(
    as_coordinator: Client, resident: User, coordinator: User
) -> None:
    other = factories.OrganisationFactory(name="=HYPERLINK(1)", slug="formula")
    factories.MembershipFactory(person=coordinator, organisation=other, role="manager")
    area = factories.AreaFactory(name="=SUM(A1)", slug="formula-area")
    give(resident, make_opportunity(other, title="Digging", area=area), "1", APRIL, coordinator)
    response = as_coordinator.get(reverse("delivery:impact-xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    assert ("By area", "'=SUM(A1)", 1, 1) in list(sheet.iter_rows(values_only=True))
    text = as_coordinator.get(reverse("delivery:impact-csv")).content.decode()
    assert "'=SUM(A1)" in text
