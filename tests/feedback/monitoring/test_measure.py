"""The arithmetic of the measure, the chart and the map, without a database."""

from __future__ import annotations

import pytest

from coproduce.feedback.monitoring import measure


def test_share_is_a_sum_over_a_sum_not_an_average_of_shares() -> None:
    # 1 of 10 vehicles, then 37 of 90: 38 of 100, not the 25.6% an average of shares gives.
    totals = measure.Totals(top=1 + 37, bottom=10 + 90, observations=2)
    assert totals.value() == pytest.approx(0.38)


def test_no_observations_means_no_value() -> None:
    assert measure.Totals().value() is None
    assert measure.Totals(top=3, bottom=0, observations=1).value() is None


def test_change_from_38_to_23_percent_is_down_39_5_percent() -> None:
    change = measure.Change(0.38, 0.23)
    assert change.percent == pytest.approx(-39.47, abs=0.01)
    assert measure.Change(None, 0.2).percent is None
    assert measure.Change(0.0, 0.2).percent is None


def test_values_are_written_as_people_read_them() -> None:
    assert measure.format_value(0.384, measure.SHARE) == "38%"
    assert measure.format_value(12.0, measure.MEAN) == "12"
    assert measure.format_value(12.25, measure.MEAN) == "12.2"
    assert measure.format_value(None, measure.SHARE) == "\u2013"


def test_distance_between_two_points_on_a_street() -> None:
    # About 111 m per 0.001 degree of latitude.
    assert measure.distance_m(51.462, -2.581, 51.463, -2.581) == pytest.approx(111.2, abs=0.5)
    assert measure.distance_m(51.462, -2.581, 51.462, -2.581) == 0


def test_line_chart_puts_a_higher_value_higher_up() -> None:
    chart = measure.line_chart([("Jan", 0.4), ("Feb", None), ("Mar", 0.2)], measure.SHARE, (0, 0))
    assert [p.label for p in chart.points] == ["Jan", "Mar"]
    assert chart.points[0].y < chart.points[1].y
    assert chart.points[0].x < chart.points[1].x
    assert chart.path.startswith("M") and " L" in chart.path
    assert chart.baseline_x is not None
    assert [t.label for t in chart.ticks] == ["0%", "50%", "100%"]


def test_map_keeps_north_up_and_east_right() -> None:
    drawn = measure.place_map(
        [
            ("North", 51.47, -2.60, 200, "30%"),
            ("South-east", 51.44, -2.57, 200, "20%"),
        ]
    )
    north, south_east = drawn.spots
    assert north.y < south_east.y
    assert north.x < south_east.x
    for spot in drawn.spots:
        assert 0 <= spot.x <= drawn.width and 0 <= spot.y <= drawn.height
    assert drawn.scale_m > 0 and drawn.scale_px > 0


def test_labels_face_into_the_map_so_none_is_cut_off_at_an_edge() -> None:
    west, east = measure.place_map(
        [
            ("Mill Lane by the library", 51.4631, -2.5824, 250, "22%"),
            ("Park Road by the school", 51.4608, -2.5793, 250, "24%"),
        ]
    ).spots
    assert west.anchor == "start" and west.label_x > west.x
    assert east.anchor == "end" and east.label_x < east.x


def test_a_map_of_one_place_or_none() -> None:
    assert measure.place_map([]).spots == []
    (only,) = measure.place_map([("Here", 51.0, -2.0, 100, "1")]).spots
    assert (only.x, only.y) == (measure.MAP_WIDTH // 2, measure.MAP_HEIGHT // 2)
