"""The staff feedback dashboard of a service with 200,000 pieces of feedback over 5 years.

Makes (once) a public body with FEEDBACK_ITEMS (200,000) feedback items received over the last
five years, and FEEDBACK_OTHER_ITEMS (20,000) for another service, with bulk inserts: old items
are answered, as they would be, and a few thousand recent ones are still waiting, some overdue.
Then, as a member of staff of that service, it loads the dashboard page through Django's test
client FEEDBACK_RUNS times (30) after a warm-up, and prints the median and 95th percentile
time of the whole page, its queries and their total time, and the plan of the two queries that
matter.

    .venv/bin/python bench/feedback.py    # PostgreSQL at DATABASE_URL, by default
                                          # postgres://postgres@127.0.0.1:5432/coproduce_feedback_bench
    DATABASE_URL=sqlite:///var/bench/feedback.sqlite3 .venv/bin/python bench/feedback.py

Exits 1 when the median is over the target (300 ms).
"""

from __future__ import annotations

import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coproduce.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/coproduce_feedback_bench")
os.environ.pop("COPRODUCE_TESTING", None)

ITEMS = int(os.environ.get("FEEDBACK_ITEMS", "200000"))
OTHER_ITEMS = int(os.environ.get("FEEDBACK_OTHER_ITEMS", "20000"))
RUNS = int(os.environ.get("FEEDBACK_RUNS", "30"))
YEARS = 5
BATCH = 5_000
TARGET_MS = 300.0
DOMAIN = "feedback-bench.invalid"
SERVICE_SLUG = "feedback-bench-housing"
OTHER_SLUG = "feedback-bench-parks"
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def ensure_postgres_database(url: str) -> None:
    if not url.startswith("postgres"):
        return
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True) as db:
        if not db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            print(f"Creating the database {name}")
            db.execute(f'CREATE DATABASE "{name}"')


ensure_postgres_database(os.environ["DATABASE_URL"])

import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from coproduce.feedback import workdays  # noqa: E402
from coproduce.feedback.models import Feedback, Theme  # noqa: E402
from coproduce.organisations.models import Membership, Organisation  # noqa: E402
from coproduce.people.models import User  # noqa: E402
from coproduce.places.models import Area  # noqa: E402

THEMES = ["Bins", "Repairs", "Parks", "Roads", "Libraries", "Noise", "Parking", "Housing"]


def reference(number: int, prefix: str) -> str:
    """Unique and made the same way every run; real references are random."""
    letters = []
    for _ in range(7):
        number, digit = divmod(number, len(ALPHABET))
        letters.append(ALPHABET[digit])
    body = prefix + "".join(reversed(letters))
    return f"FB-{body[:4]}-{body[4:]}"


def organisation(slug: str, name: str) -> Organisation:
    found, _created = Organisation.objects.get_or_create(
        slug=slug, defaults={"name": name, "kind": Organisation.Kind.PUBLIC_BODY}
    )
    return found


