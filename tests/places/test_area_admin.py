"""Areas in the site administration keep the same rules as the pages."""

from __future__ import annotations

import pytest
from django.test import Client

from coproduce.places.models import Area
from tests import factories
from tests.conftest import add_totp, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_superuser() -> Client:
    person = factories.UserFactory(is_staff=True, is_superuser=True)
    add_totp(person)
    return signed_in(person)


def test_area_admin_lists_and_searches_areas(as_superuser: Client) -> None:
    factories.AreaFactory(name="Mill Lane", slug="mill-lane")
    response = as_superuser.get("/admin/places/area/", {"q": "mill"})
    assert response.status_code == 200
    assert "Mill Lane" in response.content.decode()


def test_area_admin_refuses_a_loop_of_areas(as_superuser: Client) -> None:
    borough = factories.AreaFactory(name="Riverside", slug="riverside", kind=Area.Kind.BOROUGH)
    ward = factories.AreaFactory(name="Mill Lane", slug="mill-lane", parent=borough)
    response = as_superuser.post(
        f"/admin/places/area/{borough.pk}/change/",
        {"name": "Riverside", "slug": "riverside", "kind": "borough", "parent": ward.pk},
    )
    assert response.status_code == 200
    assert "cannot also be inside it" in response.content.decode()
    borough.refresh_from_db()
    assert borough.parent is None


def test_area_admin_refuses_a_point_off_the_map(as_superuser: Client) -> None:
    response = as_superuser.post(
        "/admin/places/area/add/",
        {"name": "Nowhere", "slug": "nowhere", "kind": "ward", "latitude": "91", "longitude": "0"},
    )
    assert response.status_code == 200
    assert "Latitude must be between -90 and 90" in response.content.decode()
    assert not Area.objects.filter(slug="nowhere").exists()
