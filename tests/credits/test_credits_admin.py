"""The ledger in the site administration: open to look at, closed to changes."""

from __future__ import annotations

import pytest
from django.test import Client

from coproduce.credits import services
from coproduce.credits.models import Account, Transaction
from coproduce.people.models import User
from tests.conftest import add_totp
from tests.credits.conftest import fund

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_superuser(db: None) -> Client:
    person = User.objects.create_superuser("root@example.org", "a long admin pass phrase")
    add_totp(person)
    client = Client()
    client.force_login(person)
    return client


@pytest.fixture
def funded(coordinator: User, resident: User) -> Account:
    return fund(coordinator, services.account_for_person(resident), 8)


@pytest.mark.parametrize("path", ["/admin/credits/account/", "/admin/credits/transaction/"])
def test_ledger_admin_lists_open(as_superuser: Client, funded: Account, path: str) -> None:
    assert as_superuser.get(path).status_code == 200


def test_a_transaction_can_be_looked_at(as_superuser: Client, funded: Account) -> None:
    posted = Transaction.objects.get()
    response = as_superuser.get(f"/admin/credits/transaction/{posted.pk}/change/")
    assert response.status_code == 200
    assert "Rita Resident" in response.content.decode()


def test_the_ledger_cannot_be_changed_by_hand(as_superuser: Client, funded: Account) -> None:
    assert as_superuser.get("/admin/credits/transaction/add/").status_code == 403
    assert as_superuser.get("/admin/credits/account/add/").status_code == 403
    response = as_superuser.post(f"/admin/credits/account/{funded.pk}/change/", {"balance": "1000"})
    assert response.status_code == 403
    assert Account.objects.get(pk=funded.pk).balance == 8
    delete = as_superuser.post(f"/admin/credits/account/{funded.pk}/delete/", {"post": "yes"})
    assert delete.status_code == 403
