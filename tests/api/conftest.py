"""Helpers shared by the API tests: tokens and the problem shape every error must have."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from coproduce.api.services import create_token
from coproduce.people.models import User


def problem_of(response: Any, status: int) -> dict[str, Any]:
    """The response's problem body, after checking it is a well-formed RFC 9457 problem."""
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body: dict[str, Any] = json.loads(response.content)
    assert body["status"] == status
    assert body["type"] == "about:blank"
    assert body["title"]
    assert body["detail"]
    return body


def bearer(secret: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


@pytest.fixture
def resident_token(resident: User) -> str:
    _token, secret = create_token(actor=resident, name="My script", expires_in_days=30)
    return secret


@pytest.fixture
def script(resident_token: str) -> Client:
    """A client like a script would be: no session, no CSRF cookie, only the token."""
    return Client(enforce_csrf_checks=True, **bearer(resident_token))
