"""Staff helping people: the People page, accounts made for someone, acting on their behalf."""

from __future__ import annotations

import json
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.test import Client

from coproduce.common import errors
from coproduce.common.models import AuditEvent
from coproduce.people import services
from coproduce.people.middleware import ACTING_FOR_SESSION_KEY
from coproduce.people.models import DataRequest, Profile, RoleGrant, User
from tests import factories
from tests.people.conftest import assert_good_page

pytestmark = pytest.mark.django_db

CREATE = "/people/staff/new/"


def act_for(client: Client, person: User) -> Any:
    return client.post(f"/people/staff/{person.pk}/act/")


# --- The People page ---------------------------------------------------------------------------


def test_people_page_lists_and_finds_people(as_coordinator: Client, resident: User) -> None:
    response = as_coordinator.get("/people/staff/")
    assert_good_page(response, "People")
    html = response.content.decode()
    assert f'href="/people/staff/{resident.pk}/"' in html
    assert f'href="{CREATE}"' in html
    assert "Create an account for someone" in html
    found = as_coordinator.get("/people/staff/?q=rita").content.decode()
    assert f'href="/people/staff/{resident.pk}/"' in found
    assert "1 person found" in found


def test_people_page_pages_keep_the_search(as_coordinator: Client) -> None:
    for number in range(25):
        factories.UserFactory(display_name=f"Sam {number:02}")
    first = as_coordinator.get("/people/staff/?q=sam").content.decode()
    assert "?q=sam&amp;page=2" in first
    second = as_coordinator.get("/people/staff/?q=sam&page=2")
    assert second.status_code == 200
    assert "Sam 24" in second.content.decode()


@pytest.mark.parametrize("page", ["-1", "1000000000", "abc"])
def test_a_bad_page_number_is_not_found(as_coordinator: Client, page: str) -> None:
    assert as_coordinator.get(f"/people/staff/?page={page}").status_code == 404


def test_people_page_query_count_is_bounded(
    as_coordinator: Client, coordinator: User, django_assert_max_num_queries: Any
) -> None:
    for _ in range(30):
        services.create_assisted_account(actor=coordinator, display_name="Someone")
    with django_assert_max_num_queries(10):
        assert as_coordinator.get("/people/staff/").status_code == 200


@pytest.mark.parametrize("path", ["/people/staff/", CREATE])
def test_residents_and_group_members_cannot_open_staff_pages(
    as_resident: Client, as_group_member: Client, path: str
) -> None:
    assert as_resident.get(path).status_code == 403
    assert as_group_member.get(path).status_code == 403


# --- Accounts made for someone ------------------------------------------------------------------


def test_coordinator_creates_an_account_without_an_email_address(
    as_coordinator: Client, coordinator: User
) -> None:
    assert_good_page(as_coordinator.get(CREATE), "Create an account for someone")
    response = as_coordinator.post(
        CREATE,
        {"display_name": "Agnes Assisted", "phone": "01632 960 001", "preferred_language": "cy"},
    )
    person = User.objects.get(display_name="Agnes Assisted")
    assert response["Location"] == f"/people/staff/{person.pk}/"
    assert person.email is None
    assert person.is_assisted
    assert person.created_by == coordinator
    assert person.preferred_language == "cy"
    assert not person.has_usable_password()
    assert Profile.objects.filter(person=person).exists()
    event = AuditEvent.objects.get(action="people.create_assisted_account")
    assert event.actor == coordinator
    assert event.on_behalf_of == person
    page = as_coordinator.get(response["Location"])
    assert_good_page(page, "Agnes Assisted")
    assert ">Act for this person</button>" in page.content.decode()


def test_an_assisted_account_can_have_an_email_address(coordinator: User) -> None:
    person = services.create_assisted_account(
        actor=coordinator, display_name="Ed", email="ED@Example.org"
    )
    assert person.email == "ed@example.org"
    address = EmailAddress.objects.get(user=person)
    assert address.primary and not address.verified


