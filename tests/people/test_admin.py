"""People in the site administration: lists open; consents and data requests stay read-only."""

from __future__ import annotations

import pytest
from django.test import Client

from coproduce.people import services
from coproduce.people.models import User
from tests.conftest import add_totp

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_superuser(resident: User) -> Client:
    person = User.objects.create_superuser("root@example.org", "a long admin pass phrase")
    add_totp(person)
    services.update_profile(actor=resident, person=resident, data={"consents": ["research"]})
    services.export_person_data(actor=resident, person=resident)
    client = Client()
    client.force_login(person)
    return client


@pytest.mark.parametrize(
    "path",
    [
        "/admin/people/user/",
        "/admin/people/skill/",
        "/admin/people/consent/",
        "/admin/people/datarequest/",
    ],
)
def test_people_admin_lists_open(as_superuser: Client, path: str) -> None:
    assert as_superuser.get(path).status_code == 200


def test_a_persons_admin_page_opens(as_superuser: Client, resident: User) -> None:
    assert as_superuser.get(f"/admin/people/user/{resident.pk}/change/").status_code == 200


@pytest.mark.parametrize("path", ["/admin/people/consent/add/", "/admin/people/datarequest/add/"])
def test_records_cannot_be_added_by_hand(as_superuser: Client, path: str) -> None:
    assert as_superuser.get(path).status_code == 403
