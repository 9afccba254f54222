from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from coproduce.common import audit
from coproduce.common.models import AuditEvent
from coproduce.people.models import User
from coproduce.places.models import Area

pytestmark = pytest.mark.django_db


def audit_url(target: User | Area) -> str:
    content_type = ContentType.objects.get_for_model(target)
    return f"/audit/{content_type.pk}/{target.pk}/"


def test_audit_record_says_who_did_it_for_whom(coordinator: User, resident: User) -> None:
    event = audit.record(
        actor=coordinator,
        on_behalf_of=resident,
        action="people.update_profile",
        target=resident,
        summary="Changed the profile",
        changes={"display_name": "Rita R", "password": "hunter2"},
    )
    assert event.by_line == "by Cora Coordinator on behalf of Rita Resident"
    assert event.changes == {"display_name": "Rita R", "password": "(hidden)"}


def test_acting_for_oneself_is_not_recorded_as_on_behalf(resident: User) -> None:
    event = audit.record(actor=resident, on_behalf_of=resident, action="x", target=resident)
    assert event.on_behalf_of is None
    assert event.by_line == "by Rita Resident"


def test_coordinator_sees_the_changes_to_a_person(
    as_coordinator: Client, coordinator: User, resident: User
) -> None:
    audit.record(
        actor=coordinator,
        on_behalf_of=resident,
        action="people.update_profile",
        target=resident,
        summary="Changed the profile",
    )
    response = as_coordinator.get(audit_url(resident))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Changed the profile" in page
    assert "by Cora Coordinator on behalf of Rita Resident" in page


def test_resident_cannot_see_the_audit_log(as_resident: Client, resident: User) -> None:
    audit.record(actor=resident, action="people.update_profile", target=resident)
    assert as_resident.get(audit_url(resident)).status_code == 403


def test_audit_log_of_something_that_does_not_exist_is_not_found(as_coordinator: Client) -> None:
    content_type = ContentType.objects.get_for_model(Area)
    assert as_coordinator.get(f"/audit/{content_type.pk}/999999/").status_code == 404
    assert as_coordinator.get("/audit/999999/1/").status_code == 404
    assert as_coordinator.get(f"/audit/{content_type.pk}/not-a-number/").status_code == 404


def test_audit_log_pages_bad_page_numbers_are_not_found(
    as_coordinator: Client, resident: User
) -> None:
    audit.record(actor=resident, action="x", target=resident)
    assert as_coordinator.get(audit_url(resident) + "?page=-1").status_code == 404
    assert as_coordinator.get(audit_url(resident) + "?page=1000000000").status_code == 404
    assert AuditEvent.objects.count() == 1


def test_home_page_query_count_is_bounded(
    client: Client, as_resident: Client, django_assert_max_num_queries
) -> None:
    with django_assert_max_num_queries(2):
        assert client.get("/").status_code == 200
    with django_assert_max_num_queries(8):
        assert as_resident.get("/").status_code == 200


def test_audit_keeps_postcodes_and_area_codes_but_hides_one_time_codes(resident: User) -> None:
    event = audit.record(
        actor=resident,
        action="x",
        target=resident,
        changes={"postcode": "RV1 2AB", "code": "E05000001", "verification_code": "123456"},
    )
    assert event.changes == {
        "postcode": "RV1 2AB",
        "code": "E05000001",
        "verification_code": "(hidden)",
    }
