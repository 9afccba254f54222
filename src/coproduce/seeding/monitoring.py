"""Riverside's speed watch: residents with a speed device on two roads, working with the police.

A baseline period before the watch began, then two years of sessions in which the share of
vehicles over the limit falls from about 38% to about 23%, as South Somerset's did. The demo
resident has agreed to the code of conduct, so they can record an observation at once.
Made the same way every time; a second run adds nothing.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from coproduce.feedback.monitoring import services
from coproduce.feedback.monitoring.models import (
    Field,
    Observation,
    Place,
    Reading,
    Scheme,
    Volunteer,
)
from coproduce.organisations.models import Organisation
from coproduce.people.models import User
from coproduce.places.models import Area

TITLE = "Riverside North speed watch"
SEED = 2007_07
CODE_OF_CONDUCT = """\
You watch and count. You never stop, follow, shout at or confront a driver.
Wear the hi-vis vest, stand where you can be seen and stay on the pavement.
Work in twos or threes, never alone. If anyone becomes angry, stop and leave.
Do not share number plates or photos of people anywhere. The police deal with drivers."""
# (name, latitude, longitude, share over the limit before the watch, share two years later)
ROADS = [
    ("Mill Lane by the library", "51.463100", "-2.582400", 0.40, 0.22),
    ("Park Road by the school", "51.460800", "-2.579300", 0.36, 0.24),
]
SESSIONS_A_MONTH = 6
BASELINE_MONTHS = 3
WATCH_MONTHS = 24


def _month_start(months_ago: int) -> datetime.date:
    today = timezone.localdate().replace(day=1)
    year, month = divmod(today.year * 12 + today.month - 1 - months_ago, 12)
    return datetime.date(year, month + 1, 1)


def _scheme(coordinator: User | None) -> tuple[Scheme, Field, Field]:
    ward = Area.objects.filter(slug="riverside-north").first()
    council = Organisation.objects.filter(slug="riverside-council").first()
    total_months = BASELINE_MONTHS + WATCH_MONTHS
    baseline_start = _month_start(total_months)
    scheme = Scheme.objects.create(
        title=TITLE,
        description=(
            "Residents and the police count how many vehicles go over 20 mph on two roads "
            "near the school and the library. The police write to the drivers; the counts "
            "show whether the roads are getting safer."
        ),
        kind=Scheme.Kind.SPEED_WATCH,
        status=Scheme.Status.OPEN,
        organisation=council,
        area=ward,
        requirement=Scheme.Requirement.AGREE,
        code_of_conduct=CODE_OF_CONDUCT,
        training="A one-hour session with the neighbourhood police team on using the device",
        baseline_start=baseline_start,
        baseline_end=_month_start(WATCH_MONTHS) - datetime.timedelta(days=1),
        recent_days=90,
        measure_label="vehicles over the limit",
        measure_kind=Scheme.MeasureKind.SHARE,
        created_by=coordinator,
    )
    counted = Field.objects.create(
        scheme=scheme,
        order=1,
        label="Vehicles counted",
        kind=Field.Kind.NUMBER,
        min_value=Decimal(0),
        max_value=Decimal(2000),
    )
    over = Field.objects.create(
        scheme=scheme,
        order=2,
        label="Vehicles over 20 mph",
        kind=Field.Kind.NUMBER,
        min_value=Decimal(0),
        max_value=Decimal(2000),
    )
    Field.objects.create(
        scheme=scheme,
        order=3,
        label="Weather",
        kind=Field.Kind.CHOICE,
        choices=["Dry", "Wet", "Fog"],
        required=False,
    )
    Field.objects.create(
        scheme=scheme, order=4, label="Where you stood", kind=Field.Kind.LOCATION, required=False
    )
    Field.objects.create(
        scheme=scheme, order=5, label="Anything else", kind=Field.Kind.TEXT, required=False
    )
    scheme.measure_field, scheme.measure_total_field = over, counted
    scheme.save()
    for name, latitude, longitude, _before, _after in ROADS:
        Place.objects.create(
            scheme=scheme,
            name=name,
            latitude=Decimal(latitude),
            longitude=Decimal(longitude),
            radius_m=250,
        )
    return scheme, counted, over


def _share(before: float, after: float, months_ago: int) -> float:
    """Flat before the watch; then it falls, quickly at first, to `after`."""
    watched = WATCH_MONTHS - months_ago
    if watched <= 0:
        return before
    progress = min(watched / 12, 1.0)
    return before + (after - before) * progress


def _observations(
    scheme: Scheme, counted: Field, over: Field, volunteers: list[User], rng: random.Random
) -> int:
    places = list(scheme.places.order_by("name"))
    roads = {name: (before, after) for name, _lat, _lon, before, after in ROADS}
    made = 0
    for months_ago in range(BASELINE_MONTHS + WATCH_MONTHS, 0, -1):
        start = _month_start(months_ago)
        for session in range(SESSIONS_A_MONTH):
            place = places[session % len(places)]
            before, after = roads[place.name]
            day = start + datetime.timedelta(days=2 + session * 4)
            when = timezone.make_aware(
                datetime.datetime.combine(day, datetime.time(7 + session % 3 * 4, 30))
            )
            vehicles = rng.randint(60, 140)
            share = min(max(_share(before, after, months_ago) + rng.uniform(-0.04, 0.04), 0), 1)
            fast = round(vehicles * share)
            person = volunteers[made % len(volunteers)]
            observation = Observation.objects.create(
                scheme=scheme,
                place=place,
                person=person,
                recorded_by=person,
                observed_at=when,
                observed_on=day,
                observed_month=start,
                idempotency_key=f"seed-{scheme.pk}-{months_ago}-{session}",
                measure_top=float(fast),
                measure_bottom=float(vehicles),
            )
            Reading.objects.bulk_create(
                [
                    Reading(observation=observation, field=counted, number=Decimal(vehicles)),
                    Reading(observation=observation, field=over, number=Decimal(fast)),
                ]
            )
            made += 1
    return made


def create_monitoring(*, log: Callable[[str], None] = print) -> int:
    """The speed watch and its observations; returns how many were made (none on a rerun)."""
    if Scheme.objects.filter(title=TITLE).exists():
        return 0
    coordinator = User.objects.filter(email="coordinator@riverside.example").first()
    resident = User.objects.filter(email="resident@riverside.example").first()
    rng = random.Random(SEED)  # noqa: S311 - made-up counts, the same every run
    with transaction.atomic():
        scheme, counted, over = _scheme(coordinator)
        volunteers = [person for person in (resident, coordinator) if person is not None]
        for person in volunteers:
            Volunteer.objects.create(
                scheme=scheme,
                person=person,
                how=Volunteer.How.AGREED,
                completed_on=scheme.baseline_start or timezone.localdate(),
                recorded_by=person,
            )
        made = _observations(scheme, counted, over, volunteers, rng) if volunteers else 0
        services.rebuild_totals(scheme)
    log(f"Made the speed watch {TITLE} with {made} observations.")
    return made
