# ruff: noqa: S608 - the bench writes SQL from its own numbers and ids, never from input
"""A speed watch with 1,000,000 observations: how long the scheme's page takes.

Makes a throwaway database, migrates it, sets up one scheme with four places and its two
number questions, then generates the observations (and their 2,000,000 readings) inside the
database with INSERT ... SELECT in blocks, so nothing passes through Python. Five years of
observations, the first six months the baseline; the share of vehicles over the limit falls
from about 40% to about 22% over the years. One in 500 is left out by a coordinator.

Then it times the whole scheme page through Django's test client (the trend by month, the
change by place, the map, the first page of observations, rendered), as a visitor and as a
coordinator, and the trend query on its own.

    .venv/bin/python bench/monitoring.py   # PostgreSQL at DATABASE_URL, by default
                                           # postgres://postgres@127.0.0.1:5432/coproduce_monitoring_bench
    DATABASE_URL=sqlite:///var/bench/monitoring.sqlite3 .venv/bin/python bench/monitoring.py

    MONITORING_OBSERVATIONS  how many (default 1,000,000)
    MONITORING_RUNS          timed runs of each measurement (default 5)
    MONITORING_KEEP=1        reuse the data of an earlier run instead of starting again

Target (issue 6): the scheme trend page with 1,000,000 observations under 1 s.
"""

from __future__ import annotations

import datetime
import os
import platform
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coproduce.settings")
os.environ.setdefault(
    "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/coproduce_monitoring_bench"
)
os.environ.pop("COPRODUCE_TESTING", None)

OBSERVATIONS = int(os.environ.get("MONITORING_OBSERVATIONS", "1000000"))
RUNS = int(os.environ.get("MONITORING_RUNS", "5"))
KEEP = os.environ.get("MONITORING_KEEP", "") == "1"
BLOCK = 100_000
DAYS = 5 * 365
TITLE = "Bench speed watch"
URL = os.environ["DATABASE_URL"]
POSTGRES = URL.startswith("postgres")


def fresh_database() -> None:
    """Drop and make the database again: the bench owns it and nothing else may live there."""
    if POSTGRES:
        import psycopg

        parts = urlsplit(URL)
        name = parts.path.lstrip("/")
        if "bench" not in name:
            sys.exit(f"Refusing to drop {name!r}: the bench database's name must say bench.")
        with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True) as db:
            exists = db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if exists and KEEP:
                return
            db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            db.execute(f'CREATE DATABASE "{name}"')
    else:
        path = Path(urlsplit(URL).path)
        path.parent.mkdir(parents=True, exist_ok=True)
        if not KEEP:
            for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
                leftover.unlink(missing_ok=True)


fresh_database()

import django  # noqa: E402

django.setup()

from allauth.mfa.models import Authenticator  # noqa: E402
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from coproduce.feedback.monitoring import selectors, services  # noqa: E402
from coproduce.feedback.monitoring.models import Field, Observation, Place, Scheme  # noqa: E402
from coproduce.people.models import RoleGrant, User  # noqa: E402


def setup_scheme() -> Scheme:
    today = timezone.localdate()
    start = today - datetime.timedelta(days=DAYS)
    scheme = Scheme.objects.create(
        title=TITLE,
        description="Residents count vehicles over 20 mph on four roads.",
        kind=Scheme.Kind.SPEED_WATCH,
        status=Scheme.Status.OPEN,
        code_of_conduct="Observe and report. Never confront anyone.",
        baseline_start=start,
        baseline_end=start + datetime.timedelta(days=182),
        measure_label="vehicles over the limit",
        measure_kind=Scheme.MeasureKind.SHARE,
    )
    for index, name in enumerate(["Mill Lane", "Quay Road", "Castle Hill", "Fen Way"]):
        Place.objects.create(
            scheme=scheme,
            name=name,
            latitude=51.44 + index * 0.01,
            longitude=-2.60 + index * 0.008,
            radius_m=300,
        )
    counted = Field.objects.create(
        scheme=scheme, order=1, label="Vehicles counted", kind="number", min_value=0
    )
    over = Field.objects.create(
        scheme=scheme, order=2, label="Vehicles over the limit", kind="number", min_value=0
    )
    scheme.measure_field, scheme.measure_total_field = over, counted
    scheme.save()
    return scheme


