"""Your ballot through the API: the same checks as the pages, and an idempotency key."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from coproduce.budgeting.models import Process
from coproduce.budgeting.voting.models import Ballot
from coproduce.people.models import User

pytestmark = pytest.mark.django_db


def put(client: Client, process: Process, choices: list[dict[str, int]], key: str = "") -> object:
    headers = {"Idempotency-Key": key} if key else {}
    return client.put(
        f"/api/v1/budgets/{process.slug}/ballot",
        {"choices": choices},
        content_type="application/json",
        headers=headers,
    )


def test_cast_see_and_change_your_ballot(
    as_resident: Client, resident: User, process: Process, ids: dict[str, int]
) -> None:
    response = put(as_resident, process, [{"project": ids["Murals"]}], key="a1")
    assert response.status_code == 201, response.content  # type: ignore[attr-defined]
    again = put(as_resident, process, [{"project": ids["Murals"]}], key="a1")
    assert again.status_code == 200  # type: ignore[attr-defined]
    assert Ballot.objects.count() == 1
    mine = as_resident.get(f"/api/v1/budgets/{process.slug}/ballot").json()
    assert mine["choices"] == [{"project": ids["Murals"], "points": 1}]
    changed = put(as_resident, process, [{"project": ids["Library books"]}], key="a2")
    assert changed.status_code == 201  # type: ignore[attr-defined]
    assert Ballot.objects.filter(voter=resident).count() == 2


def test_bad_ballots_are_problems_and_change_nothing(
    as_resident: Client, process: Process, ids: dict[str, int]
) -> None:
    over = put(as_resident, process, [{"project": pk} for pk in ids.values()])
    assert over.status_code == 400  # type: ignore[attr-defined]
    assert over["Content-Type"] == "application/problem+json"  # type: ignore[index]
    assert "more than the budget" in over.json()["detail"]  # type: ignore[attr-defined]
    stranger = put(as_resident, process, [{"project": 987_654}])
    assert "not on this ballot" in stranger.json()["detail"]  # type: ignore[attr-defined]
    Process.objects.filter(pk=process.pk).update(phase="results")
    closed = put(as_resident, process, [{"project": ids["Murals"]}])
    assert closed.status_code == 409  # type: ignore[attr-defined]
    assert not Ballot.objects.exists()


def test_key_reused_for_another_ballot_is_a_conflict(
    as_resident: Client, process: Process, ids: dict[str, int]
) -> None:
    put(as_resident, process, [{"project": ids["Murals"]}], key="same")
    response = put(as_resident, process, [{"project": ids["Library books"]}], key="same")
    assert response.status_code == 409  # type: ignore[attr-defined]
    assert Ballot.objects.count() == 1


def test_signing_in_is_needed(process: Process, ids: dict[str, int]) -> None:
    assert put(Client(), process, [{"project": ids["Murals"]}]).status_code == 401  # type: ignore[attr-defined]
    assert Client().get(f"/api/v1/budgets/{process.slug}/ballot").status_code == 401


def test_no_ballot_yet_is_not_found(as_resident: Client, process: Process) -> None:
    response = as_resident.get(f"/api/v1/budgets/{process.slug}/ballot")
    assert response.status_code == 404
    assert Client().get("/api/v1/budgets/no-such-budget/results").status_code == 404


def test_casting_takes_a_bounded_number_of_queries(
    as_resident: Client,
    process: Process,
    ids: dict[str, int],
    django_assert_max_num_queries: Any,
) -> None:
    put(as_resident, process, [{"project": ids["Murals"]}], key="warm")
    with django_assert_max_num_queries(18):
        response = put(as_resident, process, [{"project": ids["Library books"]}], key="next")
    assert response.status_code == 201  # type: ignore[attr-defined]
