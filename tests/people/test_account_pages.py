"""Every account page a person can reach renders in our layout: one h1, a unique title."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from django.test import Client

from coproduce.people.models import User
from tests.conftest import add_totp
from tests.people.conftest import assert_good_page, sign_in, totp_code

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/accounts/login/", "Sign in"),
        ("/accounts/signup/", "Create an account"),
        ("/accounts/confirm-email/", "Check your email"),
        ("/accounts/password/reset/", "Reset your password"),
        ("/accounts/password/reset/done/", "Check your email to reset your password"),
        ("/accounts/password/reset/key/done/", "Your password has been changed"),
        ("/accounts/password/reset/key/1-not-a-key/", "This password reset link does not work"),
        ("/accounts/confirm-email/not-a-key/", "This link has expired or does not work"),
        ("/accounts/inactive/", "This account cannot be used"),
    ],
)
def test_pages_for_people_not_signed_in(client: Client, path: str, heading: str) -> None:
    response = client.get(path)
    assert_good_page(response, heading)
    assert 'class="govuk-' in response.content.decode()


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/accounts/logout/", "Do you want to sign out?"),
        ("/accounts/password/change/", "Change your password"),
        ("/accounts/email/", "Your email addresses"),
        ("/accounts/2fa/", "Two-step sign in"),
        ("/accounts/reauthenticate/", "Enter your password to carry on"),
    ],
)
def test_pages_for_people_signed_in(as_resident: Client, path: str, heading: str) -> None:
    assert_good_page(as_resident.get(path), heading)


def test_every_account_page_has_its_own_title(client: Client, as_resident: Client) -> None:
    titles = [
        assert_good_page(client.get(path), heading)
        for path, heading in [
            ("/accounts/login/", "Sign in"),
            ("/accounts/signup/", "Create an account"),
            ("/accounts/confirm-email/", "Check your email"),
            ("/accounts/password/reset/", "Reset your password"),
            ("/accounts/password/reset/done/", "Check your email to reset your password"),
        ]
    ]
    titles += [
        assert_good_page(as_resident.get(path), heading)
        for path, heading in [
            ("/accounts/logout/", "Do you want to sign out?"),
            ("/accounts/password/change/", "Change your password"),
            ("/accounts/email/", "Your email addresses"),
            ("/accounts/2fa/", "Two-step sign in"),
        ]
    ]
    assert len(set(titles)) == len(titles)


def test_sign_in_form_uses_standard_field_names(client: Client) -> None:
    html = client.get("/accounts/login/").content.decode()
    assert 'name="login"' in html
    assert 'name="password"' in html
    assert "placeholder" not in html
    assert ">Sign in</button>" in html


def test_sign_in_with_a_wrong_password_shows_the_error_summary(
    client: Client, resident: User
) -> None:
    response = sign_in(client, "rita@example.org", "not my password")
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert "<title>Error: Sign in" in html


def test_sign_out_ends_the_session(as_resident: Client) -> None:
    response = as_resident.post("/accounts/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in as_resident.session


def test_a_password_set_page_is_shown_to_someone_without_a_password(client: Client) -> None:
    person = User.objects.create_user(email="nopass@example.org", display_name="No Pass")
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    client.force_login(person)
    assert_good_page(client.get("/accounts/password/set/"), "Choose a password")


def test_valid_confirmation_link_asks_to_confirm(client: Client) -> None:
    person = User.objects.create_user(email="new@example.org", display_name="New", password="x")
    address = EmailAddress.objects.create(user=person, email=person.email, primary=True)
    key = EmailConfirmationHMAC(address).key
    response = client.get(f"/accounts/confirm-email/{key}/")
    assert_good_page(response, "Confirm your email address")
    assert "Confirm email address</button>" in response.content.decode()


# --- Two-step sign in -------------------------------------------------------------------------


def test_staff_sign_in_asks_for_the_authenticator_code(client: Client, coordinator: User) -> None:
    response = sign_in(client, "cora@example.org")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/authenticate/"
    page = client.get("/accounts/2fa/authenticate/")
    assert_good_page(page, "Enter the code from your authenticator app")
    assert 'name="code"' in page.content.decode()


def test_a_wrong_authenticator_code_is_refused_with_a_message(
    client: Client, coordinator: User
) -> None:
    sign_in(client, "cora@example.org")
    response = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_right_authenticator_code_signs_staff_in(client: Client) -> None:
    person = User.objects.create_user(
        email="cody@example.org", display_name="Cody", password="a long enough pass phrase"
    )
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    secret = add_totp(person)
    sign_in(client, "cody@example.org", "a long enough pass phrase")
    response = client.post("/accounts/2fa/authenticate/", {"code": totp_code(secret)})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(person.pk)


def test_setting_up_an_authenticator_app_shows_the_qr_code_and_the_key(
    client: Client, resident: User
) -> None:
    sign_in(client, "rita@example.org")
    response = client.get("/accounts/2fa/totp/activate/")
    title = assert_good_page(response, "Set up an authenticator app")
    html = response.content.decode()
    assert 'src="data:image/svg+xml;base64,' in html
    assert response.context["form"].secret in html
    assert 'name="code"' in html
    assert ">Activate</button>" in html
    assert "http" not in html.split('class="cp-qr-code"')[1].split(">")[0]
    assert title


def test_activating_the_app_with_a_right_code_turns_on_two_step_sign_in(
    client: Client, resident: User
) -> None:
    from allauth.mfa.models import Authenticator

    sign_in(client, "rita@example.org")
    secret = client.get("/accounts/2fa/totp/activate/").context["form"].secret
    response = client.post("/accounts/2fa/totp/activate/", {"code": totp_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=resident, type=Authenticator.Type.TOTP).exists()
    codes = client.get(response["Location"])
    assert_good_page(codes, "Your recovery codes")


def test_activating_with_a_wrong_code_shows_an_error(client: Client, resident: User) -> None:
    from allauth.mfa.models import Authenticator

    sign_in(client, "rita@example.org")
    client.get("/accounts/2fa/totp/activate/")
    response = client.post("/accounts/2fa/totp/activate/", {"code": "12"})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert not Authenticator.objects.filter(user=resident).exists()


def signed_in_with_mfa(client: Client, email: str, secret: str) -> None:
    sign_in(client, email)
    response = client.post("/accounts/2fa/authenticate/", {"code": totp_code(secret)})
    assert response.status_code == 302


def test_recovery_code_and_deactivate_pages_render(client: Client) -> None:
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    person = User.objects.create_user(
        email="mo@example.org", display_name="Mo", password="correct-horse-battery-staple"
    )
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    secret = add_totp(person)
    RecoveryCodes.activate(person)
    signed_in_with_mfa(client, "mo@example.org", secret)
    assert_good_page(client.get("/accounts/2fa/"), "Two-step sign in")
    assert_good_page(client.get("/accounts/2fa/recovery-codes/"), "Your recovery codes")
    assert_good_page(
        client.get("/accounts/2fa/recovery-codes/generate/"), "Make new recovery codes"
    )
    assert_good_page(client.get("/accounts/2fa/totp/deactivate/"), "Turn off the authenticator app")


def test_mfa_reauthentication_page_renders(client: Client) -> None:
    person = User.objects.create_user(email="re@example.org", display_name="Re", password="x" * 12)
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    add_totp(person)
    client.force_login(person)
    assert_good_page(client.get("/accounts/2fa/reauthenticate/"), "Enter a code to carry on")


def test_an_empty_sign_in_form_says_what_is_missing(client: Client) -> None:
    response = client.post("/accounts/login/", {"login": "", "password": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert '<a href="#id_login">Enter your email address</a>' in html
    assert '<a href="#id_password">Enter your password</a>' in html


def test_allauth_pages_we_did_not_rewrite_still_get_our_layout(rf: Any) -> None:
    """mfa/trust.html is switched off here; it stands for any allauth page added later."""
    from datetime import timedelta

    from django import forms
    from django.contrib.auth.models import AnonymousUser
    from django.template.loader import render_to_string
    from django.utils import timezone

    request = rf.get("/accounts/2fa/trust/")
    request.user = AnonymousUser()
    now = timezone.now()
    context = {"form": forms.Form(), "trust_from": now, "trust_until": now + timedelta(days=7)}
    html = render_to_string("mfa/trust.html", context, request=request)
    assert "govuk-template" in html
    assert '<h1 class="govuk-heading-l">' in html
    assert 'class="govuk-body"' in html
    assert 'class="govuk-button' in html
    assert 'class="govuk-footer' in html
    assert '<script src="/static/mfa' not in html


def test_adding_an_email_address_sends_a_link_to_it(
    as_resident: Client, resident: User, django_capture_on_commit_callbacks: Any
) -> None:
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        response = as_resident.post(
            "/accounts/email/", {"action_add": "", "email": "rita.home@example.org"}
        )
    assert response.status_code == 302
    address = EmailAddress.objects.get(email="rita.home@example.org")
    assert address.user == resident and not address.verified
    assert mail.outbox[0].to == ["rita.home@example.org"]


def test_adding_a_malformed_email_address_is_a_form_error(as_resident: Client) -> None:
    response = as_resident.post("/accounts/email/", {"action_add": "", "email": "not an email"})
    assert response.status_code == 200
    assert 'href="#id_email"' in response.content.decode()


@pytest.mark.parametrize(
    ("template", "heading"),
    [
        ("account/verified_email_required.html", "Confirm your email address first"),
        ("account/signup_closed.html", "You cannot create an account at the moment"),
    ],
)
def test_account_pages_shown_only_in_rare_cases_render(
    rf: Any, template: str, heading: str
) -> None:
    from django.contrib.auth.models import AnonymousUser
    from django.template.loader import render_to_string

    request = rf.get("/accounts/")
    request.user = AnonymousUser()
    html = render_to_string(template, {}, request=request)
    assert f'<h1 class="govuk-heading-l">{heading}</h1>' in html
    assert f"<title>{heading} \u2013 " in html
