"""The daily totals the trend reads agree with the observations, and the demo speed watch
shows its fall."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import CommandError, call_command

from coproduce.feedback.monitoring import selectors, services
from coproduce.feedback.monitoring.models import DailyTotal, Field, Place, Scheme
from coproduce.people.models import User
from coproduce.seeding.monitoring import TITLE, create_monitoring
from tests import factories
from tests.feedback.monitoring.conftest import at, stored

pytestmark = pytest.mark.django_db


def test_totals_follow_submissions_and_exclusions(
    volunteer: User, coordinator: User, scheme: Scheme, mill_lane: Place, fields: dict[str, Field]
) -> None:
    from tests.feedback.monitoring.test_observations import record

    first, _created = record(scheme, volunteer, mill_lane, fields)
    record(scheme, volunteer, mill_lane, fields, answers={fields["over"].pk: "4"})
    total = DailyTotal.objects.get()
    assert (total.observations, total.measured, total.top, total.bottom) == (2, 2, 13.0, 80.0)
    services.exclude_observation(actor=coordinator, observation=first, reason="Wrong road")
    total.refresh_from_db()
    assert (total.observations, total.top, total.bottom) == (1, 4.0, 40.0)
    assert selectors.totals_disagreeing(scheme) == []


def test_verify_command_finds_and_mends_totals_that_disagree(
    scheme: Scheme, mill_lane: Place, resident: User
) -> None:
    stored(scheme, mill_lane, resident, at(datetime.date(2025, 5, 1)), 50, 10)
    call_command("monitoring_verify")
    DailyTotal.objects.update(top=11.0)
    with pytest.raises(CommandError, match="1 scheme"):
        call_command("monitoring_verify")
    call_command("monitoring_verify", "--rebuild")
    assert DailyTotal.objects.get().top == 10.0


def test_demo_speed_watch_shows_a_fall_like_38_to_23() -> None:
    factories.UserFactory(email="resident@riverside.example")
    factories.UserFactory(email="coordinator@riverside.example")
    made = create_monitoring(log=lambda _line: None)
    assert made == 27 * 6
    assert create_monitoring(log=lambda _line: None) == 0
    scheme = Scheme.objects.get(title=TITLE)
    trend = selectors.trend_of(scheme, list(scheme.places.all()))
    assert trend.overall.before == pytest.approx(0.38, abs=0.03)
    assert trend.overall.after == pytest.approx(0.23, abs=0.03)
    assert trend.overall.percent is not None and trend.overall.percent < -25
    assert selectors.totals_disagreeing(scheme) == []
