"""The "Your time credits" and "Give credits" pages, through the HTTP client."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from coproduce.credits import services
from coproduce.credits.models import Account, Transaction
from coproduce.organisations.models import Organisation
from coproduce.people.middleware import ACTING_FOR_SESSION_KEY
from coproduce.people.models import User
from tests.credits.conftest import fund
from tests.people.conftest import assert_good_page

pytestmark = pytest.mark.django_db

BALANCE = "/credits/"
GIVE = "/credits/give/"


@pytest.fixture
def rita_account(resident: User, coordinator: User) -> Account:
    return fund(coordinator, services.account_for_person(resident), 14)


def shown_key(response: object) -> str:
    html = response.content.decode()  # type: ignore[attr-defined]
    match = re.search(r'name="key" value="([^"]+)"', html)
    assert match, "the form carries a hidden key"
    return match.group(1)


def test_the_dashboard_links_to_time_credits(as_resident: Client) -> None:
    assert 'href="/credits/"' in as_resident.get("/people/me/").content.decode()


def test_signing_in_is_needed(client: Client) -> None:
    assert client.get(BALANCE).status_code == 302
    assert client.get(GIVE).status_code == 302


def test_resident_sees_their_balance_and_history(
    as_resident: Client, rita_account: Account, resident: User, outsider: User
) -> None:
    services.gift_credits(
        actor=resident,
        sender=resident,
        recipient_account=services.account_for_person(outsider),
        amount=6,
        key="k",
        memo="Thanks for the lift",
    )
    response = as_resident.get(BALANCE)
    assert_good_page(response, "Your time credits")
    page = response.content.decode()
    assert "Balance: <strong>2</strong> credits" in page
    assert "Oscar Outsider" in page
    assert "Thanks for the lift" in page
    assert "-1.5" in page
    assert "+3.5" in page


def test_a_resident_with_no_credits_is_told_how_to_earn_them(as_resident: Client) -> None:
    response = as_resident.get(BALANCE)
    assert_good_page(response, "Your time credits")
    assert "No credits yet" in response.content.decode()


def test_history_comes_twenty_at_a_time_in_a_fixed_number_of_queries(
    as_resident: Client, rita_account: Account, coordinator: User, outsider: User
) -> None:
    for number in range(30):
        fund(coordinator, rita_account, 1)
        assert number >= 0
    with CaptureQueriesContext(connection) as first:
        response = as_resident.get(BALANCE)
    rows = response.content.decode().count('<tr class="govuk-table__row">') - 1
    assert rows == 20
    assert "Page 1 of 2" in response.content.decode()
    fund(coordinator, rita_account, 1)
    with CaptureQueriesContext(connection) as second:
        as_resident.get(BALANCE)
    assert len(second.captured_queries) == len(first.captured_queries) <= 12
    assert as_resident.get(BALANCE + "?page=2").status_code == 200
    assert as_resident.get(BALANCE + "?page=9").status_code == 404
    assert as_resident.get(BALANCE + "?page=abc").status_code == 404


def test_resident_gives_credits_to_a_member(
    as_resident: Client, rita_account: Account, outsider: User
) -> None:
    form = as_resident.get(GIVE)
    assert_good_page(form, "Give credits")
    data = {"to": "person", "email": "OSCAR@example.org", "amount": "1.5", "key": shown_key(form)}
    response = as_resident.post(GIVE, data)
    assert response.status_code == 302
    assert response["Location"] == BALANCE
    assert Account.objects.get(person=outsider).balance == 6
    page = as_resident.get(BALANCE).content.decode()
    assert "1.5 credits were given to Oscar Outsider" in page


def test_sending_the_form_twice_gives_once(
    as_resident: Client, rita_account: Account, outsider: User
) -> None:
    data = {"to": "person", "email": "oscar@example.org", "amount": "1", "key": "same-showing"}
    assert as_resident.post(GIVE, data).status_code == 302
    assert as_resident.post(GIVE, data).status_code == 302
    assert Transaction.objects.filter(reason="gifted").count() == 1
    assert Account.objects.get(person=outsider).balance == 4


def test_changing_a_sent_form_and_sending_it_again_is_refused_with_a_new_key(
    as_resident: Client, rita_account: Account, outsider: User
) -> None:
    data = {"to": "person", "email": "oscar@example.org", "amount": "1", "key": "showing-1"}
    as_resident.post(GIVE, data)
    response = as_resident.post(GIVE, {**data, "amount": "2"})
    assert response.status_code == 200
    assert "already sent with different details" in response.content.decode()
    assert shown_key(response) != "showing-1"
    assert Account.objects.get(person=outsider).balance == 4


def test_resident_gives_credits_to_a_group(
    as_resident: Client, rita_account: Account, vcs_group: Organisation
) -> None:
    data = {"to": "organisation", "organisation": vcs_group.pk, "amount": "2", "key": "k"}
    assert as_resident.post(GIVE, data).status_code == 302
    assert Account.objects.get(organisation=vcs_group, kind="organisation").balance == 8


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"to": "person", "email": "oscar@example.org", "amount": "9"}, "amount", "not enough"),
        ({"to": "person", "email": "nobody@example.org", "amount": "1"}, "email", "No one with"),
        ({"to": "person", "email": "", "amount": "1"}, "email", "Enter the email address"),
        ({"to": "organisation", "amount": "1"}, "organisation", "Choose the group"),
        ({"to": "person", "email": "oscar@example.org", "amount": "-1"}, "amount", "more than 0"),
        ({"to": "person", "email": "oscar@example.org", "amount": "1.3"}, "amount", "quarters"),
        ({"to": "person", "email": "oscar@example.org", "amount": "lots"}, "amount", "quarters"),
        ({"to": "person", "email": "rita@example.org", "amount": "1"}, "recipient", "yourself"),
        ({"email": "oscar@example.org", "amount": "1"}, "to", "Choose who"),
    ],
)
def test_bad_gifts_get_a_clear_message_and_change_nothing(
    as_resident: Client,
    rita_account: Account,
    outsider: User,
    data: dict[str, str],
    field: str,
    message: str,
) -> None:
    response = as_resident.post(GIVE, {**data, "key": "k"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert Account.objects.get(pk=rita_account.pk).balance == 14
    assert not Transaction.objects.filter(reason="gifted").exists()


def test_coordinator_gives_for_the_resident_they_help(
    as_coordinator: Client, coordinator: User, resident: User, rita_account: Account, outsider: User
) -> None:
    session = as_coordinator.session
    session[ACTING_FOR_SESSION_KEY] = resident.pk
    session.save()
    response = as_coordinator.get(BALANCE)
    assert_good_page(response, "Rita Resident\u2019s time credits")
    data = {"to": "person", "email": "oscar@example.org", "amount": "1", "key": "k"}
    assert as_coordinator.post(GIVE, data).status_code == 302
    gift = Transaction.objects.get(reason="gifted")
    assert (gift.created_by, gift.on_behalf_of) == (coordinator, resident)
    assert Account.objects.get(pk=rita_account.pk).balance == 10
    assert "done by Cora Coordinator" in as_coordinator.get(BALANCE).content.decode()
