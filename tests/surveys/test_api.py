"""Surveys in the API: reading, answering with bad input refused, and results."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from coproduce.api.services import create_token
from coproduce.people.models import User
from coproduce.surveys import services
from coproduce.surveys.models import Answer, Response, Survey
from tests.api.conftest import bearer, problem_of
from tests.surveys.conftest import full_answers, question

pytestmark = pytest.mark.django_db


def script_for(person: User) -> Client:
    _token, secret = create_token(actor=person, name="My script", expires_in_days=30)
    return Client(enforce_csrf_checks=True, **bearer(secret))  # type: ignore[arg-type]


@pytest.fixture
def script(resident: User) -> Client:
    return script_for(resident)


def _payload(survey: Survey) -> dict[str, Any]:
    answers = full_answers(survey)
    items = []
    for question_id, value in answers.items():
        kind = question_by_id(question_id).kind
        if kind == "ranking":
            items.append({"question": question_id, "ranking": value})
        elif kind == "multiple":
            items.append({"question": question_id, "choices": value})
        elif isinstance(value, int):
            items.append({"question": question_id, "number": value})
        elif kind in ("short_text", "long_text"):
            items.append({"question": question_id, "text": value})
        else:
            items.append({"question": question_id, "choice": value})
    return {"answers": items}


def question_by_id(pk: int) -> Any:
    from coproduce.surveys.models import Question

    return Question.objects.get(pk=pk)


def _post(client: Client, survey: Survey, body: dict[str, Any]) -> Any:
    return client.post(
        f"/api/v1/surveys/{survey.slug}/responses",
        data=json.dumps(body),
        content_type="application/json",
    )


def test_open_surveys_and_their_questions_are_listed(
    client: Client, survey: Survey, draft_other: Survey
) -> None:
    listing = client.get("/api/v1/surveys").json()
    assert [item["slug"] for item in listing["items"]] == [survey.slug]
    detail = client.get(f"/api/v1/surveys/{survey.slug}").json()
    assert [s["title"] for s in detail["sections"]] == ["About you", "The library", "Anything else"]
    assert detail["sections"][0]["questions"][0]["options"][0]["value"] == "yes"
    problem_of(client.get(f"/api/v1/surveys/{draft_other.slug}"), 404)


@pytest.fixture
def draft_other(professional: User, council: Any) -> Survey:
    return services.create_survey(
        actor=professional, owner=council, data={"title": "Hidden", "slug": "hidden"}
    )


def test_a_person_answers_through_the_api(script: Client, survey: Survey) -> None:
    answered = _post(script, survey, _payload(survey))
    assert answered.status_code == 201, answered.content
    assert answered.json()["submitted_at"]
    assert Response.objects.get().answers.count() == 9


def test_answering_needs_a_person(client: Client, survey: Survey) -> None:
    problem_of(_post(client, survey, _payload(survey)), 401)


def test_an_out_of_range_answer_is_a_problem_and_changes_nothing(
    script: Client, survey: Survey
) -> None:
    rating = question(survey, "How good is it?")
    payload = _payload(survey)
    for item in payload["answers"]:
        if item["question"] == rating.pk:
            item["number"] = 42
    body = problem_of(_post(script, survey, payload), 400)
    assert "from 0 to 10" in body["detail"]
    assert body["errors"][0]["field"] == f"answers.{rating.pk}"
    assert not Answer.objects.exists()


def test_a_required_question_skipped_is_a_problem(script: Client, survey: Survey) -> None:
    rating = question(survey, "How good is it?")
    payload = _payload(survey)
    payload["answers"] = [item for item in payload["answers"] if item["question"] != rating.pk]
    body = problem_of(_post(script, survey, payload), 400)
    assert "needed" in body["detail"]
    assert not Response.objects.exists()


def test_a_closed_survey_cannot_be_answered(
    script: Client, survey: Survey, professional: User
) -> None:
    services.set_status(actor=professional, survey=survey, status="closed")
    body = problem_of(_post(script, survey, _payload(survey)), 409)
    assert "closed" in body["detail"]
    assert not Response.objects.exists()


def test_a_second_response_where_once_is_allowed_is_a_conflict(
    script: Client, survey: Survey
) -> None:
    assert _post(script, survey, _payload(survey)).status_code == 201
    body = problem_of(_post(script, survey, _payload(survey)), 409)
    assert "already answered" in body["detail"]
    assert Response.objects.count() == 1


def test_the_same_key_twice_gives_the_same_response(script: Client, survey: Survey) -> None:
    payload = _payload(survey) | {"idempotency_key": "abc"}
    first = _post(script, survey, payload).json()
    again = _post(script, survey, payload).json()
    assert first["id"] == again["id"]


def test_a_person_reads_their_own_linked_answers_but_not_anothers(
    once_linked: Survey, resident: User, outsider: User
) -> None:
    mine = _post(script_for(resident), once_linked, _payload(once_linked)).json()
    url = f"/api/v1/surveys/{once_linked.slug}/responses/{mine['id']}"
    assert len(script_for(resident).get(url).json()["answers"]) == 9
    problem_of(script_for(outsider).get(url), 404)


def test_results_follow_the_results_page_rules(
    client: Client, script: Client, survey: Survey, professional: User
) -> None:
    _post(script, survey, _payload(survey))
    url = f"/api/v1/surveys/{survey.slug}/results"
    problem_of(client.get(url), 403)
    staff_answer = script_for(professional).get(url)
    assert staff_answer.status_code == 200, staff_answer.content
    staff = staff_answer.json()
    assert staff["respondents"] == 1
    rating = next(q for q in staff["questions"] if q["key"] == "rating")
    assert rating["mean"] == 8
