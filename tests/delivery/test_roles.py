"""What a person did (took part, led, trained others), set where organisers mark the register
or confirm hours, and on the API; it lifts people to the top steps of the skills escalator."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from coproduce.api.services import create_token
from coproduce.common.errors import ServiceError
from coproduce.delivery import services
from coproduce.delivery.models import Contribution, Opportunity, Shift, SignUp
from coproduce.organisations.models import Organisation
from coproduce.people.models import User
from tests.delivery.conftest import make_opportunity, make_shift
from tests.delivery.factories import escalator_levels, low_thresholds

pytestmark = pytest.mark.django_db


def next_step(client: Client) -> str:
    response = client.get("/opportunities/next-step/")
    assert response.status_code == 200
    return response.content.decode()


def current_level(page: str) -> str:
    """The level named on the "Your next step" page (what comes before "Next:")."""
    return page.split("Next:", 1)[0] if "Next:" in page else page


def test_a_person_reaches_leading_and_then_training_through_the_pages(
    as_group_member: Client,
    as_resident: Client,
    resident: User,
    vcs_group: Organisation,
    past_shift: Shift,
) -> None:
    escalator_levels(low_thresholds())
    SignUp.objects.create(shift=past_shift, person=resident, status="confirmed")
    register = f"/opportunities/shifts/{past_shift.pk}/register/"
    page = as_group_member.get(register).content.decode()
    assert f'name="role-{resident.pk}"' in page and "Led the activity" in page

    as_group_member.post(register, {"attended": [str(resident.pk)], f"role-{resident.pk}": "led"})
    marked = Contribution.objects.get()
    assert marked.role == Contribution.Role.LED
    assert "Leading an activity" in current_level(next_step(as_resident))
    assert "Led the activity" in as_resident.get("/opportunities/hours/").content.decode()
    assert "Next: Training or mentoring others" in next_step(as_resident)

    # Logged hours, confirmed by the organiser as time spent training others.
    mentoring = make_opportunity(vcs_group, title="Mentor new packers")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    as_resident.post(
        "/opportunities/hours/log/",
        {"opportunity": mentoring.pk, "date": yesterday.isoformat(), "hours": "2"},
    )
    logged = Contribution.objects.get(opportunity=mentoring)
    decide = as_group_member.get(f"/opportunities/hours/{logged.pk}/").content.decode()
    assert "Trained or mentored others" in decide
    response = as_group_member.post(
        f"/opportunities/hours/{logged.pk}/", {"decision": "confirm", "role": "trained"}
    )
    assert response.status_code == 302
    logged.refresh_from_db()
    assert (logged.status, logged.role) == ("confirmed", "trained")
    page = next_step(as_resident)
    assert "Training or mentoring others" in page and "Next:" not in page


def test_confirming_without_a_role_means_took_part(
    as_group_member: Client, resident: User, opportunity: Opportunity
) -> None:
    logged = Contribution.objects.create(
        person=resident,
        opportunity=opportunity,
        date=timezone.localdate(),
        hours=2,
        source="logged",
    )
    as_group_member.post(f"/opportunities/hours/{logged.pk}/", {"decision": "confirm"})
    logged.refresh_from_db()
    assert (logged.status, logged.role) == ("confirmed", "took_part")


def test_an_unknown_role_on_the_register_changes_nothing(
    as_group_member: Client, resident: User, past_shift: Shift
) -> None:
    SignUp.objects.create(shift=past_shift, person=resident, status="confirmed")
    response = as_group_member.post(
        f"/opportunities/shifts/{past_shift.pk}/register/",
        {"attended": [str(resident.pk)], f"role-{resident.pk}": "boss"},
    )
    assert response.status_code == 200
    assert "Choose what the person did" in response.content.decode()
    assert not Contribution.objects.exists()


def test_an_unknown_role_when_confirming_changes_nothing(
    as_group_member: Client, group_member: User, resident: User, opportunity: Opportunity
) -> None:
    logged = Contribution.objects.create(
        person=resident,
        opportunity=opportunity,
        date=timezone.localdate(),
        hours=2,
        source="logged",
    )
    with pytest.raises(ServiceError, match="Choose what the person did"):
        services.confirm_contribution(actor=group_member, contribution=logged, role="boss")
    response = as_group_member.post(
        f"/opportunities/hours/{logged.pk}/", {"decision": "confirm", "role": "boss"}
    )
    assert response.status_code == 200
    logged.refresh_from_db()
    assert (logged.status, logged.role) == ("logged", "took_part")


def api_client(person: User) -> Client:
    _token, secret = create_token(actor=person, name="Script", expires_in_days=30)
    return Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {secret}")


def test_the_api_confirms_hours_with_a_role(
    group_member: User, resident: User, opportunity: Opportunity
) -> None:
    logged = Contribution.objects.create(
        person=resident,
        opportunity=opportunity,
        date=timezone.localdate(),
        hours=2,
        source="logged",
    )
    script = api_client(group_member)
    bad = script.post(f"/api/v1/contributions/{logged.pk}/confirm?role=boss")
    assert bad.status_code == 422 and bad["Content-Type"] == "application/problem+json"
    logged.refresh_from_db()
    assert logged.status == Contribution.Status.LOGGED
    response = script.post(f"/api/v1/contributions/{logged.pk}/confirm?role=trained")
    assert response.status_code == 200, response.content
    assert response.json()["role"] == "trained"
    logged.refresh_from_db()
    assert logged.role == Contribution.Role.TRAINED


def test_the_api_marks_attendance_with_roles(
    group_member: User, resident: User, outsider: User, past_shift: Shift
) -> None:
    for person in (resident, outsider):
        SignUp.objects.create(shift=past_shift, person=person, status="confirmed")
    body = {"attended": [{"person": resident.pk, "role": "led"}, {"person": outsider.pk}]}
    url = f"/api/v1/shifts/{past_shift.pk}/attendance"
    response = api_client(group_member).post(url, json.dumps(body), content_type="application/json")
    assert response.status_code == 200, response.content
    roles = {row["person"]: row["role"] for row in response.json()}
    assert roles == {"Rita Resident": "led", "Oscar Outsider": "took_part"}


@pytest.mark.parametrize(
    ("who", "status"), [("resident", 403), ("outsider", 403), ("group_member", 422)]
)
def test_the_api_refuses_attendance_to_others_and_bad_roles(
    who: str, status: int, resident: User, past_shift: Shift, request: Any
) -> None:
    SignUp.objects.create(shift=past_shift, person=resident, status="confirmed")
    role = "boss" if who == "group_member" else "led"
    body = {"attended": [{"person": resident.pk, "role": role}]}
    response = api_client(request.getfixturevalue(who)).post(
        f"/api/v1/shifts/{past_shift.pk}/attendance",
        json.dumps(body),
        content_type="application/json",
    )
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    assert not Contribution.objects.exists()


def test_attendance_roles_for_a_new_shift_start_as_took_part(
    group_member: User, resident: User, opportunity: Opportunity
) -> None:
    shift = make_shift(opportunity, starts_in=-datetime.timedelta(hours=5))
    SignUp.objects.create(shift=shift, person=resident, status="confirmed")
    made = services.mark_attendance(
        actor=group_member, shift=shift, attended_person_ids=[resident.pk], roles={}
    )
    assert [c.role for c in made] == [Contribution.Role.TOOK_PART]
