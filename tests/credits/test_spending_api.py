"""The API for partners' offers, spend codes, time swaps and issuing budgets: the same checks
as the pages, problems for bad input and the wrong role."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from coproduce.api.services import create_token
from coproduce.credits import services
from coproduce.credits.models import (
    Account,
    HeldIssuance,
    IssuingBudget,
    Offer,
    SpendCode,
    Swap,
    Transaction,
)
from coproduce.credits.services import spending, swaps
from coproduce.organisations.models import Organisation
from coproduce.people.models import User
from tests import factories
from tests.api.conftest import problem_of
from tests.credits.conftest import fund

pytestmark = pytest.mark.django_db

API = "/api/v1/credits"


def api_client(person: User) -> Client:
    _token, secret = create_token(actor=person, name="Script", expires_in_days=30)
    return Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {secret}")


def post(client: Client, path: str, body: dict[str, Any] | None = None) -> Any:
    return client.post(f"{API}{path}", json.dumps(body or {}), content_type="application/json")


def balance(person: User) -> int:
    account = Account.objects.filter(person=person).first()
    return account.balance if account is not None else 0


@pytest.fixture
def pool_centre(db: Any) -> Organisation:
    return factories.OrganisationFactory(
        name="Riverside Pool", slug="riverside-pool", is_spend_partner=True
    )


@pytest.fixture
def swim(pool_centre: Organisation) -> Offer:
    return Offer.objects.create(organisation=pool_centre, title="One swim", cost=4, monthly_cap=1)


@pytest.fixture
def rich_resident(resident: User, coordinator: User) -> User:
    fund(coordinator, services.account_for_person(resident), 10)
    return resident


# --- Offers and codes -------------------------------------------------------------------------


def test_anyone_lists_open_offers(
    client: Client, swim: Offer, pool_centre: Organisation, django_assert_max_num_queries: Any
) -> None:
    Offer.objects.create(organisation=pool_centre, title="Closed", cost=1, is_active=False)
    for n in range(5):
        other = factories.OrganisationFactory(is_spend_partner=True)
        Offer.objects.create(organisation=other, title=f"Tea {n}", cost=2)
    with django_assert_max_num_queries(3):
        response = client.get(f"{API}/offers")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 6
    only = client.get(f"{API}/offers?partner=riverside-pool").json()["items"]
    assert only == [
        {
            "id": swim.pk,
            "title": "One swim",
            "partner": "Riverside Pool",
            "partner_slug": "riverside-pool",
            "credits": 1.0,
            "quarters": 4,
            "monthly_cap": 1,
        }
    ]
    problem_of(client.get(f"{API}/offers?partner=not a slug"), 422)


def test_a_script_makes_its_own_code_and_staff_redeem_it(
    rich_resident: User, swim: Offer, pool_centre: Organisation
) -> None:
    response = post(api_client(rich_resident), f"/offers/{swim.pk}/codes")
    assert response.status_code == 201, response.content
    body = response.json()
    assert len(body["code"]) == spending.CODE_LENGTH and body["offer"]["id"] == swim.pk
    made = SpendCode.objects.get()
    assert made.code_hash == spending.hash_code(body["code"]) and made.made_by is None
    staff = factories.UserFactory()
    factories.MembershipFactory(person=staff, organisation=pool_centre)
    spending.redeem_code(actor=staff, organisation=pool_centre, code=body["code"])
    assert balance(rich_resident) == 6


def test_a_code_past_the_balance_is_a_problem(resident: User, swim: Offer) -> None:
    body = problem_of(post(api_client(resident), f"/offers/{swim.pk}/codes"), 400)
    assert "You need 1 credits" in body["detail"]
    assert not SpendCode.objects.exists()


def test_a_code_past_the_monthly_cap_is_a_problem(
    rich_resident: User, swim: Offer, pool_centre: Organisation
) -> None:
    staff = factories.UserFactory()
    factories.MembershipFactory(person=staff, organisation=pool_centre)
    _made, code = spending.make_spend_code(actor=rich_resident, person=rich_resident, offer=swim)
    spending.redeem_code(actor=staff, organisation=pool_centre, code=code)
    body = problem_of(post(api_client(rich_resident), f"/offers/{swim.pk}/codes"), 400)
    assert "the most allowed" in body["detail"]
    assert SpendCode.objects.count() == 1


def test_a_code_for_a_closed_or_unknown_offer_is_not_found(
    rich_resident: User, pool_centre: Organisation, client: Client
) -> None:
    closed = Offer.objects.create(organisation=pool_centre, title="Old", cost=1, is_active=False)
    script = api_client(rich_resident)
    problem_of(post(script, f"/offers/{closed.pk}/codes"), 404)
    problem_of(post(script, "/offers/999999/codes"), 404)
    problem_of(client.post(f"{API}/offers/{closed.pk}/codes"), 401)
    assert not SpendCode.objects.exists()


# --- Swaps ------------------------------------------------------------------------------------


def test_a_swap_through_the_api_moves_the_hours_once(
    resident: User, outsider: User, coordinator: User
) -> None:
    fund(coordinator, services.account_for_person(outsider), 8)
    helper, helped = api_client(resident), api_client(outsider)
    made = post(helper, "/swaps", {"kind": "offer", "title": "CV help", "hours": "1.5"})
    assert made.status_code == 201, made.content
    swap_id = made.json()["id"]
    assert made.json()["hours"] == 1.5 and made.json()["status"] == "open"
    listed = helped.get(f"{API}/swaps?status=open").json()
    assert [item["id"] for item in listed["items"]] == [swap_id]

    problem_of(post(helper, f"/swaps/{swap_id}/respond"), 400)  # one's own post
    assert post(helped, f"/swaps/{swap_id}/respond").json()["status"] == "agreed"
    assert post(helper, f"/swaps/{swap_id}/confirm").json()["status"] == "agreed"
    done = post(helped, f"/swaps/{swap_id}/confirm")
    assert done.status_code == 200 and done.json()["status"] == "done"
    assert done.json()["transaction"] is not None
    # Confirming again, as a retry would, moves nothing more.
    problem_of(post(helped, f"/swaps/{swap_id}/confirm"), 400)
    assert (balance(resident), balance(outsider)) == (6, 2)
    assert Transaction.objects.filter(reason=Transaction.Reason.SWAPPED).count() == 1
    mine = helper.get(f"{API}/swaps?mine=true").json()
    assert mine["count"] == 1


def test_only_the_two_people_confirm_a_swap_through_the_api(
    resident: User, outsider: User, group_member: User
) -> None:
    swap = swaps.post_swap(actor=resident, kind="offer", title="CV help", hours=4)
    swaps.respond_to_swap(actor=outsider, swap=swap)
    problem_of(post(api_client(group_member), f"/swaps/{swap.pk}/confirm"), 403)
    swap.refresh_from_db()
    assert not (swap.poster_confirmed or swap.responder_confirmed)


@pytest.mark.parametrize(
    "body",
    [
        {"kind": "offer", "title": "CV help", "hours": "-1"},
        {"kind": "offer", "title": "CV help", "hours": "30"},
        {"kind": "offer", "title": "CV help", "hours": "0.1"},
        {"kind": "swap", "title": "CV help", "hours": "1"},
        {"kind": "offer", "title": "", "hours": "1"},
        {"kind": "offer", "title": "CV help", "hours": "1", "extra": True},
    ],
)
def test_bad_swaps_are_problems(body: dict[str, Any], resident: User) -> None:
    response = post(api_client(resident), "/swaps", body)
    assert response.status_code in (400, 422)
    problem_of(response, response.status_code)
    assert not Swap.objects.exists()


def test_swaps_need_signing_in(client: Client) -> None:
    problem_of(client.get(f"{API}/swaps"), 401)


# --- Budgets ----------------------------------------------------------------------------------

TODAY = timezone.localdate()


def budget_body(**values: Any) -> dict[str, Any]:
    body = {
        "organisation": "riverside-food-bank",
        "starts_on": (TODAY - datetime.timedelta(days=1)).isoformat(),
        "ends_on": (TODAY + datetime.timedelta(days=30)).isoformat(),
        "credits": 2,
    }
    body.update(values)
    return body


def test_a_coordinator_sets_and_lists_budgets(coordinator: User, vcs_group: Organisation) -> None:
    script = api_client(coordinator)
    response = post(script, "/budgets", budget_body())
    assert response.status_code == 201, response.content
    assert response.json()["credits"] == 2.0
    listed = script.get(f"{API}/budgets").json()
    assert [item["organisation"] for item in listed["items"]] == ["riverside-food-bank"]
    # The same dates again overlap: refused, nothing more saved.
    problem_of(post(script, "/budgets", budget_body()), 400)
    assert IssuingBudget.objects.count() == 1


def test_a_budget_that_ends_before_it_starts_is_a_problem(
    coordinator: User, vcs_group: Organisation
) -> None:
    body = budget_body(ends_on=(TODAY - datetime.timedelta(days=5)).isoformat())
    problem_of(post(api_client(coordinator), "/budgets", body), 400)
    problem_of(post(api_client(coordinator), "/budgets", budget_body(organisation="nope")), 404)
    problem_of(post(api_client(coordinator), "/budgets", budget_body(credits=-1)), 422)
    assert not IssuingBudget.objects.exists()


@pytest.mark.parametrize("persona", ["resident", "group_member", "professional"])
def test_others_cannot_use_budgets(persona: str, vcs_group: Organisation, request: Any) -> None:
    script = api_client(request.getfixturevalue(persona))
    problem_of(script.get(f"{API}/budgets"), 403)
    problem_of(script.get(f"{API}/budgets/held"), 403)
    problem_of(post(script, "/budgets", budget_body()), 403)
    assert not IssuingBudget.objects.exists()


@pytest.fixture
def held(
    coordinator: User, group_member: User, vcs_group: Organisation, resident: User
) -> HeldIssuance:
    services.set_issuing_budget(
        actor=coordinator,
        organisation=vcs_group,
        starts_on=TODAY - datetime.timedelta(days=1),
        ends_on=TODAY + datetime.timedelta(days=30),
        credits=2,
    )
    assert (
        services.credit_for_contribution(
            actor=group_member,
            contribution_id=1,
            person=resident,
            organisation=vcs_group,
            hours="3",
            key="c-1",
        )
        is None
    )
    return HeldIssuance.objects.get()


def test_a_coordinator_approves_held_credits_once(
    coordinator: User, held: HeldIssuance, resident: User
) -> None:
    script = api_client(coordinator)
    listed = script.get(f"{API}/budgets/held").json()
    assert [(item["id"], item["person"], item["credits"]) for item in listed["items"]] == [
        (held.pk, "Rita Resident", 3.0)
    ]
    first = post(script, f"/budgets/held/{held.pk}/approve")
    assert first.status_code == 200, first.content
    # A retried request answers the same and posts nothing more.
    again = post(script, f"/budgets/held/{held.pk}/approve")
    assert again.json()["transaction"] == first.json()["transaction"] is not None
    assert again.json()["status"] == "approved"
    assert balance(resident) == 12
    approved = script.get(f"{API}/budgets/held?status=approved").json()["items"]
    assert approved[0]["transaction"] == first.json()["transaction"]


def test_declining_held_credits_needs_a_reason(
    coordinator: User, held: HeldIssuance, resident: User
) -> None:
    script = api_client(coordinator)
    problem_of(post(script, f"/budgets/held/{held.pk}/decline", {"reason": " "}), 400)
    response = post(script, f"/budgets/held/{held.pk}/decline", {"reason": "Over budget"})
    assert response.status_code == 200 and response.json()["status"] == "declined"
    problem_of(post(script, f"/budgets/held/{held.pk}/approve"), 409)
    assert balance(resident) == 0


def test_residents_cannot_approve_held_credits(resident: User, held: HeldIssuance) -> None:
    problem_of(post(api_client(resident), f"/budgets/held/{held.pk}/approve"), 403)
    held.refresh_from_db()
    assert held.status == HeldIssuance.Status.HELD and balance(resident) == 0
