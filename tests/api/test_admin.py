"""Personal access tokens in the site administration: visible to staff, never the secret."""

from __future__ import annotations

import pytest
from django.test import Client

from coproduce.api.services import create_token
from coproduce.people.models import User
from tests import factories
from tests.conftest import add_totp, signed_in


@pytest.fixture
def as_superuser(db: None) -> Client:
    person = factories.UserFactory(is_staff=True, is_superuser=True)
    add_totp(person)
    return signed_in(person)


def test_staff_see_tokens_by_prefix_but_cannot_change_them(
    as_superuser: Client, resident: User
) -> None:
    token, secret = create_token(actor=resident, name="Weekly report", expires_in_days=7)

    listing = as_superuser.get("/admin/api/accesstoken/").content.decode()
    detail = as_superuser.get(f"/admin/api/accesstoken/{token.pk}/change/")

    assert "Weekly report" in listing
    assert token.prefix in listing
    assert detail.status_code == 200
    assert token.token_hash not in detail.content.decode()
    assert secret not in detail.content.decode()
    assert as_superuser.get("/admin/api/accesstoken/add/").status_code == 403
