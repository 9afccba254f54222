"""The scheme page: the change against the baseline, by place and overall, the chart, the map,
the downloads, and observations left out by a coordinator."""

from __future__ import annotations

import csv
import datetime
import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from coproduce.common.errors import ServiceError
from coproduce.common.models import AuditEvent
from coproduce.feedback.monitoring import measure, services
from coproduce.feedback.monitoring.models import Field, Observation, Place, Scheme
from coproduce.feedback.monitoring.presenting import change_text
from coproduce.people.models import User
from tests.feedback.monitoring.conftest import at, stored

pytestmark = pytest.mark.django_db

BASELINE = datetime.date(2025, 2, 1)
RECENT = datetime.date(2025, 9, 1)


@pytest.fixture
def readings(
    scheme: Scheme, fields: dict[str, Field], mill_lane: Place, quay_road: Place, resident: User
) -> None:
    """38% over the limit in the baseline, 23% lately; Mill Lane fell more than Quay Road."""
    stored(scheme, mill_lane, resident, at(BASELINE), 100, 40)
    stored(scheme, quay_road, resident, at(BASELINE), 100, 36)
    stored(scheme, mill_lane, resident, at(RECENT), 100, 16)
    stored(scheme, quay_road, resident, at(RECENT), 100, 30)
    # Left out: it would have made the recent figure much worse.
    stored(scheme, mill_lane, resident, at(RECENT), 1000, 900, excluded=True)


def test_change_is_written_like_38_to_23_down_40(
    readings: None, client: Client, scheme: Scheme
) -> None:
    html = client.get(scheme.get_absolute_url()).content.decode()
    assert "vehicles over the limit: 38% → 23%, down 39%" in html
    assert "Mill Lane: 40% → 16%, down 60%" in html
    assert "Quay Road: 36% → 30%, down 17%" in html


def test_change_text_says_up_and_no_change() -> None:
    assert change_text("litter", measure.Change(2.0, 3.0), "mean") == "litter: 2 → 3, up 50%"
    assert change_text("x", measure.Change(0.5, 0.5), "share") == "x: 50% → 50%, no change"
    assert change_text("x", measure.Change(None, 0.5), "share") == "x: \u2013 → 50%"


def test_page_has_a_chart_a_table_and_a_map(readings: None, client: Client, scheme: Scheme) -> None:
    html = client.get(scheme.get_absolute_url()).content.decode()
    assert html.count('<svg role="img"') >= 2
    assert "Feb 2025" in html and "Sep 2025" in html
    assert "(baseline)" in html
    assert "Map of the places watched" in html
    assert "51.462000, -2.581000, within 300 m" in html
    # Nothing from outside: the map is drawn from coordinates.
    assert "tile" not in html.lower() and "https://" not in html.split("<footer")[0]


def test_scheme_page_query_count_does_not_grow(
    readings: None,
    scheme: Scheme,
    mill_lane: Place,
    resident: User,
    as_coordinator: Client,
    django_assert_max_num_queries: Any,
) -> None:
    for day in range(30):
        stored(scheme, mill_lane, resident, at(RECENT + datetime.timedelta(days=day)), 50, 10)
    with django_assert_max_num_queries(16):
        response = as_coordinator.get(scheme.get_absolute_url())
    assert response.status_code == 200


def test_scheme_page_for_a_visitor_is_cheap(
    readings: None, scheme: Scheme, client: Client, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(9):
        assert client.get(scheme.get_absolute_url()).status_code == 200


def test_coordinator_excludes_an_observation_with_a_reason(
    readings: None, scheme: Scheme, mill_lane: Place, as_coordinator: Client, client: Client
) -> None:
    wrong = Observation.objects.filter(is_excluded=False, place=mill_lane).order_by("-observed_at")[
        0
    ]
    url = reverse("monitoring:observation-detail", args=[wrong.pk])
    refused = as_coordinator.post(url, {"reason": "   "})
    assert refused.status_code == 400
    assert "Say why the observation is left out." in refused.content.decode()
    wrong.refresh_from_db()
    assert not wrong.is_excluded
    response = as_coordinator.post(url, {"reason": "The device was not calibrated."})
    assert response.status_code == 302
    wrong.refresh_from_db()
    assert wrong.is_excluded and wrong.excluded_reason == "The device was not calibrated."
    event = AuditEvent.objects.get(action="monitoring.exclude_observation")
    assert event.changes == {"reason": "The device was not calibrated."}
    # It no longer counts: Mill Lane has no recent figure left.
    html = client.get(scheme.get_absolute_url()).content.decode()
    assert "Mill Lane: 40% → \u2013" in html
    # Still on record, marked.
    assert "The device was not calibrated." in as_coordinator.get(url).content.decode()


@pytest.mark.parametrize("persona", ["as_resident", "as_group_member", "as_outsider"])
def test_the_wrong_role_cannot_exclude(
    readings: None, persona: str, request: pytest.FixtureRequest
) -> None:
    client: Client = request.getfixturevalue(persona)
    observation = Observation.objects.filter(is_excluded=False).first()
    assert observation is not None
    url = reverse("monitoring:observation-detail", args=[observation.pk])
    response = client.post(url, {"reason": "I do not like it"})
    assert response.status_code in (403, 404)
    observation.refresh_from_db()
    assert not observation.is_excluded
    assert not AuditEvent.objects.filter(action="monitoring.exclude_observation").exists()


def test_the_service_refuses_the_wrong_role_and_a_second_exclusion(
    readings: None, resident: User, coordinator: User
) -> None:
    from coproduce.common.errors import Conflict, PermissionDenied

    observation = Observation.objects.filter(is_excluded=False).first()
    assert observation is not None
    with pytest.raises(PermissionDenied):
        services.exclude_observation(actor=resident, observation=observation, reason="No")
    services.exclude_observation(actor=coordinator, observation=observation, reason="Twice")
    with pytest.raises(Conflict):
        services.exclude_observation(actor=coordinator, observation=observation, reason="Again")
    with pytest.raises(ServiceError, match="Say why"):
        services.exclude_observation(actor=coordinator, observation=observation, reason="")


def _csv(response: Any) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_csv_download_for_the_coordinator_has_everything(
    readings: None, scheme: Scheme, fields: dict[str, Field], as_coordinator: Client
) -> None:
    Observation.objects.first().readings.create(field=fields["notes"], text="=cmd()")  # type: ignore[union-attr]
    rows = _csv(as_coordinator.get(reverse("monitoring:export-csv", args=[scheme.pk])))
    assert rows[0][:8] == [
        "id",
        "observed_at",
        "place",
        "latitude",
        "longitude",
        "excluded",
        "reason",
        "recorded_by",
    ]
    assert "Anything else" in rows[0]
    assert len(rows) == 6
    assert sum(row[5] == "yes" for row in rows[1:]) == 1
    assert "'=cmd()" in [cell for row in rows for cell in row]


def test_csv_download_for_residents_leaves_out_names_and_words(
    readings: None, scheme: Scheme, as_resident: Client
) -> None:
    rows = _csv(as_resident.get(reverse("monitoring:export-csv", args=[scheme.pk])))
    assert "recorded_by" not in rows[0] and "Anything else" not in rows[0]
    assert "Rita Resident" not in str(rows)
    assert (
        rows[0][-2:] == ["Vehicles counted", "Vehicles over the limit"][:2] or "Weather" in rows[0]
    )


def test_xlsx_download(readings: None, scheme: Scheme, as_coordinator: Client) -> None:
    from openpyxl import load_workbook

    response = as_coordinator.get(reverse("monitoring:export-xlsx", args=[scheme.pk]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None and sheet.max_row == 6
