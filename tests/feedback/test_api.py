"""Feedback in the API: sending it with or without an account, following it by reference,
and the public "you said, we did" list. Errors are problems, with nothing saved."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client
from django.test.utils import override_settings

from coproduce.api.services import create_token
from coproduce.feedback import services
from coproduce.feedback.models import Feedback, Theme
from coproduce.organisations.models import Organisation
from coproduce.people.models import User
from tests.api.conftest import bearer, problem_of
from tests.feedback.conftest import make_feedback

URL = "/api/v1/feedback"


def payload(**values: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kind": "suggestion",
        "subject_kind": "place",
        "subject_name": "Fenwick Green park",
        "what_happened": "The path floods after rain.",
        "email": "ali@example.org",
        "name": "Ali",
    }
    data.update(values)
    return data


def post(client: Client, url: str, data: dict[str, Any], **extra: Any) -> Any:
    return client.post(url, json.dumps(data), content_type="application/json", **extra)


def test_anyone_sends_feedback_and_gets_a_receipt(client: Client, db: Any) -> None:
    response = post(client, URL, payload())
    assert response.status_code == 201
    body = response.json()
    feedback = Feedback.objects.get()
    assert body["reference"] == feedback.reference
    assert body["status"] == "received"
    assert "/feedback/follow/" in body["follow_url"]
    assert feedback.person is None


def test_a_token_sends_it_as_the_person(resident: User) -> None:
    _token, secret = create_token(actor=resident, name="app", expires_in_days=30)
    script = Client(enforce_csrf_checks=True, **bearer(secret))
    response = post(script, URL, payload(email=""))
    assert response.status_code == 201
    assert Feedback.objects.get().person == resident


def test_sending_twice_with_a_key_makes_one(client: Client, db: Any) -> None:
    first = post(client, URL, payload(submission_key="abc-123"))
    again = post(client, URL, payload(submission_key="abc-123"))
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["reference"] == again.json()["reference"]
    assert Feedback.objects.count() == 1


def test_empty_and_huge_feedback_are_problems(client: Client, db: Any) -> None:
    empty = problem_of(post(client, URL, payload(what_happened="")), 400)
    assert empty["detail"] == "Enter what happened."
    huge = problem_of(post(client, URL, payload(what_happened="y" * 100_000)), 400)
    assert "5,000 characters or fewer. You wrote 100,000." in huge["detail"]
    problem_of(post(client, URL, payload(kind="rant")), 422)
    problem_of(post(client, URL, payload(organisation="nowhere")), 404)
    assert not Feedback.objects.exists()


@override_settings(COPRODUCE_FEEDBACK_PER_ADDRESS_PER_HOUR=2, COPRODUCE_FEEDBACK_PER_HOUR=99)
def test_too_many_from_one_address_is_a_429(client: Client, db: Any) -> None:
    for number in range(2):
        assert post(client, URL, payload(email=f"a{number}@example.org")).status_code == 201
    body = problem_of(post(client, URL, payload(email="a9@example.org")), 429)
    assert "Please wait an hour" in body["detail"]
    assert Feedback.objects.count() == 2


def test_following_by_reference_and_email(client: Client, housing: Organisation) -> None:
    feedback = make_feedback(housing)
    response = post(
        client, f"{URL}/follow", {"reference": feedback.reference, "email": "sam@example.org"}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "received" and body["service"] == "Riverside Housing"
    assert "email" not in body and "name" not in body
    wrong = post(client, f"{URL}/follow", {"reference": feedback.reference, "email": "x@y.org"})
    assert "We could not find feedback" in problem_of(wrong, 404)["detail"]


def test_the_public_list(
    client: Client, housing: Organisation, housing_manager: User, django_assert_max_num_queries: Any
) -> None:
    theme = Theme.objects.create(name="Repairs", slug="repairs")
    for number in range(3):
        source = make_feedback(housing, may_publish=True)
        services.publish_summary(
            actor=housing_manager,
            feedback=source,
            draft=services.SummaryDraft(
                title=f"Change {number}", you_said="Slow.", we_did="Faster.", theme=theme
            ),
        )
    with django_assert_max_num_queries(4):
        body = client.get(f"{URL}/you-said-we-did?theme=repairs").json()
    assert body["count"] == 3
    item = body["items"][0]
    assert item["service"] == "Riverside Housing" and item["raised_by"] == 1
    assert client.get(f"{URL}/you-said-we-did?search=nothing-like-it").json()["count"] == 0
    problem_of(client.get(f"{URL}/you-said-we-did?service=nowhere"), 404)
