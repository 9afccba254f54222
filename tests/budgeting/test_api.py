"""Budgets and ideas in the API: the same rules as the pages, every refusal a problem."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.test import Client

from coproduce.api.services import create_token
from coproduce.budgeting.models import Process, Proposal, Support
from coproduce.people.models import User
from coproduce.places.models import Area
from tests.api.conftest import bearer, problem_of
from tests.budgeting.factories import make_process, resident_of

pytestmark = pytest.mark.django_db

IDEA = {"title": "Benches", "description": "Six benches by the river.", "estimated_cost": 4000}


def script_for(person: User) -> Client:
    _token, secret = create_token(actor=person, name="My script", expires_in_days=30)
    return Client(enforce_csrf_checks=True, **bearer(secret))


@pytest.fixture
def script(local_resident: User) -> Client:
    return script_for(local_resident)


def base(process: Process) -> str:
    return f"/api/v1/budgets/{process.slug}"


def test_list_and_read_published_budgets(
    client: Client, ideas_process: Process, council: Any
) -> None:
    make_process(council, slug="draft", is_published=False)
    body = client.get("/api/v1/budgets").json()
    assert [item["slug"] for item in body["items"]] == [ideas_process.slug]
    item = client.get(base(ideas_process)).json()
    assert item["phase"] == "ideas"
    assert [phase["kind"] for phase in item["phases"]] == [
        "ideas",
        "review",
        "voting",
        "results",
        "delivery",
    ]
    problem_of(client.get("/api/v1/budgets/draft"), 404)


def test_put_forward_change_and_support_an_idea(
    script: Client, ideas_process: Process, area: Area
) -> None:
    key = str(uuid.uuid4())
    response = script.post(
        f"{base(ideas_process)}/proposals",
        {**IDEA, "area": area.slug, "submission_key": key},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["area"]["slug"] == area.slug
    again = script.post(
        f"{base(ideas_process)}/proposals",
        {**IDEA, "submission_key": key},
        content_type="application/json",
    )
    assert again.status_code == 201
    assert again.json()["id"] == created["id"]
    assert Proposal.objects.count() == 1
    url = f"{base(ideas_process)}/proposals/{created['id']}"
    changed = script.patch(url, {"title": "Eight benches"}, content_type="application/json")
    assert changed.status_code == 200
    assert changed.json()["title"] == "Eight benches"
    neighbour = script_for(resident_of(area))
    assert neighbour.post(f"{url}/support").status_code == 201
    problem = problem_of(neighbour.post(f"{url}/support"), 409)
    assert "already support" in problem["detail"]
    assert Support.objects.count() == 1
    assert client_list_count(neighbour, ideas_process) == 1
    assert neighbour.delete(f"{url}/support").status_code == 204


def client_list_count(client: Client, process: Process) -> int:
    return int(client.get(f"{base(process)}/proposals?sort=supports").json()["count"])


@pytest.mark.parametrize(
    ("cost", "status"), [(-1, 422), (0, 422), (10**13, 422), (60_000, 400), ("a lot", 422)]
)
def test_bad_cost_is_a_problem(
    script: Client, ideas_process: Process, cost: Any, status: int
) -> None:
    response = script.post(
        f"{base(ideas_process)}/proposals",
        {**IDEA, "estimated_cost": cost},
        content_type="application/json",
    )
    problem_of(response, status)
    assert not Proposal.objects.exists()


def test_other_people_and_late_changes_are_refused(
    script: Client, ideas_process: Process, idea: Proposal, area: Area
) -> None:
    url = f"{base(ideas_process)}/proposals/{idea.pk}"
    neighbour = script_for(resident_of(area))
    problem_of(neighbour.patch(url, {"title": "Mine"}, content_type="application/json"), 403)
    ideas_process.phase = "review"
    ideas_process.save()
    problem = problem_of(script.patch(url, {"title": "Late"}, content_type="application/json"), 400)
    assert "review has started" in problem["detail"]
    idea.refresh_from_db()
    assert idea.title == "Benches in the park"


def test_outsider_and_anonymous_cannot_put_forward_ideas(
    client: Client, outsider: User, ideas_process: Process
) -> None:
    url = f"{base(ideas_process)}/proposals"
    problem_of(client.post(url, IDEA, content_type="application/json"), 401)
    problem = problem_of(script_for(outsider).post(url, IDEA, content_type="application/json"), 403)
    assert "Only people who live in Riverside North" in problem["detail"]
    assert not Proposal.objects.exists()
