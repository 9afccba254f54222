"""100 voters casting and changing ballots at once over HTTP, for 60 seconds.

Each of CASTING_VOTERS (100) threads is a different person with their own API token and their
own kept-alive connection. For CASTING_SECONDS (60) each one sends ballots, either as fast as
the server answers (the default: the server's capacity, with 100 requests always in flight) or,
with `--rate R`, on a timetable that offers R ballots a second in all (each voter every
100/R seconds, their starts spread out), which is how a latency target is measured: an answer's
time then counts from when the ballot was due to be sent, so a server that falls behind is
charged for the queue, not only for the request. Each ballot is
`PUT /api/v1/budgets/<slug>/ballot` with a new `Idempotency-Key`, and every tenth time the
previous ballot again with the previous key, as a flaky connection would. A
request that times out is sent again with the same key. Then the database must hold exactly one
ballot for each key the server accepted (201, or 200 for a retry), a repeated ballot must have
been answered 200 without adding one, and each voter who got a 201 must have exactly one
current ballot: nothing lost, nothing counted twice.

    # the server and this script need the same DATABASE_URL, REDIS_URL and SECRET_KEY
    .venv/bin/python bench/casting.py --base http://127.0.0.1:8100             # flat out
    # paced: 223 a second, of which every tenth is a repeat, is 200 new ballots a second
    .venv/bin/python bench/casting.py --base http://127.0.0.1:8100 --rate 223

Run it against the production server that `bench/run.sh` starts (gunicorn on PostgreSQL).
Bench voters have addresses under @casting-bench.invalid and are reused; each run makes a new
process. Prints ballots accepted per second and the answer times; exits 1 when the count in
the database does not match the answers, or when any answer was an error.
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import json
import os
import random
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coproduce.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/coproduce_bench")
os.environ.pop("COPRODUCE_TESTING", None)

VOTERS = int(os.environ.get("CASTING_VOTERS", "100"))
SECONDS = float(os.environ.get("CASTING_SECONDS", "60"))
DOMAIN = "casting-bench.invalid"
PROJECTS = [
    ("Benches in the park", 4_000),
    ("Youth club trips", 6_000),
    ("Library books", 3_000),
    ("Murals on the underpass", 5_000),
    ("Tool library", 2_500),
    ("Street trees", 7_000),
    ("Community fridge", 1_500),
    ("Play area repairs", 8_000),
    ("Bike racks", 2_000),
    ("Repair café", 1_000),
]
BUDGET = 20_000
REPEAT_EVERY = 10
RETRIES = 3

import django  # noqa: E402

django.setup()

from allauth.account.models import EmailAddress  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from coproduce.api.auth import hash_token, new_token  # noqa: E402
from coproduce.api.models import AccessToken  # noqa: E402
from coproduce.budgeting.models import Process, Proposal  # noqa: E402
from coproduce.budgeting.voting.models import Ballot, VotingSettings  # noqa: E402
from coproduce.people.models import Profile, User  # noqa: E402


@dataclass
class Tally:
    statuses: Counter[str] = field(default_factory=Counter)
    seconds: list[float] = field(default_factory=list)
    # Keys the server took (201, or 200 for a retry after a lost answer), and who voted.
    accepted: set[str] = field(default_factory=set)
    voted: set[int] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, voter: int, key: str, status: str, repeat: bool, seconds: float) -> None:
        with self.lock:
            self.statuses[f"{status} repeat" if repeat else status] += 1
            self.seconds.append(seconds)
            if status in ("200", "201"):
                self.accepted.add(key)
                self.voted.add(voter)


def bench_voters() -> list[User]:
    """VOTERS people with confirmed email addresses, made once and reused."""
    have = User.objects.filter(email__endswith=f"@{DOMAIN}")
    start = have.count()
    if start < VOTERS:
        unusable = make_password(None)
        made = User.objects.bulk_create(
            [
                User(email=f"v{n}@{DOMAIN}", display_name=f"Casting bench {n}", password=unusable)
                for n in range(start, VOTERS)
            ],
            batch_size=1000,
        )
        Profile.objects.bulk_create([Profile(person=person) for person in made], batch_size=1000)
        EmailAddress.objects.bulk_create(
            [
                EmailAddress(user=person, email=person.email, verified=True, primary=True)
                for person in made
            ],
            batch_size=1000,
        )
    return list(have.order_by("pk")[:VOTERS])


def token_for(person: User) -> str:
    token = new_token()
    AccessToken.objects.filter(person=person, name="casting bench").delete()
    AccessToken.objects.create(
        person=person,
        name="casting bench",
        prefix=token[:12],
        token_hash=hash_token(token),
        expires_at=timezone.now() + datetime.timedelta(hours=2),
    )
    return token


def fresh_process() -> tuple[Process, list[int]]:
    stamp = timezone.now().strftime("%Y%m%d%H%M%S")
    process = Process.objects.create(
        title=f"Casting bench {stamp}",
        slug=f"casting-bench-{stamp}",
        budget=BUDGET,
        phase="voting",
        is_published=True,
        residents_only=False,
        verification_required=True,
    )
    VotingSettings.objects.create(process=process, can_change=True)
    ids = [
        Proposal.objects.create(
            process=process,
            title=title,
            description="Made by bench/casting.py.",
            estimated_cost=cost,
            status=Proposal.Status.ACCEPTED,
        ).pk
        for title, cost in PROJECTS
    ]
    return process, ids


def a_ballot(rng: random.Random, ids: list[int]) -> bytes:
    """Projects in random order, taken while they fit the budget."""
    costs = dict(zip(ids, (cost for _title, cost in PROJECTS), strict=True))
    chosen, spent = [], 0
    for pk in rng.sample(ids, rng.randint(1, len(ids))):
        if spent + costs[pk] <= BUDGET:
            chosen.append({"project": pk})
            spent += costs[pk]
    return json.dumps({"choices": chosen}).encode()


def send(
    connection_: http.client.HTTPConnection, path: str, body: bytes, headers: dict[str, str]
) -> str:
    """One PUT; a timeout or a dropped connection is tried again with the same key, as a
    client on a flaky connection would, so the answer says what became of the ballot."""
    for _attempt in range(RETRIES):
        try:
            connection_.request("PUT", path, body=body, headers=headers)
            answer = connection_.getresponse()
            answer.read()
            return str(answer.status)
        except (OSError, http.client.HTTPException):
            connection_.close()
    return "no answer"


def vote(
    base: str,
    path: str,
    voter: int,
    token: str,
    ids: list[int],
    barrier: threading.Barrier,
    tally: Tally,
    stop: list[float],
    every: float,
) -> None:
    """One voter's loop on one kept-alive connection; `every` seconds between ballots when
    paced, 0 for flat out."""
    parts = urlsplit(base)
    rng = random.Random(voter)
    connection_ = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=60)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    sent = 0
    body, key = b"", ""
    barrier.wait()
    due = time.perf_counter() + rng.uniform(0, every)
    while (due if every else time.perf_counter()) < stop[0]:
        sent += 1
        repeat = bool(sent % REPEAT_EVERY == 0 and key)
        if not repeat:
            body, key = a_ballot(rng, ids), f"{voter}-{sent}"
        if every:
            time.sleep(max(0.0, due - time.perf_counter()))
            started, due = due, due + every
        else:
            started = time.perf_counter()
        status = send(connection_, path, body, {**headers, "Idempotency-Key": key})
        tally.add(voter, key, status, repeat, time.perf_counter() - started)
    connection_.close()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8100")
    parser.add_argument(
        "--rate", type=float, default=0, help="ballots a second offered in all (0: flat out)"
    )
    arguments = parser.parse_args()
    base = arguments.base.rstrip("/")
    people = bench_voters()
    process, ids = fresh_process()
    tokens = [token_for(person) for person in people]
    connection.close()
    path = f"/api/v1/budgets/{process.slug}/ballot"
    every = len(people) / arguments.rate if arguments.rate > 0 else 0.0
    pace = f"{arguments.rate:.0f} ballots/s offered" if every else "flat out"
    print(f"{len(people)} voters cast ballots for {SECONDS:.0f} s ({pace}): PUT {base}{path}")

    tally = Tally()
    barrier = threading.Barrier(len(people) + 1)
    stop = [0.0]
    threads = [
        threading.Thread(
            target=vote,
            args=(base, path, person.pk, token, ids, barrier, tally, stop, every),
        )
        for person, token in zip(people, tokens, strict=True)
    ]
    for thread in threads:
        thread.start()
    stop[0] = time.perf_counter() + SECONDS
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    return report(process, tally, wall)


def report(process: Process, tally: Tally, wall: float) -> int:
    stored = Ballot.objects.filter(process=process).count()
    current = Ballot.objects.filter(process=process, is_current=True).count()
    accepted = len(tally.accepted)
    repeats = tally.statuses["200 repeat"]
    fine = ("201", "200", "200 repeat")
    errors = sum(n for status, n in tally.statuses.items() if status not in fine)
    print(f"answers:   {dict(sorted(tally.statuses.items()))}")
    print(f"accepted:  {accepted} ballots in {wall:.1f} s = {accepted / wall:.0f} ballots/s")
    print(f"repeats:   {repeats} sent again with the same key, answered 200, not counted again")
    print(
        "answer time: p50 {:.0f} ms, p95 {:.0f} ms, p99 {:.0f} ms, slowest {:.0f} ms".format(
            *(1000 * percentile(tally.seconds, share) for share in (0.5, 0.95, 0.99, 1.0))
        )
    )
    print(f"database:  {stored} ballots stored, {current} current, for {len(tally.voted)} voters")
    right = stored == accepted and current == len(tally.voted) and errors == 0
    print("OK: nothing lost, nothing counted twice" if right else "WRONG: see the figures above")
    return 0 if right else 1


if __name__ == "__main__":
    sys.exit(main())
