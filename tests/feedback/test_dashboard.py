"""The staff dashboard of what is due and overdue, and the trends with their downloads."""

from __future__ import annotations

import io
from typing import Any

from django.test import Client
from django.utils import timezone

from coproduce.feedback import services
from coproduce.feedback.models import Feedback, Theme
from coproduce.organisations.models import Organisation
from coproduce.people.models import User
from tests.conftest import signed_in
from tests.feedback.conftest import days_ago, make_feedback

DASHBOARD = "/feedback/staff/"
TRENDS = "/feedback/staff/trends/"


def test_the_dashboard_shows_what_is_due_for_the_service(
    housing: Organisation,
    parks: Organisation,
    officer: User,
    django_assert_max_num_queries: Any,
) -> None:
    overdue = make_feedback(housing, subject_name="Leaking roof")
    Feedback.objects.filter(pk=overdue.pk).update(next_due=days_ago(2))
    for number in range(25):
        make_feedback(housing, subject_name=f"Housing item {number}")
    hidden = make_feedback(parks, subject_name="Broken swing")
    client = signed_in(officer)
    with django_assert_max_num_queries(12):
        response = client.get(DASHBOARD)
    body = response.content.decode()
    assert response.status_code == 200
    assert overdue.reference in body and "Overdue" in body
    assert hidden.reference not in body and "Broken swing" not in body
    assert response.context["counts"].open == 26
    assert response.context["counts"].overdue == 1
    assert body.index(overdue.reference) < body.index("Housing item")
    assert response.context["page"].paginator.num_pages == 2
    only_overdue = client.get(DASHBOARD, {"overdue": "on"})
    assert list(only_overdue.context["page"].object_list) == [overdue]


def test_answered_feedback_leaves_the_dashboard(housing: Organisation, officer: User) -> None:
    feedback = make_feedback(housing)
    services.respond_to_feedback(actor=officer, feedback=feedback, response="Done.")
    response = signed_in(officer).get(DASHBOARD)
    assert response.context["counts"].open == 0


def test_a_coordinator_sees_unassigned_feedback(coordinator: User, housing: Organisation) -> None:
    waiting = make_feedback(None)
    assigned = make_feedback(housing)
    response = signed_in(coordinator).get(DASHBOARD, {"service": "unassigned"})
    items = list(response.context["page"].object_list)
    assert waiting in items and assigned not in items


def test_residents_have_no_dashboard(as_resident: Client, client: Client, db: Any) -> None:
    assert as_resident.get(DASHBOARD).status_code == 403
    assert as_resident.get(TRENDS).status_code == 403
    assert client.get(DASHBOARD).status_code == 302


def test_a_service_cannot_pick_another_service(
    housing: Organisation, parks: Organisation, officer: User
) -> None:
    make_feedback(parks)
    response = signed_in(officer).get(DASHBOARD, {"service": "riverside-parks"})
    assert response.status_code == 200
    assert "Choose a service from the list." in response.content.decode()
    assert response.context["counts"].open == 0


def _history(housing: Organisation, officer: User, theme: Theme) -> None:
    for rating, late in ((5, False), (2, True), (4, False)):
        feedback = make_feedback(housing)
        Feedback.objects.filter(pk=feedback.pk).update(theme=theme)
        if late:
            Feedback.objects.filter(pk=feedback.pk).update(respond_due=days_ago(1))
        feedback.refresh_from_db()
        services.respond_to_feedback(actor=officer, feedback=feedback, response="Answer")
        Feedback.objects.filter(pk=feedback.pk).update(rating=rating)
    make_feedback(housing)


def test_trends_count_time_and_satisfaction(
    housing: Organisation,
    officer: User,
    theme: Theme,
    django_assert_max_num_queries: Any,
) -> None:
    _history(housing, officer, theme)
    client = signed_in(officer)
    with django_assert_max_num_queries(12):
        response = client.get(TRENDS)
    body = response.content.decode()
    assert response.status_code == 200
    total = response.context["total"]
    assert (total.received, total.answered, total.in_time, total.rated) == (4, 3, 2, 3)
    assert response.context["in_time"] == "67%"
    assert response.context["satisfied"] == "67%"
    assert "<svg" in body and "Feedback by theme" in body and "Repairs" in body
    month = timezone.localdate().strftime("%B %Y")
    assert month in body


def test_trends_downloads(housing: Organisation, officer: User, theme: Theme) -> None:
    from openpyxl import load_workbook

    _history(housing, officer, theme)
    client = signed_in(officer)
    csv_response = client.get("/feedback/staff/trends.csv")
    assert csv_response["Content-Type"].startswith("text/csv")
    text = csv_response.content.decode()
    assert "Feedback by theme,Repairs,3,3" in text
    xlsx = client.get("/feedback/staff/trends.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    rows = [row for row in sheet.iter_rows(values_only=True)]
    assert rows[1][:4] == ("All feedback", "All", 4, 3)


def test_trends_only_cover_what_the_person_handles(
    housing: Organisation, parks: Organisation, officer: User, parks_officer: User
) -> None:
    make_feedback(housing)
    make_feedback(parks)
    make_feedback(parks)
    response = signed_in(parks_officer).get(TRENDS)
    assert response.context["total"].received == 2
    assert "Riverside Housing" not in response.content.decode()
