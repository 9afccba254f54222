"""A speed watch on two stretches of road, with its form, and helpers to record on it."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from coproduce.feedback.monitoring import services
from coproduce.feedback.monitoring.models import Field, Observation, Place, Scheme, Volunteer
from coproduce.people.models import User


def make_scheme(created_by: User | None = None, **values: Any) -> Scheme:
    values.setdefault("title", "Mill Lane speed watch")
    values.setdefault("description", "Residents count vehicles going over 20 mph.")
    values.setdefault("kind", Scheme.Kind.SPEED_WATCH)
    values.setdefault("status", Scheme.Status.OPEN)
    values.setdefault("code_of_conduct", "Observe and report. Never confront a driver.")
    values.setdefault("requirement", Scheme.Requirement.AGREE)
    values.setdefault("measure_label", "vehicles over the limit")
    return Scheme.objects.create(created_by=created_by, **values)


def add_speed_form(scheme: Scheme) -> dict[str, Field]:
    fields = {
        "counted": Field.objects.create(
            scheme=scheme,
            order=1,
            label="Vehicles counted",
            kind=Field.Kind.NUMBER,
            min_value=Decimal(0),
            max_value=Decimal(5000),
        ),
        "over": Field.objects.create(
            scheme=scheme,
            order=2,
            label="Vehicles over the limit",
            kind=Field.Kind.NUMBER,
            min_value=Decimal(0),
            max_value=Decimal(5000),
        ),
        "weather": Field.objects.create(
            scheme=scheme,
            order=3,
            label="Weather",
            kind=Field.Kind.CHOICE,
            choices=["Dry", "Wet"],
            required=False,
        ),
        "where": Field.objects.create(
            scheme=scheme,
            order=4,
            label="Where you stood",
            kind=Field.Kind.LOCATION,
            required=False,
        ),
        "photo": Field.objects.create(
            scheme=scheme,
            order=5,
            label="Photo of the sign",
            kind=Field.Kind.PHOTO,
            required=False,
        ),
        "notes": Field.objects.create(
            scheme=scheme,
            order=6,
            label="Anything else",
            kind=Field.Kind.TEXT,
            required=False,
        ),
    }
    scheme.measure_kind = Scheme.MeasureKind.SHARE
    scheme.measure_field = fields["over"]
    scheme.measure_total_field = fields["counted"]
    scheme.save()
    return fields


@pytest.fixture
def scheme(coordinator: User) -> Scheme:
    scheme = make_scheme(
        coordinator,
        baseline_start=datetime.date(2025, 1, 1),
        baseline_end=datetime.date(2025, 3, 31),
    )
    Place.objects.create(
        scheme=scheme,
        name="Mill Lane",
        latitude=Decimal("51.462000"),
        longitude=Decimal("-2.581000"),
        radius_m=300,
    )
    Place.objects.create(
        scheme=scheme,
        name="Quay Road",
        latitude=Decimal("51.448000"),
        longitude=Decimal("-2.596000"),
        radius_m=300,
    )
    return scheme


@pytest.fixture
def fields(scheme: Scheme) -> dict[str, Field]:
    return add_speed_form(scheme)


@pytest.fixture
def mill_lane(scheme: Scheme) -> Place:
    return scheme.places.get(name="Mill Lane")


@pytest.fixture
def quay_road(scheme: Scheme) -> Place:
    return scheme.places.get(name="Quay Road")


@pytest.fixture
def volunteer(resident: User, scheme: Scheme) -> User:
    Volunteer.objects.create(
        scheme=scheme,
        person=resident,
        how=Volunteer.How.AGREED,
        completed_on=timezone.localdate(),
    )
    return resident


def new_key() -> str:
    return uuid.uuid4().hex


def stored(
    scheme: Scheme,
    place: Place,
    person: User | None,
    when: datetime.datetime,
    counted: float,
    over: float,
    *,
    excluded: bool = False,
) -> Observation:
    """An observation written straight to the table, as the bulk loader does."""
    local = timezone.localtime(when)
    observation = Observation.objects.create(
        scheme=scheme,
        place=place,
        person=person,
        recorded_by=person,
        observed_at=when,
        observed_on=local.date(),
        observed_month=local.date().replace(day=1),
        idempotency_key=new_key(),
        measure_top=over,
        measure_bottom=counted,
        is_excluded=excluded,
        excluded_reason="Test" if excluded else "",
    )
    if not excluded:
        services.add_to_totals(observation)
    return observation


def at(day: datetime.date, hour: int = 8) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
