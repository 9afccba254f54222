"""The demo borough comes with things to do, always with shifts still to come."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from coproduce.delivery.models import Opportunity, SafeguardingLevel, Shift

pytestmark = pytest.mark.django_db


def _seed() -> None:
    call_command("seed", stdout=StringIO())


def test_demo_has_about_ten_published_opportunities_across_groups() -> None:
    _seed()
    opportunities = Opportunity.objects.all()
    assert 8 <= opportunities.count() <= 12
    assert all(opportunity.is_published for opportunity in opportunities)
    assert len({opportunity.organisation_id for opportunity in opportunities}) >= 8
    assert {o.organisation.kind for o in opportunities} == {"vcs"}
    assert opportunities.filter(safeguarding=SafeguardingLevel.BASIC).exists()
    assert opportunities.filter(safeguarding=SafeguardingLevel.NONE).exists()


def test_every_demo_opportunity_has_two_or_three_shifts_to_come() -> None:
    _seed()
    now = timezone.now()
    for opportunity in Opportunity.objects.prefetch_related("shifts"):
        shifts = list(opportunity.shifts.all())
        assert 2 <= len(shifts) <= 3
        assert all(shift.starts_at > now for shift in shifts)


def test_shift_times_are_fixed_times_of_day_after_the_seed_date() -> None:
    _seed()
    today = timezone.localdate()
    first = Shift.objects.filter(opportunity__title="Pack food parcels").order_by("starts_at")[0]
    local = timezone.localtime(first.starts_at)
    assert local.date() == today + datetime.timedelta(days=1)
    assert (local.hour, local.minute, local.second) == (10, 0, 0)


def test_seeding_twice_adds_no_more_opportunities() -> None:
    _seed()
    shifts = Shift.objects.count()
    _seed()
    assert Shift.objects.count() == shifts