def officer(service: Organisation) -> User:
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    person, _created = User.objects.get_or_create(
        email=f"officer@{DOMAIN}",
        defaults={"display_name": "Bench Officer", "password": make_password(None)},
    )
    Membership.objects.get_or_create(organisation=service, person=person)
    if not Authenticator.objects.filter(user=person, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(person, generate_totp_secret())
    return person


def areas() -> list[Area]:
    found = list(Area.objects.filter(slug__startswith="feedback-bench-"))
    if not found:
        found = [
            Area.objects.create(name=f"Bench ward {n}", slug=f"feedback-bench-{n}")
            for n in range(8)
        ]
    return found


def themes() -> list[Theme]:
    return [
        Theme.objects.get_or_create(slug=f"bench-{name.lower()}", defaults={"name": name})[0]
        for name in THEMES
    ]


def make_items(
    service: Organisation, count: int, prefix: str, ward_list: list[Area], theme_list: list[Theme]
) -> float:
    """`count` items received over five years; old ones answered. Returns the seconds taken."""
    have = Feedback.objects.filter(service=service).count()
    if have >= count:
        return 0.0
    rng = random.Random(f"{prefix}-{count}")  # made-up data, the same every run
    today = timezone.localdate()
    span = YEARS * 365
    started = time.perf_counter()
    batch: list[Feedback] = []
    for number in range(have, count):
        received = today - datetime.timedelta(days=rng.randint(0, span))
        item = Feedback(
            reference=reference(number, prefix),
            kind=rng.choice(["complaint", "complaint", "compliment", "suggestion"]),
            subject_kind="service",
            subject_name=f"Bench subject {number % 500}",
            area=ward_list[number % len(ward_list)],
            what_happened="Made-up feedback for the benchmark.",
            email=f"p{number}@{DOMAIN}",
            name=f"Bench person {number}",
            service=service,
            theme=theme_list[number % len(theme_list)],
            received_on=received,
            acknowledge_due=workdays.add_working_days(received, 3),
            respond_due=workdays.add_working_days(received, 20),
        )
        age = (today - received).days
        # Almost everything older than six weeks is answered; one in 200 is forgotten.
        if age > 42 and number % 200:
            days = rng.randint(1, 30)
            item.status = "responded"
            item.responded_at = timezone.now() - datetime.timedelta(days=max(age - days, 0))
            item.working_days_to_respond = days
            item.answered_in_time = days <= 20
            item.rating = rng.randint(1, 5)
        elif age > 3:
            item.status = "acknowledged"
            item.next_due = item.respond_due
        else:
            item.next_due = item.acknowledge_due
        batch.append(item)
        if len(batch) == BATCH:
            Feedback.objects.bulk_create(batch)
            batch = []
    Feedback.objects.bulk_create(batch)
    return time.perf_counter() - started


def explain(sql: str, params: tuple[object, ...]) -> str:
    if connection.vendor != "postgresql":
        return ""
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS OFF) " + sql, params)
        return "\n".join("    " + row[0] for row in cursor.fetchall())


def measure(client: Client, path: str) -> tuple[list[float], list[dict[str, str]]]:
    client.get(path)  # warm up: templates, the connection, the caches
    times = []
    queries: list[dict[str, str]] = []
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
        queries = list(captured.captured_queries)
    return times, queries


def measure_once(client: Client, path: str) -> tuple[float, list[dict[str, str]]]:
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        client.get(path)
    return time.perf_counter() - started, list(captured.captured_queries)


def main() -> int:
    call_command("migrate", verbosity=0)
    service = organisation(SERVICE_SLUG, "Feedback bench housing")
    other = organisation(OTHER_SLUG, "Feedback bench parks")
    ward_list, theme_list = areas(), themes()
    made = make_items(service, ITEMS, "B", ward_list, theme_list)
    made += make_items(other, OTHER_ITEMS, "P", ward_list, theme_list)
    if made:
        print(f"Made the feedback in {made:.1f} s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # As autovacuum would have done in service: fresh statistics and a visibility map,
            # so that counting can read the index alone.
            cursor.execute("VACUUM (ANALYZE) feedback_feedback")
    total = Feedback.objects.filter(service=service).count()
    waiting = Feedback.objects.filter(service=service, next_due__isnull=False).count()
    overdue = Feedback.objects.filter(service=service, next_due__lt=timezone.localdate()).count()
    print(f"Load average: {', '.join(f'{value:.1f}' for value in os.getloadavg())}")
    print(
        f"Database: {connection.vendor}; service has {total:,} items "
        f"({waiting:,} waiting, {overdue:,} overdue); {Feedback.objects.count():,} in all"
    )
    client = Client()
    client.force_login(officer(service))
    failed = False
    pages = [
        ("dashboard, first page", "/feedback/staff/"),
        ("dashboard, one service", f"/feedback/staff/?service={SERVICE_SLUG}"),
        ("dashboard, overdue only", "/feedback/staff/?overdue=on"),
        ("dashboard, page 50", "/feedback/staff/?page=50"),
    ]
    print(f"\n{'page':<26} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'SQL ms':>8}")
    for label, path in pages:
        times, queries = measure(client, path)
        times.sort()
        median = statistics.median(times)
        p95 = times[int(len(times) * 0.95) - 1]
        sql = sum(float(query["time"]) for query in queries) * 1000
        print(f"{label:<26} {median:>10.1f} {p95:>8.1f} {len(queries):>8} {sql:>8.1f}")
        failed = failed or median > TARGET_MS
    if connection.vendor == "postgresql":
        _times, queries = measure_once(client, pages[0][1])
        slowest = sorted(queries, key=lambda query: float(query["time"]), reverse=True)[:2]
        for query in slowest:
            print(f"\nPlan of: {query['sql'][:160]}...")
            print(explain(query["sql"], ()))
    print(f"\nTarget: median under {TARGET_MS:.0f} ms. {'MISSED' if failed else 'Met'}.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
