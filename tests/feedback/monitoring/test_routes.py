"""Routes: a street walked end to end, watched as one place with a corridor either side.

A coordinator adds one on the same page as a place, typing its points a line each; bad points
get a message that says which line to fix. Observations must be made within the corridor.
Routes show on the map as lines, in the tables, the downloads and the API like places.
"""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coproduce.common.errors import ServiceError
from coproduce.common.models import AuditEvent
from coproduce.feedback.monitoring import measure, routes, services, setup
from coproduce.feedback.monitoring.models import Field, Observation, Place, Scheme
from coproduce.people.models import User
from tests.feedback.monitoring.conftest import at, new_key, stored

pytestmark = pytest.mark.django_db

# High Street: 694 m east along latitude 51.46, then 556 m north.
HIGH_STREET = "51.4600, -2.5900\n51.4600, -2.5800\n51.4650, -2.5800"


@pytest.fixture
def high_street(coordinator: User, scheme: Scheme) -> Place:
    return setup.add_place(
        actor=coordinator,
        scheme=scheme,
        data={"name": "High Street", "kind": "route", "route": HIGH_STREET, "radius_m": 30},
    )


def add_route(client: Client, scheme: Scheme, route: str, **values: Any) -> Any:
    data = {"name": "High Street", "kind": "route", "route": route, "radius_m": "30"}
    data.update(values)
    return client.post(reverse("monitoring:place-add", args=[scheme.pk]), data)


def record_at(
    scheme: Scheme, person: User, place: Place, fields: dict[str, Field], where: str
) -> Observation:
    observation, _created = services.submit_observation(
        actor=person,
        scheme=scheme,
        person=person,
        place=place,
        observed_at=timezone.now() - datetime.timedelta(hours=1),
        answers_in={
            fields["counted"].pk: "40",
            fields["over"].pk: "9",
            fields["where"].pk: where,
        },
        key=new_key(),
    )
    return observation


# --- The geometry ----------------------------------------------------------------------------


def test_distance_to_a_route_is_to_its_nearest_segment_not_its_nearest_point() -> None:
    route = [(51.46, -2.59), (51.46, -2.58)]
    # Halfway along, 0.0003 degrees (33 m) north of the line: far from both ends.
    assert measure.distance_to_route_m(51.4603, -2.585, route) == pytest.approx(33.4, abs=0.5)
    assert measure.distance_m(51.4603, -2.585, 51.46, -2.59) > 300
    # Beyond the end, the distance is to the end itself.
    beyond = measure.distance_to_route_m(51.46, -2.578, route)
    assert beyond == pytest.approx(measure.distance_m(51.46, -2.578, 51.46, -2.58), rel=0.01)


def test_a_route_across_the_180th_meridian_is_not_taken_the_long_way_round() -> None:
    route = [(-17.0, 179.999), (-17.0, -179.999)]
    assert measure.distance_to_route_m(-17.0, 180.0, route) < 1


def test_a_route_is_as_long_as_its_segments() -> None:
    points = [(51.46, -2.59), (51.46, -2.58), (51.465, -2.58)]
    assert measure.route_length_m(points) == pytest.approx(694 + 556, abs=5)


def test_route_points_are_read_a_line_at_a_time() -> None:
    points = routes.parse_route("51.46, -2.59\n\n  51.46 -2.58  \n51.465;-2.58\n")
    assert points == [
        (Decimal("51.460000"), Decimal("-2.590000")),
        (Decimal("51.460000"), Decimal("-2.580000")),
        (Decimal("51.465000"), Decimal("-2.580000")),
    ]
    assert routes.parse_route([[51.46, -2.59], ["51.46", "-2.58"]])[1] == (
        Decimal("51.460000"),
        Decimal("-2.580000"),
    )


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("51.46, -2.59", "A route needs at least two points"),
        ("", "A route needs at least two points"),
        ("51.46, -2.59\nhigh street", "Line 2 of the route: give a latitude and a longitude"),
        ("51.46, -2.59\n51.46", "Line 2 of the route: give a latitude and a longitude"),
        ("51.46, -2.59\nNaN, 1", "Line 2 of the route: give a latitude and a longitude"),
        ("51.46, -2.59\n\n95, -2.58", "Line 3 of the route: the latitude must be from -90 to 90"),
        ("51.46, -2.59\n51.46, 200", "Line 2 of the route: the latitude must be from -90 to 90"),
        ("51.46, -2.59\n51.46, -2.59", "all in the same place"),
        ("51.46, -2.59\n52.46, -2.59", "The route is 111.2 km long. A route can be at most 50 km"),
        ("\n".join(["51.46, -2.59"] * 201), "at most 200 points"),
    ],
)
def test_bad_routes_are_refused_with_what_to_fix(typed: str, message: str) -> None:
    with pytest.raises(ServiceError, match=message) as refused:
        routes.parse_route(typed)
    assert refused.value.field == "route"


