"""The time-credit ledger under concurrent writers.

8 writer threads (LEDGER_THREADS) post random transfers among 10,000 accounts (LEDGER_ACCOUNTS)
for 60 seconds (LEDGER_SECONDS), each thread with its own database connection, through the
same service the site uses. A watcher thread checks conservation (all balances add up to zero)
every half second while they write. Then `ledger verify` runs, and the time to read one
person's balance and last 20 transactions with 10,000 entries in their account is measured.

    .venv/bin/python bench/ledger.py     # PostgreSQL: DATABASE_URL, by default
                                         # postgres://postgres@127.0.0.1:5432/coproduce_ledger_bench
    DATABASE_URL=sqlite:///var/bench/ledger.sqlite3 .venv/bin/python bench/ledger.py

A PostgreSQL database that does not exist yet is created. Bench accounts belong to people with
addresses under @ledger-bench.invalid; a second run reuses them.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coproduce.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/coproduce_ledger_bench")
os.environ.pop("COPRODUCE_TESTING", None)

THREADS = int(os.environ.get("LEDGER_THREADS", "8"))
ACCOUNTS = int(os.environ.get("LEDGER_ACCOUNTS", "10000"))
SECONDS = float(os.environ.get("LEDGER_SECONDS", "60"))
START_QUARTERS = 40  # each account starts with 10 credits
HISTORY_ENTRIES = 10_000
DOMAIN = "ledger-bench.invalid"


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
from django.db import connection, transaction  # noqa: E402
from django.db.models import F, Sum  # noqa: E402

from coproduce.common.errors import ServiceError  # noqa: E402
from coproduce.credits import selectors, services  # noqa: E402
from coproduce.credits.models import Account, Entry, Transaction  # noqa: E402
from coproduce.people.models import User  # noqa: E402


@dataclass
class Tally:
    made: int = 0
    refused: int = 0
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def administrator() -> User:
    admin, _created = User.objects.get_or_create(
        email=f"admin@{DOMAIN}",
        defaults={"display_name": "Ledger bench", "is_superuser": True, "is_staff": True},
    )
    return admin


def bench_accounts() -> list[int]:
    """ACCOUNTS person accounts, made once and reused."""
    have = User.objects.filter(email__endswith=f"@{DOMAIN}").exclude(email=f"admin@{DOMAIN}")
    missing = ACCOUNTS - have.count()
    if missing > 0:
        start = have.count()
        unusable = make_password(None)
        User.objects.bulk_create(
            [
                User(email=f"p{n}@{DOMAIN}", display_name=f"Bench {n}", password=unusable)
                for n in range(start, start + missing)
            ],
            batch_size=2000,
        )
    people = list(have.order_by("pk").values_list("pk", flat=True)[:ACCOUNTS])
    existing = set(
        Account.objects.filter(person_id__in=people, kind="person").values_list(
            "person_id", flat=True
        )
    )
    Account.objects.bulk_create(
        [Account(kind="person", person_id=pk) for pk in people if pk not in existing],
        batch_size=2000,
    )
    return list(
        Account.objects.filter(person_id__in=people, kind="person")
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def top_up(admin: User, ids: list[int]) -> None:
    """One issuance bringing every account up to START_QUARTERS, through the service."""
    low = Account.objects.filter(pk__in=ids, balance__lt=START_QUARTERS).values_list(
        "pk", "balance"
    )
    legs = [(Account(pk=pk), START_QUARTERS - balance) for pk, balance in low]
    if not legs:
        return
    total = sum(amount for _account, amount in legs)
    services.post_transaction(
        actor=admin,
        entries=[(services.issuing_pool_for(None), -total), *legs],
        reason="issued",
        idempotency_key=f"bench-top-up-{uuid.uuid4()}",
    )


def writer(number: int, admin: User, ids: list[int], deadline: float, tally: Tally) -> None:
    rng = random.Random(number)
    made = refused = 0
    try:
        while time.monotonic() < deadline:
            sender, recipient = rng.sample(ids, 2)
            amount = rng.randint(1, 12)
            try:
                services.post_transaction(
                    actor=admin,
                    entries=[(Account(pk=sender), -amount), (Account(pk=recipient), amount)],
                    reason="swapped",
                    idempotency_key=f"bench-{uuid.uuid4()}",
                )
                made += 1
            except ServiceError:
                refused += 1
    except Exception as error:  # counted and reported, not hidden
        with tally.lock:
            tally.errors.append(repr(error))
    finally:
        connection.close()
        with tally.lock:
            tally.made += made
            tally.refused += refused


def watcher(stop: threading.Event, results: list[int]) -> None:
    """Sum every balance while the writers write: each sum is one snapshot, so it must be 0."""
    try:
        while not stop.wait(0.5):
            total = Account.objects.aggregate(total=Sum("balance"))["total"] or 0
            results.append(total)
    finally:
        connection.close()


def measure_history(admin: User) -> tuple[float, float, int]:
    """Median and p95 ms to read a balance and the last 20 lines, with 10,000 entries there."""
    person, _created = User.objects.get_or_create(
        email=f"history@{DOMAIN}", defaults={"display_name": "Busy member"}
    )
    account = services.account_for_person(person)
    have = Entry.objects.filter(account=account).count()
    if have < HISTORY_ENTRIES:
        _add_history(account, HISTORY_ENTRIES - have)
    with connection.cursor() as cursor:
        # Fresh statistics after the bulk load, as autovacuum would gather them in service.
        cursor.execute("ANALYZE")
    timings = []
    for _ in range(50):
        started = time.perf_counter()
        selectors.balance_of(person)
        lines = selectors.history_lines(selectors.history(account)[:20])
        timings.append((time.perf_counter() - started) * 1000)
        assert len(lines) == 20
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1], have


def _add_history(account: Account, count: int) -> None:
    """Bench data: `count` one-quarter issuances to one account, written in bulk, balanced."""
    pool = services.issuing_pool_for(None)
    with transaction.atomic():
        made = Transaction.objects.bulk_create(
            [
                Transaction(reason="issued", idempotency_key=f"bench-history-{uuid.uuid4()}")
                for _ in range(count)
            ],
            batch_size=2000,
        )
        if made[0].pk is None:  # SQLite before RETURNING: read the keys back
            made = list(Transaction.objects.order_by("-pk")[:count])
        entries = [Entry(transaction=t, account=pool, amount=-1) for t in made]
        entries += [Entry(transaction=t, account=account, amount=1) for t in made]
        Entry.objects.bulk_create(entries, batch_size=2000)
        Account.objects.filter(pk=pool.pk).update(balance=F("balance") - count)
        Account.objects.filter(pk=account.pk).update(balance=F("balance") + count)


def _load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main() -> None:
    vendor = connection.vendor
    print(f"== Ledger bench on {vendor}: {THREADS} writers, {ACCOUNTS} accounts, {SECONDS:.0f} s")
    call_command("migrate", verbosity=0)
    load_before = _load()
    admin = administrator()
    ids = bench_accounts()
    top_up(admin, ids)
    connection.close()

    tally = Tally()
    sums: list[int] = []
    stop = threading.Event()
    watch = threading.Thread(target=watcher, args=(stop, sums))
    deadline = time.monotonic() + SECONDS
    writers = [
        threading.Thread(target=writer, args=(n, admin, ids, deadline, tally))
        for n in range(THREADS)
    ]
    started = time.monotonic()
    watch.start()
    for thread in writers:
        thread.start()
    for thread in writers:
        thread.join()
    elapsed = time.monotonic() - started
    stop.set()
    watch.join()

    final_total = Account.objects.aggregate(total=Sum("balance"))["total"] or 0
    negative = Account.objects.filter(balance__lt=0).exclude(kind="issuing_pool").count()
    conservation_errors = sum(1 for total in [*sums, final_total] if total != 0)
    verify_started = time.monotonic()
    report = selectors.ledger_report()
    verify_seconds = time.monotonic() - verify_started
    median_ms, p95_ms, _had = measure_history(admin)
    after = selectors.ledger_report()

    results: dict[str, Any] = {
        "database": vendor,
        "load average before, after": f"{load_before} / {_load()}",
        "writers": THREADS,
        "accounts": len(ids),
        "seconds": round(elapsed, 1),
        "transfers made": tally.made,
        "transfers/s": round(tally.made / elapsed, 1),
        "refused (not enough credits)": tally.refused,
        "errors": len(tally.errors),
        "conservation checks": len(sums) + 1,
        "conservation errors": conservation_errors,
        "negative balances": negative,
        "verify": "clean" if report.ok and after.ok else "MISMATCH",
        "verify seconds": round(verify_seconds, 2),
        "ledger transactions": after.transactions,
        "ledger entries": after.entries,
        "balance + last 20, 10,000 entries: median ms": round(median_ms, 2),
        "balance + last 20, 10,000 entries: p95 ms": round(p95_ms, 2),
    }
    for name, value in results.items():
        print(f"{name:<48} {value}")
    for error in tally.errors[:5]:
        print("error:", error)
    if not (report.ok and after.ok) or conservation_errors or tally.errors or negative:
        sys.exit(1)


if __name__ == "__main__":
    main()
