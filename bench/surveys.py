# ruff: noqa: S608 - the bench writes SQL from its own numbers and ids, never from input
"""Survey results at scale: 25 questions, 1,000,000 submitted responses.

Makes a throwaway database, migrates it, generates the survey and its answers inside the
database (INSERT ... SELECT, one statement per question, so nothing passes through Python),
makes the survey's running totals from the answers (`surveys.tallies.rebuild`, timed on its
own: submissions through the services keep them as they go), then times
`surveys.results.survey_results` - everything the results page shows: every question, the
index of co-production per domain and overall, and the breakdown by 8 areas.

    .venv/bin/python bench/surveys.py     # PostgreSQL at DATABASE_URL, by default
                                          # postgres://postgres@127.0.0.1:5432/coproduce_surveys_bench
    DATABASE_URL=sqlite:///var/bench/surveys.sqlite3 .venv/bin/python bench/surveys.py

    SURVEYS_RESPONSES  submitted responses (default 1,000,000; another 1% are left in progress)
    SURVEYS_RUNS       timed runs of each measurement (default 3)
    SURVEYS_KEEP=1     reuse the data of an earlier run instead of starting again

Targets (issue 5): under 2 s on PostgreSQL and under 5 s on SQLite for the page with the
breakdown by area.
"""

from __future__ import annotations

import io
import os
import platform
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coproduce.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/coproduce_surveys_bench")
os.environ.pop("COPRODUCE_TESTING", None)

RESPONSES = int(os.environ.get("SURVEYS_RESPONSES", "1000000"))
RUNS = int(os.environ.get("SURVEYS_RUNS", "3"))
KEEP = os.environ.get("SURVEYS_KEEP", "") == "1"
AREAS = 8
BLOCK = 20_000
SLUG = "bench-community-survey"
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

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Max, Min  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from coproduce.organisations.models import Organisation  # noqa: E402
from coproduce.places.models import Area  # noqa: E402
from coproduce.surveys import tallies  # noqa: E402
from coproduce.surveys.models import (  # noqa: E402
    Answer,
    Option,
    Question,
    QuestionKind,
    Response,
    ResponseCount,
    Section,
    Survey,
)
from coproduce.surveys.results import survey_results  # noqa: E402

FREQUENCY = [("Never", "never", 0), ("Sometimes", "sometimes", 1), ("Often", "often", 2)]
# Domains and how much less often than the first their behaviours happen (seed 003's order).
DOMAINS = [("environment", 0), ("health", 12), ("crime prevention", 25), ("crime reporting", 45)]


def rnd(n: int) -> str:
    """SQL for a random whole number from 0 to n - 1, new on every row."""
    return f"CAST(floor(random() * {n}) AS integer)" if POSTGRES else f"(abs(random()) % {n})"


# How keen a respondent is (0-99), the same for all their answers, so scores hang together.
KEEN = "((r.id * 2654435761) % 1000003 % 100)"


def build_survey() -> Survey:
    owner = Organisation.objects.create(name="Bench Borough Council", slug="bench-borough")
    for i in range(AREAS):
        Area.objects.create(name=f"Bench ward {i + 1}", slug=f"bench-ward-{i + 1}")
    survey = Survey.objects.create(
        title="Community co-production survey (bench)",
        slug=SLUG,
        owner=owner,
        status=Survey.Status.OPEN,
        audience="both",
    )
    section = Section.objects.create(survey=survey, position=1, title="Everything")
    position = iter(range(1, 100))

    def question(
        kind: str, text: str, options: Sequence[tuple[str, str, int | None]], **kw: Any
    ) -> None:
        made = Question.objects.create(
            section=section, position=next(position), kind=kind, text=text, **kw
        )
        Option.objects.bulk_create(
            Option(question=made, position=i, label=label, value=value, score=score)
            for i, (label, value, score) in enumerate(options, start=1)
        )

    for domain, _offset in DOMAINS:
        for n in range(3):
            question(
                QuestionKind.FREQUENCY,
                f"{domain} behaviour {n + 1}",
                FREQUENCY,
                domain=domain,
                key=f"{domain.replace(' ', '-')}-{n + 1}",
            )
    question(
        QuestionKind.SINGLE,
        "Would you give more time?",
        [
            ("A few hours a month", "month", None),
            ("A few hours a week", "week", None),
            ("Not at all", "none", None),
        ],
        key="willingness",
    )
    question(
        QuestionKind.MULTIPLE,
        "At what?",
        [(f"Activity {i}", f"activity-{i}", None) for i in range(1, 7)],
        key="willing_areas",
    )
    for key in ("ons_life_satisfaction", "ons_worthwhile", "ons_happy", "ons_anxious"):
        question(
            QuestionKind.SCALE, key, [], key=key, domain="wellbeing", min_value=0, max_value=10
        )
    question(
        QuestionKind.RANKING,
        "What matters most?",
        [(f"Need {i}", f"need-{i}", None) for i in range(1, 5)],
        key="matters_most",
    )
    for n in range(2):
        question(
            QuestionKind.AGREEMENT,
            f"Agreement {n + 1}",
            [(f"Level {i}", f"level-{i}", i) for i in range(1, 6)],
            key=f"agree-{n + 1}",
        )
    question(QuestionKind.NUMBER, "Hours a month", [], key="hours", min_value=0, max_value=40)
    question(
        QuestionKind.SINGLE,
        "What matters most (one)?",
        [(f"Need {i}", f"need-{i}", None) for i in range(1, 5)],
        key="matters_most_one",
    )
    question(QuestionKind.SHORT_TEXT, "Skills", [], key="skills")
    question(QuestionKind.LONG_TEXT, "Anything else?", [], key="anything_else")
    return survey


