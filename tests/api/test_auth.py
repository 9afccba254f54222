"""Who may call the API: personal access tokens for scripts, the session for the browser."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from coproduce.api.auth import hash_token
from coproduce.api.models import AccessToken
from coproduce.api.services import create_token, revoke_token
from coproduce.people.models import User
from tests.api.conftest import bearer, problem_of

ME = "/api/v1/me"


def test_a_live_token_lets_a_script_read_its_account(script: Client, resident: User) -> None:
    response = script.get(ME)

    assert response.status_code == 200
    assert response.json()["id"] == resident.pk


def test_a_script_with_a_token_can_change_its_account_without_csrf(
    script: Client, resident: User
) -> None:
    response = script.patch(ME, {"display_name": "Rita R"}, content_type="application/json")

    assert response.status_code == 200
    resident.refresh_from_db()
    assert resident.display_name == "Rita R"


def test_no_credentials_get_a_401_problem_that_says_how_to_sign_in(
    client: Client, db: None
) -> None:
    body = problem_of(client.get(ME), 401)

    assert "Bearer" in body["detail"]


def test_the_401_names_the_bearer_scheme(client: Client, db: None) -> None:
    assert client.get(ME)["WWW-Authenticate"].startswith("Bearer")


def test_a_wrong_token_is_refused(client: Client, resident_token: str) -> None:
    problem_of(client.get(ME, **bearer(resident_token + "x")), 401)
    problem_of(client.get(ME, **bearer("cp_made-up")), 401)
    problem_of(client.get(ME, HTTP_AUTHORIZATION="Basic cml0YTpzZWNyZXQ="), 401)
    problem_of(client.get(ME, HTTP_AUTHORIZATION="Bearer"), 401)


def test_a_revoked_token_is_refused(client: Client, resident: User) -> None:
    token, secret = create_token(actor=resident, name="Old", expires_in_days=7)
    revoke_token(actor=resident, token=token)

    problem_of(client.get(ME, **bearer(secret)), 401)


def test_an_expired_token_is_refused(client: Client, resident: User) -> None:
    token, secret = create_token(actor=resident, name="Old", expires_in_days=7)
    AccessToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))

    problem_of(client.get(ME, **bearer(secret)), 401)


def test_an_inactive_persons_token_is_refused(
    client: Client, resident: User, resident_token: str
) -> None:
    User.objects.filter(pk=resident.pk).update(is_active=False)

    problem_of(client.get(ME, **bearer(resident_token)), 401)


def test_an_erased_persons_token_is_refused(
    client: Client, resident: User, resident_token: str
) -> None:
    User.objects.filter(pk=resident.pk).update(erased_at=timezone.now())

    problem_of(client.get(ME, **bearer(resident_token)), 401)


def test_only_a_hash_of_the_token_is_stored(resident: User) -> None:
    token, secret = create_token(actor=resident, name="Report", expires_in_days=30)

    assert secret.startswith("cp_")
    assert token.token_hash == hash_token(secret)
    assert secret not in token.token_hash
    assert secret.startswith(token.prefix)
    assert len(token.prefix) < len(secret) // 2


def test_using_a_token_records_when_it_was_last_used(client: Client, resident: User) -> None:
    token, secret = create_token(actor=resident, name="Report", expires_in_days=30)
    assert token.last_used_at is None

    client.get(ME, **bearer(secret))

    token.refresh_from_db()
    assert token.last_used_at is not None


def test_last_used_is_written_at_most_once_a_minute(client: Client, resident: User) -> None:
    token, secret = create_token(actor=resident, name="Report", expires_in_days=30)
    client.get(ME, **bearer(secret))
    token.refresh_from_db()
    first_use = token.last_used_at

    client.get(ME, **bearer(secret))
    token.refresh_from_db()
    assert token.last_used_at == first_use

    stale = timezone.now() - timedelta(minutes=2)
    AccessToken.objects.filter(pk=token.pk).update(last_used_at=stale)
    client.get(ME, **bearer(secret))
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert token.last_used_at > stale


def test_the_browser_session_can_read_the_account(as_resident: Client, resident: User) -> None:
    response = as_resident.get(ME)

    assert response.status_code == 200
    assert response.json()["email"] == resident.email


def test_a_browser_change_without_the_csrf_token_is_refused(resident: User) -> None:
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(resident)

    body = problem_of(
        browser.patch(ME, {"display_name": "Hacked"}, content_type="application/json"), 403
    )

    assert "CSRF" in body["detail"]
    resident.refresh_from_db()
    assert resident.display_name == "Rita Resident"


def test_a_browser_change_with_the_csrf_token_is_accepted(resident: User) -> None:
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(resident)
    browser.get("/api/tokens/")  # any page with a form sets the CSRF cookie
    csrf = browser.cookies["csrftoken"].value

    response = browser.patch(
        ME, {"display_name": "Rita R"}, content_type="application/json", HTTP_X_CSRFTOKEN=csrf
    )

    assert response.status_code == 200
    resident.refresh_from_db()
    assert resident.display_name == "Rita R"


def test_an_anonymous_change_is_told_to_sign_in_not_about_csrf(db: None) -> None:
    anonymous = Client(enforce_csrf_checks=True)

    problem_of(anonymous.patch(ME, {"display_name": "x"}, content_type="application/json"), 401)


def test_public_lists_need_no_sign_in(client: Client, db: None) -> None:
    assert client.get("/api/v1/areas").status_code == 200
    assert client.get("/api/v1/organisations").status_code == 200


def test_public_lists_ignore_a_bad_token(client: Client, db: None) -> None:
    assert client.get("/api/v1/areas", **bearer("cp_nonsense")).status_code == 200
