"""The arithmetic of a scheme's measure, its charts and its map. No Django here.

A measure is a sum over a sum: the share of vehicles over the limit is the sum of vehicles
over the limit out of the sum of vehicles counted (not the average of each session's share,
which would let a quiet ten-minute session weigh as much as a busy hour); the average of a
number is the sum of the readings over the number of readings.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

SHARE = "share"
MEAN = "mean"
EARTH_RADIUS_M = 6_371_000.0


@dataclass(frozen=True)
class Totals:
    top: float = 0.0
    bottom: float = 0.0
    observations: int = 0

    def value(self) -> float | None:
        if self.observations == 0 or self.bottom <= 0:
            return None
        return self.top / self.bottom


@dataclass(frozen=True)
class Change:
    before: float | None
    after: float | None

    @property
    def percent(self) -> float | None:
        """How much the measure moved, as a share of where it started: 38% → 23% is -39.5."""
        if self.before is None or self.after is None or self.before == 0:
            return None
        return (self.after - self.before) / self.before * 100


def format_value(value: float | None, kind: str) -> str:
    if value is None:
        return "\u2013"  # an en dash: no figure yet
    if kind == SHARE:
        return f"{value * 100:.0f}%"
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine): good to a metre or so at the scale of a street."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(min(1.0, a)))


def route_length_m(route: Sequence[tuple[float, float]]) -> float:
    """The length of a route along its points, in metres."""
    return sum(
        distance_m(lat1, lon1, lat2, lon2)
        for (lat1, lon1), (lat2, lon2) in itertools.pairwise(route)
    )


def distance_to_route_m(
    latitude: float, longitude: float, route: Sequence[tuple[float, float]]
) -> float:
    """How far a point is from the nearest part of a route (a line through its points).

    The route is laid flat on a local equirectangular projection centred on the point: metres
    east are degrees of longitude times the cosine of the point's latitude, metres north are
    degrees of latitude. Near the point, where it matters whether it is inside a corridor of
    a few hundred metres, this is good to well under one per cent, less than the error of a
    phone's location, and far simpler than distances to great-circle arcs. Each
    segment's nearest point is then found in the plane.
    """
    if not route:
        return math.inf
    squeeze = math.cos(math.radians(latitude))
    metres_per_degree = math.pi * EARTH_RADIUS_M / 180

    def flat(lat: float, lon: float) -> tuple[float, float]:
        # Wrapped so that a route across the 180th meridian is not taken the long way round.
        east = (lon - longitude + 180) % 360 - 180
        return east * squeeze * metres_per_degree, (lat - latitude) * metres_per_degree

    points = [flat(lat, lon) for lat, lon in route]
    if len(points) == 1:
        return math.hypot(*points[0])
    return min(_from_origin_to_segment(a, b) for a, b in itertools.pairwise(points))


def _from_origin_to_segment(a: tuple[float, float], b: tuple[float, float]) -> float:
    (ax, ay), (bx, by) = a, b
    dx, dy = bx - ax, by - ay
    length_squared = dx * dx + dy * dy
    if length_squared == 0:
        return math.hypot(ax, ay)
    # How far along the segment the nearest point is, kept between its two ends.
    along = max(0.0, min(1.0, -(ax * dx + ay * dy) / length_squared))
    return math.hypot(ax + along * dx, ay + along * dy)


# --- Line chart of the measure by month ---------------------------------------------------

CHART_WIDTH = 560
CHART_HEIGHT = 240
LEFT = 56
BOTTOM = 36
TOP = 12
RIGHT = 16


@dataclass(frozen=True)
class Point:
    x: int
    y: int
    label: str
    value: str


@dataclass(frozen=True)
class Tick:
    y: int
    label: str


@dataclass(frozen=True)
class LineChart:
    width: int
    height: int
    left: int
    bottom_y: int
    points: list[Point]
    ticks: list[Tick]
    path: str
    baseline_x: tuple[int, int] | None


def line_chart(
    items: Sequence[tuple[str, float | None]],
    kind: str,
    baseline: tuple[int, int] | None = None,
) -> LineChart:
    """A point for each month with a value, joined by a line, on an axis from 0.

    `baseline` is the first and last index of the months in the baseline period, shaded.
    """
    values = [value for _label, value in items if value is not None]
    top = max(values, default=0.0)
    top = 1.0 if kind == SHARE and top <= 1.0 else (top * 1.1 or 1.0)
    inner_w = CHART_WIDTH - LEFT - RIGHT
    inner_h = CHART_HEIGHT - TOP - BOTTOM
    step = inner_w / max(len(items) - 1, 1)
    points = []
    for index, (label, value) in enumerate(items):
        if value is None:
            continue
        x = LEFT + round(index * step)
        y = TOP + round(inner_h - value / top * inner_h)
        points.append(Point(x=x, y=y, label=label, value=format_value(value, kind)))
    ticks = [
        Tick(y=TOP + round(inner_h - fraction * inner_h), label=format_value(top * fraction, kind))
        for fraction in (0.0, 0.5, 1.0)
    ]
    path = " ".join(f"{'M' if i == 0 else 'L'}{p.x},{p.y}" for i, p in enumerate(points))
    shaded = None
    if baseline is not None and items:
        first, last = baseline
        shaded = (LEFT + round(first * step) - 4, round((last - first) * step) + 8)
    return LineChart(
        width=CHART_WIDTH,
        height=CHART_HEIGHT,
        left=LEFT,
        bottom_y=CHART_HEIGHT - BOTTOM,
        points=points,
        ticks=ticks,
        path=path,
        baseline_x=shaded,
    )


# --- Map of the places and routes, drawn from their coordinates ------------------------------

MAP_WIDTH = 560
MAP_HEIGHT = 320
MAP_MARGIN = 40


@dataclass(frozen=True)
class Where:
    """A place to draw: a point with a radius, or a route (its points) with the distance
    either side of it that counts."""

    name: str
    latitude: float
    longitude: float
    radius_m: float
    value: str
    route: tuple[tuple[float, float], ...] = ()


@dataclass(frozen=True)
class Spot:
    name: str
    x: int
    y: int
    r: int
    label_x: int
    label_y: int
    value: str
    path: str = ""
    anchor: str = "start"  # SVG text-anchor: "end" puts the label to the left of the spot

    @property
    def corridor(self) -> int:
        """The width of a route's corridor on the map, in pixels."""
        return 2 * self.r