# --- Adding a route --------------------------------------------------------------------------


def test_coordinator_adds_a_route_on_the_place_page(as_coordinator: Client, scheme: Scheme) -> None:
    page = as_coordinator.get(reverse("monitoring:place-add", args=[scheme.pk]))
    assert "Points along the route" in page.content.decode()
    response = add_route(as_coordinator, scheme, HIGH_STREET)
    assert response.status_code == 302
    route = scheme.places.get(name="High Street")
    assert route.is_route and route.radius_m == 30
    assert route.route_points == [(51.46, -2.59), (51.46, -2.58), (51.465, -2.58)]
    # Its one point is where it starts.
    assert (route.latitude, route.longitude) == (Decimal("51.46"), Decimal("-2.59"))
    event = AuditEvent.objects.get(action="monitoring.add_place")
    assert event.summary == "Added the route High Street"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("51.4600, -2.5900", "A route needs at least two points"),
        ("51.4600, -2.5900\n91, -2.58", "Line 2 of the route: the latitude must be from -90 to 90"),
        ("", "Enter the points along the route, one a line."),
    ],
)
def test_a_bad_route_on_the_page_is_shown_beside_the_points(
    as_coordinator: Client, scheme: Scheme, typed: str, message: str
) -> None:
    response = add_route(as_coordinator, scheme, typed)
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html and message in html
    assert 'href="#id_route"' in html
    assert typed.split("\n")[0] in html  # what was typed is kept to be fixed
    assert not scheme.places.filter(name="High Street").exists()


def test_a_point_still_needs_its_latitude_and_longitude(
    as_coordinator: Client, scheme: Scheme
) -> None:
    response = as_coordinator.post(
        reverse("monitoring:place-add", args=[scheme.pk]),
        {"name": "Corner", "kind": "point", "route": HIGH_STREET, "radius_m": "50"},
    )
    html = response.content.decode()
    assert "Enter the latitude of the place." in html
    assert "Enter the longitude of the place." in html
    assert not scheme.places.filter(name="Corner").exists()


def test_residents_cannot_add_routes(as_resident: Client, scheme: Scheme) -> None:
    assert add_route(as_resident, scheme, HIGH_STREET).status_code == 403
    assert not scheme.places.filter(name="High Street").exists()


def test_the_service_checks_the_route_too(coordinator: User, scheme: Scheme) -> None:
    with pytest.raises(ServiceError, match="at least two points"):
        setup.add_place(
            actor=coordinator,
            scheme=scheme,
            data={"name": "Lane", "kind": "route", "route": [[51.46, -2.59]], "radius_m": 30},
        )
    assert not scheme.places.filter(name="Lane").exists()


# --- Observing on a route --------------------------------------------------------------------


def test_an_observation_anywhere_along_the_route_counts(
    volunteer: User, scheme: Scheme, high_street: Place, fields: dict[str, Field]
) -> None:
    # On the second stretch, 20 m off the line: 500 m from every point of the route.
    observation = record_at(scheme, volunteer, high_street, fields, "51.4625, -2.58029")
    assert observation.place == high_street


def test_an_observation_outside_the_corridor_is_refused(
    volunteer: User, scheme: Scheme, high_street: Place, fields: dict[str, Field]
) -> None:
    with pytest.raises(ServiceError) as refused:
        # 0.001 degrees (111 m) south of the first stretch.
        record_at(scheme, volunteer, high_street, fields, "51.459, -2.585")
    assert refused.value.message == (
        "That location is 111 metres from the route High Street. Observations must be made "
        "within 30 metres either side of it. Check the place you chose."
    )
    assert refused.value.field == f"field_{fields['where'].pk}"
    assert not Observation.objects.exists()


