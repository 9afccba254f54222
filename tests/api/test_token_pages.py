"""The pages where a signed-in person makes, sees and revokes their API keys."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from coproduce.api.auth import hash_token
from coproduce.api.models import AccessToken
from coproduce.api.services import MAX_LIVE_TOKENS, create_token, revoke_token
from coproduce.common.errors import NotFound, ServiceError
from coproduce.common.models import AuditEvent
from coproduce.people.models import User
from tests.api.conftest import bearer

LIST = reverse("api:token-list")
CREATE = reverse("api:token-create")


def test_the_token_pages_need_sign_in(client: Client, resident: User) -> None:
    token, _secret = create_token(actor=resident, name="Report", expires_in_days=7)

    for url in (LIST, CREATE, reverse("api:token-revoke", args=[token.pk])):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_the_list_shows_my_tokens_by_prefix_only(as_resident: Client, resident: User) -> None:
    token, secret = create_token(actor=resident, name="Weekly report", expires_in_days=7)

    response = as_resident.get(LIST)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Weekly report" in html
    assert token.prefix in html
    assert secret not in html
    assert html.count("<h1") == 1


def test_the_list_does_not_show_other_peoples_tokens(as_resident: Client, outsider: User) -> None:
    create_token(actor=outsider, name="Oscar's secret script", expires_in_days=7)

    assert "Oscar&#x27;s secret script" not in as_resident.get(LIST).content.decode()


def test_making_a_token_shows_it_once_and_it_works(
    as_resident: Client, resident: User, client: Client
) -> None:
    response = as_resident.post(CREATE, {"name": "Weekly report", "expires_in_days": "30"})

    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    secret = re.search(r'value="(cp_[^"]+)"', response.content.decode())
    assert secret is not None
    token = AccessToken.objects.get(person=resident)
    assert token.name == "Weekly report"
    assert token.token_hash == hash_token(secret.group(1))
    assert client.get("/api/v1/me", **bearer(secret.group(1))).status_code == 200
    assert secret.group(1) not in as_resident.get(LIST).content.decode()


def test_making_a_token_is_audited_without_the_secret(as_resident: Client, resident: User) -> None:
    response = as_resident.post(CREATE, {"name": "Weekly report", "expires_in_days": "7"})

    event = AuditEvent.objects.get(action="api.create_token")
    assert event.actor == resident
    secret = re.search(r'value="(cp_[^"]+)"', response.content.decode())
    assert secret is not None
    assert secret.group(1) not in str(event.changes) + event.summary + event.object_repr


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "expires_in_days": "30"}, "Enter what the key is for"),
        ({"name": "   ", "expires_in_days": "30"}, "Enter what the key is for"),
        ({"name": "x" * 81, "expires_in_days": "30"}, "80 characters or fewer"),
        ({"name": "Report", "expires_in_days": "12"}, "Choose how long the key should work"),
        ({"name": "Report", "expires_in_days": "abc"}, "Choose how long the key should work"),
        ({"name": "Report"}, "Choose how long the key should work"),
    ],
)
def test_a_bad_token_form_shows_the_error_summary_and_makes_nothing(
    as_resident: Client, data: dict[str, str], message: str
) -> None:
    response = as_resident.post(CREATE, data)

    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert message in html
    assert "<title>Error:" in html
    assert not AccessToken.objects.exists()


def test_an_empty_post_shows_errors_rather_than_a_blank_form(as_resident: Client) -> None:
    response = as_resident.post(CREATE, {})

    assert "govuk-error-summary" in response.content.decode()
    assert not AccessToken.objects.exists()


def test_there_is_a_limit_to_live_tokens(as_resident: Client, resident: User) -> None:
    for number in range(MAX_LIVE_TOKENS):
        create_token(actor=resident, name=f"Key {number}", expires_in_days=7)

    response = as_resident.post(CREATE, {"name": "One more", "expires_in_days": "7"})

    assert "Revoke one you no longer use" in response.content.decode()
    assert AccessToken.objects.filter(person=resident).count() == MAX_LIVE_TOKENS


def test_revoking_my_token_stops_it_working(
    as_resident: Client, resident: User, client: Client
) -> None:
    token, secret = create_token(actor=resident, name="Report", expires_in_days=7)
    url = reverse("api:token-revoke", args=[token.pk])

    confirm = as_resident.get(url)
    response = as_resident.post(url)

    assert confirm.status_code == 200
    assert "Revoke the key" in confirm.content.decode()
    assert response.status_code == 302
    assert response["Location"] == LIST
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEvent.objects.filter(action="api.revoke_token", actor=resident).count() == 1
    assert client.get("/api/v1/me", **bearer(secret)).status_code == 401
    assert "Revoked" in as_resident.get(LIST).content.decode()


def test_someone_elses_token_cannot_be_revoked_and_looks_missing(
    as_outsider: Client, resident: User, client: Client
) -> None:
    token, secret = create_token(actor=resident, name="Report", expires_in_days=7)
    url = reverse("api:token-revoke", args=[token.pk])

    assert as_outsider.get(url).status_code == 404
    assert as_outsider.post(url).status_code == 404

    token.refresh_from_db()
    assert token.revoked_at is None
    assert not AuditEvent.objects.filter(action="api.revoke_token").exists()
    assert client.get("/api/v1/me", **bearer(secret)).status_code == 200


def test_the_service_refuses_to_revoke_someone_elses_token(resident: User, outsider: User) -> None:
    token, _secret = create_token(actor=resident, name="Report", expires_in_days=7)

    with pytest.raises(NotFound):
        revoke_token(actor=outsider, token=token)

    token.refresh_from_db()
    assert token.revoked_at is None


def test_revoking_twice_changes_nothing_more(resident: User) -> None:
    token, _secret = create_token(actor=resident, name="Report", expires_in_days=7)
    first = revoke_token(actor=resident, token=token).revoked_at

    again = revoke_token(actor=resident, token=token)

    assert again.revoked_at == first
    assert AuditEvent.objects.filter(action="api.revoke_token").count() == 1


def test_a_missing_token_id_is_a_404(as_resident: Client) -> None:
    assert as_resident.get(reverse("api:token-revoke", args=[999999])).status_code == 404


def test_the_service_checks_its_own_input(resident: User) -> None:
    with pytest.raises(ServiceError):
        create_token(actor=resident, name="Report", expires_in_days=10_000)
    with pytest.raises(ServiceError):
        create_token(actor=resident, name=" ", expires_in_days=7)
    assert not AccessToken.objects.exists()
