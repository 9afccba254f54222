"""Time credits in the API: balance, history, and gifts with an Idempotency-Key."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from coproduce.credits import services
from coproduce.credits.models import Account, Transaction
from coproduce.organisations.models import Organisation
from coproduce.people.models import User
from tests.api.conftest import problem_of
from tests.credits.conftest import fund

pytestmark = pytest.mark.django_db

API = "/api/v1/credits"


@pytest.fixture
def rita_account(resident: User, coordinator: User) -> Account:
    return fund(coordinator, services.account_for_person(resident), 10)


def gift(script: Client, body: dict[str, Any], key: str | None = "key-1") -> Any:
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key is not None else {}
    return script.post(f"{API}/gifts", json.dumps(body), content_type="application/json", **headers)


def test_the_balance_needs_signing_in(client: Client) -> None:
    problem_of(client.get(f"{API}/balance"), 401)


def test_a_script_reads_the_balance(script: Client, rita_account: Account) -> None:
    response = script.get(f"{API}/balance")
    assert response.status_code == 200
    assert response.json() == {"credits": 2.5, "quarters": 10}


def test_a_script_lists_transactions_a_page_at_a_time(
    script: Client, rita_account: Account, coordinator: User
) -> None:
    fund(coordinator, rita_account, 3)
    response = script.get(f"{API}/transactions?page_size=1")
    assert response.status_code == 200
    body = response.json()
    assert (body["count"], body["pages"]) == (2, 2)
    item = body["items"][0]
    assert (item["reason"], item["credits"], item["quarters"]) == ("issued", 0.75, 3)
    assert item["others"] == ["the time credit scheme"]
    assert body["next"].endswith("page=2")
    problem_of(script.get(f"{API}/transactions?page=5"), 404)
    problem_of(script.get(f"{API}/transactions?page=zero"), 400)


def test_a_script_gives_credits_once_for_one_key(
    script: Client, rita_account: Account, outsider: User
) -> None:
    body = {"to_email": "oscar@example.org", "credits": "1.5", "memo": "Thanks"}
    first = gift(script, body)
    assert first.status_code == 201, first.content
    again = gift(script, body)
    assert again.status_code == 200
    assert again.json() == first.json()
    assert first.json()["to"] == "Oscar Outsider"
    assert first.json()["balance"] == {"credits": 1.0, "quarters": 4}
    assert Transaction.objects.filter(reason="gifted").count() == 1
    assert Account.objects.get(person=outsider).balance == 6


def test_a_script_gives_credits_to_an_organisation(
    script: Client, rita_account: Account, vcs_group: Organisation
) -> None:
    response = gift(script, {"to_organisation": vcs_group.slug, "credits": 2})
    assert response.status_code == 201
    assert Account.objects.get(organisation=vcs_group).balance == 8


def test_a_gift_without_a_key_is_refused(script: Client, rita_account: Account) -> None:
    body = problem_of(gift(script, {"to_email": "oscar@example.org", "credits": 1}, key=None), 400)
    assert body["errors"][0]["location"] == "header"
    assert not Transaction.objects.filter(reason="gifted").exists()


def test_the_same_key_with_other_details_is_a_conflict(
    script: Client, rita_account: Account, outsider: User
) -> None:
    assert gift(script, {"to_email": "oscar@example.org", "credits": 1}).status_code == 201
    problem_of(gift(script, {"to_email": "oscar@example.org", "credits": 2}), 409)
    assert Account.objects.get(person=outsider).balance == 4


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"to_email": "oscar@example.org", "credits": 3}, 400),  # more than the balance
        ({"to_email": "nobody@example.org", "credits": 1}, 404),
        ({"to_organisation": "no-such-group", "credits": 1}, 404),
        ({"credits": 1}, 400),
        ({"to_email": "oscar@example.org", "credits": 1.3}, 400),
        ({"to_email": "oscar@example.org", "credits": -1}, 422),
        ({"to_email": "oscar@example.org", "credits": 1, "extra": 1}, 422),
        ({"to_email": "rita@example.org", "credits": 1}, 400),
    ],
)
def test_bad_gifts_are_problems_and_change_nothing(
    script: Client, rita_account: Account, outsider: User, body: dict[str, Any], status: int
) -> None:
    problem_of(gift(script, body), status)
    assert Account.objects.get(pk=rita_account.pk).balance == 10
    assert not Transaction.objects.filter(reason="gifted").exists()


def test_a_browser_gift_needs_the_csrf_token(resident: User, rita_account: Account) -> None:
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(resident)
    problem_of(gift(browser, {"to_email": "oscar@example.org", "credits": 1}), 403)
