"""Hours given in the API: logging, listing, confirming and rejecting, with the pages' rules."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from coproduce.delivery import services
from coproduce.delivery.models import Contribution, Opportunity
from coproduce.people.models import User
from tests.api.conftest import problem_of

pytestmark = pytest.mark.django_db

URL = "/api/v1/contributions"
YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)


def logged(person: User, opportunity: Opportunity, hours: str = "2") -> Contribution:
    return services.log_hours(
        actor=person, person=person, opportunity=opportunity, hours=hours, date=YESTERDAY
    )


def post_hours(client: Client, opportunity: Opportunity, hours: object) -> object:
    payload = {"opportunity": opportunity.pk, "date": YESTERDAY.isoformat(), "hours": hours}
    return client.post(URL, payload, content_type="application/json")


def test_a_resident_logs_hours_and_they_wait_for_an_organiser(
    as_resident: Client, resident: User, opportunity: Opportunity
) -> None:
    response = post_hours(as_resident, opportunity, 1.5)
    assert response.status_code == 201, response.content  # type: ignore[attr-defined]
    body = response.json()  # type: ignore[attr-defined]
    assert body["status"] == "logged"
    assert body["hours"] == 1.5
    assert body["opportunity"] == opportunity.pk
    saved = Contribution.objects.get()
    assert (saved.person, saved.hours) == (resident, Decimal("1.50"))


@pytest.mark.parametrize(("hours", "message"), [(-2, "more than 0"), (30, "more than 24 hours")])
def test_impossible_hours_are_a_problem_with_the_reason_and_nothing_is_saved(
    as_resident: Client, opportunity: Opportunity, hours: int, message: str
) -> None:
    body = problem_of(post_hours(as_resident, opportunity, hours), 400)
    assert message in body["detail"]
    assert not Contribution.objects.exists()


def test_logging_hours_for_an_unknown_opportunity_is_not_found(
    as_resident: Client, opportunity: Opportunity
) -> None:
    payload = {"opportunity": opportunity.pk + 1000, "date": YESTERDAY.isoformat(), "hours": 2}
    problem_of(as_resident.post(URL, payload, content_type="application/json"), 404)
    assert not Contribution.objects.exists()


def test_hours_need_a_signed_in_person(client: Client, opportunity: Opportunity) -> None:
    problem_of(post_hours(client, opportunity, 2), 401)
    problem_of(client.get(URL), 401)


def test_a_resident_lists_only_their_own_hours(
    as_resident: Client, resident: User, outsider: User, opportunity: Opportunity
) -> None:
    mine = logged(resident, opportunity)
    logged(outsider, opportunity)
    body = as_resident.get(URL).json()
    assert body["count"] == 1
    assert [item["id"] for item in body["items"]] == [mine.pk]
    assert body["items"][0]["person"] == resident.display_name


def test_an_organiser_lists_everyones_hours_for_their_opportunity(
    as_group_member: Client, resident: User, outsider: User, opportunity: Opportunity
) -> None:
    logged(resident, opportunity)
    logged(outsider, opportunity)
    body = as_group_member.get(f"{URL}?opportunity={opportunity.pk}").json()
    assert body["count"] == 2
    assert as_group_member.get(URL).json()["count"] == 0


def test_a_resident_cannot_list_hours_for_an_opportunity_they_do_not_organise(
    as_resident: Client, outsider: User, opportunity: Opportunity
) -> None:
    logged(outsider, opportunity)
    problem_of(as_resident.get(f"{URL}?opportunity={opportunity.pk}"), 403)
    problem_of(as_resident.get(f"{URL}?opportunity={opportunity.pk + 1000}"), 404)


def test_an_organiser_confirms_logged_hours(
    as_group_member: Client, resident: User, opportunity: Opportunity
) -> None:
    contribution = logged(resident, opportunity)
    response = as_group_member.post(f"{URL}/{contribution.pk}/confirm")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "confirmed"
    contribution.refresh_from_db()
    assert contribution.status == Contribution.Status.CONFIRMED
    problem_of(as_group_member.post(f"{URL}/{contribution.pk}/confirm"), 409)


def test_a_resident_cannot_confirm_someone_elses_hours(
    as_resident: Client, outsider: User, opportunity: Opportunity
) -> None:
    contribution = logged(outsider, opportunity)
    problem_of(as_resident.post(f"{URL}/{contribution.pk}/confirm"), 403)
    problem_of(
        as_resident.post(f"{URL}/{contribution.pk}/reject", {"reason": "No"}, "application/json"),
        403,
    )
    contribution.refresh_from_db()
    assert contribution.status == Contribution.Status.LOGGED


def test_an_organiser_cannot_confirm_their_own_hours(
    as_group_member: Client, group_member: User, opportunity: Opportunity
) -> None:
    contribution = logged(group_member, opportunity)
    body = problem_of(as_group_member.post(f"{URL}/{contribution.pk}/confirm"), 400)
    assert "your own hours" in body["detail"]
    contribution.refresh_from_db()
    assert contribution.status == Contribution.Status.LOGGED


def test_an_organiser_rejects_hours_with_a_reason(
    as_group_member: Client, resident: User, opportunity: Opportunity
) -> None:
    contribution = logged(resident, opportunity)
    response = as_group_member.post(
        f"{URL}/{contribution.pk}/reject", {"reason": "You were not there."}, "application/json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "rejected"
    assert response.json()["reason"] == "You were not there."


def test_rejecting_without_a_reason_is_a_problem_and_changes_nothing(
    as_group_member: Client, resident: User, opportunity: Opportunity
) -> None:
    contribution = logged(resident, opportunity)
    body = problem_of(
        as_group_member.post(
            f"{URL}/{contribution.pk}/reject", {"reason": "  "}, "application/json"
        ),
        400,
    )
    assert "Say why" in body["detail"]
    problem_of(as_group_member.post(f"{URL}/{contribution.pk}/reject", {}, "application/json"), 422)
    contribution.refresh_from_db()
    assert contribution.status == Contribution.Status.LOGGED


def test_deciding_unknown_hours_is_not_found(as_group_member: Client) -> None:
    problem_of(as_group_member.post(f"{URL}/999999/confirm"), 404)


# --- The skills escalator on the profile ----------------------------------------------------


def test_the_profile_shows_the_escalator_level_and_links_to_the_next_step(
    as_resident: Client, resident: User, group_member: User, opportunity: Opportunity
) -> None:
    page = as_resident.get("/people/me/profile/").content.decode()
    assert "Not started yet" in page
    services.confirm_contribution(actor=group_member, contribution=logged(resident, opportunity))

    page = as_resident.get("/people/me/profile/").content.decode()

    assert "Taking part" in page
    assert "Not started yet" not in page
    assert 'href="/opportunities/next-step/"' in page
