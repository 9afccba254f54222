"""Whole journeys in a real browser, each page checked on the way (axe, widths, keyboard).

A resident: create an account → confirm the email → edit each part of the profile →
download their data. A coordinator: sign in with a code from an authenticator app →
make an account for someone who is not online → act for them → the audit log says so.
"""

from __future__ import annotations

import json
import re
import time
from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core import mail
from playwright.sync_api import Page, expect

from coproduce.people.models import RoleGrant, Skill, User
from tests import factories
from tests.browser.pagecheck import assert_only_documented_cookies, check_page
from tests.conftest import add_totp

pytestmark = pytest.mark.browser

PASSWORD = "a-long-and-unusual-passphrase-42"


@pytest.fixture
def places(db: Any) -> None:
    """Rows the profile offers. Made here: a browser test's database is emptied after each test,
    which takes the rows the migrations made with it."""
    factories.AreaFactory(name="Riverside North", slug="riverside-north")
    factories.AreaFactory(name="Riverside South", slug="riverside-south")
    Skill.objects.get_or_create(name="Gardening", kind=Skill.Kind.SKILL)
    Skill.objects.get_or_create(name="Animals", kind=Skill.Kind.INTEREST)


def click_and_wait(page: Page, locator: Any) -> None:
    with page.expect_navigation():
        locator.click()


def link_in_latest_email(to: str) -> str:
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        for message in reversed(mail.outbox):
            if to in message.to:
                found = re.search(r"https?://\S+/accounts/confirm-email/\S+", str(message.body))
                assert found, f"no link in the email:\n{message.body}"
                return found.group(0)
        time.sleep(0.05)
    raise AssertionError(f"no email was sent to {to}")