def _observation_sql(scheme: Scheme, places: list[int], first: int, last: int) -> str:
    """Observation i is made at an even spread over five years, on place i mod 4; it counts
    20 to 99 vehicles, and the share over the limit falls from 40% to 22% with some noise."""
    span = DAYS * 86400
    start = timezone.now() - datetime.timedelta(days=DAYS)
    stamp = start.strftime("%Y-%m-%d %H:%M:%S")
    place = "CASE i % 4 " + " ".join(f"WHEN {n} THEN {p}" for n, p in enumerate(places)) + " END"
    counted = "(20 + (i * 7919) % 80)"
    rate = f"(0.40 - 0.18 * i / {OBSERVATIONS} + ((i * 104729) % 11 - 5) / 100.0)"
    over = f"ROUND({counted} * {rate})"
    if POSTGRES:
        series = f"generate_series({first}::bigint, {last}::bigint) AS i"
        seconds = f"(i::bigint * {span} / {OBSERVATIONS})"
        at = f"(TIMESTAMPTZ '{stamp}+00' + {seconds} * INTERVAL '1 second')"
        on, month, key = f"{at}::date", f"date_trunc('month', {at})::date", "'bench-' || i"
    else:
        series = (
            f"(WITH RECURSIVE n(i) AS (SELECT {first} UNION ALL SELECT i + 1 FROM n "
            f"WHERE i < {last}) SELECT i FROM n)"
        )
        at = f"datetime('{stamp}', '+' || (i * {span} / {OBSERVATIONS}) || ' seconds')"
        on, month, key = f"date({at})", f"strftime('%Y-%m-01', {at})", "'bench-' || i"
    return (
        "INSERT INTO monitoring_observation (scheme_id, place_id, observed_at, observed_on, "
        "observed_month, submitted_at, idempotency_key, notes, measure_top, measure_bottom, "
        "is_excluded, excluded_reason) "
        f"SELECT {scheme.pk}, {place}, {at}, {on}, {month}, {at}, {key}, '', "
        f"{over}, {counted}, (i % 500 = 0), CASE WHEN i % 500 = 0 THEN 'Device not calibrated' "
        f"ELSE '' END FROM {series}"
    )


def generate(scheme: Scheme) -> None:
    places = list(scheme.places.order_by("pk").values_list("pk", flat=True))
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for first in range(1, OBSERVATIONS + 1, BLOCK):
            last = min(first + BLOCK - 1, OBSERVATIONS)
            with transaction.atomic():
                cursor.execute(_observation_sql(scheme, places, first, last))
            print(f"  {last:,} observations", flush=True)
        assert scheme.measure_field_id and scheme.measure_total_field_id
        for field_id, column in (
            (scheme.measure_total_field_id, "measure_bottom"),
            (scheme.measure_field_id, "measure_top"),
        ):
            with transaction.atomic():
                cursor.execute(
                    "INSERT INTO monitoring_reading (observation_id, field_id, number, text, "
                    f"photo) SELECT id, {field_id}, {column}, '', '' FROM monitoring_observation "
                    f"WHERE scheme_id = {scheme.pk}"
                )
        cursor.execute("ANALYZE")
    print(f"Generated in {time.perf_counter() - started:.0f} s")
    started = time.perf_counter()
    days = services.rebuild_totals(scheme)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"Daily totals ({days:,} place-days) made in {time.perf_counter() - started:.1f} s")


def timed(label: str, action: object) -> list[float]:
    assert callable(action)
    action()  # warm the caches, as a page someone looks at often would be
    runs = []
    for _ in range(RUNS):
        started = time.perf_counter()
        action()
        runs.append(time.perf_counter() - started)
    print(
        f"{label:<44} median {statistics.median(runs) * 1000:7.0f} ms   "
        f"worst {max(runs) * 1000:7.0f} ms"
    )
    return runs


def main() -> None:
    call_command("migrate", verbosity=0, interactive=False)
    scheme = Scheme.objects.filter(title=TITLE).first()
    if scheme is None or not KEEP:
        scheme = setup_scheme()
        generate(scheme)
    elif not Observation.objects.filter(scheme=scheme).exists():
        generate(scheme)
    count = Observation.objects.filter(scheme=scheme).count()
    engine = "PostgreSQL" if POSTGRES else "SQLite"
    version = platform.python_version()
    print(f"{engine}, {count:,} observations, Python {version}, {os.cpu_count()} CPUs")
    print(f"Load average before timing: {os.getloadavg()[0]:.1f}")
    coordinator, _created = User.objects.get_or_create(
        email="coordinator@monitoring-bench.invalid", defaults={"display_name": "Bench"}
    )
    RoleGrant.objects.get_or_create(person=coordinator, role=RoleGrant.Role.COORDINATOR)
    if not Authenticator.objects.filter(user=coordinator).exists():
        TOTP.activate(coordinator, generate_totp_secret())
    visitor, staff = Client(), Client()
    staff.force_login(coordinator)
    url = scheme.get_absolute_url()

    def page(client: Client) -> None:
        response = client.get(url, HTTP_HOST="127.0.0.1")
        assert response.status_code == 200, response.status_code
        assert b"vehicles over the limit:" in response.content

    places = list(scheme.places.all())
    timed("Trend query (by month and place, one pass)", lambda: selectors.trend_of(scheme, places))
    results = timed("Scheme page, visitor", lambda: page(visitor))
    timed("Scheme page, coordinator", lambda: page(staff))
    with CaptureQueriesContext(connection) as queries:
        page(visitor)
    trend = selectors.trend_of(scheme, places)
    overall = trend.overall
    print(f"Queries for the page: {len(queries)}")
    disagreeing = selectors.totals_disagreeing(scheme)
    print(f"Daily totals agree with the observations: {'yes' if not disagreeing else 'NO'}")
    print(
        f"Change: {overall.before:.1%} -> {overall.after:.1%} "
        f"({overall.percent:+.0f}%), {len(trend.months)} months"
    )
    median = statistics.median(results)
    print(f"Target under 1 s: {'met' if median < 1 else 'NOT met'} ({median * 1000:.0f} ms)")
    if median >= 1:
        sys.exit(1)


main()
