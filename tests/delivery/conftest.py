"""Opportunities and shifts for the co-delivery tests, built on the shared personas."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from coproduce.delivery.models import Opportunity, SafeguardingLevel, Shift
from coproduce.organisations.models import Organisation
from coproduce.places.models import Area

SOON = datetime.timedelta(days=3)


def make_opportunity(organisation: Organisation, **values: Any) -> Opportunity:
    values.setdefault("title", "Pack food parcels")
    values.setdefault("description", "Help pack parcels for families in Riverside.")
    values.setdefault("is_published", True)
    values.setdefault("safeguarding", SafeguardingLevel.NONE)
    return Opportunity.objects.create(organisation=organisation, **values)


def make_shift(
    opportunity: Opportunity,
    *,
    starts_in: datetime.timedelta = SOON,
    hours: float = 2,
    capacity: int = 5,
) -> Shift:
    starts_at = (timezone.now() + starts_in).replace(microsecond=0)
    return Shift.objects.create(
        opportunity=opportunity,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=hours),
        capacity=capacity,
    )


@pytest.fixture
def opportunity(vcs_group: Organisation, area: Area) -> Opportunity:
    return make_opportunity(vcs_group, area=area)


@pytest.fixture
def shift(opportunity: Opportunity) -> Shift:
    return make_shift(opportunity)


@pytest.fixture
def past_shift(opportunity: Opportunity) -> Shift:
    return make_shift(opportunity, starts_in=-datetime.timedelta(days=1), hours=3)