def test_the_form_shows_why_an_observation_off_the_route_is_refused(
    as_resident: Client,
    volunteer: User,
    scheme: Scheme,
    high_street: Place,
    fields: dict[str, Field],
) -> None:
    now = timezone.localtime() - datetime.timedelta(hours=1)
    response = as_resident.post(
        reverse("monitoring:observation-add", args=[scheme.pk]),
        {
            "key": new_key(),
            "place": str(high_street.pk),
            "date": now.date().isoformat(),
            "time": now.strftime("%H:%M"),
            f"field_{fields['counted'].pk}": "40",
            f"field_{fields['over'].pk}": "9",
            f"field_{fields['where'].pk}": "51.459, -2.585",
        },
    )
    assert response.status_code == 400
    assert "111 metres from the route High Street" in response.content.decode()
    assert not Observation.objects.exists()


# --- Where routes show -----------------------------------------------------------------------


def test_the_scheme_page_draws_a_route_as_a_line_and_lists_it(
    client: Client, scheme: Scheme, fields: dict[str, Field], high_street: Place, resident: User
) -> None:
    stored(scheme, high_street, resident, at(datetime.date(2025, 2, 1)), 100, 40)
    html = client.get(scheme.get_absolute_url()).content.decode()
    assert html.count("data-route") == 1
    assert "High Street: a route from 51.46, -2.59 to 51.465, -2.58 (3 points, 1.2 km long)" in (
        html
    )
    # In the table of change by place, like any place.
    assert '<th scope="row" class="govuk-table__header">High Street</th>' in html


def test_the_map_puts_a_route_through_its_points_north_up() -> None:
    drawn = measure.place_map(
        [
            measure.Where(
                "High Street", 51.46, -2.59, 30, "20%", ((51.46, -2.59), (51.465, -2.58))
            ),
            ("Corner", 51.455, -2.60, 50, "10%"),
        ]
    )
    street, corner = drawn.spots
    start, end = street.path.split(" ")
    (x1, y1), (x2, y2) = (tuple(map(int, p[1:].split(","))) for p in (start, end))
    assert x1 < x2 and y1 > y2  # it runs north-east
    assert corner.path == "" and corner.y > y1
    for x, y in ((x1, y1), (x2, y2), (corner.x, corner.y)):
        assert 0 <= x <= drawn.width and 0 <= y <= drawn.height


def test_the_download_names_the_route(
    as_coordinator: Client, scheme: Scheme, fields: dict[str, Field], high_street: Place
) -> None:
    stored(scheme, high_street, None, at(datetime.date(2025, 2, 1)), 100, 40)
    response = as_coordinator.get(reverse("monitoring:export-csv", args=[scheme.pk]))
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert ",High Street," in lines[1]


def test_the_api_gives_a_route_with_its_points(
    client: Client, scheme: Scheme, high_street: Place
) -> None:
    detail = client.get(f"/api/v1/monitoring/schemes/{scheme.pk}").json()
    by_name = {place["name"]: place for place in detail["places"]}
    assert by_name["High Street"]["kind"] == "route"
    assert by_name["High Street"]["radius_m"] == 30
    assert by_name["High Street"]["route"] == [
        {"latitude": 51.46, "longitude": -2.59},
        {"latitude": 51.46, "longitude": -2.58},
        {"latitude": 51.465, "longitude": -2.58},
    ]
    assert by_name["Mill Lane"]["kind"] == "point" and by_name["Mill Lane"]["route"] == []


def test_a_route_is_refused_through_the_api_outside_its_corridor(
    resident: User, volunteer: User, scheme: Scheme, high_street: Place, fields: dict[str, Field]
) -> None:
    from coproduce.api.services import create_token

    _token, secret = create_token(actor=resident, name="app", expires_in_days=30)
    script = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {secret}")
    response = script.post(
        f"/api/v1/monitoring/schemes/{scheme.pk}/observations",
        json.dumps(
            {
                "key": new_key(),
                "place": high_street.pk,
                "observed_at": (timezone.now() - datetime.timedelta(hours=1)).isoformat(),
                "answers": {
                    str(fields["counted"].pk): 40,
                    str(fields["over"].pk): 9,
                    str(fields["where"].pk): "51.459, -2.585",
                },
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "from the route High Street" in response.json()["detail"]
    assert not Observation.objects.exists()
