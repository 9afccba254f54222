"""Helpers for the ledger tests: accounts with credits in them."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client

from coproduce.api.services import create_token
from coproduce.credits import services
from coproduce.credits.models import Account
from coproduce.people.models import User


def fund(issuer: User, account: Account, quarters: int) -> Account:
    """Put credits in an account the only way credits appear: issued from the central pool."""
    services.issue_credits(
        actor=issuer,
        pool=services.issuing_pool_for(None),
        account=account,
        amount=quarters,
        key=f"test-fund-{uuid.uuid4()}",
    )
    account.refresh_from_db()
    return account


@pytest.fixture
def script(resident: User) -> Client:
    """A client like a script: no session, no CSRF cookie, only the resident's token."""
    _token, secret = create_token(actor=resident, name="My script", expires_in_days=30)
    return Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {secret}")
