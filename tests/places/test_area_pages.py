"""The area pages, through the HTTP client."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from coproduce.common.models import AuditEvent
from coproduce.places.models import Area
from tests import factories

pytestmark = pytest.mark.django_db

SQUARE = [[[-0.1, 51.5], [-0.1, 51.6], [0.0, 51.6], [0.0, 51.5], [-0.1, 51.5]]]


@pytest.fixture
def borough() -> Area:
    borough = factories.AreaFactory(
        name="Riverside", slug="riverside", kind=Area.Kind.BOROUGH, code="E09000099"
    )
    ward = factories.AreaFactory(name="Mill Lane", slug="mill-lane", parent=borough)
    factories.AreaFactory(
        name="Mill Green", slug="mill-green", kind=Area.Kind.NEIGHBOURHOOD, parent=ward
    )
    factories.AreaFactory(name="Abbey", slug="abbey", parent=borough)
    return borough


def test_area_list_shows_the_borough_with_its_wards_inside(client: Client, borough: Area) -> None:
    page = client.get("/areas/").content.decode()
    assert page.count("<h1") == 1
    # The borough heads its group; its wards follow in name order, the neighbourhood nested.
    assert page.index("Riverside") < page.index("Abbey") < page.index("Mill Lane")
    assert page.index("Mill Lane") < page.index("Mill Green")
    assert "Add an area" not in page


def test_area_list_offers_administrators_a_way_to_add_one(
    as_administrator: Client, borough: Area
) -> None:
    assert "Add an area" in as_administrator.get("/areas/").content.decode()


@pytest.mark.parametrize("number", ["-1", "1000000000", "two"])
def test_area_list_page_that_does_not_exist_is_a_helpful_404(
    client: Client, borough: Area, number: str
) -> None:
    response = client.get("/areas/", {"page": number})
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page not found" in page
    assert "Go to the first page" in page


def test_area_list_queries_do_not_grow_with_areas(
    client: Client, borough: Area, django_assert_max_num_queries: Any
) -> None:
    for _ in range(40):
        factories.AreaFactory(parent=borough)
    with django_assert_max_num_queries(3):
        assert client.get("/areas/").status_code == 200


def test_area_page_shows_parent_children_point_and_organisations(
    client: Client, borough: Area
) -> None:
    ward = Area.objects.get(slug="mill-lane")
    ward.latitude, ward.longitude = 51.5, -0.12
    ward.boundary = {"type": "Polygon", "coordinates": SQUARE}
    ward.save()
    food_bank = factories.OrganisationFactory(name="Mill Lane Food Bank")
    food_bank.areas.add(ward)
    factories.OrganisationFactory(name="Closed Group", is_active=False).areas.add(ward)
    page = client.get("/areas/mill-lane/").content.decode()
    assert 'href="/areas/riverside/"' in page
    assert "Mill Green" in page
    assert "51.500000, -0.120000" in page
    assert "A boundary has been drawn" in page
    assert "Mill Lane Food Bank" in page
    assert "Closed Group" not in page


def test_borough_page_lists_organisations_working_in_its_wards(
    client: Client, borough: Area
) -> None:
    factories.OrganisationFactory(name="Green Neighbours").areas.add(
        Area.objects.get(slug="mill-green")
    )
    page = client.get("/areas/riverside/").content.decode()
    assert "Green Neighbours" in page
    assert "No boundary has been drawn yet" in page
    assert "Not set" in page


def test_unknown_area_is_a_404(client: Client) -> None:
    assert client.get("/areas/nowhere/").status_code == 404


def test_administrator_adds_an_area_through_the_form(
    as_administrator: Client, administrator: Any, borough: Area
) -> None:
    response = as_administrator.post(
        "/areas/add/",
        {
            "name": "Station Road",
            "kind": "ward",
            "parent": borough.pk,
            "slug": "",
            "latitude": "51.51",
            "longitude": "-0.11",
            "boundary": json.dumps({"type": "Polygon", "coordinates": SQUARE}),
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/areas/station-road/"
    area = Area.objects.get(slug="station-road")
    assert area.parent == borough
    assert area.boundary == {"type": "Polygon", "coordinates": SQUARE}
    assert AuditEvent.objects.get(action="places.add_area").actor == administrator


def test_taken_web_address_is_shown_in_the_form(as_administrator: Client, borough: Area) -> None:
    response = as_administrator.post(
        "/areas/add/", {"name": "Abbey Two", "kind": "ward", "slug": "abbey"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "already an area with the web address" in page
    assert 'href="#id_slug"' in page
    assert Area.objects.filter(name="Abbey Two").count() == 0


@pytest.mark.parametrize(
    ("boundary", "message"),
    [
        ("{not json", "not valid GeoJSON"),
        ('{"type": "Point", "coordinates": [0, 51]}', "Polygon or MultiPolygon"),
    ],
)
def test_bad_boundary_is_shown_in_the_form(
    as_administrator: Client, borough: Area, boundary: str, message: str
) -> None:
    response = as_administrator.post(
        "/areas/riverside/edit/",
        {"name": "Riverside", "kind": "borough", "slug": "riverside", "boundary": boundary},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    borough.refresh_from_db()
    assert borough.boundary is None


def test_moving_a_borough_into_its_own_ward_is_refused_in_the_form(
    as_administrator: Client, borough: Area
) -> None:
    ward = Area.objects.get(slug="mill-lane")
    response = as_administrator.post(
        "/areas/riverside/edit/",
        {"name": "Riverside", "kind": "borough", "slug": "riverside", "parent": ward.pk},
    )
    assert response.status_code == 200
    assert "cannot also be inside it" in response.content.decode()
    borough.refresh_from_db()
    assert borough.parent is None


def test_out_of_range_latitude_is_shown_in_the_form(
    as_administrator: Client, borough: Area
) -> None:
    response = as_administrator.post(
        "/areas/riverside/edit/",
        {"name": "Riverside", "kind": "borough", "latitude": "123", "longitude": "0"},
    )
    assert "Latitude must be between -90 and 90" in response.content.decode()


def test_edit_form_starts_with_the_area_as_it_is(as_administrator: Client, borough: Area) -> None:
    page = as_administrator.get("/areas/riverside/edit/").content.decode()
    assert 'value="E09000099"' in page
    assert "Change Riverside" in page


@pytest.mark.parametrize("path", ["/areas/add/", "/areas/riverside/edit/"])
def test_people_who_are_not_administrators_cannot_set_up_areas(
    as_coordinator: Client, as_resident: Client, borough: Area, path: str
) -> None:
    for client in (as_coordinator, as_resident):
        assert client.get(path).status_code == 403
        assert client.post(path, {"name": "Taken over", "kind": "ward"}).status_code == 403
    assert not Area.objects.filter(name="Taken over").exists()


def test_signed_out_visitor_is_asked_to_sign_in_before_adding(
    client: Client, borough: Area
) -> None:
    response = client.get("/areas/add/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
