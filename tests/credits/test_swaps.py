"""Time-bank swaps: post, respond, both confirm, and the hours move from helped to helper."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from coproduce.common.errors import PermissionDenied, ServiceError
from coproduce.common.models import AuditEvent
from coproduce.credits import services
from coproduce.credits.models import Account, Swap, Transaction
from coproduce.credits.services import swaps
from coproduce.people.models import User
from tests import factories
from tests.credits.conftest import fund
from tests.people.conftest import assert_good_page

pytestmark = pytest.mark.django_db


def balance(person: User) -> int:
    account = Account.objects.filter(person=person).first()
    return account.balance if account else 0


@pytest.fixture
def helper(db: Any) -> User:
    return factories.UserFactory(display_name="Hana Helper")


@pytest.fixture
def helped(coordinator: User) -> User:
    person = factories.UserFactory(display_name="Ravi Receiver")
    fund(coordinator, services.account_for_person(person), 20)
    return person


@pytest.fixture
def cv_offer(helper: User) -> Swap:
    return swaps.post_swap(actor=helper, kind="offer", title="I can help with a CV", hours=6)


def test_both_confirm_and_the_helper_gets_the_hours_from_the_helped(
    cv_offer: Swap, helper: User, helped: User
) -> None:
    swaps.respond_to_swap(actor=helped, swap=cv_offer)
    swaps.confirm_swap(actor=helper, swap=cv_offer)
    assert balance(helper) == 0, "one confirmation moves nothing"
    done = swaps.confirm_swap(actor=helped, swap=cv_offer)
    assert done.status == Swap.Status.DONE
    assert done.transaction is not None and done.transaction.reason == Transaction.Reason.SWAPPED
    assert balance(helper) == 6 and balance(helped) == 14
    assert AuditEvent.objects.filter(action="credits.confirm_swap").count() == 2


def test_on_a_request_the_responder_is_the_helper(helper: User, helped: User) -> None:
    lift = swaps.post_swap(actor=helped, kind="request", title="A lift to hospital", hours=8)
    swaps.respond_to_swap(actor=helper, swap=lift)
    swaps.confirm_swap(actor=helped, swap=lift)
    swaps.confirm_swap(actor=helper, swap=lift)
    assert balance(helper) == 8 and balance(helped) == 12


def test_the_helped_must_have_the_balance(cv_offer: Swap, helper: User, resident: User) -> None:
    swaps.respond_to_swap(actor=resident, swap=cv_offer)
    swaps.confirm_swap(actor=helper, swap=cv_offer)
    with pytest.raises(ServiceError) as refused:
        swaps.confirm_swap(actor=resident, swap=cv_offer)
    assert refused.value.code == "not_enough_credits"
    assert "needs 1.5 credits" in refused.value.message
    cv_offer.refresh_from_db()
    assert cv_offer.status == Swap.Status.AGREED and not cv_offer.responder_confirmed
    assert balance(helper) == 0 and not Transaction.objects.filter(reason="swapped").exists()


@pytest.mark.parametrize(
    ("kind", "title", "hours", "field"),
    [
        ("gift", "Help", 4, "kind"),
        ("offer", "  ", 4, "title"),
        ("offer", "Help", 0, "hours"),
        ("offer", "Help", -4, "hours"),
        ("offer", "Help", 24 * 4 + 1, "hours"),
    ],
)
def test_bad_posts_are_refused(kind: str, title: str, hours: int, field: str, helper: User) -> None:
    with pytest.raises(ServiceError) as refused:
        swaps.post_swap(actor=helper, kind=kind, title=title, hours=hours)
    assert refused.value.field == field
    assert not Swap.objects.exists()


def test_no_one_answers_their_own_post(cv_offer: Swap, helper: User) -> None:
    with pytest.raises(ServiceError) as refused:
        swaps.respond_to_swap(actor=helper, swap=cv_offer)
    assert refused.value.code == "own_swap"


def test_a_swap_is_answered_once(cv_offer: Swap, helped: User, resident: User) -> None:
    swaps.respond_to_swap(actor=helped, swap=cv_offer)
    with pytest.raises(ServiceError) as refused:
        swaps.respond_to_swap(actor=resident, swap=cv_offer)
    assert refused.value.code == "swap_taken"
    cv_offer.refresh_from_db()
    assert cv_offer.responder == helped


def test_only_the_two_people_confirm(cv_offer: Swap, helped: User, outsider: User) -> None:
    swaps.respond_to_swap(actor=helped, swap=cv_offer)
    with pytest.raises(PermissionDenied):
        swaps.confirm_swap(actor=outsider, swap=cv_offer)


def test_an_unanswered_swap_cannot_be_confirmed(cv_offer: Swap, helper: User) -> None:
    with pytest.raises(ServiceError) as refused:
        swaps.confirm_swap(actor=helper, swap=cv_offer)
    assert refused.value.code == "swap_open"


def test_a_done_swap_pays_once(cv_offer: Swap, helper: User, helped: User) -> None:
    swaps.respond_to_swap(actor=helped, swap=cv_offer)
    swaps.confirm_swap(actor=helper, swap=cv_offer)
    swaps.confirm_swap(actor=helped, swap=cv_offer)
    with pytest.raises(ServiceError) as refused:
        swaps.confirm_swap(actor=helper, swap=cv_offer)
    assert refused.value.code == "swap_done"
    assert balance(helper) == 6


def test_swap_pages_post_respond_and_confirm(
    client: Client, helper: User, helped: User, django_assert_max_num_queries: Any
) -> None:
    client.force_login(helper)
    assert_good_page(client.get("/credits/swaps/new/"), "Post a swap")
    bad = client.post("/credits/swaps/new/", {"kind": "offer", "title": "CV", "hours": "x"})
    assert bad.status_code == 200 and not Swap.objects.exists()
    made = client.post(
        "/credits/swaps/new/", {"kind": "offer", "title": "I can help with a CV", "hours": "1.5"}
    )
    swap = Swap.objects.get()
    assert made.status_code == 302 and swap.hours == 6
    for _n in range(10):
        swaps.post_swap(actor=helped, kind="request", title="Garden", hours=4)
    with django_assert_max_num_queries(8):
        assert_good_page(client.get("/credits/swaps/"), "Time swaps")
    client.force_login(helped)
    assert_good_page(client.get(f"/credits/swaps/{swap.pk}/"), "I can help with a CV")
    assert client.post(f"/credits/swaps/{swap.pk}/respond/").status_code == 302
    assert client.post(f"/credits/swaps/{swap.pk}/confirm/").status_code == 302
    client.force_login(helper)
    assert client.post(f"/credits/swaps/{swap.pk}/confirm/").status_code == 302
    assert balance(helper) == 6


def test_swap_page_explains_a_refusal(
    client: Client, cv_offer: Swap, helper: User, resident: User
) -> None:
    swaps.respond_to_swap(actor=resident, swap=cv_offer)
    swaps.confirm_swap(actor=helper, swap=cv_offer)
    client.force_login(resident)
    response = client.post(f"/credits/swaps/{cv_offer.pk}/confirm/")
    assert response.status_code == 400
    assert "Nothing was changed" in response.content.decode()


def test_outsiders_cannot_confirm_through_the_page(
    as_outsider: Client, cv_offer: Swap, helped: User
) -> None:
    swaps.respond_to_swap(actor=helped, swap=cv_offer)
    assert as_outsider.post(f"/credits/swaps/{cv_offer.pk}/confirm/").status_code == 403


def test_swap_pages_need_signing_in(client: Client) -> None:
    assert client.get("/credits/swaps/").status_code == 302
    assert client.get("/credits/swaps/new/").status_code == 302
