"""Opportunities, shifts and sign-ups in the API: same rules as the pages, errors as problems."""

from __future__ import annotations

import pytest
from django.test import Client

from coproduce.api.services import create_token
from coproduce.delivery.models import Opportunity, Shift, SignUp
from coproduce.people.models import User
from tests.api.conftest import bearer, problem_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def script(resident: User) -> Client:
    """A script with the resident's token: no session, no CSRF cookie."""
    _token, secret = create_token(actor=resident, name="My script", expires_in_days=30)
    return Client(enforce_csrf_checks=True, **bearer(secret))


def test_list_finds_published_opportunities_with_their_next_shift(
    client: Client, shift: Shift
) -> None:
    hidden = Opportunity.objects.create(
        organisation=shift.opportunity.organisation, title="Hidden", description="x"
    )
    body = client.get("/api/v1/opportunities?search=parcels").json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["title"] == "Pack food parcels"
    assert item["next_shift"] is not None
    assert item["area"]["slug"] == "riverside-north"
    assert client.get("/api/v1/opportunities?search=hidden").json()["count"] == 0
    problem_of(client.get(f"/api/v1/opportunities/{hidden.pk}"), 404)


def test_unknown_area_filter_is_a_problem(client: Client) -> None:
    problem_of(client.get("/api/v1/opportunities?area=nowhere"), 404)
    problem_of(client.get("/api/v1/opportunities?page=0"), 400)


def test_one_opportunity_shows_its_shifts_and_places(client: Client, shift: Shift) -> None:
    body = client.get(f"/api/v1/opportunities/{shift.opportunity_id}").json()
    assert [s["id"] for s in body["shifts"]] == [shift.pk]
    assert body["shifts"][0]["capacity"] == 5
    assert body["shifts"][0]["confirmed"] == 0


def test_script_signs_up_and_a_second_time_is_a_conflict(script: Client, shift: Shift) -> None:
    response = script.post(f"/api/v1/shifts/{shift.pk}/sign-ups", content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "confirmed"
    again = script.post(f"/api/v1/shifts/{shift.pk}/sign-ups", content_type="application/json")
    assert "already signed up" in problem_of(again, 409)["detail"]
    assert SignUp.objects.count() == 1


def test_signing_up_needs_a_person(client: Client, shift: Shift) -> None:
    problem_of(client.post(f"/api/v1/shifts/{shift.pk}/sign-ups"), 401)
    assert not SignUp.objects.exists()


def test_resident_cannot_sign_up_someone_else_by_api(
    script: Client, shift: Shift, outsider: User
) -> None:
    response = script.post(
        f"/api/v1/shifts/{shift.pk}/sign-ups",
        {"person": outsider.pk},
        content_type="application/json",
    )
    problem_of(response, 403)
    assert not SignUp.objects.exists()


def test_unknown_shift_is_not_found(script: Client) -> None:
    response = script.post("/api/v1/shifts/999999/sign-ups", content_type="application/json")
    problem_of(response, 404)
