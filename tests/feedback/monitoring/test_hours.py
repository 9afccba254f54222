"""Time spent watching counts as hours given when the scheme is also an opportunity."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coproduce.delivery.models import Contribution, Opportunity
from coproduce.feedback.monitoring.models import Field, Observation, Place, Scheme
from coproduce.organisations.models import Organisation
from coproduce.people.models import User
from tests.delivery.conftest import make_opportunity
from tests.feedback.monitoring.conftest import new_key

pytestmark = pytest.mark.django_db


@pytest.fixture
def linked(scheme: Scheme, vcs_group: Organisation) -> Opportunity:
    opportunity = make_opportunity(vcs_group, title="Speed watch volunteer")
    scheme.opportunity = opportunity
    scheme.save()
    return opportunity


def seen_at() -> datetime.datetime:
    """When the observations here were made: an hour ago (yesterday, just after midnight)."""
    return timezone.localtime() - datetime.timedelta(hours=1)


def form(place: Place, fields: dict[str, Field], **extra: Any) -> dict[str, Any]:
    now = seen_at()
    return {
        "key": new_key(),
        "place": str(place.pk),
        "date": now.date().isoformat(),
        "time": now.strftime("%H:%M"),
        f"field_{fields['counted'].pk}": "40",
        f"field_{fields['over'].pk}": "9",
        **extra,
    }


def test_time_spent_is_logged_through_co_delivery(
    volunteer: User,
    as_resident: Client,
    scheme: Scheme,
    linked: Opportunity,
    mill_lane: Place,
    fields: dict[str, Field],
) -> None:
    url = reverse("monitoring:observation-add", args=[scheme.pk])
    assert "Time you spent, in hours" in as_resident.get(url).content.decode()
    response = as_resident.post(url, form(mill_lane, fields, hours="1.5"), follow=True)
    assert "logged as hours given" in response.content.decode()
    contribution = Contribution.objects.get()
    assert (contribution.person, contribution.opportunity) == (volunteer, linked)
    assert contribution.status == Contribution.Status.LOGGED
    assert str(contribution.hours) == "1.50"
    assert Observation.objects.get().contribution == contribution


def test_hours_refused_by_co_delivery_record_nothing(
    volunteer: User,
    as_resident: Client,
    scheme: Scheme,
    linked: Opportunity,
    mill_lane: Place,
    fields: dict[str, Field],
) -> None:
    Contribution.objects.create(
        person=volunteer,
        opportunity=linked,
        date=seen_at().date(),  # the day of the observation, even just after midnight
        hours=23,
        status=Contribution.Status.CONFIRMED,
        source=Contribution.Source.LOGGED,
    )
    url = reverse("monitoring:observation-add", args=[scheme.pk])
    response = as_resident.post(url, form(mill_lane, fields, hours="2"))
    assert response.status_code == 400
    assert "more than 24 hours" in response.content.decode()
    assert not Observation.objects.exists()
    assert Contribution.objects.count() == 1


def test_no_hours_no_contribution(
    volunteer: User,
    as_resident: Client,
    scheme: Scheme,
    linked: Opportunity,
    mill_lane: Place,
    fields: dict[str, Field],
) -> None:
    as_resident.post(
        reverse("monitoring:observation-add", args=[scheme.pk]), form(mill_lane, fields)
    )
    assert Observation.objects.get().contribution is None
    assert not Contribution.objects.exists()