def test_an_email_address_already_in_use_is_a_form_error(
    as_coordinator: Client, resident: User
) -> None:
    response = as_coordinator.post(
        CREATE, {"display_name": "Copy", "email": "Rita@example.org", "preferred_language": "en"}
    )
    assert response.status_code == 200
    assert "There is already an account with this email address" in response.content.decode()
    assert not User.objects.filter(display_name="Copy").exists()


def test_a_blank_name_or_unknown_language_is_a_form_error(as_coordinator: Client) -> None:
    response = as_coordinator.post(CREATE, {"display_name": " ", "preferred_language": "xx"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_display_name"' in html
    assert 'href="#id_preferred_language_0"' in html
    assert User.objects.count() == 1  # only the coordinator: no new account


def test_a_resident_cannot_create_an_account_for_someone(
    as_resident: Client, resident: User
) -> None:
    response = as_resident.post(CREATE, {"display_name": "Sneaky", "preferred_language": "en"})
    assert response.status_code == 403
    with pytest.raises(errors.PermissionDenied):
        services.create_assisted_account(actor=resident, display_name="Sneaky")
    assert not User.objects.filter(display_name="Sneaky").exists()


# --- Acting for someone --------------------------------------------------------------------------


def test_coordinator_acts_for_a_resident_and_is_recorded_doing_so(
    as_coordinator: Client, coordinator: User, resident: User
) -> None:
    response = act_for(as_coordinator, resident)
    assert response["Location"] == "/people/me/profile/"
    assert as_coordinator.session[ACTING_FOR_SESSION_KEY] == resident.pk
    profile_page = as_coordinator.get("/people/me/profile/").content.decode()
    assert "You are acting on behalf of Rita Resident" in profile_page
    assert "Rita Resident" in profile_page

    as_coordinator.post(
        "/people/me/profile/details/",
        {"display_name": "Rita Helped", "preferred_language": "en", "phone": "07700 900123"},
    )
    resident.refresh_from_db()
    coordinator.refresh_from_db()
    assert resident.display_name == "Rita Helped"
    assert coordinator.display_name == "Cora Coordinator"
    event = AuditEvent.objects.get(action="people.update_profile")
    assert (event.actor, event.on_behalf_of) == (coordinator, resident)
    assert event.by_line == "by Cora Coordinator on behalf of Rita Helped"


def test_staff_see_a_persons_audit_log(as_coordinator: Client, resident: User) -> None:
    act_for(as_coordinator, resident)
    as_coordinator.post("/people/me/profile/contact/", {"contact": ["email"]})
    page = as_coordinator.get(f"/people/staff/{resident.pk}/").content.decode()
    link = f"/audit/{_user_type_id()}/{resident.pk}/"
    assert f'href="{link}"' in page
    log = as_coordinator.get(link).content.decode()
    assert "by Cora Coordinator on behalf of Rita Resident" in log


def _user_type_id() -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(User).pk


def test_a_resident_cannot_act_for_someone(
    as_resident: Client, resident: User, outsider: User
) -> None:
    assert act_for(as_resident, outsider).status_code == 403
    assert ACTING_FOR_SESSION_KEY not in as_resident.session
    with pytest.raises(errors.PermissionDenied):
        services.start_acting_for(actor=resident, person=outsider)


def test_a_coordinator_cannot_act_for_an_administrator(
    as_coordinator: Client, coordinator: User, administrator: User
) -> None:
    assert act_for(as_coordinator, administrator).status_code == 403
    assert ACTING_FOR_SESSION_KEY not in as_coordinator.session
    with pytest.raises(errors.PermissionDenied):
        services.start_acting_for(actor=coordinator, person=administrator)
    page = as_coordinator.get(f"/people/staff/{administrator.pk}/")
    assert_good_page(page, "Ada Administrator")
    html = page.content.decode()
    assert "Act for this person" not in html
    assert "You cannot act for this person" in html


def test_a_coordinator_cannot_act_for_another_member_of_staff(
    as_coordinator: Client, professional: User
) -> None:
    assert act_for(as_coordinator, professional).status_code == 403


def test_an_administrator_can_act_for_a_coordinator(
    as_administrator: Client, coordinator: User
) -> None:
    assert act_for(as_administrator, coordinator)["Location"] == "/people/me/profile/"


def test_acting_for_someone_who_is_no_longer_there_is_not_found(
    as_coordinator: Client, coordinator: User, resident: User
) -> None:
    services.erase_person(actor=coordinator, person=resident)
    assert act_for(as_coordinator, resident).status_code == 404
    assert as_coordinator.post("/people/staff/987654/act/").status_code == 404


def test_stopping_acting_returns_to_the_person_and_is_recorded(
    as_coordinator: Client, resident: User
) -> None:
    act_for(as_coordinator, resident)
    response = as_coordinator.post("/people/stop-acting/")
    assert response["Location"] == f"/people/staff/{resident.pk}/"
    assert ACTING_FOR_SESSION_KEY not in as_coordinator.session
    assert AuditEvent.objects.filter(action="people.stop_acting").exists()
    page = as_coordinator.get("/people/me/profile/").content.decode()
    assert "Cora Coordinator" in page


def test_acting_stops_when_the_person_gains_a_staff_role(
    as_coordinator: Client, resident: User
) -> None:
    act_for(as_coordinator, resident)
    factories.RoleGrantFactory(person=resident, role=RoleGrant.Role.ADMINISTRATOR)
    page = as_coordinator.get("/people/me/profile/").content.decode()
    assert "You are acting on behalf of" not in page
    assert ACTING_FOR_SESSION_KEY not in as_coordinator.session


def test_staff_download_the_data_of_the_person_they_help(
    as_coordinator: Client, coordinator: User, resident: User
) -> None:
    act_for(as_coordinator, resident)
    data = json.loads(as_coordinator.post("/people/me/download/").content)
    assert data["account"]["email"] == "rita@example.org"
    request = DataRequest.objects.get(kind=DataRequest.Kind.EXPORT)
    assert (request.person, request.requested_by) == (resident, coordinator)
    event = AuditEvent.objects.get(action="people.export_data")
    assert (event.actor, event.on_behalf_of) == (coordinator, resident)


def test_staff_erase_the_account_of_the_person_they_help(
    as_coordinator: Client, coordinator: User, resident: User
) -> None:
    act_for(as_coordinator, resident)
    response = as_coordinator.post("/people/me/erase/", {"confirm": "on"})
    assert response["Location"] == "/people/staff/"
    assert as_coordinator.session["_auth_user_id"] == str(coordinator.pk)
    assert ACTING_FOR_SESSION_KEY not in as_coordinator.session
    resident.refresh_from_db()
    assert resident.erased_at is not None
    request = DataRequest.objects.get(kind=DataRequest.Kind.ERASURE)
    assert request.requested_by == coordinator
    event = AuditEvent.objects.get(action="people.erase_account")
    assert (event.actor, event.on_behalf_of) == (coordinator, resident)


def test_dashboard_links_to_everything_a_person_needs(as_resident: Client) -> None:
    response = as_resident.get("/people/me/")
    assert_good_page(response, "Your account")
    html = response.content.decode()
    for path in (
        "/people/me/profile/",
        "/people/me/download/",
        "/people/me/erase/",
        "/accounts/password/change/",
        "/accounts/2fa/",
    ):
        assert f'href="{path}"' in html
    assert 'href="/people/staff/"' not in html


def test_dashboard_links_staff_to_the_people_page(as_coordinator: Client) -> None:
    assert 'href="/people/staff/"' in as_coordinator.get("/people/me/").content.decode()
