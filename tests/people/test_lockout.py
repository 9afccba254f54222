"""Repeated wrong passwords lock the account for a while; other accounts are not affected."""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.test import Client

from coproduce.people.models import User
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def sign_in(client: Client, email: str, password: str) -> HttpResponse:
    return client.post("/accounts/login/", {"login": email, "password": password})


def test_five_wrong_passwords_lock_the_account_even_for_the_right_password(
    client: Client, resident: User
) -> None:
    for _attempt in range(5):
        response = sign_in(client, "rita@example.org", "wrong password")
    response = sign_in(client, "rita@example.org", PASSWORD)
    assert response.status_code == 429
    assert "Your account is locked for now" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_of_one_account_does_not_lock_another(
    client: Client, resident: User, outsider: User
) -> None:
    for _attempt in range(5):
        sign_in(client, "rita@example.org", "wrong password")
    response = sign_in(client, "oscar@example.org", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(outsider.pk)


def test_four_wrong_passwords_do_not_lock_the_account(client: Client, resident: User) -> None:
    for _attempt in range(4):
        response = sign_in(client, "rita@example.org", "wrong password")
        assert response.status_code == 200
    response = sign_in(client, "rita@example.org", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(resident.pk)