@dataclass(frozen=True)
class Map:
    width: int
    height: int
    spots: list[Spot]
    scale_m: int
    scale_px: int


def place_map(places: Sequence[Where | tuple[str, float, float, float, str]]) -> Map:
    """Places as circles and routes as lines with their corridor, north up, to scale.
    Longitude is squeezed by the cosine of the latitude so that distances look right."""
    wheres = [p if isinstance(p, Where) else Where(*p) for p in places]
    if not wheres:
        return Map(MAP_WIDTH, MAP_HEIGHT, [], 0, 0)
    corners = [corner for where in wheres for corner in _corners(where)]
    mid_lat = sum(lat for lat, _lon in corners) / len(corners)
    squeeze = math.cos(math.radians(mid_lat))
    metres_per_degree = math.pi * EARTH_RADIUS_M / 180

    def metres(lat: float, lon: float) -> tuple[float, float]:
        return lon * squeeze * metres_per_degree, lat * metres_per_degree

    flat = [metres(lat, lon) for lat, lon in corners]
    xs, ys = [x for x, _y in flat], [y for _x, y in flat]
    widest = max(where.radius_m for where in wheres)
    span_x = max(max(xs) - min(xs) + 2 * widest, 1.0)
    span_y = max(max(ys) - min(ys) + 2 * widest, 1.0)
    scale = min((MAP_WIDTH - 2 * MAP_MARGIN) / span_x, (MAP_HEIGHT - 2 * MAP_MARGIN) / span_y)
    mid_x, mid_y = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2

    def pixel(lat: float, lon: float) -> tuple[int, int]:
        x_m, y_m = metres(lat, lon)
        return round(MAP_WIDTH / 2 + (x_m - mid_x) * scale), round(
            MAP_HEIGHT / 2 - (y_m - mid_y) * scale
        )

    spots = []
    for where in wheres:
        r = max(round(where.radius_m * scale), 4)
        path = ""
        if where.route:
            drawn = [pixel(lat, lon) for lat, lon in where.route]
            path = " ".join(f"{'M' if i == 0 else 'L'}{x},{y}" for i, (x, y) in enumerate(drawn))
            x, y = drawn[0]
        else:
            x, y = pixel(where.latitude, where.longitude)
        # Labels go on the side with more room, so one near the right edge is not cut off.
        if x > MAP_WIDTH / 2:
            label_x, anchor = x - r - 4, "end"
        else:
            label_x, anchor = x + r + 4, "start"
        spots.append(Spot(where.name, x, y, r, label_x, y + 5, where.value, path, anchor))
    scale_m = _round_distance(span_x / 4)
    return Map(MAP_WIDTH, MAP_HEIGHT, spots, scale_m, round(scale_m * scale))


def _corners(where: Where) -> list[tuple[float, float]]:
    return list(where.route) or [(where.latitude, where.longitude)]


def _round_distance(metres: float) -> int:
    """A tidy length for the scale bar: 1, 2 or 5 times a power of ten."""
    if metres < 1:
        return 1
    power = 10 ** math.floor(math.log10(metres))
    for factor in (5, 2, 1):
        if factor * power <= metres:
            return int(factor * power)
    return int(power)
