"""Reading and checking the points of a route, the same for the web form and any other caller.

A coordinator types a route as one "latitude, longitude" a line, in the order it is walked.
Each line is checked on its own, so that the message can say which line to fix.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coproduce.common.errors import ServiceError
from coproduce.feedback.monitoring import measure

MIN_POINTS = 2
MAX_POINTS = 200
MAX_LENGTH_M = 50_000
SIX_PLACES = Decimal("0.000001")
PAIR = re.compile(r"^\s*([^,;\s]+)\s*[,;\s]\s*([^,;\s]+)\s*$")


def parse_route(raw: Any) -> list[tuple[Decimal, Decimal]]:
    """The route's points from text (a line each) or from pairs, checked; or a ServiceError
    on the `route` field that says which line is wrong and how."""
    lines = _lines(raw)
    if len(lines) > MAX_POINTS:
        raise ServiceError(
            _("A route can have at most %(count)s points. Leave out some in between.")
            % {"count": MAX_POINTS},
            field="route",
        )
    points = [_point(number, line) for number, line in lines]
    if len(points) < MIN_POINTS:
        raise ServiceError(
            _("A route needs at least two points: where it starts and where it ends, one a line."),
            field="route",
        )
    _check_length(points)
    return points


def _lines(raw: Any) -> list[tuple[int, Any]]:
    """The lines with something on them, with their line numbers as a person counts them."""
    if isinstance(raw, str):
        found = raw.splitlines()
    elif isinstance(raw, Sequence):
        found = list(raw)
    else:
        found = []
    return [
        (number, line)
        for number, line in enumerate(found, start=1)
        if not (isinstance(line, str) and not line.strip())
    ]


def _point(number: int, line: Any) -> tuple[Decimal, Decimal]:
    pair = _pair(line)
    if pair is None:
        raise ServiceError(
            _("Line %(line)s of the route: give a latitude and a longitude, like 51.4620, -2.5810.")
            % {"line": number},
            field="route",
        )
    latitude, longitude = pair
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise ServiceError(
            _(
                "Line %(line)s of the route: the latitude must be from -90 to 90 and the "
                "longitude from -180 to 180."
            )
            % {"line": number},
            field="route",
        )
    return latitude.quantize(SIX_PLACES), longitude.quantize(SIX_PLACES)


def _pair(line: Any) -> tuple[Decimal, Decimal] | None:
    if isinstance(line, str):
        found = PAIR.match(line)
        parts: Sequence[Any] = found.groups() if found else ()
    elif isinstance(line, Sequence) and len(line) == 2:
        parts = line
    else:
        return None
    if len(parts) != 2 or any(isinstance(part, bool) for part in parts):
        return None
    try:
        latitude, longitude = (Decimal(str(part).strip()) for part in parts)
    except InvalidOperation:
        return None
    if not (latitude.is_finite() and longitude.is_finite()):
        return None
    return latitude, longitude


def _check_length(points: list[tuple[Decimal, Decimal]]) -> None:
    floats = [(float(lat), float(lon)) for lat, lon in points]
    length = measure.route_length_m(floats)
    if length < 1:
        raise ServiceError(
            _("The points of the route are all in the same place. Give where it starts and ends."),
            field="route",
        )
    if length > MAX_LENGTH_M:
        raise ServiceError(
            _(
                "The route is %(length)s km long. A route can be at most %(most)s km: "
                "split it into shorter routes."
            )
            % {"length": f"{length / 1000:,.1f}", "most": MAX_LENGTH_M // 1000},
            field="route",
        )


def as_text(route: Sequence[Sequence[Any]]) -> str:
    """A route's points as the form shows them: one "latitude, longitude" a line."""
    return "\n".join(f"{lat}, {lon}" for lat, lon in route)


def describe(point_count: int, length_m: float) -> str:
    """ "4 points, 1.2 km long" """
    points = ngettext("%(count)s point", "%(count)s points", point_count) % {"count": point_count}
    if length_m >= 1000:
        length = _("%(km)s km long") % {"km": f"{length_m / 1000:,.1f}"}
    else:
        length = _("%(metres)s m long") % {"metres": f"{length_m:,.0f}"}
    return f"{points}, {length}"
