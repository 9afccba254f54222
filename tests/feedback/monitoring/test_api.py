"""Schemes and observations in the API: open reads, keyed writes, problems for bad input."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from coproduce.feedback.monitoring.models import Field, Observation, Place, Scheme
from coproduce.people.models import User
from tests.feedback.monitoring.conftest import at, new_key, stored

pytestmark = pytest.mark.django_db

BASE = "/api/v1/monitoring/schemes"


@pytest.fixture
def script(resident: User) -> Client:
    """A client like a script: no session, no CSRF cookie, only the resident's token."""
    from coproduce.api.services import create_token

    _token, secret = create_token(actor=resident, name="Speed watch app", expires_in_days=30)
    return Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {secret}")


def problem_of(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    problem: dict[str, Any] = json.loads(response.content)
    assert problem["status"] == status and problem["detail"]
    return problem


def body(place: Place, fields: dict[str, Field], **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "key": new_key(),
        "place": place.pk,
        "observed_at": (timezone.now() - datetime.timedelta(hours=1)).isoformat(),
        "answers": {str(fields["counted"].pk): 50, str(fields["over"].pk): "12"},
    }
    data.update(overrides)
    return data


def post(client: Client, scheme: Scheme, data: dict[str, Any]) -> Any:
    return client.post(
        f"{BASE}/{scheme.pk}/observations", json.dumps(data), content_type="application/json"
    )


def test_schemes_are_listed_and_shown(
    client: Client, scheme: Scheme, fields: dict[str, Field], mill_lane: Place, resident: User
) -> None:
    stored(scheme, mill_lane, resident, at(datetime.date(2025, 2, 1)), 100, 38)
    stored(scheme, mill_lane, resident, at(datetime.date(2025, 9, 1)), 100, 23)
    listing = client.get(BASE).json()
    assert [item["title"] for item in listing["items"]] == ["Mill Lane speed watch"]
    detail = client.get(f"{BASE}/{scheme.pk}").json()
    assert [p["name"] for p in detail["places"]] == ["Mill Lane", "Quay Road"]
    assert detail["questions"][0] == {
        "id": fields["counted"].pk,
        "label": "Vehicles counted",
        "help_text": "",
        "kind": "number",
        "required": True,
        "min_value": 0.0,
        "max_value": 5000.0,
        "choices": [],
    }
    assert detail["change"]["text"] == "vehicles over the limit: 38% → 23%, down 39%"
    assert detail["change"]["baseline"] == pytest.approx(0.38)


def test_a_draft_scheme_is_not_found(client: Client, scheme: Scheme) -> None:
    scheme.status = Scheme.Status.DRAFT
    scheme.save()
    problem_of(client.get(f"{BASE}/{scheme.pk}"), 404)
    assert client.get(BASE).json()["count"] == 0


def test_observation_is_recorded_once_per_key(
    volunteer: User, script: Client, scheme: Scheme, mill_lane: Place, fields: dict[str, Field]
) -> None:
    data = body(mill_lane, fields)
    first = post(script, scheme, data)
    assert first.status_code == 201, first.content
    again = post(script, scheme, data)
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert Observation.objects.count() == 1
    values = {r["question"]: r["value"] for r in first.json()["readings"]}
    assert values == {fields["counted"].pk: "50", fields["over"].pk: "12"}


@pytest.mark.parametrize(
    ("change", "status", "words"),
    [
        ({"answers": {}}, 400, "Answer the question: Vehicles counted"),
        ("out_of_range", 400, "must be between 0 and 5000"),
        ("outside", 400, "metres from Mill Lane"),
        ({"key": "short"}, 422, "key"),
        ({"place": 999999}, 400, "Choose the place"),
    ],
)
def test_bad_observations_get_a_problem_and_change_nothing(
    volunteer: User,
    script: Client,
    scheme: Scheme,
    mill_lane: Place,
    fields: dict[str, Field],
    change: Any,
    status: int,
    words: str,
) -> None:
    data = body(mill_lane, fields)
    if change == "out_of_range":
        data["answers"][str(fields["over"].pk)] = 6000
    elif change == "outside":
        data["answers"][str(fields["where"].pk)] = "51.448, -2.596"
    else:
        data.update(change)
    problem = problem_of(post(script, scheme, data), status)
    assert words in json.dumps(problem)
    assert not Observation.objects.exists()


def test_untrained_and_closed_are_refused(
    resident: User, script: Client, scheme: Scheme, mill_lane: Place, fields: dict[str, Field]
) -> None:
    problem = problem_of(post(script, scheme, body(mill_lane, fields)), 400)
    assert "code of conduct" in problem["detail"]
    scheme.status = Scheme.Status.CLOSED
    scheme.save()
    problem = problem_of(post(script, scheme, body(mill_lane, fields)), 400)
    assert "closed" in problem["detail"]
    assert not Observation.objects.exists()


def test_signing_in_is_needed_to_record(
    client: Client, scheme: Scheme, mill_lane: Place, fields: dict[str, Field]
) -> None:
    problem_of(post(client, scheme, body(mill_lane, fields)), 401)


def test_observations_are_listed_without_words_for_residents(
    volunteer: User,
    script: Client,
    scheme: Scheme,
    mill_lane: Place,
    fields: dict[str, Field],
    as_coordinator: Client,
) -> None:
    data = body(mill_lane, fields)
    data["answers"][str(fields["notes"].pk)] = "A blue car, AB12 CDE"
    assert post(script, scheme, data).status_code == 201
    mine = script.get(f"{BASE}/{scheme.pk}/observations").json()
    assert mine["count"] == 1
    assert "AB12" not in json.dumps(mine)
    theirs = as_coordinator.get(f"{BASE}/{scheme.pk}/observations").json()
    assert "AB12 CDE" in json.dumps(theirs)


def test_observation_list_query_count(
    script: Client,
    scheme: Scheme,
    mill_lane: Place,
    resident: User,
    django_assert_max_num_queries: Any,
) -> None:
    for day in range(1, 25):
        stored(scheme, mill_lane, resident, at(datetime.date(2025, 3, day)), 10, 2)
    with django_assert_max_num_queries(10):
        response = script.get(f"{BASE}/{scheme.pk}/observations")
    assert response.json()["count"] == 24
