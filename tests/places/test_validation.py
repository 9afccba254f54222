"""The checks on an area's web address, point and boundary, without the database."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from coproduce.common.errors import ServiceError
from coproduce.places.validation import check_boundary, check_parent, check_point, check_slug

SQUARE = [[[-0.1, 51.5], [-0.1, 51.6], [0.0, 51.6], [0.0, 51.5], [-0.1, 51.5]]]


def test_boundary_polygon_is_kept_as_a_bare_geometry() -> None:
    geometry = {"type": "Polygon", "coordinates": SQUARE, "crs": "ignored"}
    assert check_boundary(geometry) == {"type": "Polygon", "coordinates": SQUARE}


def test_boundary_pasted_as_a_feature_keeps_only_its_geometry() -> None:
    feature = {
        "type": "Feature",
        "properties": {},
        "geometry": {"type": "Polygon", "coordinates": SQUARE},
    }
    collection = {"type": "FeatureCollection", "features": [feature]}
    assert check_boundary(feature) == {"type": "Polygon", "coordinates": SQUARE}
    assert check_boundary(collection) == {"type": "Polygon", "coordinates": SQUARE}


def test_boundary_multipolygon_is_accepted() -> None:
    geometry = {"type": "MultiPolygon", "coordinates": [SQUARE, SQUARE]}
    assert check_boundary(geometry) == geometry


@pytest.mark.parametrize("empty", [None, "", {}])
def test_no_boundary_is_allowed(empty: Any) -> None:
    assert check_boundary(empty) is None


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ([1, 2], "must be a GeoJSON shape"),
        ({"type": "Point", "coordinates": [0, 51]}, "Polygon or MultiPolygon"),
        ({"type": "Polygon"}, "no edges"),
        ({"type": "Polygon", "coordinates": []}, "no edges"),
        ({"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [0, 0]]]}, "at least 4 points"),
        (
            {"type": "Polygon", "coordinates": [[[0, 0], [0, 1], [1, 1], [1, 0]]]},
            "end where it starts",
        ),
        (
            {"type": "Polygon", "coordinates": [[[0, 0], [0, "x"], [1, 1], [0, 0]]]},
            "must be numbers",
        ),
        (
            {"type": "Polygon", "coordinates": [[[0, 0], [0, True], [1, 1], [0, 0]]]},
            "must be numbers",
        ),
        (
            {"type": "Polygon", "coordinates": [[[0, 0], [0, float("nan")], [1, 1], [0, 0]]]},
            "must be numbers",
        ),
        (
            {"type": "Polygon", "coordinates": [[[0, 0], [0, 95], [1, 1], [0, 0]]]},
            "off the map",
        ),
        ({"type": "Polygon", "coordinates": [[[0], [0, 1], [1, 1], [0]]]}, "longitude and"),
        ({"type": "MultiPolygon", "coordinates": []}, "no shapes"),
        ({"type": "FeatureCollection", "features": []}, "exactly one shape"),
    ],
)
def test_bad_boundary_is_refused_with_a_reason(value: Any, message: str) -> None:
    with pytest.raises(ServiceError) as caught:
        check_boundary(value)
    assert caught.value.field == "boundary"
    assert message in caught.value.message


def test_point_is_rounded_to_what_the_database_keeps() -> None:
    assert check_point("51.50735123", -0.1276) == (Decimal("51.507351"), Decimal("-0.127600"))


def test_no_point_is_allowed() -> None:
    assert check_point(None, "") == (None, None)


@pytest.mark.parametrize(
    ("latitude", "longitude", "field", "message"),
    [
        ("91", "0", "latitude", "between -90 and 90"),
        ("-90.000001", "0", "latitude", "between -90 and 90"),
        ("0", "180.5", "longitude", "between -180 and 180"),
        ("1e30", "0", "latitude", "between -90 and 90"),
        ("north", "0", "latitude", "Enter a number"),
        ("NaN", "0", "latitude", "Enter a number"),
        ("51.5", None, "longitude", "as well as a latitude"),
        (None, "-0.1", "latitude", "as well as a longitude"),
    ],
)
def test_bad_point_is_refused_with_a_reason(
    latitude: Any, longitude: Any, field: str, message: str
) -> None:
    with pytest.raises(ServiceError) as caught:
        check_point(latitude, longitude)
    assert caught.value.field == field
    assert message in caught.value.message


@pytest.mark.parametrize("slug", ["", "Riverside", "river side", "river--side", "-river", "add"])
def test_bad_web_address_is_refused(slug: str) -> None:
    with pytest.raises(ServiceError) as caught:
        check_slug(slug)
    assert caught.value.field == "slug"


def test_area_cannot_be_inside_itself_or_inside_an_area_within_it() -> None:
    # 1 is the borough, 2 a ward in it, 3 a neighbourhood in the ward.
    parent_of = {1: None, 2: 1, 3: 2}
    with pytest.raises(ServiceError, match="inside itself"):
        check_parent(area_id=1, parent_id=1, parent_of=parent_of)
    with pytest.raises(ServiceError, match="inside this one"):
        check_parent(area_id=1, parent_id=3, parent_of=parent_of)
    check_parent(area_id=3, parent_id=1, parent_of=parent_of)
    check_parent(area_id=None, parent_id=3, parent_of=parent_of)


def test_a_loop_already_in_the_data_does_not_hang_the_check() -> None:
    check_parent(area_id=9, parent_id=1, parent_of={1: 2, 2: 1})