def insert_responses(survey: Survey) -> None:
    areas = list(Area.objects.order_by("pk").values_list("pk", flat=True))
    area = (
        "CASE WHEN i % 50 = 0 THEN NULL "
        + " ".join(f"WHEN i % {AREAS} = {k} THEN {pk}" for k, pk in enumerate(areas))
        + " END"
    )
    bands = ["18-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75+"]
    band = "CASE " + " ".join(f"WHEN i % 7 = {k} THEN '{b}'" for k, b in enumerate(bands)) + " END"
    total = RESPONSES + RESPONSES // 100
    numbers = (
        f"generate_series(1, {total}) AS s(i)"
        if POSTGRES
        else "(WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s "
        + f"WHERE i < {total}) SELECT i FROM s)"
    )
    now = "now()" if POSTGRES else "strftime('%Y-%m-%d %H:%M:%f', 'now')"
    table = connection.ops.quote_name(Response._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO {table} (survey_id, respondent_group, area_id, age_band, channel,
                    started_at, submitted_at, idempotency_key)
                SELECT {survey.pk}, CASE WHEN i % 10 = 0 THEN 'staff' ELSE 'users' END,
                       {area}, {band}, 'web', {now},
                       CASE WHEN i % 101 = 0 THEN NULL ELSE {now} END, ''
                FROM {numbers}"""
        )


def insert_answers(survey: Survey) -> None:
    """Answers in blocks of 20,000 responses, every question for a block before the next,
    so that a response's answers lie near each other on disk, as when people submit them."""
    table = connection.ops.quote_name(Answer._meta.db_table)
    responses = connection.ops.quote_name(Response._meta.db_table)
    low, high = Response.objects.filter(survey=survey).aggregate(Min("id"), Max("id")).values()
    for block in range(low, high + 1, BLOCK):
        _insert_block(survey, table, responses, block, block + BLOCK - 1)


def _insert_block(survey: Survey, table: str, responses: str, low: int, high: int) -> None:
    start = f"INSERT INTO {table} (response_id, question_id, option_id, number, text, rank) "
    source = (
        f" FROM {responses} r WHERE r.survey_id = {survey.pk} AND r.id BETWEEN {low} AND {high}"
    )
    offsets = dict(DOMAINS)
    questions = Question.objects.filter(section__survey=survey).prefetch_related("options")
    statements = []
    for q in questions.order_by("position"):
        ids = [o.pk for o in q.options.all()]
        staff = "(CASE WHEN r.respondent_group = 'staff' THEN 2 ELSE 0 END)"
        if q.kind == QuestionKind.FREQUENCY:
            keen = f"{KEEN} - {offsets[q.domain]}"
            option = (
                f"CASE WHEN {rnd(100)} < {keen} THEN {ids[2]} WHEN {rnd(100)} < 50 "
                f"THEN {ids[1]} ELSE {ids[0]} END"
            )
            statements.append(f"{start}SELECT r.id, {q.pk}, {option}, NULL, '', NULL{source}")
        elif q.kind in (QuestionKind.SINGLE, QuestionKind.AGREEMENT):
            option = (
                "CASE " + " ".join(f"WHEN k = {i} THEN {pk}" for i, pk in enumerate(ids)) + " END"
            )
            pick = f"({rnd(len(ids))} + {staff}) % {len(ids)}"
            statements.append(
                start
                + f"SELECT id, {q.pk}, {option}, NULL, '', NULL FROM "
                + f"(SELECT r.id, {pick} AS k{source}) picked"
            )
        elif q.kind == QuestionKind.MULTIPLE:
            statements += [
                f"{start}SELECT r.id, {q.pk}, {pk}, NULL, '', NULL{source} AND {rnd(4)} = 0"
                for pk in ids
            ]
        elif q.kind == QuestionKind.RANKING:
            turn = f"((r.id * 7) % 13 % 4 + {staff})"
            statements += [
                f"{start}SELECT r.id, {q.pk}, {pk}, NULL, '', ({i} + {turn}) % 4 + 1{source}"
                for i, pk in enumerate(ids)
            ]
        elif q.kind == QuestionKind.SCALE:
            value = rnd(11) if q.key == "ons_anxious" else f"({rnd(6)} + {KEEN} / 20)"
            statements.append(f"{start}SELECT r.id, {q.pk}, NULL, {value}, '', NULL{source}")
        elif q.kind == QuestionKind.NUMBER:
            statements.append(f"{start}SELECT r.id, {q.pk}, NULL, {rnd(41)}, '', NULL{source}")
        else:
            statements.append(
                f"{start}SELECT r.id, {q.pk}, NULL, NULL, 'More benches in the park', NULL"
                f"{source} AND {rnd(10)} = 0"
            )
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def generate() -> Survey:
    existing = Survey.objects.filter(slug=SLUG).first()
    if existing is not None:
        print(f"Reusing the generated survey ({existing.responses.count():,} responses).")
        if not ResponseCount.objects.filter(survey=existing).exists():
            build_totals(existing)
        return existing
    started = time.perf_counter()
    with connection.cursor() as cursor:
        # The generated rows point only at rows made just before them. Checking 27 million
        # foreign keys one by one (PostgreSQL checks Django's deferred ones at COMMIT) would
        # take longer than making the rows.
        if POSTGRES:
            cursor.execute("SET session_replication_role = replica")
        else:
            cursor.execute("PRAGMA foreign_keys = OFF")
            cursor.execute("PRAGMA cache_size = -1000000")
    with transaction.atomic():
        survey = build_survey()
        insert_responses(survey)
        print(f"  responses made in {time.perf_counter() - started:.1f} s")
        insert_answers(survey)
    print(f"  answers made in {time.perf_counter() - started:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if POSTGRES else "ANALYZE")
        if POSTGRES:
            cursor.execute("SET session_replication_role = DEFAULT")
        else:
            cursor.execute("PRAGMA foreign_keys = ON")
    print(f"Generated in {time.perf_counter() - started:.1f} s (including ANALYZE).")
    build_totals(survey)
    return survey


def build_totals(survey: Survey) -> None:
    """The running totals, made from the answers at once: as if every response had been
    counted as it was submitted. Part of generating the data, timed on its own."""
    started = time.perf_counter()
    rows = tallies.rebuild(survey)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"Running totals made in {time.perf_counter() - started:.1f} s ({rows:,} rows).")


def timed(survey: Survey, by: str | None) -> tuple[list[float], list[tuple[float, str]]]:
    times, slowest = [], []
    for _ in range(RUNS):
        fresh = Survey.objects.get(pk=survey.pk)
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            survey_results(fresh, by=by)
            times.append(time.perf_counter() - started)
        slowest = sorted(
            ((float(q["time"]), q["sql"][:90]) for q in captured.captured_queries), reverse=True
        )
    return times, slowest


def main() -> None:
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(line_buffering=True)  # show progress when piped to tee
    engine = "PostgreSQL" if POSTGRES else "SQLite"
    print(f"== Survey results bench on {engine}: {URL}")
    call_command("migrate", verbosity=0, interactive=False)
    survey = generate()
    submitted = Response.objects.filter(survey=survey, submitted_at__isnull=False).count()
    answers = Answer.objects.filter(response__survey=survey).count()
    print(f"Survey: 25 questions, {submitted:,} submitted responses, {answers:,} answers.")
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()" if POSTGRES else "SELECT sqlite_version()")
        version = cursor.fetchone()[0].split(" on ")[0]
    print(
        f"Machine: {os.cpu_count()} CPUs, Python {platform.python_version()}, {version}, "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    failed = False
    target = 2.0 if POSTGRES else 5.0
    for label, by in (
        ("all questions and the index", None),
        ("... with the breakdown by area", "area"),
    ):
        times, slowest = timed(survey, by)
        best, median = min(times), statistics.median(times)
        print(
            f"{label}: median {median:.2f} s, best {best:.2f} s, runs "
            + ", ".join(f"{t:.2f}" for t in times)
            + f" ({len(slowest)} queries)"
        )
        for seconds, sql in slowest[:3]:
            print(f"    {seconds:6.2f} s  {' '.join(sql.split())}")
        if by == "area" and median >= target:
            failed = True
            print(f"  over the target of {target:.0f} s")
    print(f"Load average after: {os.getloadavg()[0]:.1f}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
