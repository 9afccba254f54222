"""Setting up areas through the services: only administrators, always checked, always audited."""

from __future__ import annotations

from decimal import Decimal

import pytest

from coproduce.common.errors import PermissionDenied, ServiceError
from coproduce.common.models import AuditEvent
from coproduce.people.models import User
from coproduce.places import services
from coproduce.places.models import Area
from tests import factories

pytestmark = pytest.mark.django_db

SQUARE = [[[-0.1, 51.5], [-0.1, 51.6], [0.0, 51.6], [0.0, 51.5], [-0.1, 51.5]]]


@pytest.fixture
def borough() -> Area:
    return factories.AreaFactory(name="Riverside", slug="riverside", kind=Area.Kind.BOROUGH)


def test_administrator_adds_a_ward_and_it_is_audited(administrator: User, borough: Area) -> None:
    area = services.create_area(
        actor=administrator,
        data={"name": "Mill Lane", "parent": borough, "latitude": "51.5", "longitude": "-0.12"},
    )
    area.refresh_from_db()
    assert area.slug == "mill-lane"
    assert area.kind == Area.Kind.WARD
    assert area.parent == borough
    assert area.latitude == Decimal("51.500000")
    event = AuditEvent.objects.get(action="places.add_area")
    assert event.actor == administrator
    assert event.object_id == str(area.pk)
    assert event.changes["parent"] == "Riverside"


@pytest.mark.parametrize("persona", ["resident", "coordinator", "group_member"])
def test_only_administrators_may_add_areas(persona: str, request: pytest.FixtureRequest) -> None:
    actor = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        services.create_area(actor=actor, data={"name": "Mill Lane"})
    assert not Area.objects.filter(name="Mill Lane").exists()


def test_coordinator_cannot_change_an_area(coordinator: User, borough: Area) -> None:
    with pytest.raises(PermissionDenied):
        services.update_area(actor=coordinator, area=borough, data={"name": "Elsewhere"})
    borough.refresh_from_db()
    assert borough.name == "Riverside"
    assert not AuditEvent.objects.exists()


def test_taken_web_address_gets_a_clear_error(administrator: User, borough: Area) -> None:
    with pytest.raises(ServiceError) as caught:
        services.create_area(actor=administrator, data={"name": "Riverside"})
    assert caught.value.field == "slug"
    assert "already an area with the web address “riverside”" in caught.value.message
    assert Area.objects.count() == 1


def test_changing_to_a_taken_web_address_changes_nothing(
    administrator: User, borough: Area
) -> None:
    ward = factories.AreaFactory(name="Mill Lane", slug="mill-lane", parent=borough)
    with pytest.raises(ServiceError, match="already an area"):
        services.update_area(
            actor=administrator, area=ward, data={"slug": "riverside", "name": "Renamed"}
        )
    ward.refresh_from_db()
    assert (ward.slug, ward.name) == ("mill-lane", "Mill Lane")


def test_area_cannot_be_moved_inside_an_area_within_it(administrator: User, borough: Area) -> None:
    ward = factories.AreaFactory(name="Mill Lane", slug="mill-lane", parent=borough)
    neighbourhood = factories.AreaFactory(
        name="Mill Green", slug="mill-green", kind=Area.Kind.NEIGHBOURHOOD, parent=ward
    )
    with pytest.raises(ServiceError) as caught:
        services.update_area(actor=administrator, area=borough, data={"parent": neighbourhood})
    assert caught.value.field == "parent"
    with pytest.raises(ServiceError, match="inside itself"):
        services.update_area(actor=administrator, area=ward, data={"parent": ward})
    borough.refresh_from_db()
    assert borough.parent is None


def test_update_records_only_what_changed(administrator: User, borough: Area) -> None:
    services.update_area(
        actor=administrator,
        area=borough,
        data={
            "name": "Riverside",
            "code": "E09000001",
            "boundary": {"type": "Polygon", "coordinates": SQUARE},
        },
    )
    borough.refresh_from_db()
    assert borough.code == "E09000001"
    assert borough.boundary == {"type": "Polygon", "coordinates": SQUARE}
    event = AuditEvent.objects.get(action="places.change_area")
    # The audit log hides any field with "code" in its name, in case it is a secret one.
    assert set(event.changes) == {"code", "boundary"}
    assert event.changes["boundary"] == "(set)"


def test_update_with_nothing_new_records_nothing(administrator: User, borough: Area) -> None:
    services.update_area(actor=administrator, area=borough, data={"name": "Riverside"})
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"latitude": "95", "longitude": "0"}, "latitude"),
        ({"latitude": "51.5"}, "longitude"),
        ({"boundary": {"type": "Point", "coordinates": [0, 51]}}, "boundary"),
        ({"name": "  "}, "name"),
        ({"kind": "galaxy"}, "kind"),
        ({"code": "X" * 30}, "code"),
        ({"parent": "riverside"}, "parent"),
        ({"colour": "blue"}, None),
    ],
)
def test_bad_details_change_nothing(
    administrator: User, borough: Area, data: dict[str, object], field: str | None
) -> None:
    with pytest.raises(ServiceError) as caught:
        services.update_area(actor=administrator, area=borough, data=data)
    assert caught.value.field == field
    borough.refresh_from_db()
    assert (borough.name, borough.kind, borough.latitude, borough.boundary) == (
        "Riverside",
        Area.Kind.BOROUGH,
        None,
        None,
    )
    assert not AuditEvent.objects.exists()


def test_latitude_alone_may_change_when_the_area_has_a_point(
    administrator: User, borough: Area
) -> None:
    borough.latitude, borough.longitude = Decimal("51.5"), Decimal("-0.1")
    borough.save()
    services.update_area(actor=administrator, area=borough, data={"latitude": 51.25})
    borough.refresh_from_db()
    assert (borough.latitude, borough.longitude) == (Decimal("51.25"), Decimal("-0.1"))
