"""Download my data, and erase my account."""

from __future__ import annotations

import json

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.test import Client

from coproduce.common import errors
from coproduce.common.models import AuditEvent
from coproduce.organisations.models import Membership, Organisation
from coproduce.people import services
from coproduce.people.models import Consent, DataRequest, Profile, ProfileArea, User
from tests import factories
from tests.conftest import add_totp
from tests.factories import PASSWORD
from tests.people.conftest import assert_good_page, sign_in

pytestmark = pytest.mark.django_db


def fill_in_profile(person: User) -> None:
    area = factories.AreaFactory(name="Riverside North")
    services.update_profile(
        actor=person,
        person=person,
        data={
            "phone": "07700 900982",
            "access_needs": "Large print",
            "areas_live": [area],
            "languages": ["en", "so"],
            "availability": {"wed": ["evening"]},
            "skills_other": "Baking",
            "consents": ["newsletter"],
        },
    )


# --- Download my data ---------------------------------------------------------------------------


def test_download_page_explains_what_is_in_the_file(as_resident: Client) -> None:
    response = as_resident.get("/people/me/download/")
    assert_good_page(response, "Download your data")
    assert ">Download my data</button>" in response.content.decode()


def test_download_gives_a_json_file_of_everything_we_hold(
    as_resident: Client, resident: User, outsider: User, vcs_group: Organisation
) -> None:
    fill_in_profile(resident)
    factories.MembershipFactory(person=resident, organisation=vcs_group)
    response = as_resident.post("/people/me/download/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="my-data-')
    data = json.loads(response.content)
    assert data["account"]["email"] == "rita@example.org"
    assert data["account"]["phone"] == "07700 900982"
    assert data["account"]["email_addresses"][0]["verified"] is True
    assert data["profile"]["areas_i_live_in"] == ["Riverside North"]
    assert data["profile"]["access_needs"] == "Large print"
    assert [lang["code"] for lang in data["profile"]["languages"]] == ["en", "so"]
    assert data["profile"]["availability"] == {"wed": ["evening"]}
    assert {c["purpose"] for c in data["consents"]} == set(Consent.Purpose.values)
    assert data["memberships"][0]["organisation"] == "Riverside Food Bank"
    assert data["role_grants"] == []
    assert any(event["action"] == "people.update_profile" for event in data["audit_events"])
    assert data["data_requests"][0]["kind"] == "export"
    assert "oscar@example.org" not in response.content.decode()


def test_a_download_is_recorded(as_resident: Client, resident: User) -> None:
    as_resident.post("/people/me/download/")
    request = DataRequest.objects.get(person=resident)
    assert request.kind == DataRequest.Kind.EXPORT
    assert request.status == DataRequest.Status.COMPLETED
    assert request.completed_at is not None
    assert request.requested_by == resident
    assert AuditEvent.objects.filter(action="people.export_data", object_id=str(resident.pk))


def test_nobody_can_download_someone_elses_data_through_the_service(
    resident: User, outsider: User
) -> None:
    with pytest.raises(errors.PermissionDenied):
        services.export_person_data(actor=outsider, person=resident)
    assert not DataRequest.objects.exists()


def test_download_needs_signing_in(client: Client) -> None:
    assert client.post("/people/me/download/").status_code == 302


# --- Erasure -------------------------------------------------------------------------------------


def test_erase_page_asks_for_confirmation(as_resident: Client) -> None:
    response = as_resident.get("/people/me/erase/")
    assert_good_page(response, "Erase your account")
    html = response.content.decode()
    assert 'name="confirm"' in html
    assert ">Erase the account</button>" in html


def test_erasing_without_ticking_the_box_changes_nothing(
    as_resident: Client, resident: User
) -> None:
    response = as_resident.post("/people/me/erase/", {})
    assert response.status_code == 200
    assert 'href="#id_confirm"' in response.content.decode()
    resident.refresh_from_db()
    assert resident.is_active and resident.erased_at is None
    assert not DataRequest.objects.exists()


def test_erasing_the_account_anonymises_it_and_signs_out(
    as_resident: Client, resident: User, vcs_group: Organisation
) -> None:
    fill_in_profile(resident)
    factories.MembershipFactory(person=resident, organisation=vcs_group)
    add_totp(resident)
    response = as_resident.post("/people/me/erase/", {"confirm": "on"})
    assert response["Location"] == "/people/erased/"
    assert "_auth_user_id" not in as_resident.session
    assert_good_page(as_resident.get("/people/erased/"), "Your account has been erased")

    person = User.objects.get(pk=resident.pk)
    assert person.email is None
    assert person.display_name == "Former member"
    assert person.phone == ""
    assert not person.has_usable_password()
    assert person.is_active is False
    assert person.erased_at is not None
    assert not EmailAddress.objects.filter(user=person).exists()
    assert not Authenticator.objects.filter(user=person).exists()
    assert not Membership.objects.filter(person=person).exists()
    assert not Consent.objects.filter(person=person).exists()
    profile = Profile.objects.get(person=person)
    assert (profile.access_needs, profile.skills_other, profile.languages) == ("", "", [])
    assert profile.availability == {}
    assert not ProfileArea.objects.filter(profile=profile).exists()

    request = DataRequest.objects.get(kind=DataRequest.Kind.ERASURE)
    assert request.person_reference == f"person-{person.pk}"
    assert request.status == DataRequest.Status.COMPLETED


def test_the_audit_trail_is_kept_without_the_persons_details(
    as_resident: Client, resident: User
) -> None:
    fill_in_profile(resident)
    as_resident.post("/people/me/erase/", {"confirm": "on"})
    events = AuditEvent.objects.filter(object_id=str(resident.pk))
    assert {"people.update_profile", "people.erase_account"} <= set(
        events.values_list("action", flat=True)
    )
    for event in events:
        assert "Rita" not in event.object_repr
        assert "Rita" not in json.dumps(event.changes)
    # Records that point at the person keep pointing at the (now anonymous) account.
    assert AuditEvent.objects.filter(actor_id=resident.pk).exists()


def test_an_erased_person_cannot_sign_in(client: Client, resident: User) -> None:
    services.erase_person(actor=resident, person=resident)
    response = sign_in(client, "rita@example.org", PASSWORD)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_erasure_ends_the_persons_other_sessions(resident: User) -> None:
    other_browser = Client()
    other_browser.force_login(resident)
    assert other_browser.get("/people/me/").status_code == 200
    services.erase_person(actor=resident, person=resident)
    response = other_browser.get("/people/me/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_erasing_twice_is_harmless(resident: User) -> None:
    first = services.erase_person(actor=resident, person=resident)
    second = services.erase_person(actor=resident, person=resident)
    assert first.pk == second.pk
    assert DataRequest.objects.filter(kind=DataRequest.Kind.ERASURE).count() == 1
    assert AuditEvent.objects.filter(action="people.erase_account").count() == 1


def test_a_double_submitted_erasure_form_is_harmless(as_resident: Client, resident: User) -> None:
    as_resident.post("/people/me/erase/", {"confirm": "on"})
    again = as_resident.post("/people/me/erase/", {"confirm": "on"})
    assert again.status_code == 302
    assert again["Location"].startswith("/accounts/login/")
    assert DataRequest.objects.filter(kind=DataRequest.Kind.ERASURE).count() == 1


def test_nobody_can_erase_someone_else_through_the_service(resident: User, outsider: User) -> None:
    with pytest.raises(errors.PermissionDenied):
        services.erase_person(actor=outsider, person=resident)
    resident.refresh_from_db()
    assert resident.is_active and resident.email == "rita@example.org"
