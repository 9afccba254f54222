"""Creating an account: register, confirm the email address, sign in. And what goes wrong."""

from __future__ import annotations

import re
import time
from typing import Any
from unittest import mock

import pytest
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from django.core import mail
from django.test import Client

from coproduce.common.models import AuditEvent
from coproduce.people.models import Profile, User
from tests.people.conftest import assert_good_page, sign_in

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "plenty of river water"
LINK = re.compile(r"http://testserver(/accounts/confirm-email/[^\s/]+/)")


def sign_up(client: Client, capture: Any, **overrides: str) -> Any:
    data = {
        "display_name": "Nia New",
        "email": "nia@example.org",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        **overrides,
    }
    with capture(execute=True):
        return client.post("/accounts/signup/", data)


def test_register_verify_and_sign_in(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    response = sign_up(client, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert_good_page(client.get(response["Location"]), "Check your email")

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nia@example.org"]
    assert "Confirm your email address" in message.subject
    link = LINK.search(message.body)
    assert link, message.body
    person = User.objects.get(email="nia@example.org")
    assert person.display_name == "Nia New"
    assert Profile.objects.filter(person=person).exists()
    assert AuditEvent.objects.filter(action="people.register", object_id=str(person.pk)).exists()

    assert_good_page(client.get(link.group(1)), "Confirm your email address")
    confirmed = client.post(link.group(1))
    assert confirmed.status_code == 302
    assert client.session["_auth_user_id"] == str(person.pk)
    assert EmailAddress.objects.get(user=person).verified
    dashboard = client.get(confirmed["Location"])
    assert_good_page(dashboard, "Your account")
    assert "Nia New" in dashboard.content.decode()

    client.post("/accounts/logout/")
    again = sign_in(client, "nia@example.org", NEW_PASSWORD)
    assert again.status_code == 302
    assert client.session["_auth_user_id"] == str(person.pk)


def test_cannot_sign_in_before_confirming_the_email_address(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    sign_up(client, django_capture_on_commit_callbacks)
    client.post("/accounts/logout/")
    response = sign_in(client, "nia@example.org", NEW_PASSWORD)
    assert response["Location"] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session


def test_duplicate_email_at_signup_is_a_form_error(
    client: Client, resident: User, django_capture_on_commit_callbacks: Any
) -> None:
    response = sign_up(client, django_capture_on_commit_callbacks, email="RITA@example.org")
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert 'href="#id_email"' in html
    assert User.objects.filter(email__iexact="rita@example.org").count() == 1


def test_weak_password_at_signup_is_a_form_error(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    response = sign_up(
        client, django_capture_on_commit_callbacks, password1="password", password2="password"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "too common" in html or "too short" in html
    assert not User.objects.filter(email="nia@example.org").exists()
    assert mail.outbox == []


def test_mismatched_passwords_at_signup_are_a_form_error(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    response = sign_up(client, django_capture_on_commit_callbacks, password2="something else here")
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert not User.objects.filter(email="nia@example.org").exists()


def test_blank_name_at_signup_is_a_form_error(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    response = sign_up(client, django_capture_on_commit_callbacks, display_name="   ")
    assert response.status_code == 200
    assert 'href="#id_display_name"' in response.content.decode()
    assert not User.objects.filter(email="nia@example.org").exists()


def test_new_passwords_are_hashed_with_argon2(
    client: Client, django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    from coproduce import settings as production

    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS  # tests hash with MD5 first
    assert settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    sign_up(client, django_capture_on_commit_callbacks)
    person = User.objects.get(email="nia@example.org")
    assert person.password.startswith("argon2")
    assert person.check_password(NEW_PASSWORD)


def unverified_address() -> EmailAddress:
    person = User.objects.create_user(
        email="late@example.org", display_name="Lee Late", password=NEW_PASSWORD
    )
    return EmailAddress.objects.create(user=person, email=person.email, primary=True)


def test_expired_verification_link_says_so_and_offers_a_new_link(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    address = unverified_address()
    four_days_ago = time.time() - 4 * 24 * 3600
    with mock.patch("time.time", return_value=four_days_ago):
        key = EmailConfirmationHMAC(address).key

    response = client.get(f"/accounts/confirm-email/{key}/")
    assert_good_page(response, "This link has expired or does not work")
    html = response.content.decode()
    assert "work for 3 days" in html
    assert "Sign in to get a new link" in html
    assert not EmailAddress.objects.get(pk=address.pk).verified

    with django_capture_on_commit_callbacks(execute=True):
        again = sign_in(client, "late@example.org", NEW_PASSWORD)
    assert again["Location"] == "/accounts/confirm-email/"
    assert len(mail.outbox) == 1
    fresh = LINK.search(mail.outbox[0].body)
    assert fresh
    client.post(fresh.group(1))
    assert EmailAddress.objects.get(pk=address.pk).verified


def test_posting_an_expired_link_changes_nothing(client: Client) -> None:
    address = unverified_address()
    with mock.patch("time.time", return_value=time.time() - 4 * 24 * 3600):
        key = EmailConfirmationHMAC(address).key
    response = client.post(f"/accounts/confirm-email/{key}/")
    assert response.status_code == 404
    assert not EmailAddress.objects.get(pk=address.pk).verified


def test_password_reset_sends_a_link_that_sets_a_new_password(
    client: Client, resident: User, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/password/reset/", {"email": "rita@example.org"})
    assert response["Location"] == "/accounts/password/reset/done/"
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+/)", mail.outbox[0].body)
    assert link
    form_page = client.get(link.group(1), follow=True)
    assert_good_page(form_page, "Choose a new password")
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"password1": "a brand new pass phrase", "password2": "a brand new pass phrase"},
    )
    assert done["Location"] == "/accounts/password/reset/key/done/"
    resident.refresh_from_db()
    assert resident.check_password("a brand new pass phrase")


def test_weak_new_password_on_the_change_page_is_a_form_error(as_resident: Client) -> None:
    response = as_resident.post(
        "/accounts/password/change/",
        {"oldpassword": "correct-horse-battery-staple", "password1": "12345", "password2": "12345"},
    )
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