def totp_code(secret: str) -> str:
    """The code the app shows now; not in a window's last seconds, which could run out
    before the server checks it."""
    if time.time() % 30 > 27:
        time.sleep(30 - time.time() % 30 + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_resident_registers_confirms_edits_profile_and_downloads_their_data(
    page: Page, places: None
) -> None:
    page.goto("/")
    check_page(page, "journey-home")
    click_and_wait(page, page.get_by_role("main").get_by_role("button", name="Create an account"))

    # Create an account; a mistake first, to see the error summary.
    expect(page.locator("h1")).to_have_text("Create an account")
    page.get_by_label("Your name").fill("Sam Sample")
    page.get_by_label("Email address").fill("sam@example.org")
    page.get_by_label("Create a password").fill(PASSWORD)
    page.get_by_label("Type the password again").fill("not the same")
    click_and_wait(page, page.get_by_role("button", name="Create account"))
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert page.title().startswith("Error:")
    check_page(page, "journey-create-account-error")
    page.get_by_label("Create a password").fill(PASSWORD)
    page.get_by_label("Type the password again").fill(PASSWORD)
    click_and_wait(page, page.get_by_role("button", name="Create account"))

    expect(page.locator("h1")).to_have_text("Check your email")
    check_page(page, "journey-check-your-email")

    # Follow the link in the email, and confirm.
    page.goto(link_in_latest_email("sam@example.org"))
    expect(page.locator("h1")).to_have_text("Confirm your email address")
    check_page(page, "journey-confirm-email")
    click_and_wait(page, page.get_by_role("button", name="Confirm email address"))

    # Signed in, on their account page.
    expect(page.locator("h1")).to_have_text("Your account")
    expect(page.get_by_role("banner")).to_contain_text("Sam Sample")
    check_page(page, "journey-your-account")

    click_and_wait(page, page.get_by_role("link", name="See and change the profile"))
    expect(page.locator("h1")).to_have_text("Your profile")
    check_page(page, "journey-profile-empty")
    edit_details(page)
    edit_where_and_when(page)
    edit_skills(page)
    edit_contact(page)
    check_page(page, "journey-profile-filled")

    download_my_data(page)
    assert_only_documented_cookies(page)


def save_and_return(page: Page) -> None:
    click_and_wait(page, page.get_by_role("button", name="Save"))
    expect(page.locator("h1")).to_have_text("Your profile")
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()


def open_section(page: Page, change_link: str, heading: str, name: str) -> None:
    click_and_wait(page, page.get_by_role("link", name=change_link, exact=True))
    expect(page.locator("h1")).to_have_text(heading)
    check_page(page, name)


def edit_details(page: Page) -> None:
    open_section(page, "Change phone number", "Your details", "journey-profile-details")
    page.get_by_label("Phone number").fill("not a phone number")
    click_and_wait(page, page.get_by_role("button", name="Save"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a phone number")
    check_page(page, "journey-profile-details-error")
    page.get_by_label("Phone number").fill("07700 900 982")
    page.get_by_label("Anything that would help you take part").fill("Step-free access")
    page.get_by_role("group", name="Languages you speak").get_by_label("Welsh").check()
    save_and_return(page)
    expect(page.get_by_role("main")).to_contain_text("07700 900 982")


def edit_where_and_when(page: Page) -> None:
    open_section(page, "Change where you live", "Where and when", "journey-profile-where")
    page.get_by_role("group", name="Where do you live?").get_by_label("Riverside North").check()
    page.get_by_role("group", name="Monday").get_by_label("Morning").check()
    save_and_return(page)
    expect(page.get_by_role("main")).to_contain_text("Riverside North")


def edit_skills(page: Page) -> None:
    open_section(page, "Change skills", "Skills and interests", "journey-profile-skills")
    page.get_by_role("group", name="What are you good at?").get_by_label("Gardening").check()
    page.get_by_label("Other interests").fill("Local history")
    save_and_return(page)
    expect(page.get_by_role("main")).to_contain_text("Gardening")


def edit_contact(page: Page) -> None:
    open_section(
        page, "Change how we can contact you", "Contact and consent", "journey-profile-contact"
    )
    page.get_by_role("group", name="How can we contact you?").get_by_label("Text message").check()
    page.get_by_role("group", name="What do you agree to?").get_by_label(
        "Invite me to surveys and research"
    ).check()
    save_and_return(page)
    expect(page.get_by_role("main")).to_contain_text("Text message")


def download_my_data(page: Page) -> None:
    click_and_wait(page, page.get_by_role("link", name="Back to your account"))
    click_and_wait(page, page.get_by_role("link", name="Download a copy of the data we hold"))
    expect(page.locator("h1")).to_have_text("Download your data")
    check_page(page, "journey-download-data")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download my data").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".json")
    data = json.loads(download.path().read_text(encoding="utf-8"))

    assert data["account"]["email"] == "sam@example.org"
    assert data["account"]["display_name"] == "Sam Sample"
    assert data["account"]["phone"] == "07700 900 982"
    profile = data["profile"]
    assert profile["access_needs"] == "Step-free access"
    assert [language["code"] for language in profile["languages"]] == ["cy"]
    assert profile["areas_i_live_in"] == ["Riverside North"]
    assert profile["availability"] == {"mon": ["morning"]}
    assert profile["skills"] == ["Gardening"]
    assert profile["other_interests"] == "Local history"
    assert profile["contact_by"]["text"] is True
    assert {(c["purpose"], c["granted"]) for c in data["consents"]} >= {("research", True)}


@pytest.fixture
def cora(db: Any) -> tuple[User, str]:
    """A coordinator with an authenticator app; returns her and the app's secret."""
    person = factories.UserFactory(display_name="Cora Coordinator", email="cora@example.org")
    factories.RoleGrantFactory(person=person, role=RoleGrant.Role.COORDINATOR, area=None)
    return person, add_totp(person)


def test_coordinator_signs_in_with_a_code_and_acts_for_someone_not_online(
    page: Page, cora: tuple[User, str]
) -> None:
    _coordinator, secret = cora
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill("cora@example.org")
    page.get_by_label("Password").fill(factories.PASSWORD)
    click_and_wait(page, page.get_by_role("button", name="Sign in"))

    expect(page.locator("h1")).to_have_text("Enter the code from your authenticator app")
    check_page(page, "journey-mfa-code")
    page.get_by_label("Code").fill(totp_code(secret))
    click_and_wait(page, page.get_by_role("button", name="Continue"))
    expect(page.get_by_role("banner")).to_contain_text("Cora Coordinator")

    click_and_wait(
        page, page.get_by_role("navigation", name="Menu").get_by_role("link", name="People")
    )
    expect(page.locator("h1")).to_have_text("People")
    check_page(page, "journey-staff-people")

    click_and_wait(page, page.get_by_role("link", name="Create an account for someone"))
    check_page(page, "journey-staff-create")
    page.get_by_label("Their name").fill("Pat Paper")
    page.get_by_label("Phone number").fill("01632 960 001")
    click_and_wait(page, page.get_by_role("button", name="Create account"))

    expect(page.locator("h1")).to_have_text("Pat Paper")
    expect(page.get_by_role("main")).to_contain_text("None \N{EN DASH} staff help this person")
    check_page(page, "journey-staff-person")

    click_and_wait(page, page.get_by_role("button", name="Act for this person"))
    expect(page.get_by_role("region", name="Helping someone")).to_contain_text("Pat Paper")
    check_page(page, "journey-acting-profile")

    click_and_wait(page, page.get_by_role("link", name="Change what would help you take part"))
    check_page(page, "journey-acting-details")
    page.get_by_label("Anything that would help you take part").fill("Large print, please")
    save_and_return(page)
    expect(page.get_by_role("main")).to_contain_text("Large print, please")

    click_and_wait(page, page.get_by_role("button", name="Stop helping this person"))
    expect(page.locator("h1")).to_have_text("Pat Paper")
    click_and_wait(page, page.get_by_role("link", name=re.compile("See every change to")))
    expect(page.locator("h1")).to_have_text("Changes to Pat Paper")
    check_page(page, "journey-audit-log")
    changes = page.get_by_role("table")
    expect(changes).to_contain_text("by Cora Coordinator on behalf of Pat Paper")
    assert_only_documented_cookies(page)
