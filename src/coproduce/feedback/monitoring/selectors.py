"""Reads for co-monitoring. The trend of a scheme is one aggregate query, whatever its size."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, Prefetch, Q, QuerySet, Sum

from coproduce.feedback.monitoring import measure
from coproduce.feedback.monitoring.models import (
    DailyTotal,
    Field,
    Observation,
    Place,
    Reading,
    Scheme,
)
from coproduce.people.roles import ADMINISTRATOR, COORDINATOR, roles_of


def visible_schemes(user: Any) -> QuerySet[Scheme]:
    """Open and closed schemes for everyone; schemes being set up for those who run them."""
    found = Scheme.objects.select_related("area", "organisation")
    roles = roles_of(user)
    if COORDINATOR in roles or ADMINISTRATOR in roles:
        return found
    return found.filter(~Q(status=Scheme.Status.DRAFT) | Q(organisation_id__in=roles.manager_of))


def scheme_detail(pk: int) -> Scheme | None:
    return (
        Scheme.objects.select_related(
            "area", "organisation", "opportunity", "measure_field", "measure_total_field"
        )
        .prefetch_related(
            Prefetch("places", queryset=Place.objects.order_by("name", "id")),
            Prefetch("fields", queryset=Field.objects.order_by("order", "id")),
        )
        .filter(pk=pk)
        .first()
    )


@dataclass
class PlaceChange:
    place: Place
    change: measure.Change
    before_count: int = 0
    after_count: int = 0


@dataclass
class Month:
    month: datetime.date
    totals: measure.Totals
    in_baseline: bool = False


@dataclass
class Trend:
    months: list[Month] = field(default_factory=list)
    places: list[PlaceChange] = field(default_factory=list)
    overall: measure.Change = field(default_factory=lambda: measure.Change(None, None))
    recent_start: datetime.date | None = None
    recent_end: datetime.date | None = None
    observations: int = 0


def _recent_period(
    scheme: Scheme, totals: QuerySet[DailyTotal]
) -> tuple[datetime.date | None, datetime.date | None]:
    """The latest `recent_days` days with observations, after the baseline ends."""
    latest = totals.filter(observations__gt=0).aggregate(latest=Max("day"))["latest"]
    if latest is None:
        return None, None
    start = latest - datetime.timedelta(days=scheme.recent_days - 1)
    if scheme.baseline_end is not None:
        start = max(start, scheme.baseline_end + datetime.timedelta(days=1))
    return (start, latest) if start <= latest else (None, None)


# A filter that counts nothing, when there is no period to count.
NEVER = Q(day__isnull=True)


def trend_of(scheme: Scheme, places: list[Place]) -> Trend:
    """Month by month and place by place, before and after, from the daily totals: a few
    thousand rows for five years of a busy scheme, however many observations there are."""
    totals = DailyTotal.objects.filter(scheme=scheme).order_by()
    start, end = _recent_period(scheme, totals)
    in_baseline = (
        Q(day__gte=scheme.baseline_start, day__lte=scheme.baseline_end)
        if scheme.baseline_start and scheme.baseline_end
        else NEVER
    )
    in_recent = Q(day__gte=start, day__lte=end) if start and end else NEVER
    rows = totals.values("month", "place_id").annotate(
        n=Sum("observations"),
        all_measured=Sum("measured"),
        all_top=Sum("top"),
        all_bottom=Sum("bottom"),
        before_top=Sum("top", filter=in_baseline),
        before_bottom=Sum("bottom", filter=in_baseline),
        before_n=Sum("measured", filter=in_baseline),
        after_top=Sum("top", filter=in_recent),
        after_bottom=Sum("bottom", filter=in_recent),
        after_n=Sum("measured", filter=in_recent),
    )
    found: list[dict[str, Any]] = [dict(row) for row in rows]
    return _add_up(scheme, places, found, start, end)


def _add_up(
    scheme: Scheme,
    places: list[Place],
    rows: list[dict[str, Any]],
    start: datetime.date | None,
    end: datetime.date | None,
) -> Trend:
    months: dict[datetime.date, list[float]] = defaultdict(lambda: [0.0, 0.0, 0])
    per_place: dict[int, list[float]] = defaultdict(lambda: [0.0, 0.0, 0, 0.0, 0.0, 0])
    for row in rows:
        sums_of_month = months[row["month"]]
        sums_of_month[0] += row["all_top"] or 0.0
        sums_of_month[1] += row["all_bottom"] or 0.0
        sums_of_month[2] += row["all_measured"] or 0
        sums = per_place[row["place_id"]]
        for index, name in enumerate(
            ("before_top", "before_bottom", "before_n", "after_top", "after_bottom", "after_n")
        ):
            sums[index] += row[name] or 0
    total = [sum(sums[i] for sums in per_place.values()) for i in range(6)]
    trend = Trend(
        recent_start=start,
        recent_end=end,
        observations=sum(row["n"] or 0 for row in rows),
        overall=_change(total),
    )
    start_month = scheme.baseline_start.replace(day=1) if scheme.baseline_start else None
    for day, (top, bottom, count) in sorted(months.items()):
        in_baseline = bool(
            start_month and scheme.baseline_end and start_month <= day <= scheme.baseline_end
        )
        trend.months.append(Month(day, measure.Totals(top, bottom, int(count)), in_baseline))
    for place in places:
        sums = per_place.get(place.pk, [0.0] * 6)
        trend.places.append(
            PlaceChange(place, _change(sums), before_count=int(sums[2]), after_count=int(sums[5]))
        )
    return trend


def _change(sums: list[float]) -> measure.Change:
    before = measure.Totals(sums[0], sums[1], int(sums[2]))
    after = measure.Totals(sums[3], sums[4], int(sums[5]))
    return measure.Change(before.value(), after.value())


def observations_of(scheme: Scheme) -> QuerySet[Observation]:
    """The newest first, with what each page of them shows."""
    return (
        Observation.objects.filter(scheme=scheme)
        .select_related("place", "person", "excluded_by")
        .prefetch_related(Prefetch("readings", queryset=Reading.objects.select_related("field")))
        .order_by("-observed_at", "-id")
    )


class KnownCount:
    """A list of observations whose length is known without counting a million rows: the
    daily totals hold the ones that count, and the few left out have an index of their own."""

    def __init__(self, queryset: QuerySet[Observation], count: int) -> None:
        self.queryset = queryset
        self._count = count

    def count(self) -> int:
        return self._count

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index: Any) -> Any:
        return self.queryset[index]


def observation_count(scheme: Scheme) -> int:
    counted = DailyTotal.objects.filter(scheme=scheme).aggregate(n=Sum("observations"))["n"]
    left_out = Observation.objects.filter(scheme=scheme, is_excluded=True).count()
    return int(counted or 0) + left_out


def observation_detail(pk: int) -> Observation | None:
    return (
        Observation.objects.select_related(
            "scheme__organisation", "place", "person", "recorded_by", "excluded_by", "contribution"
        )
        .prefetch_related(Prefetch("readings", queryset=Reading.objects.select_related("field")))
        .filter(pk=pk)
        .first()
    )


def volunteers_of(scheme: Scheme) -> QuerySet[Any]:
    return scheme.volunteers.select_related("person", "recorded_by").order_by(
        "person__display_name", "pk"
    )


def export_rows(scheme: Scheme, *, with_people: bool) -> Iterator[list[Any]]:
    """Every observation, oldest first, one row each, read in batches. Without `with_people`
    (for those who do not run the scheme) only counts and choices: free text, photos and exact
    locations can identify someone."""
    fields = list(scheme.fields.order_by("order", "id"))
    if not with_people:
        fields = [f for f in fields if f.kind in (Field.Kind.NUMBER, Field.Kind.CHOICE)]
    header = ["id", "observed_at", "place", "latitude", "longitude", "excluded", "reason"]
    if with_people:
        header.append("recorded_by")
    yield header + [f.label for f in fields]
    found = (
        Observation.objects.filter(scheme=scheme)
        .select_related("place", "person")
        .order_by("observed_at", "id")
    )
    batch: list[Observation] = []
    for observation in found.iterator(chunk_size=2000):
        batch.append(observation)
        if len(batch) == 2000:
            yield from _export_batch(batch, fields, with_people)
            batch = []
    yield from _export_batch(batch, fields, with_people)


def _export_batch(
    batch: list[Observation], fields: list[Field], with_people: bool
) -> Iterator[list[Any]]:
    if not batch:
        return
    readings: dict[int, dict[int, str]] = defaultdict(dict)
    wanted = [f.pk for f in fields]
    found = Reading.objects.filter(observation__in=[o.pk for o in batch], field_id__in=wanted)
    for reading in found:
        readings[reading.observation_id][reading.field_id] = reading.display
    for observation in batch:
        row: list[Any] = [
            observation.pk,
            observation.observed_at.isoformat(),
            observation.place.name,
            observation.latitude if with_people else "",
            observation.longitude if with_people else "",
            "yes" if observation.is_excluded else "no",
            observation.excluded_reason,
        ]
        if with_people:
            row.append(observation.person.display_name if observation.person else "")
        answers = readings.get(observation.pk, {})
        yield row + [answers.get(f.pk, "") for f in fields]


# --- Daily totals, as they should be --------------------------------------------------------


def totals_from_observations(scheme: Scheme) -> list[DailyTotal]:
    """The daily totals as they should be, added up again from the observations."""
    rows = (
        Observation.objects.filter(scheme=scheme, is_excluded=False)
        .values("place_id", "observed_on", "observed_month")
        .annotate(
            n=Count("pk"),
            measured=Count("pk", filter=Q(measure_bottom__isnull=False)),
            top=Sum("measure_top", filter=Q(measure_bottom__isnull=False)),
            bottom=Sum("measure_bottom"),
        )
        .order_by()
    )
    return [
        DailyTotal(
            scheme=scheme,
            place_id=row["place_id"],
            day=row["observed_on"],
            month=row["observed_month"],
            observations=row["n"],
            measured=row["measured"],
            top=row["top"] or 0.0,
            bottom=row["bottom"] or 0.0,
        )
        for row in rows
    ]


def totals_disagreeing(scheme: Scheme) -> list[str]:
    """Each place and day whose stored total differs from the observations; empty when
    they all agree."""
    expected = {(t.place_id, t.day): t for t in totals_from_observations(scheme)}
    stored = {
        (t.place_id, t.day): t for t in DailyTotal.objects.filter(scheme=scheme, observations__gt=0)
    }
    problems = []
    for key in sorted(set(expected) | set(stored), key=lambda k: (k[0], k[1])):
        want, have = expected.get(key), stored.get(key)
        if want is None or have is None or not _same(want, have):
            problems.append(
                f"place {key[0]} on {key[1]}: expected {_sums(want)}, found {_sums(have)}"
            )
    return problems


def _same(want: DailyTotal, have: DailyTotal) -> bool:
    return (
        want.observations == have.observations
        and want.measured == have.measured
        and abs(want.top - have.top) < 1e-6
        and abs(want.bottom - have.bottom) < 1e-6
    )


def _sums(total: DailyTotal | None) -> str:
    if total is None:
        return "nothing"
    return f"{total.observations} observations, {total.top:g} of {total.bottom:g}"
