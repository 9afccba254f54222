"""Checks on an area's details, shared by the services and the site administration.

Each check raises ServiceError with a message fit to show the person who typed the value.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from coproduce.common.errors import ServiceError

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Words used in the web addresses of pages, which an area or organisation cannot take.
RESERVED_SLUGS = frozenset({"add", "new", "edit", "members"})
MAX_SLUG_LENGTH = 120

BOUNDARY_TYPES = ("Polygon", "MultiPolygon")
MAX_BOUNDARY_POINTS = 50_000
COORDINATE_PLACES = Decimal("0.000001")


def check_slug(slug: str, *, max_length: int = MAX_SLUG_LENGTH) -> str:
    """A web address part: lower-case letters a to z, numbers and single hyphens."""
    if not slug:
        raise ServiceError(
            _("Enter a web address using the letters a to z, numbers and hyphens."), field="slug"
        )
    if len(slug) > max_length:
        raise ServiceError(
            _("The web address must be %(count)s characters or fewer.") % {"count": max_length},
            field="slug",
        )
    if not SLUG_PATTERN.match(slug):
        raise ServiceError(
            _("The web address can only use lower-case letters a to z, numbers and hyphens."),
            field="slug",
        )
    if slug in RESERVED_SLUGS:
        raise ServiceError(
            _("The web address “%(slug)s” is kept for the site's own pages. Choose another.")
            % {"slug": slug},
            field="slug",
        )
    return slug


def _to_coordinate(value: Any, field: str) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ServiceError(_("Enter a number."), field=field)
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise ServiceError(_("Enter a number."), field=field) from None
    if not number.is_finite():
        raise ServiceError(_("Enter a number."), field=field)
    return number


def check_point(latitude: Any, longitude: Any) -> tuple[Decimal | None, Decimal | None]:
    """Latitude and longitude in degrees, both given or both left out."""
    lat = _to_coordinate(latitude, "latitude")
    lon = _to_coordinate(longitude, "longitude")
    if lat is not None and not -90 <= lat <= 90:
        raise ServiceError(_("Latitude must be between -90 and 90."), field="latitude")
    if lon is not None and not -180 <= lon <= 180:
        raise ServiceError(_("Longitude must be between -180 and 180."), field="longitude")
    if lat is None and lon is not None:
        raise ServiceError(_("Enter a latitude as well as a longitude."), field="latitude")
    if lon is None and lat is not None:
        raise ServiceError(_("Enter a longitude as well as a latitude."), field="longitude")
    return _rounded(lat), _rounded(lon)


def _rounded(number: Decimal | None) -> Decimal | None:
    # The database keeps 6 decimal places: about 10 cm, more than enough for an area's centre.
    if number is None:
        return None
    return number.quantize(COORDINATE_PLACES, rounding=ROUND_HALF_UP)


def _boundary_error(message: str) -> ServiceError:
    return ServiceError(message, field="boundary")


def _unwrap_geometry(value: Mapping[str, Any]) -> Any:
    """People often paste a Feature or a one-feature collection; keep just its geometry."""
    if value.get("type") == "FeatureCollection":
        features = value.get("features")
        if not isinstance(features, list) or len(features) != 1:
            raise _boundary_error(_("The boundary must hold exactly one shape."))
        value = features[0] if isinstance(features[0], Mapping) else {}
    if value.get("type") == "Feature":
        return value.get("geometry")
    return value


def _check_position(position: Any) -> int:
    if not isinstance(position, list | tuple) or len(position) not in (2, 3):
        raise _boundary_error(_("Each point of the boundary must be a longitude and a latitude."))
    for number in position:
        if isinstance(number, bool) or not isinstance(number, int | float):
            raise _boundary_error(_("The boundary's points must be numbers."))
        if not math.isfinite(number):
            raise _boundary_error(_("The boundary's points must be numbers."))
    longitude, latitude = position[0], position[1]
    if not (-180 <= longitude <= 180 and -90 <= latitude <= 90):
        raise _boundary_error(
            _("A point of the boundary is off the map: longitude first, then latitude.")
        )
    return 1


def _check_ring(ring: Any) -> int:
    if not isinstance(ring, list) or len(ring) < 4:
        raise _boundary_error(_("Each edge of the boundary needs at least 4 points."))
    points = sum(_check_position(position) for position in ring)
    if list(ring[0]) != list(ring[-1]):
        raise _boundary_error(_("Each edge of the boundary must end where it starts."))
    return points


def _check_polygon(polygon: Any) -> int:
    if not isinstance(polygon, list) or not polygon:
        raise _boundary_error(_("The boundary has a shape with no edges."))
    return sum(_check_ring(ring) for ring in polygon)


def check_boundary(value: Any) -> dict[str, Any] | None:
    """A GeoJSON Polygon or MultiPolygon, returned as a bare geometry; None if left out."""
    if value is None or value == "" or value == {}:
        return None
    if not isinstance(value, Mapping):
        raise _boundary_error(_("The boundary must be a GeoJSON shape."))
    geometry = _unwrap_geometry(value)
    if not isinstance(geometry, Mapping) or geometry.get("type") not in BOUNDARY_TYPES:
        raise _boundary_error(_("The boundary must be a GeoJSON Polygon or MultiPolygon."))
    coordinates = geometry.get("coordinates")
    if geometry["type"] == "Polygon":
        points = _check_polygon(coordinates)
    else:
        if not isinstance(coordinates, list) or not coordinates:
            raise _boundary_error(_("The boundary has no shapes in it."))
        points = sum(_check_polygon(polygon) for polygon in coordinates)
    if points > MAX_BOUNDARY_POINTS:
        raise _boundary_error(
            _("The boundary has too many points. Simplify it to %(count)s points or fewer.")
            % {"count": MAX_BOUNDARY_POINTS}
        )
    return {"type": geometry["type"], "coordinates": coordinates}


def check_parent(
    *, area_id: int | None, parent_id: int | None, parent_of: Mapping[int, int | None]
) -> None:
    """An area cannot sit inside itself, nor inside an area that sits inside it.

    `parent_of` maps each area's id to its parent's id, as stored now.
    """
    if parent_id is None or area_id is None:
        return
    if parent_id == area_id:
        raise ServiceError(_("An area cannot be inside itself."), field="parent")
    seen: set[int] = set()
    node: int | None = parent_id
    while node is not None and node not in seen:
        if node == area_id:
            raise ServiceError(
                _("That area is inside this one, so this area cannot also be inside it."),
                field="parent",
            )
        seen.add(node)
        node = parent_of.get(node)
